import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText, spanOfCheck } from '../analysis-context.js';
import type { ValueCheck } from '../provenance.js';
import type { Rule } from '../rule.js';
import { numberWords } from '../text/words.js';

/** One sum a record's list gives: a field added over all its items, or over those that share a value. */
export interface ListSum {
  sum: number;
  count: number;
  /** `amount_gbp`, or `amount_gbp where status is paid`. */
  described: string;
}

/** Lists of records read for sums: a result is rarely longer, and a large one is no list a model adds up. */
const itemLimit = 60;

/**
 * The sums a result's lists of records give: each numeric field over all items, and over the items that
 * share one value of a text field (`status: "paid"`).
 */
export function listSums(value: JsonValue, into: ListSum[] = [], depth = 0): ListSum[] {
  if (depth > 6 || value === null || typeof value !== 'object') return into;
  if (!Array.isArray(value)) {
    for (const child of Object.values(value)) listSums(child, into, depth + 1);
    return into;
  }
  const items = value.filter(
    (item): item is { [key: string]: JsonValue } => item !== null && typeof item === 'object' && !Array.isArray(item),
  );
  if (items.length >= 2 && items.length <= itemLimit) {
    const numericFields = new Set<string>();
    const textFields = new Set<string>();
    for (const item of items)
      for (const [key, field] of Object.entries(item)) {
        if (typeof field === 'number') numericFields.add(key);
        else if (typeof field === 'string' && field.length <= 40) textFields.add(key);
      }
    for (const field of numericFields) {
      const add = (chosen: readonly { [key: string]: JsonValue }[], described: string) => {
        const numbers = chosen.map((item) => item[field]).filter((entry): entry is number => typeof entry === 'number');
        if (numbers.length < 2) return;
        into.push({
          sum: roundToCents(numbers.reduce((total, entry) => total + entry, 0)),
          count: numbers.length,
          described,
        });
      };
      add(items, field);
      for (const textField of textFields) {
        const groups = new Map<string, { [key: string]: JsonValue }[]>();
        for (const item of items) {
          const key = item[textField];
          if (typeof key !== 'string') continue;
          groups.set(key, [...(groups.get(key) ?? []), item]);
        }
        // A field whose every value differs (an id, a date) groups nothing.
        if (groups.size < 2 || groups.size === items.length) continue;
        for (const [key, chosen] of groups)
          if (chosen.length < items.length) add(chosen, `${field} where ${textField} is ${key}`);
      }
    }
  }
  for (const item of value) listSums(item, into, depth + 1);
  return into;
}

function roundToCents(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Whether two figures, written to the same decimals, differ in exactly one digit or by two neighbouring
 * digits swapped: 1,418.25 for 1,318.25, 1,381.25 for 1,318.25. The slip of a sum worked in the head.
 */
export function oneDigitApart(written: number, sum: number, decimals: number): boolean {
  if (written === sum) return false;
  const left = Math.abs(written).toFixed(decimals);
  const right = Math.abs(sum).toFixed(decimals);
  if (left.length !== right.length || Math.sign(written) !== Math.sign(sum) || left.length < 4) return false;
  const differing: number[] = [];
  for (let index = 0; index < left.length; index += 1) if (left[index] !== right[index]) differing.push(index);
  if (differing.length === 1) return true;
  const [first, second] = differing;
  return (
    differing.length === 2 &&
    first !== undefined &&
    second === first + 1 &&
    left[first] === right[second] &&
    left[second] === right[first]
  );
}

/** Words that tell a figure is a sum of several: "in total", "across three payments", "so far". */
const sumWords =
  /\b(?:total(?:led|s)?|in all|altogether|combined|so far|sum|across|adds? up|comes? to|between them)\b/i;

function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(
    before.lastIndexOf('. '),
    before.lastIndexOf('\n'),
    before.lastIndexOf('! '),
    before.lastIndexOf('? '),
  );
  const rest = text.slice(at);
  const ends = [rest.search(/[.!?](?:\s|$)/), rest.indexOf('\n')].filter((index) => index >= 0);
  return text.slice(start + 1, ends.length > 0 ? at + Math.min(...ends) : text.length);
}

