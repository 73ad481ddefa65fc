import type { JsonValue } from '../../model/json-value.js';
import type { Rule, RuleFinding } from '../rule.js';

const startField = /(^|_)(start|starts|started|from|begin|began|commenced|opened|since)(_?(at|on|time|date))?$/i;
const endField = /(^|_)(end|ends|ended|to|until|completed|finished|closed)(_?(at|on|time|date))?$/i;
const durationField = /(^|_)(used|elapsed|duration|total|time|length)_?(hours|hrs|h|minutes|mins|min|days)$/i;
/** Arguments that would make the duration differ from end minus start: breaks, pauses, exclusions. */
const adjustmentField = /(interruption|exclusion|pause|break|holiday|excluded|deduction|stoppage)s?$/i;
const timestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const unitHours: Record<string, number> = {
  hours: 1,
  hrs: 1,
  h: 1,
  minutes: 1 / 60,
  mins: 1 / 60,
  min: 1 / 60,
  days: 24,
};

function isEmptyAdjustment(value: JsonValue): boolean {
  return value === null || (Array.isArray(value) && value.length === 0) || value === 0;
}

/** A list of records that carry their own start or end time: events inside a window. */
function holdsTimedEvents(value: JsonValue): boolean {
  if (!Array.isArray(value)) return false;
  return value.some(
    (item) =>
      item !== null &&
      typeof item === 'object' &&
      !Array.isArray(item) &&
      Object.entries(item).some(
        ([key, inner]) =>
          (startField.test(key) || endField.test(key)) && typeof inner === 'string' && timestamp.test(inner),
      ),
  );
}

/**
 * A tool given a start and an end that returns an elapsed time other than the span between them (12 Nov
 * 06:00 to 15 Nov 18:00 returned as 60 hours, not 84), with nothing in its arguments to take off: the
 * tool computed wrongly on sensible arguments.
 */
export const miscomputedDurationRule: Rule = {
  id: 'miscomputed-duration',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    for (const span of context.spans) {
      const args = span.tool?.arguments;
      const result = span.tool?.result;
      if (!args || typeof args !== 'object' || Array.isArray(args)) continue;
      if (!result || typeof result !== 'object' || Array.isArray(result)) continue;
      const entries = Object.entries(args);
      const start = entries.find(
        ([key, value]) => startField.test(key) && typeof value === 'string' && timestamp.test(value),
      );
      const end = entries.find(
        ([key, value]) => endField.test(key) && typeof value === 'string' && timestamp.test(value),
      );
      if (!start || !end) continue;
      if (entries.some(([key, value]) => adjustmentField.test(key) && !isEmptyAdjustment(value))) continue;
      const elapsedHours = (Date.parse(end[1] as string) - Date.parse(start[1] as string)) / 3_600_000;
      if (!Number.isFinite(elapsedHours) || elapsedHours <= 0) continue;
      // A window query that returns timed events ("downtime between 22:00 and 06:00"): its total sums the
      // events inside the window, not the window itself.
      if (Object.values(result).some(holdsTimedEvents)) continue;
      for (const [key, value] of Object.entries(result)) {
        const match = durationField.exec(key);
        if (!match || typeof value !== 'number') continue;
        const expected = elapsedHours / (unitHours[(match[3] ?? '').toLowerCase()] ?? 1);
        if (Math.abs(expected - value) <= Math.max(0.01, expected * 0.001)) continue;
        const written = Number(expected.toFixed(2));
        findings.push({
          rule: 'miscomputed-duration',
          spanId: span.id,
          layer: 'tool',
          severity: 'error',
          message: `${span.name} returned ${key} = ${value}, but ${start[0]} ${start[1]} to ${end[0]} ${end[1]} is ${written}`,
          summary: `${span.name} miscomputed ${key}: from ${start[1]} to ${end[1]} is ${written}, not ${value}, and nothing in its arguments takes time off.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: span.id,
              field: `result.${key}`,
              expected: String(written),
              actual: String(value),
              source: `${span.name} arguments (${start[0]}, ${end[0]})`,
            },
          ],
          causal: true,
          badValue: String(value),
        });
        break;
      }
    }
    return findings;
  },
};
