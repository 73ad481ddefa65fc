import { describe, expect, it } from 'vitest';
import { createAnalysisContext } from '../../../src/attribution/analysis-context.js';
import { agentSpan, buildTrace, toolSpan } from './build-trace.js';

describe('computeProvenance', () => {
  it('prefers the request over tool data as the source of a near miss, whichever it meets first', () => {
    const trace = buildTrace([
      agentSpan('root', 'Refund order 123456 please'),
      toolSpan('lookup', 'lookup_order', { order_id: '123456' }, { order_id: '123465' }),
      toolSpan('refund', 'issue_refund', { order_id: '123546' }, { ok: true }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find((entry) => entry.spanId === 'refund');
    expect(check).toMatchObject({ status: 'drifted', drift: 'transposition' });
    expect(check?.source).toMatchObject({ kind: 'request', spanId: 'root' });
    expect(check?.source?.value.key).toBe('123456');
  });

  it('reads a child tool result before the parent agent answer that repeats it', () => {
    const trace = buildTrace([
      agentSpan('root', 'What is the balance of account AC-9981?', 'The balance of AC-9981 is 4,210.55 EUR.'),
      toolSpan('balance', 'get_balance', { account: 'AC-9981' }, { balance_eur: 4210.55 }),
    ]);
    const checks = createAnalysisContext(trace).provenance.checks.filter((entry) => entry.spanId === 'root');
    expect(checks.map((entry) => [entry.value.key, entry.status, entry.source?.spanId])).toEqual([
      ['ac-9981', 'supported', 'root'],
      ['4210.55', 'supported', 'balance'],
    ]);
  });

  it('orders spans without times by source order, parents ending after their children', () => {
    const trace = buildTrace(
      [
        agentSpan('root', 'Send the invoice INV-5521 to the customer', 'Sent INV-5512.'),
        toolSpan('send', 'send_invoice', { invoice: 'INV-5521' }, { sent: 'INV-5512' }),
      ],
      { withTimes: false },
    );
    const answer = createAnalysisContext(trace).provenance.checks.find((entry) => entry.value.key === 'inv-5512');
    // The tool result (a child's end) is upstream of the agent's answer (the parent's end).
    expect(answer).toMatchObject({ spanId: 'root', status: 'supported' });
    expect(answer?.source).toMatchObject({ spanId: 'send', kind: 'data' });
  });

  it('takes a code the request wrote with spaces (`KX19 LMV`) as the source of its compact form', () => {
    const trace = buildTrace([
      agentSpan('root', 'Quote cover for registration KX19 LMV, please.'),
      toolSpan('vehicle', 'lookup_vehicle', { registration: 'KX19LMV' }, { make: 'Ford' }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find((entry) => entry.spanId === 'vehicle');
    expect(check).toMatchObject({ status: 'supported' });
    expect(check?.source).toMatchObject({ kind: 'request', spanId: 'root' });
  });

  it('does not take part of a longer code in the request as a source', () => {
    const trace = buildTrace([
      agentSpan('root', 'Look up parcel PX 88412 907 please.'),
      toolSpan('parcel', 'track_parcel', { parcel: 'PX88412' }, { status: 'in transit' }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find((entry) => entry.spanId === 'parcel');
    expect(check?.status).not.toBe('supported');
  });

  it('takes a slug of the request words and numbers (`lab-3`) and a period code of the run year as derived', () => {
    const trace = buildTrace([
      agentSpan('root', 'Grade the Lab 3 submissions for last week.'),
      toolSpan('grade', 'grade_batch', { assignment: 'lab-3', week: '1970-W02' }, { graded: 5 }),
    ]);
    const checks = createAnalysisContext(trace).provenance.checks.filter((entry) => entry.spanId === 'grade');
    expect(checks.map((entry) => [entry.value.key, entry.status])).toEqual([
      ['lab-3', 'derived'],
      ['1970-w02', 'derived'],
    ]);
  });

  it('a slug with a number nobody gave is still unsourced', () => {
    const trace = buildTrace([
      agentSpan('root', 'Grade the Lab submissions for section B.'),
      toolSpan('grade', 'grade_batch', { assignment: 'lab-7' }, { graded: 5 }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find((entry) => entry.spanId === 'grade');
    expect(check?.status).toBe('unsourced');
  });

  it('takes the edges of a widened search window (`from: 1970-01-01`) as chosen, not drifted', () => {
    const trace = buildTrace([
      agentSpan('root', 'Find my donation on 1970-10-12, donor DN-4471.'),
      toolSpan(
        'narrow',
        'list_donations',
        { donor: 'DN-4471', from: '1970-10-01', to: '1970-10-31' },
        { donations: [] },
      ),
      toolSpan('wide', 'list_donations', { donor: 'DN-4471', from: '1970-01-01', to: '1970-12-31' }, { donations: [] }),
    ]);
    const checks = createAnalysisContext(trace).provenance.checks.filter((entry) => entry.spanId === 'wide');
    expect(checks.filter((entry) => entry.value.type === 'date').map((entry) => entry.status)).toEqual([
      'derived',
      'derived',
    ]);
  });

  it('a digit code the request wrote with its leading zero (store 0342) is the source of the same code', () => {
    const trace = buildTrace([
      agentSpan('root', 'Book a collection from our Norwich store (0342) on Friday.'),
      toolSpan('store', 'get_store', { store_id: '0342' }, { store_id: '0342', name: 'Norwich' }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find((entry) => entry.spanId === 'store');
    expect(check).toMatchObject({ status: 'supported' });
  });

  it("a show code made of the request's initials and the year is composed, not invented", () => {
    const trace = buildTrace([
      agentSpan('root', 'Check our badge order for the Harrogate Home & Garden Show 2026.'),
      toolSpan('find', 'find_exhibitor', { show: 'HHGS-2026' }, { exhibitor_id: 'EXH-1' }),
      toolSpan('other', 'find_exhibitor', { show: 'QXZW-2026' }, { exhibitor_id: 'EXH-1' }),
    ]);
    const checks = createAnalysisContext(trace).provenance.checks;
    expect(checks.find((entry) => entry.spanId === 'find')?.status).toBe('derived');
    expect(checks.find((entry) => entry.spanId === 'other')?.status).toBe('unsourced');
  });

  it('a day the request writes without a year is the source of that day in a year around the run', () => {
    // 1 January 2026, noon: the run's clock.
    const noon = Date.parse('2026-01-01T12:00:00Z');
    const trace = buildTrace([
      { ...agentSpan('root', 'Book the spay for Tuesday 3 February, and the check-up on 14 March.'), startTime: noon },
      { ...toolSpan('spay', 'book', { date: '2026-03-02' }, { ok: true }), startTime: noon + 10 },
      { ...toolSpan('check', 'book', { date: '2026-03-14' }, { ok: true }), startTime: noon + 20 },
    ]);
    const checks = createAnalysisContext(trace).provenance.checks;
    expect(checks.find((entry) => entry.spanId === 'spay')).toMatchObject({
      status: 'drifted',
      drift: 'day and month swapped',
    });
    expect(checks.find((entry) => entry.spanId === 'check')).toMatchObject({ status: 'supported' });
  });

  it('a search by part of a code takes characters out on purpose', () => {
    const trace = buildTrace([
      agentSpan('root', 'Pull up the passport for ear tag UK702345300118.'),
      toolSpan('search', 'search_herd', { herd_mark: 'UK702345', tag_contains: 'UK70234530011' }, { results: [] }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find((entry) => entry.value.field === 'tag_contains');
    expect(check?.status).toBe('derived');
  });

  it('a rate a record gives as a fraction of one (`duty: 0.02`) is the source of the same rate written "2%"', () => {
    const told = (answer: string) =>
      createAnalysisContext(
        buildTrace([
          agentSpan('root', 'What duty and VAT will we pay on the shipment? VAT is 20%.', answer),
          toolSpan('tariff', 'get_tariff', { code: '8483409000' }, { duty: 0.02, vat: 0.2 }),
        ]),
      ).provenance.checks.find((entry) => entry.spanId === 'root' && entry.value.raw === answer.split(' ')[1]);
    expect(told('Duty 2% of the customs value.')).toMatchObject({ status: 'supported', source: { spanId: 'tariff' } });
    expect(told('Duty 3% of the customs value.')?.status).not.toBe('supported');
  });

  it('a recorded figure written to fewer decimals (89.81 as "89.8 kg", 1.7018 as "1.70 m") is supported', () => {
    const checks = (answer: string) =>
      createAnalysisContext(
        buildTrace([
          agentSpan('root', 'What is the BMI for 198 lb at 5 ft 7 in?', answer),
          toolSpan('bmi', 'bmi_from_imperial', { weight_lb: 198 }, { weight_kg: 89.81, height_m: 1.7018, bmi: 31.01 }),
        ]),
      ).provenance.checks.filter((entry) => entry.spanId === 'root' && entry.value.raw !== '198 lb');
    expect(checks('89.8 kg and 1.70 m give a BMI of 31.0.').map((entry) => [entry.value.raw, entry.status])).toEqual([
      ['89.8 kg', 'supported'],
      ['1.70 m', 'supported'],
      ['31.0', 'supported'],
    ]);
    // A figure off by more than the rounding, and a whole number, are not taken as roundings.
    expect(checks('89.9 kg and a BMI of 31.').map((entry) => entry.status)).not.toContain('supported');
  });

  it('a figure the same text works out from a rate it writes ("25p for every £1 of the £1,200") is derived', () => {
    const check = (answer: string) =>
      createAnalysisContext(
        buildTrace([
          agentSpan('root', 'Can we claim Gift Aid on the £1,200 donation? The two tickets were £30 each.', answer),
          toolSpan('donation', 'get_donation', { donation_id: 'DN-1' }, { amount_gbp: 1200, ticket_gbp: 30 }),
        ]),
      ).provenance.checks.find((entry) => entry.spanId === 'root' && entry.value.key === '300');
    expect(check('You can claim £300 Gift Aid - 25p for every £1 of the £1,200.')?.status).toBe('derived');
    // Without the rate written, £300 for the £30 ticket is still a slip.
    expect(check('You can claim £300 for the ticket.')?.status).toBe('drifted');
  });
});

describe('computeProvenance: a tenfold figure the same text works out', () => {
  const tour = (answer: string) =>
    createAnalysisContext(
      buildTrace([
        agentSpan('root', 'Book the tour for 60 pupils on 22 April.', answer),
        toolSpan('rules', 'get_tour_rules', { code: 'VS' }, { max_group_size: 30, price_per_pupil_gbp: 5 }),
      ]),
    ).provenance.checks.find((entry) => entry.spanId === 'root' && entry.value.key === '300');

  it('"60 pupils at £5.00 each (£300.00)" is derived, not a slip of the group size 30', () => {
    expect(tour('Two groups of 30, 60 pupils at £5.00 per pupil (£300.00 in total).')).toMatchObject({
      status: 'derived',
    });
    // Told without the figures that give it, £300.00 is still a decimal shift of 30.
    expect(tour('Two groups, £300.00 in total.')).toMatchObject({ status: 'drifted', drift: 'decimal shift' });
  });
});

describe('computeProvenance: a tenfold figure that is a product of its record', () => {
  const quote = (record: Record<string, number>) =>
    createAnalysisContext(
      buildTrace([
        agentSpan('root', 'Price a 2-hour session for 20 people.', 'Two coaches at £190.00 each (£380.00).'),
        toolSpan('rates', 'get_group_rates', { group_size: 20 }, record),
      ]),
    ).provenance.checks.find((entry) => entry.spanId === 'root' && entry.value.key === '380');

  it('"two coaches at £190.00 each (£380.00)" is the record\'s 2 × 190, not a slip of its 38', () => {
    expect(quote({ per_person_gbp: 38, coaches_required: 2, coach_fee_gbp_each: 190 })?.status).toBe('derived');
    // With no two figures of the record that give it, £380 is still a decimal shift of 38.
    expect(quote({ per_person_gbp: 38, coaches_required: 2, coach_fee_gbp_each: 150 })).toMatchObject({
      status: 'drifted',
      drift: 'decimal shift',
    });
    // Ten times the figure is the slip itself, not a product that explains it.
    expect(quote({ per_person_gbp: 38, multiplier: 10 })).toMatchObject({ status: 'drifted' });
  });
});

describe('computeProvenance: two digits swapped in a figure the request gave', () => {
  const order = (withStockCheck: boolean) =>
    createAnalysisContext(
      buildTrace([
        agentSpan('root', 'Please order 48 x Fenland Classic hampers (SKU HMP-FC-02).', 'Order HO-1 is confirmed.'),
        ...(withStockCheck
          ? [toolSpan('stock', 'check_stock', { sku: 'HMP-FC-02', quantity: 48 }, { available: 312 })]
          : []),
        toolSpan('order', 'create_order', { sku: 'HMP-FC-02', quantity: 84 }, { order_id: 'HO-1' }),
      ]),
    ).provenance.checks.find((entry) => entry.spanId === 'order' && entry.value.key === '84');

  it("`quantity: 84` after the request's 48 was carried as `quantity: 48` is a transposition", () => {
    expect(order(true)).toMatchObject({ status: 'drifted', drift: 'transposition' });
  });

  it('two digits alone swap by chance too often: without the field in common, 84 is no slip of 48', () => {
    expect(order(false)?.status).not.toBe('drifted');
  });
});

describe('computeProvenance: a figure with a rate seen added to it', () => {
  it('"£150.00 + VAT (£180.00 in total)" with `vat_rate: 0.2` is derived, not a slip of the 18 bales', () => {
    const quote = (record: Record<string, number>) =>
      createAnalysisContext(
        buildTrace([
          agentSpan(
            'root',
            'Price for wrapping 18 bales?',
            'The minimum £150.00 applies, so £150.00 + VAT (£180.00 in total).',
          ),
          toolSpan('prices', 'get_price_list', { service: 'wrapping' }, record),
        ]),
      ).provenance.checks.find((entry) => entry.spanId === 'root' && entry.value.key === '180');
    expect(quote({ per_bale_gbp: 4.35, minimum_charge_gbp: 150, vat_rate: 0.2 })?.status).toBe('derived');
    // Without the rate, £180 for 18 bales is a decimal shift.
    expect(quote({ per_bale_gbp: 4.35, minimum_charge_gbp: 150 })).toMatchObject({ status: 'drifted' });
  });
});

describe('computeProvenance: another day only looked at after the day asked', () => {
  const run = (secondCall: string) =>
    createAnalysisContext(
      buildTrace([
        agentSpan(
          'root',
          'Can you book 6 of us on the morning cruise on Saturday 12 September 2026?',
          'Sunday has seats.',
        ),
        toolSpan('first', 'check_availability', { date: '2026-09-12', guests: 6 }, { available: false }),
        toolSpan('second', secondCall, { date: '2026-09-13', guests: 6 }, { available: true }),
      ]),
    ).provenance.checks.find((entry) => entry.spanId === 'second' && entry.value.key.startsWith('2026-09-13'));

  it('checking Sunday after Saturday was full is an alternative sought, not a day off', () => {
    expect(run('check_availability')?.status).not.toBe('drifted');
  });

  it('booking Sunday after checking Saturday is still a day off', () => {
    expect(run('create_booking')).toMatchObject({ status: 'drifted', drift: 'one day off' });
  });
});

describe('computeProvenance: a day the request writes without its year', () => {
  it('"The return stays Sunday 21 June" makes 2026-06-21 the request\'s, not a swap of 12 June', () => {
    const run = (request: string) =>
      createAnalysisContext(
        buildTrace([
          agentSpan('root', request, 'Moved.'),
          toolSpan('check', 'reschedule_pickup', { from: '2026-06-14', to: '2026-06-21' }, { ok: true }),
        ]),
      ).provenance.checks.find((entry) => entry.spanId === 'check' && entry.value.key.startsWith('2026-06-21'));
    expect(
      run('Move the pickup from Friday 12 June 2026 to Sunday 14 June 2026. The return stays Sunday 21 June.')?.status,
    ).not.toBe('drifted');
    expect(run('Move the pickup from Friday 12 June 2026 to Sunday 14 June 2026.')).toMatchObject({
      status: 'drifted',
      drift: 'transposition',
    });
  });
});

describe('computeProvenance: a quantity in whole steps of the record', () => {
  it('the step may sit beside a field of the same size (`min_kg: 0.5`, `increment_kg: 0.5`)', () => {
    const check = createAnalysisContext(
      buildTrace([
        agentSpan('root', 'Add 11 lb of Golden Promise to my order.', 'Added 5 kg.'),
        toolSpan('search', 'search_products', { query: 'malt' }, { sku: 'GP-1', min_kg: 0.5, increment_kg: 0.5 }),
        toolSpan('add', 'add_to_order', { sku: 'GP-1', quantity_kg: 5 }, { status: 'open' }),
      ]),
    ).provenance.checks.find((entry) => entry.spanId === 'add' && entry.value.key === '5');
    expect(check?.status).not.toBe('drifted');
  });

  it('5 kg ordered where the catalogue sells in `step_kg: 0.5` is ten steps, not a slip of 0.5', () => {
    const order = (field: string) =>
      createAnalysisContext(
        buildTrace([
          agentSpan('root', 'Need 11 lb of hake fillet for Thursday.', 'Ordered 5.0 kg of hake.'),
          toolSpan(
            'search',
            'search_products',
            { query: 'hake' },
            { sku: 'HKE-1', [field]: 0.5, price_per_kg_gbp: 17.9 },
          ),
          toolSpan('order', 'place_order', { sku: 'HKE-1', qty_kg: 5 }, { order_ref: 'PO-1' }),
        ]),
      ).provenance.checks.find((entry) => entry.spanId === 'order' && entry.value.key === '5');
    expect(order('step_kg')?.status).not.toBe('drifted');
    // Against a figure that is no step (a weight on hand), 5 is still a decimal shift of 0.5.
    expect(order('weight_kg')).toMatchObject({ status: 'drifted', drift: 'decimal shift' });
  });
});

describe('computeProvenance: a date moved by the week the request asks for', () => {
  const moved = (request: string) =>
    createAnalysisContext(
      buildTrace([
        agentSpan('root', request, 'Moved to 21 February.'),
        toolSpan(
          'move',
          'reschedule_booking',
          { booking_ref: 'VB-40417', date: '2026-02-21' },
          { status: 'confirmed' },
        ),
      ]),
    ).provenance.checks.find((entry) => entry.spanId === 'move' && entry.value.key === '2026-02-21');

  it('"from Sat 14 Feb to the Saturday after" asks for the 21st; with no such words it is a week off', () => {
    expect(
      moved('Move my valet VB-40417 from Saturday 14 February 2026 to the Saturday after, same time.')?.drift,
    ).not.toBe('one week off');
    expect(moved('Move my valet VB-40417 to Saturday 14 February 2026, same time.')).toMatchObject({
      drift: 'one week off',
    });
  });
});
