import type { JsonValue } from '../../model/json-value.js';
import { requestAndPlan } from '../analysis-context.js';
import type { Rule } from '../rule.js';
import { extractFromText } from '../values/extract-values.js';

/** "…, but only once ticket SEC-4471 shows approval", "only if INC-20417 is resolved": a condition on the request. */
const conditionPattern = /\bonly\s+(?:once|if|after|when)\s+([^.;\n]+)/gi;

/** Steps that only read: looking something up changes nothing, so it may come before the check. */
const readOnlyStep = /^\W*(get|lookup|look|list|search|find|fetch|read|check|verify|query|describe|show|view|inspect)/i;

/** A state that says the condition is not met (yet). */
const unmetState =
  /^(pending|pending_?approval|awaiting_?approval|open|new|draft|submitted|in_?review|under_?review|rejected|denied|declined|not_?approved|unapproved|blocked|failed)$/i;
const stateField = /(^|[._])(status|state|approval|approval_?status|ticket_?status|decision)$/i;

/** A state field of a record that holds one of the condition's identifiers and says it is not met. */
function unmetStateOf(value: JsonValue, field: string, depth = 0): { field: string; state: string } | null {
  if (depth > 6 || value === null) return null;
  if (typeof value === 'string')
    return stateField.test(field) && unmetState.test(value.trim()) ? { field, state: value.trim() } : null;
  if (Array.isArray(value) || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    const found = unmetStateOf(value[key] as JsonValue, field ? `${field}.${key}` : key, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The request makes its action conditional on a named record ("only once ticket SEC-4471 shows security
 * approval") and the plan acts before any step looks at that record: the check the user asked for is
 * missing from the plan. Decisive when a record in the run shows the condition unmet.
 */
export const uncheckedConditionRule: Rule = {
  id: 'unchecked-condition',
  evaluate(context) {
    const compared = requestAndPlan(context);
    if (!compared) return [];
    const { request, planSpan, steps } = compared;
    for (const match of request.matchAll(conditionPattern)) {
      const condition = (match[1] ?? '').trim();
      const named = extractFromText(condition).filter((value) => value.type === 'identifier');
      if (named.length === 0) continue;
      const mentions = (step: string): boolean => named.some((value) => step.toLowerCase().includes(value.key));
      const checkedAt = steps.findIndex(mentions);
      const actsAt = steps.findIndex((step) => !readOnlyStep.test(step) && !mentions(step));
      if (actsAt === -1 || (checkedAt !== -1 && checkedAt < actsAt)) continue;
      // A record in the run that holds the condition's identifier and says it is not met makes it decisive.
      let unmet: { spanId: string; field: string; state: string } | null = null;
      for (const span of context.spans) {
        const result = span.tool?.result;
        if (result === null || result === undefined) continue;
        const text = JSON.stringify(result).toLowerCase();
        if (!named.some((value) => text.includes(value.key))) continue;
        const state = unmetStateOf(result, '');
        if (state) {
          unmet = { spanId: span.id, ...state };
          break;
        }
      }
      const identifier = named[0]?.raw ?? condition;
      return [
        {
          rule: 'unchecked-condition',
          spanId: planSpan.id,
          layer: 'plan',
          severity: unmet ? 'error' : 'warning',
          message: `the request allows the action only once ${condition}, but the plan acts at step ${actsAt + 1} ("${steps[actsAt]}") before any step checks ${identifier}`,
          summary: `The plan never checks the condition the request set ("only once ${condition}") before acting${unmet ? `, and ${identifier} was in fact ${unmet.state}` : ''}.`,
          confidence: unmet ? 0.8 : 0.45,
          evidence: [
            {
              spanId: planSpan.id,
              field: 'plan.steps',
              expected: `a step that checks ${identifier} before "${steps[actsAt]}"`,
              actual: steps.join(', '),
              source: 'user request',
            },
            ...(unmet
              ? [
                  {
                    spanId: unmet.spanId,
                    field: unmet.field,
                    expected: 'the condition met',
                    actual: unmet.state,
                    source: 'tool result',
                  },
                ]
              : []),
          ],
          causal: true,
          badValue: null,
        },
      ];
    }
    return [];
  },
};
