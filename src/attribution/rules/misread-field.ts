import type { JsonValue } from '../../model/json-value.js';
import { outputText, spanOfCheck } from '../analysis-context.js';
import type { ValueCheck } from '../provenance.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { contentWords } from '../text/words.js';
import { extractFromJson, normaliseUnit, unitFromField } from '../values/extract-values.js';
import { isCurrencyUnit } from '../values/measure-units.js';

/**
 * "You have 3 seats left" from `{seats_total: 4, seats_redeemed: 3, seats_remaining: 1}`: the answer states
 * a figure of the record, but under the words of another of its fields. The figure has a source, so no
 * rule that looks for unsourced figures sees it; what went wrong is which field the model read.
 */

/** Words of a field that say nothing of what it counts. */
const vagueWords = new Set(['valu', 'amount', 'data', 'info', 'number', 'count', 'num', 'no', 'qty']);

/** Everyday words for what fields name: "left" is what is `remaining`. */
const everydayWords = new Map<string, string>([
  ['left', 'remain'],
  ['spare', 'remain'],
  ['free', 'availabl'],
  ['open', 'availabl'],
  ['owe', 'due'],
  ['owed', 'due'],
  ['used', 'redeem'],
]);

/** Money in any currency or in minor units. */
function isMoney(unit: string | null): boolean {
  return unit === 'cents' || isCurrencyUnit(unit);
}

function topicOf(field: string): string[] {
  const last = field.split('.').pop() ?? field;
  const segments = last.split('_');
  // `tare_kg` is about the tare: a unit written last names no fact.
  const unitLast =
    segments.length > 1 &&
    (normaliseUnit(segments.at(-1) ?? '') !== null || /^(?:pct|pence|cents|minor)$/i.test(segments.at(-1) ?? ''));
  const words = contentWords((unitLast ? segments.slice(0, -1) : segments).join(' '));
  return [...new Set(words.filter((word) => !vagueWords.has(word)))];
}

/** Where `raw` is written as a figure of its own: the 4 of "from 4 to 10", not of "26,874". */
function figureAt(text: string, raw: string): number {
  return text.search(new RegExp(`(?<![\\d.,])${escapeForPattern(raw)}(?!\\d|[.,]\\d)`));
}

/** The sentence of `text` around the first place `raw` is written. */
function sentenceAround(text: string, raw: string): string {
  const at = figureAt(text, raw);
  if (at < 0) return '';
  const before = text.slice(0, at);
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n'), before.lastIndexOf('? '));
  const after = text.slice(at + raw.length).search(/[.?!](?:\s|$)|\n/);
  return text.slice(start < 0 ? 0 : start + 1, after < 0 ? text.length : at + raw.length + after);
}

/** What ends a phrase: punctuation, another figure, arithmetic, or a word that joins another item ("plus"). */
const phraseBreak = /[,;:()\d+=×/]|\b(?:plus|and|minus|less|with|then|but|after|before)\b/i;

/**
 * The words that say what a figure is: up to four on each side, within its phrase (no punctuation and no other
 * figure between). "You have 3 seats left on the voucher" gives "you have" and "seats left on the".
 */
function phraseAround(sentence: string, raw: string): string {
  const at = figureAt(sentence, raw);
  if (at < 0) return '';
  const before = sentence.slice(0, at).split(phraseBreak).pop() ?? '';
  const after = sentence.slice(at + raw.length).split(phraseBreak)[0] ?? '';
  // The figure as written too: "3 seats" carries its own noun.
  return `${before.trim().split(/\s+/).slice(-4).join(' ')} ${raw} ${after.trim().split(/\s+/).slice(0, 4).join(' ')}`;
}

/** The sentence's words with the everyday ones also read as the field words they stand for. */
function wordsOf(sentence: string): Set<string> {
  const words = new Set(contentWords(sentence));
  for (const word of [...words]) {
    const same = everydayWords.get(word);
    if (same !== undefined) words.add(same);
  }
  return words;
}

