import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { buildTrace, toolSpan } from '../build-trace.js';

/** A run with a request, a plan, one call per step as planned and an answer. */
function plannedRun(request: string, plan: string[], answer: string) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan },
      ...plan.map((step, index) => toolSpan(String(index + 2), step.replace(/\(.*$/, ''), {}, { ok: true })),
      { id: 'answer', name: 'model.summarise', role: 'llm', output: answer },
    ],
    { withTimes: false },
  );
}

const conditionalOrders = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'conditional-order');

const request =
  'Once the hall booking BK-60488 for the Spring Fair (Saturday 21 March, 10am-1pm) is confirmed, publish it on the events page. It was still provisional yesterday.';

describe('conditional-order: work a record state had to allow, done with nothing checked', () => {
  it('publishing with no read of the booking first is the plan', () => {
    const report = attributeRootCause(
      plannedRun(
        request,
        ['publish_event(BK-60488)', 'reply'],
        'All done: the Spring Fair is live on the events page.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan' });
    expect(conditionalOrders(report)[0]?.message).toContain('no step checks the condition');
  });

  it('a read before the work may be the check: nothing is said', () => {
    const report = attributeRootCause(
      plannedRun(
        request,
        ['get_booking(BK-60488)', 'publish_event(BK-60488)', 'reply'],
        'The booking is confirmed and the Spring Fair is live on the events page.',
      ),
    );
    expect(conditionalOrders(report)).toEqual([]);
  });

  it('a condition that is no record state ("once you are back") sets nothing to check', () => {
    const report = attributeRootCause(
      plannedRun(
        'Once you are back from lunch, publish the Spring Fair on the events page.',
        ['publish_event(spring-fair)', 'reply'],
        'The Spring Fair is live on the events page.',
      ),
    );
    expect(conditionalOrders(report)).toEqual([]);
  });
});
