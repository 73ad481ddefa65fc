import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { contentWordSet, numberWords, stem } from '../text/words.js';

/** "All 12 local crew", "all four persons", "all of the 6 rooms": a claim about every one of N. */
const allOfNumber =
  /\ball\s+(?:of\s+the\s+|the\s+)?(\d{1,4}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i;
/** Fields that count what fell short: `missing: 1`, `unfilled: 4`, `failed_count: 2`. */
const shortfallKey =
  /^(?:[a-z]+_)*(missing|unfilled|outstanding|failed|unassigned|unconfirmed|declined|rejected|waitlisted|unaccounted|short|shortfall)(?:_count)?$/i;

/** Keys that count another time than now: `previous_run_drifted`, `last_week_failed`, `prior_sent`. */
const otherTimeKey = /(?:^|[_.])(?:previous|prev|prior|last|old|before|baseline|yesterday)(?:[_.]|$)/i;

/** A word for a state something reached: `confirmed`, `recovered`, `registered`, `paid`, `sent`. */
const stateWord = /^(?:[a-z]{3,}ed|paid|sent|sold|done|won|seen|met)$/;

interface CountedField {
  key: string;
  count: number;
}

/** Every count a result holds: numbers, and lists by their length, with the last word of their key. */
function countsOf(value: JsonValue, found: CountedField[], depth = 0): void {
  if (depth > 5 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value.slice(0, 50)) countsOf(item, found, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'number' && Number.isInteger(item) && item >= 0) found.push({ key, count: item });
    else if (Array.isArray(item)) found.push({ key, count: item.length });
    countsOf(item, found, depth + 1);
  }
}

interface Overstatement {
  sentence: string;
  claimed: number;
  field: CountedField;
  source: Span;
}

/**
 * The sentence claims all N, a record the run read counts N in all, and the same record counts fewer
 * for the sentence's own verb (`recovered: 3` for "all four … recovered") or a shortfall (`unfilled: 4`).
 */
function overstatementIn(sentence: string, records: readonly { span: Span; counts: CountedField[] }[]) {
  const match = allOfNumber.exec(sentence);
  if (!match) return null;
  const written = (match[1] ?? '').toLowerCase();
  const claimed = numberWords.get(written) ?? Number(written);
  if (!Number.isFinite(claimed) || claimed < 2) return null;
  const words = contentWordSet(sentence);
  for (const { span, counts } of records) {
    if (!counts.some((field) => field.count === claimed)) continue;
    const fewer = counts.find((field) => {
      if (field.count >= claimed) return false;
      // `previous_run_drifted: 0` counts another time: what is so now is not contradicted by it.
      if (otherTimeKey.test(field.key)) return false;
      if (shortfallKey.test(field.key)) return field.count > 0;
      // A count of those in a state (`confirmed`, `recovered: 3`) the sentence says all of them are in;
      // a count of things (`pupils: 29`, `chairs_free: 0`) says nothing about "all 31 contacts".
      const last = field.key.toLowerCase().split(/[_.]/).at(-1) ?? '';
      return stateWord.test(last) && words.has(stem(last));
    });
    if (fewer) return { sentence: sentence.trim(), claimed, field: fewer, source: span } satisfies Overstatement;
  }
  return null;
}

/**
 * An answer that says all of them when its record says not all: "All 12 local crew are confirmed" over a
 * confirmation list of 8 (4 unfilled), "all four recovered" over `recovered: 3, missing: 1`. The record was
 * right and the model rounded it up to everything: `model`, at the first model span that wrote it.
 */
export const overstatedAllRule: Rule = {
  id: 'overstated-all',
  evaluate(context: AnalysisContext) {
    const answer = context.answer;
    if (!answer || !allOfNumber.test(answer.text)) return [];
    const records: { span: Span; counts: CountedField[] }[] = [];
    for (const span of context.spans) {
      const result = span.tool?.result;
      if (span.role !== 'tool' || result === null || result === undefined || span.status.code === 'error') continue;
      const counts: CountedField[] = [];
      countsOf(result, counts);
      if (counts.length > 0) records.push({ span, counts });
    }
    for (const sentence of answer.text.split(/(?<=[.!?;])\s+|\n+/)) {
      const found = overstatementIn(sentence, records);
      if (!found) continue;
      const after = context.position.get(found.source.id) ?? 0;
      const writer =
        context.spans.find(
          (span) =>
            span.role === 'llm' &&
            (context.position.get(span.id) ?? 0) > after &&
            outputText(span).includes(found.sentence),
        ) ?? context.byId.get(answer.spanId);
      const writerId = writer?.id ?? answer.spanId;
      const writerName = writer?.name ?? 'the answer';
      const toolName = found.source.tool?.name ?? found.source.name;
      return [
        {
          rule: 'overstated-all',
          spanId: writerId,
          layer: 'model',
          severity: 'error',
          message: `${writerName} says "${found.sentence}" where ${toolName} recorded ${found.field.key} = ${found.field.count} of ${found.claimed}`,
          summary: `${writerName} told the user all ${found.claimed}, but ${toolName} recorded ${found.field.key} ${found.field.count}: the model overstated the record.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: writerId,
              field: 'output',
              expected: `${found.field.key} ${found.field.count} of ${found.claimed}`,
              actual: `all ${found.claimed}`,
              source: `${toolName} result`,
            },
          ],
          causal: true,
          badValue: null,
        } satisfies RuleFinding,
      ];
    }
    return [];
  },
};
