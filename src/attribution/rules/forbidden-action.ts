import type { Span } from '../../model/span.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords } from '../text/actions.js';

/** "Don't submit anything", "do not restart", "never email", "without deleting": the actions a request rules out. */
function forbiddenActions(request: string): string[] {
  const actions: string[] = [];
  for (const match of request.matchAll(/\b(?:don[’']?t|do not|never|without)\s+([a-z]+)/gi)) {
    for (const word of actionWords(match[1] ?? '')) if (!actions.includes(word)) actions.push(word);
  }
  return actions;
}

/** Model output that lays out steps ("Plan:", a numbered list): a plan written as text. */
function isPlanText(text: string): boolean {
  return /(^|\n)\s*(plan\s*:|steps?\s*:|1[.)]\s)/i.test(text);
}

/** What a span decided to do, as text: its plan steps, a plan written in its output, or the tools it called. */
function decisions(span: Span): string[] {
  if (span.plan && span.plan.length > 0) return span.plan;
  if (span.role !== 'llm' && span.role !== 'agent') return [];
  const texts = span.outputMessages.map((message) => message.text).filter((text) => isPlanText(text));
  const calls = span.outputMessages.flatMap((message) => message.toolCalls.map((call) => call.name));
  return [...texts, ...calls];
}

/**
 * A step the request ruled out ("dry run, don't submit anything" and a plan that submits): the plan
 * contradicts the goal at the span that first decided on the forbidden action, whether it then ran or not.
 */
export const forbiddenActionRule: Rule = {
  id: 'forbidden-action',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    const forbidden = forbiddenActions(request);
    if (forbidden.length === 0) return [];
    const findings: RuleFinding[] = [];
    for (const action of forbidden) {
      for (const span of context.spans) {
        const decided = decisions(span).find((text) => actionWords(text).has(action));
        if (!decided) continue;
        const executed = context.spans.find(
          (candidate) => candidate.tool !== null && actionWords(candidate.tool.name).has(action),
        );
        findings.push({
          rule: 'forbidden-action',
          spanId: span.id,
          layer: 'plan',
          severity: 'error',
          message: `the request rules out "${action}", but ${span.name} decided to do it${executed ? ` and ${executed.tool?.name ?? executed.name} ran` : ''}`,
          summary: `The request says not to ${action}, but ${span.name} planned it ("${
            decided
              .split('\n')
              .find((line) => actionWords(line).has(action))
              ?.trim() ?? decided
          }")${executed ? `, and ${executed.tool?.name ?? executed.name} carried it out` : ''}.`,
          confidence: executed ? 0.9 : 0.75,
          evidence: [
            {
              spanId: span.id,
              field: span.plan ? 'plan.steps' : 'output',
              expected: `no step that does "${action}"`,
              actual: decided.length > 160 ? `${decided.slice(0, 157)}…` : decided,
              source: 'user request',
            },
          ],
          causal: true,
          badValue: null,
        });
        break;
      }
    }
    return findings;
  },
};
