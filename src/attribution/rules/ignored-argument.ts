import type { JsonValue } from '../../model/json-value.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords } from '../text/actions.js';

/** Tools whose job is to return a changed value: an echo that differs is their answer, not a fault. */
const transformingActions = [
  'update',
  'convert',
  'transform',
  'normalise',
  'normalize',
  'translate',
  'format',
  'round',
];
const transforming = new Set(transformingActions.flatMap((word) => [...actionWords(word)]));

/** Arguments that tune a call rather than name what it is about. */
const tuningArgument = /^(limit|page|page_?size|offset|cursor|top_?k|max_?results|timeout|format|fields|sort|order)$/i;

/** Letters and digits only, lowercased: `Married Filing Jointly` and `married_filing_jointly` compare equal. */
function comparable(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sameValue(argument: JsonValue, echoed: JsonValue): boolean {
  if (typeof argument === 'number' && typeof echoed === 'number')
    return Math.abs(argument - echoed) <= Math.max(Math.abs(argument), Math.abs(echoed)) * 0.005;
  const left = comparable(String(argument));
  const right = comparable(String(echoed));
  // A result may widen what it was given (`2026-11-01` → `2026-11-01T00:00:00Z`, `ACME` → `ACME Ltd`).
  return left === right || left.includes(right) || right.includes(left);
}

/**
 * A tool whose result echoes one of its own arguments with another value (asked for
 * `filing_status: married_filing_jointly`, computed as `single`): the tool ignored what it was given,
 * so its answer is about another question. The arguments were right; the tool is the root.
 */
export const ignoredArgumentRule: Rule = {
  id: 'ignored-argument',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    // Tool names repeat across thousands of spans: each is read for its action words once.
    const transformingByName = new Map<string, boolean>();
    for (const span of context.spans) {
      const tool = span.tool;
      if (!tool || typeof tool.arguments !== 'object' || tool.arguments === null || Array.isArray(tool.arguments))
        continue;
      const result = tool.result;
      if (typeof result !== 'object' || result === null || Array.isArray(result)) continue;
      let transformingTool = transformingByName.get(tool.name);
      if (transformingTool === undefined) {
        transformingTool = [...actionWords(tool.name)].some((word) => transforming.has(word));
        transformingByName.set(tool.name, transformingTool);
      }
      if (transformingTool) continue;
      for (const [key, argument] of Object.entries(tool.arguments)) {
        if (tuningArgument.test(key) || !(key in result)) continue;
        const echoed = result[key] as JsonValue;
        const scalar = (value: JsonValue): boolean => typeof value === 'string' || typeof value === 'number';
        if (!scalar(argument) || !scalar(echoed) || typeof argument !== typeof echoed) continue;
        if (sameValue(argument, echoed)) continue;
        findings.push({
          rule: 'ignored-argument',
          spanId: span.id,
          layer: 'tool',
          severity: 'error',
          message: `${span.name} was called with ${key} = ${String(argument)} but its result is for ${key} = ${String(echoed)}`,
          summary: `${span.name} ignored its ${key} argument: it was asked for ${String(argument)} and answered for ${String(echoed)}, so its result is about another question.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: span.id,
              field: `result.${key}`,
              expected: String(argument),
              actual: String(echoed),
              source: `${span.name} arguments`,
            },
          ],
          causal: true,
          badValue: comparable(String(echoed)),
        });
        break;
      }
    }
    return findings;
  },
};
