import { type ExtractedValue, unitFromField } from './extract-values.js';
import { conversionFactor, unitOfField } from './measure-units.js';

export type DriftKind =
  | 'transposition'
  | 'dropped character'
  | 'added character'
  | 'one edit'
  | 'decimal shift'
  | 'sign flip'
  | 'other currency'
  | 'other unit'
  | 'day and month swapped'
  | 'one day off'
  | 'one week off'
  | 'earlier year'
  | 'dropped qualifier';

function adjacentTransposition(left: string, right: string): boolean {
  if (left.length !== right.length || left === right) return false;
  let first = -1;
  for (let index = 0; index < left.length; index += 1) {
    if (left[index] !== right[index]) {
      if (first === -1) first = index;
      else if (index === first + 1) {
        return (
          left[first] === right[index] && left[index] === right[first] && sameTail(left, index + 1, right, index + 1)
        );
      } else return false;
    }
  }
  return false;
}

function oneDeletion(longer: string, shorter: string): boolean {
  if (longer.length !== shorter.length + 1) return false;
  let index = 0;
  while (index < shorter.length && longer[index] === shorter[index]) index += 1;
  return sameTail(longer, index + 1, shorter, index);
}

/**
 * Whether `left` from `leftStart` on equals `right` from `rightStart` on: compared in place, as two slices
 * would be, without making them (every candidate of a near-miss search is compared).
 */
function sameTail(left: string, leftStart: number, right: string, rightStart: number): boolean {
  if (left.length - leftStart !== right.length - rightStart) return false;
  for (let offset = 0; leftStart + offset < left.length; offset += 1)
    if (left.charCodeAt(leftStart + offset) !== right.charCodeAt(rightStart + offset)) return false;
  return true;
}

function oneSubstitution(left: string, right: string): boolean {
  if (left.length !== right.length) return false;
  let differences = 0;
  for (let index = 0; index < left.length; index += 1)
    if (left[index] !== right[index] && ++differences > 1) return false;
  return differences === 1;
}

/** Edits that people and models make when they copy a string: a swap, a dropped or doubled character, one wrong character. */
export function stringNearMiss(actual: string, expected: string, allowSubstitution: boolean): DriftKind | null {
  if (actual === expected) return null;
  if (adjacentTransposition(actual, expected)) return 'transposition';
  if (oneDeletion(expected, actual)) return 'dropped character';
  if (oneDeletion(actual, expected)) return 'added character';
  if (allowSubstitution && oneSubstitution(actual, expected)) return 'one edit';
  return null;
}

/**
 * The significant digits of a number: its decimal text without sign, point, leading and trailing
 * zeros (`-0.0450` → `45`). Worked out by position rather than by three replacements: it runs for
 * every number a large trace files or checks.
 */
export function digitsOf(value: number): string {
  const text = String(Math.abs(value));
  const point = text.indexOf('.');
  const digits = point === -1 ? text : text.slice(0, point) + text.slice(point + 1);
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === zeroCode) start += 1;
  let end = digits.length;
  while (end > start && digits.charCodeAt(end - 1) === zeroCode) end -= 1;
  return start === 0 && end === digits.length ? digits : digits.slice(start, end);
}

const zeroCode = 48;

/** A number's key is its decimal string (ExtractedValue); without the sign it is the magnitude's. */
function magnitudeText(value: ExtractedValue): string {
  return value.key.charCodeAt(0) === 45 ? value.key.slice(1) : value.key;
}

const currencies = new Set(['usd', 'eur', 'gbp', 'cents']);
const majorCurrencies = new Set(['usd', 'eur', 'gbp']);
const measures = new Set([
  'ms',
  's',
  'min',
  'h',
  'd',
  'kb',
  'mb',
  'gb',
  'tb',
  'g',
  'kg',
  't',
  'lb',
  'mg',
  'mcg',
  'ml',
  'l',
  'm',
  'cm',
  'mm',
  'km',
  'in',
  'ft',
  'mi',
  'degc',
  'degf',
  '%',
]);

function isMinuteOrMetre(unit: string | null): boolean {
  return unit === 'm' || unit === 'min';
}

/** The same amount in another currency or unit of measure; null for anything else. */
export function unitNearMiss(actual: ExtractedValue, expected: ExtractedValue): DriftKind | null {
  if (actual.type !== 'number' || expected.type !== 'number' || actual.number !== expected.number) return null;
  const drift = compareNumbers(actual, expected);
  return drift === 'other currency' || drift === 'other unit' ? drift : null;
}

