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

const rollupRequest = 'Backfill analytics.events_daily for November, then re-run the weekly_rollup.';

describe('plan-order: names with dots, repeated verbs and generic verbs', () => {
  it('a dot inside a table name does not end the sentence', () => {
    const orders = requiredOrders(rollupRequest);
    expect(orders).toHaveLength(1);
    expect(orders[0]?.first.clause).toContain('analytics.events_daily');
    expect(orders[0]?.second.action).toBe('run');
  });

  it('"rerun" reads as run, and "restart" stays restart', () => {
    const orders = requiredOrders('Rerun the nightly export after you restart the sync worker.');
    expect(orders.map((order) => [order.first.action, order.second.action])).toEqual([['restart', 'run']]);
  });

  it('ad campaigns: a plan that refreshes the rollup before the backfill is a plan fault', () => {
    const report = attributeRootCause(
      planned(rollupRequest, ['refresh_weekly_rollup', 'backfill_events_daily(month=2026-11)']),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-order' });
  });

  it('the plan that backfills first and then runs the named rollup is fine', () => {
    const report = attributeRootCause(
      planned(rollupRequest, ['backfill_events_daily(month=2026-11)', 'refresh_weekly_rollup']),
    );
    expect(report.findings.filter((finding) => finding.rule === 'plan-order')).toEqual([]);
  });

  it('a generic verb is matched by what it names, not by any step that merely runs something', () => {
    // run_health_check runs something before the backfill, but it is not the weekly rollup.
    const report = attributeRootCause(
      planned(rollupRequest, ['run_health_check', 'backfill_events_daily(month=2026-11)', 'refresh_weekly_rollup']),
    );
    expect(report.findings.filter((finding) => finding.rule === 'plan-order')).toEqual([]);
  });
});
