import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import { callsOfSpan, constructedCalls, someStringArgument, stringArguments } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { memoisedTest } from '../text/memoised-test.js';
import { clocksIn } from '../values/clock-times.js';
import { agreedOffset, type NamedZone, parseOffset, zoneOfValue, zonesNamedIn } from '../values/time-zones.js';

/** A date-time with its offset written out: `2026-03-10T09:00:00Z`, `2026-07-18T09:00-04:00`. */
const offsetDateTime =
  /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
/** A local date-time with no offset: `2026-03-14T06:15`. */
const localDateTime = /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):([0-5]\d)(?::\d{2}(?:\.\d+)?)?$/;
/** Keys that say a value is a local clock reading (`report_local`, `local_start`). */
const localKey = /(^|[._])local($|[._])/i;
/** Keys that hold a zone (`tz`, `site_tz`, `timezone`) or an offset (`utc_offset_on_date`). */
const zoneKey = /(^|[._])(tz|time_?zone|zone)$/i;
const offsetKey = /(^|[._])(utc_?)?offset($|[._])/i;

interface WrittenDateTime {
  field: string;
  text: string;
  /** The clock as written, as if it were UTC, in milliseconds. */
  wallClock: number;
  offsetMinutes: number;
}

/** A clock reading someone meant in a zone: from the request, or a record's local field. */
interface MeantClock {
  /** Minutes after midnight, and the day when the source gives one (`YYYY-MM-DD`). */
  minutes: number;
  date: string | null;
  written: string;
  zones: readonly NamedZone[];
  source: string;
}

function wallClockOf(match: RegExpExecArray): number {
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
}

function writtenDateTimes(value: JsonValue): WrittenDateTime[] {
  return stringArguments(value).flatMap(({ field, text }) => {
    const match = offsetDateTime.exec(text.trim());
    const offsetMinutes = match ? parseOffset((match[6] ?? '').replace(/^z$/i, 'Z')) : null;
    if (!match || offsetMinutes === null) return [];
    return [{ field, text, wallClock: wallClockOf(match), offsetMinutes }];
  });
}

