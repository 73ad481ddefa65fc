import type { JsonValue } from '../../model/json-value.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords } from '../text/actions.js';
import { isRefusalOrFailureReport } from '../text/words.js';

/** Actions that change something: a call to one of them that changed nothing did not do its job. */
const changingActions = new Set(
  [
    'reserve',
    'book',
    'create',
    'update',
    'delete',
    'cancel',
    'send',
    'assign',
    'refund',
    'charge',
    'apply',
    'submit',
  ].flatMap((word) => [...actionWords(word)]),
);

/** Counts of what a call changed: `items_reserved`, `rows_affected`, `updated_count`, `sent`. */
const changedCount =
  /(^|_)(reserved|booked|created|updated|deleted|cancelled|canceled|sent|assigned|applied|affected|processed|inserted|modified)(_count)?$|^(items|rows|records)_\w+$/i;

function saysSuccess(result: { [key: string]: JsonValue }): boolean {
  return Object.entries(result).some(([key, value]) =>
    /^(status|state|result|outcome)$/i.test(key) && typeof value === 'string'
      ? /^(ok|success|succeeded|done|completed|confirmed)$/i.test(value)
      : /^(ok|success)$/i.test(key) && value === true,
  );
}

/**
 * A call that changes things whose result says it succeeded while counting nothing changed
 * (`status: ok`, `items_reserved: 0`), and an answer that reports success: the tool did not do its job.
 */
export const hollowSuccessRule: Rule = {
  id: 'hollow-success',
  evaluate(context) {
    const answer = context.answer?.text ?? '';
    if (answer === '' || isRefusalOrFailureReport(answer)) return [];
    // Tool names repeat across thousands of spans: each is read for its action words once.
    const changingByName = new Map<string, boolean>();
    for (const span of context.spans) {
      const tool = span.tool;
      const result = tool?.result;
      if (!tool || typeof result !== 'object' || result === null || Array.isArray(result)) continue;
      let changing = changingByName.get(tool.name);
      if (changing === undefined) {
        changing = [...actionWords(tool.name)].some((word) => changingActions.has(word));
        changingByName.set(tool.name, changing);
      }
      if (!changing) continue;
      if (!saysSuccess(result)) continue;
      const zero = Object.entries(result).find(([key, value]) => changedCount.test(key) && value === 0);
      if (!zero) continue;
      return [
        {
          rule: 'hollow-success',
          spanId: span.id,
          layer: 'tool',
          severity: 'error',
          message: `${span.name} reported success but ${zero[0]} is 0: it changed nothing`,
          summary: `${span.name} answered success with ${zero[0]} = 0: the tool did not do what it was called for, and the answer reported it as done.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: span.id,
              field: `result.${zero[0]}`,
              expected: 'at least 1',
              actual: '0',
              source: `${span.name} result`,
            },
          ],
          causal: true,
          badValue: null,
        } satisfies RuleFinding,
      ];
    }
    return [];
  },
};
