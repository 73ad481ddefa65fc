import { modelWriters, outputText, recordedBeforeWriting } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';

/** A figure as written: `£33,629.65`, `12`, `102,640.35`; never a part of a clock time (`09:00`). */
const figure = /(?<![\w.,:-])[£$€]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\.?\d)(?![\w%:])/g;
/** The figure a sentence says is left: "5 visits left", "£33,629.65 left", "3 remaining". */
const leftFigure =
  /[£$€]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s+(?:[a-z]+\s+){0,3}?(?:left|remaining|remain|still available|to spare)\b/i;

/** A span of time written in parts: `1 min 41 s`, `2 h 30 min`, `3 hours 5 minutes`. */
const durationInParts =
  /\b\d+\s*(?:h|hrs?|hours?|min|mins|minutes?)\s+(?:and\s+)?\d+\s*(?:min|mins|minutes?|s|secs?|seconds?)\b/i;

function amountWritten(written: string): number {
  return Number(written.replace(/,/g, ''));
}

/** Whether two figures written with the same digits count differ in exactly one digit, or by a swap of two. */
function oneDigitApart(left: number, right: number): boolean {
  const a = left.toFixed(2);
  const b = right.toFixed(2);
  if (a.length !== b.length || a === b) return false;
  const differing = [...a].filter((character, index) => character !== b[index]).length;
  if (differing === 1) return true;
  if (differing !== 2) return false;
  const at = [...a].findIndex((character, index) => character !== b[index]);
  return a[at] === b[at + 1] && a[at + 1] === b[at];
}

/**
 * A model that works out what is left ("used 9 of its 12 visits, so 5 left"; "£33,629.65 left of its
 * £148,250.00 award, £102,640.35 spent, once £12,980.00 is paid") and slips a digit: the largest figure
 * of the sentence less the others is one digit away from the figure it states. The first model span
 * that wrote it is the root.
 */
export const miscomputedRemainderRule: Rule = {
  id: 'miscomputed-remainder',
  evaluate(context) {
    const writers = modelWriters(context);
    for (const span of writers) {
      const text = outputText(span);
      if (!/\b(left|remaining|remain|still available|to spare)\b/i.test(text)) continue;
      for (const sentence of text.split(/(?<=[.!?])\s+(?=[A-Z])|\n+/)) {
        const left = leftFigure.exec(sentence);
        if (!left?.[1]) continue;
        // "9 min 41 s above the mask, so 1 min 41 s to spare": figures in parts are not amounts to subtract.
        if (durationInParts.test(sentence)) continue;
        const stated = amountWritten(left[1]);
        // A remainder a record states (`annual_max_remaining: 385`) was read, not worked out.
        if (recordedBeforeWriting(context, String(stated), span.id)) continue;
        const figures: number[] = [];
        for (const match of sentence.matchAll(figure)) {
          const value = amountWritten(match[1] ?? '');
          const after = sentence.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 12);
          // Years, days of a date and percentages are not amounts of the same thing.
          if (/^\s*(%|percent|per cent)/i.test(after)) continue;
          // "$2,000.00" is an amount however close to a year it reads: only a bare four digits may be one.
          if (Number.isInteger(value) && value >= 1900 && value <= 2100 && /^\d{4}$/.test(match[0])) continue;
          if (/^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i.test(after)) continue;
          figures.push(value);
        }
        const others = [...figures];
        const at = others.indexOf(stated);
        if (at >= 0) others.splice(at, 1);
        if (others.length < 2) continue;
        const whole = Math.max(...others);
        others.splice(others.indexOf(whole), 1);
        const expected = Math.round((whole - others.reduce((sum, value) => sum + value, 0)) * 100) / 100;
        if (expected <= 0 || Math.abs(expected - stated) < 0.005 || !oneDigitApart(expected, stated)) continue;
        const finding: RuleFinding = {
          rule: 'miscomputed-remainder',
          spanId: span.id,
          layer: 'model',
          severity: 'error',
          message: `${span.name} says ${left[0].trim()}, but ${whole} less ${others.join(' and ')} is ${expected}`,
          summary: `${span.name} worked out what is left wrongly: ${whole} less ${others.join(' and ')} is ${expected}, not the ${stated} it stated.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: span.id,
              field: 'output',
              expected: String(expected),
              actual: left[1],
              source: `the figures ${span.name} stated`,
            },
          ],
          causal: true,
          badValue: left[1],
        };
        return [finding];
      }
    }
    return [];
  },
};
