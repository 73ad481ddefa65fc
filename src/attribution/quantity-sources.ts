import type { JsonValue } from '../model/json-value.js';
import type { Span } from '../model/span.js';
import type { AnalysisContext } from './analysis-context.js';
import { callsOfSpan, constructedCalls, numberArguments, stringArguments } from './constructed-calls.js';
import { memoisedTest } from './text/memoised-test.js';
import { areasInText, type MeasureUnit, type Quantity, quantitiesInText, unitOfField } from './values/measure-units.js';

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
/** A key path whose last part is `unitKey` (`trim.unit`), memoised: every call of a run asks of its keys. */
const isUnitKeyPath = memoisedTest(/(^|\.)(unit|units|uom|unit_of_measure|measure_unit)$/i);

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

const numericText = /^-?\d+(?:\.\d+)?$/;

/**
 * Quantities a record gives: numbers under unit-named fields, then quantities written in its strings. It
 * reads what `numberArguments` and `stringArguments` read (six levels deep), without listing every leaf
 * with its key path: a large trace has hundreds of thousands of leaves and few quantities.
 */
function quantitiesOfRecord(record: JsonValue): SourcedQuantity[] {
  const fromFields: SourcedQuantity[] = [];
  const fromTexts: SourcedQuantity[] = [];
  const leaf = (value: JsonValue, field: string): void => {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return;
      const unit = unitOfField(field);
      if (unit) fromFields.push({ amount: value, unit, written: `${field}: ${value}`, source: 'a tool result' });
    } else if (typeof value === 'string') {
      if (numericText.test(value.trim())) {
        const unit = unitOfField(field);
        const amount = Number(value);
        if (unit) fromFields.push({ amount, unit, written: `${field}: ${amount}`, source: 'a tool result' });
      }
      for (const quantity of quantitiesInText(value)) fromTexts.push({ ...quantity, source: 'a tool result' });
    }
  };
  const walk = (value: JsonValue, field: string, depth: number): void => {
    if (value === null || depth > 6) return;
    if (typeof value !== 'object') leaf(value, field);
    else if (Array.isArray(value)) for (const item of value) walk(item, field, depth + 1);
    else
      for (const key of Object.keys(value)) {
        const item = value[key] as JsonValue;
        // A leaf's path is only written out when its field names a unit.
        if (item !== null && typeof item !== 'object' && depth + 1 <= 6)
          leaf(item, unitOfField(key) === null ? '' : field ? `${field}.${key}` : key);
        else walk(item, field ? `${field}.${key}` : key, depth + 1);
      }
  };
  walk(record, '', 0);
  return fromTexts.length === 0 ? fromFields : [...fromFields, ...fromTexts];
}

/**
 * Whether a call's arguments have a key that names a unit (`floor_area_m2`) or states one (`unit`): no
 * other call can give a unit argument, and most calls of a run have neither.
 */
function mentionsUnit(value: JsonValue, depth = 0): boolean {
  if (value === null || typeof value !== 'object' || depth > 6) return false;
  if (Array.isArray(value)) return value.some((item) => mentionsUnit(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (unitOfField(key) !== null || isUnitKeyPath(key)) return true;
    if (mentionsUnit(value[key] as JsonValue, depth + 1)) return true;
  }
  return false;
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
  // The calls that name a unit, counted first: the records after the last of them reach no unit argument, so
  // they are not read, and a run without one (most runs) needs no record read at all. The run's calls are shared.
  let unitCalls = 0;
  for (const call of constructedCalls(context)) if (mentionsUnit(call.arguments)) unitCalls += 1;
  if (unitCalls === 0) return [];
  const known: SourcedQuantity[] = [
    ...quantitiesInText(context.goal.request ?? '').map((quantity) => ({ ...quantity, source: 'the request' })),
    ...areasInText(context.goal.request ?? '').map((quantity) => ({ ...quantity, source: 'the request' })),
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
      if (!mentionsUnit(call.arguments)) continue;
      unitCalls -= 1;
      const units = unitsBesideNumbers(call.arguments);
      for (const { field, amount } of numberArguments(call.arguments)) {
        const unit = unitOfField(field) ?? units.get(parentOf(field)) ?? null;
        if (!unit) continue;
        snapshot ??= [...known];
        found.push({ argument: { span, callName: call.name, field, amount, unit }, known: snapshot });
      }
    }
    if (unitCalls === 0) break;
    const record = parsedRecord(span.tool?.result);
    if (record !== null) known.push(...quantitiesOfRecord(record));
  }
  return found;
}