/** The written number of a raw value: `1.500` of `1.500 EUR`. */
function writtenDigits(raw: string): string {
  return /\d[\d.,]*\d|\d/.exec(raw)?.[0] ?? '';
}

/** `1.500` and `1,500`, `2,5` and `2.5`: one number in the notations of two locales (a translation), not a moved point. */
function isOtherLocaleNotation(actualRaw: string, expectedRaw: string): boolean {
  // Without a separator there is no other notation: most numbers, and no regular expression run for them.
  if (!actualRaw.includes('.') && !actualRaw.includes(',')) return false;
  const actual = writtenDigits(actualRaw);
  const expected = writtenDigits(expectedRaw);
  if (actual === expected || !/[.,]/.test(actual)) return false;
  const swapped = actual.replace(/[.,]/g, (separator) => (separator === '.' ? ',' : '.'));
  return swapped === expected;
}

const shiftableDimensions = new Set(['mass', 'length', 'volume', 'area', 'energy', 'power']);

/**
 * `1.8 kg` for a record's `18000 g`: converted, the amount is a power of ten off. A right conversion
 * (`18 kg`) or any other gap is no drift of this kind.
 */
function convertedShift(left: number, leftUnit: string, right: number, rightUnit: string): DriftKind | null {
  if (left === 0 || right === 0) return null;
  // Minor units against major ones (`amount_minor: 4125` for a GBP 412.50 total): pence are hundredths.
  const minorLeft = leftUnit === 'cents' && majorCurrencies.has(rightUnit);
  if (minorLeft || (rightUnit === 'cents' && majorCurrencies.has(leftUnit))) {
    const ratio = minorLeft ? left / 100 / right : left / (right / 100);
    return isPowerOfTenApart(Math.abs(ratio), 1e-6) ? 'decimal shift' : null;
  }
  // `x_` stands in for a quantity word: a unit alone is no field unit.
  const from = unitOfField(`x_${leftUnit}`);
  const to = unitOfField(`x_${rightUnit}`);
  // Physical measures only: data sizes and durations have rules of their own for factors (1000 or 1024 MB,
  // a wrong factor in the instructions), where a power of ten is that rule's finding.
  if (!from || !to || !shiftableDimensions.has(from.dimension)) return null;
  const factor = conversionFactor(from, to);
  if (factor === null) return null;
  return isPowerOfTenApart(Math.abs((left * factor) / right), 0.005) ? 'decimal shift' : null;
}

/** Whether a ratio is 10, 100 or 1000, or one of their inverses, to a relative tolerance (rounding in records). */
export function isPowerOfTenApart(ratio: number, tolerance: number): boolean {
  return [10, 100, 1000].some(
    (power) => Math.abs(ratio * power - 1) <= tolerance || Math.abs(ratio / power - 1) <= tolerance,
  );
}

/**
 * Ordered cheapest first: a check meets dozens of candidates that share an index key, and most of
 * them fail on a comparison of lengths or units before any string work is needed.
 */
