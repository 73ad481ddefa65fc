import type { JsonValue } from '../../model/json-value.js';
import { callsOfSpan, stringArguments } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { type ClockTime, clocksIn } from '../values/clock-times.js';
import { extractFromText } from '../values/extract-values.js';
import { zoneOffset, zonesNamedIn } from '../values/time-zones.js';

/** A date-time value's clock (`2026-08-09T10:15:00+01:00`, `2026-03-10 19:30`), or a bare `19:30`. */
const valueClock = /^(?:\d{4}-\d{2}-\d{2}[T ])?([01]\d|2[0-3]):([0-5]\d)(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
/** Keys that hold the time a call books or moves to. */
const primaryTimeKey =
  /(^|[._])(time|start|start_?time|starts_?at|at|slot|new_?time|new_?start|pickup_?time|arrival_?time|appointment_?time|datetime)$/i;
/** Keys that end a range: `end: 19:30` beside `start: 09:30` is a ten-hour window, not a slip. */
const rangeEndKey = /(^|[._])(end|ends|until|to|till|finish|close|closes|end_?time|ends_?at)$/i;

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

const zoneArgumentKey = /(^|[._])(tz|time_?zone|zone)$/i;

/**
 * The clock a time asked in a named zone ("09:30 Amsterdam time") reads in the zone a call books in
 * (`tz: "Europe/London"`): 08:30 there is the conversion the user needs, not a slip. `zoneText` names the
 * zone the user's times are in. Null when it names no zone or the call names none, or the same one.
 */
function convertedClock(
  zoneText: string,
  callArguments: JsonValue,
  asked: number,
  date: string | null,
  written: string,
): number | null {
  // The one zone the request names its clocks in; none, or several, and no conversion is read.
  const names = new Set(zonesNamedIn(zoneText).map((zone) => (zone.kind === 'iana' ? zone.name : zone.written)));
  const from = names.size === 1 ? ([...names][0] as string) : null;
  if (!from) return null;
  const strings = stringArguments(callArguments);
  const to = strings.find(({ field, text }) => zoneArgumentKey.test(field) && text.includes('/'))?.text;
  // A timestamp with its own offset (`2026-12-10T14:00:00Z` for "9am New York time") is in that offset.
  const offset = /(Z|[+-]\d{2}:?\d{2})$/.exec(written.trim())?.[1];
  if ((!to || to === from) && offset === undefined) return null;
  const day = date ?? strings.map(({ text }) => /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0]).find(Boolean);
  const at = day ? Date.parse(`${day}T12:00:00Z`) : Number.NaN;
  if (!Number.isFinite(at)) return null;
  let shifted: number;
  try {
    const target = to && to !== from ? zoneOffset(to, at) : offsetMinutes(offset ?? 'Z');
    shifted = asked + target - zoneOffset(from, at);
  } catch {
    return null; // a zone name the runtime does not know
  }
  return ((shifted % 1440) + 1440) % 1440;
}

/** Minutes an ISO offset (`Z`, `+01:00`, `-0500`) is ahead of UTC. */
function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.replace(/[^\d]/g, '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/**
 * The request gives a clock time ("lands at 22:15", "at 09:30") and a tool call carries the same minutes
 * twelve hours off, or with the hour's tens digit changed, on the request's day: the time slipped where
 * the call was written. Times the request also states, range ends and other days are left alone.
 */
/** Whether a clock time (minutes past midnight, UTC) is the time the span itself ran, to within ten minutes. */
function atRunTime(minutes: number, startTime: number | null): boolean {
  if (startTime === null) return false;
  const started = new Date(startTime);
  const ran = started.getUTCHours() * 60 + started.getUTCMinutes();
  const apart = Math.abs(ran - minutes);
  return Math.min(apart, 24 * 60 - apart) <= 10;
}

export const slippedClockTimeRule: Rule = {
  id: 'slipped-clock-time',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    const asked = clocksIn(request);
    if (asked.length === 0) return [];
    const askedMinutes = new Set(asked.map((time) => time.minutes));
    const dates = requestDates(request);
    // The zone the user's clock times are in: named beside them, else where the instructions say users write
    // times ("residents give local UK times (Europe/London)").
    const zoneText =
      zonesNamedIn(request).length > 0 || context.goal.instructions === null ? request : context.goal.instructions;
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
        // A search window (`starttime: 00:00`, `endtime: 23:59:59`) that holds every asked time looks around
        // them; its bounds are no times the user named.
        const ends = clocks.filter((entry) => rangeEndKey.test(entry.field));
        for (const entry of clocks) {
          if (rangeEndKey.test(entry.field)) continue;
          if (
            ends.some(
              (end) =>
                end.date === entry.date &&
                asked.every((time) => time.minutes >= entry.clock.minutes && time.minutes <= end.clock.minutes),
            )
          )
            continue;
          if (entry.date !== null && dates.size > 0 && !dates.has(entry.date)) continue;
          // "Is it still burning?" queried at `time: …09:52:00Z` when the run itself is at 09:52: now, not a slip.
          if (atRunTime(entry.clock.minutes, span.startTime)) continue;
          // A clock that is some asked time converted to the call's zone (9am BST sent as 08:00Z) is that
          // time; it is no slip of another asked time (6pm) that differs from it by a digit.
          const converted = asked.some(
            (time) =>
              !time.ambiguous &&
              convertedClock(zoneText, call.arguments, time.minutes, entry.date, entry.clock.written) ===
                entry.clock.minutes,
          );
          if (converted) continue;
          for (const time of asked) {
            if (time.ambiguous) continue;
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
