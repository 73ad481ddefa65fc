import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { buildTrace, toolSpan } from '../build-trace.js';

type Arguments = Record<string, string | number | boolean>;

/** A run with a plan whose steps ran with the given arguments, and an answer. */
function plannedRun(request: string, calls: [string, Arguments][], answer: string) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan: calls.map(([name]) => name) },
      ...calls.map(([name, args], index) => toolSpan(String(index + 2), name, args, { ok: true })),
      { id: 'answer', name: 'model.summarise', role: 'llm', output: answer },
    ],
    { withTimes: false },
  );
}

const outcomeGaps = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter(
    (finding) => finding.rule === 'plan-gap' && finding.message.includes('the answer claims it ('),
  );

const request = 'Renew the domain harbourlight.org for two years, and make sure the registrar locks the transfer.';

describe('plan-gap: an outcome the request asks for that nothing in the run touches', () => {
  it('a transfer lock no step or argument carries, which the answer claims, is a plan gap', () => {
    const report = attributeRootCause(
      plannedRun(
        request,
        [['renew_domain', { domain: 'harbourlight.org', years: 2 }]],
        'harbourlight.org is renewed for two years and the transfer is locked at the registrar.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-gap' });
    expect(outcomeGaps(report)).toHaveLength(1);
  });

  it('an item left off a list of attachments is a gap when the answer says it went', () => {
    const report = attributeRootCause(
      plannedRun(
        'File the planning appeal for ref 24/0913/FUL, with the site plan and the heritage statement attached.',
        [
          ['upload_document', { file: 'site_plan.pdf' }],
          ['submit_appeal', { reference: '24/0913/FUL' }],
        ],
        'Appeal filed for 24/0913/FUL with the site plan and heritage statement attached.',
      ),
    );
    expect(outcomeGaps(report)).toHaveLength(1);
  });

  it('an argument that carries the outcome covers it', () => {
    const report = attributeRootCause(
      plannedRun(
        request,
        [['renew_domain', { domain: 'harbourlight.org', years: 2, transfer_lock: 'locked' }]],
        'harbourlight.org is renewed for two years and the transfer is locked at the registrar.',
      ),
    );
    expect(outcomeGaps(report)).toEqual([]);
  });

  it('an answer that does not claim the outcome, or says it could not be done, is left alone', () => {
    for (const answer of [
      'harbourlight.org is renewed for two years.',
      'harbourlight.org is renewed, but I was unable to lock the transfer: the registrar does not support it.',
    ]) {
      const report = attributeRootCause(
        plannedRun(request, [['renew_domain', { domain: 'harbourlight.org', years: 2 }]], answer),
      );
      expect(outcomeGaps(report), answer).toEqual([]);
    }
  });
});
