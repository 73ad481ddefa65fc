import type { AnalysisContext } from '../analysis-context.js';
import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { statedLimits } from '../text/limits.js';
import { extractFromText } from '../values/extract-values.js';

/** Units of one dimension and their size in its base unit: minutes, kilograms, metres. */
const baseUnits: Record<string, number> = {
  s: 1 / 60,
  second: 1 / 60,
  min: 1,
  minute: 1,
  h: 60,
  hour: 60,
  d: 1440,
  day: 1440,
  w: 10080,
  week: 10080,
  g: 0.001,
  kg: 1,
  m: 1,
  km: 1000,
};
const dimensionOf: Record<string, string> = {
  s: 'time',
  second: 'time',
  min: 'time',
  minute: 'time',
  h: 'time',
  hour: 'time',
  d: 'time',
  day: 'time',
  w: 'time',
  week: 'time',
  g: 'mass',
  kg: 'mass',
  m: 'length',
  km: 'length',
};

/** A sentence that forbids what lies past its bound: "more than 30 minutes … must NOT be returned". */
const prohibition =
  /\b(must not|must never|may not|cannot|can't|not be|not permitted|not allowed|prohibited|never|do not)\b/i;
/** An answer that says go ahead. */
const affirmative =
  /^(yes|yep|sure|certainly)\b|\b(is|are|was|falls?|stays?) within\b|\b(is|are) (fine|allowed|permitted|acceptable|eligible|ok)\b|\bcan (go|be) (back|returned|used|accepted)\b/i;
const negative = /\b(no|not|cannot|can't|must not|shouldn't|should not|unfortunately)\b/i;

function inBaseUnit(value: number, unit: string | null): { dimension: string; amount: number } | null {
  if (unit === null) return null;
  const factor = baseUnits[unit];
  const dimension = dimensionOf[unit];
  return factor === undefined || dimension === undefined ? null : { dimension, amount: value * factor };
}

/**
 * The context forbids going past a bound ("outside +2 to +8 °C for more than 30 minutes … must NOT be
 * returned to stock"), the request states a quantity past it ("out of the fridge for about 3 hours"), and
 * the answer says go ahead: the model overlooked the rule it was given.
 */
export const overlookedLimitRule: Rule = {
  id: 'overlooked-limit',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    const answer = context.answer?.text ?? '';
    if (!request || !affirmative.test(answer) || negative.test(answer.split(/[.!?]/)[0] ?? '')) return [];
    const stated = extractFromText(request)
      .filter((value) => value.type === 'number' && value.number !== null)
      .map((value) => ({ raw: value.raw, base: inBaseUnit(value.number as number, value.unit) }))
      .filter((value): value is { raw: string; base: { dimension: string; amount: number } } => value.base !== null);
    if (stated.length === 0) return [];
    for (const span of context.spans) {
      if (span.role !== 'llm') continue;
      const text = outputText(span);
      if (text === '' || !affirmative.test(text)) continue;
      const prompt = span.inputMessages.map((message) => message.text).join('\n');
      for (const sentence of prompt.split(/(?<=[.!?])\s+/)) {
        if (!prohibition.test(sentence)) continue;
        for (const limit of statedLimits(sentence)) {
          const bound = limit.bound === 'max' ? inBaseUnit(limit.value, limit.unit) : null;
          if (!bound) continue;
          const past = stated.find(
            (value) => value.base.dimension === bound.dimension && value.base.amount > bound.amount,
          );
          // An answer that names the bound has weighed it.
          if (!past || text.includes(limit.raw) || answer.includes(String(limit.value))) continue;
          const finding: RuleFinding = {
            rule: 'overlooked-limit',
            spanId: span.id,
            layer: 'model',
            severity: 'error',
            message: `${span.name} said go ahead for "${past.raw}", past the bound its context states ("${limit.raw}")`,
            summary: `${span.name} approved "${past.raw}" although the context it was given forbids more than ${limit.raw.replace(/^\w+\s+than\s+/i, '')}.`,
            confidence: 0.75,
            evidence: [
              {
                spanId: span.id,
                field: 'output',
                expected: `no: ${sentence.trim().slice(0, 160)}`,
                actual: text.slice(0, 160),
                source: `${span.name} input`,
              },
            ],
            causal: true,
            badValue: null,
          };
          return [finding];
        }
      }
    }
    return [];
  },
};
