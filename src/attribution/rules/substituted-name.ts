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

/** Whether every letter of `short` appears in `long`, in order: an abbreviation of it. */
function lettersInOrder(short: string, long: string): boolean {
  let at = 0;
  for (const letter of short) {
    at = long.indexOf(letter, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

/** Whether a word appears in the instructions or in what any span before `before` returned or wrote. */
function namedUpstream(context: AnalysisContext, word: string, before: number): boolean {
  const pattern = new RegExp(`(^|[^a-z])${word}([^a-z]|$)`, 'i');
  if (pattern.test(context.goal.instructions ?? '')) return true;
  for (const span of context.spans) {
    if ((context.position.get(span.id) ?? 0) >= before) break;
    if (span.tool?.result !== null && span.tool?.result !== undefined && pattern.test(JSON.stringify(span.tool.result)))
      return true;
    if ((span.retrieval?.documents ?? []).some((document) => pattern.test(document.content ?? ''))) return true;
    if (pattern.test(outputText(span))) return true;
  }
  return false;
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
    // Request words no call carried: the candidates for what a look-alike replaced. Built only when a
    // look-alike turns up, which is rare.
    let passedOn: Set<string> | null = null;
    const droppedLookAlike = (value: string): string | undefined => {
      const candidates = [...requestWords].filter((word) => looksAlike(word, value));
      if (candidates.length === 0) return undefined;
      passedOn ??= new Set(calls.flatMap((call) => wordsOf(JSON.stringify(call.arguments))));
      return candidates.find((word) => !passedOn?.has(word));
    };
    for (const call of calls) {
      const leaves: StringLeaf[] = [];
      stringLeaves(call.arguments, '', [], leaves);
      for (const leaf of leaves) {
        const value = leaf.value.trim().toLowerCase();
        if (!/^[a-z][a-z-]{4,}$/.test(value) || requestWords.has(value)) continue;
        // A code in capitals (`MEL-COLLINS` for the Melbourne office) abbreviates a name; it does not misspell one.
        if (value.includes('-') && leaf.value.trim() === leaf.value.trim().toUpperCase()) continue;
        const meant = droppedLookAlike(value);
        if (!meant) continue;
        // `BLUECTRL` for "BlueControl": a code in capitals whose letters run in the name's order shortens it.
        if (leaf.value.trim() === leaf.value.trim().toUpperCase() && lettersInOrder(value, meant)) continue;
        const entityList = leaf.siblings.some(
          (sibling) => sibling !== leaf.value && requestWords.has(sibling.trim().toLowerCase()),
        );
        if (!entityList && !nameField.test(leaf.field)) continue;
        // Only now, for the rare look-alike, is the run before the call searched for the name.
        if (namedUpstream(context, value, context.position.get(call.span.id) ?? 0)) continue;
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
