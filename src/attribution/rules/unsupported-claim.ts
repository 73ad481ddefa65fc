import { isPaymentAction, paidByCall } from '../payment-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { describeSpanError } from '../span-errors.js';
import { actionVerbsOf, actionWords } from '../text/actions.js';
import { goalClauses, requestedAction } from '../text/goal-clauses.js';
import { isRefusalOrFailureReport } from '../text/words.js';
import { isPlaceholderValue } from '../values/extract-values.js';

const successClaim =
  /\b(processed|refunded|sent|emailed|escalated|rolled back|verified|verifying|checked|booked|created|scheduled|cancell?ed|updated|deleted|deployed|restarted|notified|confirmed|completed|resolved|issued|transferred|paid|applied|reset|rotated|added|removed|assigned|closed|opened|submitted|approved|shipped|ordered|saved|uploaded|published|merged|successfully|done)\b/i;

/** "Extra badges can be ordered until 10 April", "you could be refunded": what may be done, not what was. */
const offersOnly =
  /\b(?:can|could|may|might|will|would|should|must|to)\s+be\s+(?:\w+\s+)?(?:processed|refunded|sent|booked|created|scheduled|cancell?ed|updated|ordered|paid|applied|issued|submitted|approved|shipped|added|removed|reset|closed|opened)\b/i;

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
    // Values that drifted or were invented: a tool that ran on one of them did the wrong thing.
    const badKeys = new Set(
      context.provenance.checks
        .filter(
          (check) => check.status === 'drifted' || (check.status === 'unsourced' && isPlaceholderValue(check.value)),
        )
        .map((check) => check.value.key),
    );
    const taintedBy = (spanId: string): string | null =>
      context.provenance.checks.find((check) => check.spanId === spanId && badKeys.has(check.value.key))?.value.raw ??
      null;
    // Only actions the user asked for can be claimed: "assigned to k.osei" answering a status question
    // reports a fact, it does not claim work.
    // Clauses that only explain ("he cannot approve sign-ins") ask for nothing to claim.
    const requested = new Set(
      goalClauses(context.goal.request ?? '')
        .filter((clause, index) => requestedAction(clause, index === 0) !== null)
        .flatMap((clause) => actionVerbsOf(clause)),
    );
    if (requested.size === 0) return [];
    for (const sentence of answer.text.split(/(?<=[.!?])\s+|\n+/)) {
      if (!successClaim.test(sentence) || isRefusalOrFailureReport(sentence) || offersOnly.test(sentence)) continue;
      const claimWords = actionWords(sentence);
      if (![...claimWords].some((word) => requested.has(word))) continue;
      const related = tools.filter((tool) =>
        [...actionWords(tool.tool?.name ?? tool.name)].some((word) => claimWords.has(word)),
      );
      const failed = related.filter((tool) => describeSpanError(tool) !== null);
      const succeeded = related.filter((tool) => describeSpanError(tool) === null);
      const clauses = sentence
        .split(/\b(?:after|and|then|before|while)\b/i)
        .filter((clause) => successClaim.test(clause));
      const paid = paidByCall(context.spans);
      const unsupported = clauses.filter((clause) => {
        const words = actionWords(clause);
        if (paid && [...words].some(isPaymentAction)) return false;
        return !succeeded.some((tool) =>
          [...actionWords(tool.tool?.name ?? tool.name)].some((word) => words.has(word)),
        );
      });
      const tainted = succeeded
        .map((tool) => ({ tool, value: taintedBy(tool.id) }))
        .find((entry) => entry.value !== null);
      const paidFor = paid && [...claimWords].some(isPaymentAction);
      if ((succeeded.length > 0 || paidFor) && unsupported.length === 0 && !tainted) continue;
      const claim = (unsupported[0] ?? sentence).trim();
      if (unsupported.length === 0 && tainted) {
        findings.push({
          rule: 'unsupported-claim',
          spanId: answer.spanId,
          layer: 'model',
          severity: 'warning',
          message: `the answer claims "${claim}", but ${tainted.tool.name} did it with ${tainted.value}, a value with no correct source`,
          summary: `The answer claims "${claim}", but the work was done on the wrong value.`,
          confidence: 0.5,
          evidence: [
            {
              spanId: answer.spanId,
              field: 'output',
              expected: 'a claim the trace supports',
              actual: claim,
              source: 'final answer',
            },
          ],
          causal: false,
          badValue: null,
        });
        continue;
      }
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