function asObject(value: JsonValue | null | undefined): { [key: string]: JsonValue } | null {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

// Record keys repeat across thousands of results: each is tested once.
const isZoneKey = memoisedTest(zoneKey);
const isOffsetKey = memoisedTest(offsetKey);
const isLocalKey = memoisedTest(localKey);

/** The zone or offset a record's string states under its key, if the key or the value says it is one. */
function zoneOfEntry(key: string, stated: string): NamedZone | null {
  const zoneOrOffsetKey = isZoneKey(key) || isOffsetKey(key);
  if (!zoneOrOffsetKey && !stated.includes('/')) return null;
  const zone = zoneOfValue(stated);
  // A bare offset counts only under a key that says it is one: `+01:00` alone may be anything.
  return zone && (zone.kind === 'iana' || zoneOrOffsetKey) ? zone : null;
}

/** Zones and offsets a record states under a zone or offset key, or as an IANA name. */
function zonesOfRecord(value: JsonValue | null, found: NamedZone[] = [], depth = 0): NamedZone[] {
  const record = asObject(value);
  if (Array.isArray(value) && depth < 6) for (const item of value) zonesOfRecord(item, found, depth + 1);
  if (!record || depth > 6) return found;
  for (const key of Object.keys(record)) {
    const stated = record[key] as JsonValue;
    if (typeof stated === 'string') {
      const zone = zoneOfEntry(key, stated);
      if (zone) found.push(zone);
    } else if (stated !== null && typeof stated === 'object') zonesOfRecord(stated, found, depth + 1);
  }
  return found;
}

/** Zones a record states in its own strings, not in the records nested in it. */
function ownZonesOf(record: { [key: string]: JsonValue }): NamedZone[] {
  const found: NamedZone[] = [];
  for (const key of Object.keys(record)) {
    const stated = record[key];
    const zone = typeof stated === 'string' ? zoneOfEntry(key, stated) : null;
    if (zone) found.push(zone);
  }
  return found;
}

/** Local clock readings a record gives under a `local` key, each with the zone the same record states. */
function localClocksOfRecord(value: JsonValue | null, fallback: readonly NamedZone[], found: MeantClock[], depth = 0) {
  if (Array.isArray(value) && depth < 6)
    for (const item of value) localClocksOfRecord(item, fallback, found, depth + 1);
  const record = asObject(value);
  if (!record || depth > 6) return;
  // Read only for a record with a local clock: most have none.
  let ownZones: NamedZone[] | null = null;
  for (const key of Object.keys(record)) {
    const stated = record[key] as JsonValue;
    if (typeof stated === 'string' && isLocalKey(key)) {
      const match = localDateTime.exec(stated.trim());
      if (match) {
        ownZones ??= ownZonesOf(record);
        found.push({
          minutes: Number(match[4]) * 60 + Number(match[5]),
          date: stated.trim().slice(0, 10),
          written: stated,
          zones: ownZones.length > 0 ? ownZones : fallback,
          source: `${key} of a tool result`,
        });
      }
    } else if (stated !== null && typeof stated === 'object') localClocksOfRecord(stated, fallback, found, depth + 1);
  }
}

/** Instants (ms) that results before a span gave with an explicit offset: a call may copy one. */
function suppliedInstants(results: readonly JsonValue[]): Set<number> {
  const instants = new Set<number>();
  for (const result of results)
    for (const written of writtenDateTimes(result)) instants.add(written.wallClock - written.offsetMinutes * 60_000);
  return instants;
}

function offsetText(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const absolute = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

function isoAt(instant: number): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/**
 * The zone the request's clock times are in: the one the request names ("Pacific time", "03:00 CET"),
 * else the one the instructions name, else the one the records read so far state (a venue's
 * `timezone`, a rider's `tz`). The first source that names any zone decides; a later one does not
 * override it, so a customer's home zone does not replace the place the instructions give.
 */
function requestZones(
  requestZoneList: readonly NamedZone[],
  instructionZones: readonly NamedZone[],
  recordZones: readonly NamedZone[],
) {
  if (requestZoneList.length > 0) return { zones: requestZoneList, source: 'the request' };
  if (instructionZones.length > 0) return { zones: instructionZones, source: 'the instructions' };
  return { zones: recordZones, source: 'a tool result' };
}

/** The clocks a call may be meant to write: the request's, in the zone it is read in, then the records'. */
function meantClocks(
  asked: readonly { minutes: number; written: string }[],
  recordClocks: readonly MeantClock[],
  { zones, source }: { zones: readonly NamedZone[]; source: string },
): MeantClock[] {
  return [
    ...asked.map((time) => ({ minutes: time.minutes, date: null, written: time.written, zones, source })),
    ...recordClocks,
  ];
}

function finding(
  span: Span,
  callName: string,
  written: WrittenDateTime,
  meant: MeantClock,
  zoneOffsetMinutes: number,
): RuleFinding {
  const rightInstant = written.wallClock - zoneOffsetMinutes * 60_000;
  const hoursOff = Math.abs(zoneOffsetMinutes - written.offsetMinutes) / 60;
  const wrote = written.offsetMinutes === 0 ? 'as UTC' : `with offset ${offsetText(written.offsetMinutes)}`;
  return {
    rule: 'wrong-clock-offset',
    spanId: span.id,
    layer: 'tool-args',
    severity: 'error',
    message: `${span.name} called ${callName} with ${written.field} ${written.text}: the local ${meant.written} (${offsetText(zoneOffsetMinutes)} that day, per ${meant.source}) written ${wrote}`,
    summary: `${meant.written} is local time at ${offsetText(zoneOffsetMinutes)}, but ${callName}'s ${written.field} is ${written.text}: the clock was written ${wrote}, ${hoursOff} h off.`,
    confidence: 0.78,
    evidence: [
      {
        spanId: span.id,
        field: `args.${written.field}`,
        expected: isoAt(rightInstant),
        actual: written.text,
        source: meant.source,
      },
    ],
    causal: true,
    badValue: written.text,
  };
}

/** A tool result as a record: an object or array, or a string holding JSON. */
function parsedResult(result: JsonValue | null | undefined): JsonValue | null {
  if (result === null || result === undefined) return null;
  if (typeof result === 'object') return result;
  if (typeof result !== 'string' || !/^\s*[[{]/.test(result)) return null;
  try {
    return JSON.parse(result) as JsonValue;
  } catch {
    return null;
  }
}

/** Whether a call names the zone it books in: its own `tz` argument then governs, not the offset. */
function callNamesZone(callArguments: JsonValue): boolean {
  return stringArguments(callArguments).some(({ field }) => zoneKey.test(field));
}

/**
 * A local clock time sent with the wrong offset: "9:00 am local time" at a site in America/Chicago
 * written `09:00:00Z`, a record's `report_local: 06:15` in Stockholm written `06:15Z`, 09:00 in
 * Croatia written `-04:00`. The call keeps the asked clock reading but not the zone's offset that
 * day, so it names another instant. A conversion done right (21:30Z for 23:30 Amsterdam in June), an
 * instant an earlier result supplied, and a zone the sources disagree on are left alone.
 */
export const wrongClockOffsetRule: Rule = {
  id: 'wrong-clock-offset',
  evaluate(context: AnalysisContext) {
    // A call must write a date-time with its offset to miswrite one: a run whose calls write none (most runs)
    // needs no record read. The run's calls are shared, and their texts repeat: each text is tested once.
    const tested = new Map<string, boolean>();
    const writesOffsetDateTime = (text: string): boolean => {
      let writes = tested.get(text);
      if (writes === undefined) {
        writes = offsetDateTime.test(text.trim());
        tested.set(text, writes);
      }
      return writes;
    };
    if (!constructedCalls(context).some((call) => someStringArgument(call.arguments, writesOffsetDateTime))) return [];
    const request = context.goal.request ?? '';
    const asked = request ? clocksIn(request) : [];
    const namedInRequest = zonesNamedIn(request);
    const namedInInstructions = zonesNamedIn(context.goal.instructions ?? '');
    const results: JsonValue[] = [];
    const recordZones: NamedZone[] = [];
    const recordClocks: MeantClock[] = [];
    for (const span of context.spans) {
      // Without a clock the request asks for or a record gives locally, no call can miswrite one.
      const meant =
        asked.length === 0 && recordClocks.length === 0
          ? []
          : meantClocks(asked, recordClocks, requestZones(namedInRequest, namedInInstructions, recordZones));
      if (meant.length > 0 && meant.some((clock) => clock.zones.length > 0)) {
        const supplied = suppliedInstants(results);
        for (const call of callsOfSpan(span)) {
          if (callNamesZone(call.arguments)) continue;
          const written = writtenDateTimes(call.arguments);
          // The instants this call names: a clock it already converts rightly in one field ("new_start_utc:
          // 13:00Z" for 14:00 BST) is not miswritten by another field that reads the same (an end an hour on).
          const callInstants = new Set(written.map((entry) => entry.wallClock - entry.offsetMinutes * 60_000));
          for (const entry of written) {
            if (supplied.has(entry.wallClock - entry.offsetMinutes * 60_000)) continue;
            if (request.includes(entry.text)) continue;
            const day = new Date(entry.wallClock).toISOString().slice(0, 10);
            const minutes = Math.round((entry.wallClock % 86_400_000) / 60_000);
            // The instants every meant clock stands for that day: a right conversion of one clock
            // may read like another clock written as UTC (21:30Z for "from 21:30 to 23:30 CEST").
            const rightInstants = new Set<number>();
            for (const clock of meant) {
              const offset = agreedOffset(clock.zones, Date.parse(`${day}T00:00:00Z`) + clock.minutes * 60_000);
              if (offset !== null)
                rightInstants.add(Date.parse(`${day}T00:00:00Z`) + (clock.minutes - offset) * 60_000);
            }
            for (const clock of meant) {
              if (clock.minutes !== minutes || (clock.date !== null && clock.date !== day)) continue;
              const offset = agreedOffset(clock.zones, entry.wallClock);
              if (offset === null || offset === entry.offsetMinutes) continue;
              if (callInstants.has(entry.wallClock - offset * 60_000)) continue;
              if (rightInstants.has(entry.wallClock - entry.offsetMinutes * 60_000)) continue;
              return [finding(span, call.name, entry, clock, offset)];
            }
          }
        }
      }
      const result = parsedResult(span.tool?.result);
      if (result !== null) {
        results.push(result);
        recordZones.push(...zonesOfRecord(result));
        localClocksOfRecord(result, namedInInstructions.length > 0 ? namedInInstructions : recordZones, recordClocks);
      }
    }
    return [];
  },
};
