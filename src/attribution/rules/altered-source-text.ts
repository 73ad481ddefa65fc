import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';

/** Requests that hand the model a text to carry over in another form, where every number must survive. */
const rewriteRequest =
  /\b(translat\w*|rewrit\w*|re-?phras\w*|paraphras\w*|reword\w*|proof-?read\w*|re-?format\w*|transcrib\w*|simplif\w*|copy-?edit\w*|polish\w*|tidy up|clean up)\b/i;

/** The text to be rewritten: what follows the colon, or the quoted passage, else the whole request. */
function sourcePassage(request: string): string {
  const colon = request.indexOf(':');
  if (colon >= 0 && request.length - colon > 15) return request.slice(colon + 1);
  const quoted = /["“«]([^"”»]{15,})["”»]/.exec(request)?.[1];
  return quoted ?? request;
}

interface WrittenNumber {
  raw: string;
  /** Digits only: `1,500` and `1.500` (thousands in another locale), `1.5` and `1,5` compare equal. */
  digits: string;
}

function numbersIn(text: string): WrittenNumber[] {
  return [...text.matchAll(/\d+(?:[.,]\d+)*/g)].map((match) => ({
    raw: match[0],
    digits: match[0].replace(/[.,]/g, ''),
  }));
}

/**
 * A model asked to translate or rewrite a given text whose output carries the same count of numbers
 * but not the same numbers: it changed a figure it was only meant to carry over (a dose, an amount).
 */
export const alteredSourceTextRule: Rule = {
  id: 'altered-source-text',
  evaluate(context) {
    const request = context.goal.request;
    if (!request || !rewriteRequest.test(request)) return [];
    const source = numbersIn(sourcePassage(request));
    if (source.length < 2) return [];
    const requestPosition = context.position.get(context.goal.requestSpanId ?? '') ?? 0;
    for (const span of context.spans) {
      if (span.role !== 'llm' || (context.position.get(span.id) ?? 0) < requestPosition) continue;
      const written = numbersIn(outputText(span));
      if (written.length !== source.length) continue;
      const changed = written
        .map((number, index) => ({ actual: number, expected: source[index] }))
        .filter((pair) => pair.expected !== undefined && pair.expected.digits !== pair.actual.digits);
      // One or two figures changed in place; more means the output is not a rewrite of this passage.
      const sourceDigits = new Set(source.map((number) => number.digits));
      const invented = changed.filter((pair) => !sourceDigits.has(pair.actual.digits));
      if (changed.length === 0 || changed.length > 2 || invented.length === 0) continue;
      const first = invented[0] as (typeof invented)[number];
      const expected = first.expected?.raw ?? '';
      return [
        {
          rule: 'altered-source-text',
          spanId: span.id,
          layer: 'model',
          severity: 'error',
          message: `${span.name} was asked to carry a text over and wrote ${first.actual.raw} where the text says ${expected}`,
          summary: `${span.name} changed a number of the text it was asked to rewrite: ${expected} became ${first.actual.raw}.`,
          confidence: 0.7,
          evidence: [{ spanId: span.id, field: 'output', expected, actual: first.actual.raw, source: 'user request' }],
          causal: true,
          badValue: first.actual.raw,
        } satisfies RuleFinding,
      ];
    }
    return [];
  },
};
