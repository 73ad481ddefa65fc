import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { extractFromText } from '../values/extract-values.js';
import { dayAndMonthForms } from '../values/written-dates.js';

/** One record a tool returned for one of the request's codes, with how its dates read in prose. */
interface CodedRecord {
  code: string;
  span: Span;
  /** ISO dates of the record, each with the ways prose writes it ("11 february", "2026-02-11"). */
  dates: Map<string, string[]>;
}

function datesOf(value: JsonValue, found: Map<string, string[]>, depth = 0): void {
  if (depth > 6) return;
  if (typeof value === 'string') {
    const day = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(value)?.[1];
    if (day && !found.has(day)) found.set(day, [day, ...dayAndMonthForms(day)]);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const item of Array.isArray(value) ? value : Object.values(value)) datesOf(item, found, depth + 1);
}

/** The records of the run that belong to one code the request names (`MSCU4471203`), one per code. */
function codedRecords(context: AnalysisContext, codes: readonly string[]): CodedRecord[] {
  const records: CodedRecord[] = [];
  for (const span of context.spans) {
    const result = span.tool?.result;
    if (result === null || result === undefined || typeof result !== 'object' || Array.isArray(result)) continue;
    const text = JSON.stringify(result);
    const named = codes.filter((code) => text.includes(code));
    if (named.length !== 1 || records.some((record) => record.code === named[0])) continue;
    const dates = new Map<string, string[]>();
    datesOf(result, dates);
    records.push({ code: named[0] as string, span, dates });
  }
  return records;
}

/**
 * A model that pins one record's value on another: asked about two containers, it says MSCU4471203 clears
 * on 11 February, the date TGHU8812056's record holds, while MSCU4471203's own record says 18 February.
 */
export const misattributedValueRule: Rule = {
  id: 'misattributed-value',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    const answer = context.answer?.text ?? '';
    if (!request || answer === '') return [];
    const codes = [
      ...new Set(
        extractFromText(request)
          .filter((value) => value.type === 'identifier')
          .map((value) => value.raw),
      ),
    ];
    if (codes.length < 2) return [];
    // A sentence of the answer must name a code to pin a date on it: an answer that names none needs no
    // record read (each would be written out as JSON to be searched).
    if (!codes.some((code) => answer.includes(code))) return [];
    const records = codedRecords(context, codes);
    if (records.length < 2) return [];
    const answerLower = answer.toLowerCase();
    const writers = context.spans.filter((span) => span.role === 'llm');
    for (const sentence of answer.split(/(?<=[.!?])\s+/)) {
      const lower = sentence.toLowerCase();
      const subject = records.filter((record) => sentence.includes(record.code));
      if (subject.length !== 1) continue;
      const own = subject[0] as CodedRecord;
      for (const other of records) {
        if (other === own) continue;
        for (const [day, forms] of other.dates) {
          if (own.dates.has(day) || !forms.some((form) => lower.includes(form))) continue;
          const writer =
            writers.find((span) => outputText(span).toLowerCase().includes(lower)) ??
            context.byId.get(context.answer?.spanId ?? '');
          if (!writer || !answerLower.includes(lower)) continue;
          const finding: RuleFinding = {
            rule: 'misattributed-value',
            spanId: writer.id,
            layer: 'model',
            severity: 'error',
            message: `${writer.name} gave ${own.code} the date ${day}, which is ${other.code}'s in ${other.span.name}`,
            summary: `${writer.name} swapped records: it says ${own.code} has ${day}, but that date belongs to ${other.code}.`,
            confidence: 0.75,
            evidence: [
              {
                spanId: writer.id,
                field: 'output',
                expected: `${own.code}: ${[...own.dates.keys()].join(', ')}`,
                actual: sentence.trim(),
                source: `span ${own.span.name} result`,
              },
            ],
            causal: true,
            badValue: day,
          };
          return [finding];
        }
      }
    }
    return [];
  },
};
