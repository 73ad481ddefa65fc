import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

function recordThenAnswer(request: string, result: JsonValue, answer: string, later: JsonValue | null = null) {
  return buildTrace([
    agentSpan('root', request, answer),
    toolSpan('lookup', 'get_record', { id: 'R-7710' }, result),
    ...(later === null ? [] : [toolSpan('recheck', 'get_record', { id: 'R-7710' }, later)]),
    { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
  ]);
}

describe('contradicted-status: a model that says the opposite of an outcome a tool recorded', () => {
  it('a rejected claim reported as approved is the model span', () => {
    const report = attributeRootCause(
      recordThenAnswer(
        'Was my warranty claim R-7710 accepted?',
        { claim_id: 'R-7710', decision: 'rejected', reason: 'water damage' },
        'Good news: claim R-7710 was approved and a replacement is on its way.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-status' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'decision rejected', actual: 'approved' });
  });

  it('a malicious verdict reported as benign, and a restriction in force reported as lifted', () => {
    const verdict = attributeRootCause(
      recordThenAnswer(
        'Is the file in ticket R-7710 safe to open?',
        { sha256: 'ab12', verdict: 'malicious', engines: 41 },
        'The attachment is benign; you can open it.',
      ),
    );
    expect(verdict.rootCause).toMatchObject({ spanId: 'llm', rule: 'contradicted-status' });
    const hold = attributeRootCause(
      recordThenAnswer(
        'Can customer R-7710 order again?',
        { customer: 'R-7710', credit_hold: { status: 'active', until: '2026-04-01' } },
        'Yes, the credit hold has been lifted, so they can order again.',
      ),
    );
    expect(hold.rootCause).toMatchObject({ spanId: 'llm', rule: 'contradicted-status' });
  });

  it('stays quiet when the model reports the outcome faithfully, or negates the opposite', () => {
    for (const answer of [
      'Claim R-7710 was rejected because of water damage.',
      'Sorry, claim R-7710 was not approved: the assessor found water damage.',
    ]) {
      const report = attributeRootCause(
        recordThenAnswer(
          'Was my warranty claim R-7710 accepted?',
          { claim_id: 'R-7710', decision: 'rejected', reason: 'water damage' },
          answer,
        ),
      );
      expect(report.findings.some((finding) => finding.rule === 'contradicted-status')).toBe(false);
    }
  });

  it('stays quiet when a later record settled the outcome the other way', () => {
    const report = attributeRootCause(
      recordThenAnswer(
        'Was my warranty claim R-7710 accepted?',
        { claim_id: 'R-7710', decision: 'rejected' },
        'On review, claim R-7710 was approved.',
        { claim_id: 'R-7710', decision: 'approved' },
      ),
    );
    expect(report.findings.some((finding) => finding.rule === 'contradicted-status')).toBe(false);
  });
});

describe('contradicted-status: retries', () => {
  it('a failed first attempt that a retry fixed is not contradicted by "completed"', () => {
    const report = attributeRootCause(
      recordThenAnswer(
        'Export report R-7710.',
        { job: 'R-7710', status: 'failed' },
        'The export of R-7710 completed.',
        { job: 'R-7710', status: 'done' },
      ),
    );
    expect(report.findings.some((finding) => finding.rule === 'contradicted-status')).toBe(false);
  });
});

describe('contradicted-status: a model that asserts what a false flag denies', () => {
  const station = { station: 'R-7710', step_free_street_to_platform: { northbound: false, southbound: true } };
  const request = 'I use a wheelchair. Is station R-7710 step-free to the northbound platform today?';

  it('"step-free to the northbound platform" over `step_free_street_to_platform.northbound: false` is the model', () => {
    const report = attributeRootCause(
      recordThenAnswer(request, station, 'Yes, the station is step-free from the street to the northbound platform.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-status' });
  });

  it('a sentence that says it is not step-free, or one about the other direction, is fine', () => {
    for (const answer of [
      'No, the station is not step-free from the street to the northbound platform today.',
      'The station is step-free from the street to the southbound platform only.',
    ])
      expect(attributeRootCause(recordThenAnswer(request, station, answer)).verdict).toBe('ok');
  });
});

describe('contradicted-status: a named item of a list said to be in use when it is not', () => {
  const trail: JsonValue = {
    trail: 'Black Grouse',
    status: 'open',
    sections: [
      { name: 'Heather Climb', status: 'open' },
      { name: 'Bothy descent', status: 'closed', until: '2026-11-27' },
    ],
  };
  const request = 'Is the Black Grouse loop open on Saturday, including the Bothy descent?';
  const contradictions = (answer: string) =>
    attributeRootCause(recordThenAnswer(request, trail, answer)).findings.filter(
      (finding) => finding.rule === 'contradicted-status',
    );

  it('"all sections are running, including the Bothy descent" contradicts the closed section', () => {
    const found = contradictions('Yes: all sections are running, including the Bothy descent.');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ spanId: 'llm', layer: 'model' });
  });

  it('a sentence that states the closure, or sets the item apart, is right', () => {
    expect(contradictions('The loop is open, but the Bothy descent is closed until 27 November.')).toEqual([]);
    expect(contradictions('All sections are open except the Bothy descent.')).toEqual([]);
    expect(contradictions('The Heather Climb is open. Take the diversion.')).toEqual([]);
  });
});

