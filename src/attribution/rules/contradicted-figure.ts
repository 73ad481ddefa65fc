import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText, spanOfCheck } from '../analysis-context.js';
import type { ValueCheck } from '../provenance.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { contentWords, numberWords } from '../text/words.js';
import { type ExtractedValue, extractFromJson, extractFromText, normaliseUnit } from '../values/extract-values.js';
import {
  boundField,
  conversionFactor,
  isCurrencyUnit,
  isTimeUnit,
  perUnitsInText,
  quantitiesInText,
} from '../values/measure-units.js';
import { isDayOfWrittenDate } from '../values/written-dates.js';

/** Words that name no particular fact: a field called `value` or `amount` alone links to anything. */
const vagueWords = new Set(['valu', 'amount', 'result', 'data', 'total', 'number', 'count', 'item', 'info', 'id']);

/** Unit and currency words say how a figure is measured, not what it is about. */
const unitWords = new Set([
  'eur',
  'usd',
  'gbp',
  'cent',
  'kg',
  'km',
  'mb',
  'gb',
  'kb',
  'ms',
  'min',
  'pct',
  'percent',
  'kwh',
]);

interface ContextFigure {
  value: ExtractedValue;
  span: Span;
  /** What the figure is about: its field's words, or its sentence's words for free text. */
  topic: Set<string>;
  fromField: boolean;
  /** Names of the record the figure belongs to (`Harbourside Hall`), lowercased; empty for free text. */
  entityNames: string[];
  /** Whether the record is one of a list of two or more (`intervals[3].au_ppb`), whose figures an answer may pool. */
  inList: boolean;
  /** Whether the figure sits in a phrase of text (`includes: "sharing boards, 2 sides"`), not alone in its field. */
  inPhrase: boolean;
}

const whitespace = /\s/;

/** `\s` for one character; printable ASCII, the most of any text, without the pattern. */
function isSpace(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code > 32 && code < 127) return false;
  return whitespace.test(text.charAt(index));
}

function isStop(char: string): boolean {
  return char === '.' || char === '!' || char === '?';
}

/**
 * Where the sentence holding `at` starts: after the last stop-and-spaces or line break before it (the end
 * of the last match of `/[.!?]\s+|\n/g` in the text before `at`), found from `at` backwards. Every
 * figure of every model span asks: its text need not be copied and scanned from the start.
 */
function sentenceStart(text: string, at: number): number {
  let index = at - 1;
  while (index >= 0) {
    const char = text.charAt(index);
    if (char === '\n') return index + 1;
    if (!isSpace(text, index)) {
      index -= 1;
      continue;
    }
    // A run of spaces ends a sentence, up to `at`, when a stop opens it; else only a line break in it does.
    let runStart = index;
    while (runStart > 0 && isSpace(text, runStart - 1)) runStart -= 1;
    if (runStart > 0 && isStop(text.charAt(runStart - 1))) return index + 1;
    const lineBreak = text.lastIndexOf('\n', index);
    if (lineBreak >= runStart) return lineBreak + 1;
    index = runStart - 1;
  }
  return 0;
}

/** Where the sentence holding text from `from` on ends: at its next stop before a space or the end, or line break. */
function sentenceEnd(text: string, from: number): number {
  for (let index = from; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (char === '\n') return index;
    if (isStop(char) && (index + 1 === text.length || isSpace(text, index + 1))) return index;
  }
  return text.length;
}

function sentenceAround(text: string, raw: string): string {
  const at = text.indexOf(raw);
  if (at < 0) return '';
  // A sentence ends at a stop followed by a space or a line break; the point of `0.6` ends nothing.
  return text.slice(sentenceStart(text, at), sentenceEnd(text, at + raw.length));
}

/**
 * Topics by field name: every record of every result asks for its keys' topics, and keys repeat across
 * thousands of spans. A topic is only read, so one set serves every figure under that key. Bounded, as
 * field names come from trace data.
 */
const topicsByField = new Map<string, Set<string>>();

/** Shorthand in field names, read as a sentence writes it: `avg_daily_drop` is an "average drop a day". */
const fieldLonghand: Record<string, string> = {
  avg: 'average',
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  yearly: 'year',
  annual: 'year',
  qty: 'quantity',
};
const fieldShorthand = /(?<=^|[._])(?:avg|daily|weekly|monthly|yearly|annual|qty)(?=$|[._])/gi;

function fieldTopic(field: string): Set<string> {
  let topic = topicsByField.get(field);
  if (topic === undefined) {
    topic = new Set(
      contentWords(field.replace(fieldShorthand, (word) => fieldLonghand[word.toLowerCase()] ?? word)).filter(
        (word) => !vagueWords.has(word) && !unitWords.has(word),
      ),
    );
    if (topicsByField.size >= 10_000) topicsByField.clear();
    topicsByField.set(field, topic);
  }
  return topic;
}

/** The text a model span was given, when recorded: only figures in it were the context it had. */
function inputTextOf(span: Span): string | null {
  const texts = span.inputMessages.map((message) => message.text).filter((text) => text.length > 0);
  return texts.length > 0 ? texts.join('\n') : null;
}

/** A record's names: short strings with a capital letter (`Harbourside Hall`, `Nordkap AS`). */
function recordNames(record: { [key: string]: JsonValue }): string[] {
  return Object.values(record)
    .filter((value): value is string => typeof value === 'string' && value.length >= 4 && value.length <= 60)
    .filter((value) => /[A-Z]/.test(value) && /[a-z]/i.test(value))
    .map((value) => value.toLowerCase());
}

/** Each number or date of each record in a result, with its field and the record's names. */
function recordFigures(
  value: JsonValue,
  span: Span,
  output: ContextFigure[],
  depth = 0,
  parentKey = '',
  inList = false,
): void {
  if (depth > 8 || output.length > 2_000 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) recordFigures(item, span, output, depth + 1, parentKey, value.length >= 2);
    return;
  }
  const entityNames = recordNames(value);
  // A money object (`total_due: {amount: 700, currency: "USD"}`) says what it is in its parent's key and its
  // unit in a sibling.
  const currency = typeof value.currency === 'string' ? normaliseUnit(value.currency) : null;
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === 'object') {
      recordFigures(item, span, output, depth + 1, key);
      continue;
    }
    const own = fieldTopic(key);
    const fromParent = own.size === 0 && parentKey !== '';
    const topic = fromParent ? fieldTopic(parentKey) : own;
    const inPhrase = typeof item === 'string' && /\s/.test(item.trim());
    for (const extracted of extractFromJson(item, fromParent ? `${parentKey}.${key}` : key)) {
      if (extracted.type === 'number' && extracted.unit === null && currency !== null) extracted.unit = currency;
      if (extracted.type === 'number' || extracted.type === 'date' || extracted.type === 'time')
        output.push({ value: extracted, span, topic, fromField: true, entityNames, inList, inPhrase });
    }
  }
}

/** Figures more than twenty times apart: beyond any slip of a digit or a decimal point. */
function farApart(left: number, right: number): boolean {
  if (left === 0 || right === 0) return left !== right;
  const ratio = Math.abs(left / right);
  return ratio > 20 || ratio < 1 / 20;
}

/** Every figure the tools and retrievers handed over, in causal order, with the position of its span. */
interface ContextFigures {
  figures: ContextFigure[];
  positions: number[];
}

function contextFigures(context: AnalysisContext): ContextFigures {
  const figures: ContextFigure[] = [];
  const positions: number[] = [];
  context.spans.forEach((span, position) => {
    const before = figures.length;
    if (span.tool?.result !== null && span.tool?.result !== undefined) recordFigures(span.tool.result, span, figures);
    for (const document of span.retrieval?.documents ?? []) {
      for (const value of extractFromText(document.content)) {
        if (value.type !== 'number' && value.type !== 'date') continue;
        figures.push({
          value,
          span,
          topic: new Set(contentWords(sentenceAround(document.content, value.raw))),
          fromField: false,
          entityNames: [],
          inList: false,
          inPhrase: true,
        });
      }
    }
    for (let index = before; index < figures.length; index += 1) positions.push(position);
  });
  return { figures, positions };
}

