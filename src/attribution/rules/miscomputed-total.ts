import type { JsonValue } from '../../model/json-value.js';
import type { AnalysisContext } from '../analysis-context.js';
import { modelWriters, outputText } from '../analysis-context.js';
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

const bulletLine = /^\s*(?:[-*•–]|\d{1,2}[.)])\s/;

/** A total in whole units over parts in pence ("£2,764,148" for parts summing to 2,764,148.86): rounded, not misadded. */
function roundedToWhole(total: number, parts: readonly number[], sum: number): boolean {
  return Number.isInteger(total) && !parts.every(Number.isInteger) && Math.abs(sum - total) < 1;
}

/**
 * The amount a listed line gives in `currency`: undefined for a line with none, null for prose (two amounts
 * that are no working: "£40 instead of £50"). A line that works its amount out ("2 nights x £95: £190.00",
 * "1.5% of £6,500: £97.50") lists its result, the last amount.
 */
function listedAmount(line: string, currency: string): number | undefined | null {
  let amounts = amountsOf(line).filter((amount) => amount.currency === currency);
  if (
    amounts.length === 2 &&
    (/\d\s*(?:[a-z]+\s+)?(?:x|×|\*|@|at)\s*(?:[$€£]|[A-Z]{3}\s)?\s?\d/.test(line) || /\d\s?%\s+of\s/.test(line))
  )
    amounts = amounts.slice(1);
  if (amounts.length > 1) return null;
  return amounts[0]?.value;
}

/**
 * A subtotal line ("Subtotal: £507.50", "Combined: £168.00", "Net £1,424.60") under a run of listed lines
 * that add up to something else: the first sum of a quote the model got wrong, whatever follows from it.
 */
export function misaddedSubtotal(text: string): { stated: Amount; sum: number; lines: number } | null {
  const lines = text.split('\n');
  for (let at = 2; at < lines.length; at += 1) {
    const line = lines[at] ?? '';
    if (!/^\s*(?:sub-?total|combined|net(?:\s+total)?)\b\s*:?\s*/i.test(line)) continue;
    // The amount the word gives: "Subtotal £1,014.00 + VAT £202.80 = £1,216.80" states £1,014.00 as the subtotal.
    const stated = amountsOf(line)[0];
    if (stated === undefined) continue;
    const listed: number[] = [];
    let prose = false;
    for (let above = at - 1; above >= 0 && bulletLine.test(lines[above] ?? ''); above -= 1) {
      const item = lines[above] ?? '';
      const amount = adjustment.test(item) ? null : listedAmount(item, stated.currency);
      if (amount === null) {
        prose = true;
        break;
      }
      if (amount !== undefined) listed.push(amount);
    }
    if (prose || listed.length < 2) continue;
    const sum = Math.round(listed.reduce((left, right) => left + right, 0) * 100) / 100;
    if (Math.abs(sum - stated.value) <= 0.01 || roundedToWhole(stated.value, listed, sum)) continue;
    return { stated, sum, lines: listed.length };
  }
  return null;
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
  // The amount the total word gives ("Total: £786.66 including VAT. A £150 deposit…"), not one told after it;
  // with the sum worked out on the line ("Total: £494.10 + £170.10 = £664.20"), its result.
  const totalLine = lines[totalAt] ?? '';
  const afterWord = totalLine.slice(totalLine.search(/\btotal\b/i));
  const worked = afterWord.lastIndexOf('=');
  const stated = amountsOf(worked >= 0 ? afterWord.slice(worked) : afterWord)[0] ?? amountsOf(totalLine).at(-1);
  if (!stated) return null;
  const listed: number[] = [];
  // With items bulleted, the lines before the first ("At a £2,400 hammer price:") introduce the list.
  const firstBullet = lines.findIndex((line) => bulletLine.test(line));
  const above = lines.slice(firstBullet >= 0 && firstBullet < totalAt ? firstBullet : 0, totalAt);
  for (const line of above) {
    if (/\bsub-?total\b/i.test(line)) continue;
    if (adjustment.test(line)) return null;
    const amount = listedAmount(line, stated.currency);
    if (amount === null) return null;
    if (amount !== undefined) listed.push(amount);
  }
  if (listed.length < 2) return null;
  const sum = Math.round(listed.reduce((left, right) => left + right, 0) * 100) / 100;
  if (Math.abs(sum - stated.value) <= 0.01) return null;
  if (roundedToWhole(stated.value, listed, sum)) return null;
  return { stated, sum, lines: listed.length };
}