describe('contradicted-status: verdict flags and outcomes of records looked up', () => {
  const contradicted = (result: JsonValue, answer: string) =>
    attributeRootCause(recordThenAnswer('What is the status of R-7710?', result, answer)).rootCause;

  it.each([
    [{ id: 'R-7710', eligible: false, award_gbp: 0 }, 'Good news: you are eligible for the bursary.'],
    [{ id: 'R-7710', safe_to_use: false }, 'The hoist is fine to use.'],
    [{ id: 'R-7710', result: 'defects_found' }, 'R-7710 passed its examination.'],
    [{ id: 'R-7710', status: 'closed', outcome: 'declined' }, 'Your dispute was resolved in your favour.'],
  ])('%j contradicted by "%s" is the model', (result, answer) => {
    expect(contradicted(result, answer)).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-status' });
  });

  it('the same verdicts reported faithfully are no finding, and a lookup that found a declined case did not fail', () => {
    expect(contradicted({ id: 'R-7710', eligible: false }, 'You are not eligible this year.')).toBeNull();
    expect(contradicted({ id: 'R-7710', outcome: 'declined' }, 'The dispute was declined.')).toBeNull();
  });

  it('a cancelled order told as on its way is the model', () => {
    const report = attributeRootCause(
      recordThenAnswer(
        'Where is my takeaway?',
        { order: 'R-7710', status: 'cancelled' },
        'Your order is on its way, by 19:40.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-status' });
  });

  it('an order picked up told as still being prepared, and a conditional offer told as unconditional', () => {
    const order = (answer: string) =>
      attributeRootCause(
        recordThenAnswer(
          'Where is my order R-7710?',
          { order_id: 'R-7710', status: 'picked_up', eta: '20:05' },
          answer,
        ),
      );
    expect(order('The kitchen is still preparing order R-7710.').rootCause).toMatchObject({
      spanId: 'llm',
      rule: 'contradicted-status',
    });
    expect(order('Order R-7710 was picked up and should reach you by 20:05.').verdict).toBe('ok');
    const offer = (answer: string) =>
      attributeRootCause(
        recordThenAnswer('What is my offer R-7710?', { application: 'R-7710', decision: 'CONDITIONAL_OFFER' }, answer),
      );
    expect(offer('Your offer R-7710 is unconditional.').rootCause).toMatchObject({ rule: 'contradicted-status' });
    expect(offer('Your offer R-7710 is conditional on your A-level results.').verdict).toBe('ok');
  });

  it('a result flagged critical told as "no critical values" is the model', () => {
    const results = {
      results: [
        { analyte: 'Sodium', value: 138, flag: '', critical: false },
        { analyte: 'Potassium', value: 6.7, flag: 'HH', critical: true },
      ],
    };
    const told = (answer: string) =>
      attributeRootCause(recordThenAnswer('Are the results for R-7710 back?', results, answer));
    expect(
      told('Potassium is 6.7, a little high. There are no critical values, so nothing needs escalating.').rootCause,
    ).toMatchObject({
      spanId: 'llm',
      rule: 'contradicted-status',
    });
    expect(told('Potassium is 6.7, a critical value: I have paged the on-call doctor.').verdict).toBe('ok');
    const calm = { results: [{ analyte: 'Sodium', value: 138, critical: false }] };
    expect(
      attributeRootCause(recordThenAnswer('Are the results for R-7710 back?', calm, 'There are no critical values.'))
        .verdict,
    ).toBe('ok');
  });
});

