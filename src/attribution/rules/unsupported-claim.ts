import type { Rule, RuleFinding } from '../rule.js';
import { describeSpanError } from '../span-errors.js';
import { actionWords } from '../text/actions.js';
import { isRefusalOrFailureReport } from '../text/words.js';

const successClaim =
  /\b(processed|refunded|sent|emailed|escalated|rolled back|verified|verifying|checked|booked|created|scheduled|cancell?ed|updated|deleted|deployed|restarted|notified|confirmed|completed|resolved|issued|transferred|paid|applied|reset|rotated|added|removed|assigned|closed|opened|submitted|approved|shipped|ordered|saved|uploaded|published|merged|successfully|done)\b/i;

/**
 * Success the final answer claims that no span supports, or that a failed span contradicts. A claim
 * is a symptom: it points upstream and is never the root itself.
 */
export const unsupportedClaimRule: Rule = {
  id: 'unsupported-claim',
  evaluate(context) {
    const answer = context.answer;
    if (!answer) return [];
    const findings: RuleFinding[] = [];
    const tools = context.spans.filter((span) => span.role === 'tool' || span.role === 'handoff');
    for (const sentence of answer.text.split(/(?<=[.!?])\s+|\n+/)) {
      if (!successClaim.test(sentence) || isRefusalOrFailureReport(sentence)) continue;
      const claimWords = actionWords(sentence);
      const related = tools.filter((tool) =>
        [...actionWords(tool.tool?.name ?? tool.name)].some((word) => claimWords.has(word)),
      );
      const failed = related.filter((tool) => describeSpanError(tool) !== null);
      const succeeded = related.filter((tool) => describeSpanError(tool) === null);
      const clauses = sentence
        .split(/\b(?:after|and|then|before|while)\b/i)
        .filter((clause) => successClaim.test(clause));
      const unsupported = clauses.filter((clause) => {
        const words = actionWords(clause);
        return !succeeded.some((tool) =>
          [...actionWords(tool.tool?.name ?? tool.name)].some((word) => words.has(word)),
        );
      });
      if (succeeded.length > 0 && unsupported.length === 0) continue;
      const claim = (unsupported[0] ?? sentence).trim();
      findings.push({
        rule: 'unsupported-claim',
        spanId: answer.spanId,
        layer: 'model',
        severity: 'warning',
        message:
          failed.length > 0 && succeeded.length === 0
            ? `the answer claims "${claim}", but ${failed[0]?.name} failed`
            : `the answer claims "${claim}", which no span supports`,
        summary: `The answer claims "${claim}" without support in the trace.`,
        confidence: 0.5,
        evidence: [
          {
            spanId: answer.spanId,
            field: 'output',
            expected: 'a span that did it',
            actual: claim,
            source: 'final answer',
          },
        ],
        causal: false,
        badValue: null,
      });
    }
    return findings;
  },
};
