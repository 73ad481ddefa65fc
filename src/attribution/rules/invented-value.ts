import type { Span } from '../../model/span.js';
import type { Layer } from '../../report/report.js';
import type { ConstructedIn } from '../provenance.js';
import type { Rule, RuleFinding } from '../rule.js';
import { isPlaceholderValue } from '../values/extract-values.js';

const layerFor: Record<ConstructedIn, Layer> = {
  'tool-call': 'tool-args',
  'tool-args': 'tool-args',
  'retrieval-query': 'retrieval',
  plan: 'plan',
  'model-text': 'model',
  answer: 'model',
};

function isUpstreamGap(gap: string): boolean {
  return gap === 'tool-result' || gap === 'retrieval-documents';
}

/**
 * A value with no source at all. A reserved or placeholder value (`customer@example.com`) is an error
 * wherever it is constructed; any other unsourced identifier or email is only a warning, and only
 * when everything upstream was captured (otherwise its source may simply not be recorded).
 */
export const inventedValueRule: Rule = {
  id: 'invented-value',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();
    // Whether anything upstream of a position went uncaptured is a question of the earliest such span:
    // found once, not per value.
    let firstGap = Number.POSITIVE_INFINITY;
    let firstMissingResult = Number.POSITIVE_INFINITY;
    // With every ID once in the list, a span's position is its index, and the first span found is the earliest.
    const uniqueIds = context.position.size === context.spans.length;
    for (let index = 0; index < context.spans.length; index += 1) {
      const span = context.spans[index] as Span;
      if (span.notCaptured.some(isUpstreamGap))
        firstGap = Math.min(firstGap, uniqueIds ? index : (context.position.get(span.id) ?? Number.POSITIVE_INFINITY));
      if (span.role === 'tool' && span.tool?.result === null)
        firstMissingResult = Math.min(firstMissingResult, uniqueIds ? index : (context.position.get(span.id) ?? 0));
    }
    for (const check of context.provenance.checks) {
      if (check.status !== 'unsourced' || reported.has(check.value.key)) continue;
      const span = context.byId.get(check.spanId);
      if (!span) continue;
      const placeholder = isPlaceholderValue(check.value);
      const typed =
        check.value.type === 'email' ||
        check.value.type === 'identifier' ||
        check.value.type === 'url' ||
        check.value.type === 'phone';
      if (!placeholder && !typed) continue;
      const position = context.position.get(span.id) ?? 0;
      const upstreamGap = firstGap < position;
      const toolResultMissing = firstMissingResult < position;
      if (!placeholder && (upstreamGap || toolResultMissing)) continue;
      // An unsourced value the model states as an answer is a model finding; as a tool argument, tool-args.
      if (!placeholder && (check.constructedIn === 'answer' || check.constructedIn === 'model-text')) continue;
      reported.add(check.value.key);
      const field = check.value.field ? `args.${check.value.field}` : 'output';
      findings.push({
        rule: 'invented-value',
        spanId: span.id,
        layer: layerFor[check.constructedIn],
        severity: placeholder ? 'error' : 'warning',
        message: placeholder
          ? `${span.name} used ${check.value.raw}, a reserved placeholder that no upstream span produced`
          : `${span.name} used ${check.value.raw}, which no upstream span produced`,
        summary: placeholder
          ? `${check.value.raw} in ${field} is a placeholder value that no upstream span produced (invented).`
          : `${check.value.raw} in ${field} has no source upstream (invented?).`,
        confidence: placeholder ? 0.8 : 0.45,
        evidence: [{ spanId: span.id, field, expected: null, actual: check.value.raw, source: 'no upstream span' }],
        causal: true,
        badValue: check.value.key,
      });
    }
    return findings;
  },
};