/** Without a recorded input, the context a model span can have seen: the figures just before it. */
const nearestFigures = 300;

/** Figures by the way they are written (`42`, `0.6`, `2026-11-28`, `14:30`), to find those an input holds. */
function figuresByToken(all: ContextFigures): Map<string, number[]> {
  const index = new Map<string, number[]>();
  all.figures.forEach((figure, at) => {
    for (const token of new Set([figure.value.raw, figure.value.key])) {
      const list = index.get(token);
      if (list) list.push(at);
      else index.set(token, [at]);
    }
  });
  return index;
}

/** Fields that state a bound, and the words that speak of one. */
const isBoundField = (field: string | null): boolean => field !== null && boundField.test(field);
const boundWords =
  /\b(min(?:imum)?|max(?:imum)?|limit|cap(?:ped)?|threshold|at least|at most|up to|no more than|no less than|floor|ceiling)\b/i;

/** Fields that measure time: `duration`, `eta_s`, `wait_minutes`, `hours`, `days_left`. */
const timeField =
  /(^|[._])(time|times|duration|eta|wait|delay|elapsed|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|weeks?|[smhdw])($|[._])/i;

/** Whether a record names the unit of time its figures are in (`unit: "hours"`). */
function statesTimeUnit(result: JsonValue | null): boolean {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return false;
  return Object.entries(result).some(
    ([key, value]) =>
      /^(unit|units|uom|time_?unit)$/i.test(key) &&
      typeof value === 'string' &&
      /^(hours?|hrs?|h|minutes?|mins?|days?|weeks?|seconds?|s)$/i.test(value),
  );
}

/** Fields that hold a ratio or a share (`vat_rate: 0.2`, `fill_ratio`), never an amount of money. */
const ratioField = /(^|[._])(rate|ratio|pct|percent|percentage|share|factor|fraction|multiplier)$/i;
const isRateField = (field: string | null): boolean => field !== null && /(^|[._])per([._]|$)/i.test(field);

/** Whether the sentence writes the figure as a rate: "£8.95 per pupil", "1/10", "£14.50 each", "2 a day". */
function writtenAsRate(sentence: string, raw: string): boolean {
  const at = sentence.indexOf(raw.toLowerCase());
  if (at < 0) return false;
  return /^\s*(?:[a-z%£$€]+\s+)?(?:\/|per\b|each\b|an?\s+[a-z]+)/.test(
    sentence.slice(at + raw.length, at + raw.length + 24),
  );
}

/** Words that set a figure in the time to come: "from April", "expect", "will be", "once it starts". */
const projects = /\b(?:from|starting|expect|will|would|once|going forward|after that)\b/i;

/** Whether a field is a rate over the period (`avg_daily_drop` for "a day", `weekly_rent`, `rent_per_week`). */
function fieldOfPeriod(field: string | null, period: string): boolean {
  const adverb = period === 'day' ? 'daily' : `${period}ly`;
  return new RegExp(`(^|[._])(${adverb}|per_${period}|${period})([._]|$)`, 'i').test(field ?? '');
}

/** The period a figure is written per ("£237 a week" → week), or null when it is no rate over time. */
function ratePeriod(sentence: string, raw: string): string | null {
  const at = sentence.indexOf(raw.toLowerCase());
  if (at < 0) return null;
  const match = /^\s*(?:[a-z%£$€]+\s+)?(?:per|a|an|each)\s+(day|night|week|month|year|hour|minute|second)\b/.exec(
    sentence.slice(at + raw.length, at + raw.length + 24),
  );
  return match?.[1] ?? null;
}

/** Whether the figure is told as an estimate: "about 3,200", "roughly 6", "~40". */
function approximateBefore(sentence: string, raw: string): boolean {
  const at = sentence.indexOf(raw.toLowerCase());
  return (
    at >= 0 &&
    /(?:about|around|roughly|approximately|nearly|almost|~)\s*$/.test(sentence.slice(Math.max(0, at - 16), at))
  );
}

/** Whether the change between two figures under one field name, spread over a period count, gives the figure. */
function spreadChange(candidates: readonly ContextFigure[], spread: (total: number) => boolean): boolean {
  const byField = new Map<string, number[]>();
  for (const figure of candidates) {
    if (figure.value.number === null || figure.value.field === null) continue;
    const field = figure.value.field.slice(figure.value.field.lastIndexOf('.') + 1);
    const numbers = byField.get(field) ?? [];
    if (numbers.length < 24) numbers.push(figure.value.number);
    byField.set(field, numbers);
  }
  for (const numbers of byField.values())
    for (const left of numbers) for (const right of numbers) if (left > right && spread(left - right)) return true;
  return false;
}

/** Whether a figure of 100-599 is an HTTP status the sentence reports: "a temporary 503", "HTTP 429", "404 Not Found". */
function isStatusCodeMention(sentence: string, value: ExtractedValue): boolean {
  const number = value.number;
  if (number === null || !Number.isInteger(number) || number < 100 || number > 599 || value.unit !== null) return false;
  const at = sentence.indexOf(value.raw);
  if (at < 0) return false;
  return (
    statusBefore.test(sentence.slice(Math.max(0, at - 40), at)) ||
    statusAfter.test(sentence.slice(at + value.raw.length, at + value.raw.length + 30))
  );
}

const statusBefore =
  /\b(?:HTTP|status(?:\s+code)?|error(?:\s+code)?|returned\s+an?|got\s+an?|hit\s+an?|received\s+an?|threw\s+an?|answered\s+with\s+an?|temporary|transient)\s*(?:temporary\s+|transient\s+)?$/i;
const statusAfter =
  /^\s*(?:error|status|response|service unavailable|bad gateway|gateway timeout|too many requests|not found|internal server error|conflict|unauthori[sz]ed|forbidden)\b/i;

/** Words that pool a list's figures: "length-weighted … 828 ppb", "the mean wait", "across all six sites". */
const poolingWords = /\b(?:average[ds]?|mean|weighted|median|aggregated?|composite|overall|combined|across|in all)\b/i;

/** Fields that state an aggregate: the record's own answer to "how much in all". */
const totalField = /(^|[._])(total|total_?due|amount_?due|balance(_?due)?|grand_?total|sum|due)([._]|$)/i;
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Whether a text writes a record's date by day and month ("Thursday 14 May", "May 14th"), with its year or none. */
function writesDayOf(text: string, value: ExtractedValue): boolean {
  if (value.type !== 'date') return false;
  const parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.key);
  if (!parts) return false;
  const month = monthNames[Number(parts[2]) - 1];
  const day = String(Number(parts[3]));
  if (month === undefined) return false;
  const written = new RegExp(
    `\\b(?:${day}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}[a-z]*|${month}[a-z]*\\.?\\s+${day}(?:st|nd|rd|th)?)\\b(?:,?\\s+(\\d{4})\\b)?`,
    'gi',
  );
  // "14 March 2027" is not the record's 2026-03-14.
  for (const match of text.matchAll(written)) if (match[1] === undefined || match[1] === parts[1]) return true;
  return false;
}

/** Whether a sentence states the sum or difference of two figures, so one is a change to the other. */
function statesSumOrDifference(stated: readonly number[], left: number, right: number): boolean {
  return stated.some(
    (number) =>
      number !== left &&
      number !== right &&
      (Math.abs(number - (left + right)) < 0.005 || Math.abs(number - Math.abs(left - right)) < 0.005),
  );
}

const trailingZeroDecimals = /\.0+$/;

