import type { Span } from '../../model/span.js';
import { requestAndPlan, stepName } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionVerbsOf, actionWords, canonicalWord, isKnownAction, onlyReads } from '../text/actions.js';
import { type ConditionalWork, conditionalWork, objectWords, requestedAction } from '../text/goal-clauses.js';
import { contentWords } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';
import { writesDayAndMonth } from '../values/written-dates.js';

/**
 * The request makes work wait for a condition ("book the crane only if the survey passes", "roll it out once
 * the smoke suite passes", "take the deposit provided the yacht is free"), and the plan does that work before
 * the step that checks the condition. The check still runs, but too late: whatever it finds, the work is done.
 * A plan fault even when every call succeeds, because the order was the safety the user asked for.
 */
const lookupAction = [...actionWords('get')][0] as string;
const checkAction = [...actionWords('check')][0] as string;

/** Words that say how a condition came out, not what it is about: a step is not found by them. */
const outcomeWords = new Set(
  contentWords(
    'pass passes passed fits fit free valid result results status still ok okay good clear cleared true false yes succeed succeeds',
  ),
);

/** A step whose name opens with a verb that does work (`charge_deposit`, `update_change`), not a check or a read. */
function opensWithWork(name: string): boolean {
  // The first token as written: `get` is a stopword in prose, but the verb of `get_credit_line`.
  const first = name.split(/[\s_.-]+|(?<=[a-z])(?=[A-Z])/).find((token) => token.length > 0);
  if (first === undefined) return false;
  const action = [...actionWords(first)][0];
  return action !== undefined && action !== lookupAction && action !== checkAction && actionVerbsOf(first).length > 0;
}

/** The action a step's name opens with (`send_email` → send, `draft_email` → draft). */
function openingAction(name: string): string | undefined {
  const first = name.split(/[\s_.-]+|(?<=[a-z])(?=[A-Z])/).find((token) => token.length > 0);
  return first === undefined ? undefined : [...actionWords(first)][0];
}

/** One word in two inflections the crude stem leaves apart (`hired`, `hires` → `hir`). */
function sameWordStem(left: string, right: string): boolean {
  if (left === right) return true;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  return shorter.length >= 3 && longer.length - shorter.length <= 2 && longer.startsWith(shorter);
}

/** A step that names, as an ISO date, a day the text writes by day and month ("6 December"). */
function readsWrittenDay(step: string, text: string): boolean {
  for (const date of step.matchAll(/\b\d{4}-(\d{2})-(\d{2})\b/g))
    if (writesDayAndMonth(text, Number(date[1]), Number(date[2]))) return true;
  return false;
}

/** The first step that looks at the condition: by a word of it, a record it names, or a check its antecedent asks for. */
function conditionStep(conditional: ConditionalWork, steps: readonly string[]): number {
  const workWords = new Set(contentWords(conditional.work));
  const conditionText = `${conditional.condition} ${conditional.antecedent ?? ''}`;
  // Checking and reading name no subject; any other verb of the condition ("credit line") may well be one.
  const words = new Set(
    contentWords(conditionText).filter((word) => {
      const action = canonicalWord(word);
      return (
        word.length >= 3 &&
        !/\d/.test(word) &&
        !workWords.has(word) &&
        !outcomeWords.has(word) &&
        action !== checkAction &&
        action !== lookupAction
      );
    }),
  );
  const workText = conditional.work.toLowerCase();
  const records = extractFromText(conditional.condition)
    .filter((value) => value.type === 'identifier' && !workText.includes(value.key))
    .map((value) => value.key);
  const asksForCheck = conditional.antecedent !== null && actionWords(conditional.antecedent).has(checkAction);
  // "Is there a cabana for 10 on Saturday? If there is, book it": any step that only looks answers the question.
  const asksQuestion = conditional.antecedent?.trim().endsWith('?') ?? false;
  return steps.findIndex((step) => {
    const name = stepName(step);
    // `charge_deposit` does work on the deposit; it does not check that the deposit cleared.
    if (opensWithWork(name)) return false;
    if (contentWords(name).some((word) => [...words].some((wanted) => sameWordStem(word, wanted)))) return true;
    // A step on the record the condition names checks it only if it reads it: commenting on a ticket is no check.
    if (onlyReads(step) && records.some((record) => step.toLowerCase().includes(record))) return true;
    // A read for the day the condition names ("once 6 December is confirmed", `check_availability(…, 2025-12-06)`).
    if (onlyReads(step) && readsWrittenDay(step, conditional.condition)) return true;
    return (asksForCheck && actionWords(name).has(checkAction)) || (asksQuestion && onlyReads(step));
  });
}

