import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { buildTrace, toolSpan } from '../build-trace.js';

/** A run that records the request, a plan, one tool span per step and an answer. */
function plannedRun(request: string, plan: string[], answer = 'Done.') {
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

describe('conditional-order: work done before the check the request made it wait for', () => {
  it('a merge planned before the CI run it was made conditional on is the plan', () => {
    const report = attributeRootCause(
      plannedRun('Merge pull request 4812 into main, but only once the integration pipeline passes.', [
        'merge_pull_request(4812)',
        'run_integration_pipeline(4812)',
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan' });
    expect(conditionalOrders(report)).toHaveLength(1);
  });

  it('a condition that points back at the check just before it is found by that check', () => {
    // "only if it is safe" names nothing a step does; the inspection asked for first does.
    const report = attributeRootCause(
      plannedRun('Inspect the boiler at 9 Mill Road first; only if it is safe, schedule the gas engineer.', [
        'schedule_engineer(site=9 Mill Road)',
        'get_boiler_inspection(site=9 Mill Road)',
      ]),
    );
    expect(conditionalOrders(report)).toHaveLength(1);
  });

  it('a check asked for just before the condition is done by a step that checks, whatever it names', () => {
    const report = attributeRootCause(
      plannedRun('Check whether the church hall is free on 3 May; only if it is, pay the hire fee.', [
        'pay_hire_fee(amount=120)',
        'check_availability(date=2026-05-03)',
      ]),
    );
    expect(conditionalOrders(report)).toHaveLength(1);
  });

  it('a read of the day the condition names (by day and month) is its check', () => {
    const report = attributeRootCause(
      plannedRun('Move booking DD-1 to 6 December. Only cancel the old one once 6 December is confirmed.', [
        'cancel_booking(DD-1)',
        'check_availability(driver_day, 2025-12-06)',
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan' });
    expect(conditionalOrders(report)).toHaveLength(1);
    // In the right order, nothing to say.
    const inOrder = attributeRootCause(
      plannedRun('Move booking DD-1 to 6 December. Only cancel the old one once 6 December is confirmed.', [
        'check_availability(driver_day, 2025-12-06)',
        'cancel_booking(DD-1)',
      ]),
    );
    expect(conditionalOrders(inOrder)).toEqual([]);
  });

  it('a step named in another inflection of the condition\'s word is its check (`check_hires`, "hired")', () => {
    const report = attributeRootCause(
      plannedRun('Book the marking robot for Pitch 2 - but only if nobody has Pitch 2 hired in that window.', [
        'schedule_marking(pitch=2)',
        'check_hires(pitch=2)',
      ]),
    );
    expect(conditionalOrders(report)).toHaveLength(1);
  });

  it('a question before "If there is, book it" is answered by any step that only looks', () => {
    const request = 'Is there a heated cabana for 10 on Saturday 11 July? If there is, book it and take the deposit.';
    const report = attributeRootCause(
      plannedRun(request, ['charge_deposit(amount=250)', 'check_availability(date=2026-07-11)', 'create_booking']),
    );
    expect(conditionalOrders(report)).toHaveLength(1);
    // Looked first (by a search), then booked: in order.
    const inOrder = attributeRootCause(
      plannedRun(request, ['search_sessions(date=2026-07-11)', 'create_booking', 'charge_deposit(amount=250)']),
    );
    expect(conditionalOrders(inOrder)).toEqual([]);
  });

  it('a step that does work on what the condition names is no check of it', () => {
    // Taking the deposit does not show it cleared: the status read after the release is the check.
    const report = attributeRootCause(
      plannedRun('Release the keys for flat 4B only once the deposit has cleared.', [
        'charge_deposit(flat=4B)',
        'release_keys(flat=4B)',
        'get_deposit_status(flat=4B)',
      ]),
    );
    expect(conditionalOrders(report)).toHaveLength(1);
  });

  it('other phrasings of a condition: provided, as long as, subject to, a leading if', () => {
    const plans: [string, string[]][] = [
      [
        'Ship the replacement router to the customer provided the warranty lookup shows cover.',
        ['ship_replacement', 'lookup_warranty'],
      ],
      ['Order 40 bags of cement as long as the supplier credit line has room.', ['order_cement', 'get_credit_line']],
      [
        'Publish the March newsletter, subject to the legal review sign-off.',
        ['publish_newsletter', 'get_legal_review'],
      ],
      ['If the allergen audit passes, reopen the kitchen for service.', ['reopen_kitchen', 'get_allergen_audit']],
    ];
    for (const [request, plan] of plans)
      expect(conditionalOrders(attributeRootCause(plannedRun(request, plan))), request).toHaveLength(1);
  });

  it('a plan that checks first is fine', () => {
    const report = attributeRootCause(
      plannedRun('Merge pull request 4812 into main, but only once the integration pipeline passes.', [
        'run_integration_pipeline(4812)',
        'merge_pull_request(4812)',
      ]),
    );
    expect(conditionalOrders(report)).toEqual([]);
  });

  it('a condition that only gives room ("if possible") or asks a question ("check if") sets no order', () => {
    const runs: [string, string[]][] = [
      ['Send the signed lease to the tenant today if possible.', ['send_lease', 'check_tenant_portal']],
      ['Check if the venue is free on Friday and book the caterer.', ['book_caterer', 'check_venue']],
    ];
    for (const [request, plan] of runs)
      expect(conditionalOrders(attributeRootCause(plannedRun(request, plan))), request).toEqual([]);
  });

  it('a plan with no step for the condition is left to the rules for missing checks', () => {
    const report = attributeRootCause(
      plannedRun('Merge pull request 4812 into main, but only once the integration pipeline passes.', [
        'merge_pull_request(4812)',
      ]),
    );
    expect(conditionalOrders(report)).toEqual([]);
  });
});

const bookingStateRequest =
  'Once the hall booking BK-60488 for the Spring Fair (Saturday 21 March, 10am-1pm) is confirmed, publish it on the events page. It was still provisional yesterday.';

describe('conditional-order: work a record state had to allow, done with nothing checked', () => {
  it('publishing with no read of the booking first is the plan', () => {
    const report = attributeRootCause(
      plannedRun(
        bookingStateRequest,
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
        bookingStateRequest,
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
