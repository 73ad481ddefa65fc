import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { buildTrace, toolSpan, user } from '../build-trace.js';

function plannedRun(request: string, plan: string[], laterTurn: string | null = null) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan },
      ...(laterTurn === null
        ? []
        : [{ id: 'turn', name: 'chat', role: 'llm' as const, inputMessages: [user(request), user(laterTurn)] }]),
      ...plan.map((step, index) => toolSpan(String(index + 2), step.replace(/\(.*$/, ''), {}, { ok: true })),
      { id: 'answer', name: 'agent.answer', role: 'agent', output: 'Done.' },
    ],
    { withTimes: false },
  );
}

const conditionalOrders = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'conditional-order');

describe('conditional-order: work the request made wait for the requester’s own approval', () => {
  const request = 'Draft the price-change email to all subscribers and send it only after I have reviewed the draft.';

  it('a plan that sends in the same run skipped the requester’s review', () => {
    const report = attributeRootCause(plannedRun(request, ['draft_email(audience=subscribers)', 'send_email']));
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'conditional-order' });
  });

  it('a plan that stops at the draft waits as asked', () => {
    expect(conditionalOrders(attributeRootCause(plannedRun(request, ['draft_email(audience=subscribers)'])))).toEqual(
      [],
    );
  });

  it('a later turn in which the user approves lets the work go ahead', () => {
    const report = attributeRootCause(
      plannedRun(request, ['draft_email(audience=subscribers)', 'send_email'], 'Looks good, go ahead and send it.'),
    );
    expect(conditionalOrders(report)).toEqual([]);
  });

  it('a condition about the world, not the requester, is judged by the step that checks it', () => {
    const report = attributeRootCause(
      plannedRun('Send the email only after the legal team has approved it.', ['get_legal_approval', 'send_email']),
    );
    expect(conditionalOrders(report)).toEqual([]);
  });
});