function compareNumbers(actual: ExtractedValue, expected: ExtractedValue): DriftKind | null {
  const left = actual.number;
  const right = expected.number;
  if (left === null || right === null) return null;
  const unitsKnown = actual.unit !== null && expected.unit !== null;
  if (unitsKnown && actual.unit !== expected.unit) {
    // The same amount in another currency or unit of measure (`30 USD` became `30 EUR`, `30 min` became `30 s`).
    // Counted things (seats, items) are not units: `5 seats` and `5 items` are simply different facts.
    if (left !== right) return convertedShift(left, actual.unit ?? '', right, expected.unit ?? '');
    if (currencies.has(actual.unit ?? '') && currencies.has(expected.unit ?? '')) return 'other currency';
    // `15m` is fifteen minutes as often as fifteen metres (`rate(x[15m])`, `window: 15m`): the same figure.
    if (isMinuteOrMetre(actual.unit) && isMinuteOrMetre(expected.unit)) return null;
    // A share is no measure: "5%" and "5 ft" are different facts, not one figure in two units.
    if (actual.unit === '%' || expected.unit === '%') return null;
    return measures.has(actual.unit ?? '') && measures.has(expected.unit ?? '') ? 'other unit' : null;
  }
  if (left === right || isOtherLocaleNotation(actual.raw, expected.raw)) return null;
  const sameUnit = unitsKnown && actual.unit === expected.unit;
  // `amount: 404602` with `currency: "gbp"` told as "£4,046.02": a payments API's amounts are in pence.
  if (isMinorUnitsOf(actual, expected) || isMinorUnitsOf(expected, actual)) return null;
  // `x-message-ttl: 60000` told as "60 s": a duration an API gives with no unit is in milliseconds.
  if (secondsFromMilliseconds(actual, expected) || secondsFromMilliseconds(expected, actual)) return null;
  const smallest = Math.min(Math.abs(left), Math.abs(right));
  if (left === -right && left !== 0) return sameUnit || smallest >= 10 ? 'sign flip' : null;
  if (
    (sameUnit || (smallest >= 10 && (actual.unit !== null || expected.unit !== null))) &&
    left !== 0 &&
    right !== 0 &&
    Math.sign(left) === Math.sign(right)
  ) {
    const exponent = Math.log10(Math.abs(left) / Math.abs(right));
    const rounded = Math.round(exponent);
    // A factor of 10, 100 or 1000 (a decimal point moved). Small unitless numbers match too often by chance.
    if (rounded !== 0 && Math.abs(rounded) <= 3 && Math.abs(exponent - rounded) < 1e-9) return 'decimal shift';
  }
  const leftText = magnitudeText(actual);
  const rightText = magnitudeText(expected);
  if (leftText.length === rightText.length) {
    // Digits swapped across the decimal point (`3222.82` written `3228.22`) are a swap of the digits as typed.
    const swapped =
      adjacentTransposition(leftText, rightText) ||
      (leftText.indexOf('.') === rightText.indexOf('.') &&
        adjacentTransposition(leftText.replace('.', ''), rightText.replace('.', '')));
    // Two digits swap by chance too often, unless both figures sit under one field name (`axis: 85`, `axis: 58`).
    if (swapped && digitsOf(left).length >= (sameUnit || sameField(actual, expected) ? 2 : 3)) return 'transposition';
    return null;
  }
  if (sameUnit && Math.abs(leftText.length - rightText.length) === 1) {
    if (digitsOf(left).length < 3 || digitsOf(right).length < 3) return null;
    // `3.35 m` for `3.353`: a figure rounded to fewer decimals is the same figure.
    if (isRoundedForm(leftText, right) || isRoundedForm(rightText, left)) return null;
    const drift = stringNearMiss(leftText, rightText, false);
    if (drift === 'dropped character' || drift === 'added character') return drift;
  }
  return null;
}

/**
 * Whether a record's whole amount (`amount: -6698`, in a record with a currency) is an amount written to the
 * penny ("£66.98") in minor units: a hundred times it, either sign (a fee is a deduction).
 */
export function isMinorUnitsOf(record: ExtractedValue, written: ExtractedValue): boolean {
  if (record.field === null || record.number === null || written.number === null || written.field !== null)
    return false;
  if (!Number.isInteger(record.number) || record.unit === null || record.unit !== written.unit) return false;
  // `replacement_price_gbp: 64900` names pounds: only an amount whose currency a sibling gives may be in pence.
  if (unitFromField(record.field) !== null) return false;
  if (!/\.\d{2}(?!\d)/.test(written.raw)) return false;
  return Math.abs(record.number) === Math.round(Math.abs(written.number) * 100);
}

/** Durations a record keeps as a bare number: `ttl`, `timeout`, `x-message-ttl`, `retry_delay`, `interval`. */
const unitlessDurationField =
  /(?:^|[._-])(?:ttl|timeout|interval|delay|duration|latency|backoff|wait|period|expiry|expires?)$/i;

/** Whether `seconds` (written "60 s") is `bare` (a unitless duration field, 60000) read as milliseconds. */
function secondsFromMilliseconds(seconds: ExtractedValue, bare: ExtractedValue): boolean {
  if (seconds.unit !== 's' || bare.unit !== null || bare.field === null || seconds.number === null) return false;
  return bare.number === seconds.number * 1000 && unitlessDurationField.test(bare.field);
}

/** `2.1.4` for `2.4.1`: the same version numbers in another order. */
function swappedComponents(actual: string, expected: string): DriftKind | null {
  const left = actual.replace(/^v/i, '').split('.');
  const right = expected.replace(/^v/i, '').split('.');
  if (left.length < 2 || left.length !== right.length || left.join('.') === right.join('.')) return null;
  return [...left].sort().join('.') === [...right].sort().join('.') ? 'transposition' : null;
}

