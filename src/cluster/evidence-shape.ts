import type { Evidence } from '../report/report.js';

export type DriftKind =
  | 'transposition'
  | 'dropped character'
  | 'added character'
  | 'one edit'
  | 'decimal shift'
  | 'sign flip'
  | 'other value'
  | 'no source';

/** How an actual value differs from the expected one, with the values themselves abstracted away. */
export function classifyDrift(expected: string | null, actual: string | null): DriftKind {
  if (expected === null || expected === '') return 'no source';
  if (actual === null) return 'other value';
  // `#1234` and `1234` name the same thing.
  const left = expected.trim().replace(/^#/, '');
  const right = actual.trim().replace(/^#/, '');
  const leftNumber = parseNumber(left);
  const rightNumber = parseNumber(right);
  if (leftNumber !== null && rightNumber !== null && leftNumber !== 0 && rightNumber !== 0) {
    if (leftNumber === -rightNumber) return 'sign flip';
    const ratio = Math.log10(Math.abs(rightNumber / leftNumber));
    if (Math.abs(ratio - Math.round(ratio)) < 1e-9 && Math.round(ratio) !== 0) return 'decimal shift';
  }
  if (left.length === right.length && isAdjacentTransposition(left, right)) return 'transposition';
  if (left.length === right.length + 1 && isOneDeletion(left, right)) return 'dropped character';
  if (right.length === left.length + 1 && isOneDeletion(right, left)) return 'added character';
  if (left.length === right.length && countDifferences(left, right) === 1) return 'one edit';
  return 'other value';
}

function parseNumber(text: string): number | null {
  // Amounts with a currency sign or a unit, not identifiers such as `INC-12340`.
  if (!/^[$€£]?\s?-?[\d,]+(\.\d+)?\s?[A-Za-z%]{0,8}$/.test(text.trim())) return null;
  const cleaned = text
    .replace(/[,\s]/g, '')
    .replace(/^[^\d.-]+/, '')
    .replace(/[^\d.]+$/, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return null;
  return Number(cleaned);
}

function isAdjacentTransposition(left: string, right: string): boolean {
  const differences: number[] = [];
  for (let index = 0; index < left.length; index += 1) {
    if (left[index] !== right[index]) differences.push(index);
    if (differences.length > 2) return false;
  }
  const [first, second] = differences;
  return first !== undefined && second === first + 1 && left[first] === right[second] && left[second] === right[first];
}

function isOneDeletion(longer: string, shorter: string): boolean {
  for (let index = 0; index < longer.length; index += 1) {
    if (longer.slice(0, index) + longer.slice(index + 1) === shorter) return true;
  }
  return false;
}

function countDifferences(left: string, right: string): number {
  let count = 0;
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) count += 1;
  return count;
}

/** The evidence's field with indexes, record IDs and argument prefixes removed: `args.items[2].sku` → `items.sku`. */
export function normaliseField(field: string): string {
  return field
    .replace(/\[\d+\]/g, '')
    .replace(/\.\d+(?=\.|$)/g, '')
    .replace(/^(args|arguments|input|inputs|output|outputs|result|tool\.arguments|tool\.result)\./, '')
    .toLowerCase();
}

/** A short, value-free description of the first piece of evidence. */
export function describeEvidence(evidence: readonly Evidence[]): string | null {
  const first = evidence[0];
  if (!first) return null;
  const field = normaliseField(first.field);
  const drift = classifyDrift(first.expected, first.actual);
  return drift === 'no source' ? `${field} had no source` : `${field} drifted by ${drift}`;
}
