import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { type AnalysisContext, outputText, textOfJson } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { isRefusalOrFailureReport } from '../text/words.js';

const qualityField = /(^|[._])(match_?type|match_?level|match_?quality|precision|resolution|quality|accuracy)$/i;
const degradedQuality = /fallback|approximate|approx|partial|fuzzy|guess|default|interpolated|centroid|nearest/i;
const confidenceField = /(^|[._])(confidence|match_?score|certainty)$/i;
/** An answer that passes the tool's doubt on to the user is honest about it. */
const hedged =
  /\b(approximate(ly)?|roughly|could not (find|match)|couldn'?t (find|match)|not (sure|certain)|low confidence|fallback|may not be)\b/i;

interface Degradation {
  field: string;
  value: string;
}

/** What the result says about its own quality: a fallback match, or a confidence below one half. */
function degradation(result: JsonValue, path = '', depth = 0): Degradation | null {
  if (depth > 3 || result === null || typeof result !== 'object') return null;
  if (Array.isArray(result)) {
    // A list of candidates: only the one taken (the first) speaks for the result.
    return result.length > 0 ? degradation(result[0] as JsonValue, `${path}[0]`, depth + 1) : null;
  }
  // Keys rather than entries: no pair array per property, on a result of every tool span.
  for (const key of Object.keys(result)) {
    const value = result[key] as JsonValue;
    if (qualityField.test(key) && typeof value === 'string' && degradedQuality.test(value))
      return { field: path ? `${path}.${key}` : key, value };
    if (confidenceField.test(key) && typeof value === 'number' && value >= 0 && value < 0.5)
      return { field: path ? `${path}.${key}` : key, value: String(value) };
  }
  for (const key of Object.keys(result)) {
    const nested = degradation(result[key] as JsonValue, path ? `${path}.${key}` : key, depth + 1);
    if (nested) return nested;
  }
  return null;
}

/** The result's numbers and codes that a later call or the answer repeats: the agent built on it. */
function usedLater(span: Span, context: AnalysisContext): Span | null {
  const result = span.tool?.result;
  if (result === null || result === undefined) return null;
  const carried = new Set<string>();
  const collect = (value: JsonValue, depth: number): void => {
    if (depth > 4) return;
    if (typeof value === 'number' && !Number.isInteger(value)) carried.add(String(value));
    else if (typeof value === 'string' && /\d/.test(value) && /^[\w.-]{4,}$/.test(value)) carried.add(value);
    else if (Array.isArray(value)) for (const item of value) collect(item, depth + 1);
    else if (value !== null && typeof value === 'object')
      for (const item of Object.values(value)) collect(item, depth + 1);
  };
  collect(result, 0);
  if (carried.size === 0) return null;
  const position = context.position.get(span.id) ?? 0;
  for (const later of context.spans) {
    if ((context.position.get(later.id) ?? 0) <= position || !later.tool) continue;
    const text = textOfJson(later.tool.arguments);
    if ([...carried].some((value) => text.includes(value))) return later;
  }
  return null;
}

/**
 * A tool whose own result says it is a poor match (`match_type: city_fallback`, `confidence: 0.41`)
 * while a later call builds on it and the answer states the outcome as fact: the tool answered a
 * different question than it was asked, and nobody downstream checked. The arguments were sound.
 */
export const degradedResultRule: Rule = {
  id: 'degraded-result',
  evaluate(context: AnalysisContext) {
    const answer = context.answer;
    if (!answer || isRefusalOrFailureReport(answer.text) || hedged.test(answer.text)) return [];
    const findings: RuleFinding[] = [];
    for (const span of context.spans) {
      if (span.role !== 'tool' || !span.tool || span.status.code === 'error') continue;
      const degraded = degradation(span.tool.result);
      if (!degraded) continue;
      const consumer = usedLater(span, context);
      if (!consumer) continue;
      // Asked about the doubt later on and hedged there: the agent knew.
      if (context.spans.some((other) => other.role === 'llm' && hedged.test(outputText(other)))) continue;
      findings.push({
        rule: 'degraded-result',
        spanId: span.id,
        layer: 'tool',
        severity: 'error',
        message: `${span.name} returned a result that rates itself ${degraded.field} ${degraded.value}, and ${consumer.name} built on it`,
        summary: `${span.name} returned a poor match (${degraded.field}: ${degraded.value}) for sound arguments; ${consumer.name} and the answer used it as exact.`,
        confidence: 0.65,
        evidence: [
          {
            spanId: span.id,
            field: `result.${degraded.field}`,
            expected: 'an exact match for the arguments',
            actual: `${degraded.field}: ${degraded.value}`,
            source: `span ${span.name} arguments`,
          },
        ],
        causal: true,
        badValue: null,
      });
    }
    return findings.slice(0, 1);
  },
};
