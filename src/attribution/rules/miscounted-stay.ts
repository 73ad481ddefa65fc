import type { JsonValue } from '../../model/json-value.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule } from '../rule.js';
import { numberWords } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';

/**
 * "3 nights from Friday 12 June" booked with `check_in: 2026-06-12, check_out: 2026-06-14`: a stay the
 * request counts in nights, sent with an end that makes it another number of nights. The arguments are
 * wrong where the call was written, whatever the booking then confirms.
 */

const nightsWritten = /\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+nights?\b/gi;
/** A change to a stay that already runs: the extension rule counts from its current end. */
const changesStay = /\b(?:more|extra|additional|another|extend\w*|shorten\w*|instead of)\b/i;

const startKey = /^(check_?in|check_?in_?date|arrival|arrival_?date|arrive|start|start_?date|from|date_?from)$/i;
const endKey = /^(check_?out|check_?out_?date|departure|departure_?date|depart|end|end_?date|to|date_?to|until)$/i;

const day = 86_400_000;

function dayOf(value: JsonValue | undefined): number | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const at = Date.parse(value.slice(0, 10));
  return Number.isFinite(at) ? at : null;
}

/** The one count of nights the request asks for, or null when it gives none or several. */
function askedNights(request: string): { nights: number; written: string } | null {
  const found = [...request.matchAll(nightsWritten)].map((match) => ({
    nights: /^\d+$/.test(match[1] as string)
      ? Number(match[1])
      : (numberWords.get((match[1] as string).toLowerCase()) ?? (/^one$/i.test(match[1] as string) ? 1 : 0)),
    written: match[0],
  }));
  const first = found[0];
  if (!first || first.nights <= 0 || found.some((other) => other.nights !== first.nights)) return null;
  return first;
}

export const miscountedStayRule: Rule = {
  id: 'miscounted-stay',
  evaluate(context) {
    const request = context.goal.request;
    if (!request || changesStay.test(request)) return [];
    const asked = askedNights(request);
    if (!asked) return [];
    // The stay starts on a day the request names: only then is the call's start the one the count runs from.
    const requestDays = new Set(
      extractFromText(request)
        .filter((value) => value.type === 'date')
        .map((value) => value.key.slice(0, 10)),
    );
    if (requestDays.size === 0) return [];
    for (const call of constructedCalls(context)) {
      const keys = Object.keys(call.arguments);
      const startField = keys.find((key) => startKey.test(key) && dayOf(call.arguments[key]) !== null);
      const endField = keys.find((key) => endKey.test(key) && dayOf(call.arguments[key]) !== null);
      if (startField === undefined || endField === undefined) continue;
      const start = dayOf(call.arguments[startField]) as number;
      const end = dayOf(call.arguments[endField]) as number;
      if (!requestDays.has(new Date(start).toISOString().slice(0, 10))) continue;
      const nights = Math.round((end - start) / day);
      if (nights === asked.nights || nights <= 0) continue;
      const expected = new Date(start + asked.nights * day).toISOString().slice(0, 10);
      const actual = String(call.arguments[endField]);
      return [
        {
          rule: 'miscounted-stay',
          spanId: call.span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${call.span.name} called ${call.name} with ${startField} ${String(call.arguments[startField])} and ${endField} ${actual}, ${nights} ${nights === 1 ? 'night' : 'nights'}, where the request asks for ${asked.written}`,
          summary: `The request asks for ${asked.written}, so ${endField} should be ${expected}; ${call.name} was given ${actual}, a stay of ${nights}.`,
          confidence: 0.75,
          evidence: [{ spanId: call.span.id, field: `args.${endField}`, expected, actual, source: 'user request' }],
          causal: true,
          badValue: actual.slice(0, 10),
        },
      ];
    }
    return [];
  },
};
