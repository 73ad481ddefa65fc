import type { JsonValue } from '../../model/json-value.js';
import type { AnalysisContext } from '../analysis-context.js';
import { outputText } from '../analysis-context.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { stem } from '../text/words.js';

/** Fields that hold the name of a thing rather than free text. */
const nameField =
  /(^|_)(name|names|drug|drugs|medication|medicine|product|products|item|items|city|town|place|country|person|patient|customer|hotel|airport|station|destination|origin)$/i;

interface StringLeaf {
  field: string;
  value: string;
  /** The other string values beside it: its array or object. */
  siblings: string[];
}

function stringLeaves(value: JsonValue, field: string, siblings: string[], found: StringLeaf[], depth = 0): void {
  if (depth > 6) return;
  if (typeof value === 'string') {
    found.push({ field, value, siblings });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const children = Array.isArray(value) ? value.map((item) => [field, item] as const) : Object.entries(value);
  const strings = children.map(([, item]) => item).filter((item): item is string => typeof item === 'string');
  // Items of a list keep the list's field name (`drugs`).
  for (const [key, item] of children) stringLeaves(item, key, strings, found, depth + 1);
}

function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[a-z]{5,}/g) ?? [];
}

/** Two different names that look alike (`fluconazole`, `fluoxetine`): same opening, similar length. */
function looksAlike(left: string, right: string): boolean {
  if (left === right || left.startsWith(right) || right.startsWith(left)) return false;
  if (stem(left) === stem(right)) return false;
  return left.slice(0, 3) === right.slice(0, 3) && Math.abs(left.length - right.length) <= 3;
}

/**
 * A call that names a thing no upstream span named, which looks like a name the request gave and no call
 * passed on: asked about fluconazole, the model checked `drugs: ["warfarin", "fluoxetine"]`. The span
 * that wrote the call swapped one entity for a look-alike.
 */
export const substitutedNameRule: Rule = {
  id: 'substituted-name',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    if (!request) return [];
    const requestWords = new Set(wordsOf(request));
    const calls = constructedCalls(context);
    const passedOn = new Set(calls.flatMap((call) => wordsOf(JSON.stringify(call.arguments))));
    // Request words no call carried: the candidates for what a look-alike replaced.
    const dropped = [...requestWords].filter((word) => !passedOn.has(word));
    if (dropped.length === 0) return [];
    // Words seen upstream so far, grown as the calls go forward in causal order (never rebuilt per call).
    const known = new Set([...wordsOf(request), ...wordsOf(context.goal.instructions ?? '')]);
    const learn = (text: string): void => {
      for (const word of wordsOf(text)) known.add(word);
    };
    let seen = 0;
    for (const call of calls) {
      const position = context.position.get(call.span.id) ?? 0;
      for (; seen < context.spans.length; seen += 1) {
        const span = context.spans[seen];
        if (!span || (context.position.get(span.id) ?? 0) >= position) break;
        if (span.tool?.result !== null && span.tool?.result !== undefined) learn(JSON.stringify(span.tool.result));
        for (const document of span.retrieval?.documents ?? []) learn(document.content ?? '');
        learn(outputText(span));
      }
      const leaves: StringLeaf[] = [];
      stringLeaves(call.arguments, '', [], leaves);
      for (const leaf of leaves) {
        const value = leaf.value.trim().toLowerCase();
        if (!/^[a-z][a-z-]{4,}$/.test(value) || known.has(value)) continue;
        const entityList = leaf.siblings.some(
          (sibling) => sibling !== leaf.value && requestWords.has(sibling.trim().toLowerCase()),
        );
        if (!entityList && !nameField.test(leaf.field)) continue;
        const meant = dropped.find((word) => looksAlike(word, value));
        if (!meant) continue;
        const finding: RuleFinding = {
          rule: 'substituted-name',
          spanId: call.span.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${call.span.name} called ${call.name} with "${leaf.value}", which nothing upstream names, where the request names "${meant}"`,
          summary: `${call.name} was called with "${leaf.value}" instead of "${meant}" from the request: a look-alike name took its place.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: call.span.id,
              field: `args.${leaf.field}`,
              expected: meant,
              actual: leaf.value,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: value,
        };
        return [finding];
      }
    }
    return [];
  },
};
