import type { JsonValue } from '../../model/json-value.js';
import { callsOfSpan, type StringArgument, stringArguments } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';

/** "Don't touch prod", "leave production alone", "stay out of the EU cluster": a target the request rules out. */
const ruledOut =
  /\b(?:don[’']?t|do not|never|please don[’']?t)\s+(?:touch|change|modify|restart|redeploy|deploy to|affect|go near)\s+(?:the\s+|any\s+)?([A-Za-z][\w-]{1,30})|\bleave\s+(?:the\s+)?([A-Za-z][\w-]{1,30})\s+alone\b|\bstay\s+out\s+of\s+(?:the\s+)?([A-Za-z][\w-]{1,30})/gi;

/** Names one environment goes by: a call to `production-eu` touches "prod". */
const sameEnvironment: readonly (readonly string[])[] = [
  ['prod', 'production', 'prd', 'live'],
  ['staging', 'stg', 'stage'],
  ['dev', 'development'],
  ['test', 'testing', 'qa', 'uat'],
];

function namesFor(word: string): Set<string> {
  const lower = word.toLowerCase();
  const group = sameEnvironment.find((names) => names.includes(lower));
  return new Set(group ?? [lower]);
}

/** Free text (a reason, a note) may mention the target without acting on it. */
const freeTextKey = /(^|\.)(reason|note|notes|comment|description|message|summary|text)(\.|$)/i;

/** The first string argument that names the target as one of its segments (`prod-eu-1` names prod). */
function namingArgument(value: JsonValue, names: Set<string>): StringArgument | null {
  return (
    stringArguments(value).find(
      ({ field, text }) =>
        text.length <= 120 &&
        !freeTextKey.test(field) &&
        text
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((segment) => names.has(segment)),
    ) ?? null
  );
}

/**
 * The request rules a target out ("Don't touch prod") and a call was written against it
 * (`cluster: prod-eu-1`): the arguments went wrong where that call was written, whatever ran after.
 */
export const forbiddenTargetRule: Rule = {
  id: 'forbidden-target',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    for (const match of request.matchAll(ruledOut)) {
      const target = match[1] ?? match[2] ?? match[3];
      if (!target || /^(it|that|this|them|anything|everything|something|any|the)$/i.test(target)) continue;
      const names = namesFor(target);
      // The request itself asking to work on that target ("restart prod-eu-1, don't touch prod-us") is no rule.
      const elsewhere = request.slice(0, match.index) + request.slice((match.index ?? 0) + match[0].length);
      if (
        elsewhere
          .toLowerCase()
          .split(/[^a-z0-9]+/)
          .some((word) => names.has(word))
      )
        continue;
      for (const span of context.spans) {
        for (const call of callsOfSpan(span)) {
          const argument = namingArgument(call.arguments, names);
          if (!argument) continue;
          const finding: RuleFinding = {
            rule: 'forbidden-target',
            spanId: span.id,
            layer: 'tool-args',
            severity: 'error',
            message: `the request says "${match[0].trim()}", but ${span.name} called ${call.name} with ${argument.field} ${argument.text}`,
            summary: `The request rules out ${target} ("${match[0].trim()}"), but ${call.name} was called with ${argument.field} = ${argument.text}.`,
            confidence: 0.85,
            evidence: [
              {
                spanId: span.id,
                field: `args.${argument.field}`,
                expected: `nothing in ${target}`,
                actual: argument.text,
                source: 'user request',
              },
            ],
            causal: true,
            badValue: argument.text,
          };
          return [finding];
        }
      }
    }
    return [];
  },
};
