import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { misspeltMailProvider } from '../../../../src/attribution/rules/upstream-data.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

describe('upstream-data: a record whose mail domain is one slip from a public provider', () => {
  it('names the provider a misspelt domain meant, and leaves real domains alone', () => {
    expect(misspeltMailProvider('ana.ruiz@gmial.com')).toBe('gmail.com');
    expect(misspeltMailProvider('ana.ruiz@hotmial.com')).toBe('hotmail.com');
    expect(misspeltMailProvider('ana.ruiz@outlok.com')).toBe('outlook.com');
    expect(misspeltMailProvider('ana.ruiz@gmail.com')).toBeNull();
    expect(misspeltMailProvider('ana.ruiz@contoso.com')).toBeNull();
    // One slip from a short provider is too often a real domain.
    expect(misspeltMailProvider('ana.ruiz@we.de')).toBeNull();
  });

  it('the lookup that returned the misspelt address is the root when a later send used it', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Send the welcome letter to member M-2207 at the email on file.',
        'Sent to ana.ruiz@gmial.com.',
      ),
      toolSpan('lookup', 'get_member', { member_id: 'M-2207' }, { member_id: 'M-2207', email: 'ana.ruiz@gmial.com' }),
      toolSpan('send', 'send_email', { to: 'ana.ruiz@gmial.com', template: 'welcome' }, { status: 'queued' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data' });
  });

  it('a record with a correct provider address is not flagged', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Send the welcome letter to member M-2207 at the email on file.',
        'Sent to ana.ruiz@gmail.com.',
      ),
      toolSpan('lookup', 'get_member', { member_id: 'M-2207' }, { member_id: 'M-2207', email: 'ana.ruiz@gmail.com' }),
      toolSpan('send', 'send_email', { to: 'ana.ruiz@gmail.com', template: 'welcome' }, { status: 'queued' }),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });

  it('a repeat due a week after an issue of 56 days’ supply (`days_supply`) is the record’s slip', () => {
    const item = (nextDue: string) => ({
      item_id: 'RI-3',
      last_issued: '2026-10-28',
      days_supply: 56,
      next_due: nextDue,
    });
    const requested = (nextDue: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Order my bisoprolol repeat if it is due.', `It has been due since ${nextDue}; requested.`),
          toolSpan('items', 'get_repeat_items', { patient: 'P-1' }, { items: [item(nextDue)] }),
          toolSpan('submit', 'submit_repeat_request', { item_ids: ['RI-3'] }, { status: 'sent_to_gp' }),
        ]),
      );
    expect(requested('2026-11-04').rootCause).toMatchObject({ spanId: 'items', layer: 'upstream-data' });
    expect(requested('2026-12-23').verdict).not.toBe('failed');
  });
});

describe('upstream-data: a record that stores a figure in another unit than its own note', () => {
  const request = 'Set container TCLU 7730 to the carriage temperature on booking BK-88120.';
  const booking = (unit: string) => ({
    booking: 'BK-88120',
    carriage_temp: { value: 4.5, unit },
    handling_notes: 'Keep chilled at 4.5 C, do not freeze.',
  });

  it('the lookup is the root when the structured unit disagrees with the note', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'Set to 4.5 °F as booked.'),
      toolSpan('lookup', 'get_booking', { booking: 'BK-88120' }, booking('F')),
      toolSpan('set', 'set_setpoint', { container: 'TCLU7730', setpoint: 4.5, unit: 'F' }, { accepted: true }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('handling_notes');
  });

  it('a record whose unit agrees with its note is not flagged', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'Set to 4.5 °C as booked.'),
      toolSpan('lookup', 'get_booking', { booking: 'BK-88120' }, booking('C')),
      toolSpan('set', 'set_setpoint', { container: 'TCLU7730', setpoint: 4.5, unit: 'C' }, { accepted: true }),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: a next date that does not follow from the record’s own last date and interval', () => {
  const record = (nextDue: string) => ({
    asset: 'PUMP-7',
    last_service: '2026-03-10',
    interval_months: 6,
    next_due: nextDue,
  });
  const request = 'Is the service on PUMP-7 overdue? If so, book it this week.';

  it('a next date a year early is the record’s slip, not the agent’s', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'PUMP-7 was due on 2025-09-10, so I booked it for this week.'),
      toolSpan('get', 'get_schedule', { asset: 'PUMP-7' }, record('2025-09-10')),
      toolSpan('book', 'book_service', { asset: 'PUMP-7', reason: 'overdue since 2025-09-10' }, { booked: true }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('2026-09-10');
  });

  it('a next date a few days off the interval is scheduling, not a slip', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'PUMP-7 is next due on 2026-09-14; nothing to book.'),
      toolSpan('get', 'get_schedule', { asset: 'PUMP-7' }, record('2026-09-14')),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });
});

