import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule } from '../rule.js';
import { conversionFactor, type Quantity, quantitiesInText } from '../values/measure-units.js';

/**
 * "Order 25 kg" sent as `quantity: 25` for an item sold in 12.5 kg bags: the amount the request measures
 * went into a count of packs unchanged, so 25 bags (312.5 kg) were asked for where 2 were meant. The
 * arguments are wrong where the call was written.
 */

/** Count fields of an order: how many of the item's own units. */
const countField = /^(quantity|qty|units|count|packs|bags|sacks|boxes|cases|rolls|tins|tubs|bottles|cartons|drums)$/i;
/** What a pack is called after its size: "12.5 kg bag", "25 L drum", "5 m roll". */
const packNoun =
  /^\s*(?:bags?|sacks?|packs?|boxes|box|cases?|tins?|tubs?|bottles?|cartons?|drums?|rolls?|tubes?|blocks?)\b/i;
/** Words in a request that count packs itself ("2 bags", "25 x 1 kg"): then its figure may be a count. */
const countsPacks =
  /\b\d+\s*(?:x|×)\s*\d|\b\d+\s+(?:bags?|sacks?|packs?|boxes|cases?|tins?|tubs?|bottles?|cartons?|drums?|rolls?|units?)\b/i;

/** The size of one pack an item's record states: a measure written before a pack word. */
function packSizes(result: JsonValue, found: Quantity[] = [], depth = 0): Quantity[] {
  if (depth > 5 || result === null) return found;
  if (typeof result === 'string') {
    for (const quantity of quantitiesInText(result)) {
      const after = result.slice(result.indexOf(quantity.written) + quantity.written.length);
      if (packNoun.test(after)) found.push(quantity);
    }
  } else if (Array.isArray(result)) for (const item of result) packSizes(item, found, depth + 1);
  else if (typeof result === 'object') for (const value of Object.values(result)) packSizes(value, found, depth + 1);
  return found;
}

/** The pack sizes the tool results before a position state, with the span that stated each. */
function packsReadBefore(
  spans: readonly Span[],
  positions: ReadonlyMap<string, number>,
  before: number,
): { span: Span; size: Quantity }[] {
  const packs: { span: Span; size: Quantity }[] = [];
  for (const span of spans) {
    if ((positions.get(span.id) ?? 0) >= before) continue;
    const result = span.tool?.result;
    if (result !== null && result !== undefined) for (const size of packSizes(result)) packs.push({ span, size });
  }
  return packs;
}

export const measureAsPackCountRule: Rule = {
  id: 'measure-as-pack-count',
  evaluate(context) {
    const request = context.goal.request;
    if (!request || countsPacks.test(request)) return [];
    const asked = quantitiesInText(request);
    if (asked.length !== 1) return [];
    const [measure] = asked as [Quantity];
    for (const call of constructedCalls(context)) {
      const field = Object.keys(call.arguments).find(
        (key) => countField.test(key) && call.arguments[key] === measure.amount,
      );
      if (field === undefined) continue;
      const position = context.position.get(call.span.id) ?? 0;
      // A pack of one of the request's units ("1 kg bag") counts them as they are.
      const pack = packsReadBefore(context.spans, context.position, position).find(({ size }) => {
        const factor = conversionFactor(size.unit, measure.unit);
        return factor !== null && Math.abs(size.amount * factor - 1) > 0.01;
      });
      if (!pack) continue;
      const packInRequestUnits = pack.size.amount * (conversionFactor(pack.size.unit, measure.unit) ?? 1);
      const meant = Math.ceil(measure.amount / packInRequestUnits - 1e-9);
      if (meant === measure.amount) continue;
      const ordered = Number((measure.amount * packInRequestUnits).toPrecision(6));
      return [
        {
          rule: 'measure-as-pack-count',
          spanId: call.span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${call.span.name} called ${call.name} with ${field} ${measure.amount}, the request's ${measure.written}, for an item ${pack.span.name} sells in ${pack.size.written} packs`,
          summary: `The request asks for ${measure.written}, but ${call.name} was sent ${field} ${measure.amount}: packs of ${pack.size.written}, so ${ordered} ${measure.unit.name} where ${meant} ${meant === 1 ? 'pack gives' : 'packs give'} ${measure.written}.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: call.span.id,
              field: `args.${field}`,
              expected: String(meant),
              actual: String(measure.amount),
              source: `user request (${measure.written}) and ${pack.span.name} (${pack.size.written} packs)`,
            },
          ],
          causal: true,
          badValue: String(measure.amount),
        },
      ];
    }
    return [];
  },
};