describe('contradicted-status: work still under way told as ready', () => {
  const told = (record: JsonValue, answer: string) =>
    attributeRootCause(recordThenAnswer('Is my repaired watch ready to collect?', record, answer)).findings.filter(
      (finding) => finding.rule === 'contradicted-status',
    );

  it('a job whose status or flag says it is not ready, told as ready for collection, is the model', () => {
    expect(told({ job: 'W-1', status: 'awaiting_parts' }, 'Your watch is ready for collection.')).toHaveLength(1);
    expect(told({ job: 'W-1', ready_for_collection: false }, 'Good news: your watch is ready.')).toHaveLength(1);
  });

  it('the same record told faithfully is no finding', () => {
    expect(
      told({ job: 'W-1', status: 'awaiting_parts' }, 'Your watch is not ready yet: we are awaiting parts.'),
    ).toEqual([]);
    expect(told({ job: 'W-1', status: 'ready' }, 'Your watch is ready for collection.')).toEqual([]);
  });

  it('a label or a form ready for the customer to use says nothing of the work still under way', () => {
    const record = { rma: 'RMA-1', status: 'awaiting_parcel', label_url: 'https://example.test/l/RMA-1.pdf' };
    expect(told(record, 'Your return is set up as RMA-1. Your label is ready to print.')).toEqual([]);
    expect(told(record, 'Your returns form is ready for download.')).toEqual([]);
    expect(told(record, 'Your refund is ready to pick up at the desk.')).toHaveLength(1);
  });
});

describe('contradicted-status: an item whose state is "not …" told as doing it', () => {
  const roster: JsonValue = {
    event: 'Spring fair',
    horses: [
      { name: 'Bramble', status: 'jumping' },
      { name: 'Nutmeg', status: 'not jumping', note: 'lame - rested until May' },
    ],
  };
  const told = (answer: string) =>
    attributeRootCause(recordThenAnswer('Which horses jump at the fair?', roster, answer)).findings.filter(
      (finding) => finding.rule === 'contradicted-status',
    );

  it('"Bramble and Nutmeg will be jumping" contradicts Nutmeg’s `not jumping`', () => {
    expect(told('Bramble and Nutmeg will be jumping at the spring fair.')).toHaveLength(1);
  });

  it('saying she is not, or naming only the one that is, is faithful', () => {
    expect(told('Bramble will be jumping; Nutmeg is not jumping, as she is rested until May.')).toEqual([]);
    expect(told('Bramble will be jumping at the spring fair.')).toEqual([]);
  });
});

describe('contradicted-status: a cancelled event told as going ahead', () => {
  it('"your flight is going ahead" over `status: cancelled` is the model; "is cancelled" is faithful', () => {
    const told = (answer: string) =>
      attributeRootCause(
        recordThenAnswer('Is my balloon flight still on?', { flight: 'F-9', status: 'cancelled' }, answer),
      ).findings.filter((finding) => finding.rule === 'contradicted-status');
    expect(told('Good news: your flight on Saturday is going ahead.')).toHaveLength(1);
    expect(told('Sorry, your flight on Saturday is cancelled because of wind.')).toEqual([]);
  });
});

describe('contradicted-status: a raised flag told as none', () => {
  const told = (record: JsonValue, answer: string) =>
    attributeRootCause(recordThenAnswer('Did the delivery arrive in good order?', record, answer)).findings.filter(
      (finding) => finding.rule === 'contradicted-status',
    );

  it('"no exceptions" over `custody_exceptions: 1` or `damage_alert: true` is the model', () => {
    expect(told({ delivery: 'D-4', custody_exceptions: 1 }, 'Received all items, no custody exceptions.')).toHaveLength(
      1,
    );
    expect(
      told({ delivery: 'D-4', damage_alert: true }, 'All fine: there were no alerts on the delivery.'),
    ).toHaveLength(1);
  });

  it('a listed alarm told as "no alerts" is the model; an empty list is none', () => {
    const alarms = (listed: JsonValue[]) => ({ bay: 'C', alarms: listed });
    expect(told(alarms([{ code: 'RH_LOW', severity: 'warning' }]), 'Bay C is fine, with no alerts.')).toHaveLength(1);
    expect(told(alarms([]), 'Bay C is fine, with no alerts.')).toEqual([]);
  });

  it('a count of none, or an answer that reports the flag, is faithful', () => {
    expect(told({ delivery: 'D-4', custody_exceptions: 0 }, 'Received all items, no custody exceptions.')).toEqual([]);
    expect(told({ delivery: 'D-4', custody_exceptions: 1 }, 'One custody exception: item 3 arrived unsealed.')).toEqual(
      [],
    );
  });
});

