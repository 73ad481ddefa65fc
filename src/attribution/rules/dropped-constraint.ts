import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, textOfJson } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { contentWordSet } from '../text/words.js';

/** A restriction the request puts on the whole task (`nut-free`, `no red-eye flights`, `peanut allergy`). */
interface Constraint {
  /** As written in the request. */
  phrase: string;
  /** The words that name what is restricted: a copy of the task that keeps the constraint names one of them. */
  words: string[];
}

const constraintPatterns: readonly RegExp[] = [
  /\b([a-z]+(?:-[a-z]+)?)-free\b/gi,
  /\b(?:no|without|avoid|avoiding|exclude|excluding|never)\s+([a-z]+(?:[ -][a-z]+)?)/gi,
  /\b([a-z]+)\s+allerg(?:y|ies|ic)\b/gi,
  /\ballergic\s+to\s+([a-z]+)/gi,
  /\b(vegetarian|vegan|halal|kosher|wheelchair|step-free|non-smoking|pet-friendly|child-friendly)\b/gi,
];

/** Words after `no`/`without` that do not restrict anything (`no rush`, `without delay`). */
const notRestrictions = new Set([
  'rush',
  'hurry',
  'delay',
  'problem',
  'worries',
  'need',
  'more',
  'less',
  'longer',
  'one',
]);

/**
 * The request's restrictions, one per sentence: `It must be step-free, my father uses a wheelchair`
 * says one thing twice, and a copy that keeps either word keeps it.
 */
function constraintsOf(request: string): Constraint[] {
  const found: Constraint[] = [];
  for (const sentence of request.split(/(?<=[.!?;])\s+|\n+/)) {
    const phrases: string[] = [];
    const words = new Set<string>();
    for (const pattern of constraintPatterns) {
      for (const match of sentence.matchAll(pattern)) {
        const named = (match[1] ?? '')
          .toLowerCase()
          .split(/[ -]/)
          .filter((word) => word.length > 2 && !notRestrictions.has(word))
          .slice(0, 2);
        if (named.length === 0) continue;
        phrases.push(match[0]);
        for (const word of named) words.add(word);
      }
    }
    if (phrases.length > 0) found.push({ phrase: phrases[0] as string, words: [...words] });
  }
  return found;
}

/** Names of a call that passes the task to another agent. */
const delegationCall =
  /^(transfer|handoff|hand_off|delegate|route|assign|dispatch)(_?to)?[_-]|^(call|ask|invoke)_\w*agent/i;

interface Delegation {
  /** The span that wrote the hand-off: a model's call, a hand-off span, or a sub-agent's own input. */
  span: Span;
  text: string;
}

function userText(span: Span): string {
  const messages = span.inputMessages.filter((message) => message.role === 'user').map((message) => message.text);
  return messages.length > 0 ? messages.join('\n') : textOfJson(span.input);
}

function hasAgentAncestor(span: Span, context: AnalysisContext): boolean {
  let current = span.parentId === null ? undefined : context.byId.get(span.parentId);
  for (let steps = 0; current && steps < 1_000; steps += 1) {
    if (current.role === 'agent') return true;
    current = current.parentId === null ? undefined : context.byId.get(current.parentId);
  }
  return false;
}

/** Every place the task was passed on: hand-off calls, hand-off spans and nested agents' inputs, in causal order. */
function delegations(context: AnalysisContext): Delegation[] {
  const found: Delegation[] = [];
  for (const span of context.spans) {
    for (const message of span.outputMessages)
      for (const call of message.toolCalls)
        if (delegationCall.test(call.name)) found.push({ span, text: textOfJson(call.arguments) });
    if (span.role === 'handoff') found.push({ span, text: textOfJson(span.tool?.arguments ?? span.input) });
    else if (span.role === 'agent' && span.id !== context.goal.requestSpanId && hasAgentAncestor(span, context))
      found.push({ span, text: userText(span) });
  }
  return found.filter((delegation) => delegation.text.trim() !== '');
}

function mentions(text: string, word: string): boolean {
  // A compound counts (`peanut` names a nut); a longer word that merely starts the same does not (`minute`).
  return new RegExp(`${word}(?:s|es)?\\b`, 'i').test(text);
}

function mentionsAny(text: string, constraint: Constraint): boolean {
  return constraint.words.some((word) => mentions(text, word));
}

function argumentsText(span: Span): string {
  const parts: JsonValue[] = [];
  if (span.tool?.arguments !== null && span.tool?.arguments !== undefined) parts.push(span.tool.arguments);
  for (const message of span.outputMessages) for (const call of message.toolCalls) parts.push(call.arguments);
  return parts.map(textOfJson).join('\n');
}

function producedText(span: Span): string {
  const parts: string[] = [];
  if (span.tool?.result !== null && span.tool?.result !== undefined) parts.push(textOfJson(span.tool.result));
  for (const document of span.retrieval?.documents ?? []) parts.push(document.content);
  return parts.join('\n');
}

/**
 * A hand-off that restates the task without a restriction the request put on it (`Everything must be
 * nut-free` handed on as `Pick 5 dinner recipes`): the agent downstream never learns it, and no later
 * call carries it. Decisive when data downstream shows what the restriction excludes (a recipe listed
 * with `peanut`); otherwise a warning.
 */
export const droppedConstraintRule: Rule = {
  id: 'dropped-constraint',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    if (!request) return [];
    const constraints = constraintsOf(request);
    if (constraints.length === 0) return [];
    const requestWords = contentWordSet(request);
    // A bound: each hand-off looks at every later span, and a huge trace can hold thousands of them.
    for (const delegation of delegations(context).slice(0, 50)) {
      // A restatement of the task, not a narrow sub-question: it shares some of the request's words.
      const shared = [...contentWordSet(delegation.text)].filter((word) => requestWords.has(word));
      if (shared.length < 2) continue;
      const dropped = constraints.find((constraint) => !mentionsAny(delegation.text, constraint));
      if (!dropped) continue;
      const position = context.position.get(delegation.span.id) ?? 0;
      const later = context.spans.filter((span) => (context.position.get(span.id) ?? 0) > position);
      if (later.some((span) => mentionsAny(argumentsText(span), dropped))) continue;
      const violation = later.find((span) => mentionsAny(producedText(span), dropped));
      const finding: RuleFinding = {
        rule: 'dropped-constraint',
        spanId: delegation.span.id,
        layer: 'tool-args',
        severity: violation ? 'error' : 'warning',
        message: `${delegation.span.name} handed the task on without "${dropped.phrase}"${violation ? `; ${violation.name} then returned data it excludes` : ''}`,
        summary: `${delegation.span.name} passed the task on without the request's "${dropped.phrase}", so no later step applied it${violation ? ` and ${violation.name} returned what it excludes` : ''}.`,
        confidence: violation ? 0.7 : 0.4,
        evidence: [
          {
            spanId: delegation.span.id,
            field: 'arguments',
            expected: `the task with "${dropped.phrase}"`,
            actual: delegation.text.length > 120 ? `${delegation.text.slice(0, 117)}…` : delegation.text,
            source: 'user request',
          },
        ],
        causal: true,
        badValue: null,
      };
      return [finding];
    }
    return [];
  },
};
