import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { buildTrace, toolSpan } from '../build-trace.js';

/** A planned run: the request, a plan, one tool span per call given, and the answer. */
function run(request: string, plan: string[], calls: Parameters<typeof toolSpan>[], answer: string) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan },
      ...calls.map((call) => toolSpan(...call)),
      { id: 'answer', name: 'agent.answer', role: 'agent', output: answer },
    ],
    { withTimes: false },
  );
}

const gaps = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'plan-gap');

describe('plan-gap: one verb, two things, and the run did it to only one', () => {
  const request = 'Attach the signed lease and the gas safety certificate to tenancy T-5521, then email the tenant.';

  it('the one attach call names the lease only, nothing names the certificate, and the answer claims both', () => {
    const report = attributeRootCause(
      run(
        request,
        ['attach_document(type=signed_lease)', 'email_tenant'],
        [
          ['2', 'attach_document', { tenancy: 'T-5521', type: 'signed_lease' }, { ok: true }],
          ['3', 'email_tenant', { tenancy: 'T-5521' }, { sent: true }],
        ],
        'The signed lease and the gas safety certificate are attached to T-5521 and the tenant has been emailed.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-gap' });
    expect(report.rootCause?.evidence[0]?.expected).toContain('gas safety certificate');
  });

  it('"two and a half hours" is one length of time, not a second thing to book', () => {
    const report = attributeRootCause(
      run(
        'Book the rehearsal room for two and a half hours from 18:00 on Friday 6 March 2026.',
        ['book_room'],
        [['2', 'book_room', { room: 'R1', start: '18:00', end: '20:30' }, { booking: 'RB-3' }]],
        'Booked the rehearsal room from 18:00 to 20:30 for two and a half hours.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });

  it('a call that carries both things did both', () => {
    const report = attributeRootCause(
      run(
        request,
        ['attach_document(types=[signed_lease, gas_safety_certificate])', 'email_tenant'],
        [
          ['2', 'attach_document', { tenancy: 'T-5521', types: 'signed_lease,gas_safety_certificate' }, { ok: true }],
          ['3', 'email_tenant', { tenancy: 'T-5521' }, { sent: true }],
        ],
        'The signed lease and the gas safety certificate are attached to T-5521 and the tenant has been emailed.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });

  it('a second call with the same verb may have done the second thing: no finding', () => {
    const report = attributeRootCause(
      run(
        request,
        ['attach_document(type=signed_lease)', 'attach_document(file=doc_8812)', 'email_tenant'],
        [
          ['2', 'attach_document', { tenancy: 'T-5521', type: 'signed_lease' }, { ok: true }],
          ['3', 'attach_document', { tenancy: 'T-5521', file: 'doc_8812' }, { ok: true }],
          ['4', 'email_tenant', { tenancy: 'T-5521' }, { sent: true }],
        ],
        'The signed lease and the gas safety certificate are attached to T-5521 and the tenant has been emailed.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });

  it('an answer that does not claim the second thing is left to other rules', () => {
    const report = attributeRootCause(
      run(
        request,
        ['attach_document(type=signed_lease)', 'email_tenant'],
        [
          ['2', 'attach_document', { tenancy: 'T-5521', type: 'signed_lease' }, { ok: true }],
          ['3', 'email_tenant', { tenancy: 'T-5521' }, { sent: true }],
        ],
        'The signed lease is attached to T-5521 and the tenant has been emailed.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });
});

describe('plan-gap: a setting applied through another call', () => {
  const request = 'Book 8 seats for the Friday quiz night and apply the member discount.';
  const run = (bookingArgs: Record<string, string | number>) =>
    buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: request },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['find_event', 'create_booking'] },
        toolSpan('2', 'find_event', { day: 'friday' }, { event_id: 'QZ-12' }),
        toolSpan('3', 'create_booking', bookingArgs, { booking: 'B-4410' }),
        { id: 'answer', name: 'agent.answer', role: 'agent', output: 'Booked 8 seats, member discount applied.' },
      ],
      { withTimes: false },
    );

  it('a booking sent with the discount code did the applying', () => {
    const report = attributeRootCause(run({ event_id: 'QZ-12', seats: 8, promo_code: 'MEMBER10' }));
    expect(gaps(report)).toEqual([]);
  });

  it('a booking with no trace of the discount leaves "apply the member discount" undone', () => {
    const report = attributeRootCause(run({ event_id: 'QZ-12', seats: 8 }));
    expect(gaps(report)).toHaveLength(1);
  });
});

describe('plan-gap: an item the request lists that no step or call works on', () => {
  const request = 'Renew the parking permits for bays PB-1140 and PB-1187 for 2027.';
  const permitRun = (calls: Parameters<typeof toolSpan>[], plan: string[]) =>
    run(request, plan, calls, 'Both parking permits are renewed for 2027.');

  it('the second bay’s code is in no step and no call, while the first bay’s is', () => {
    const report = attributeRootCause(
      permitRun(
        [['2', 'renew_permit', { bay: 'PB-1140', year: 2027 }, { permit: 'P-88' }]],
        ['renew_permit(bay=PB-1140)'],
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-gap' });
    expect(report.rootCause?.evidence[0]?.expected).toBe('PB-1187');
  });

  it('both bays worked on: quiet', () => {
    const report = attributeRootCause(
      permitRun(
        [
          ['2', 'renew_permit', { bay: 'PB-1140', year: 2027 }, { permit: 'P-88' }],
          ['3', 'renew_permit', { bay: 'PB-1187', year: 2027 }, { permit: 'P-89' }],
        ],
        ['renew_permit(bay=PB-1140)', 'renew_permit(bay=PB-1187)'],
      ),
    );
    expect(gaps(report)).toEqual([]);
  });

  it('an item the request takes out ("PB-1140, not PB-1187") is not left out', () => {
    const report = attributeRootCause(
      run(
        'Renew the parking permit for bay PB-1140, not PB-1187, for 2027.',
        ['renew_permit(bay=PB-1140)'],
        [['2', 'renew_permit', { bay: 'PB-1140', year: 2027 }, { permit: 'P-88' }]],
        'The permit for PB-1140 is renewed for 2027.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });

  it('"renew" is work a step must do: a plan that only books leaves it out', () => {
    const report = attributeRootCause(
      run(
        'Book Rex in for his booster this week and renew his flea treatment prescription.',
        ['find_slots', 'book_appointment'],
        [
          ['2', 'find_slots', { service: 'vaccination' }, { slots: ['2027-03-04T09:40'] }],
          ['3', 'book_appointment', { slot: '2027-03-04T09:40' }, { booking: 'APT-1' }],
        ],
        'Rex is booked for his booster and his flea treatment prescription is renewed.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-gap' });
  });
});

describe('plan-gap: lengths and counts written beside a code are not items', () => {
  it('"keep the 14-day hire" beside booking SK-4012 asks for no step of its own', () => {
    const report = attributeRootCause(
      run(
        'Move my skip delivery (booking SK-4012) from Friday to Monday, same address, and keep the 14-day hire.',
        ['get_booking', 'reschedule_booking'],
        [
          ['2', 'get_booking', { booking: 'SK-4012' }, { booking: 'SK-4012', hire_days: 14 }],
          ['3', 'reschedule_booking', { booking: 'SK-4012', date: '2026-06-08' }, { status: 'moved' }],
        ],
        'Your skip delivery is moved to Monday 8 June; the 14-day hire is unchanged.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });
});

describe('plan-gap: a check for something the run never read', () => {
  const request = 'Book the tree surgeon for the oak on plot 7, but first check the plot for bat roost restrictions.';
  const run2 = (plotResult: Record<string, string | number>) =>
    run(
      request,
      ['get_plot', 'book_surgeon'],
      [
        ['2', 'get_plot', { plot: 7 }, plotResult],
        ['3', 'book_surgeon', { plot: 7, date: '2027-04-06' }, { booking: 'TS-1' }],
      ],
      'The tree surgeon is booked for 6 April; there are no bat roost restrictions.',
    );

  it('reading the plot, which says nothing of bats or roosts, does not check it for them', () => {
    expect(attributeRootCause(run2({ plot: 7, area_m2: 640, species: 'oak' })).rootCause).toMatchObject({
      spanId: '1',
      layer: 'plan',
    });
  });

  it('a plot record that speaks of roosts was checked', () => {
    expect(gaps(attributeRootCause(run2({ plot: 7, species: 'oak', bat_roost_survey: 'none found 2026' })))).toEqual(
      [],
    );
  });

  it('comparing the claim with the data does a fact-check', () => {
    const report = attributeRootCause(
      run(
        'Fact-check: "Half of the town’s buses run late." Use the latest punctuality data.',
        ['get_statistic', 'compare_with_claim', 'write_verdict'],
        [
          ['2', 'get_statistic', { series: 'bus_punctuality' }, { on_time_pct: 61.2 }],
          ['3', 'compare_with_claim', { claim: 'half late', value: 61.2 }, { verdict: 'inaccurate' }],
          ['4', 'write_verdict', { verdict: 'inaccurate' }, { saved: true }],
        ],
        'Inaccurate: 61.2% of buses ran on time, so fewer than four in ten were late.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });
});

describe('plan-gap: verbs the request and the tools spell differently', () => {
  it('"Give her door access" is done by `grant_door_access`', () => {
    const report = attributeRootCause(
      run(
        'Give new member Ana Reis door access at the Quay site from Monday.',
        ['lookup_member', 'grant_door_access'],
        [
          ['2', 'lookup_member', { name: 'Ana Reis' }, { member_id: 'M-7' }],
          ['3', 'grant_door_access', { member_id: 'M-7', site: 'quay' }, { granted: true }],
        ],
        'Ana has door access at the Quay site from Monday.',
      ),
    );
    expect(gaps(report)).toEqual([]);
  });

  it('"Buy me two passes" is done by `purchase_passes`; "quote me" by reading the price', () => {
    const bought = attributeRootCause(
      run(
        'Buy me two day passes for Friday.',
        ['get_price', 'purchase_passes'],
        [
          ['2', 'get_price', { product: 'day_pass' }, { price: 24.5 }],
          ['3', 'purchase_passes', { count: 2, date: '2026-03-06' }, { order: 'DP-1' }],
        ],
        'Bought two day passes for Friday (order DP-1).',
      ),
    );
    expect(gaps(bought)).toEqual([]);
    const quoted = attributeRootCause(
      run(
        'Quote me three gutter cleans, including VAT.',
        ['get_price(service=gutter_clean)', 'calculate(3 x price + VAT)'],
        [
          ['2', 'get_price', { service: 'gutter_clean' }, { unit_price_gbp: 60 }],
          ['3', 'calculate', { expression: '3 * 60 * 1.2' }, { value: 216 }],
        ],
        'Three gutter cleans come to £216 including VAT.',
      ),
    );
    expect(gaps(quoted)).toEqual([]);
  });

  it('"Apply for the permit" is done by `submit_permit_application`; a named person\'s wish sets the scene', () => {
    const permit = (plan: string[], calls: Parameters<typeof toolSpan>[]) =>
      attributeRootCause(
        run(
          'Mr Tomasz Nowak would like a dropped kerb outside 14 Ash Lane. Check the street rules and apply for the highway permit.',
          plan,
          calls,
          'The dropped kerb meets the street rules, and the highway permit HP-4410 has been applied for.',
        ),
      );
    const applied = permit(
      ['get_street_rules', 'submit_permit_application'],
      [
        ['2', 'get_street_rules', { street: 'Ash Lane' }, { dropped_kerb: 'allowed' }],
        ['3', 'submit_permit_application', { street: 'Ash Lane', number: 14 }, { permit: 'HP-4410' }],
      ],
    );
    expect(gaps(applied)).toEqual([]);
    const notApplied = permit(
      ['get_street_rules'],
      [['2', 'get_street_rules', { street: 'Ash Lane' }, { dropped_kerb: 'allowed' }]],
    );
    expect(gaps(notApplied).map((finding) => finding.message)).toEqual([expect.stringContaining('apply for')]);
  });
});

describe('plan-gap: verbs the splitter used to miss', () => {
  it('"…, and hire him a wetsuit" is work a step must do', () => {
    const lesson = (plan: string[], calls: Parameters<typeof toolSpan>[]) =>
      gaps(
        attributeRootCause(
          run(
            'Book my daughter on the Sunday 10:00 kayak taster, and hire her a buoyancy aid for it.',
            plan,
            calls,
            'She is booked on the Sunday 10:00 taster, and her buoyancy aid will be waiting.',
          ),
        ),
      );
    expect(lesson(['book_session'], [['2', 'book_session', { session: 'KT-10' }, { booking: 'B-7' }]])).toHaveLength(1);
    expect(
      lesson(
        ['book_session', 'hire_kit'],
        [
          ['2', 'book_session', { session: 'KT-10' }, { booking: 'B-7' }],
          ['3', 'hire_kit', { booking: 'B-7', item: 'buoyancy aid' }, { ok: true }],
        ],
      ),
    ).toEqual([]);
  });

  it('"let her owner, Mrs Hallworth, and the trainer, Joe Pickering, know" needs a message to each', () => {
    const told = (calls: Parameters<typeof toolSpan>[]) =>
      gaps(
        attributeRootCause(
          run(
            'Scratch Bramble from Saturday and let both her owner, Mrs Hallworth, and the trainer, Joe Pickering, know.',
            ['scratch_entry', 'send_message(to=owner)'],
            [['2', 'scratch_entry', { horse: 'Bramble' }, { status: 'scratched' }], ...calls],
            'Bramble is scratched; Mrs Hallworth and Joe Pickering have both been told.',
          ),
        ),
      );
    expect(
      told([['3', 'send_message', { to: 'hallworth@stablemail.co.uk', body: 'Bramble is out' }, { ok: true }]]),
    ).toHaveLength(1);
    expect(
      told([
        ['3', 'send_message', { to: 'hallworth@stablemail.co.uk', body: 'Bramble is out' }, { ok: true }],
        ['4', 'send_message', { to: 'joe.pickering@stablemail.co.uk', body: 'Bramble is out' }, { ok: true }],
      ]),
    ).toEqual([]);
  });
});