/** The first step that does the conditional work, by its verb or by what it acts on, other than the check itself. */
function workStep(conditional: ConditionalWork, steps: readonly string[], checkedAt: number): number {
  const pieces = conditional.work.split(/\s*\b(?:and|plus|also)\b\s*/i).filter((piece) => piece.length > 0);
  const actions = new Set<string>();
  const objects = new Set<string>();
  const conditionWords = new Set(contentWords(`${conditional.condition} ${conditional.antecedent ?? ''}`));
  pieces.forEach((piece, index) => {
    // The opening verb, and the verbs the rules know ("Roll the flag out" is a rollout, not a roll).
    const opening = requestedAction(piece, index === 0);
    // Reading is not the work: "book it and look up the rate" waits on the booking, not the lookup.
    for (const action of [...(opening ? [opening] : []), ...actionVerbsOf(piece)])
      if (action !== lookupAction && action !== checkAction) actions.add(action);
    for (const word of objectWords(piece))
      if (word.length >= 4 && !conditionWords.has(word) && !isKnownAction(canonicalWord(word))) objects.add(word);
  });
  return steps.findIndex((step, index) => {
    if (index === checkedAt || onlyReads(step)) return false;
    const name = stepName(step);
    const stepActions = actionWords(name);
    if ([...actions].some((action) => stepActions.has(action))) return true;
    return contentWords(name).some((word) => objects.has(word));
  });
}

/** A condition that is the requester's own later act: "I have approved the proof", "we confirm", "I say so". */
const awaitsRequester =
  /^(?:i|we)\s+(?:have\s+|'ve\s+|had\s+)?(?:approve|approved|confirm|confirmed|sign(?:ed)?\s+off|signed|okay|okayed|ok'?d|review|reviewed|check|checked|say\s+so|give\s+the\s+go[-\s]ahead|given\s+the\s+go[-\s]ahead|reply|replied|agree|agreed)\b/i;

/** A later user turn that gives the go-ahead ("approved, go ahead"), so the work may proceed. */
function approvedLater(spans: readonly Span[], request: string): boolean {
  return spans.some((span) =>
    span.inputMessages.some(
      (message) =>
        message.role === 'user' &&
        message.text.trim() !== request.trim() &&
        !message.text.includes(request.trim()) &&
        /\b(?:approved?|go\s+ahead|confirm(?:ed)?|yes|looks\s+good|ok(?:ay)?)\b/i.test(message.text),
    ),
  );
}