/** Whether two values were read under the same field name (the last key of their paths). */
function sameField(left: ExtractedValue, right: ExtractedValue): boolean {
  if (left.field === null || right.field === null) return false;
  return lastFieldName(left.field) === lastFieldName(right.field);
}

/** The last name of a field path: `lines[0].quantity` → `quantity`. */
export function lastFieldName(field: string): string {
  return field.slice(field.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
}

/** Whether `written` is `exact` rounded to the decimals `written` shows (half a unit of its last place). */
function isRoundedForm(written: string, exact: number): boolean {
  const decimals = (written.split('.')[1] ?? '').length;
  const exactDecimals = (String(exact).split('.')[1] ?? '').length;
  if (exactDecimals <= decimals) return false;
  return Math.abs(Number(written) - Math.abs(exact)) <= 0.5 * 10 ** -decimals + 1e-9;
}

/** Whether `shorter` is `longer` with some characters left out, in order. */
function isSubsequence(shorter: string, longer: string): boolean {
  let at = 0;
  for (const character of longer) if (character === shorter[at]) at += 1;
  return at === shorter.length;
}

/**
 * Phone numbers compare by digits: one or two digits dropped from a number of seven or more is a copying
 * slip (`+447700900412` → `+4477009412`), and so is a swap or a changed digit.
 */
function phoneNearMiss(actual: string, expected: string): DriftKind | null {
  const left = actual.replace(/\D/g, '');
  const right = expected.replace(/\D/g, '');
  if (left === right || left.length < 7 || right.length < 7) return null;
  const gap = right.length - left.length;
  if (gap === 1 || gap === 2) return isSubsequence(left, right) ? 'dropped character' : null;
  if (gap === -1 || gap === -2) return isSubsequence(right, left) ? 'added character' : null;
  return stringNearMiss(left, right, true);
}

/**
 * How `actual` (a value a span constructed) is a near miss of `expected` (a value upstream), or null
 * when they are unrelated. Only values of one kind are compared.
 */
export function nearMiss(actual: ExtractedValue, expected: ExtractedValue): DriftKind | null {
  if (actual.key === expected.key) return null;
  if (actual.type === 'number' && expected.type === 'number') return compareNumbers(actual, expected);
  if (
    actual.type !== expected.type &&
    !(
      (actual.type === 'identifier' && expected.type === 'number') ||
      (actual.type === 'number' && expected.type === 'identifier')
    )
  )
    return null;
  if (actual.type === 'email' || actual.type === 'url') {
    if (actual.key.length < 6) return null;
    return stringNearMiss(actual.key, expected.key, true);
  }
  if (actual.type === 'date' && expected.type === 'date') {
    const [year, month, day] = actual.key.split('-');
    const [otherYear, otherMonth, otherDay] = expected.key.split('-');
    if (year === otherYear && month === otherDay && day === otherMonth) return 'day and month swapped';
    // The same day a year or two back (`2026-01-02` for `2027-01-02`): a day is moved forward on purpose
    // (a renewal), rarely back, and a call that dates it back has the year wrong.
    if (
      month === otherMonth &&
      day === otherDay &&
      Number(year) < Number(otherYear) &&
      Number(otherYear) - Number(year) <= 2
    )
      return 'earlier year';
    // Dates one keystroke apart are usually different days on purpose ("Saturday", "tomorrow", "next
    // week" worked out from today): only a swap of two digits is the typo-shaped drift worth flagging.
    return stringNearMiss(actual.key, expected.key, false) === 'transposition' ? 'transposition' : null;
  }
  if (actual.type === 'version' && expected.type === 'version')
    return stringNearMiss(actual.key, expected.key, true) ?? swappedComponents(actual.key, expected.key);
  if (actual.type === 'phone' && expected.type === 'phone') return phoneNearMiss(actual.key, expected.key);
  // Identifiers (and bare numbers standing for them): `1234` → `1243`, `INC-20417` → `INC-2041`.
  const left = withoutHash(actual.key);
  const right = withoutHash(expected.key);
  if (left.length < 4 || right.length < 4) return null;
  return stringNearMiss(left, right, left.length >= 5 && anyDigit.test(left));
}

// Hoisted, and the `#` tested by its code: a regular expression literal is a new object each time it runs,
// and these run for every identifier candidate of a near-miss search.
const anyDigit = /\d/;

/** A key without its leading `#`, as `replace(/^#/, '')` would leave it. */
function withoutHash(key: string): string {
  return key.charCodeAt(0) === 35 ? key.slice(1) : key;
}
