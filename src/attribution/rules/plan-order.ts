import { requestAndPlan } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords, canonicalWord, isKnownAction } from '../text/actions.js';
import { type OrderedWork, requiredOrders } from '../text/goal-clauses.js';
import { contentWords } from '../text/words.js';

/**
 * The plan does two requested things in the opposite order to the one the request states ("snapshot,
 * then migrate" planned as migrate, snapshot): a plan fault even when every step succeeds, because the
 * order was the safety the user asked for.
 */
const lookupAction = [...actionWords('get')][0] as string;
const checkAction = [...actionWords('check')][0] as string;

/** A step whose only known action is reading (`get_employee(employee=EMP-1)`). */
function isLookupOnly(step: string): boolean {
  const words = actionWords(step.replace(/\(.*$/s, ''));
  return words.has(lookupAction) && [...words].every((word) => word === lookupAction || !isKnownAction(word));
}

/** The verb as the request writes it (`move`), not its stem (`mov`), for the evidence. */
function asWritten(work: OrderedWork): string {
  const word = work.clause
    .split(/[^A-Za-z-]+/)
    .find((candidate) => candidate.length > 1 && actionWords(candidate).has(work.action));
  return word?.toLowerCase() ?? work.action;
}

export const planOrderRule: Rule = {
  id: 'plan-order',
  evaluate(context) {
    const compared = requestAndPlan(context);
    if (!compared) return [];
    const { request, planSpan, steps } = compared;
    // Hyphens and underscores inside names split into words, as in the request: `weekly_rollup` → weekly, rollup.
    const stepActions = steps.map((step) => actionWords(step.replace(/(\w)-(\w)/g, '$1$2')));
    // A generic verb ("run the weekly rollup") is found by what it names; any other by the action itself.
    const byAction = (work: OrderedWork): number =>
      stepActions.findIndex((words) =>
        work.namedWork.length > 0 ? work.namedWork.every((word) => words.has(word)) : words.has(work.action),
      );
    // Steps that do something: a lookup reads the record the work is on, it does not do the work.
    const doing = steps.map((step, index) => ({ step, index })).filter(({ step }) => !isLookupOnly(step));
    const firstStepDoing = (work: OrderedWork, other: OrderedWork): number => {
      const found = work.action === '' && work.namedWork.length === 0 ? -1 : byAction(work);
      if (found !== -1) return found;
      // "Check that room 214 has been vacated": a step that reads the room (`get_room_status`) is the check.
      if (work.action === checkAction) {
        const clauseWords = new Set(contentWords(work.clause));
        const reading = steps.findIndex(
          (step, index) =>
            stepActions[index]?.has(lookupAction) &&
            contentWords(step.replace(/\(.*$/s, '')).some(
              (word) => word !== lookupAction && word.length >= 3 && clauseWords.has(word),
            ),
        );
        if (reading !== -1) return reading;
      }
      // "Apply the promotion … at GBP 48,500" is the step that carries 48500; "before the fitter starts" is
      // `dispatch_fitter`: a figure or a distinctive word of the clause that the other clause does not share.
      const otherText = other.clause.toLowerCase();
      const figures = (work.clause.match(/\d[\d,]{2,}(?:\.\d+)?/g) ?? [])
        .map((written) => written.replace(/,/g, ''))
        .filter((figure) => Number(figure) >= 100 && !otherText.includes(figure) && !/^(19|20)\d{2}$/.test(figure));
      const byFigure = doing.find(({ step }) => figures.some((figure) => step.includes(figure)));
      if (byFigure) return byFigure.index;
      const otherWords = new Set(contentWords(other.clause));
      const words = contentWords(work.clause).filter(
        (word) => word.length >= 3 && !otherWords.has(word) && !isKnownAction(canonicalWord(word)) && !/\d/.test(word),
      );
      const byWord = doing.find(({ step }) => {
        const name = new Set(contentWords(step.replace(/\(.*$/s, '')));
        return words.some((word) => name.has(word));
      });
      return byWord ? byWord.index : -1;
    };
    const findings: RuleFinding[] = [];
    for (const order of requiredOrders(request)) {
      const first = firstStepDoing(order.first, order.second);
      const second = firstStepDoing(order.second, order.first);
      if (first === -1 || second === -1 || first < second) continue;
      findings.push({
        rule: 'plan-order',
        spanId: planSpan.id,
        layer: 'plan',
        severity: 'error',
        message: `the request asks to ${asWritten(order.first)} before ${asWritten(order.second)}, but the plan does ${asWritten(order.second)} first (step ${second + 1} of ${steps.length})`,
        summary: `The plan reverses the order the request asks for: "${order.first.clause}" must come before "${order.second.clause}", but the plan runs "${steps[second]}" first.`,
        confidence: 0.85,
        evidence: [
          {
            spanId: planSpan.id,
            field: 'plan.steps',
            expected: `${asWritten(order.first)} before ${asWritten(order.second)}`,
            actual: steps.join(', '),
            source: 'user request',
          },
        ],
        causal: true,
        badValue: null,
      });
    }
    return findings;
  },
};
