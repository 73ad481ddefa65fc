import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { Rule, RuleFinding } from '../rule.js';

const numberWords: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, an: 1, a: 1 };

/** A sentence that says some times are in UTC (or GMT): "Times returned by get_booking are in UTC". */
const utcClaim =
  /\b(?:times?|timestamps?|hours|clock)\b[^.;]*\b(UTC|GMT|Zulu)\b|\b(UTC|GMT)\b[^.;]*\b(?:times?|timestamps?)\b/i;
/** The shift the instructions order: "add 1 hour", "subtract two hours". */
const shiftOrder = /\b(add|plus|subtract|minus|take away)\s+(\d{1,2}|one|two|three|four|five|six|an|a)\s+hours?\b/i;

/** Zone names that are UTC itself. */
const utcZone = /^(?:utc|gmt|z|zulu|etc\/(?:utc|gmt|zulu)|[+-]?00:?00|(?:utc|gmt)[+-]0{1,2}(?::?00)?)$/i;
/** A zone as a record states it: an IANA name, an offset or a common abbreviation. */
const statedZone =
  /^(?:[A-Z][A-Za-z_]+\/[A-Za-z_/-]+|[+-]\d{2}:?\d{2}|(?:UTC|GMT)[+-]\d{1,2}(?::?\d{2})?|[A-Z]{3,4}T?)$/;
const zoneKey = /(?:^|[_.-])(?:tz|timezone|time_zone|zone)$/i;
const clockValue = /^([01]?\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$/;
/** A date-time with an offset other than UTC: the clock reading is local to that offset. */
const offsetDateTime =
  /T([01]\d|2[0-3]):([0-5]\d)(?::\d{2}(?:\.\d+)?)?([+-](?:0[1-9]|1\d)(?::?\d{2})|[+-]00:?(?:[1-5]\d|0[1-9]))$/;

interface LocalTime {
  minutes: number;
  written: string;
  zone: string;
  field: string;
}

function clock(minutes: number): string {
  const wrapped = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

/** Clock times a result gives in a named zone other than UTC. */
function localTimes(value: JsonValue | null, field: string, found: LocalTime[], depth = 0): LocalTime[] {
  if (value === null || depth > 8 || found.length > 50) return found;
  if (typeof value === 'string') {
    const match = offsetDateTime.exec(value.trim());
    if (match)
      found.push({ minutes: Number(match[1]) * 60 + Number(match[2]), written: value, zone: match[3] ?? '', field });
    return found;
  }
  if (Array.isArray(value)) {
    for (const item of value) localTimes(item, field, found, depth + 1);
    return found;
  }
  if (typeof value !== 'object') return found;
  let zone: string | null = null;
  for (const key of Object.keys(value)) {
    const stated = value[key];
    if (
      zoneKey.test(key) &&
      typeof stated === 'string' &&
      statedZone.test(stated.trim()) &&
      !utcZone.test(stated.trim())
    )
      zone = stated.trim();
  }
  for (const key of Object.keys(value)) {
    const item = value[key] as JsonValue;
    const path = field ? `${field}.${key}` : key;
    const time = typeof item === 'string' ? clockValue.exec(item.trim()) : null;
    if (time && zone !== null)
      found.push({ minutes: Number(time[1]) * 60 + Number(time[2]), written: item as string, zone, field: path });
    else localTimes(item, path, found, depth + 1);
  }
  return found;
}

/** Clock times written in a text, in minutes after midnight (`09:30`, `9.30am`, `9:30 pm`). */
function clockTimesIn(text: string): Set<number> {
  const times = new Set<number>();
  for (const match of text.matchAll(/\b([01]?\d|2[0-3])[:.]([0-5]\d)\s*([ap]\.?m\.?)?(?![\d:])/gi)) {
    let hours = Number(match[1]);
    const meridiem = match[3]?.toLowerCase().charAt(0);
    if (meridiem === 'p' && hours < 12) hours += 12;
    if (meridiem === 'a' && hours === 12) hours = 0;
    times.add(hours * 60 + Number(match[2]));
  }
  return times;
}

/**
 * The instructions say a tool's times are UTC and order a shift to local time ("add 1 hour"), but the
 * tool's result states its times in a local zone already; the answer carries the doubly shifted time.
 * The instructions are the root: the model followed them faithfully.
 */
export const misstatedTimeZoneRule: Rule = {
  id: 'misstated-time-zone',
  evaluate(context) {
    const { instructions, instructionsSpanId } = context.goal;
    if (!instructions || !instructionsSpanId || !context.answer) return [];
    const sentences = instructions.split(/(?<=[.!?])\s+|\n+/);
    let order: { text: string; hours: number } | null = null;
    for (const [index, sentence] of sentences.entries()) {
      if (!utcClaim.test(sentence)) continue;
      // The shift is ordered in the claim's sentence or the next one.
      const window = `${sentence} ${sentences[index + 1] ?? ''}`;
      const shift = shiftOrder.exec(window);
      if (!shift) continue;
      const amount = /^\d+$/.test(shift[2] ?? '')
        ? Number(shift[2])
        : (numberWords[(shift[2] ?? '').toLowerCase()] ?? 0);
      const sign = /^(?:add|plus)$/i.test(shift[1] ?? '') ? 1 : -1;
      if (amount > 0) order = { text: sentence.trim(), hours: sign * amount };
      break;
    }
    if (order === null) return [];
    const answered = clockTimesIn(context.answer.text);
    if (answered.size === 0) return [];
    const tools: Span[] = context.spans.filter((span) => span.tool?.result !== null && span.tool?.result !== undefined);
    for (const span of tools) {
      const toolName = span.tool?.name ?? span.name;
      for (const local of localTimes(span.tool?.result ?? null, '', [])) {
        const shifted = local.minutes + order.hours * 60;
        if (!answered.has(((shifted % 1440) + 1440) % 1440) || answered.has(local.minutes)) continue;
        const finding: RuleFinding = {
          rule: 'misstated-time-zone',
          spanId: instructionsSpanId,
          layer: 'instruction',
          severity: 'error',
          message: `the system instructions say the times are UTC ("${order.text}"), but ${toolName} gives ${local.written} in ${local.zone}; the answer shifted it to ${clock(shifted)}`,
          summary: `The system instructions treat ${toolName}'s times as UTC and order a shift of ${order.hours > 0 ? '+' : ''}${order.hours} h, but its ${local.field} is already local (${local.zone}): ${clock(local.minutes)} became ${clock(shifted)} in the answer.`,
          confidence: 0.72,
          evidence: [
            {
              spanId: instructionsSpanId,
              field: 'system_instructions',
              expected: `${clock(local.minutes)} (${local.zone}, as ${toolName} states it)`,
              actual: clock(shifted),
              source: `${toolName} result`,
            },
          ],
          causal: true,
          badValue: clock(shifted),
        };
        return [finding];
      }
    }
    return [];
  },
};
