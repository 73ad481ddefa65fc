import type { JsonValue } from '../../model/json-value.js';
import type { AnalysisContext } from '../analysis-context.js';
import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { extractFromJson, extractFromText } from '../values/extract-values.js';

const currencyCode = '(EUR|USD|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|INR|€|£|\\$)';
const amountPattern = new RegExp(
  `${currencyCode}\\s?(-?\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?|-?\\d+(?:\\.\\d+)?)|(-?\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?|-?\\d+(?:\\.\\d+)?)\\s?${currencyCode}(?![A-Za-z])`,
  'g',
);
/** Words that make a total differ from the plain sum of the lines above it. */
const adjustment =
  /\b(discount|less|minus|credit|refund|deduct\w*|voucher|deposit|paid|off|excluding|excl|rebate|waived|reimbursed|cap(ped)?|limit)\b/i;

interface Amount {
  currency: string;
  value: number;
}

function currencyOf(symbol: string): string {
  const upper = symbol.toUpperCase();
  return upper === '€' ? 'EUR' : upper === '£' ? 'GBP' : upper === '$' ? 'USD' : upper;
}

function amountsOf(line: string): Amount[] {
  const amounts: Amount[] = [];
  for (const match of line.matchAll(amountPattern)) {
    const symbol = match[1] ?? match[4] ?? '';
    const written = match[2] ?? match[3] ?? '';
    const value = Number(written.replace(/,/g, ''));
    if (Number.isFinite(value)) amounts.push({ currency: currencyOf(symbol), value });
  }
  return amounts;
}

/**
 * A total the text states for the amounts it lists above it, when those amounts add up to something else:
 * `- EUR 412.50 … - EUR 38.20 / Total: EUR 1,656.60` over lines that sum to 1,746.60. Null when the text
 * lists no such total, or its lines carry an adjustment (a discount, a deposit paid) the sum leaves out.
 */
export function misaddedTotal(text: string): { stated: Amount; sum: number; lines: number } | null {
  const lines = text.split('\n');
  const totalAt = lines.findLastIndex((line) => /\btotal\b/i.test(line) && !/\bsub-?total\b/i.test(line));
  if (totalAt < 2) return null;
  const stated = amountsOf(lines[totalAt] ?? '').at(-1);
  if (!stated) return null;
  const listed: number[] = [];
  for (const line of lines.slice(0, totalAt)) {
    if (/\bsub-?total\b/i.test(line)) continue;
    if (adjustment.test(line)) return null;
    const amounts = amountsOf(line).filter((amount) => amount.currency === stated.currency);
    // One amount per listed line: a line with two ("£40 instead of £50") is prose, not a list.
    if (amounts.length > 1) return null;
    if (amounts[0]) listed.push(amounts[0].value);
  }
  if (listed.length < 2) return null;
  const sum = Math.round(listed.reduce((left, right) => left + right, 0) * 100) / 100;
  if (Math.abs(sum - stated.value) <= 0.01) return null;
  return { stated, sum, lines: listed.length };
}

/** Whether an amount appears among a span's upstream data: then the text copied a total, not added one. */
function amountIsRecorded(context: AnalysisContext, value: number, before: number): boolean {
  const matches = (numbers: readonly { number: number | null }[]) =>
    numbers.some((item) => item.number !== null && Math.abs(item.number - value) <= 0.005);
  for (const span of context.spans) {
    if ((context.position.get(span.id) ?? 0) >= before) break;
    const result: JsonValue | null | undefined = span.tool?.result;
    if (result !== null && result !== undefined && matches(extractFromJson(result))) return true;
    for (const document of span.retrieval?.documents ?? [])
      if (matches(extractFromText(document.content ?? ''))) return true;
  }
  return false;
}

/**
 * A model that lists amounts and states a total they do not add up to, when no record holds that total:
 * the model added wrongly. The first model span that wrote the total is the root.
 */
export const miscomputedTotalRule: Rule = {
  id: 'miscomputed-total',
  evaluate(context) {
    // The model span that wrote the total, before the agent span that only passed it on.
    const answerSpan = context.answer ? context.byId.get(context.answer.spanId) : undefined;
    const writers = [...context.spans.filter((span) => span.role === 'llm'), ...(answerSpan ? [answerSpan] : [])];
    for (const span of writers) {
      const text = outputText(span);
      if (!/\btotal\b/i.test(text)) continue;
      const misadded = misaddedTotal(text);
      if (!misadded) continue;
      const position = context.position.get(span.id) ?? 0;
      if (amountIsRecorded(context, misadded.stated.value, position)) continue;
      const { stated, sum, lines } = misadded;
      const finding: RuleFinding = {
        rule: 'miscomputed-total',
        spanId: span.id,
        layer: 'model',
        severity: 'error',
        message: `${span.name} stated a total of ${stated.currency} ${stated.value} over ${lines} amounts that add up to ${stated.currency} ${sum}`,
        summary: `${span.name} added wrongly: the ${lines} amounts it listed come to ${stated.currency} ${sum}, not the ${stated.currency} ${stated.value} it gave as the total.`,
        confidence: 0.8,
        evidence: [
          {
            spanId: span.id,
            field: 'output',
            expected: `${stated.currency} ${sum}`,
            actual: `${stated.currency} ${stated.value}`,
            source: `the amounts ${span.name} listed`,
          },
        ],
        causal: true,
        badValue: String(stated.value),
      };
      return [finding];
    }
    return [];
  },
};
