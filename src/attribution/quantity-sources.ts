import type { JsonValue } from '../model/json-value.js';
import type { Span } from '../model/span.js';
import type { AnalysisContext } from './analysis-context.js';
import { callsOfSpan, numberArguments, stringArguments } from './constructed-calls.js';
import { type MeasureUnit, type Quantity, quantitiesInText, unitOfField } from './values/measure-units.js';

/** A quantity with a unit that reached the run: where it came from, for the evidence. */
export interface SourcedQuantity extends Quantity {
  source: string;
}

/** A number a tool call was given under a field whose name carries a unit (`floor_area_m2: 430`). */
export interface UnitArgument {
  span: Span;
  callName: string;
  field: string;
  amount: number;
  unit: MeasureUnit;
}

const unitKey = /^(unit|units|uom|unit_of_measure|measure_unit)$/i;

function parentOf(field: string): string {
  const at = field.lastIndexOf('.');
  return at === -1 ? '' : field.slice(0, at);
}

/**
 * Units an object states for its own numbers in a field of their own (`trim: {width: 6, height: 9, unit:
 * "cm"}`), by the object's path.
 */
function unitsBesideNumbers(value: JsonValue): Map<string, MeasureUnit> {
  const units = new Map<string, MeasureUnit>();
  for (const { field, text } of stringArguments(value)) {
    const key = field.split('.').pop() ?? field;
    if (!unitKey.test(key)) continue;
    const unit = unitOfField(`value_${text.trim().toLowerCase().replace(/\s+/g, '_')}`);
    if (unit) units.set(parentOf(field), unit);
  }
  return units;
}

/** Quantities a record gives: numbers under unit-named fields, and quantities written in its strings. */
function quantitiesOfRecord(record: JsonValue): SourcedQuantity[] {
  const found: SourcedQuantity[] = [];
  for (const { field, amount } of numberArguments(record)) {
    const unit = unitOfField(field);
    if (unit) found.push({ amount, unit, written: `${field}: ${amount}`, source: 'a tool result' });
  }
  for (const { text } of stringArguments(record))
    for (const quantity of quantitiesInText(text)) found.push({ ...quantity, source: 'a tool result' });
  return found;
}

function parsedRecord(result: JsonValue | null | undefined): JsonValue | null {
  if (result === null || result === undefined) return null;
  if (typeof result !== 'string') return result;
  if (!/^\s*[[{]/.test(result)) return result;
  try {
    return JSON.parse(result) as JsonValue;
  } catch {
    return result;
  }
}

/**
 * Each unit-named numeric argument of the run, in causal order, with the quantities known before the
 * span that wrote it: the request's and instructions' ("430 sq ft"), and earlier tool results'.
 */
export function unitArgumentsWithSources(
  context: AnalysisContext,
): readonly { argument: UnitArgument; known: readonly SourcedQuantity[] }[] {
  // Two rules ask for the same list: it is worked out once per analysis.
  let found = unitArgumentsByContext.get(context);
  if (found === undefined) {
    found = collectUnitArguments(context);
    unitArgumentsByContext.set(context, found);
  }
  return found;
}

const unitArgumentsByContext = new WeakMap<
  AnalysisContext,
  readonly { argument: UnitArgument; known: readonly SourcedQuantity[] }[]
>();

function collectUnitArguments(
  context: AnalysisContext,
): { argument: UnitArgument; known: readonly SourcedQuantity[] }[] {
  const known: SourcedQuantity[] = [
    ...quantitiesInText(context.goal.request ?? '').map((quantity) => ({ ...quantity, source: 'the request' })),
    ...quantitiesInText(context.goal.instructions ?? '').map((quantity) => ({
      ...quantity,
      source: 'the instructions',
    })),
  ];
  const found: { argument: UnitArgument; known: readonly SourcedQuantity[] }[] = [];
  for (const span of context.spans) {
    // Copied only for a span with a unit argument: copying for every span of a large trace is quadratic.
    let snapshot: SourcedQuantity[] | null = null;
    for (const call of callsOfSpan(span)) {
      const units = unitsBesideNumbers(call.arguments);
      for (const { field, amount } of numberArguments(call.arguments)) {
        const unit = unitOfField(field) ?? units.get(parentOf(field)) ?? null;
        if (!unit) continue;
        snapshot ??= [...known];
        found.push({ argument: { span, callName: call.name, field, amount, unit }, known: snapshot });
      }
    }
    const record = parsedRecord(span.tool?.result);
    if (record !== null) known.push(...quantitiesOfRecord(record));
  }
  return found;
}