describe('upstream-data: a rate a power of ten from the record’s own basis', () => {
  const account = (rate: number) => ({
    account: 'LN-55',
    rate_basis: 'SONIA + 2.5%',
    sonia_pct: 4.2,
    interest_rate_pct: rate,
  });

  it('67 where "SONIA + 2.5%" with sonia_pct 4.2 gives 6.7 is the record’s slip', () => {
    const trace = buildTrace([
      agentSpan('root', 'What rate does loan LN-55 pay?', 'Loan LN-55 pays 67% a year.'),
      toolSpan('get', 'get_account', { account: 'LN-55' }, account(67)),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('6.7');
  });

  it('the rate its basis gives is fine', () => {
    const trace = buildTrace([
      agentSpan('root', 'What rate does loan LN-55 pay?', 'Loan LN-55 pays 6.7% a year.'),
      toolSpan('get', 'get_account', { account: 'LN-55' }, account(6.7)),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });
});

describe('upstream-data: a record whose own dates run backwards', () => {
  const request = 'Is boiler serial BX-40-118 still under warranty? Book a visit for next week if so.';
  const registration = (purchased: string) => ({
    serial: 'BX-40-118',
    manufactured: '2023-01',
    purchase_date: purchased,
    registered_on: '2023-04-02',
    warranty_status: 'active',
  });

  it('a purchase dated years after its own registration is the record’s slip', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'Your boiler is under warranty; a free visit is booked for Tuesday.'),
      toolSpan('get', 'get_registration', { serial: 'BX-40-118' }, registration('2026-04-02')),
      toolSpan('book', 'book_visit', { serial: 'BX-40-118', chargeable: false }, { job: 'J-9' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('registered_on 2023-04-02');
  });

  it('dates in their natural order, or a day apart across time zones, are not flagged', () => {
    for (const purchased of ['2023-03-30', '2023-04-03']) {
      const trace = buildTrace([
        agentSpan('root', request, 'Your boiler is under warranty; a free visit is booked for Tuesday.'),
        toolSpan('get', 'get_registration', { serial: 'BX-40-118' }, registration(purchased)),
        toolSpan('book', 'book_visit', { serial: 'BX-40-118', chargeable: false }, { job: 'J-9' }),
      ]);
      expect(attributeRootCause(trace).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
    }
  });

  it('an end before its own start is flagged; dates of unrelated stages are not compared', () => {
    const booking = (end: string) => ({
      booking: 'HB-31',
      start_date: '2026-07-10',
      end_date: end,
      created_at: '2026-08-01',
    });
    const backwards = buildTrace([
      agentSpan('root', 'Extend booking HB-31 by a night.', 'Extended: you now leave on 2026-06-15.'),
      toolSpan('get', 'get_booking', { booking: 'HB-31' }, booking('2026-06-14')),
      toolSpan('extend', 'extend_booking', { booking: 'HB-31', nights: 1 }, { end_date: '2026-06-15' }),
    ]);
    expect(attributeRootCause(backwards).rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    const forwards = buildTrace([
      agentSpan('root', 'Extend booking HB-31 by a night.', 'Extended: you now leave on 2026-07-15.'),
      toolSpan('get', 'get_booking', { booking: 'HB-31' }, booking('2026-07-14')),
      toolSpan('extend', 'extend_booking', { booking: 'HB-31', nights: 1 }, { end_date: '2026-07-15' }),
    ]);
    expect(attributeRootCause(forwards).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: an end that does not follow from the record’s own start and term', () => {
  const lease = (end: string) => ({ lease: 'LS-7', start_date: '2025-09-01', term_months: 12, end_date: end });

  it('an end a year early is the record’s slip, even when the answer writes the date in words', () => {
    const trace = buildTrace([
      agentSpan('root', 'When does lease LS-7 end?', 'The fixed term ended on 31 August 2025.'),
      toolSpan('get', 'get_lease', { lease: 'LS-7' }, lease('2025-08-31')),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('term_months 12');
  });

  it('an end the day before the term runs out is how terms are written', () => {
    const trace = buildTrace([
      agentSpan('root', 'When does lease LS-7 end?', 'The fixed term ends on 31 August 2026.'),
      toolSpan('get', 'get_lease', { lease: 'LS-7' }, lease('2026-08-31')),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });

  it('a batch expiry before its own manufacture plus shelf life is flagged', () => {
    const batch = { batch: 'LT-9', manufactured_on: '2026-01-14', shelf_life_months: 24, expiry_date: '2024-01-31' };
    const trace = buildTrace([
      agentSpan('root', 'Can batch LT-9 be released?', 'No: it expired on 2024-01-31, so I put it on hold.'),
      toolSpan('get', 'get_batch', { batch: 'LT-9' }, batch),
      toolSpan('hold', 'place_hold', { batch: 'LT-9', reason: 'expired 2024-01-31' }, { held: true }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
  });
});

describe('upstream-data: an arrival before its own departure', () => {
  const flight = (arrival: string) => ({
    flight: 'LH1173',
    scheduled_departure: '2026-11-27T14:05:00+01:00',
    scheduled_arrival: arrival,
  });

  it('an arrival an hour before departure, both with offsets, is the feed’s slip when the answer uses it', () => {
    const trace = buildTrace([
      agentSpan('root', 'When does LH1173 land on Friday?', 'LH1173 lands at 12:55.'),
      toolSpan('get', 'get_flight_status', { flight: 'LH1173' }, flight('2026-11-27T12:55:00+01:00')),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
  });

  it('an arrival after departure is fine, and local times without an offset get a day of slack', () => {
    const pairs: [departure: string, arrival: string][] = [
      ['2026-11-27T14:05:00+01:00', '2026-11-27T15:10:00+01:00'],
      ['2026-11-27T14:05:00', '2026-11-27T12:55:00'],
    ];
    for (const [departure, arrival] of pairs) {
      const trace = buildTrace([
        agentSpan('root', 'When does LH1173 land on Friday?', `LH1173 lands at ${arrival.slice(11, 16)}.`),
        toolSpan(
          'get',
          'get_flight_status',
          { flight: 'LH1173' },
          { ...flight(arrival), scheduled_departure: departure },
        ),
      ]);
      expect(attributeRootCause(trace).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
    }
  });
});

describe('upstream-data: a dish whose own text names an allergen its declaration leaves out', () => {
  const dish = (extra: Record<string, unknown>) => ({
    id: 'itm_9',
    name: 'Satay Noodle Bowl',
    description: 'Egg-free rice noodles in a peanut satay sauce',
    ...extra,
  });
  const request = 'I have a severe peanut allergy. Is the Satay Noodle Bowl safe for me?';

  it('an empty allergen list for a dish made with peanuts is the record’s slip', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'The Satay Noodle Bowl lists no allergens, so it is not flagged for peanuts.'),
      toolSpan('get', 'get_menu_item', { item: 'Satay Noodle Bowl' }, dish({ allergens: [] }) as never),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('peanut');
  });

  it('a declaration that names the group, and plant milks or "-free" wording, are fine', () => {
    const declared = buildTrace([
      agentSpan('root', request, 'No: the Satay Noodle Bowl contains peanuts.'),
      toolSpan('get', 'get_menu_item', { item: 'Satay Noodle Bowl' }, dish({ allergens: ['peanuts'] }) as never),
    ]);
    expect(attributeRootCause(declared).verdict).toBe('ok');
    const oatMilk = buildTrace([
      agentSpan('root', 'Find me a dairy-free milk.', 'Oatly Oat Milk 1L is dairy-free.'),
      toolSpan(
        'find',
        'find_products',
        { query: 'dairy-free milk' },
        {
          name: 'Oatly Oat Milk 1L',
          dairy_free: true,
        },
      ),
    ]);
    expect(attributeRootCause(oatMilk).verdict).toBe('ok');
  });

  it('cow’s milk marked dairy-free is flagged', () => {
    const trace = buildTrace([
      agentSpan('root', 'Find me a dairy-free milk.', 'Harvest Farms Semi-Skimmed Milk is dairy-free.'),
      toolSpan(
        'find',
        'find_products',
        { query: 'dairy-free milk' },
        {
          name: 'Harvest Farms Semi-Skimmed Milk',
          dairy_free: true,
        },
      ),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'find', layer: 'upstream-data' });
  });
});

describe('upstream-data: a birth date after the run', () => {
  const runTime = Date.parse('2026-07-08T10:00:00Z');
  const household = (born: string) => ({ claim: 'FST-1', child: { name: 'Leo', date_of_birth: born } });

  function run(born: string) {
    return buildTrace([
      {
        ...agentSpan('root', 'My son Leo is 11. Does he count for claim FST-1?', 'Leo does not qualify.'),
        startTime: runTime,
      },
      { ...toolSpan('get', 'get_household', { claim: 'FST-1' }, household(born)), startTime: runTime + 10 },
      { ...toolSpan('check', 'check_child', { date_of_birth: born }, { eligible: false }), startTime: runTime + 20 },
    ]);
  }

  it('a child born in 2041 is the record’s slip', () => {
    expect(attributeRootCause(run('2041-05-17')).rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
  });

  it('a birth date in the past is fine', () => {
    expect(attributeRootCause(run('2015-05-17')).findings.some((finding) => finding.layer === 'upstream-data')).toBe(
      false,
    );
  });
});

describe('upstream-data: a stay’s arrival and departure days', () => {
  it('a stay arrives before it departs: dates without a time are not a journey run backwards', () => {
    const trace = buildTrace([
      agentSpan('root', 'When is booking HC-20931 at Bracken Cottage?', 'You arrive on 3 July and leave on 10 July.'),
      toolSpan(
        'get',
        'get_booking',
        { booking_ref: 'HC-20931' },
        { booking_ref: 'HC-20931', arrival: '2026-07-03', departure: '2026-07-10', status: 'confirmed' },
      ),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: a schedule under any last_ and next_ names', () => {
  it('last_calibrated 2026-02-10 every 6 months cannot be next due 2025-08-10', () => {
    const asset = { asset_id: 'BAL-0442', last_calibrated: '2026-02-10', interval_months: 6, next_due: '2025-08-10' };
    const trace = buildTrace([
      agentSpan('root', 'Is balance BAL-0442 in calibration?', 'No: it was due on 2025-08-10.'),
      toolSpan('get', 'get_asset_record', { asset_id: 'BAL-0442' }, asset),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    const right = buildTrace([
      agentSpan('root', 'Is balance BAL-0442 in calibration?', 'Yes, until 2026-08-10.'),
      toolSpan('get', 'get_asset_record', { asset_id: 'BAL-0442' }, { ...asset, next_due: '2026-08-10' }),
    ]);
    expect(attributeRootCause(right).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: a build year after the run', () => {
  function built(year: number) {
    const runDay = Date.UTC(2026, 10, 25, 9);
    return buildTrace(
      [
        agentSpan(
          'root',
          'Is 14 Albion Terrace eligible? It was built around 1909.',
          `Not eligible: built in ${year}.`,
        ),
        toolSpan('property', 'lookup_property', { house: '14' }, { address: '14 Albion Terrace', year_built: year }),
      ].map((draft, index) => ({ ...draft, startTime: runDay + index * 10, endTime: runDay + index * 10 + 5 })),
    );
  }

  it('year_built 2109 in a run in 2026 is the record’s', () => {
    const report = attributeRootCause(built(2109));
    expect(report.rootCause).toMatchObject({ spanId: 'property', layer: 'upstream-data' });
  });

  it('year_built 1909 is fine', () => {
    const report = attributeRootCause(built(1909));
    expect(report.findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: a ceiling stored in metres that its own NOTAM gives in feet', () => {
  it('max_altitude_m 150 beside "SFC-150FT AGL"', () => {
    const zone = { id: 'TRA-1', max_altitude_m: 150, notam_text: 'UAS OPS LIMITED TO SFC-150FT AGL.' };
    const trace = buildTrace([
      agentSpan('root', 'How high can I fly my drone at HX7 8AL?', 'The ceiling there is 150 m.'),
      toolSpan('air', 'check_airspace', { postcode: 'HX7 8AL' }, { zones: [zone] }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'air', layer: 'upstream-data' });
  });
});

describe('upstream-data: a table value a power of ten off its neighbours', () => {
  const chart = (at20: number) => ({
    capacity_t_by_radius_m: { '14': 8.1, '16': 6.7, '18': 5.5, '20': at20, '22': 3.8, '24': 3.2 },
  });
  function lifted(at20: number) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'Can the crane lift 4.6 t at 20 m?', `Yes, it is rated for ${at20} t at 20 m.`),
        toolSpan('chart', 'get_load_chart', { crane: 'LTM-1060' }, chart(at20)),
      ]),
    );
  }

  it('41 t at 20 m between 5.5 t and 3.8 t is the chart’s slip for 4.1', () => {
    expect(lifted(41).rootCause).toMatchObject({ spanId: 'chart', layer: 'upstream-data' });
    expect(lifted(41).rootCause?.evidence[0]).toMatchObject({ actual: '41' });
  });

  it('4.1 t is fine', () => {
    expect(lifted(4.1).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: records that contradict themselves', () => {
  const upstream = (report: ReturnType<typeof attributeRootCause>) =>
    report.findings.filter((finding) => finding.rule === 'upstream-data');

  function lookedUp(result: JsonValue, answer: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'Check record R-100 and tell me what to do.', answer),
        toolSpan('lookup', 'get_record', { id: 'R-100' }, result),
      ]),
    );
  }

  it('a parcel delivered before it was dispatched', () => {
    const order = { order_id: 'R-100', dispatched_at: '2026-03-04T07:55:00Z', delivered_at: '2026-03-02T10:14:00Z' };
    const report = lookedUp(order, 'R-100 was delivered on 2026-03-02, so the claim window has closed.');
    expect(report.rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data' });
    const shipped = { ...order, delivered_at: '2026-03-05T10:14:00Z' };
    expect(upstream(lookedUp(shipped, 'R-100 was delivered on 2026-03-05.'))).toEqual([]);
  });

  it('an install date after entries of its own service history', () => {
    const services = [{ date: '2019-10-02' }, { date: '2020-09-28' }, { date: '2021-10-11' }];
    const report = lookedUp(
      { id: 'R-100', install_date: '2025-09-03', service_history: services },
      'Installed on 2025-09-03, so the boiler is still under warranty.',
    );
    expect(report.rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('service_history');
    const installed = { id: 'R-100', install_date: '2018-09-03', service_history: services };
    expect(upstream(lookedUp(installed, 'Installed on 2018-09-03, so the warranty has ended.'))).toEqual([]);
  });

  it('one reading ten times every other in a list, and a machine sentinel, carried on by the total', () => {
    const sessions = (third: number) => [{ kwh: 38.2 }, { kwh: 24.1 }, { kwh: third }, { kwh: 36 }];
    const total = (third: number) => Math.round((98.3 + third) * 10) / 10;
    const spiked = lookedUp({ sessions: sessions(742.6), total_kwh: total(742.6) }, `Claim ${total(742.6)} kWh.`);
    expect(spiked.rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data' });
    expect(spiked.rootCause?.summary).toContain('sessions[2].kwh');
    const sentinel = lookedUp(
      { days: [{ calls: 60140 }, { calls: 4294967295 }, { calls: 59232 }, { calls: 33394 }] },
      'Billed 4294967295 calls.',
    );
    expect(sentinel.rootCause?.summary).toContain('2^32−1');
    expect(
      upstream(lookedUp({ sessions: sessions(30.5), total_kwh: total(30.5) }, `Claim ${total(30.5)} kWh.`)),
    ).toEqual([]);
  });

  it('items that name their own unit (acres, then bales) are no outlier of each other', () => {
    const lines = (lastUnit: string) => [
      { qty: 16.5, unit: 'acre', amount: 313.5 },
      { qty: 33, unit: 'acre', amount: 247.5 },
      { qty: 16.5, unit: 'acre', amount: 132 },
      { qty: 1180, unit: lastUnit, amount: 731.6 },
    ];
    expect(upstream(lookedUp({ lines: lines('bale'), net: 1424.6 }, 'Net £1,424.60.'))).toEqual([]);
    expect(upstream(lookedUp({ lines: lines('acre'), net: 1424.6 }, 'Net £1,424.60.'))).toHaveLength(1);
  });

  it('a total a power of ten from its lines priced by quantity, a next date off its own interval, a reading off its history', () => {
    const order = {
      lines: [
        { qty: 2, unit_price: 24.99 },
        { qty: 1, unit_price: 14.99 },
      ],
      total: 6497,
    };
    expect(lookedUp(order, 'Refund 6497 euros.').rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data' });
    const right = { ...order, total: 64.97 };
    expect(upstream(lookedUp(right, 'Refund 64.97 euros.'))).toEqual([]);
    const tachograph = {
      last_calibration: '2024-04-09',
      calibration_interval_months: 24,
      next_calibration_due: '2028-04-09',
    };
    expect(lookedUp(tachograph, 'Next calibration is due 2028-04-09.').rootCause).toMatchObject({
      layer: 'upstream-data',
    });
    const weights = [
      { date: '2025-03-18', kg: 4.4 },
      { date: '2026-01-20', kg: 4.1 },
    ];
    const patient = { weight_kg: 42, weight_history: weights };
    expect(lookedUp(patient, 'Give 4.2 mL for a 42 kg patient.').rootCause).toMatchObject({ layer: 'upstream-data' });
    expect(upstream(lookedUp({ weight_kg: 4.2, weight_history: weights }, 'Give 0.42 mL.'))).toEqual([]);
  });

  it('a contract that ends the day before it starts, a policy that expires before inception, a stay that leaves before it arrives', () => {
    const records: JsonValue[] = [
      { contract_start: '2025-07-01', contract_end: '2025-06-30', status: 'active' },
      { inception_date: '2025-03-14', expiry_date: '2024-03-13', status: 'in_force' },
      { arrival: '2026-05-22', departure: '2026-05-19', nights: -3, room: 'Coach House 2' },
    ];
    for (const record of records)
      expect(lookedUp(record, `Record: ${JSON.stringify(record)}`).rootCause).toMatchObject({ layer: 'upstream-data' });
  });

  it('a run that starts after its own data interval ends, or a flight that lands after it leaves, is in order', () => {
    const run = { data_interval_end: '2025-11-26T02:00:00+00:00', start_date: '2025-11-26T02:00:07Z' };
    expect(upstream(lookedUp(run, 'The run started at 2025-11-26T02:00:07Z.'))).toEqual([]);
    const flight = { departure: '2026-05-19', arrival: '2026-05-20', flight: 'BA15' };
    expect(upstream(lookedUp(flight, 'You land on 2026-05-20.'))).toEqual([]);
  });
});

describe('upstream-data: one item of a list far off its siblings', () => {
  const weights = (slipped: number) => ({
    pen: 4,
    animals: [
      { tag: 'A-01', kg: 52.3 },
      { tag: 'A-02', kg: 49.8 },
      { tag: 'A-03', kg: 54.1 },
      { tag: 'A-04', kg: 50.6 },
      { tag: 'A-05', kg: slipped },
    ],
  });
  const run = (slipped: number, dose: number) => {
    const call = { tag: 'A-05', dose_ml: dose };
    return buildTrace([
      agentSpan('root', 'Dose pen 4 for worms by weight.', 'Pen 4 is dosed.'),
      toolSpan('weights', 'get_pen_weights', { pen: 4 }, weights(slipped)),
      toolSpan('dose', 'record_dose', call, { ok: true, weight_used_kg: slipped }),
    ]);
  };

  it('a weight ten times its own true value, though below ten times the heaviest sibling, is the record', () => {
    const report = attributeRootCause(run(512, 102.4));
    expect(report.findings.some((finding) => finding.rule === 'upstream-data' && finding.spanId === 'weights')).toBe(
      true,
    );
  });

  it('a heavy animal twice its pen-mates is no slip', () => {
    const report = attributeRootCause(run(104, 20.8));
    expect(report.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a machine sentinel carried in the record’s aggregate', () => {
  it('the answer repeats the sum that holds 2^31−1, grouped for reading', () => {
    const usage = {
      line: 'L-7',
      data_used_mb: 2147483647 + 4000,
      daily: [
        { date: '2026-05-01', mb: 1000 },
        { date: '2026-05-02', mb: 900 },
        { date: '2026-05-03', mb: 2147483647 },
        { date: '2026-05-04', mb: 1100 },
        { date: '2026-05-05', mb: 1000 },
      ],
    };
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Why was my data barred on line L-7?',
          'You used 2,147,487,647 MB this month, over your cap, so data is barred.',
        ),
        toolSpan('usage', 'get_usage', { line: 'L-7' }, usage),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'usage', layer: 'upstream-data' });
  });
});

describe('upstream-data: declarations and counts a record contradicts itself', () => {
  it('an allergen declaration written as `{contains, may_contain}` that leaves out the sesame the ingredients name', () => {
    const product = {
      name: 'Seeded Rye',
      ingredients: 'Rye flour, water, sesame seeds, salt',
      allergens: { contains: ['gluten (rye)'], may_contain: [] },
    };
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Is the seeded rye safe for a sesame allergy?',
          'Yes: the Seeded Rye contains only gluten (rye).',
        ),
        toolSpan('allergens', 'get_allergens', { product: 'seeded rye' }, product),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'allergens', layer: 'upstream-data' });
  });

  const inventory = (count: number) => ({
    site: '0305',
    kits_on_hand: count,
    kits: [
      { kit_id: 'K-1', status: 'available' },
      { kit_id: 'K-2', status: 'available' },
      { kit_id: 'K-3', status: 'available' },
    ],
    page: 1,
    total_pages: 1,
  });
  const run = (count: number) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Does site 0305 need a kit resupply?',
          `Site 0305 has ${count} kits on hand, so no resupply.`,
        ),
        toolSpan('inventory', 'get_site_inventory', { site: '0305' }, inventory(count)),
      ]),
    );

  it('a count of 11 kits beside a complete list of three is the record’s slip', () => {
    expect(run(11).rootCause).toMatchObject({ spanId: 'inventory', layer: 'upstream-data' });
  });

  it('a count that matches its list is quiet', () => {
    expect(run(3).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: counts and categories a record contradicts itself', () => {
  const authorisation = (remaining: number, extra: Record<string, number> = {}) => ({
    auth: 'PA-1',
    sessions_authorized: 12,
    sessions_used: 9,
    sessions_remaining: remaining,
    ...extra,
  });
  const run = (result: JsonValue) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'How many physio sessions are left on my authorisation?', 'You have 7 sessions left.'),
        toolSpan('auth', 'get_authorization', { member: 'M-1' }, result),
      ]),
    );

  it('more left than authorised less used (12 − 9, "7 remaining") is the record’s slip', () => {
    expect(run(authorisation(7)).rootCause).toMatchObject({ spanId: 'auth', layer: 'upstream-data' });
  });

  it('fewer left than that may be held back, and is quiet', () => {
    expect(run(authorisation(2)).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });

  it('more left than that, with sessions on hold in the record, is quiet', () => {
    expect(
      run(authorisation(7, { sessions_on_hold: 4 })).findings.filter((finding) => finding.rule === 'upstream-data'),
    ).toEqual([]);
  });

  // Synthetic runs are dated 1970: the birth dates are set before it.
  const applicant = (born: string) => ({
    case: 'C-9',
    applicant: { name: 'T. Wis', date_of_birth: born, applicant_category: 'minor_under_18' },
  });
  const caseRun = (born: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Which documents do I bring to my passport appointment?',
          'Bring parental consent: you are under 18.',
        ),
        toolSpan('case', 'get_case', { case: 'C-9' }, applicant(born)),
        toolSpan(
          'checklist',
          'get_document_checklist',
          { service: 'passport_renewal', applicant_category: 'minor_under_18' },
          { documents: ['parental consent'] },
        ),
      ]),
    );

  it('a person filed as under 18 whose own birth date makes them an adult', () => {
    expect(caseRun('1941-09-04').rootCause).toMatchObject({ spanId: 'case', layer: 'upstream-data' });
  });

  it('a child filed as under 18 is quiet', () => {
    expect(caseRun('1961-09-04').findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a measure a power of ten off its own rate times its quantity', () => {
  const feed = (result: { [key: string]: number }, args: Record<string, number | string>) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'How much feed does pen 4 need today?', `Pen 4 needs ${result.ration_kg} kg of feed today.`),
        toolSpan('calc', 'feed_ration', args, result),
      ]),
    );
  const slipped = { pen: 4, ration_g_per_kg: 15, herd_weight_kg: 2400, ration_kg: 3.6 };

  it('a record that stores the tenfold figure is upstream-data', () => {
    expect(feed(slipped, { pen: 4 }).rootCause).toMatchObject({ spanId: 'calc', layer: 'upstream-data' });
  });

  it('a calculator given the rate and the quantity that returns it is the tool', () => {
    const report = feed(slipped, { ration_g_per_kg: 15, herd_weight_kg: 2400 });
    expect(report.rootCause).toMatchObject({ spanId: 'calc', layer: 'tool', rule: 'miscomputed-result' });
    expect(report.rootCause?.summary).toContain('from the arguments it was given');
  });

  it('a record whose measure is its rate times its quantity is fine', () => {
    expect(feed({ ...slipped, ration_kg: 36 }, { pen: 4 }).verdict).not.toBe('failed');
  });
});

describe('upstream-data: a calculator that returns a next date its own inputs contradict', () => {
  it('is the tool when the call gave it the last date and the interval', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Log the lift examination of 13 March 2026 and set the next one.', 'Next due 13 March 2027.'),
        toolSpan(
          'due',
          'compute_next_due',
          { last_exam: '2026-03-13', interval_months: 6 },
          { last_exam: '2026-03-13', interval_months: 6, next_due: '2027-03-13' },
        ),
        toolSpan('save', 'update_schedule', { next_due: '2027-03-13' }, { updated: true }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'due', layer: 'tool' });
  });
});

describe('upstream-data: records that contradict their own weighing, pack name and certificate', () => {
  const used = (result: JsonValue, answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Check the record and act on it.', answer),
        toolSpan('record', 'get_record', { ref: 'R-1' }, result),
      ]),
    );

  it('a net weight above its gross, or a power of ten from gross less tare, is the source’s slip', () => {
    const docket = (net: number) => ({ docket: 'WB-7', gross_kg: 2410, tare_kg: 980, net_kg: net });
    expect(used(docket(14300), 'Paid for 14300 kg.').rootCause).toMatchObject({ layer: 'upstream-data' });
    expect(used(docket(1430), 'Paid for 1430 kg.').verdict).not.toBe('failed');
    // One digit off (1930 for 1430) is a keying slip; a net some other deduction took below it is not.
    expect(used(docket(1930), 'Paid for 1930 kg.').rootCause).toMatchObject({ layer: 'upstream-data' });
    expect(used(docket(1395), 'Paid for 1395 kg.').verdict).not.toBe('failed');
  });

  it('a pack size ten times the count the product’s name gives is the source’s slip', () => {
    const product = (size: number) => ({ pip: '1120', description: 'Omeprazole 20mg capsules x 28', pack_size: size });
    expect(used(product(280), 'Ordered one pack of 280.').rootCause).toMatchObject({ layer: 'upstream-data' });
    expect(used(product(28), 'Ordered one pack of 28.').verdict).not.toBe('failed');
    // A box whose name gives its own count beside its packs ("box of 60 (10 x 6)") bears its size out.
    const box = { sku: 'BAT-60', name: 'Zinc-air size 13, box of 60 (10 x 6)', pack_size: 60 };
    expect(used(box, 'Ordered one box of 60.').verdict).not.toBe('failed');
  });

  it('a certificate issued after it expires (`ticket_issued`, `ticket_expires`) is the source’s slip', () => {
    const boiler = (expires: string) => ({
      loco: '1474',
      boiler: { ticket_issued: '2026-04-22', ticket_expires: expires },
    });
    expect(used(boiler('2016-04-21'), 'Loco 1474 is out: ticket expired 2016-04-21.').rootCause).toMatchObject({
      layer: 'upstream-data',
    });
    expect(used(boiler('2036-04-21'), 'Loco 1474 is in ticket until 2036-04-21.').verdict).not.toBe('failed');
  });
});

describe('upstream-data: swapped weighings, past events dated ahead, and a figure beside its display form', () => {
  const read = (result: JsonValue, answer: string, startTime?: number) =>
    attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'Check the record and act on it.', answer),
          ...(startTime ? { startTime, endTime: startTime + 1 } : {}),
        },
        {
          ...toolSpan('record', 'get_record', { ref: 'R-1' }, result),
          ...(startTime ? { startTime, endTime: startTime + 1 } : {}),
        },
      ]),
    );

  it('a gross below its own tare has the two swapped', () => {
    const ticket = (gross: number, tare: number) => ({
      ticket: 'T-1',
      gross_t: gross,
      tare_t: tare,
      net_t: gross - tare,
    });
    expect(read(ticket(11.98, 31.74), 'Billed on a gross of 11.98 t.').rootCause).toMatchObject({
      layer: 'upstream-data',
    });
    expect(read(ticket(31.74, 11.98), 'Billed 19.76 t.').verdict).not.toBe('failed');
  });

  it('a last service dated after the run cannot have happened', () => {
    const run = Date.parse('2026-02-10T09:00:00Z');
    const asset = (last: string) => ({ asset_id: 'P2', service_interval_months: 6, last_service_date: last });
    expect(read(asset('2026-08-14'), 'Last serviced 2026-08-14, so next due 2027-02-14.', run).rootCause).toMatchObject(
      {
        layer: 'upstream-data',
      },
    );
    expect(read(asset('2025-08-14'), 'Next service due 2026-02-14.', run).verdict).not.toBe('failed');
  });

  it('an amount a power of ten from its own display form (`hammer_price_display: "£4,200"`)', () => {
    const lot = (hammer: number) => ({ lot: 212, hammer_price_gbp: hammer, hammer_price_display: '£4,200' });
    expect(read(lot(42000), 'The hammer price was £42,000.').rootCause).toMatchObject({ layer: 'upstream-data' });
    expect(read(lot(4200), 'The hammer price was £4,200.').verdict).not.toBe('failed');
  });
});

describe('upstream-data: a bound a power of ten from its own list', () => {
  const read = (result: JsonValue, answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'What is the longest reach I can hire at the depot?', answer),
        toolSpan('record', 'get_depot_stock', { depot: 'D-7' }, result),
      ]),
    );
  const depot = (longest: number) => ({
    depot: 'D-7',
    max_reach_m: longest,
    platforms: [
      { code: 'SL-8', reach_m: 8 },
      { code: 'BM-16', reach_m: 16 },
      { code: 'TM-22', reach_m: 22 },
    ],
  });

  it('`max_reach_m: 220` over platforms reaching at most 22 m is the source', () => {
    const report = read(depot(220), 'The longest reach is 220 m.');
    expect(report.rootCause).toMatchObject({ spanId: 'record', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('22');
  });

  it('the bound its list bears out, or one that is the list’s sum, is no slip', () => {
    expect(read(depot(22), 'The longest reach is 22 m.').verdict).not.toBe('failed');
    // Ten rooms of 46 seat 460 at most: the bound is their total here.
    const seats = { venue: 'V-2', max_seats: 460, rooms: Array.from({ length: 10 }, () => ({ seats: 46 })) };
    expect(read(seats, 'The venue seats 460.').verdict).not.toBe('failed');
  });
});

describe('upstream-data: a volume a power of ten from its own sides', () => {
  const quote = (record: JsonValue) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Quote sea freight for pallet P-31.', 'Quoted on 4.8 m3.'),
        toolSpan('spec', 'get_pallet', { pallet: 'P-31' }, record),
        toolSpan('quote', 'quote_freight', { pallet: 'P-31', volume_m3: 4.8 }, { quote: 'Q-9', total_eur: 412 }),
      ]),
    );

  it('120 × 100 × 40 cm stored as 4.8 m3 (0.48) is the source, with the sides as a record or as fields', () => {
    expect(quote({ pallet: 'P-31', dims_cm: { l: 120, w: 100, h: 40 }, volume_m3: 4.8 }).rootCause).toMatchObject({
      spanId: 'spec',
      layer: 'upstream-data',
    });
    const fields = { pallet: 'P-31', length_mm: 1200, width_mm: 1000, height_mm: 400, volume_m3: 4.8 };
    expect(quote(fields).rootCause?.summary).toContain('0.48');
  });

  it('a volume its sides bear out, in litres too, is no slip', () => {
    expect(quote({ pallet: 'P-31', dims_cm: [120, 100, 400], volume_m3: 4.8 }).verdict).not.toBe('failed');
    expect(quote({ pallet: 'P-31', dims_cm: { l: 120, w: 100, h: 40 }, volume_l: 480 }).verdict).not.toBe('failed');
  });
});

describe('upstream-data: a slipped item carried by its list’s total', () => {
  const insured = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Total the insured values of the loan list.', answer),
        toolSpan(
          'list',
          'list_loans',
          { show: 'S-4' },
          {
            loans: [
              { no: 'L-1', insured_gbp: 40000 },
              { no: 'L-2', insured_gbp: 2400000, valuation_note: 'Valued at GBP 24,000 in March.' },
              { no: 'L-3', insured_gbp: 15000 },
            ],
          },
        ),
      ]),
    );

  it('an answer that states the total with the slipped item in it used the slip', () => {
    expect(insured('The loans are insured for GBP 2,455,000 in all.').rootCause).toMatchObject({
      spanId: 'list',
      layer: 'upstream-data',
    });
  });

  it('an answer that states neither the item nor a total carrying it did not', () => {
    expect(insured('The loans are insured for GBP 79,000 in all.').verdict).not.toBe('failed');
  });
});

describe('upstream-data: an amount a power of ten from its own label’s price', () => {
  const quoted = (label: string, answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'What do two toddler tickets cost?', answer),
        toolSpan('prices', 'get_prices', { session: 'S-1' }, { tickets: [{ type: 'toddler', label, price_gbp: 65 }] }),
      ]),
    );

  it('`price_gbp: 65` beside "Toddler - £6.50" is the source’s slip', () => {
    expect(
      quoted('Toddler (under 4) - £6.50, with a paying adult', 'Toddler tickets are £65.00 each, £130.00 for two.')
        .rootCause,
    ).toMatchObject({ spanId: 'prices', layer: 'upstream-data' });
  });

  it('a label whose figure is no price (an age) or in another currency is no rival', () => {
    const answer = 'Toddler tickets are £65.00 each, £130.00 for two.';
    expect(quoted('Toddler (under 4) - with a paying adult', answer).verdict).not.toBe('failed');
    expect(quoted('Toddler - €6.50 at the Dublin rink', answer).verdict).not.toBe('failed');
  });
});

