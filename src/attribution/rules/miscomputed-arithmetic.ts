import { modelWriters, outputText, recordedBeforeWriting } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { numberWords } from '../text/words.js';

const currency = '(?:[$€£¥]|(?:EUR|USD|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|INR)\\s?)';
const figure = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
/** Words between a figure and the operator: "9,400 billable words x", "GBP 0.12 per word =". */
const unitWords = '((?:\\s+(?!x\\b|by\\b|and\\b|is\\b)[A-Za-z]{1,12}){0,3})';
/**
 * One operation written out with its result: "9,400 x GBP 0.12 per word = GBP 1,218.00", "3 × £8.50 = £25.50".
 * The left figure must not follow another operator or digit: "2 x 3 + 1 = 7" is not "3 + 1 = 7".
 */
const writtenOperation = new RegExp(
  `(?<![\\w.,:/+*×÷−-])(?<![\\d.,/+*×÷−-]\\s{1,2})(?<!\\d\\s?:\\s{1,2})(?<![+*×÷−-]\\s{0,2}[$€£¥])(?<!\\bx\\s{0,2})${currency}?${figure}(\\s?%)?${unitWords}\\s*([x×*+−/÷-])\\s*${currency}?${figure}(\\s?%)?${unitWords}\\s*=\\s*${currency}?(-?${figure})(\\s?%)?(?!\\d|[.,:]\\d|\\s*[x×*+−/÷]\\s*${currency}?\\d)`,
  'g',
);

interface WrittenOperation {
  written: string;
  left: number;
  right: number;
  operator: string;
  result: number;
  /** What the operation gives, worked out. */
  worked: number;
}

function numberOf(text: string | undefined): number {
  return Number((text ?? '').replace(/,/g, ''));
}

function apply(operator: string, left: number, right: number): number {
  if (operator === '+') return left + right;
  if (operator === '-' || operator === '−') return left - right;
  if (operator === '/' || operator === '÷') return right === 0 ? Number.NaN : left / right;
  return left * right;
}

function decimalsOf(text: string): number {
  const point = text.indexOf('.');
  return point < 0 ? 0 : text.length - point - 1;
}

/**
 * Operations a text writes out whose result is not what its figures give, to the result's own precision
 * ("= 1,218.00" for 9,400 × 0.12 = 1,128). Percentages are read either way ("12% x £200 = £24").
 */
export function wrongOperations(text: string): WrittenOperation[] {
  const wrong: WrittenOperation[] = [];
  for (const match of text.matchAll(writtenOperation)) {
    const [written, leftText, leftPercent, , operator = '', rightText, rightPercent, , , resultText, resultPercent] =
      match;
    // "-" between two bare figures is a range ("10-12 = …") as often as a subtraction: only "−" or spaced "-".
    if (operator === '-' && !/\s-\s/.test(written)) continue;
    const left = numberOf(leftText);
    const right = numberOf(rightText);
    const result = numberOf(resultText);
    if (!Number.isFinite(left) || !Number.isFinite(right) || !Number.isFinite(result)) continue;
    // Rounded to the result's decimals, and no closer than a cent or a hundredth of a per cent of it.
    const tolerance = Math.max(0.5 * 10 ** -decimalsOf(resultText ?? ''), Math.abs(result) * 1e-4) + 1e-9;
    const readings = [apply(operator, left, right)];
    const asShare = (value: number, percent: string | undefined) => (percent ? value / 100 : value);
    readings.push(apply(operator, asShare(left, leftPercent), asShare(right, rightPercent)));
    // "1,850 sq ft + 10% waste = 2,035": a percentage added to or taken off a figure is that share of it.
    if (rightPercent && !leftPercent && (operator === '+' || operator === '-' || operator === '−'))
      readings.push(operator === '+' ? left * (1 + right / 100) : left * (1 - right / 100));
    const results = resultPercent ? [result, result / 100] : [result];
    if (readings.some((worked) => results.some((stated) => Math.abs(worked - stated) <= tolerance))) continue;
    // "5,400 oysters x 80 g = 432 kg": a result in another unit than its figures is converted on the way.
    const resultUnit = unitAfter(text, (match.index ?? 0) + written.length);
    const operandUnits = `${match[3] ?? ''} ${match[7] ?? ''}`.toLowerCase();
    if (resultUnit !== null && !operandUnits.includes(resultUnit) && powerOfTenApart(readings[0] as number, result))
      continue;
    wrong.push({ written: written.trim(), left, right, operator, result, worked: readings[0] as number });
  }
  for (const found of pricedCounts(text)) wrong.push(found);
  for (const found of wrongShares(text)) wrong.push(found);
  for (const found of wrongSums(text)) wrong.push(found);
  return wrong;
}