/** Whether the sentence names the count of the summed items: "three payments", "3 invoices". */
function namesCount(sentence: string, count: number): boolean {
  for (const match of sentence.matchAll(/\b(\d{1,2}|[a-z]+)\s+(?:[a-z-]+\s+)?[a-z]+s\b/gi)) {
    const written = (match[1] ?? '').toLowerCase();
    if ((numberWords.get(written) ?? Number(written)) === count) return true;
  }
  return false;
}

function decimalsOf(raw: string): number {
  return (raw.replace(/[^\d.]/g, '').split('.')[1] ?? '').length;
}

/**
 * A figure the model gives as the sum of a record's list ("GBP 1,418.25 across three payments"), one digit
 * away from what that list adds up to (the three paid payments come to 1,318.25): the model added wrongly.
 * The record's own figures are right, so the first model span that wrote the sum is the root.
 */
export const misaddedRecordListRule: Rule = {
  id: 'misadded-record-list',
  evaluate(context) {
    const answerText = context.answer?.text ?? '';
    if (answerText === '') return [];
    const sumsBefore = new Map<string, ListSum[]>();
    const checks = context.provenance.checks;
    for (let index = 0; index < checks.length; index += 1) {
      const check = checks[index] as ValueCheck;
      if (!isCandidate(check, answerText)) continue;
      const span = spanOfCheck(context, check);
      if (!span) continue;
      const text = outputText(span);
      const at = text.indexOf(check.value.raw);
      if (at < 0) continue;
      const sentence = sentenceAround(text, at);
      if (!sumWords.test(sentence)) continue;
      let sums = sumsBefore.get(span.id);
      if (sums === undefined) {
        sums = recordSums(context, span);
        sumsBefore.set(span.id, sums);
      }
      const written = check.value.number as number;
      const decimals = decimalsOf(check.value.raw);
      // The figure is a sum the records give exactly: nothing to say.
      if (sums.some((entry) => entry.sum === written)) continue;
      const slipped = sums.find(
        (entry) => oneDigitApart(written, entry.sum, Math.max(decimals, 2)) && namesCount(sentence, entry.count),
      );
      if (!slipped) continue;
      const expected = slipped.sum.toFixed(Math.max(decimals, Number.isInteger(slipped.sum) ? 0 : 2));
      return [
        {
          rule: 'misadded-record-list',
          spanId: span.id,
          layer: 'model',
          severity: 'error',
          message: `${span.name} gave ${check.value.raw} as the sum of ${slipped.count} items whose ${slipped.described} add up to ${expected}`,
          summary: `${span.name} added the record's ${slipped.count} items wrongly: their ${slipped.described} come to ${expected}, not ${check.value.raw}.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: span.id,
              field: 'output',
              expected,
              actual: check.value.raw,
              source: `the ${slipped.count} items of a record before ${span.name}`,
            },
          ],
          causal: true,
          badValue: check.value.key,
        },
      ];
    }
    return [];
  },
};

/** Unsourced figures of model text that reached the user, large enough that a one-digit slip is no chance. */
function isCandidate(check: ValueCheck, answerText: string): boolean {
  return (
    check.status === 'unsourced' &&
    (check.constructedIn === 'answer' || check.constructedIn === 'model-text') &&
    check.value.type === 'number' &&
    check.value.number !== null &&
    Math.abs(check.value.number) >= 100 &&
    answerText.includes(check.value.raw)
  );
}

/** The list sums of every tool result recorded before a span. */
function recordSums(context: AnalysisContext, writer: Span): ListSum[] {
  // The answer's span is often the root agent, which starts first and records its answer last.
  const position =
    writer.id === context.answer?.spanId ? Number.POSITIVE_INFINITY : (context.position.get(writer.id) ?? 0);
  const sums: ListSum[] = [];
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (result === null || result === undefined || (context.position.get(span.id) ?? 0) >= position) continue;
    listSums(result, sums);
    if (sums.length > 400) break;
  }
  return sums;
}