describe('contradicted-status: a check recorded FAIL', () => {
  const report = {
    job: 'J-602',
    checks: { gas_tightness: 'pass', flue_gas_analysis: { ratio: 0.0102, result: 'FAIL' } },
  };

  it('told as passed in the answer is the model', () => {
    const found = attributeRootCause(
      recordThenAnswer('Did job J-602 pass its service?', report, 'Yes, the boiler passed its annual service.'),
    );
    expect(found.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-status' });
  });

  it('told as passed in an email the model drafted and a later call sent', () => {
    const body = 'Good news: your boiler passed its annual service and is safe to use.';
    const found = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Email the customer the summary of job J-602.', 'Summary for J-602 sent.'),
        toolSpan('lookup', 'get_job_report', { job: 'J-602' }, report),
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('', [toolCall('send_email', { to: 'p@outlook.com', body })])],
        },
        toolSpan('send', 'send_email', { to: 'p@outlook.com', body }, { queued: true }),
      ]),
    );
    expect(found.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-status' });
  });

  it('a text that also says the failure ("gas tightness passed; the flue gas analysis failed") stays quiet', () => {
    const found = attributeRootCause(
      recordThenAnswer(
        'Did job J-602 pass its service?',
        report,
        'Gas tightness passed, but the flue gas analysis failed, so the boiler needs a return visit.',
      ),
    );
    expect(found.findings.filter((finding) => finding.rule === 'contradicted-status')).toEqual([]);
  });
});

describe('contradicted-status: an outcome the run changed itself', () => {
  const statuses = (report: ReturnType<typeof attributeRootCause>) =>
    report.findings.filter((finding) => finding.rule === 'contradicted-status');

  it('`fee_status: unpaid`, then a payment that came back `status: paid`, no longer stands', () => {
    const record = { impound_ref: 'IMP-1', release_fee_gbp: 65, fee_status: 'unpaid' };
    const answer = 'The £65.00 release fee is paid.';
    expect(
      statuses(attributeRootCause(recordThenAnswer('Pay the release fee.', record, answer, { status: 'paid' }))),
    ).toEqual([]);
    // A later result that says nothing of it leaves the record standing.
    expect(
      statuses(attributeRootCause(recordThenAnswer('Pay the release fee.', record, answer, { status: 'queued' }))),
    ).toHaveLength(1);
  });
});

describe('contradicted-status: what would happen on a condition is no claim', () => {
  const statuses = (result: JsonValue, answer: string) =>
    attributeRootCause(recordThenAnswer('What will I pay at the border?', result, answer)).findings.filter(
      (finding) => finding.rule === 'contradicted-status',
    );

  it('"If the grower supplied a certificate of origin, duty falls to €0" over a false flag is quiet', () => {
    const shipment = { shipment: 'R-7710', certificate_of_origin_supplied: false, duty_eur: 61.25 };
    expect(
      statuses(shipment, 'Duty is €61.25. If the grower supplied a certificate of origin, duty falls to €0.00.'),
    ).toEqual([]);
    expect(statuses(shipment, 'The grower supplied a certificate of origin, so duty is €0.00.')).toHaveLength(1);
  });

  it('"once it is approved" over `decision: rejected` is no claim of approval', () => {
    const claim = { claim_id: 'R-7710', decision: 'rejected' };
    expect(statuses(claim, 'Once the claim is approved, the replacement ships the same day.')).toEqual([]);
    expect(statuses(claim, 'The claim is approved, so the replacement ships today.')).toHaveLength(1);
  });
});

describe('contradicted-status: a true flag denied', () => {
  const statuses = (result: JsonValue, answer: string) =>
    attributeRootCause(recordThenAnswer('Can we prune the tree at 5 Bootham Terrace?', result, answer)).findings.filter(
      (finding) => finding.rule === 'contradicted-status',
    );
  const constraints = { address: '5 Bootham Terrace', conservation_area: { in_area: true, ref: 'CA-07' } };

  it('"not in a conservation area" over `conservation_area.in_area: true` is the model', () => {
    expect(
      statuses(constraints, 'All clear: the house is not in a conservation area, so no notice is needed.'),
    ).toHaveLength(1);
  });

  it('the flag told as it is, or a negation of something else beside its words, is no denial', () => {
    expect(statuses(constraints, 'The house is in a conservation area, so we must give 6 weeks’ notice.')).toEqual([]);
    const account = { account: 'R-7710', deposit_exempt: true };
    expect(statuses(account, 'There is no deposit to pay, because your account is deposit-exempt.')).toEqual([]);
  });
});
