import type { JsonValue } from '../../model/json-value.js';
import { callsOfSpan } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';

const counts: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  an: 1,
  a: 1,
  another: 1,
};
/** "two more nights", "extend by 3 days", "another week": how much longer the user asked for. */
const extension =
  /\b(?:(\d{1,2}|one|two|three|four|five|six|seven|an?|another)\s+(?:more|extra|additional)\s+(nights?|days?|weeks?)|extend\w*\s+(?:\w+\s+){0,3}?by\s+(\d{1,2}|one|two|three|four|five|six|seven|an?)\s+(nights?|days?|weeks?)|another\s+(night|day|week))\b/i;
/** Keys that hold where a stay, hire or booking ends now, and where a call moves that end to. */
const endKey = /^(departure|departure_?date|check_?out|end|end_?date|ends_?on|until|return_?date|off_?hire)$/i;
const newEndKey =
  /^(new_?(departure|departure_?date|check_?out|end|end_?date|until|return_?date)|extend_?to|extended_?to)$/i;

const day = 86_400_000;

function dateAt(value: JsonValue | undefined): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = Date.parse(value.slice(0, 10));
  return Number.isFinite(at) ? at : null;
}

/**
 * The request asks for a stay, hire or booking to run N nights, days or weeks longer, and the call that
 * extends it moves the end by another amount from the end an earlier record gave (two more nights from a
 * 12 March departure sent as 13 March): the arguments are wrong where that call was written.
 */
export const miscountedExtensionRule: Rule = {
  id: 'miscounted-extension',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    const asked = extension.exec(request);
    if (!asked) return [];
    const amountWord = (asked[1] ?? asked[3] ?? (asked[5] ? 'one' : '')).toLowerCase();
    const unit = (asked[2] ?? asked[4] ?? asked[5] ?? '').toLowerCase();
    const amount = /^\d+$/.test(amountWord) ? Number(amountWord) : (counts[amountWord] ?? 0);
    if (amount <= 0) return [];
    const days = unit.startsWith('week') ? amount * 7 : amount;
    let currentEnd: { at: number; written: string } | null = null;
    for (const span of context.spans) {
      for (const call of callsOfSpan(span)) {
        const args = call.arguments;
        if (currentEnd === null || args === null || typeof args !== 'object' || Array.isArray(args)) continue;
        for (const key of Object.keys(args)) {
          if (!newEndKey.test(key)) continue;
          const moved = dateAt(args[key]);
          if (moved === null) continue;
          const by = Math.round((moved - currentEnd.at) / day);
          if (by === days || by <= 0) continue;
          const expected = new Date(currentEnd.at + days * day).toISOString().slice(0, 10);
          const finding: RuleFinding = {
            rule: 'miscounted-extension',
            spanId: span.id,
            layer: 'tool-args',
            severity: 'error',
            message: `${span.name} called ${call.name} with ${key} ${String(args[key])}, ${by} ${by === 1 ? 'day' : 'days'} after the current end ${currentEnd.written}, where the request asks for ${asked[0]}`,
            summary: `The request asks for ${asked[0]} beyond ${currentEnd.written}, so ${key} should be ${expected}; ${call.name} was given ${String(args[key])}.`,
            confidence: 0.75,
            evidence: [
              { spanId: span.id, field: `args.${key}`, expected, actual: String(args[key]), source: 'user request' },
            ],
            causal: true,
            badValue: String(args[key]),
          };
          return [finding];
        }
      }
      // The end as the records stand before any extension: the first record that states one.
      const result = span.tool?.result;
      if (
        currentEnd === null &&
        result !== null &&
        result !== undefined &&
        typeof result === 'object' &&
        !Array.isArray(result)
      )
        for (const key of Object.keys(result)) {
          const at = endKey.test(key) ? dateAt(result[key]) : null;
          if (at !== null) {
            currentEnd = { at, written: (result[key] as string).slice(0, 10) };
            break;
          }
        }
    }
    return [];
  },
};