/** Words that make amounts beside a total something other than its parts: what it includes, a rate. */
const notAPart = /\b(including|incl|inc|per|each|every|a night|a day|a month|a year|instead|was|were|previous|last)\b/i;
/** A unit or a count noun after a figure: "210 L", "24 packs", "9 kg". */
const quantityUnitAfter = /^\s?(?!EUR|USD|GBP|CHF)[A-Za-z]{1,8}\b/;
/** The words around an amount that make it a rate: "at £0.60", "£0.60 per mile", "£9/hour". */
const rateBefore = /\bat\s*$/i;
const rateAfter = /^\s*(?:\/|per\b|each\b|an?\s+(?:mile|km|hour|night|day|week|month|head|person|unit|item)\b)/i;
/** Where a sentence states its total: "your total is £227.50", "Total: £93.50", "comes to £412". */
const totalPhrase =
  /\b(?:(?:sub-?)?total(?:\s+(?:is|of|comes to|due|cost|price))?|comes? to|adds? up to|sum (?:is|of)|in all|altogether)\s*:?\s*(?:is\s+)?$/i;
/** …or after it: "so £76.50 in total", "£412 altogether". */
const totalPhraseAfter = /^\s*(?:in\s+total|in\s+all|altogether|total)\b/i;
/** A line computed in the text: "3 x white shirt at £8.50 = £25.50". */
const computedLine = new RegExp(`=\\s*${currencyCode}?\\s?(\\d{1,3}(?:,\\d{3})*(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)`, 'g');

interface ProseTotal {
  stated: Amount;
  sum: number;
  lines: number;
  /** The amounts taken as parts, to check against what the run recorded. */
  parts: number[];
  /** Amounts the text computed itself (`= £25.50`): grounded by the multiplication it shows. */
  computed: Set<number>;
}

/**
 * The prose form: "your total is £227.50: £180.00 pitch, £45.00 hook-up and the £12.50 levy", "dye £42.00,
 * seam £9.00 and gussets £16.50, so £76.50 in total", or line
 * amounts in one sentence ("2 x blazer at £34.00 = £68.00, …") and "Total: £93.50" in the next.
 */
export function misaddedProseTotal(text: string): ProseTotal | null {
  return misaddedProseTotals(text)[0] ?? null;
}

/** Every total of the prose form that its parts do not add up to, in the text's order. */
export function misaddedProseTotals(text: string): ProseTotal[] {
  const found: ProseTotal[] = [];
  // A text that lists its amounts line by line is read as a list or not at all.
  if ((text.match(/^\s*(?:[-*•]|\d+[.)])\s/gm) ?? []).length >= 2) return found;
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z])|\n+/);
  for (const [index, sentence] of sentences.entries()) {
    // Every amount a total phrase leads, in order: "Subtotal £3,737.50, VAT £747.50, total £4,485.00" states
    // two, and "your basket comes to £30.23, … so the total is £34.18" too; either may be the one misadded.
    const candidates: { stated: Amount; statedAt: number }[] = [];
    for (const match of sentence.matchAll(amountPattern)) {
      const after = sentence.slice(match.index + match[0].length);
      if (!totalPhrase.test(sentence.slice(0, match.index)) && !totalPhraseAfter.test(after)) continue;
      const amount = amountsOf(match[0])[0];
      if (amount) candidates.push({ stated: amount, statedAt: match.index });
    }
    for (const { stated, statedAt } of candidates) {
      const misadded = misaddedAt(sentences, index, stated, statedAt);
      if (misadded) found.push(misadded);
    }
    // The first sentence that states a total is the one read: a later one may total other things.
    if (candidates.length > 0) return found;
  }
  return found;
}