const chainResult = new RegExp(`=\\s*${currency}?(-?${figure})(?![\\d.,]\\d)`, 'g');
const oneFigure = /\d[\d,]*(?:\.\d+)?/g;

/**
 * A sum of three parts or more written out with its result, each part one figure with its words: "frame
 * £189.00 + varifocals £245.00 + coating £60.00 = £484.00", "0.42 + 0.42 + 0.38 + 0.61 = 1.63 m²". The
 * chain runs from its line's or sentence's start, or the colon of its label, to the "=".
 */
function wrongSums(text: string): WrittenOperation[] {
  const wrong: WrittenOperation[] = [];
  for (const match of text.matchAll(chainResult)) {
    const at = match.index ?? 0;
    const before = text.slice(Math.max(0, at - 240), at);
    const start = Math.max(
      before.lastIndexOf('\n'),
      before.lastIndexOf(': '),
      before.lastIndexOf('. '),
      before.lastIndexOf('; '),
      before.lastIndexOf('='),
    );
    const chain = before.slice(start + 1);
    if (/(?:^|\s)[x×](?:\s|$)|[*÷/−]|\s-\s/.test(chain.replace(/\(\d+(?:\.\d+)?\s?%\)/g, ''))) continue;
    // A share named in brackets ("fuel surcharge (3%) £42.74") describes its part; it is no part itself.
    const parts = chain.replace(/\(\d+(?:\.\d+)?\s?%\)/g, '').split('+');
    if (parts.length < 3) continue;
    const figures = parts.map((part) => [...part.matchAll(oneFigure)].map((found) => numberOf(found[0])));
    if (figures.some((found) => found.length !== 1)) continue;
    const values = figures.map((found) => found[0] as number);
    const resultText = match[1] ?? '';
    const result = numberOf(resultText);
    const worked = values.reduce((sum, value) => sum + value, 0);
    const tolerance = Math.max(0.5 * 10 ** -decimalsOf(resultText), Math.abs(result) * 1e-4) + 1e-9;
    if (!Number.isFinite(result) || Math.abs(worked - result) <= tolerance) continue;
    wrong.push({
      written: `${chain.trim()} ${match[0].trim()}`,
      left: values[0] as number,
      right: worked - (values[0] as number),
      operator: '+',
      result,
      worked,
    });
  }
  return wrong;
}

/** A line that charges or takes off a share: "Bundle discount (10%): -£26.80", "VAT at 20%: £101.50". */
const shareLine = /\b(discount|vat|tax|surcharge|service charge|commission|deposit|margin|mark-?up|tip|off)\b/i;
const lineAmount = new RegExp(`${currency}\\s?-?${figure}|-?${figure}\\s?(?:EUR|USD|GBP)\\b`, 'g');
const linePercent = /(?<![\d.])(\d{1,2}(?:\.\d+)?)\s?%/g;

/**
 * A share a listed quote works out wrongly: "Combined: £168.00 / Bundle discount (10%): -£26.80", where 10%
 * of no amount above it (one line, or a run of lines added up) is £26.80.
 */
function wrongShares(text: string): WrittenOperation[] {
  const wrong: WrittenOperation[] = [];
  const amountsAbove: number[] = [];
  for (const line of text.split('\n')) {
    const amountMatches = [...line.matchAll(lineAmount)];
    const amounts = amountMatches.map((match) => numberOf(match[1] ?? match[2]));
    const percentMatches = [...line.matchAll(linePercent)];
    const percents = percentMatches.map((match) => Number(match[1]));
    // The share named before its amount ("VAT at 20%: £101.50"); a total told before a note on VAT is no share.
    const shareFirst = (percentMatches[0]?.index ?? Number.POSITIVE_INFINITY) < (amountMatches[0]?.index ?? -1);
    if (
      amounts.length === 1 &&
      percents.length === 1 &&
      shareFirst &&
      shareLine.test(line) &&
      !/\btotal\b/i.test(line) &&
      amountsAbove.length > 0
    ) {
      const share = (percents[0] as number) / 100;
      const stated = Math.abs(amounts[0] as number);
      // The dozen amounts above it are the quote the share is taken of; a long text's earlier ones are not.
      const recent = amountsAbove.slice(-12);
      const bases = new Set<number>(recent);
      for (let start = 0; start < recent.length; start += 1) {
        let sum = 0;
        for (let end = start; end < recent.length; end += 1) {
          sum += recent[end] as number;
          bases.add(Math.round(sum * 100) / 100);
        }
      }
      const near = (base: number) => Math.abs(base * share - stated) <= 0.011;
      const previous = amountsAbove.at(-1) as number;
      if (![...bases].some(near) && stated > 0)
        wrong.push({
          written: line.trim(),
          left: percents[0] as number,
          right: previous,
          operator: '%',
          result: stated,
          worked: previous * share,
        });
    }
    const last = amounts.at(-1);
    if (last !== undefined) amountsAbove.push(Math.abs(last));
  }
  return wrong;
}