describe('upstream-data: an age the record’s own dates contradict', () => {
  const proof = (record: Record<string, JsonValue>) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Send the headstone proof for record FR-2093.',
          'Proof sent: 12 March 1948 - 2 January 2026, aged 87.',
        ),
        toolSpan('record', 'get_family_record', { record: 'FR-2093' }, record),
        toolSpan(
          'render',
          'render_proof',
          { lines: ['12th March 1948 - 2nd January 2026', 'aged 87'] },
          { proof: 'P-1' },
        ),
      ]),
    );

  it('born 1948, died 2026, "aged 87": the record is the root', () => {
    const report = proof({
      record: 'FR-2093',
      date_of_birth: '1948-03-12',
      date_of_death: '2026-01-02',
      age_at_death: 87,
    });
    expect(report.rootCause).toMatchObject({ spanId: 'record', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('come out as 77');
  });

  it('an age that agrees with the dates, or is a birthday out, is no slip', () => {
    const agrees = { record: 'FR-2093', date_of_birth: '1938-03-12', date_of_death: '2026-01-02', age_at_death: 87 };
    expect(proof(agrees).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
    const birthdayOut = {
      record: 'FR-2093',
      date_of_birth: '1938-01-01',
      date_of_death: '2026-01-02',
      age_at_death: 87,
    };
    expect(proof(birthdayOut).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a slipped item of a list that the answer names beside its figures', () => {
  const usage = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'What has project atlas spent on GPUs this month?', answer),
        toolSpan(
          'usage',
          'get_project_usage',
          { project: 'atlas' },
          {
            lines: [
              { instance: 'gi-4019', start: '2026-02-02T08:00:00Z', end: '2026-02-04T20:00:00Z', amount: 107.4 },
              { instance: 'gi-4021', start: '2026-02-09T14:00:00Z', end: '2026-02-09T08:00:00Z', amount: 10.74 },
            ],
            total: 118.14,
          },
        ),
      ]),
    );

  it('an end before its start, carried as "gi-4021 $10.74", makes the record the root', () => {
    expect(usage('Spent $118.14: gi-4019 $107.40 and gi-4021 $10.74.').rootCause).toMatchObject({
      spanId: 'usage',
      layer: 'upstream-data',
    });
  });

  it('the item named without any of its figures is only a warning', () => {
    const report = usage('Two instances ran: gi-4019 and gi-4021.');
    expect(report.verdict).not.toBe('failed');
  });
});