/** The figures before a position that a model's recorded input holds, found by the tokens of that input. */
function givenFigures(
  all: ContextFigures,
  index: Map<string, number[]>,
  given: string,
  position: number,
): ContextFigure[] {
  const found = new Set<number>();
  const tokens = given.match(/\d[\d.:-]*\d|\d/g) ?? [];
  // "16:00-21:00" holds two times: a range of clock times is read as its ends.
  for (const token of tokens.flatMap((token) =>
    token.includes(':') && token.includes('-') ? [token, ...token.split('-')] : [token],
  )) {
    // A record's `700` reaches a prompt as `700.0` when a client re-serialises it: one figure.
    const whole = trailingZeroDecimals.test(token) ? token.replace(trailingZeroDecimals, '') : null;
    for (const candidate of whole === null ? [token] : [token, whole])
      for (const at of index.get(candidate) ?? []) if ((all.positions[at] as number) < position) found.add(at);
  }
  return [...found].sort((left, right) => left - right).map((at) => all.figures[at] as ContextFigure);
}

function figuresBefore(all: ContextFigures, position: number): ContextFigure[] {
  let low = 0;
  let high = all.positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((all.positions[middle] as number) < position) low = middle + 1;
    else high = middle;
  }
  return all.figures.slice(Math.max(0, low - nearestFigures), low);
}

function differsBeyondRounding(actual: ExtractedValue, expected: ExtractedValue): boolean {
  if (actual.type !== expected.type) return false;
  if (actual.type === 'date' || actual.type === 'time') return actual.key !== expected.key;
  const left = actual.number;
  const right = expected.number;
  if (left === null || right === null) return false;
  // "about 312 EUR" for 312.40 is rounding, not a contradiction.
  return Math.abs(left - right) > Math.max(Math.abs(left), Math.abs(right)) * 0.02;
}

/**
 * How strongly a context figure is the same fact as the written one; 0 when it is not. A figure the
 * user gave ("a 180-person dinner") contradicts a record only when the sentence pins it on that record.
 */
/** Everyday words for the stages records name (stemmed as `contentWords` gives them), and the field words they mean. */
const stageWords = new Map<string, readonly string[]>([
  ['leav', ['depart', 'departur']],
  ['sail', ['depart', 'departur']],
  ['depart', ['departur']],
  ['departur', ['depart']],
  ['arriv', ['arrival']],
  ['arrival', ['arriv']],
  ['land', ['arrival', 'arriv']],
  ['begin', ['start']],
  ['kick', ['start']],
]);

/** A record's one grand total (`total_gbp`, `amount_due`), not the total of a part (`labour_total`). */
const grandTotalField =
  /(?:^|\.)(?:total|grand_?total|total_?due|amount_?due|balance_?due|total_?(?:gbp|eur|usd)|total_?inc(?:l|luding)?_?vat(?:_?(?:gbp|eur|usd))?)$/i;
/** "owe", "comes to", "in total", "altogether": a sentence that tells what is to pay in all. */
const owedInAll =
  /\b(?:owes?|owing|comes?\s+to|came\s+to|in\s+total|altogether|all\s+in|in\s+all|total\s+(?:is|of|comes|due)|to\s+pay)\b/i;

function sameFactScore(
  written: ExtractedValue,
  sentence: string,
  sentenceWords: Set<string>,
  figure: ContextFigure,
  fromRequest: boolean,
): number {
  if (!differsBeyondRounding(written, figure.value)) return 0;
  const unitsKnown = written.unit !== null && figure.value.unit !== null;
  if (unitsKnown && written.unit !== figure.value.unit) return 0;
  let shared = 0;
  for (const word of figure.topic) if (sentenceWords.has(word)) shared += 1;
  const namesRecord = figure.entityNames.some((name) => sentence.includes(name));
  if (fromRequest) return namesRecord && shared >= Math.min(2, figure.topic.size) && shared > 0 ? shared + 2 : 0;
  if (figure.fromField) {
    // "Her parents owe £710.25" against `total_gbp: 650.25`: a field that only says "total" names what is owed,
    // and a sentence that says what is owed in all is about it.
    if (
      figure.topic.size === 0 &&
      unitsKnown &&
      grandTotalField.test(figure.value.field ?? '') &&
      owedInAll.test(sentence)
    )
      return 1;
    // Every word of the field's name in the sentence ("open disputes" for `open_disputes`), or the record named.
    // A date is specific enough that one word of its field in the sentence links it ("due" for `lender_due_date`).
    const dateLink = written.type === 'date' && figure.value.type === 'date' && shared >= 1;
    const linked = (figure.topic.size > 0 && shared === figure.topic.size) || (namesRecord && shared >= 1) || dateLink;
    return linked ? shared + (unitsKnown ? 1 : 0) + (namesRecord ? 1 : 0) : 0;
  }
  // Free text links on its unit and at least two shared words.
  return unitsKnown && shared >= 2 ? shared : 0;
}

/** Whether a span's tool arguments hold a value (by its normalised key). */
function argumentsHold(span: Span, key: string): boolean {
  const args = span.tool?.arguments;
  if (args === null || args === undefined) return false;
  return extractFromJson(args).some((value) => value.key === key);
}

const writtenSum =
  /(\d[\d,]*(?:\.\d+)?)(?:\s*(M|k|bn|million|thousand|billion)\b)?\s*([+\-−xX×*/÷])\s*(\d[\d,]*(?:\.\d+)?)\s*(?:=|≈|[Ii][Ss]|[Mm]akes)\s*(?:[Aa]bout\s+|~)?[^\d\s]{0,3}(\d[\d,]*(?:\.\d+)?)/g;

/** Whether a figure is written after "per" ("per £1,000", "per 100 kg"): the base of a rate. */
function rateBase(text: string, raw: string): boolean {
  for (let at = text.indexOf(raw); at >= 0; at = text.indexOf(raw, at + 1))
    if (/\bper\s*$/i.test(text.slice(Math.max(0, at - 6), at))) return true;
  return false;
}

/** Whether bare digits (`0155`) are written in the input inside a code: `0155_backfill`, `MIG-0155`. */
function namesCodeOfInput(raw: string, given: string | null): boolean {
  if (given === null || !/^\d{3,}$/.test(raw)) return false;
  return new RegExp(`(?<![\\d.])${raw}(?=[_-][A-Za-z])|(?<=[A-Za-z][_-])${raw}(?![\\d.])`).test(given);
}

/** What a scale after a figure multiplies it by: "620.4 M" is 620,400,000. */
const writtenScales: Readonly<Record<string, number>> = {
  M: 1e6,
  million: 1e6,
  k: 1e3,
  thousand: 1e3,
  bn: 1e9,
  billion: 1e9,
};

const chainFigure = '\\d[\\d,]*(?:\\.\\d+)?';
const chainOperator = '[+\\-−xX×*/÷]';
const writtenChain = new RegExp(
  `(${chainFigure}(?:\\s*${chainOperator}\\s*${chainFigure}){2,})\\s*(?:=|≈)\\s*[^\\d\\s]{0,3}(${chainFigure})`,
  'g',
);

/** The value of `208.2 / 50 x 5`: products and quotients first, then sums; null when a divisor is zero. */
function chainValue(expression: string): number | null {
  const tokens = expression.match(/\d[\d,]*(?:\.\d+)?|[+\-−xX×*/÷]/g) ?? [];
  const terms: number[] = [];
  let sign = 1;
  let term = Number((tokens[0] ?? '').replace(/,/g, ''));
  for (let index = 1; index + 1 < tokens.length; index += 2) {
    const operator = tokens[index] as string;
    const operand = Number((tokens[index + 1] as string).replace(/,/g, ''));
    if (operator === '+' || operator === '-' || operator === '−') {
      terms.push(sign * term);
      sign = operator === '+' ? 1 : -1;
      term = operand;
    } else if (operator === '/' || operator === '÷') {
      if (operand === 0) return null;
      term /= operand;
    } else term *= operand;
  }
  terms.push(sign * term);
  return terms.reduce((sum, value) => sum + value, 0);
}

