import { requestAndPlan } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords } from '../text/actions.js';
import { type OrderedWork, requiredOrders } from '../text/goal-clauses.js';

/**
 * The plan does two requested things in the opposite order to the one the request states ("snapshot,
 * then migrate" planned as migrate, snapshot): a plan fault even when every step succeeds, because the
 * order was the safety the user asked for.
 */
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
    const firstStepDoing = (work: OrderedWork): number =>
      stepActions.findIndex((words) =>
        work.namedWork.length > 0 ? work.namedWork.every((word) => words.has(word)) : words.has(work.action),
      );
    const findings: RuleFinding[] = [];
    for (const order of requiredOrders(request)) {
      const first = firstStepDoing(order.first);
      const second = firstStepDoing(order.second);
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