describe('upstream-data: two times that do not span the record’s own duration', () => {
  const booked = (pass: Record<string, JsonValue>) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Book the next Kiruna pass for AURORA-3.',
          `Booked KIR-03, AOS ${pass.aos}, LOS ${pass.los}.`,
        ),
        toolSpan(
          'passes',
          'list_passes',
          { station: 'KIR' },
          {
            passes: [
              pass,
              { pass_id: 'KIR-04', aos: '2026-11-12T16:08:55Z', los: '2026-11-12T16:19:02Z', duration_s: 607 },
            ],
          },
        ),
        toolSpan('book', 'book_pass', { pass_id: 'KIR-03' }, { booking_ref: 'GSB-7', status: 'confirmed' }),
      ]),
    );

  it('a loss of signal before its acquisition, against `duration_s: 570`, is the record', () => {
    const report = booked({
      pass_id: 'KIR-03',
      aos: '2026-11-12T14:32:10Z',
      los: '2026-11-12T14:21:40Z',
      duration_s: 570,
    });
    expect(report.rootCause).toMatchObject({ spanId: 'passes', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('630 s before');
  });

  it('a deadline beside a start is no span the duration measures', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Book the 11:20 slot.', 'Booked for 11:20; forms are due by 5 May 12:00.'),
        toolSpan(
          'slot',
          'book_slot',
          { slot: 'S-1' },
          { start_local: '2026-05-07T11:20:00+01:00', forms_deadline: '2026-05-05T12:00:00+01:00', duration_min: 40 },
        ),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });

  it('times that span the duration, give or take a rounding minute, are no slip', () => {
    const report = booked({
      pass_id: 'KIR-03',
      aos: '2026-11-12T14:32:10Z',
      los: '2026-11-12T14:41:40Z',
      duration_s: 600,
    });
    expect(report.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a return dated before the dispatch it follows', () => {
  const released = (movements: JsonValue) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Is cask FK-033 back? If so release the deposit.',
          'FK-033 was returned on 17 February; deposit released.',
        ),
        toolSpan(
          'moves',
          'get_cask_movements',
          { cask_id: 'FK-033' },
          { cask_id: 'FK-033', movements, status: 'returned' },
        ),
        toolSpan('release', 'release_deposit', { cask_id: 'FK-033', amount_gbp: 45 }, { released: true }),
      ]),
    );

  it('listed after the dispatch but dated a week before it: the record is the root', () => {
    const report = released([
      { type: 'filled', date: '2026-02-10' },
      { type: 'dispatched', date: '2026-02-24' },
      { type: 'returned', date: '2026-02-17' },
    ]);
    expect(report.rootCause).toMatchObject({ spanId: 'moves', layer: 'upstream-data' });
  });

  it('a history listed newest first, or a return after its dispatch, is in order', () => {
    const newestFirst = released([
      { type: 'dispatched', date: '2026-02-24' },
      { type: 'returned', date: '2026-02-17' },
      { type: 'dispatched', date: '2026-01-20' },
    ]);
    expect(newestFirst.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
    const inOrder = released([
      { type: 'filled', date: '2026-02-10' },
      { type: 'dispatched', date: '2026-02-12' },
      { type: 'returned', date: '2026-02-17' },
    ]);
    expect(inOrder.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a share that cannot pass 100%', () => {
  const readings = (humidity: number, growth: number) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Is the room too damp for the piano?',
          `It averaged ${humidity}% humidity; sales grew ${growth}%.`,
        ),
        toolSpan('sensor', 'get_sensor_readings', { sensor_id: 'PL-2' }, { avg_rh_pct: humidity, growth_pct: growth }),
      ]),
    );

  it('a relative humidity of 412% is the record', () => {
    expect(readings(412, 12).rootCause).toMatchObject({ spanId: 'sensor', layer: 'upstream-data' });
  });

  it('41.2% humidity, or growth above 100%, is possible', () => {
    expect(readings(41.2, 12).verdict).not.toBe('failed');
    expect(readings(41.2, 240).verdict).not.toBe('failed');
  });
});

