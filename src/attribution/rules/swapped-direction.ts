import type { JsonValue } from '../../model/json-value.js';
import type { AnalysisContext } from '../analysis-context.js';
import { constructedCalls } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';

/** Arguments naming where something leaves from, and where it goes. */
const fromKey = /(^|[_.])(from|source|src|origin|sender|debit|payer|withdraw)([_.]|$)/i;
const toKey = /(^|[_.])(to|target|dest|destination|recipient|credit|payee|deposit|into)([_.]|$)/i;

/** Words that say nothing about which side is which ("my", "account", "the"). */
const sharedFiller = new Set(['the', 'my', 'our', 'your', 'a', 'an', 'and', 'ending', 'with', 'please', 'account']);

/** "move £250 from my savings (ending 4471) into my current account (ending 0926)": each side's words. */
export function requestedDirection(request: string): { from: string; to: string } | null {
  const match = /\bfrom\s+((?:[^\s.;!?]+\s+){0,7}?[^\s.;!?]+)\s+(?:to|into|onto)\s+([^.;!?\n]{1,80})/i.exec(request);
  if (!match?.[1] || !match[2]) return null;
  return { from: match[1], to: match[2].split(/\s+/).slice(0, 8).join(' ') };
}

function tokensOf(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[a-z]{3,}|\d{3,}/g) ?? []).filter((token) => !sharedFiller.has(token)));
}

/** The record an argument's value names in an earlier result: the object that holds it, as text. */
function describedBy(value: string, context: AnalysisContext, before: number): string {
  const parts = [value];
  const visit = (node: JsonValue, depth: number): void => {
    if (depth > 8 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const leaves = Object.values(node).filter((leaf) => typeof leaf === 'string' || typeof leaf === 'number');
    if (leaves.some((leaf) => String(leaf) === value)) parts.push(leaves.map(String).join(' '));
    for (const child of Object.values(node)) visit(child, depth + 1);
  };
  for (const span of context.spans) {
    if ((context.position.get(span.id) ?? 0) >= before) break;
    if (span.tool?.result !== null && span.tool?.result !== undefined) visit(span.tool.result, 0);
  }
  return parts.join(' ');
}

function overlap(described: string, side: ReadonlySet<string>): number {
  const words = tokensOf(described);
  let count = 0;
  for (const token of side) if (words.has(token)) count += 1;
  return count;
}

/**
 * A call that moves something the wrong way round: the request says from savings into current, and the
 * call's source is the current account and its target the savings one. The span that wrote the call is
 * the root.
 */
export const swappedDirectionRule: Rule = {
  id: 'swapped-direction',
  evaluate(context) {
    const direction = context.goal.request ? requestedDirection(context.goal.request) : null;
    if (!direction) return [];
    const fromWords = tokensOf(direction.from);
    const toWords = tokensOf(direction.to);
    // Only the words that tell the sides apart: "account" on both sides says nothing.
    for (const word of [...fromWords]) if (toWords.delete(word)) fromWords.delete(word);
    if (fromWords.size === 0 || toWords.size === 0) return [];
    for (const call of constructedCalls(context)) {
      const entries = Object.entries(call.arguments);
      const source = entries.find(([key, value]) => fromKey.test(key) && value !== null && typeof value !== 'object');
      const target = entries.find(([key, value]) => toKey.test(key) && value !== null && typeof value !== 'object');
      if (!source || !target) continue;
      const position = context.position.get(call.span.id) ?? 0;
      const sourceText = describedBy(String(source[1]), context, position);
      const targetText = describedBy(String(target[1]), context, position);
      const swapped =
        overlap(sourceText, toWords) > 0 &&
        overlap(targetText, fromWords) > 0 &&
        overlap(sourceText, fromWords) === 0 &&
        overlap(targetText, toWords) === 0;
      if (!swapped) continue;
      const finding: RuleFinding = {
        rule: 'swapped-direction',
        spanId: call.span.id,
        layer: 'tool-args',
        severity: 'error',
        message: `${call.span.name} called ${call.name} with ${source[0]} = ${String(source[1])} and ${target[0]} = ${String(target[1])}: the other way round from the request ("from ${direction.from} to ${direction.to}")`,
        summary: `${call.name} was called the wrong way round: ${source[0]} ${String(source[1])} is what the request moves to, and ${target[0]} ${String(target[1])} what it moves from.`,
        confidence: 0.8,
        evidence: [
          {
            spanId: call.span.id,
            field: `args.${source[0]}`,
            expected: direction.from,
            actual: String(source[1]),
            source: 'user request',
          },
          {
            spanId: call.span.id,
            field: `args.${target[0]}`,
            expected: direction.to,
            actual: String(target[1]),
            source: 'user request',
          },
        ],
        causal: true,
        badValue: String(source[1]),
      };
      return [finding];
    }
    return [];
  },
};
