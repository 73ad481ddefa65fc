import type { JsonValue } from '../../model/json-value.js';
import { type AnalysisContext, modelWriters, outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';

/** A range of figures as written: "batch codes 2403 to 2438", "rows 12-40", "2403–2438". */
// Never the parts of clock times ("08:00-09:00") or of codes glued to letters (`A12-40`).
const rangePattern =
  /(?<![\w:.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d:])\s*(?:to|through|thru|until|–|—|-)\s*(?<![\w:])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w:]|,\d)/gi;

interface WrittenRange {
  low: string;
  high: string;
  written: string;
  at: number;
}

function rangesIn(text: string): WrittenRange[] {
  const ranges: WrittenRange[] = [];
  for (const match of text.matchAll(rangePattern)) {
    const low = (match[1] ?? '').replace(/,/g, '');
    const high = (match[2] ?? '').replace(/,/g, '');
    // A date (`2026-04-09`), a phone number or a score written with dashes is no range of figures.
    if (/\d-\d+-\d/.test(text.slice(match.index, match.index + match[0].length + 4))) continue;
    if (Number(high) <= Number(low)) continue;
    ranges.push({ low, high, written: match[0], at: match.index });
  }
  return ranges;
}

function stringsOf(value: JsonValue, output: string[], depth = 0): void {
  if (depth > 6 || output.length > 200 || value === null) return;
  if (typeof value === 'string') output.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, output, depth + 1);
  else if (typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, output, depth + 1);
}

/** Texts the model had before the span: retrieved documents and the strings of tool results. */
function sourceTexts(context: AnalysisContext, before: number): { text: string; spanName: string }[] {
  const texts: { text: string; spanName: string }[] = [];
  for (const span of context.spans) {
    if ((context.position.get(span.id) ?? 0) >= before) continue;
    for (const document of span.retrieval?.documents ?? []) texts.push({ text: document.content, spanName: span.name });
    const strings: string[] = [];
    if (span.tool?.result !== null && span.tool?.result !== undefined) stringsOf(span.tool.result, strings);
    for (const text of strings) texts.push({ text, spanName: span.name });
  }
  return texts;
}

/**
 * A range the model quotes with one end changed: a recall notice gives "batch codes 2403 to 2438", the
 * answer "2403 to 2428". The same start (or end) ties the two to one fact; an end no source gives is the
 * model's slip. The first model span that wrote it is the root.
 */
export const alteredRangeRule: Rule = {
  id: 'altered-range',
  evaluate(context) {
    const writers = modelWriters(context);
    const answerText = context.answer?.text ?? '';
    for (const span of writers) {
      const text = outputText(span);
      if (!/\d\s*(?:to|through|thru|until|–|—|-)\s*\d/i.test(text)) continue;
      const written = rangesIn(text).filter((range) => answerText.includes(range.written));
      if (written.length === 0) continue;
      const position = context.position.get(span.id) ?? 0;
      const sources = sourceTexts(context, span.id === context.answer?.spanId ? Number.POSITIVE_INFINITY : position);
      const request = context.goal.request ?? '';
      for (const range of written) {
        for (const source of sources) {
          const rival = rangesIn(source.text).find(
            (candidate) =>
              (candidate.low === range.low) !== (candidate.high === range.high) &&
              candidate.low.length === range.low.length &&
              candidate.high.length === range.high.length,
          );
          if (!rival) continue;
          const changed = rival.low === range.low ? range.high : range.low;
          // An end that some source or the request gives is the run's own figure, not a slip.
          const changedEnd = new RegExp(`(?<![\\d.])${escapeForPattern(changed)}(?![\\d]|\\.\\d)`);
          if (sources.some((other) => changedEnd.test(other.text.replace(/,/g, '')))) continue;
          if (changedEnd.test(request.replace(/,/g, ''))) continue;
          const finding: RuleFinding = {
            rule: 'altered-range',
            spanId: span.id,
            layer: 'model',
            severity: 'error',
            message: `${span.name} wrote the range "${range.written}" where ${source.spanName} gives "${rival.written}"`,
            summary: `${span.name} quoted the range as ${range.written}, but ${source.spanName} gives ${rival.written}: the model changed one end of it.`,
            confidence: 0.75,
            evidence: [
              {
                spanId: span.id,
                field: 'output',
                expected: rival.written,
                actual: range.written,
                source: `${source.spanName}`,
              },
            ],
            causal: true,
            badValue: changed,
          };
          return [finding];
        }
      }
    }
    return [];
  },
};