/** The record's plain figures (not inside lists), by field. */
function recordFigures(result: JsonValue): { field: string; key: string; raw: string }[] {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return [];
  const figures: { field: string; key: string; raw: string }[] = [];
  for (const [field, value] of Object.entries(result)) {
    if (typeof value !== 'number') continue;
    for (const extracted of extractFromJson(value, field))
      if (extracted.type === 'number') figures.push({ field, key: extracted.key, raw: extracted.raw });
  }
  return figures;
}

export const misreadFieldRule: Rule = {
  id: 'misread-field',
  evaluate(context) {
    const answer = context.answer;
    if (!answer || answer.text === '') return [];
    const findings: RuleFinding[] = [];
    for (const check of context.provenance.checks) {
      if (!isFigureFromRecord(check)) continue;
      const source = check.source;
      const sourceSpan = source ? context.byId.get(source.spanId) : undefined;
      const sourceField = source?.value.field;
      if (!sourceSpan || !sourceField) continue;
      // The sentence as the span wrote it, and only if it reached the user.
      const writer = spanOfCheck(context, check);
      const sentence = writer ? sentenceAround(outputText(writer), check.value.raw) : '';
      if (sentence.trim() === '' || !answer.text.includes(sentence.trim())) continue;
      const words = wordsOf(phraseAround(sentence, check.value.raw));
      const ownTopic = topicOf(sourceField);
      // The figure's own field is what the phrase says ("1,798 crashed out of 1,284,410 sessions"): read right.
      if (ownTopic.length === 0 || ownTopic.every((word) => words.has(word))) continue;
      const figures = recordFigures(sourceSpan.tool?.result ?? null);
      // Only a figure of this record's top level: one record, fields side by side.
      if (!figures.some((figure) => figure.field === sourceField && figure.key === check.value.key)) continue;
      const meant = figures.find((figure) => {
        if (figure.field === sourceField || figure.key === check.value.key) return false;
        // "VAT at 20%" is no amount of VAT in pounds: a figure in one unit states no field in another.
        const unit = unitFromField(figure.field);
        if (check.value.unit !== null && unit !== null && unit !== check.value.unit) return false;
        // "At £41.90 a box" is no count of `tiles_per_box`: an amount of money states only a field of money.
        if (isMoney(check.value.unit) && !isMoney(unit)) return false;
        const topic = topicOf(figure.field);
        // Every word of the other field, and more than the words both fields share ("seats").
        // …and none of the words that set the figure's own field apart: "invoice JPY 4,350,000" names its field.
        return (
          topic.length >= 2 &&
          topic.every((word) => words.has(word)) &&
          topic.some((word) => !ownTopic.includes(word)) &&
          !ownTopic.some((word) => !topic.includes(word) && words.has(word))
        );
      });
      // The answer also states the other field's figure: it told both, under their own words.
      if (!meant || figureAt(answer.text, meant.raw) >= 0) continue;
      findings.push({
        rule: 'misread-field',
        spanId: check.spanId,
        layer: 'model',
        severity: 'error',
        message: `the answer gives ${check.value.raw} as "${sentence.trim()}", but ${sourceSpan.name} gave ${check.value.raw} as ${sourceField} and ${meant.field} as ${meant.raw}`,
        summary: `The answer took ${sourceField} (${check.value.raw}) for ${meant.field}, which ${sourceSpan.name} gave as ${meant.raw}.`,
        confidence: 0.6,
        evidence: [
          {
            spanId: check.spanId,
            field: 'output',
            expected: meant.raw,
            actual: check.value.raw,
            source: `${sourceSpan.name} ${meant.field}`,
          },
        ],
        causal: true,
        badValue: check.value.key,
      });
      break;
    }
    return findings;
  },
};

/** A figure a model wrote in prose, read exactly from a record. */
function isFigureFromRecord(check: ValueCheck): boolean {
  return (
    (check.constructedIn === 'answer' || check.constructedIn === 'model-text') &&
    check.status === 'supported' &&
    check.value.type === 'number' &&
    check.value.field === null &&
    check.source?.kind === 'data'
  );
}