const count = '(\\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const rate = `(?:each|per\\s+[a-z]+|an?\\s+[a-z]+)`;
const comesTo = '(?:comes?|came)\\s+to';
/**
 * A count at a price and what it comes to, told in words: "At £85.00 per session, three sessions come to
 * £225.00", "3 nights at £120 a night come to £360". Only these phrasings: no other figure may sit between.
 */
const pricedCountPatterns = [
  new RegExp(
    `\\bat\\s+${currency}?${figure}\\s*${rate},?\\s+${count}\\s+[a-z]+(?:\\s+[a-z]+){0,2}\\s+${comesTo}\\s+${currency}?${figure}(?!\\d|[.,]\\d)`,
    'gi',
  ),
  new RegExp(
    `(?<![\\d.,])\\b${count}\\s+[a-z]+(?:\\s+[a-z]+){0,2}\\s+at\\s+${currency}?${figure}\\s*(?:${rate})?,?\\s+${comesTo}\\s+${currency}?${figure}(?!\\d|[.,]\\d)`,
    'gi',
  ),
];

function pricedCounts(text: string): WrittenOperation[] {
  const wrong: WrittenOperation[] = [];
  pricedCountPatterns.forEach((pattern, index) => {
    for (const match of text.matchAll(pattern)) {
      const [written, first = '', second = '', resultText = ''] = match;
      const [countText, priceText] = index === 0 ? [second, first] : [first, second];
      const counted = numberWords.get(countText.toLowerCase()) ?? Number(countText);
      const price = numberOf(priceText);
      const result = numberOf(resultText);
      if (!Number.isFinite(counted) || !Number.isFinite(price) || !Number.isFinite(result) || counted < 2) continue;
      const worked = counted * price;
      const tolerance = Math.max(0.5 * 10 ** -decimalsOf(resultText), Math.abs(result) * 1e-4) + 1e-9;
      if (Math.abs(worked - result) <= tolerance) continue;
      wrong.push({ written: written.trim(), left: counted, right: price, operator: '×', result, worked });
    }
  });
  return wrong;
}

/** The word right after a result ("432 kg" → `kg`), or null. */
function unitAfter(text: string, at: number): string | null {
  return /^\s?([A-Za-z]{1,6})\b/.exec(text.slice(at, at + 10))?.[1]?.toLowerCase() ?? null;
}

function powerOfTenApart(worked: number, stated: number): boolean {
  if (worked === 0 || stated === 0) return false;
  const exponent = Math.log10(Math.abs(worked / stated));
  return Math.abs(exponent - Math.round(exponent)) < 1e-6 && Math.round(exponent) !== 0;
}

function rounded(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * A model that writes an operation out ("9,400 x GBP 0.12 per word = GBP 1,218.00") and gets it wrong: the
 * figures it shows give another result. The first model span that wrote it is the root; a later answer
 * that repeats the result only passes it on.
 */
export const miscomputedArithmeticRule: Rule = {
  id: 'miscomputed-arithmetic',
  evaluate(context) {
    const writers = modelWriters(context);
    for (const span of writers) {
      const text = outputText(span);
      // Written out with "=", as a share ("VAT at 20%: £101.50"), or as a count at a price that "comes to" a total.
      if (!text.includes('=') && !text.includes('%') && !/\bcomes?\s+to\b|\bcame\s+to\b/i.test(text)) continue;
      const operation = wrongOperations(text).find(
        (found) => !recordedBeforeWriting(context, String(found.result), span.id),
      );
      if (!operation) continue;
      const worked = rounded(operation.worked);
      const finding: RuleFinding = {
        rule: 'miscomputed-arithmetic',
        spanId: span.id,
        layer: 'model',
        severity: 'error',
        message: `${span.name} wrote "${operation.written}", but the figures it shows give ${worked}`,
        summary: `${span.name} worked the arithmetic out wrongly: "${operation.written}" gives ${worked}, not ${operation.result}.`,
        confidence: 0.8,
        evidence: [
          {
            spanId: span.id,
            field: 'output',
            expected: worked,
            actual: String(operation.result),
            source: `the figures ${span.name} wrote`,
          },
        ],
        causal: true,
        badValue: String(operation.result),
      };
      return [finding];
    }
    return [];
  },
};