describe('upstream-data: a group size its own list of people contradicts', () => {
  const parcel = (size: number, members: JsonValue) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Make up the parcel for referral RF-56.', `Parcel for a household of ${size} queued.`),
        toolSpan('referral', 'get_referral', { referral_id: 'RF-56' }, { household_size: size, members }),
        toolSpan('order', 'create_parcel_order', { referral_id: 'RF-56', household_size: size }, { queued: true }),
      ]),
    );
  const four = [{ role: 'adult' }, { role: 'child' }, { role: 'child' }, { role: 'child' }];

  it('`household_size: 1` beside four members is the record', () => {
    expect(parcel(1, four).rootCause).toMatchObject({ spanId: 'referral', layer: 'upstream-data' });
  });

  it('a size that matches, or members that count their own people, are no slip', () => {
    expect(parcel(4, four).verdict).not.toBe('failed');
    expect(
      parcel(4, [
        { group: 'adults', count: 1 },
        { group: 'children', count: 3 },
      ]).verdict,
    ).not.toBe('failed');
  });
});

describe('upstream-data: a hire due back before it starts', () => {
  const hire = (returnDue: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Is the cornet on HA-77 overdue?', `It was due back on ${returnDue}; a late fee was added.`),
        toolSpan('agreement', 'get_agreement', { id: 'HA-77' }, { start_date: '2025-09-08', return_due: returnDue }),
        toolSpan('fee', 'apply_late_fee', { id: 'HA-77', return_due: returnDue }, { posted: true }),
      ]),
    );

  it('`return_due` two months before `start_date` is the record', () => {
    expect(hire('2025-07-18').rootCause).toMatchObject({ spanId: 'agreement', layer: 'upstream-data' });
  });

  it('a return due after the start is in order', () => {
    expect(hire('2026-07-18').findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a weighted result its own components do not give', () => {
  const marked = (finalMark: number, weights: [number, number] = [50, 50]) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Does Priya need a CHM2107 resit?', `Her final mark is ${finalMark}; resit booked.`),
        toolSpan(
          'mark',
          'get_module_mark',
          { module: 'CHM2107' },
          {
            components: [
              { name: 'Lab portfolio', weight_pct: weights[0], mark: 72 },
              { name: 'Written exam', weight_pct: weights[1], mark: 64 },
            ],
            final_mark: finalMark,
          },
        ),
        toolSpan('book', 'book_resit', { module: 'CHM2107', reason: `final mark ${finalMark}` }, { booked: true }),
      ]),
    );

  it('`final_mark: 6.8` from 72 and 64 at 50% each is the record', () => {
    expect(marked(6.8).rootCause).toMatchObject({ spanId: 'mark', layer: 'upstream-data' });
  });

  it('the mean rounded to a whole mark, or weights that do not make a whole, are no slip', () => {
    expect(marked(68).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
    expect(marked(6.8, [50, 30]).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });

  it('crash-free sessions above 100% are a share no count can give', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Is 2.6.1 stable enough for full rollout?',
          'Crash-free sessions are 104.3%, above the gate.',
        ),
        toolSpan(
          'crashes',
          'get_crash_stats',
          { build: '2.6.1' },
          { crashed_sessions: 1940, crash_free_sessions_pct: 104.3 },
        ),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'crashes', layer: 'upstream-data' });
  });

  it('a reject rate above 100% is a share no count can give', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Are we owed a credit for last week?', 'The reject rate was 134.2%, so a credit was issued.'),
        toolSpan('quality', 'get_quality_report', { week: 'W09' }, { pieces_rejected: 62, reject_rate_pct: 134.2 }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'quality', layer: 'upstream-data' });
  });
});

