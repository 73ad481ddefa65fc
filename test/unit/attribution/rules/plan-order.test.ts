import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { requiredOrders } from '../../../../src/attribution/text/goal-clauses.js';
import { buildTrace, toolSpan } from '../build-trace.js';

function planned(request: string, plan: string[]) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan },
      ...plan.map((step, index) => toolSpan(String(index + 2), step.replace(/\(.*$/, ''), {}, { ok: true })),
    ],
    { withTimes: false },
  );
}

describe('plan-order', () => {
  it('reads the order a request states, whichever connector it uses', () => {
    expect(
      requiredOrders('Snapshot the database, then apply the migration.').map((order) => [
        order.first.action,
        order.second.action,
      ]),
    ).toEqual([['snapshot', 'apply']]);
    expect(
      requiredOrders('Restart the workers after draining the queue.').map((order) => [
        order.first.action,
        order.second.action,
      ]),
    ).toEqual([['drain', 'restart']]);
  });

  it('DevOps: a plan that migrates before the requested snapshot is a plan fault', () => {
    const report = attributeRootCause(
      planned('Snapshot the orders-db cluster, then apply migration 0042 to it.', [
        'apply_migration(db=orders-db)',
        'create_snapshot(cluster=orders-db)',
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-order' });
  });

  it('support: "after" puts the second clause first, and a plan that follows it is fine', () => {
    const request = 'Close ticket 4471 after sending the customer the refund confirmation.';
    expect(attributeRootCause(planned(request, ['send_confirmation', 'close_ticket'])).rootCause).toBeNull();
    expect(attributeRootCause(planned(request, ['close_ticket', 'send_confirmation'])).rootCause).toMatchObject({
      layer: 'plan',
      rule: 'plan-order',
    });
  });
});

describe('plan-order: "only once X, do Y"', () => {
  const request =
    'Replace the TLS key of the billing gateway: create a new key, deploy it, restart the gateway, and only once the restart is healthy revoke the old key k-2025.';

  it('reads the condition and the action that follow the connector, in that order', () => {
    expect(requiredOrders(request).map((order) => [order.first.action, order.second.action])).toContainEqual([
      'restart',
      'revok',
    ]);
  });

  it('a plan that revokes before it restarts reverses the order', () => {
    const report = attributeRootCause(
      planned(request, ['revoke_key(k-2025)', 'create_key()', 'deploy_key()', 'restart(gateway)']),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-order' });
  });

  it('a plan that restarts first keeps it', () => {
    const report = attributeRootCause(
      planned(request, ['create_key()', 'deploy_key()', 'restart(gateway)', 'revoke_key(k-2025)']),
    );
    expect(report.findings.filter((finding) => finding.rule === 'plan-order')).toEqual([]);
  });
});

describe('plan-order: moving work to another host before retiring the old one', () => {
  const request = 'Move the 14 print queues from PRN-07 to PRN-11, then decommission PRN-07.';

  it('decommissioning first reverses it, and the evidence names the verbs as the request writes them', () => {
    const report = attributeRootCause(planned(request, ['decommission_server', 'migrate_queues']));
    const finding = report.findings.find((candidate) => candidate.rule === 'plan-order');
    expect(finding).toMatchObject({ spanId: '1', layer: 'plan' });
    expect(finding?.message).toContain('asks to move before decommission');
  });

  it('migrating first is the order asked for', () => {
    const report = attributeRootCause(planned(request, ['migrate_queues', 'decommission_server']));
    expect(report.findings.filter((candidate) => candidate.rule === 'plan-order')).toEqual([]);
  });
});

describe('plan-order: work the steps name by what it acts on', () => {
  const orders = (request: string, plan: string[]) =>
    attributeRootCause(planned(request, plan)).findings.filter((finding) => finding.rule === 'plan-order');

  it('a clause with no known verb, and one found by the figure it carries, still order the plan', () => {
    const lockout = 'Isolate the drive under a LOTO permit before the fitter starts.';
    expect(orders(lockout, ['create_work_order', 'dispatch_fitter', 'issue_loto_permit'])).toHaveLength(1);
    expect(orders(lockout, ['create_work_order', 'issue_loto_permit', 'dispatch_fitter'])).toEqual([]);
    const payroll = 'Apply the promotion to GBP 48,500 a year, then run the April payroll.';
    const steps = ['get_employee(employee=EMP-1)', 'run_payroll(period=2026-04)', 'update_salary(annual_salary=48500)'];
    expect(orders(payroll, steps)).toHaveLength(1);
  });

  it('a delay ("after 24 hours") orders nothing', () => {
    expect(requiredOrders('Rotate the key, revoke the old key after 24 hours, and notify the owner.')).toEqual([]);
  });

  it('a check done by a step that reads the thing orders the plan like any other step', () => {
    const request = 'Check that room 214 has been vacated and passed inspection, and only then assign it to her.';
    expect(orders(request, ['get_booking', 'assign_room', 'get_room_status'])).toHaveLength(1);
    expect(orders(request, ['get_booking', 'get_room_status', 'assign_room'])).toEqual([]);
  });
});
