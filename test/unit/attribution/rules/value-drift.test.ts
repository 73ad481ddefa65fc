import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, modelCallRun, toolCall, toolSpan } from '../build-trace.js';

describe('value-drift', () => {
  it('DevOps: a dropped digit in a ticket ID, written by the model, is tool-args at the model span', () => {
    const trace = buildTrace([
      agentSpan('root', 'Close incident INC-20417 as resolved.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('close_incident', { incident: 'INC-2047' })])],
      },
      toolSpan('tool', 'close_incident', { incident: 'INC-2047' }, { ok: true }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'INC-20417', actual: 'INC-2047' });
    expect(report.blastRadius.map((entry) => entry.spanId)).toContain('tool');
  });

  it('scheduling: a duration ten times the request is a decimal shift', () => {
    const trace = buildTrace([
      agentSpan('root', 'Block 45 minutes for the design review on Friday.'),
      toolSpan('tool', 'create_event', { title: 'design review', duration_minutes: 450 }, { id: 'evt_1' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'tool', layer: 'tool-args' });
    expect(report.rootCause?.summary).toContain('decimal shift');
  });

  it('RAG: a number the model changed from its context is a model fault', () => {
    const trace = buildTrace([
      agentSpan('root', 'How long are invoices kept?'),
      {
        id: 'retrieve',
        parentId: 'root',
        name: 'retrieve',
        role: 'retrieval',
        retrieval: {
          query: 'invoice retention',
          documents: [{ id: 'd1', content: 'Invoices are kept for 7 years (84 months).', score: 0.9, metadata: null }],
        },
      },
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('Invoices are kept for 48 months.')],
      },
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model' });
  });

  it('stays quiet when every argument has an exact source, including values from earlier results', () => {
    const trace = buildTrace([
      agentSpan('root', 'Refund the last order of customer cus_4471', 'Refunded order 99812 for cus_4471.'),
      toolSpan('find', 'list_orders', { customer: 'cus_4471' }, { orders: [{ id: '99812', total: 120.5 }] }),
      toolSpan('refund', 'issue_refund', { order_id: '99812', amount: 120.5 }, { ok: true }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.verdict).toBe('ok');
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });

  it('does not treat small unrelated numbers as a decimal shift', () => {
    const trace = buildTrace([
      agentSpan('root', 'Show the 5 newest tickets for team 30.', 'Here are 5 tickets.'),
      toolSpan('search', 'search_tickets', { team: 30, limit: 50 }, { tickets: [] }),
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });

  it('travel: the right amount in the wrong currency is a drift of the tool arguments', () => {
    const trace = buildTrace([
      agentSpan('root', 'Book the Lisbon hotel, the rate is 240 EUR per night.'),
      toolSpan('book', 'book_hotel', { city: 'Lisbon', price_usd: 240 }, { booking: 'BK-7781' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'book', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.summary).toContain('other currency');
  });

  it('does not call two counts of different things a unit drift', () => {
    const trace = buildTrace([
      agentSpan('root', 'Add 5 seats to the Acme plan.', 'Added 5 seats.'),
      toolSpan('add', 'add_seats', { plan: 'Acme', seats: 5 }, { ok: true, items: 5 }),
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });

  it('a date worked out from "Saturday" is not a typo of today\'s date', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Book me a viewing of the flat on Saturday at 11am.',
        'Booked for Saturday 2026-11-28 at 11:00.',
      ),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        systemInstructions: 'Today is 2026-11-25. Book viewings in the agent calendar.',
        outputMessages: [assistant('', [toolCall('book_viewing', { start: '2026-11-28T11:00' })])],
      },
      toolSpan('book', 'book_viewing', { start: '2026-11-28T11:00' }, { booking: 'VW-2210' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });

  it('a date with two digits swapped is a drift', () => {
    const trace = buildTrace([
      agentSpan('root', 'Move the audit to 2026-12-13.'),
      toolSpan('move', 'reschedule_audit', { date: '2026-12-31' }, { ok: true }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'move', layer: 'tool-args' });
  });

  it('retail: an identifier that lost its size qualifier drifted; the full identifier is fine', () => {
    const request = 'Reserve 3 units of jacket JK-2210-XL for the Leeds store.';
    const drifted = buildTrace([
      agentSpan('root', request),
      toolSpan('tool', 'reserve_stock', { sku: 'JK-2210', quantity: 3, store: 'leeds' }, { reserved: 3 }),
    ]);
    const report = attributeRootCause(drifted);
    expect(report.rootCause).toMatchObject({ spanId: 'tool', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'JK-2210-XL', actual: 'JK-2210' });
    const faithful = buildTrace([
      agentSpan('root', request),
      toolSpan('tool', 'reserve_stock', { sku: 'JK-2210-XL', quantity: 3, store: 'leeds' }, { reserved: 3 }),
    ]);
    expect(attributeRootCause(faithful).rootCause).toBeNull();
  });
  it('DevOps: INC-20417 copied as INC-2041 is still a dropped character, not a dropped qualifier', () => {
    const trace = buildTrace([
      agentSpan('root', 'Escalate incident INC-20417 to the printer fleet team.'),
      toolSpan('tool', 'escalate_incident', { incident: 'INC-2041', team: 'printer-fleet' }, { ok: true }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'tool', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'INC-20417', actual: 'INC-2041' });
    expect(report.rootCause?.summary).toContain('(dropped character)');
    expect(report.findings.find((finding) => finding.rule === 'value-drift')?.message).toContain('(dropped character)');
  });

  it('courier rounds: an identifier whose long last segment was cut (ORDER-55120-77812 as ORDER-55120) is no dropped qualifier', () => {
    const trace = buildTrace([
      agentSpan('root', 'Add parcel ORDER-55120-77812 to courier round C-12 for tomorrow.'),
      toolSpan('tool', 'add_to_round', { parcel: 'ORDER-55120', round: 'C-12' }, { ok: true }),
    ]);
    const report = attributeRootCause(trace);
    const qualifierDrifts = report.findings.filter(
      (finding) => finding.rule === 'value-drift' && finding.message.includes('dropped qualifier'),
    );
    expect(qualifierDrifts).toEqual([]);
    expect(report.rootCause?.summary ?? '').not.toContain('dropped qualifier');
    // The same trace with a short final segment is a dropped qualifier: the check above can fail.
    const short = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Add parcel ORDER-55120-77 to courier round C-12 for tomorrow.'),
        toolSpan('tool', 'add_to_round', { parcel: 'ORDER-55120', round: 'C-12' }, { ok: true }),
      ]),
    );
    expect(short.rootCause).toMatchObject({ spanId: 'tool', layer: 'tool-args', rule: 'value-drift' });
    expect(short.rootCause?.summary).toContain('(dropped qualifier)');
  });
});

describe('value-drift: a date a day off the one the user wrote', () => {
  it('a search for the next day of a written date is tool-args at the span that wrote it', () => {
    const trace = buildTrace([
      agentSpan('root', 'Book a table for four on Friday 6 March 2026 at 19:30.'),
      toolSpan('search', 'find_tables', { date: '2026-03-07', party_size: 4, time: '19:30' }, { tables: ['T4'] }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '6 March 2026', actual: '2026-03-07' });
  });

  it('a local timestamp with its offset, away from midnight, a day off the written date is a drift', () => {
    const request = 'Book the microscope for Thursday 14 May 2026, 09:00-13:00.';
    const booking = (start: string) =>
      buildTrace([agentSpan('root', request), toolSpan('book', 'create_booking', { start }, { booking: 'BK-1' })]);
    expect(attributeRootCause(booking('2026-05-15T09:00:00+01:00')).rootCause).toMatchObject({
      spanId: 'book',
      layer: 'tool-args',
    });
    // In UTC, or near midnight, the day can move with the time zone alone.
    for (const start of ['2026-05-15T09:00:00Z', '2026-05-15T00:30:00+01:00'])
      expect(attributeRootCause(booking(start)).findings.some((finding) => finding.rule === 'value-drift')).toBe(false);
  });

  it('a stay that starts on the written date and ends the next day is no drift', () => {
    const trace = buildTrace([
      agentSpan('root', 'Book one night at the Harbour Inn on 6 March 2026.'),
      toolSpan('book', 'book_room', { hotel: 'Harbour Inn', check_in: '2026-03-06', nights: 1 }, { ok: true }),
      toolSpan('confirm', 'send_confirmation', { arrival: '2026-03-06', leaving: '2026-03-07' }, { ok: true }),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.rule === 'value-drift')).toBe(false);
  });

  it('a one-day step the instructions prescribe ("settlement day + 1 business day") is taken, not slipped', () => {
    const statement = (instructions: string) =>
      attributeRootCause(
        buildTrace([
          {
            ...agentSpan('root', 'Match the card settlement for Tuesday 8 September 2026 against the bank.'),
            systemInstructions: instructions,
          },
          toolSpan('bank', 'get_statement', { account: 'ops', date: '2026-09-09' }, { lines: [] }),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(statement('Fetch the statement for the credit date: settlement day + 1 business day.')).toEqual([]);
    expect(statement('Funds arrive T+1; fetch that statement.')).toEqual([]);
    expect(statement('Fetch the statement for the next working day.')).toEqual([]);
    expect(statement('Fetch the statement for the settlement day.')).toHaveLength(1);
  });

  it('a forecast for the next day, which a later booking gives as its delivery date, is that date', () => {
    const shipped = (delivery: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Ship order OR-4 on Tuesday 17 November 2026 by overnight courier.'),
          toolSpan('forecast', 'get_forecast', { city: 'Duluth', date: '2026-11-18' }, { low_c: 3 }),
          toolSpan(
            'book',
            'book_shipment',
            { order: 'OR-4', ship_date: '2026-11-17' },
            { shipment: 'S-1', estimated_delivery: delivery },
          ),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(shipped('2026-11-18T10:30:00-06:00')).toEqual([]);
    expect(shipped('2026-11-19T10:30:00-06:00')).toHaveLength(1);
  });

  it('a list of dates that holds the written one adds its neighbour; the neighbour alone is a drift', () => {
    const lookup = (dates: string[]) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Is there room on the harbour cruise on Sunday 8 March 2026?'),
          toolSpan('cruise', 'get_sailings', { route: 'harbour', dates }, { sailings: [] }),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(lookup(['2026-03-08', '2026-03-15'])).toEqual([]);
    expect(lookup(['2026-03-15'])).toHaveLength(1);
    expect(lookup(['2026-03-15', '2026-03-22'])).toHaveLength(1);
  });
});

describe('value-drift: a measure copied in another unit', () => {
  it('dimensions recorded in centimetres written as inches are the model span', () => {
    const record = { object: 'OBJ-5521', dimensions: { height_cm: 40.5, width_cm: 22.5 } };
    const trace = buildTrace([
      agentSpan('root', 'Write the label for object OBJ-5521 with its size.'),
      toolSpan('get', 'get_object', { object: 'OBJ-5521' }, record),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('OBJ-5521, height 40.5 in\nwidth 22.5 in')],
      },
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'value-drift' });
    expect(report.rootCause?.summary).toContain('other unit');
  });

  it('a figure carried across a rate the request names ("1 g/kg" for a 6.5 kg lamb) is the dose, not a slip', () => {
    const dosed = (request: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request),
          toolSpan('order', 'create_dose_order', { animal: 'L-12', directions: 'Give 6.5 g once' }, { order: 'D-4' }),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(dosed('Dose lamb L-12, 6.5 kg, with the wormer at 1 g/kg.')).toEqual([]);
    expect(dosed('Dose lamb L-12, 6.5 kg, with the wormer.')).toHaveLength(1);
  });
});

describe('value-drift: grams told as kilograms', () => {
  it('a recipe recorded in grams (`flour_g: 18000`) told as 18 kg is converted, not shifted', () => {
    const told = (answer: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Scale the rye loaf to 40 loaves and give me the flour in kg.', answer),
          toolSpan('scale', 'scale_recipe', { recipe: 'rye', loaves: 40 }, { flour_g: 18000, water_g: 12600 }),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(told('Flour 18 kg, water 12.6 kg.')).toEqual([]);
    expect(told('Flour 1.8 kg, water 12.6 kg.')).toHaveLength(1);
  });
});

describe('value-drift: an amount stated in another currency than its record’s', () => {
  const rates = { hotel: 'HV-BRS', currency: 'GBP', nights: 2, total: 284 };
  function quoted(instructions: string, answer: string) {
    return buildTrace([
      { ...agentSpan('root', 'How much are two nights at HV-BRS?', answer), systemInstructions: instructions },
      toolSpan('rates', 'get_room_rates', { hotel: 'HV-BRS', nights: 2 }, rates),
      { id: 'model', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
    ]);
  }

  it('€284 for a GBP 284 total is the model’s drift, or the instructions’ when they fix the euro', () => {
    expect(
      attributeRootCause(quoted('Quote room prices briefly.', 'Two nights come to €284.')).rootCause,
    ).toMatchObject({
      spanId: 'model',
      layer: 'model',
    });
    expect(
      attributeRootCause(quoted('All rates are in euros: quote prices with the € sign.', 'Two nights come to €284.'))
        .rootCause,
    ).toMatchObject({ spanId: 'root', layer: 'instruction' });
  });

  it('the record’s own currency is fine, and its currency does not make the night count an amount', () => {
    const report = attributeRootCause(quoted('Quote room prices briefly.', 'Two nights come to £284.'));
    expect(report.verdict).toBe('ok');
  });
});

describe('value-drift: a negative record line stated as a deduction', () => {
  const subscriptions = {
    lines: [
      { item: 'Adult membership', amount: 240 },
      { item: 'Family discount', amount: -43 },
    ],
    total: 197,
  };

  function answered(text: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'What do I owe for the 2026 family membership, member 5512?'),
        toolSpan('subs', 'get_family_subs', { member_id: '5512' }, subscriptions),
        { id: 'model', name: 'chat', role: 'llm', outputMessages: [assistant(text)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');
  }

  it('"less the £43 family discount" states the sign in words', () => {
    expect(answered('You owe £197: £240 for the adult membership, less the £43 family discount.')).toEqual([]);
  });

  it('"£43 is being refunded" and "a refund of £43" state the sign in words too', () => {
    expect(answered('The discount means £43 is being refunded to your card.')).toEqual([]);
    expect(answered('You will get a refund of £43 for the family discount.')).toEqual([]);
  });

  it('"reduces the total by £43" and "a cut of £43" state the sign in words too', () => {
    expect(answered('The family discount reduces the total by £43, so you owe £197.')).toEqual([]);
    expect(answered('With a cut of £43 for the family discount you owe £197.')).toEqual([]);
  });

  it('the same figure added as a charge is a sign flip', () => {
    expect(answered('You owe £197: £240 for the adult membership and a £43 joining charge.')).toHaveLength(1);
  });
});

describe('value-drift: a negative height told as the depth below a datum', () => {
  it('"-0.2 m, which means 0.2 m below chart datum" states the sign in words', () => {
    const findings = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Will there be enough water at low tide on Monday?'),
        toolSpan(
          'tides',
          'get_tide_predictions',
          { station: 'fairhaven' },
          { events: [{ type: 'LW', height_m: -0.2 }] },
        ),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          outputMessages: [
            assistant('Low water is -0.2 m, which means 0.2 m below chart datum, so 1.9 m at the berth.'),
          ],
        },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(findings).toEqual([]);
  });
});

describe('value-drift: a code of digits repeated as a number', () => {
  it('a key-safe code 4719 told to the guest as 4791 is the model’s transposition', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'What is the key safe code for booking HC-20931?'),
        toolSpan('access', 'get_access_details', { booking: 'HC-20931' }, { key_safe_code: '4719', parking: 'bay 2' }),
        { id: 'model', name: 'chat', role: 'llm', outputMessages: [assistant('The code is 4791. Park in bay 2.')] },
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '4719', actual: '4791' });
  });

  it('workshop controllers: the requested degrees sent with the other unit field is a unit drift at the call', () => {
    const trace = buildTrace([
      agentSpan('root', 'Set oven 3 to 180 °C for the bake at 14:00.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('set_oven', { oven: 3, target: 180, unit: 'F', start: '14:00' })])],
      },
      toolSpan('tool', 'set_oven', { oven: 3, target: 180, unit: 'F', start: '14:00' }, { accepted: true }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '180 °C', actual: '180 °F' });
  });

  it('the same call with the unit the request used is supported', () => {
    const trace = buildTrace([
      agentSpan('root', 'Set oven 3 to 180 °C for the bake at 14:00.'),
      toolSpan('tool', 'set_oven', { oven: 3, target: 180, unit: 'C', start: '14:00' }, { accepted: true }),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });

  it('an amount that is a stated percentage of another is derived, not a decimal shift', () => {
    const trace = (answer: string, creditPercent: number) =>
      buildTrace([
        agentSpan('root', 'What SLA credit does cus_KF2 get for October?', answer),
        toolSpan(
          'contract',
          'get_contract',
          { customer: 'cus_KF2' },
          { customer: 'cus_KF2', monthly_fee: 2400, currency: 'USD', credit_pct: creditPercent },
        ),
      ]);
    expect(attributeRootCause(trace('The credit is $240.00.', 10)).findings).not.toContainEqual(
      expect.objectContaining({ rule: 'value-drift' }),
    );
    const slipped = attributeRootCause(trace('The credit is $240.00.', 25));
    expect(slipped.findings).toContainEqual(expect.objectContaining({ rule: 'value-drift' }));
  });

  it('building supplies: quantity and bar size swapped between their fields is a unit drift at the call', () => {
    const args = { grade: 'B500B', diameter_mm: 16, quantity_t: 12 };
    const trace = buildTrace([
      agentSpan('root', 'Order 16 tonnes of 12 mm B500B rebar.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('place_order', args)])],
      },
      toolSpan('tool', 'place_order', args, { order: 'NB-1' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'tool-args',
      rule: 'value-drift',
    });
    const right = { grade: 'B500B', diameter_mm: 12, quantity_t: 16 };
    expect(
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Order 16 tonnes of 12 mm B500B rebar.'),
          toolSpan('tool', 'place_order', right, { order: 'NB-1' }),
        ]),
      ).verdict,
    ).toBe('ok');
  });

  it('a not-found answer that lists look-alike codes for the user to check claims none of them', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Pull up the record for ear tag 300118.'),
        toolSpan('lookup', 'get_passport', { ear_tag: '300118' }, { error: 'not found' }),
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [
            assistant("I couldn't find tag 300118. Did you mean 300112 or 300119? Please check the tag."),
          ],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });

  it('a code with leading zeros sent in a number field is the same value', () => {
    const sent = (read: string | number) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Please submit my meter reading 045127 for meter 21L4410958.'),
          toolSpan('tool', 'submit_meter_read', { meter_serial: '21L4410958', read }, { accepted: true }),
        ]),
      );
    expect(sent(45127).findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
    expect(sent(45127).verdict).toBe('ok');
  });

  it('a booking moved to the day the request names ("Sunday, the next day") is not a day off the old date', () => {
    const moved = (request: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request),
          toolSpan('tool', 'modify_booking', { booking_ref: 'BK-90442', date: '2026-05-10' }, { status: 'confirmed' }),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(moved('Move my booking BK-90442 (Sat 9 May 2026) to Sunday lunch at 13:00.')).toEqual([]);
    expect(moved('Move my booking BK-90442 (Sat 9 May 2026) to lunch the next day.')).toEqual([]);
    expect(moved('Change the party size of booking BK-90442 on Sat 9 May 2026 to 6.')).toHaveLength(1);
  });
});

describe('value-drift: a source named like the asked thing', () => {
  const request = 'How many spans did otelcol-agent in prod-ap-1 refuse during the spike?';
  const drifts = (args: Record<string, string | number>) =>
    modelCallRun(request, args).findings.filter((finding) => finding.rule === 'value-drift');

  it('`datasource: prom-ap-1` beside a query that names prod-ap-1 itself is no drift', () => {
    expect(drifts({ datasource: 'prom-ap-1', query: 'sum(refused{cluster="prod-ap-1"})' })).toEqual([]);
  });

  it('the same look-alike as the cluster itself, with the asked name nowhere in the call, is a drift', () => {
    expect(drifts({ cluster: 'prom-ap-1', query: 'sum(refused)' })).toHaveLength(1);
  });
});

describe('value-drift: two calls of one tool, the asked one and its neighbour', () => {
  const request = 'How much did last night’s snapshot nightly-2026.05.19 add to the repository?';
  const compared = (calls: Record<string, string>[]) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request, 'It added 37.2 GB.'),
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [
            assistant(
              '',
              calls.map((args) => toolCall('get_snapshot_status', args)),
            ),
          ],
        },
        ...calls.map((args, index) => toolSpan(`tool-${index}`, 'get_snapshot_status', args, { state: 'SUCCESS' })),
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');

  it('the asked snapshot and the night before, written together, compare; the neighbour alone is a drift', () => {
    expect(compared([{ snapshot: 'nightly-2026.05.19' }, { snapshot: 'nightly-2026.05.18' }])).toEqual([]);
    expect(compared([{ snapshot: 'nightly-2026.05.18' }])).toHaveLength(1);
  });
});

describe('value-drift: a discount the record keeps as a negative line', () => {
  it('"less the 5% volume discount (£106.93)" against `discount_gbp: -106.93` is its size, not a sign flip', () => {
    const quote = { qty: 47, line_gbp: 2138.5, discount_gbp: -106.93, total_gbp: 2031.57 };
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Quote me lick tubs for 120 cows.',
          'Quote: 47 x £45.50 = £2,138.50, less the 5% volume discount (£106.93), total £2,031.57.',
        ),
        toolSpan('quote', 'create_quote', { qty: 47 }, quote),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('value-drift: a product written rounded beside its factors', () => {
  function sized(answer: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'My old tank is 30 gallons. Which new tank is at least as big?'),
        toolSpan(
          'search',
          'search_tanks',
          { min_litres: 137 },
          { results: [{ sku: 'TK-210', litres: 210, price_gbp_ex_vat: 1364 }] },
        ),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(answer)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');
  }

  it('"30 x 4.546 = 136.4 L" is the product to its written decimal, not a shifted £1,364', () => {
    expect(
      sized('30 gallons is about 136 litres (30 x 4.546 = 136.4 L), so TK-210 (210 litres) is big enough.'),
    ).toEqual([]);
  });

  it('a product its written factors do not give is still a decimal shift', () => {
    expect(
      sized('30 gallons is about 136 litres (30 x 5.546 = 136.4 L), so TK-210 (210 litres) is big enough.'),
    ).toHaveLength(1);
  });
});

describe('value-drift: a bare figure in the unit its text works in', () => {
  function overhang(answer: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'The window is 2032 mm wide. I want the rail to run 15 cm past it on each side. How long?'),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(answer)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');
  }

  it('"2032 + 2 × 150 = 2332 mm" writes the 15 cm in millimetres', () => {
    expect(overhang('2032 + 2 × 150 = 2332 mm, so order the 2400 mm rail.')).toEqual([]);
  });

  it('the bare figure in a text that works in no other unit is still a decimal shift', () => {
    expect(overhang('Add 150 on each side, so order a long rail.')).toHaveLength(1);
  });
});

describe('value-drift: a difference of two figures the text writes', () => {
  function left(answer: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'What is left to pay on job J-88 after the trade-in?'),
        toolSpan('quote', 'get_trade_in_quote', { model: 'Phone 8' }, { grade_a_gbp: 340, deduction_pct: 25 }),
        toolSpan('job', 'get_job', { job_id: 'J-88' }, { job_id: 'J-88', invoice_total_gbp: 289 }),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(answer)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');
  }

  it('"£289.00 less the £255.00 credit leaves £34.00" is worked out, not a shifted £340', () => {
    expect(left('Your credit is £255.00. Against the £289.00 invoice that leaves £34.00 to pay.')).toEqual([]);
  });

  it('a tenth of the quote that no two figures of the text give is still a decimal shift', () => {
    expect(left('Your credit is £250.00. Against the £289.00 invoice that leaves £34.00 to pay.')).toHaveLength(1);
  });
});