describe('upstream-data: a balance left after more was used than granted', () => {
  const booked = (remaining: number) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Book two 4-hour blocks for 2026B-017.', `Booked; ${remaining - 8} hours left.`),
        toolSpan(
          'allocation',
          'get_allocation',
          { id: '2026B-017' },
          { proposal_id: '2026B-017', allocated_h: 12, used_h: 15.5, remaining_h: remaining },
        ),
        toolSpan(
          'book',
          'book_blocks',
          { id: '2026B-017', hours: 8 },
          { booked: [{ block: 'B-1' }, { block: 'B-2' }], hours_booked: 8 },
        ),
      ]),
    );

  it('26.5 h left of 12 h allocated with 15.5 h used is the record, and `hours_booked` counts no blocks', () => {
    const report = booked(26.5);
    expect(report.rootCause).toMatchObject({ spanId: 'allocation', layer: 'upstream-data' });
    expect(report.findings.filter((finding) => finding.spanId === 'book')).toEqual([]);
  });
});

describe('upstream-data: one reading of a series with its sign lost', () => {
  const logged = (reading: number) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Did freezer 1 go out of range overnight?',
          `Yes: it reached ${reading}°C at 02:00; stock discarded.`,
        ),
        toolSpan(
          'log',
          'get_temperature_log',
          { unit: 'freezer-1' },
          {
            readings: [
              { t: '2026-02-09T22:00:00Z', temp: -19.2 },
              { t: '2026-02-10T00:00:00Z', temp: -18.9 },
              { t: '2026-02-10T02:00:00Z', temp: reading },
              { t: '2026-02-10T04:00:00Z', temp: -19 },
            ],
          },
        ),
        toolSpan('discard', 'raise_corrective_action', { reading_c: reading, action: 'discard' }, { ca_id: 'CA-1' }),
      ]),
    );

  it('+18.6 among -19 readings is the record', () => {
    expect(logged(18.6).rootCause).toMatchObject({ spanId: 'log', layer: 'upstream-data' });
  });

  it('a real warm-up (+4.0) is no lost sign', () => {
    expect(logged(4).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a meter that runs backwards, and a shelf life below zero', () => {
  const billed = (closing: number) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Bill account BW-330 for March.', `Billed ${(closing - 18442.6).toFixed(1)} kWh.`),
        toolSpan(
          'reads',
          'get_meter_reads',
          { mpan: '1200061234567' },
          {
            mpan: '1200061234567',
            unit: 'kWh',
            reads: [
              { date: '2025-03-01T00:00:00Z', value: 18442.6 },
              { date: '2025-04-01T00:00:00Z', value: closing },
            ],
          },
        ),
        toolSpan(
          'bill',
          'calculate_bill',
          { consumption_kwh: Math.round((closing - 18442.6) * 10) / 10 },
          { ok: true },
        ),
      ]),
    );

  it('a closing read below the opening read, billed as their difference, is the record', () => {
    expect(billed(17921.3).rootCause).toMatchObject({ spanId: 'reads', layer: 'upstream-data' });
  });

  it('a closing read above the opening read is in order', () => {
    expect(billed(18963.9).findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });

  it('`shelf_life_days: -3` is the record', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Print the labels for SSL-800 baked on 2025-05-21.', 'Printed: best before 18/05/2025.'),
        toolSpan('spec', 'get_product_spec', { sku: 'SSL-800' }, { sku: 'SSL-800', shelf_life_days: -3 }),
        toolSpan(
          'label',
          'render_label',
          { sku: 'SSL-800', best_before: '2025-05-18', shelf_life_days: -3 },
          { ok: true },
        ),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'spec', layer: 'upstream-data' });
  });
});