/** Whether a sentence writes `a op b = result` for this result, and the arithmetic holds (to rounding). */
function showsWorking(sentence: string, result: number): boolean {
  const number = (text: string | undefined): number => Number((text ?? '').replace(/,/g, ''));
  for (const match of sentence.matchAll(writtenSum)) {
    if (number(match[5]) !== result) continue;
    const left = number(match[1]) * (writtenScales[match[2] ?? ''] ?? 1);
    const right = number(match[4]);
    const operator = match[3] ?? '';
    const worked =
      operator === '+'
        ? left + right
        : operator === '-' || operator === '−'
          ? left - right
          : operator === '/' || operator === '÷'
            ? right === 0
              ? Number.NaN
              : left / right
            : left * right;
    if (Math.abs(worked - result) <= Math.max(0.01, Math.abs(worked) * 0.01)) return true;
  }
  // "208.2 / 50 x 5 = 20.8 ml": a chain of three figures or more, worked with the usual precedence.
  for (const match of sentence.matchAll(writtenChain)) {
    if (number(match[2]) !== result) continue;
    const worked = chainValue(match[1] ?? '');
    if (worked !== null && Math.abs(worked - result) <= Math.max(0.01, Math.abs(worked) * 0.01)) return true;
  }
  // "£340.00 less 25% (£85.00) = £255.00": a result written after "=" that two figures written before the "="
  // give. A chain of operators before it ("18 + 32 + 50 = 150") is judged by its own value above.
  const plain = sentence.replace(/,/g, '');
  const equals = new RegExp(`=\\s*[^\\d\\s]{0,3}${String(result).replace('.', '\\.')}(?:\\.0+)?(?![\\d.])`).exec(plain);
  if (equals) {
    const before = plain.slice(0, equals.index);
    if (!new RegExp(`${chainFigure}\\s*${chainOperator}\\s*${chainFigure}\\s*$`).test(before)) {
      const figures = [...before.matchAll(/\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));
      for (const left of figures)
        for (const right of figures)
          if (Math.abs(left - right - result) < 0.005 || Math.abs(left + right - result) < 0.005) return true;
    }
  }
  // "47 children at a maximum of 8 per group is 5.9 groups": a quotient or product of two figures of the
  // sentence, written to the figure's own precision.
  const decimals = (String(result).split('.')[1] ?? '').length;
  if (decimals === 0) return false;
  const tolerance = 0.5 * 10 ** -decimals + 1e-9;
  const others = [...sentence.matchAll(/\d[\d,]*(?:\.\d+)?/g)]
    .map((match) => number(match[0]))
    .filter((value) => value !== result);
  for (const left of others)
    for (const right of others) {
      if (right !== 0 && Math.abs(left / right - result) <= tolerance) return true;
      if (left !== right && Math.abs(left * right - result) <= tolerance) return true;
    }
  return false;
}

/**
 * Whether a figure is worked on from one the text itself rightly worked out before it: "that's 865.32 bu
 * (23,550 / 27.2155) … worth $9,016.63" (865.32 x 10.42), "leaves 2,634.68 bu" (3,500 - 865.32). A chain of
 * the model's own correct working is arithmetic, not a reading of a record; a chain from a figure that no
 * working explains (a £470 deposit where 25% of £1,480 is £370) carries the slip on. Only figures with a
 * fraction (865.32, not 470.00): their precision makes a chance match rare, where whole numbers meet by accident.
 */
