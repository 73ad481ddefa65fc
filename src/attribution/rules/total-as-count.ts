import type { JsonValue } from '../../model/json-value.js';
import type { AnalysisContext } from '../analysis-context.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { numberWords } from '../text/words.js';
import { countField, quantitiesInText, unitOfField } from '../values/measure-units.js';

/** A count written just before a measure: "two 12.5 kg blocks", "3 x 5 L tins", "4× 2 m lengths". */
const countBefore = /(?:^|[\s(])(\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*(?:x|×)?\s*$/i;

/** Keys under which a record says what one unit of its item is: `unit: "kg"` sells by weight. */
const unitKey = /^(unit|uom|unit_of_measure|sold_by|sell_unit)$/i;

interface CountedMeasure {
  count: number;
  measure: string;
  total: number;
}

/** The "N items of M unit each" a request writes, with N × M. */
function countedMeasures(request: string): CountedMeasure[] {
  const found: CountedMeasure[] = [];
  for (const quantity of quantitiesInText(request)) {
    const at = request.indexOf(quantity.written);
    const match = at > 0 ? countBefore.exec(request.slice(Math.max(0, at - 16), at)) : null;
    const written = match?.[1]?.toLowerCase();
    if (written === undefined) continue;
    const count = numberWords.get(written) ?? Number(written);
    if (!Number.isFinite(count) || count < 2) continue;
    const total = Math.round(count * quantity.amount * 1000) / 1000;
    // A total the request writes itself ("25 kg in two blocks") was asked for as a figure.
    if (total === count || new RegExp(`(?<![\\d.])${String(total).replace('.', '\\.')}(?![\\d.])`).test(request))
      continue;
    found.push({ count, measure: quantity.written, total });
  }
  return found;
}

/** Whether a record of the run sells its item by the measure's unit (`unit: "kg"`): then N × M is the count. */
function soldByMeasure(value: JsonValue, unitName: string, depth = 0): boolean {
  if (depth > 8 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => soldByMeasure(item, unitName, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string' && unitKey.test(key) && quantitiesInText(`1 ${item}`)[0]?.unit.name === unitName)
      return true;
    if (soldByMeasure(item, unitName, depth + 1)) return true;
  }
  return false;
}

/**
 * "Order two 12.5 kg blocks" sent as `quantity: 25`: the total measure written into a field that counts
 * items, so 25 blocks (312.5 kg) were ordered. The span that wrote the call is the root, unless a record
 * of the run sells the item by that very unit, when 25 is the right count.
 */
export const totalAsCountRule: Rule = {
  id: 'total-as-count',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    if (!request) return [];
    const measures = countedMeasures(request);
    if (measures.length === 0) return [];
    for (const call of constructedCalls(context)) {
      for (const [key, value] of Object.entries(call.arguments)) {
        if (typeof value !== 'number' || !countField.test(key) || unitOfField(key) !== null) continue;
        const measure = measures.find((candidate) => candidate.total === value);
        if (!measure) continue;
        const unitName = quantitiesInText(measure.measure)[0]?.unit.name ?? '';
        if (context.spans.some((span) => span.tool?.result && soldByMeasure(span.tool.result, unitName))) continue;
        const finding: RuleFinding = {
          rule: 'total-as-count',
          spanId: call.span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${call.span.name} called ${call.name} with ${key} = ${value}, the total of ${measure.count} × ${measure.measure}, where the request counts ${measure.count}`,
          summary: `${call.name} was sent ${key} ${value}: the total measure of the ${measure.count} items the user asked for (${measure.count} × ${measure.measure}), written as their count.`,
          confidence: 0.8,
          evidence: [
            {
              spanId: call.span.id,
              field: `args.${key}`,
              expected: String(measure.count),
              actual: String(value),
              source: 'user request',
            },
          ],
          causal: true,
          badValue: String(value),
        };
        return [finding];
      }
    }
    return [];
  },
};