describe('upstream-data: a fraction beside its own percentage', () => {
  it('`pro_rata: 0.5` beside "reduced by 50%" is one figure, not a power of ten apart', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Confirm my order for one case of 12.', 'Your allocation was halved: 6 bottles ordered.'),
        toolSpan(
          'allocation',
          'get_allocation',
          { requested_bottles: 12 },
          {
            requested_bottles: 12,
            allocated_bottles: 6,
            pro_rata: 0.5,
            reason: 'release reduced by 50%; all requests pro-rated',
          },
        ),
        toolSpan('order', 'place_order', { bottles: 6, pro_rata: 0.5 }, { status: 'confirmed' }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: strengths inside product names', () => {
  it('"Sertraline 50 mg tablets" beside "Amlodipine 5 mg tablets" is two products, not a power-of-ten slip', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Did he have his zopiclone last night?',
          'No zopiclone; sertraline 50 mg was given at 21:58.',
        ),
        toolSpan(
          'mar',
          'get_mar_entries',
          { resident: 'LH-0117' },
          { entries: [{ medicine: 'Sertraline 50 mg tablets', status: 'given' }] },
        ),
        toolSpan(
          'rx',
          'get_prescriptions',
          { resident: 'LH-0117' },
          { prescriptions: [{ medicine: 'Amlodipine 5 mg tablets', directions: 'one in the morning' }] },
        ),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: stages of an order and a shipment out of order', () => {
  const ask = (request: string, tool: string, result: JsonValue, answer: string) =>
    attributeRootCause(buildTrace([agentSpan('root', request, answer), toolSpan('get', tool, { ref: 'X-1' }, result)]));

  it('an arrival before its own dispatch, told to the customer as "10 March", is the record’s slip', () => {
    const shipment = (arrival: string) => ({
      shipment_id: 'SHP-40277',
      dispatch_date: '2026-03-12',
      estimated_arrival: arrival,
      status: 'booked',
    });
    const report = ask('When will my fish arrive?', 'get_shipment', shipment('2026-03-10'), 'Due on Tuesday 10 March.');
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('estimated_arrival 2026-03-10');
    const inOrder = ask('When will my fish arrive?', 'get_shipment', shipment('2026-03-13'), 'Due on Friday 13 March.');
    expect(inOrder.findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });

  it('an order ready before it was ordered is the record’s slip', () => {
    const order = {
      order_ref: 'DB-30917',
      ordered_on: '2025-11-12',
      status: 'ready_for_collection',
      ready_on: '2025-11-03',
    };
    const report = ask('Are my glasses ready?', 'get_order_status', order, 'They have been ready since 3 November.');
    expect(report.rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
  });

  it('a hold that expires at a time before the show it holds seats for starts is a deadline, not a slip', () => {
    const hold = { hold_id: 'H-7', starts_local: '2026-03-21T19:00:00+00:00', expires_at: '2026-03-02T17:00:00Z' };
    const report = ask('Hold two seats for 21 March.', 'hold_seats', hold, 'Held for the 21 March show until 2 March.');
    expect(report.findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});

describe('upstream-data: a record marked done, dated after the run', () => {
  const runDay = Date.parse('2026-03-10T09:00:00Z');
  const history = (date: string, extra: Record<string, JsonValue> = {}) => ({
    jobs: [
      { job_id: 'J-49310', date: '2024-10-29', status: 'completed' },
      { job_id: 'J-61877', date, status: 'completed', ...extra },
    ],
  });
  const ask = (result: JsonValue) =>
    attributeRootCause(
      buildTrace(
        [
          agentSpan(
            'root',
            'When is my tank next due to be emptied?',
            'Last emptied 27 October 2026, next due October 2027.',
          ),
          toolSpan('get', 'get_service_history', { account_id: 'FD-20931' }, result),
        ].map((draft, index) => ({ ...draft, startTime: runDay + index * 10, endTime: runDay + index * 10 + 5 })),
      ),
    );

  it('a completed job dated months after the run is the record’s slip', () => {
    expect(ask(history('2026-10-27')).rootCause).toMatchObject({ spanId: 'get', layer: 'upstream-data' });
  });

  it('a completed job in the past, or a done record’s date of what comes next, is fine', () => {
    expect(ask(history('2025-10-27')).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
    const handedOver = { status: 'completed', slaughter_date: '2026-10-27', next_due_date: '2026-10-27' };
    expect(ask(handedOver).findings.some((finding) => finding.layer === 'upstream-data')).toBe(false);
  });
});