function workedOnOwnFigure(text: string, raw: string, result: number, given: string | null): boolean {
  const at = text.indexOf(raw);
  if (Number.isInteger(result) || at < 0) return false;
  const number = (written: string): number => Number(written.replace(/,/g, ''));
  const before = [...text.slice(0, at).matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((match) => match[0]);
  const givenNumbers = new Set(
    given === null ? [] : [...given.matchAll(/\d+(?:\.\d+)?/g)].slice(0, 400).map((match) => number(match[0])),
  );
  const operands = [...new Set([...before.map(number), ...givenNumbers])].filter(
    (value) => Number.isFinite(value) && value !== 0,
  );
  const workedFrom = (target: number, decimals: number, from: readonly number[]): boolean => {
    const tolerance = 0.5 * 10 ** -decimals + 1e-9;
    for (const left of from)
      for (const right of operands) {
        if (right === left) continue;
        for (const worked of [left * right, left + right, left - right, right - left, left / right, right / left])
          if (Math.abs(worked - target) <= tolerance) return true;
      }
    return false;
  };
  // The model's own results: figures with decimals that its input does not state, which its input's figures give.
  const own = before
    .filter((written) => !Number.isInteger(number(written)))
    .filter((written) => !givenNumbers.has(number(written)) && number(written) !== result && number(written) !== 0)
    .slice(-8)
    .filter((written) => workedFrom(number(written), decimalsOf(written), operands));
  return own.length > 0 && workedFrom(result, decimalsOf(raw), own.map(number));
}

function decimalsOf(written: string): number {
  return (written.replace(/[^\d.]/g, '').split('.')[1] ?? '').length;
}

/**
 * "roughly 29 times its usual 640 req/s" beside 18,450 req/s: a multiple the sentence's own figures give,
 * to the multiple's precision (a twentieth when told as an estimate), is a ratio worked out, not a reading.
 */
export function statesMultiple(sentence: string, raw: string, multiple: number): boolean {
  const at = sentence.indexOf(raw);
  if (at < 0 || !/^\s*(?:times\b|x\b|×|-?fold\b)/i.test(sentence.slice(at + raw.length, at + raw.length + 8)))
    return false;
  const tolerance = Math.max(
    0.5 * 10 ** -decimalsOf(raw) + 1e-9,
    approximateBefore(sentence.toLowerCase(), raw.toLowerCase()) ? Math.abs(multiple) * 0.05 : 0,
  );
  const numbers = [...sentence.matchAll(/\d[\d,]*(?:\.\d+)?/g)]
    .map((match) => Number(match[0].replace(/,/g, '')))
    .filter((value) => value !== 0 && value !== multiple);
  return numbers.some((left) =>
    numbers.some((right) => left !== right && Math.abs(left / right - multiple) <= tolerance),
  );
}

/** A figure, its unit, then a word that measures it from another point: "7 days past", "2 hours over the limit". */
function countedBeyond(sentence: string, raw: string, given: string | null): boolean {
  const at = sentence.indexOf(raw);
  if (at < 0) return false;
  const after = sentence.slice(at + raw.length, at + raw.length + 40);
  const relation =
    /^\s*(?:[a-z]+\s+)?(past|beyond|after|over|overdue|late|early|before|longer than|more than|short of)\b/i.exec(
      after,
    );
  if (!relation) return false;
  // …unless the model's input states a figure in the same unit and relation ("cancel at least 48 hours
  // before launch"): then the figure is that rule's, told differently.
  const unit = /^[a-z]+/i.exec(raw.replace(/^[^a-z]*/i, ''))?.[0];
  if (given === null || unit === undefined) return true;
  const stem = unit.replace(/s$/i, '');
  const relationWord = (relation[1] ?? '').toLowerCase();
  return !new RegExp(`\\b\\d[\\d,.]*\\s*${escapeForPattern(stem)}s?\\s+(?:[a-z]+\\s+)?${relationWord}\\b`, 'i').test(
    given,
  );
}

/** Whether a sentence writes a field's count in words before one of the field's words ("one defrost cycle"). */
function statesInWords(sentence: string, count: number | null, field: string | null): boolean {
  if (count === null || field === null || !Number.isInteger(count) || count < 1 || count > 12) return false;
  const word = count === 1 ? '(?:one|a single)' : [...numberWords].find(([, value]) => value === count)?.[0];
  if (word === undefined) return false;
  const fieldWords = contentWords(field);
  for (const match of sentence.matchAll(new RegExp(`\\b${word}\\s+((?:[a-z-]+\\s+){0,2}[a-z-]+)`, 'gi')))
    if (contentWords(match[1] ?? '').some((written) => fieldWords.includes(written))) return true;
  return false;
}

/** Whether a sentence says there are none of what a field counts ("no excursions" for `excursions`). */
function statesNone(sentence: string, field: string | null): boolean {
  if (field === null) return false;
  const fieldWords = new Set(contentWords(field.split('.').pop() ?? field));
  if (fieldWords.size === 0) return false;
  for (const match of sentence.matchAll(/\b(?:no|zero|none of the)\s+((?:[\w-]+\s+){0,2}[\w-]+)/gi))
    if (contentWords(match[1] ?? '').some((word) => fieldWords.has(word))) return true;
  return false;
}

/** Whether the text writes a figure after the same word as the request does ("station 7" in both). */
function echoesRequest(text: string, raw: string, request: string): boolean {
  const lowerRequest = request.toLowerCase();
  const pattern = new RegExp(`([A-Za-z]{3,})\\s+${escapeForPattern(raw)}(?![\\d]|[.,]\\d)`, 'g');
  for (const match of text.matchAll(pattern)) if (lowerRequest.includes(match[0].toLowerCase())) return true;
  return false;
}

/** Checks worth comparing with the context: model-written figures with no source, derived, or taken from the request. */
function isCandidate(check: ValueCheck): boolean {
  if (check.constructedIn !== 'model-text' && check.constructedIn !== 'answer') return false;
  if (check.value.type !== 'number' && check.value.type !== 'date' && check.value.type !== 'time') return false;
  // A derived figure too (`9 days x USD 175`): arithmetic the record did differently is still a contradiction.
  return (
    check.status === 'unsourced' ||
    check.status === 'derived' ||
    (check.status === 'supported' && check.source?.kind === 'request')
  );
}

/**
 * Times a model wrote that nothing before it gave (provenance leaves times alone: "at 9" and "09:00"
 * are too often the same to judge in general, but a time the context states differently is worth it).
 */
function unsourcedTimes(context: AnalysisContext): ValueCheck[] {
  const answer = context.answer?.text ?? '';
  if (!clockTime.test(answer)) return [];
  const seen = new Set<string>();
  const given = (text: string): void => {
    for (const match of text.matchAll(clockTimes)) {
      seen.add(match[0]);
      seen.add(match[1] as string);
    }
  };
  given(context.goal.request ?? '');
  given(context.goal.instructions ?? '');
  const checks: ValueCheck[] = [];
  for (const span of context.spans) {
    if (span.role === 'llm') {
      const text = outputText(span);
      // Earlier model text is no source: a time a note got wrong and the answer repeats is still wrong.
      for (const value of clockTime.test(text) ? extractFromText(text) : []) {
        if (value.type !== 'time' || seen.has(value.raw) || !answer.includes(value.raw)) continue;
        checks.push({
          span,
          spanId: span.id,
          value,
          constructedIn: 'model-text',
          status: 'unsourced',
          source: null,
          drift: null,
        });
      }
    }
    if (span.tool?.result !== null && span.tool?.result !== undefined) given(JSON.stringify(span.tool.result));
    for (const document of span.retrieval?.documents ?? []) given(document.content);
  }
  return checks;
}

const clockTime = /\b([01]?\d|2[0-3]):[0-5]\d\b/;
/** With seconds when written (`01:35:03,829` gives `01:35:03` and `01:35`): an answer may quote either. */
// A timestamp's time counts too (`2025-12-13T15:00:00Z` gives 15:00).
const clockTimes = /(?:\b|(?<=\dT))((?:[01]?\d|2[0-3]):[0-5]\d)(?::[0-5]\d)?\b/g;

/**
 * A result a power of ten away from what two figures of the model's own input give (42 kg at 0.6 kg a
 * loaf written as 700 loaves, not 70): the model slipped in its arithmetic.
 */
const discountWords = /\b(less|minus|discount|off|after)\b/i;
/** Words for an amount of money: what a percentage "of" them is applied to. */
const moneyWord =
  /^(price|prices|total|bill|amount|cost|costs|charge|charges|subtotal|fee|fees|fare|base|sum|balance|invoice|value|rent|salary|pay)$/i;
const markupWords = /\b(plus|markup|surcharge|uplift|increase)\b/i;

/**
 * "Subtotal 550.00, less 15% discount: net 484.00": a base, then a percentage its input gave, then the
 * result, which the percentage does not give (550 less 15% is 467.50). Signs after the result (`plus VAT
 * at 20%`) are not part of it.
 */
function percentSlip(check: ValueCheck, span: Span, sentence: string, given: string): RuleFinding | null {
  const written = check.value.number as number;
  const at = sentence.indexOf(check.value.raw);
  if (at < 0) return null;
  const before = sentence.slice(0, at);
  const values = extractFromText(before).filter((value) => value.type === 'number' && value.number !== null);
  const rate = [...values].reverse().find((value) => value.unit === '%' && given.includes(String(value.number)));
  if (!rate || rate.number === null || rate.number <= 0 || rate.number >= 100) return null;
  const rateAt = before.lastIndexOf(rate.raw);
  // "wastewater at 95% of volume": a share of something else, not of the amount before it.
  const shareOf = /^\s*of\s+(?:the\s+|your\s+|its\s+)?([a-z]+)/i.exec(before.slice(rateAt + rate.raw.length));
  if (shareOf && !moneyWord.test(shareOf[1] ?? '')) return null;
  const base = [...extractFromText(before.slice(0, rateAt))]
    .reverse()
    .find((value) => value.type === 'number' && value.number !== null && value.unit !== '%');
  if (!base || base.number === null) return null;
  // "GBP 234" worked from "30 May": an amount of money is worked from an amount in the same currency.
  if (isCurrencyUnit(check.value.unit) && base.unit !== check.value.unit) return null;
  const between = before.slice(Math.max(0, rateAt - 40));
  const factor = discountWords.test(between)
    ? 1 - rate.number / 100
    : markupWords.test(between)
      ? 1 + rate.number / 100
      : null;
  if (factor === null) return null;
  const expected = Math.round(base.number * factor * 100) / 100;
  if (Math.abs(expected - written) <= Math.max(0.01, Math.abs(expected) * 1e-4)) return null;
  // "£315.00, plus the 12.5% service charge of £39.38": the share itself, told before the sum it makes.
  if (Math.abs((base.number * rate.number) / 100 - written) <= 0.0051) return null;
  // "= £1,930.50, so £1,931 in whole pounds": the exact result is already written; this one rounds it.
  if (values.some((value) => Math.abs((value.number as number) - expected) < 0.005)) return null;
  if (Math.abs(expected - written) < 1 && /\b(?:round\w*|whole|nearest)\b/i.test(sentence)) return null;
  return {
    rule: 'contradicted-figure',
    spanId: span.id,
    layer: 'model',
    severity: 'error',
    message: `${span.name} wrote ${check.value.raw} for ${base.raw} with ${rate.raw} applied, which gives ${expected.toFixed(2)}`,
    summary: `${span.name} miscalculated: ${base.raw} with ${rate.raw} from its context gives ${expected.toFixed(2)}, but it wrote ${check.value.raw}.`,
    confidence: 0.7,
    evidence: [
      {
        spanId: span.id,
        field: 'output',
        expected: expected.toFixed(2),
        actual: check.value.raw,
        source: 'model input',
      },
    ],
    causal: true,
    badValue: check.value.key,
  };
}

/** Factors between common units (and their inverses): metric prefixes, pounds, short tons, inches, feet, miles, gallons, bytes. */
const conversionFactors = [
  1000, 1_000_000, 1e9, 100, 2.20462, 0.453592, 1.10231, 0.907185, 25.4, 2.54, 0.3048, 3.28084, 1.60934, 0.621371,
  3.78541, 4.54609, 1024, 1_048_576, 28.3495, 0.0283495, 35.3147, 0.764555, 1.30795, 10.7639, 0.092903, 2.47105,
  0.404686,
];

/** Whether a figure is the smaller part of a duration written in parts: "31 min 9 s", "2 h 15 min", "1h 30m". */
function inCompoundDuration(sentence: string, raw: string): boolean {
  const escaped = escapeForPattern(raw);
  return (
    new RegExp(`\\d\\s*(?:h|hrs?|hours?|min|mins|minutes?|m)\\s+${escaped}(?!\\d)`, 'i').test(sentence) ||
    // "2 min 20 s": the minutes of a duration in parts are no figure of their own either.
    new RegExp(
      `(?<![\\d.])${escaped}\\s*(?:h|hrs?|hours?|min|mins|minutes?)\\s+(?:and\\s+)?\\d+\\s*(?:min|mins|minutes?|s|secs?|seconds?)\\b`,
      'i',
    ).test(sentence)
  );
}

/** A unit of measure written with a figure (`t`, `kg`, `short tons`), not a percentage or a currency. */
function isMeasureUnit(unit: string | null): boolean {
  return (
    unit !== null && unit !== '%' && !/^(?:[A-Z]{3}|[$€£¥₹]|usd|eur|gbp|jpy|chf|cad|aud|nok|sek|dkk|inr)$/i.test(unit)
  );
}

/** Whether one figure is the other in another unit, to the rounding a person writes (three significant figures). */
function isUnitConversion(written: number, recorded: number): boolean {
  if (written === 0 || recorded === 0 || written === recorded) return false;
  return conversionFactors.some((factor) =>
    [recorded * factor, recorded / factor].some(
      (converted) => Math.abs(converted - written) <= Math.max(Math.abs(written) * 0.005, 0.005),
    ),
  );
}

/** Whether a figure stands in a unit's definition within its sentence: "1 tonne = 1.10231 short tons", "1 GB = 1024 MB". */
function inUnitDefinition(sentence: string, raw: string): boolean {
  const escaped = escapeForPattern(raw);
  return new RegExp(
    `(?:\\b1\\s*[\\p{L}°][\\p{L}./·²³ ]{0,12}\\s*=\\s*${escaped}|(?<![\\d.,])${escaped}\\s*(?:[\\p{L}°][\\p{L}./·²³ ]{0,12})?\\s*=\\s*[\\d.,]+)`,
    'u',
  ).test(sentence);
}

/** Whether the figure is written as a tolerance: "±1", "+/- 0.5", "plus or minus 2". */
function isTolerance(text: string, raw: string): boolean {
  const escaped = escapeForPattern(raw);
  return new RegExp(`(?:±|\\+/-|\\+-|plus or minus)\\s?${escaped}(?![\\d.])`, 'i').test(text);
}

/** "10·log10(2000 W)": a coefficient of a function the sentence writes out is part of a formula, not a figure. */
function isFormulaCoefficient(sentence: string, raw: string): boolean {
  const escaped = escapeForPattern(raw);
  return new RegExp(`(?<![\\d.])${escaped}\\s*[·×*]?\\s*(?:log|ln|exp|sqrt)\\w*\\s*\\(`, 'i').test(sentence);
}

/** "…need 20 vCPU", "20 vCPU would be needed": the figure is what something would take. */
function statesRequirement(sentence: string, raw: string): boolean {
  const at = sentence.indexOf(raw);
  if (at < 0) return false;
  const before = sentence.slice(Math.max(0, at - 30), at);
  const after = sentence.slice(at + raw.length, at + raw.length + 30);
  return (
    /\b(need|needs|would need|require|requires|would require|would take)\s+(?:\w+\s+){0,2}$/i.test(before) ||
    /^\s*(?:\w+\s+){0,2}(needed|required)\b/i.test(after)
  );
}
// `weighed_at: 2` names where (a station, a stage), like an ID: no quantity to contradict.
const identifierField = /(^|[._])(id|ids|\w+_id|\w+_at|\w+_on|number|no|code|ref|reference|serial|sku|uuid)$/i;

/** Units a thousand apart from one another in their own family: kilograms and tonnes, metres and kilometres. */
const metricPrefixed = new Set([
  'g',
  'kg',
  't',
  'mg',
  'm',
  'km',
  'mm',
  'ml',
  'l',
  'kb',
  'mb',
  'gb',
  'tb',
  'ms',
  's',
  'watt',
  'kw',
  'hz',
  'khz',
  'mhz',
  'ghz',
]);

/** "28,540 kg (28.54 t)": the sentence writes the same quantity in a unit a thousand times larger or smaller. */
function writtenAgainInAnotherUnit(value: ExtractedValue, sentence: string): boolean {
  const written = value.number;
  if (written === null || value.unit === null || !metricPrefixed.has(value.unit)) return false;
  return extractFromText(sentence).some(
    (other) =>
      other.number !== null &&
      other.unit !== null &&
      other.unit !== value.unit &&
      metricPrefixed.has(other.unit) &&
      [1000, 0.001].some((factor) => Math.abs((other.number as number) * factor - written) <= Math.abs(written) * 1e-9),
  );
}

function arithmeticSlip(check: ValueCheck, span: Span): RuleFinding | null {
  const written = check.value.number;
  const given = inputTextOf(span);
  if (written === null || given === null || Math.abs(written) < 10) return null;
  // "1,000 8oz cups" for `CUP-8OZ-1000`: a figure its input states, in a code or anywhere, was read, not worked out.
  const digits = check.value.raw.replace(/[^\d.]/g, '');
  if (digits !== '' && new RegExp(`(?<![\\d.])${digits.replace(/\./g, '\\.')}(?![\\d]|\\.\\d)`).test(given))
    return null;
  // The operands the model itself names next to its result, when its input gave them.
  const sentence = sentenceAround(outputText(span), check.value.raw);
  const percent = percentSlip(check, span, sentence, given);
  if (percent) return percent;
  const numbers = [
    ...new Set(
      extractFromText(sentence)
        .filter((value) => value.type === 'number' && value.number !== null && value.number !== 0)
        .filter((value) => value.number !== written && given.includes(value.raw.replace(/[^\d.]/g, '')))
        .map((value) => value.number as number),
    ),
  ].slice(0, 8);
  if (numbers.length < 2) return null;
  // Figures the model worked out in the same text ("4 tins … 4 x 24.90 = 99.60") explain a result too.
  const ownNumbers = extractFromText(outputText(span))
    .filter((value) => value.type === 'number' && value.number !== null && value.number !== written)
    .map((value) => value.number as number);
  const operands = [...new Set([...numbers, ...ownNumbers])].slice(0, 24);
  const exactly = (target: number): boolean =>
    operands.some((left) =>
      operands.some(
        (right) =>
          left !== right &&
          [left * right, left / right, left + right, left - right].some(
            (result) => Math.abs(result - target) <= Math.abs(target) * 1e-6,
          ),
      ),
    );
  if (exactly(written)) return null;
  if (writtenAgainInAnotherUnit(check.value, sentence)) return null;
  // "286 kg x £640/tonne = £183.04": the power of ten between a quantity's unit and its rate's is the
  // conversion the product needs, not a slip.
  const unitScales = quantitiesInText(sentence).flatMap((quantity) =>
    perUnitsInText(sentence).flatMap((per) => {
      const factor = conversionFactor(quantity.unit, per);
      return factor === null || factor === 1 ? [] : [factor];
    }),
  );
  for (const left of numbers) {
    for (const right of numbers) {
      if (left === right) continue;
      for (const result of [left * right, left / right, left + right, left - right]) {
        if (!Number.isFinite(result) || result === 0) continue;
        for (const factor of [10, 100, 1000, 0.1, 0.01, 0.001]) {
          if (Math.abs(result * factor - written) > Math.abs(written) * 1e-6) continue;
          if (unitScales.some((scale) => Math.abs(scale - factor) <= factor * 1e-9)) continue;
          const expected = Number(result.toPrecision(10)).toString();
          return {
            rule: 'contradicted-figure',
            spanId: span.id,
            layer: 'model',
            severity: 'error',
            message: `${span.name} wrote ${check.value.raw}, a power of ten away from ${expected}, which its input's ${left} and ${right} give`,
            summary: `${span.name} miscalculated: ${left} and ${right} from its context give ${expected}, but it wrote ${check.value.raw}.`,
            confidence: 0.65,
            evidence: [{ spanId: span.id, field: 'output', expected, actual: check.value.raw, source: 'model input' }],
            causal: true,
            badValue: check.value.key,
          };
        }
      }
    }
  }
  return null;
}

/**
 * A number or date the model wrote that the context it had gives differently for the same fact: the
 * model contradicted correct data (a capacity of 150 written as 180, a balance of 312.40 as 512.40).
 */
/** A verb and its particle, written apart, that fields write as one word: `setup`, `checkin`, `pickup`, `dropoff`. */
const phrasalVerb =
  /\b(set|check|pick|drop|sign|log|start|warm|clean|lock|break|take|hand|turn|lay|load|kick|tear|wind|close)\s+(up|in|out|off|down|over|back)\b/g;

/** Fields of what is left to pay: the only ones a stated zero can contradict. */
const balanceField = /(balance|due|owed|owing|outstanding|to_pay|remaining|payable|left)/i;

export const contradictedFigureRule: Rule = {
  id: 'contradicted-figure',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();
    const answerText = context.answer?.text ?? '';
    let all: ContextFigures | null = null;
    let tokenIndex: Map<string, number[]> | null = null;
    // Per model span, what it wrote and what it was given, as value keys: asked once per span.
    const seenBySpan = new Map<
      string,
      { written: Set<string>; given: string | null; candidates: ContextFigure[] | null }
    >();
    // Copied into one list only when there are times to add: a large trace has a hundred thousand checks.
    const times = unsourcedTimes(context);
    const checks = times.length === 0 ? context.provenance.checks : [...context.provenance.checks, ...times];
    // Indexed: a large trace has a hundred thousand checks, and an iterator step each is garbage.
    for (let index = 0; index < checks.length; index += 1) {
      const check = checks[index] as ValueCheck;
      if (!isCandidate(check) || reported.has(check.value.key)) continue;
      // Only what reached the user: a figure the answer shows. A working note a later step corrected is
      // not the failure, and judging every figure of every span would cost a pass per span.
      if (check.spanId !== context.answer?.spanId && !answerText.includes(check.value.raw)) continue;
      const span = spanOfCheck(context, check);
      if (!span) continue;
      const text = outputText(span);
      // …and, for model text, one the answer repeats: the sentence itself reached the user.
      const rawSentence = sentenceAround(text, check.value.raw).trim();
      if (span.id !== context.answer?.spanId && (rawSentence === '' || !answerText.includes(rawSentence))) continue;
      all ??= contextFigures(context);
      // A day of a written date ("yesterday (15 April)") is part of the date, not a result of arithmetic.
      if (isDayOfWrittenDate(text, check.value.raw)) continue;
      // "31 min 9 s": the seconds of a duration written in parts are no figure of their own.
      if (inCompoundDuration(sentenceAround(text, check.value.raw), check.value.raw)) continue;
      const slip = check.status === 'unsourced' ? arithmeticSlip(check, span) : null;
      if (slip) {
        reported.add(check.value.key);
        findings.push(slip);
        continue;
      }
      // A day of a written date or date range (`7-11 December`, `3 June`) is part of a date, not a figure.
      if (isDayOfWrittenDate(text, check.value.raw)) continue;
      if (writtenAgainInAnotherUnit(check.value, sentenceAround(text, check.value.raw))) continue;
      // "1 tonne = 1.10231 short tons": a unit's definition, not a figure of any record.
      if (inUnitDefinition(sentenceAround(text, check.value.raw), check.value.raw)) continue;
      if (isFormulaCoefficient(sentenceAround(text, check.value.raw), check.value.raw)) continue;
      // "expect 32% ±1": a tolerance around a figure is no figure of its own.
      if (isTolerance(text, check.value.raw)) continue;
      // "The supplier's API returned a temporary 503": a status code the text reports, no figure of a record.
      if (isStatusCodeMention(sentenceAround(text, check.value.raw), check.value)) continue;
      // "£4.20 per £1,000 of turnover": the base a rate is quoted on is no figure of a record.
      if (rateBase(text, check.value.raw)) continue;
      const given = seenBySpan.get(span.id)?.given ?? inputTextOf(span);
      // "the staging run of 0155": digits the input writes inside a code (`0155_backfill_order_currency`) name it.
      if (namesCodeOfInput(check.value.raw, given)) continue;
      // "1,000 / 64 = 15.6": a figure the text works out in front of the reader is arithmetic, not a reading.
      if (check.value.number !== null && showsWorking(sentenceAround(text, check.value.raw), check.value.number))
        continue;
      if (
        check.status !== 'supported' &&
        check.value.number !== null &&
        workedOnOwnFigure(text, check.value.raw, check.value.number, given)
      )
        continue;
      if (
        check.value.number !== null &&
        statesMultiple(sentenceAround(text, check.value.raw), check.value.raw, check.value.number)
      )
        continue;
      // "7 days past its last free day", "3 hours over the limit": a count beyond a record's figure, worked out from it.
      if (countedBeyond(sentenceAround(text, check.value.raw), check.value.raw, given)) continue;
      // "40 more replicas at 500m each need 20 vCPU": what a plan would need is worked out, not read from a record.
      if (check.status !== 'supported' && statesRequirement(sentenceAround(text, check.value.raw), check.value.raw))
        continue;
      const sentence = sentenceAround(text, check.value.raw).toLowerCase();
      // `kick-off` and `kickoff_local` name one thing: hyphenated words count split and joined.
      const sentenceWords = new Set([
        ...contentWords(sentence),
        ...contentWords(sentence.replace(/(\w)-(\w)/g, '$1$2')),
        // "get in from 14:00 to set up" is about `setup`: a verb and its particle name what a field joins.
        ...contentWords(sentence.replace(phrasalVerb, '$1$2')),
      ]);
      // "Ready to leave at 06:45" is about `depart`: the stage a record names is told in everyday words.
      for (const word of [...sentenceWords]) for (const same of stageWords.get(word) ?? []) sentenceWords.add(same);
      let seen = seenBySpan.get(span.id);
      if (!seen) {
        seen = {
          written: new Set(extractFromText(text).map((value) => value.key)),
          given,
          candidates: null,
        };
        seenBySpan.set(span.id, seen);
      }
      const writtenKeys = seen.written;
      const fromRequest = check.status === 'supported';
      // "pack station 7" written as the request wrote it names what the user asked about: an echo, not a fact read.
      if (fromRequest && echoesRequest(text, check.value.raw, context.goal.request ?? '')) continue;
      let best: { figure: ContextFigure; score: number } | null = null;
      if (seen.candidates === null) {
        const position = context.position.get(span.id) ?? 0;
        tokenIndex ??= figuresByToken(all);
        seen.candidates =
          seen.given === null ? figuresBefore(all, position) : givenFigures(all, tokenIndex, seen.given, position);
      }
      // A date worked out from a record's date that the sentence also states ("until 12 May, 48 hours before
      // the check-in on 14 May") is a different fact about that record, not a contradiction of its other dates.
      const anchoredOn =
        check.value.type === 'date'
          ? new Set(
              seen.candidates
                .filter(
                  (figure) =>
                    figure.value.type === 'date' &&
                    (sentence.includes(figure.value.raw.toLowerCase()) || writesDayOf(sentence, figure.value)),
                )
                .map((figure) => figure.span),
            )
          : null;
      // The request's figure that a record in the context also states (`add_seats: 15`) is that record's
      // fact: another record's different number (`seats: 40`) is about something else.
      if (fromRequest && seen.candidates.some((figure) => figure.value.key === check.value.key)) continue;
      // A figure some record of the context gives in another unit (`1,743.0 t` beside `garden_kg: 1743000`) has its
      // source: another record's different number is about something else.
      const written = check.value.number;
      if (
        written !== null &&
        isMeasureUnit(check.value.unit) &&
        seen.candidates.some((figure) => figure.value.number !== null && isUnitConversion(written, figure.value.number))
      )
        continue;
      // "works out at about £226 per metre" for `effective_rate_gbp_per_m: 226.25`: an estimate that rounds a
      // figure of the context restates it; the context's other figures are about something else.
      if (
        written !== null &&
        approximateBefore(sentence, check.value.raw) &&
        seen.candidates.some(
          (figure) =>
            figure.value.number !== null &&
            Math.round(figure.value.number) === written &&
            figure.value.number !== written,
        )
      )
        continue;
      const pools = poolingWords.test(sentence);
      let sentenceNumbers: number[] | undefined;
      const numbersOf = (): number[] => {
        sentenceNumbers ??= extractFromText(sentence).flatMap((value) => (value.number === null ? [] : [value.number]));
        return sentenceNumbers;
      };
      // "Over the 6 weeks that works out at roughly GBP 237 a week": a record's total spread over a count the
      // sentence names is worked out from it, and contradicts none of the record's other figures.
      const period = written === null ? null : ratePeriod(sentence, check.value.raw);
      if (written !== null && period !== null) {
        // The count of those periods the sentence names: "over the 6 weeks" for "GBP 237 a week".
        const divisors = [...sentence.matchAll(new RegExp(`\\b(\\d{1,3}|[a-z]+)\\s+${period}s?\\b`, 'g'))]
          .map((match) => numberWords.get(match[1] ?? '') ?? Number(match[1]))
          .filter((number) => number >= 2);
        // "about 3,200 a minute" is rounded as written: a hundredth, or a twentieth when told as an estimate.
        const slack = approximateBefore(sentence, check.value.raw) ? 0.05 : 0.01;
        const spread = (total: number) =>
          divisors.some((divisor) => Math.abs(total / divisor - written) <= Math.max(0.5, Math.abs(written) * slack));
        if (seen.candidates.some((figure) => figure.value.number !== null && spread(figure.value.number))) continue;
        // "…was 31,200 four minutes ago, about 3,200 a minute": a change between two readings of one field
        // over the periods the sentence names is a rate of change, worked out from the record.
        if (divisors.length > 0 && spreadChange(seen.candidates, spread)) continue;
      }
      for (const figure of seen.candidates) {
        // …unless it is the record's own day in another year: that is the record's date, slipped.
        if (
          anchoredOn?.has(figure.span) &&
          figure.value.type === 'date' &&
          check.value.key.slice(4, 10) !== figure.value.key.slice(4, 10)
        )
          continue;
        // The model also stated the right figure: a second number in the text is not a contradiction.
        if (writtenKeys.has(figure.value.key) || writesDayOf(text, figure.value)) continue;
        // "Nothing to pay on collection: £0.00" is what is left to pay, worked out: it contradicts only a
        // balance the record states, not an amount a warranty approved.
        if (
          check.value.number === 0 &&
          isCurrencyUnit(check.value.unit) &&
          !balanceField.test(figure.value.field ?? '')
        )
          continue;
        // The request's figure that the record's own call carried (`party_size: 4`) is what the record is
        // for: another number in its result (`table: "12"`) is a different fact.
        if (fromRequest && argumentsHold(figure.span, check.value.key)) continue;
        // A figure worked out from others (a sum, a difference) contradicts only a total the record states, or
        // the record's own rate over the same period ("3.8 mites a day" against `avg_daily_drop: 38`).
        if (
          check.status === 'derived' &&
          !totalField.test(figure.value.field ?? '') &&
          !(period !== null && fieldOfPeriod(figure.value.field, period))
        )
          continue;
        // "1,874,220 kg" told as "1,874.2 t", "820 ppb" as "0.82 g/t": the record's figure in another unit.
        if (
          check.value.number !== null &&
          figure.value.number !== null &&
          isMeasureUnit(check.value.unit) &&
          isUnitConversion(check.value.number, figure.value.number)
        )
          continue;
        // "£858.00" is no restatement of `vat_rate: 0.2`: an amount of money and a ratio are different facts.
        if (
          isCurrencyUnit(check.value.unit) &&
          !isCurrencyUnit(figure.value.unit) &&
          ratioField.test(figure.value.field ?? '') &&
          ((figure.value.number ?? 2) <= 1 ||
            /(pct|percent|percentage|share|fraction)$/i.test(figure.value.field ?? ''))
        )
          continue;
        // …nor of `vat: 0.2` or `duty: 0.02`: a unitless fraction of one beside an amount of a pound or more is a rate.
        if (
          isCurrencyUnit(check.value.unit) &&
          figure.value.unit === null &&
          figure.value.number !== null &&
          figure.value.number > 0 &&
          figure.value.number < 1 &&
          (check.value.number ?? 0) >= 1
        )
          continue;
        // "31 min 9 s" is no restatement of `overtime: 3.3`: a span of time in parts is a figure only of a field of time.
        if (
          isTimeUnit(check.value.unit) &&
          (/\d\D+\d/.test(check.value.raw) || check.value.number !== figure.value.number) &&
          figure.value.unit === null &&
          !timeField.test(figure.value.field ?? '') &&
          !statesTimeUnit(figure.span.tool?.result ?? null)
        )
          continue;
        // "£39.38" is no restatement of the "2" in `includes: "sharing boards, 2 sides"`: a bare count in a
        // phrase of a record is no amount of money.
        if (figure.inPhrase && figure.fromField && figure.value.unit === null && isCurrencyUnit(check.value.unit))
          continue;
        // …nor is "125 portions" of the "1" in `portion: "finger (1 x 1 in)"`: far apart, they count other things.
        if (
          figure.inPhrase &&
          figure.fromField &&
          check.value.number !== null &&
          figure.value.number !== null &&
          farApart(check.value.number, figure.value.number)
        )
          continue;
        // 6.1% is no count of credits: figures in different units are different facts.
        if (check.value.unit !== null && figure.value.unit !== null && check.value.unit !== figure.value.unit) continue;
        if (check.value.unit !== figure.value.unit && (check.value.unit === '%' || figure.value.unit === '%')) continue;
        // "Length-weighted: 828 ppb" over six intervals pools the list; it restates none of its items.
        if (figure.inList && pools) continue;
        // `free_adults_per_10_pupils: 1` is a rate: "4 teachers" is a count, whatever the rate gives.
        if (isRateField(figure.value.field) && !writtenAsRate(sentence, check.value.raw)) continue;
        // "From April expect about £1.32 a day": a rate projected forward restates no total (`rent_gbp: 0`) of a
        // record that is none.
        if (
          period !== null &&
          projects.test(sentence) &&
          !isRateField(figure.value.field) &&
          !fieldOfPeriod(figure.value.field, period)
        )
          continue;
        // `minimum_hours: 2` is a bound: "3 hours" at the hall restates it only in a sentence about the bound.
        if (isBoundField(figure.value.field) && !boundWords.test(sentence)) continue;
        // A record's ID (`runners.id: 1041`) names a thing; it is no figure to contradict.
        if (identifierField.test(figure.value.field ?? '')) continue;
        // `excursions: 0` told as "no excursions": the sentence states that figure in words, so its other
        // figures are about something else.
        if (figure.value.number === 0 && statesNone(sentence, figure.value.field)) continue;
        // …and so for `defrost_cycles: 1` told as "one defrost cycle".
        if (statesInWords(sentence, figure.value.number, figure.value.field)) continue;
        // "€2,000.00 went in (new balance €2,318.40)": the sentence adds the figure to the record's, it does not restate it.
        if (
          check.value.number !== null &&
          figure.value.number !== null &&
          statesSumOrDifference(numbersOf(), check.value.number, figure.value.number)
        )
          continue;
        const score = sameFactScore(check.value, sentence, sentenceWords, figure, fromRequest);
        if (score > 0 && (!best || score > best.score)) best = { figure, score };
      }
      if (!best) continue;
      reported.add(check.value.key);
      const { figure } = best;
      const where = figure.fromField ? `${figure.value.field} ${figure.value.raw}` : `"${figure.value.raw}"`;
      findings.push({
        rule: 'contradicted-figure',
        spanId: span.id,
        layer: 'model',
        severity: 'error',
        message: `${span.name} wrote ${check.value.raw} where ${figure.span.name} gave ${where}`,
        summary: `${span.name} wrote ${check.value.raw}, but the context it had (${figure.span.name}) says ${figure.value.raw}: the model contradicted correct data.`,
        confidence: 0.65,
        evidence: [
          {
            spanId: span.id,
            field: 'output',
            expected: figure.value.raw,
            actual: check.value.raw,
            source: `${figure.span.name} ${figure.fromField ? 'result' : 'documents'}`,
          },
        ],
        causal: true,
        badValue: check.value.key,
      });
    }
    return findings;
  },
};
