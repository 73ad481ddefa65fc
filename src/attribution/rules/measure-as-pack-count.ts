import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule } from '../rule.js';
import { conversionFactor, type Quantity, quantitiesInText, writesItemSize } from '../values/measure-units.js';

/**
 * "Order 25 kg" sent as `quantity: 25` for an item sold in 12.5 kg bags, or "50 sheets" as `quantity: 50` of
 * packs of 10 sheets: the amount the request asks for went into a count of packs unchanged, so 25 bags
 * (312.5 kg) were asked for where 2 were meant. The arguments are wrong where the call was written.
 */

/** Count fields of an order: how many of the item's own units. */
const orderCountField =
  /^(quantity|qty|units|count|packs|bags|sacks|boxes|cases|rolls|tins|tubs|bottles|cartons|drums)$/i;
/** Words in a request that count packs itself ("2 bags", "25 x 1 kg"): then its figure may be a count. */
const countsPacks =
  /\b\d+\s*(?:x|×)\s*\d|\b\d+\s+(?:bags?|sacks?|packs?|boxes|cases?|tins?|tubs?|bottles?|cartons?|drums?|rolls?|units?)\b/i;

/** The size of one pack an item's record states: a measure written before a pack word. */
function packSizes(result: JsonValue, found: Quantity[] = [], depth = 0): Quantity[] {
  if (depth > 5 || result === null) return found;
  if (typeof result === 'string') {
    for (const quantity of quantitiesInText(result)) if (writesItemSize(result, quantity.written)) found.push(quantity);
  } else if (Array.isArray(result)) for (const item of result) packSizes(item, found, depth + 1);
  else if (typeof result === 'object') for (const value of Object.values(result)) packSizes(value, found, depth + 1);
  return found;
}

/** The first pack size a tool result before a position states, in the request's unit, with its span. */
function packsReadBefore(
  spans: readonly Span[],
  positions: ReadonlyMap<string, number>,
  before: number,
  asked: Asked,
): { span: Span; size: number; written: string } | null {
  for (const span of spans) {
    if ((positions.get(span.id) ?? 0) >= before) continue;
    const result = span.tool?.result;
    if (result === null || result === undefined) continue;
    const pack = asked.packIn(result);
    if (pack) return { span, ...pack };
  }
  return null;
}

/** Items the request counts by name ("50 sheets"), and the pack size a record gives for them ("pack of 10 sheets"). */
const countedItems = /\b(\d{1,5})\s+([a-z]{3,}s)\b/gi;

function itemsPerPack(result: JsonValue, noun: string, depth = 0): number | null {
  if (depth > 5 || result === null) return null;
  if (typeof result === 'string') {
    const written = new RegExp(
      `\\b(?:pack|box|bag|case|carton|tub)\\s+of\\s+(\\d{1,4})\\s+${noun}\\b|\\b(\\d{1,4})\\s+${noun}\\s+(?:per|a|each)\\s+(?:pack|box|bag|case|carton|tub)\\b`,
      'i',
    ).exec(result);
    const size = Number(written?.[1] ?? written?.[2] ?? Number.NaN);
    return Number.isFinite(size) && size > 1 ? size : null;
  }
  if (Array.isArray(result)) {
    for (const item of result) {
      const size = itemsPerPack(item, noun, depth + 1);
      if (size !== null) return size;
    }
    return null;
  }
  if (typeof result === 'object')
    for (const [key, value] of Object.entries(result)) {
      if (typeof value === 'number' && new RegExp(`^${noun}_?per_?(?:pack|box|bag|case|carton|tub)$`, 'i').test(key))
        return value > 1 ? value : null;
      const size = itemsPerPack(value, noun, depth + 1);
      if (size !== null) return size;
    }
  return null;
}

/** What the request asks for, in the unit it asks in, and how to find the size of one pack in that unit. */
interface Asked {
  amount: number;
  written: string;
  unitName: string;
  /** The size of one pack in the request's unit, with the pack as the record writes it; null when none is stated. */
  packIn(result: JsonValue): { size: number; written: string } | null;
}

function askedOf(request: string): Asked | null {
  const measures = quantitiesInText(request);
  if (measures.length === 1) {
    const [measure] = measures as [Quantity];
    return {
      amount: measure.amount,
      written: measure.written,
      unitName: measure.unit.name,
      packIn(result) {
        for (const size of packSizes(result)) {
          const factor = conversionFactor(size.unit, measure.unit);
          // A pack of one of the request's units ("1 kg bag") counts them as they are.
          if (factor !== null && Math.abs(size.amount * factor - 1) > 0.01)
            return { size: size.amount * factor, written: size.written };
        }
        return null;
      },
    };
  }
  if (measures.length > 0) return null;
  const counted = [...request.matchAll(countedItems)];
  if (counted.length !== 1) return null;
  const [match] = counted as [RegExpMatchArray];
  const noun = (match[2] as string).toLowerCase();
  return {
    amount: Number(match[1]),
    written: match[0],
    unitName: noun,
    packIn(result) {
      const size = itemsPerPack(result, noun);
      return size === null ? null : { size, written: `${size} ${noun}` };
    },
  };
}

export const measureAsPackCountRule: Rule = {
  id: 'measure-as-pack-count',
  evaluate(context) {
    const request = context.goal.request;
    if (!request || countsPacks.test(request)) return [];
    const asked = askedOf(request);
    if (!asked) return [];
    for (const call of constructedCalls(context)) {
      const field = Object.keys(call.arguments).find(
        (key) => orderCountField.test(key) && call.arguments[key] === asked.amount,
      );
      if (field === undefined) continue;
      const position = context.position.get(call.span.id) ?? 0;
      const pack = packsReadBefore(context.spans, context.position, position, asked);
      if (!pack) continue;
      const meant = Math.ceil(asked.amount / pack.size - 1e-9);
      if (meant === asked.amount) continue;
      const ordered = Number((asked.amount * pack.size).toPrecision(6));
      return [
        {
          rule: 'measure-as-pack-count',
          spanId: call.span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${call.span.name} called ${call.name} with ${field} ${asked.amount}, the request's ${asked.written}, for an item ${pack.span.name} sells in packs of ${pack.written}`,
          summary: `The request asks for ${asked.written}, but ${call.name} was sent ${field} ${asked.amount}: packs of ${pack.written}, so ${ordered} ${asked.unitName} where ${meant} ${meant === 1 ? 'pack gives' : 'packs give'} ${asked.written}.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: call.span.id,
              field: `args.${field}`,
              expected: String(meant),
              actual: String(asked.amount),
              source: `user request (${asked.written}) and ${pack.span.name} (packs of ${pack.written})`,
            },
          ],
          causal: true,
          badValue: String(asked.amount),
        },
      ];
    }
    return [];
  },
};