/** A condition that is a record's state ("the booking is confirmed", "once the deposit has cleared"). */
const recordState =
  /\b(?:is|are|has\s+been|have\s+been|gets?|comes?\s+back|shows?\s+as|'s)\s+(?:now\s+)?(?:confirmed|approved|cleared|paid|signed(?:\s+off)?|accepted|passed|completed?|received|issued|released|granted|verified|authori[sz]ed|in\s+stock|available|back\s+in\s+stock)\b|\bhas\s+(?:cleared|passed|arrived|landed|gone\s+through)\b/i;

/**
 * The request makes the work wait for a record's state ("once booking BK-60488 is confirmed, publish it"),
 * and the run does the work without any step or call that reads anything first: the condition was never
 * checked. A run that looked anything up before the work may have checked it there, and is left alone.
 */
function neverChecked(
  conditional: ConditionalWork,
  steps: readonly string[],
  spans: readonly Span[],
  planSpanId: string,
): RuleFinding | null {
  if (!recordState.test(conditional.condition)) return null;
  const doneAt = workStep(conditional, steps, -1);
  if (doneAt === -1 || steps.slice(0, doneAt).some(onlyReads)) return null;
  // The calls as they ran: a read the plan did not list still looked before the work was done.
  const calls = spans.filter((span) => span.tool !== null);
  const firstWork = calls.findIndex((span) => !onlyReads(span.tool?.name ?? ''));
  if (firstWork !== 0) return null;
  return {
    rule: 'conditional-order',
    spanId: planSpanId,
    layer: 'plan',
    severity: 'error',
    message: `the request makes "${conditional.work}" wait until "${conditional.condition}", but the plan does it at step ${doneAt + 1} ("${steps[doneAt]}") and no step checks the condition`,
    summary: `The plan does "${steps[doneAt]}" without checking first that ${conditional.condition}, as the request required.`,
    confidence: 0.7,
    evidence: [
      {
        spanId: planSpanId,
        field: 'plan.steps',
        expected: `a step that checks "${conditional.condition}" before "${steps[doneAt]}"`,
        actual: steps.join(', '),
        source: 'user request',
      },
    ],
    causal: true,
    badValue: null,
  };
}

export const conditionalOrderRule: Rule = {
  id: 'conditional-order',
  evaluate(context) {
    const compared = requestAndPlan(context);
    if (!compared) return [];
    const { request, planSpan, steps } = compared;
    const findings: RuleFinding[] = [];
    for (const conditional of conditionalWork(request)) {
      // "Publish it only after I have approved the proof": the condition is the requester's own later act,
      // which no step of this run can check. Doing the work in this run at all skips it, unless the user
      // gave the approval in a later turn.
      if (awaitsRequester.test(conditional.condition) && !approvedLater(context.spans, request)) {
        // The work right before the condition ("draft it and send it only after I approve" holds back the send).
        const pieces = conditional.work.split(/\s*\b(?:and|plus|also)\b\s*/i).filter((piece) => piece.length > 0);
        const held = requestedAction(pieces.at(-1) ?? conditional.work, true);
        // By the step's opening verb: `draft_email` drafts an email, it does not send one.
        const doneAt = held === null ? -1 : steps.findIndex((step) => openingAction(stepName(step)) === held);
        if (doneAt === -1) continue;
        findings.push({
          rule: 'conditional-order',
          spanId: planSpan.id,
          layer: 'plan',
          severity: 'error',
          message: `the request makes "${conditional.work}" wait until "${conditional.condition}", but the plan does it at step ${doneAt + 1} ("${steps[doneAt]}") without the requester's go-ahead`,
          summary: `The plan does "${steps[doneAt]}", which the request said must wait until "${conditional.condition}".`,
          confidence: 0.75,
          evidence: [
            {
              spanId: planSpan.id,
              field: 'plan.steps',
              expected: `no "${conditional.work}" before ${conditional.condition}`,
              actual: steps.join(', '),
              source: 'user request',
            },
          ],
          causal: true,
          badValue: null,
        });
        break;
      }
      const checkedAt = conditionStep(conditional, steps);
      if (checkedAt === -1) {
        const unchecked = neverChecked(conditional, steps, context.spans, planSpan.id);
        if (unchecked === null) continue;
        findings.push(unchecked);
        break;
      }
      const doneAt = workStep(conditional, steps, checkedAt);
      if (doneAt === -1 || doneAt > checkedAt) continue;
      const condition = conditional.antecedent
        ? `${conditional.antecedent}; only if ${conditional.condition}`
        : conditional.condition;
      findings.push({
        rule: 'conditional-order',
        spanId: planSpan.id,
        layer: 'plan',
        severity: 'error',
        message: `the request makes "${conditional.work}" wait for "${condition}", but the plan does it at step ${doneAt + 1} ("${steps[doneAt]}") before checking at step ${checkedAt + 1} ("${steps[checkedAt]}")`,
        summary: `The plan does "${steps[doneAt]}" before "${steps[checkedAt]}", the check the request made it depend on ("${condition}").`,
        // Below a condition shown unmet by a record (unchecked-condition): that finding carries more evidence.
        confidence: 0.75,
        evidence: [
          {
            spanId: planSpan.id,
            field: 'plan.steps',
            expected: `"${steps[checkedAt]}" before "${steps[doneAt]}"`,
            actual: steps.join(', '),
            source: 'user request',
          },
        ],
        causal: true,
        badValue: null,
      });
      // One finding per plan: the first conditional the plan breaks is the one to fix.
      break;
    }
    return findings;
  },
};
