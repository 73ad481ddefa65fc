import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { buildTrace, toolSpan } from '../build-trace.js';

const request = 'Deploy release 4.2 of the payments service to production, but only once change CHG-7731 is approved.';

function plannedRun(plan: string[], results: Record<string, JsonValue>) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan },
      ...plan.map((step, index) => {
        const name = step.replace(/\(.*$/, '');
        return toolSpan(String(index + 2), name, {}, results[name] ?? { ok: true });
      }),
    ],
    { withTimes: false },
  );
}

describe('unchecked-condition: the plan acts before checking the condition the request set', () => {
  it('a deploy planned before any step looks at the change, which was still pending, is the plan', () => {
    const report = attributeRootCause(
      plannedRun(['deploy(payments, 4.2, production)', 'comment_change(CHG-7731)'], {
        comment_change: { change: 'CHG-7731', status: 'pending_approval' },
      }),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'unchecked-condition' });
    expect(report.rootCause?.evidence[1]).toMatchObject({ actual: 'pending_approval' });
  });

  it('a plan that checks the change first is fine', () => {
    const report = attributeRootCause(
      plannedRun(['get_change(CHG-7731)', 'deploy(payments, 4.2, production)'], {
        get_change: { change: 'CHG-7731', status: 'approved' },
      }),
    );
    expect(report.findings.filter((finding) => finding.rule === 'unchecked-condition')).toEqual([]);
  });

  it('without a record showing the condition unmet, it is only a warning', () => {
    const report = attributeRootCause(plannedRun(['deploy(payments, 4.2, production)'], {}));
    expect(report.findings).toContainEqual(
      expect.objectContaining({ rule: 'unchecked-condition', severity: 'warning' }),
    );
  });
});
