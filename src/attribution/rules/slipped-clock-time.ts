import type { JsonValue } from '../../model/json-value.js';
import { callsOfSpan, stringArguments } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { extractFromText } from '../values/extract-values.js';

/** A clock time as minutes after midnight, with the text it was read from. */
interface ClockTime {
  minutes: number;
  written: string;
  /** "3:45" with no am or pm: a twelve-hour slip from it cannot be told from a reading of it. */
  ambiguous: boolean;
}

const hourWords = ['twelve', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven'];
const minuteWords: Record<string, number> = { five: 5, ten: 10, quarter: 15, twenty: 20, 'twenty-five': 25, half: 30 };
/** "quarter past three in the afternoon", "half past nine", "seven o'clock tonight". */
const spokenClock = new RegExp(
  `\\b(?:(five|ten|quarter|twenty|twenty-five|half)\\s+(past|to)\\s+)?(${hourWords.join('|')}|1[0-2]|[1-9])(\\s+o[’']?clock)?(?:\\s+(in the morning|in the afternoon|in the evening|at night|tonight|this evening|this afternoon|this morning|[ap]\\.?m\\.?))?\\b`,
  'gi',
);

function spokenClocks(text: string): ClockTime[] {
  const found: ClockTime[] = [];
  for (const match of text.matchAll(spokenClock)) {
    const [written, minuteWord, direction, hourText, oclock, dayPart] = match;
    // A bare "three" is a count; a spoken clock says past, to or o'clock.
    if (direction === undefined && oclock === undefined) continue;
    const hourIndex = hourWords.indexOf((hourText ?? '').toLowerCase());
    let hours = hourIndex >= 0 ? hourIndex : Number(hourText) % 12;
    let minutes = minuteWord ? (minuteWords[minuteWord.toLowerCase()] ?? 0) : 0;
    if (direction?.toLowerCase() === 'to') {
      hours = (hours + 11) % 12;
      minutes = 60 - minutes;
    }
    const part = dayPart?.toLowerCase() ?? '';
    const afternoon = /afternoon|evening|night|p/.test(part);
    if (afternoon) hours += 12;
    found.push({ minutes: hours * 60 + minutes, written: written.trim(), ambiguous: part === '' });
  }
  return found;
}

/** `22:15`, `9:30 pm`, `9.30am`, `7pm`: clock times as people write them. */
const writtenClock = /\b([01]?\d|2[0-3])(?:([:.])([0-5]\d))?\s*([ap]\.?m\.?)?(?![\w:])/gi;
/** A date-time value's clock (`2026-08-09T10:15:00+01:00`, `2026-03-10 19:30`), or a bare `19:30`. */
const valueClock = /^(?:\d{4}-\d{2}-\d{2}[T ])?([01]\d|2[0-3]):([0-5]\d)(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** Keys that hold the time a call books or moves to. */
const primaryTimeKey =
  /(^|[._])(time|start|start_?time|starts_?at|at|slot|new_?time|new_?start|pickup_?time|arrival_?time|appointment_?time|datetime)$/i;
/** Keys that end a range: `end: 19:30` beside `start: 09:30` is a ten-hour window, not a slip. */
const rangeEndKey = /(^|[._])(end|ends|until|to|till|finish|close|closes|end_?time|ends_?at)$/i;

function clocksIn(text: string): ClockTime[] {
  const found: ClockTime[] = [];
  for (const match of text.matchAll(writtenClock)) {
    const [written, hourText, separator, minuteText, meridiem] = match;
    // A bare number is a clock only with am/pm ("7pm"); `9.30` needs am/pm too, or it is a price.
    if (minuteText === undefined && meridiem === undefined) continue;
    if (separator === '.' && meridiem === undefined) continue;
    let hours = Number(hourText);
    const half = meridiem?.toLowerCase().charAt(0);
    if (half !== undefined && (hours < 1 || hours > 12)) continue;
    if (half === 'p' && hours < 12) hours += 12;
    if (half === 'a' && hours === 12) hours = 0;
    // 24-hour readings (`15:15`, `09:30`) and am/pm are unambiguous; `3:45` may be either half of the day.
    const ambiguous = half === undefined && hours >= 1 && hours <= 12 && !(hourText ?? '').startsWith('0');
    found.push({ minutes: hours * 60 + Number(minuteText ?? 0), written: written.trim(), ambiguous });
  }
  return [...found, ...spokenClocks(text)];
}

/** Date-times and times a tool call was given, with the key each sat under. */
function argumentClocks(value: JsonValue): { field: string; clock: ClockTime; date: string | null }[] {
  return stringArguments(value).flatMap(({ field, text }) => {
    const match = valueClock.exec(text.trim());
    if (!match) return [];
    const clock = { minutes: Number(match[1]) * 60 + Number(match[2]), written: text, ambiguous: false };
    return [{ field, clock, date: /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0] ?? null }];
  });
}

function clock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** How a clock time slipped from the one asked for: twelve hours (am for pm), or the hour's tens digit. */
function slipBetween(asked: number, used: number): string | null {
  if (asked % 60 !== used % 60) return null;
  const apart = Math.abs(asked - used);
  if (apart === 720) return 'twelve hours off, am and pm swapped';
  const askedHour = Math.floor(asked / 60);
  const usedHour = Math.floor(used / 60);
  if (apart === 600 && askedHour % 10 === usedHour % 10) return 'one digit of the hour changed';
  return null;
}

/** The tool calls of a span in causal order: a model span's requested calls, or a tool span's arguments. */

/** Every date the request names, as `YYYY-MM-DD` keys. */
function requestDates(request: string): Set<string> {
  const dates = new Set<string>();
  for (const value of extractFromText(request)) if (value.type === 'date') dates.add(value.key.slice(0, 10));
  return dates;
}

/** Places and abbreviations a request names its clock by, as IANA zones. */
const namedZones: Record<string, string> = {
  dublin: 'Europe/Dublin',
  london: 'Europe/London',
  uk: 'Europe/London',
  paris: 'Europe/Paris',
  berlin: 'Europe/Berlin',
  madrid: 'Europe/Madrid',
  amsterdam: 'Europe/Amsterdam',
  lisbon: 'Europe/Lisbon',
  oslo: 'Europe/Oslo',
  stockholm: 'Europe/Stockholm',
  'new york': 'America/New_York',
  chicago: 'America/Chicago',
  denver: 'America/Denver',
  'los angeles': 'America/Los_Angeles',
  toronto: 'America/Toronto',
  sydney: 'Australia/Sydney',
  tokyo: 'Asia/Tokyo',
  singapore: 'Asia/Singapore',
  dubai: 'Asia/Dubai',
};
const zoneWords = new RegExp(`\\b(${Object.keys(namedZones).join('|')})\\s+(?:local\\s+)?time\\b`, 'i');

/** Minutes a zone is ahead of UTC at an instant, from the runtime's own time-zone data. */
function zoneOffset(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return Math.round((local - at) / 60_000);
}

/**
 * "09:00–21:00 Dublin time" sent as `09:00:00Z` in July: the local clock written as UTC, an hour off.
 * Only a call time in UTC with the asked clock on a day the named zone is not at UTC.
 */
function localTimeAsUtc(
  context: Parameters<Rule['evaluate']>[0],
  request: string,
  asked: readonly ClockTime[],
): RuleFinding | null {
  const named = zoneWords.exec(request);
  const zone = named ? namedZones[(named[1] ?? '').toLowerCase()] : undefined;
  if (!zone) return null;
  const askedMinutes = new Set(asked.map((time) => time.minutes));
  for (const span of context.spans)
    for (const call of callsOfSpan(span)) {
      const clocks = argumentClocks(call.arguments);
      for (const entry of clocks) {
        if (entry.date === null || !/(Z|[+-]00:?00)$/.test(entry.clock.written)) continue;
        if (!askedMinutes.has(entry.clock.minutes)) continue;
        const at = Date.parse(entry.clock.written);
        const offset = Number.isFinite(at) ? zoneOffset(zone, at) : 0;
        if (offset === 0) continue;
        const meant = new Date(at - offset * 60_000).toISOString().replace('.000Z', 'Z');
        return {
          rule: 'slipped-clock-time',
          spanId: span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${span.name} called ${call.name} with ${entry.field} ${entry.clock.written}, the ${named?.[0]} clock written as UTC (${zone} is UTC${offset > 0 ? '+' : ''}${offset / 60} that day)`,
          summary: `The request gives ${clock(entry.clock.minutes)} ${named?.[0]}, but ${call.name}'s ${entry.field} is ${entry.clock.written}: the local time was sent as UTC, ${Math.abs(offset / 60)} h off.`,
          confidence: 0.78,
          evidence: [
            {
              spanId: span.id,
              field: `args.${entry.field}`,
              expected: meant,
              actual: entry.clock.written,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: entry.clock.written,
        };
      }
    }
  return null;
}

const zoneArgumentKey = /(^|[._])(tz|time_?zone|zone)$/i;

/**
 * The clock a time asked in a named zone ("09:30 Amsterdam time") reads in the zone a call books in
 * (`tz: "Europe/London"`): 08:30 there is the conversion the user needs, not a slip. Null when the
 * request names no zone or the call names none, or the same one.
 */
function convertedClock(request: string, callArguments: JsonValue, asked: number, date: string | null): number | null {
  const named = zoneWords.exec(request);
  const from = named ? namedZones[(named[1] ?? '').toLowerCase()] : undefined;
  if (!from) return null;
  const strings = stringArguments(callArguments);
  const to = strings.find(({ field, text }) => zoneArgumentKey.test(field) && text.includes('/'))?.text;
  if (!to || to === from) return null;
  const day = date ?? strings.map(({ text }) => /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0]).find(Boolean);
  const at = day ? Date.parse(`${day}T12:00:00Z`) : Number.NaN;
  if (!Number.isFinite(at)) return null;
  let shifted: number;
  try {
    shifted = asked + zoneOffset(to, at) - zoneOffset(from, at);
  } catch {
    return null; // a zone name the runtime does not know
  }
  return ((shifted % 1440) + 1440) % 1440;
}

/**
 * The request gives a clock time ("lands at 22:15", "at 09:30") and a tool call carries the same minutes
 * twelve hours off, or with the hour's tens digit changed, on the request's day: the time slipped where
 * the call was written. Times the request also states, range ends and other days are left alone.
 */
export const slippedClockTimeRule: Rule = {
  id: 'slipped-clock-time',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    const asked = clocksIn(request);
    if (asked.length === 0) return [];
    const asUtc = localTimeAsUtc(context, request, asked);
    if (asUtc) return [asUtc];
    const askedMinutes = new Set(asked.map((time) => time.minutes));
    const dates = requestDates(request);
    // The time the request moves or books to ("from 19:00 to 20:30", "at 7:45 pm"), when it names one.
    const targets = asked.filter((time) => {
      const at = request.indexOf(time.written);
      return at > 0 && /\b(to|at|for|@)\s*$/i.test(request.slice(Math.max(0, at - 6), at)) && !time.ambiguous;
    });
    const target = targets.length === 1 ? (targets[0] as ClockTime) : null;
    // Clock times earlier results gave (a free slot, the next sailing): a call may take one of them.
    const supplied = new Set<number>();
    for (const span of context.spans) {
      for (const call of callsOfSpan(span)) {
        const clocks = argumentClocks(call.arguments);
        // A call that also carries the asked time is scheduling around it (start and end, or two legs).
        if (clocks.some((entry) => askedMinutes.has(entry.clock.minutes))) continue;
        for (const entry of clocks) {
          if (rangeEndKey.test(entry.field)) continue;
          if (entry.date !== null && dates.size > 0 && !dates.has(entry.date)) continue;
          for (const time of asked) {
            if (time.ambiguous) continue;
            if (convertedClock(request, call.arguments, time.minutes, entry.date) === entry.clock.minutes) continue;
            // Twelve hours or a digit of the hour off; or, for the one time the request moves or books to,
            // a time in the call's own time field that nothing in the run gave.
            const slip =
              slipBetween(time.minutes, entry.clock.minutes) ??
              (target !== null &&
              time === target &&
              primaryTimeKey.test(entry.field) &&
              !supplied.has(entry.clock.minutes)
                ? 'a time nothing in the run gave'
                : null);
            if (slip === null) continue;
            const finding: RuleFinding = {
              rule: 'slipped-clock-time',
              spanId: span.id,
              layer: 'tool-args',
              severity: 'error',
              message: `${span.name} called ${call.name} with ${entry.field} ${entry.clock.written} where the request says ${time.written} (${slip})`,
              summary: `${clock(entry.clock.minutes)} in ${call.name}'s ${entry.field} slipped from the ${time.written} the user asked for (${slip}).`,
              confidence: 0.78,
              evidence: [
                {
                  spanId: span.id,
                  field: `args.${entry.field}`,
                  expected: time.written,
                  actual: entry.clock.written,
                  source: 'user request',
                },
              ],
              causal: true,
              badValue: entry.clock.written,
            };
            return [finding];
          }
        }
      }
      const result = span.tool?.result;
      if (result !== null && result !== undefined)
        for (const match of (typeof result === 'string' ? result : JSON.stringify(result)).matchAll(
          /\b([01]\d|2[0-3]):([0-5]\d)\b/g,
        ))
          supplied.add(Number(match[1]) * 60 + Number(match[2]));
    }
    return [];
  },
};
