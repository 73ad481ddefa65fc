import type { Layer } from '../../report/report.js';
import type { ConstructedIn } from '../provenance.js';
import type { Rule, RuleFinding } from '../rule.js';

const layerFor: Record<ConstructedIn, Layer> = {
  'tool-call': 'tool-args',
  'tool-args': 'tool-args',
  'retrieval-query': 'retrieval',
  plan: 'plan',
  'model-text': 'model',
  answer: 'model',
};

const confidenceFor: Record<string, number> = {
  transposition: 0.92,
  'decimal shift': 0.88,
  'dropped character': 0.85,
  'added character': 0.85,
  'sign flip': 0.85,
  'other currency': 0.8,
  'other unit': 0.75,
  'day and month swapped': 0.85,
  'one day off': 0.75,
  'one edit': 0.72,
};

/**
 * A value a span constructed whose nearest upstream value is a near miss (transposed or dropped
 * digits, a decimal shift, another currency …): the span where it first appears is the root.
 */
export const valueDriftRule: Rule = {
  id: 'value-drift',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const reported = new Set<string>();
    for (const check of context.provenance.checks) {
      if (check.status !== 'drifted' || !check.source || !check.drift) continue;
      // The first appearance only: later spans that copy the drifted value are the blast radius.
      if (reported.has(check.value.key)) continue;
      reported.add(check.value.key);
      const span = context.byId.get(check.spanId);
      if (!span) continue;
      const field = check.value.field
        ? `${check.constructedIn === 'tool-call' || check.constructedIn === 'tool-args' ? 'args.' : ''}${check.value.field}`
        : check.constructedIn === 'answer' || check.constructedIn === 'model-text'
          ? 'output'
          : check.constructedIn;
      const layer = layerFor[check.constructedIn];
      const where =
        check.constructedIn === 'tool-call' ? `the ${span.name} span wrote a tool call with` : `${span.name} used`;
      findings.push({
        rule: 'value-drift',
        spanId: span.id,
        layer,
        severity: 'error',
        message: `${where} ${check.value.raw} where the ${check.source.label} has ${check.source.value.raw} (${check.drift})`,
        summary: `${check.value.raw} in ${field} drifted from ${check.source.value.raw} in the ${check.source.label} (${check.drift}).`,
        confidence: confidenceFor[check.drift] ?? 0.7,
        evidence: [
          {
            spanId: span.id,
            field,
            expected: check.source.value.raw,
            actual: check.value.raw,
            source: check.source.label,
          },
        ],
        causal: true,
        badValue: check.value.key,
      });
    }
    return findings;
  },
};
