import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { contentWords } from '../text/words.js';
import { type ExtractedValue, extractFromJson, extractFromText } from '../values/extract-values.js';

/** Words that name no particular fact: a field called `value` or `amount` alone links to anything. */
const vagueWords = new Set(['valu', 'amount', 'result', 'data', 'total', 'number', 'count', 'item', 'info', 'id']);

interface ContextFigure {
  value: ExtractedValue;
  span: Span;
  /** What the figure is about: its field's words, or its sentence's words for free text. */
  topic: Set<string>;
  fromField: boolean;
}

function sentenceAround(text: string, raw: string): string {
  const at = text.indexOf(raw);
  if (at < 0) return '';
  const before = text.lastIndexOf('.', at - 1);
  const breaks = [text.indexOf('. ', at + raw.length), text.indexOf('\n', at + raw.length)].filter(
    (index) => index >= 0,
  );
  const end = breaks.length > 0 ? Math.min(...breaks) : text.length;
  return text.slice(before < 0 ? 0 : before + 1, end);
}

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

function fieldTopic(field: string): Set<string> {
  const last = field.split('.').pop() ?? field;
  return new Set(contentWords(last).filter((word) => !vagueWords.has(word) && !unitWords.has(word)));
}

/** The text a model span was given, when recorded: only figures in it were the context it had. */
function inputTextOf(span: Span): string | null {
  const texts = span.inputMessages.map((message) => message.text).filter((text) => text.length > 0);
  return texts.length > 0 ? texts.join('\n') : null;
}

/** Numbers and dates the tools and retrievers handed over before this position, with what each is about. */
function figuresBefore(context: AnalysisContext, position: number): ContextFigure[] {
  const figures: ContextFigure[] = [];
  for (const span of context.spans) {
    if ((context.position.get(span.id) ?? 0) >= position) break;
    if (span.tool?.result !== null && span.tool?.result !== undefined) {
      for (const value of extractFromJson(span.tool.result)) {
        if ((value.type === 'number' || value.type === 'date') && value.field)
          figures.push({ value, span, topic: fieldTopic(value.field), fromField: true });
      }
    }
    for (const document of span.retrieval?.documents ?? []) {
      for (const value of extractFromText(document.content)) {
        if (value.type !== 'number' && value.type !== 'date') continue;
        figures.push({
          value,
          span,
          topic: new Set(contentWords(sentenceAround(document.content, value.raw))),
          fromField: false,
        });
      }
    }
  }
  return figures;
}

function differsBeyondRounding(actual: ExtractedValue, expected: ExtractedValue): boolean {
  if (actual.type !== expected.type) return false;
  if (actual.type === 'date') return actual.key !== expected.key;
  const left = actual.number;
  const right = expected.number;
  if (left === null || right === null) return false;
  // "about 312 EUR" for 312.40 is rounding, not a contradiction.
  return Math.abs(left - right) > Math.max(Math.abs(left), Math.abs(right)) * 0.02;
}

/** How strongly a context figure is the same fact as the written one; 0 when it is not. */
function sameFactScore(written: ExtractedValue, sentenceWords: Set<string>, figure: ContextFigure): number {
  if (!differsBeyondRounding(written, figure.value)) return 0;
  const unitsKnown = written.unit !== null && figure.value.unit !== null;
  if (unitsKnown && written.unit !== figure.value.unit) return 0;
  let shared = 0;
  for (const word of figure.topic) if (sentenceWords.has(word)) shared += 1;
  if (figure.fromField) {
    // Every word of the field's name in the sentence: "balance" for `balance`, "open disputes" for `open_disputes`.
    return figure.topic.size > 0 && shared === figure.topic.size ? shared + (unitsKnown ? 1 : 0) : 0;
  }
  // Free text links on its unit and at least two shared words.
  return unitsKnown && shared >= 2 ? shared : 0;
}

/**
 * A number or date the model wrote that nothing upstream gave, where the context it had held a
 * different figure for the same fact: the model contradicted a correct context.
 */
export const contradictedFigureRule: Rule = {
  id: 'contradicted-figure',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();
    for (const check of context.provenance.checks) {
      if (check.status !== 'unsourced' || reported.has(check.value.key)) continue;
      if (check.constructedIn !== 'model-text' && check.constructedIn !== 'answer') continue;
      if (check.value.type !== 'number' && check.value.type !== 'date') continue;
      const span = context.byId.get(check.spanId);
      if (!span) continue;
      const text = outputText(span);
      const sentence = sentenceAround(text, check.value.raw);
      const sentenceWords = new Set(contentWords(sentence));
      const writtenKeys = new Set(extractFromText(text).map((value) => value.key));
      let best: { figure: ContextFigure; score: number } | null = null;
      const given = inputTextOf(span);
      for (const figure of figuresBefore(context, context.position.get(span.id) ?? 0)) {
        if (given !== null && !given.includes(figure.value.raw)) continue;
        // The model also stated the right figure: a second number in the text is not a contradiction.
        if (writtenKeys.has(figure.value.key)) continue;
        const score = sameFactScore(check.value, sentenceWords, figure);
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