/** The total stated at `statedAt` of sentence `index`, checked against its parts: null when they add up. */
function misaddedAt(sentences: readonly string[], index: number, stated: Amount, statedAt: number): ProseTotal | null {
  const sentence = sentences[index] ?? '';
  const adjusting = (text: string) =>
    adjustment.test(text.replace(/\b(?:nothing|no deposit)\b[^.]*\bpaid\b[^.]*/gi, ''));
  {
    const others = (part: string, skip: number, withoutOperands = false) => {
      const found: number[] = [];
      for (const match of part.matchAll(amountPattern)) {
        if (match.index === skip) continue;
        // "2 days x £240.00 = £480.00": the price multiplied is an operand; its result is the part.
        if (
          withoutOperands &&
          (/^\s*=/.test(part.slice(match.index + match[0].length)) ||
            /[x×*]\s*$/.test(part.slice(Math.max(0, match.index - 4), match.index)))
        )
          continue;
        // "Charged at £0.60", "£0.60 a mile": a rate the line multiplies, not a part of the total.
        if (rateBefore.test(part.slice(Math.max(0, match.index - 12), match.index))) continue;
        if (rateAfter.test(part.slice(match.index + match[0].length, match.index + match[0].length + 12))) continue;
        const amount = amountsOf(match[0])[0];
        if (amount && amount.currency === stated.currency) found.push(amount.value);
      }
      return found;
    };
    // The parts sit in the total's own sentence, or else all in the sentence before it.
    // "Subtotal £229.50 + £9.50 delivery = £239.00": what is added to the stated amount is no part of it.
    const statedEnd = sentence.indexOf(' ', statedAt + 1);
    // A subtotal's parts come before it: the VAT and the total told after it are built on it.
    const addedAfter =
      /^[^\d]{0,3}(?:\+|plus\b)/i.test(sentence.slice(statedEnd < 0 ? sentence.length : statedEnd)) ||
      /\bsub-?total\W*$/i.test(sentence.slice(0, statedAt));
    const own = others(addedAfter ? sentence.slice(0, statedAt) : sentence, statedAt);
    const source = own.length > 0 ? sentence : (sentences[index - 1] ?? '');
    if (notAPart.test(source) || adjusting(sentence) || adjusting(source)) return null;
    const computed = new Set<number>();
    for (const match of source.matchAll(computedLine)) {
      // "3 L = 210 L": a quantity worked out, not an amount of money, unless a currency marks it.
      const after = source.slice(match.index + match[0].length, match.index + match[0].length + 10);
      if (match[1] === undefined && quantityUnitAfter.test(after)) continue;
      computed.add(Number((match[2] ?? '').replace(/,/g, '')));
    }
    // With lines worked out in the text, their results are the parts, with any amount told alone beside
    // them ("materials £360.24; labour 2 days x £240.00 = £480.00"); the prices they multiply are not.
    const parts =
      computed.size > 0
        ? others(source === sentence ? sentence.slice(0, statedAt) : source, -1, true)
        : own.length > 0
          ? own
          : others(source, -1);
    if (parts.length < 2) return null;
    const sum = Math.round(parts.reduce((left, right) => left + right, 0) * 100) / 100;
    if (Math.abs(sum - stated.value) <= 0.01 || roundedToWhole(stated.value, parts, sum)) return null;
    // A deposit or discount told elsewhere ("You've paid a £100 deposit") may be what the total left
    // out or took off: only when no such amount explains the difference is the total misadded.
    const adjustmentsTold = sentences
      .filter((other) => other !== sentence && other !== source && adjusting(other))
      .map((other) => amountsOf(other).filter((amount) => amount.currency === stated.currency));
    // An adjustment without its amount ("your loyalty discount was applied") could explain any total.
    if (adjustmentsTold.some((amounts) => amounts.length === 0)) return null;
    const adjustments = adjustmentsTold.flat().map((amount) => amount.value);
    const explained = (value: number) => Math.abs(Math.abs(sum - stated.value) - value) <= 0.01;
    const allAdjustments = adjustments.reduce((left, right) => left + right, 0);
    if (adjustments.some(explained) || explained(allAdjustments)) return null;
    return { stated, sum, lines: parts.length, parts, computed };
  }
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
    const writers = modelWriters(context);
    for (const span of writers) {
      const text = outputText(span);
      if (!/\b(?:(?:sub-?)?total|adds? up to|comes? to|sum (?:is|of)|altogether|combined|net)\b/i.test(text)) continue;
      const position = context.position.get(span.id) ?? 0;
      let misadded: { stated: Amount; sum: number; lines: number } | null =
        misaddedSubtotal(text) ?? misaddedTotal(text);
      // In prose, every part must be the run's own figure or a line the text works out: else the
      // amounts beside a total may be anything (a balance, a price per night).
      misadded ??=
        misaddedProseTotals(text).find((prose) =>
          prose.parts.every((part) => prose.computed.has(part) || amountIsRecorded(context, part, position)),
        ) ?? null;
      if (!misadded) continue;
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
