import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { statesMultiple } from '../../../../src/attribution/rules/contradicted-figure.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { Message } from '../../../../src/model/span.js';
import { agentSpan, assistant, buildTrace, toolSpan, user } from '../build-trace.js';

function toolMessage(text: string): Message {
  return { role: 'tool', text, toolCallId: null, toolCalls: [], finishReason: null };
}

function modelSpan(id: string, input: Message[], output: string): SpanDraft {
  return { id, parentId: 'root', name: 'chat', role: 'llm', inputMessages: input, outputMessages: [assistant(output)] };
}

const quotaResult = { project: 'Aurora Analytics', vcpu_limit: 96, region: 'eu-west-1' };
const quotaRequest = 'How many vCPUs can the Aurora Analytics project use in eu-west-1?';

function quotaTrace(written: string, result: typeof quotaResult | Record<string, string | number> = quotaResult) {
  return buildTrace([
    agentSpan('root', quotaRequest),
    toolSpan('quota', 'get_compute_quota', { project: 'Aurora Analytics' }, result),
    modelSpan('llm', [user(quotaRequest), toolMessage(JSON.stringify(result))], written),
  ]);
}

describe('contradicted-figure', () => {
  it('cloud quotas: a vCPU limit the tool result states differently is the model', () => {
    const report = attributeRootCause(quotaTrace('The vCPU limit of Aurora Analytics is 128.'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '96', actual: '128' });
  });

  it('cloud quotas: the same figure rounded (within 2%) is not a contradiction', () => {
    const report = attributeRootCause(
      quotaTrace('The vCPU limit of Aurora Analytics is about 1,000.', { ...quotaResult, vcpu_limit: 985 }),
    );
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
    // 5% off is beyond rounding.
    const beyond = attributeRootCause(
      quotaTrace('The vCPU limit of Aurora Analytics is about 1,000.', { ...quotaResult, vcpu_limit: 950 }),
    );
    expect(beyond.rootCause).toMatchObject({ spanId: 'llm', rule: 'contradicted-figure' });
  });

  it('a figure missing from the model span input (another branch) is not the context it had', () => {
    const trace = buildTrace([
      agentSpan('root', quotaRequest),
      toolSpan('quota', 'get_compute_quota', { project: 'Aurora Analytics' }, quotaResult),
      modelSpan(
        'llm',
        [user(quotaRequest), toolMessage('{"project":"Aurora Analytics","region":"eu-west-1"}')],
        'The vCPU limit of Aurora Analytics is 128 in eu-west-1.',
      ),
    ]);
    expect(attributeRootCause(trace).findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });

  it('hotel bookings: a date the booking record states differently is the model', () => {
    const booking = { guest: 'Mira Olsen', hotel: 'Harbourside Inn', check_in_date: '2026-12-04', nights: 3 };
    const request = 'When is my check-in at the Harbourside Inn?';
    const trace = buildTrace([
      agentSpan('root', request),
      toolSpan('booking', 'get_booking', { reference: 'HB-4471' }, booking),
      modelSpan(
        'llm',
        [user(request), toolMessage(JSON.stringify(booking))],
        'Your check-in date at the Harbourside Inn is 2026-12-14.',
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-12-04', actual: '2026-12-14' });
  });

  it('a derived figure (the sum of two fields) is not a contradiction of either', () => {
    const invoice = { customer: 'Brightwater Utilities', water_charge: 42.5, sewer_charge: 37.5 };
    const request = 'What is the Brightwater Utilities bill this month?';
    const billTrace = (written: string) =>
      buildTrace([
        agentSpan('root', request),
        toolSpan('bill', 'get_utility_bill', { account: 'UT-5512' }, invoice),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(invoice))], written),
      ]);
    const sum = attributeRootCause(billTrace('The water and sewer charge together come to 80.00 this month.'));
    expect(sum.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
    // A figure that is no sum of the record's charges is a contradiction.
    const wrong = attributeRootCause(billTrace('The water charge is 90.00.'));
    expect(wrong.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(wrong.rootCause?.evidence[0]).toMatchObject({ expected: '42.5', actual: '90.00' });
  });

  it('the evidence names the written figure, not the word after it', () => {
    const invoice = { customer: 'Brightwater Utilities', water_charge: 42.5 };
    const request = 'What is the Brightwater Utilities water charge?';
    const trace = buildTrace([
      agentSpan('root', request),
      toolSpan('bill', 'get_utility_bill', { account: 'UT-5512' }, invoice),
      modelSpan(
        'llm',
        [user(request), toolMessage(JSON.stringify(invoice))],
        'The water charge comes to 90.00 this month.',
      ),
    ]);
    expect(attributeRootCause(trace).rootCause?.evidence[0]).toMatchObject({ expected: '42.5', actual: '90.00' });
  });

  it('a field whose only words are a currency (amount_eur) links to no sentence', () => {
    const request = 'Summarise grant GR-2210 and the travel budget.';
    const grantTrace = (grant: Record<string, string | number>) =>
      buildTrace([
        agentSpan('root', request),
        toolSpan('grant', 'get_grant', { grant_code: 'GR-2210' }, grant),
        modelSpan(
          'llm',
          [user(request), toolMessage(JSON.stringify(grant))],
          'The grant is approved. The travel budget is 3,000 EUR.',
        ),
      ]);
    const amountOnly = attributeRootCause(
      grantTrace({ grant_code: 'GR-2210', amount_eur: 45_000, status: 'approved' }),
    );
    expect(amountOnly.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
    // A field that names the travel budget is the same fact.
    const named = attributeRootCause(
      grantTrace({ grant_code: 'GR-2210', travel_budget_eur: 4500, status: 'approved' }),
    );
    expect(named.rootCause).toMatchObject({ spanId: 'llm', rule: 'contradicted-figure' });
  });

  it('a document sentence with the same unit and topic contradicts the written figure', () => {
    const policy = 'Members may borrow up to 12 books at once. A standard library loan lasts 21 days.';
    const request = 'How long does a standard library loan last?';
    const trace = buildTrace([
      agentSpan('root', request),
      {
        id: 'search',
        parentId: 'root',
        name: 'retrieve',
        role: 'retrieval',
        retrieval: { query: request, documents: [{ id: 'd1', content: policy, score: 0.9, metadata: null }] },
      },
      modelSpan('llm', [user(request), toolMessage(policy)], 'A standard library loan lasts 28 days.'),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '21 days', actual: '28 days' });
  });

  it('restaurant reservations: a party size from the request pinned on a table whose own capacity differs', () => {
    const tables = { tables: [{ table_name: 'Garden Terrace', seating_capacity: 8 }] };
    const request = 'Reserve a table for 12 guests on Friday evening.';
    const trace = buildTrace([
      agentSpan('root', request),
      toolSpan('tables', 'list_tables', { date: 'Friday' }, tables),
      modelSpan(
        'llm',
        [user(request), toolMessage(JSON.stringify(tables))],
        'The Garden Terrace has a seating capacity of 12, so it fits your party.',
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '8', actual: '12' });
  });

  it('a figure from the request that the sentence does not pin on the record is no contradiction', () => {
    const tables = { tables: [{ table_name: 'Garden Terrace', seating_capacity: 14 }] };
    const request = 'Reserve a table for 12 guests on Friday evening.';
    const trace = buildTrace([
      agentSpan('root', request),
      toolSpan('tables', 'list_tables', { date: 'Friday' }, tables),
      modelSpan(
        'llm',
        [user(request), toolMessage(JSON.stringify(tables))],
        'I reserved a table for your 12 guests on Friday evening.',
      ),
    ]);
    expect(attributeRootCause(trace).findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });
});

describe('contradicted-figure: a total the model worked out differently from the record', () => {
  const charges = {
    booking: 'ST-4410',
    days_stored: 9,
    free_days: 5,
    daily_rate: { amount: 40, currency: 'EUR' },
    total_due: { amount: 160, currency: 'EUR' },
  };
  const request = 'What storage fee is due on booking ST-4410?';

  function chargesTrace(answer: string) {
    return buildTrace([
      agentSpan('root', request, answer),
      toolSpan('fees', 'get_storage_fees', { booking: 'ST-4410' }, charges),
      // The client re-serialised the record: `160` reaches the prompt as `160.0`.
      modelSpan('llm', [user(request), toolMessage(JSON.stringify(charges).replace(/(\d)([,}])/g, '$1.0$2'))], answer),
    ]);
  }

  it('a due amount multiplied out over all days, where the record states the total, is the model', () => {
    const report = attributeRootCause(chargesTrace('9 days at EUR 40 a day, so EUR 360 is due on ST-4410.'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '160', actual: 'EUR 360' });
  });

  it("the record's own total, restated, is no contradiction", () => {
    const report = attributeRootCause(chargesTrace('4 chargeable days at EUR 40 a day: EUR 160 is due on ST-4410.'));
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });
});

describe('contradicted-figure: a date the record gives differently', () => {
  const loan = { request_id: 'LN-4471', status: 'ready', lender_due_date: '2026-12-22', renewals_allowed: 0 };
  const request = 'When is loan LN-4471 due back?';

  function loanTrace(answer: string) {
    return buildTrace([
      agentSpan('root', request, answer),
      toolSpan('loan', 'get_loan', { request_id: 'LN-4471' }, loan),
      modelSpan('llm', [user(request), toolMessage(JSON.stringify(loan))], answer),
    ]);
  }

  it('a due date written differently from the record is the model', () => {
    const report = attributeRootCause(loanTrace('It is due back on 5 January 2027.'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-12-22', actual: '5 January 2027' });
  });

  it('the record’s due date in words is no contradiction', () => {
    const report = attributeRootCause(loanTrace('It is due back on 22 December 2026.'));
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });
});

describe('contradicted-figure: a percentage applied wrongly', () => {
  const account = { client: 'Harbour Press', discount_pct: 20 };
  const prices = { item: 'IMG-7', fee_gbp: 300 };
  const request = 'Quote image IMG-7 for Harbour Press with their discount.';

  function quoteTrace(answer: string) {
    return buildTrace([
      agentSpan('root', request, answer),
      toolSpan('price', 'get_price', { item: 'IMG-7' }, prices),
      toolSpan('account', 'get_account', { client: 'Harbour Press' }, account),
      modelSpan(
        'llm',
        [user(request), toolMessage(JSON.stringify(prices)), toolMessage(JSON.stringify(account))],
        answer,
      ),
    ]);
  }

  it('a net that the stated discount does not give is the model', () => {
    const report = attributeRootCause(quoteTrace('Fee GBP 300.00, less 20% discount: net GBP 250.00 plus VAT at 20%.'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '240.00', actual: 'GBP 250.00' });
  });

  it('the right net is no finding', () => {
    const report = attributeRootCause(quoteTrace('Fee GBP 300.00, less 20% discount: net GBP 240.00 plus VAT at 20%.'));
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });

  it('a day of a date before the percentage is no base for an amount of money', () => {
    const report = attributeRootCause(
      quoteTrace('For your wedding on 30 May a 20% surcharge applies: GBP 300.00 plus GBP 60.00, GBP 360.00 in total.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });

  it('the exact net written, then rounded to whole pounds, is no slip; a figure the discount does not give is', () => {
    const hire = { boat: 'Moorhen', price_gbp: 2145 };
    const terms = { early_booking_discount_pct: 10 };
    const quoted = (answer: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Quote the Moorhen with the early-booking discount.', answer),
          toolSpan('price', 'get_price', { boat: 'Moorhen' }, hire),
          toolSpan('terms', 'get_terms', {}, terms),
          modelSpan('llm', [toolMessage(JSON.stringify(hire)), toolMessage(JSON.stringify(terms))], answer),
        ]),
      ).findings.filter((finding) => finding.rule === 'contradicted-figure');
    expect(quoted('£2,145, less the 10% discount = £1,930.50, so £1,931 in whole pounds.')).toEqual([]);
    expect(quoted('£2,145, less the 10% discount, so £1,913 in whole pounds.')).toHaveLength(1);
  });
});

describe('contradicted-figure: another number of the record the request’s figure was sent to', () => {
  it('"a table for 4" is not contradicted by the reservation’s table number 12', () => {
    const request = 'Book a table for 4 at Osteria Lume on Friday at 19:30 under Haddad.';
    const answer = 'Booked: a table for 4 at Osteria Lume on Friday at 19:30 (ref OL-0417).';
    const trace = buildTrace([
      agentSpan('root', request, answer),
      toolSpan(
        'book',
        'create_reservation',
        { venue: 'osteria-lume', party_size: 4, name: 'Haddad' },
        { reservation_id: 'OL-0417', status: 'confirmed', table: '12' },
      ),
      { id: 'model', parentId: 'root', name: 'summarise', role: 'llm', outputMessages: [assistant(answer)] },
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });

  it('a date worked out from a record date the sentence also states is no contradiction of its other dates', () => {
    const booking = { booking_id: 'HB-447', check_in: '2026-05-14', check_out: '2026-05-17', nights: 3 };
    const request = 'Until when can I cancel booking HB-447 for free?';
    const trace = (written: string) =>
      buildTrace([
        agentSpan('root', request),
        toolSpan('booking', 'get_booking', { booking_id: 'HB-447' }, booking),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(booking))], written),
      ]);
    const anchored = attributeRootCause(
      trace('You can cancel free of charge until 12 May 2026, 48 hours before check-in on Thursday 14 May.'),
    );
    expect(anchored.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
    // The record's day and month with another year is a contradiction, not the record's date.
    const shifted = attributeRootCause(trace('Your check-in is on 14 May 2027 and check-out on 17 May.'));
    expect(shifted.rootCause).toMatchObject({ spanId: 'llm', rule: 'contradicted-figure' });
  });
});

describe('contradicted-figure: what is not a figure of the record', () => {
  const billing = { credits: 0, net: 6621.32, balance: 318.4 };
  const request = 'How did our spend and balance change in October 2025?';
  const trace = (written: string) =>
    buildTrace([
      agentSpan('root', request),
      toolSpan('billing', 'get_billing', { month: '2025-10' }, billing),
      modelSpan('llm', [user(request), toolMessage(JSON.stringify(billing))], written),
    ]);
  const contradictions = (written: string) =>
    attributeRootCause(trace(written)).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it.each([
    'Net spend was $6,621.32 in October 2025, with no credits.',
    'Spend fell 6.1% with credits unchanged.',
    'The refresh on the 25th already includes the credits.',
    '€2,000.00 went into the balance (new balance €2,318.40).',
  ])('"%s"', (written) => {
    expect(contradictions(written)).toEqual([]);
  });

  it('a balance restated wrongly is still the model', () => {
    expect(attributeRootCause(trace('Your balance is €381.40.')).rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'model',
    });
  });

  it.each([
    ['Net weight 28,540 kg (28.54 t).', { gross_kg: 44020, tare_kg: 15480, specific_weight_kg_hl: 77.4 }],
    ['Runners: 12 online, 2 offline.', { runners: [{ id: 1041, status: 'online' }] }],
    ['The rollout would need 20 vCPU.', { vcpu_quota: 8 }],
  ])('"%s" against %j is no contradiction', (written, result) => {
    const request = 'What does the record say?';
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('record', 'get_record', { id: 'R-1' }, result),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(result))], written),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });

  it('a request figure that another record also states, or that the text echoes as the request wrote it, is no contradiction', () => {
    const request = 'Add 15 more seats for Woodgrove Bank and send the tote to pack station 7.';
    const subscription = { customer: 'Woodgrove Bank', seats: 40 };
    const proration = { customer: 'Woodgrove Bank', add_seats: 15, station_eta_s: 140 };
    const written = (text: string, results: Record<string, string | number>[]) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request, text),
          ...results.map((result, index) => toolSpan(`tool${index}`, `lookup_${index}`, { id: 'sub_1' }, result)),
          modelSpan('llm', [user(request), ...results.map((result) => toolMessage(JSON.stringify(result)))], text),
        ]),
      ).findings.filter((finding) => finding.rule === 'contradicted-figure');
    expect(written('Adding 15 seats for Woodgrove Bank now.', [subscription, proration])).toEqual([]);
    expect(written('Adding 15 seats for Woodgrove Bank now.', [subscription])).toHaveLength(1);
    expect(
      written('Woodgrove Bank: the tote is on its way to pack station 7, station ETA 2 min 20 s.', [proration]),
    ).toEqual([]);
  });

  it('a figure the text works out in front of the reader ("1,000 / 64 = 15.6") is arithmetic, not a reading', () => {
    const fleet = { fleet: 'casual-euw', desired: 10, active: 10, max_players_per_server: 64 };
    const written = (text: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Scale casual-euw for 1,000 players, rounding servers up.', text),
          toolSpan('fleet', 'get_fleet', { fleet: 'casual-euw' }, fleet),
          modelSpan('llm', [user('Scale casual-euw.'), toolMessage(JSON.stringify(fleet))], text),
        ]),
      ).findings.filter((finding) => finding.rule === 'contradicted-figure');
    expect(written('casual-euw needs 16 active servers (1,000 / 64 = 15.6, rounded up).')).toEqual([]);
    expect(written('At 64 players per server, 1,000 players is 15.6 active servers.')).toEqual([]);
    expect(written('casual-euw has 15.6 active servers.')).toHaveLength(1);
  });

  it('"no excursions" states `excursions: 0` in words: the sentence\'s range figures are about something else', () => {
    const summary = { shipment_id: 'SHP-5', unit: 'C', min: 2.6, max: 7.4, range: '2-8', excursions: 0 };
    const written = (text: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'What was the highest temperature on shipment SHP-5, in Fahrenheit?', text),
          toolSpan('logger', 'get_logger_summary', { shipment_id: 'SHP-5' }, summary),
          modelSpan('llm', [user('Highest temperature?'), toolMessage(JSON.stringify(summary))], text),
        ]),
      );
    const report = written(
      'The highest was 45.3 °F (7.4 °C), with no excursions outside the 2–8 °C (35.6–46.4 °F) range.',
    );
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
    expect(report.verdict).toBe('ok');
  });
});

describe('contradicted-figure: a total spread over a count the sentence names', () => {
  const quote = { hire_gbp: 646.8, total_ex_vat_gbp: 1423.45, vat_gbp: 284.69, total_inc_vat_gbp: 1708.14 };
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Quote the scaffold at 42 Elm Grove for six weeks.', answer),
        toolSpan('quote', 'calculate_quote', { weeks: 6 }, quote),
        modelSpan('llm', [toolMessage(JSON.stringify(quote))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"over the 6 weeks that works out at roughly GBP 237 a week" is the total divided, not the VAT misread', () => {
    expect(told('GBP 1,423.45 ex VAT. Over the 6 weeks that works out at roughly GBP 237 a week ex VAT.')).toEqual([]);
  });

  it('a threshold in the same sentence is no count of periods: 38 a day told as 3.8 is still read', () => {
    const count = { days: 7, total_mites: 266, avg_daily_drop: 38 };
    const answer = 'An average drop of 3.8 mites a day, below the threshold of 10 a day.';
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Do I need to treat hive 4?', answer),
        toolSpan('count', 'get_mite_count', { hive: '4' }, count),
        modelSpan('llm', [toolMessage(JSON.stringify(count))], answer),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model' });
  });

  it('a weekly figure no total of the record gives over that count is still read against the record', () => {
    expect(told('GBP 1,423.45 ex VAT. Over the 6 weeks that works out at roughly GBP 260 a week ex VAT.')).toHaveLength(
      1,
    );
  });
});

describe('contradicted-figure: an HTTP status the answer reports', () => {
  const order = { order_id: 'AC-4', attempts: 2, lines: 37, total_eur: 1284.6 };
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Place the provisioning order for the yacht.', answer),
        toolSpan('order', 'place_order', { list: 'PL-1' }, order),
        modelSpan('llm', [toolMessage(JSON.stringify(order))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"returned a temporary 503 on the first attempt" is a status code, not a count of attempts', () => {
    expect(told('Order AC-4 is confirmed. The API returned a temporary 503 on the first attempt.')).toEqual([]);
  });

  it('the same figure as a count of attempts is still read', () => {
    expect(told('Order AC-4 is confirmed after 503 attempts.')).toHaveLength(1);
  });
});

describe('contradicted-figure: an amount of money beside a ratio of the record', () => {
  const price = { beer: 'Harbour Mild', price_ex_vat_gbp: 118, vat_rate: 0.2, cask_deposit_gbp: 30 };
  const request = 'What do 5 firkins of Harbour Mild cost the pub, with VAT?';
  const quoted = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('price', 'get_trade_price', { beer: 'Harbour Mild' }, price),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(price))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('a total with VAT worked out at the record’s rate is no restatement of `vat_rate: 0.2`', () => {
    expect(
      quoted('The pub pays £858.00 in total: £590.00 ex VAT plus VAT at 20% (£708.00), plus £150.00 deposits.'),
    ).toEqual([]);
  });

  it('a price per firkin other than the record’s is still a contradiction', () => {
    expect(quoted('The firkin price ex VAT is £128.00, plus VAT at 20%.')).toHaveLength(1);
  });
});

describe('contradicted-figure: an amount beside a rate the record gives as a bare fraction', () => {
  const tariff = { commodity_code: '8483409000', duty: 0.02, vat: 0.2 };
  const request = 'What duty and import VAT will shipment SHP-4417 pay?';
  const quoted = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('tariff', 'get_tariff_rate', { commodity_code: '8483409000' }, tariff),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(tariff))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"import VAT at 20% on GBP 23,189.25 is GBP 4,637.85" restates no `vat: 0.2`', () => {
    expect(quoted('Duty at 2% is GBP 454.69, and import VAT at 20% on GBP 23,189.25 is GBP 4,637.85.')).toEqual([]);
  });

  it('a rate written other than the record’s is still a contradiction', () => {
    expect(quoted('Import VAT is charged at 0.5 of the customs value.')).toHaveLength(1);
  });
});

describe('contradicted-figure: a count measured beyond a record’s figure', () => {
  const tariff = { carrier: 'CMA CGM', free_days: 5, counting: 'calendar days' };
  const request = 'What demurrage will container CMAU 552019-4 pay if picked up on Friday?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('tariff', 'get_carrier_tariff', { carrier: 'CMDU' }, tariff),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(tariff))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"7 days past its last free day" counts from the free days, it does not restate them', () => {
    expect(told('Picked up on Friday it would be 7 days past its last free day.')).toEqual([]);
  });

  it('the free days told as another number are still a contradiction', () => {
    expect(told('The carrier gives 7 free days for this container.')).toHaveLength(1);
  });
});

describe('contradicted-figure: a rate over time beside a record’s total', () => {
  const statement = {
    account: 'PIG-41920',
    lines: [{ product: 'HYD-W', rent_days_charged: 0, rent_gbp: 0 }],
    hyd_w_daily_rent: 0.44,
  };
  const request = 'Why is there no rent on the three hydrogen cylinders on our March statement?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('statement', 'get_statement', { account: 'PIG-41920' }, statement),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(statement))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"from April expect about £1.32 a day" restates no `rent_gbp: 0`', () => {
    expect(told('No rent is due in March. From April expect about £1.32 a day in rent for the three.')).toEqual([]);
  });
});

describe('contradicted-figure: a record’s count the sentence writes in words', () => {
  const log = { trailer_id: 'RT-6604', min_c: -22.4, max_c: -18.6, defrost_cycles: 1 };
  const request = 'Did trailer RT-6604 hold -18 °C or colder on the run?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('log', 'get_temperature_log', { trailer_id: 'RT-6604' }, log),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(log))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"one defrost cycle, so it never rose above -18 °C" states `defrost_cycles: 1`; -18 °C is about something else', () => {
    expect(
      told('RT-6604 stayed between -22.4 °C and -18.6 °C (one defrost cycle), so it never rose above -18 °C.'),
    ).toEqual([]);
  });
});

describe('contradicted-figure: a stage the record names, told in everyday words', () => {
  const booking = { booking_ref: 'BK-772', depart: '05:45', return_approx: '14:30', anglers: 4 };
  const request = 'What time do we need to be at the boat for BK-772?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('booking', 'get_booking', { booking_ref: 'BK-772' }, booking),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(booking))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"ready to leave at 06:45" against `depart: 05:45` is the model', () => {
    expect(told('Please be at the pontoon ready to leave at 06:45; back around 14:30.')).toHaveLength(1);
  });

  it('the record’s own time, in the same words, is no contradiction', () => {
    expect(told('Please be at the pontoon ready to leave at 05:45; back around 14:30.')).toEqual([]);
  });
});

describe('contradicted-figure: the model’s own working', () => {
  const ticket = { ticket_id: 'HT-560117', net_kg: 23550, bushel_weight_kg: 27.2155 };
  const contract = { contract_id: 'FC-2026-09641', price_usd_per_bu: 10.42, contracted_bu: 5000, remaining_bu: 3500 };
  const request = 'How many bushels is ticket HT-560117 and what is it worth on contract FC-2026-09641?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('ticket', 'get_scale_ticket', { ticket_id: 'HT-560117' }, ticket),
        toolSpan('contract', 'get_contract', { contract_id: 'FC-2026-09641' }, contract),
        modelSpan(
          'llm',
          [user(request), toolMessage(JSON.stringify(ticket)), toolMessage(JSON.stringify(contract))],
          answer,
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('figures worked from a figure it rightly worked out first read no record', () => {
    expect(
      told(
        'Net 23,550 kg at 27.2155 kg per bushel is 865.32 bu, so on the contract at $10.42/bu the load is worth $9,016.63. That leaves 2,634.68 bu to deliver on the contract.',
      ),
    ).toEqual([]);
  });

  it('a figure worked from a first figure no working explains is still judged', () => {
    // 875.32 bu is no quotient of the ticket's figures: what the contract leaves is then the slip carried on.
    expect(
      told('Net 23,550 kg is 875.32 bu. That leaves 2,624.68 bu remaining to deliver on the contract.'),
    ).not.toEqual([]);
  });
});

describe('contradicted-figure: a rate of change over the periods the sentence names', () => {
  const lag = {
    group: 'invoice-writer',
    total_lag: 18420,
    trend: [
      { at: '16:03:50Z', lag: 31200 },
      { at: '16:05:50Z', lag: 24410 },
      { at: '16:07:50Z', lag: 18420 },
    ],
  };
  const request = 'Is invoice-writer lag on billing.events rising or falling?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('lag', 'get_consumer_lag', { group: 'invoice-writer' }, lag),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(lag))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"was 31,200 four minutes ago … about 3,200 a minute" is the change spread over the minutes', () => {
    expect(
      told('Lag is 18,420 and falling: lag was 31,200 four minutes ago, down about 3,200 messages a minute.'),
    ).toEqual([]);
  });

  it('a rate no change of the record gives is still a contradiction', () => {
    expect(
      told('Lag is 18,420 and falling: lag was 31,200 four minutes ago, down about 9,500 messages a minute.'),
    ).not.toEqual([]);
  });
});

describe('contradicted-figure: a period before an event that the terms also state', () => {
  const terms =
    '4.2 Cancellations: the £25 deposit is refunded in full if you cancel at least 48 hours before your booked launch time.';
  const request = 'If I cancel on Saturday morning for a Sunday 10:00 launch, do I get my deposit back?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        {
          id: 'terms',
          parentId: 'root',
          name: 'retrieve hire-terms',
          role: 'retrieval',
          retrieval: {
            query: 'cancel deposit refund',
            documents: [{ id: 'terms#4.2', content: terms, score: 0.9, metadata: null }],
          },
        },
        modelSpan('llm', [user(request), user(`Context:\n${terms}`)], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"cancel at least 24 hours before your launch" against the terms’ 48 hours before is the model', () => {
    expect(
      told('As long as you cancel at least 24 hours before your launch, the £25 deposit is refunded in full.'),
    ).toHaveLength(1);
  });

  it('the terms’ own period, or a period before an event the input does not state so, is no contradiction', () => {
    expect(
      told('As long as you cancel at least 48 hours before your launch, the £25 deposit is refunded in full.'),
    ).toEqual([]);
    expect(told('Saturday 09:00 is 25 hours before your launch, so you are inside the window.')).toEqual([]);
  });
});

describe('contradicted-figure: a multiple the sentence’s own figures give', () => {
  const metrics = {
    at_worst: { cache_hit_ratio: 0.091, origin_requests_per_s: 18450 },
    baseline: { origin_requests_per_s: 640 },
  };
  const request = 'How bad was the origin load at the worst minute of INC-8120?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('metrics', 'query_edge_metrics', { incident: 'INC-8120' }, metrics),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(metrics))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"18,450 requests/s, roughly 29 times its usual 640" is a ratio worked out', () => {
    expect(
      told('The origin took 18,450 requests/s, roughly 29 times its usual 640 req/s; hit ratio fell to 9.1%.'),
    ).toEqual([]);
  });

  it('a multiple the figures do not give, or a figure that is no multiple, is not excused', () => {
    expect(statesMultiple('18,450 requests/s, roughly 29 times its usual 640 req/s', '29', 29)).toBe(true);
    expect(statesMultiple('18,450 requests/s, 28.8x its usual 640 req/s', '28.8', 28.8)).toBe(true);
    expect(statesMultiple('18,450 requests/s, roughly 45 times its usual 640 req/s', '45', 45)).toBe(false);
    // Exactly, unless told as an estimate: 18,450 / 640 is 28.8, not 27.
    expect(statesMultiple('18,450 requests/s, 27 times its usual 640 req/s', '27', 27)).toBe(false);
    expect(statesMultiple('18,450 requests/s from 640 hosts, 29 each', '29', 29)).toBe(false);
  });
});

describe('contradicted-figure: an estimate worked in front of the reader', () => {
  const profile = {
    migration: '0155_backfill_order_currency',
    throttle: 'pause while replica lag > 5s',
    staging_run: { rows: 48200000, duration_s: 11559, rows_per_s: 4170 },
  };
  const stats = { table: 'orders', row_count_estimate: 620400000 };
  const request = 'How long will migration 0155 take on orders-prod?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('stats', 'get_table_stats', { table: 'orders' }, stats),
        toolSpan('profile', 'get_backfill_profile', { migration: '0155_backfill_order_currency' }, profile),
        modelSpan(
          'llm',
          [user(request), toolMessage(JSON.stringify(stats)), toolMessage(JSON.stringify(profile))],
          answer,
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"620.4 M / 4,170 ≈ 148,800 s" and the code "0155" read no record figure wrongly', () => {
    expect(
      told(
        'orders has ~620.4 million rows. The staging run of 0155 went at 4,170 rows/s, so 620.4 M / 4,170 ≈ 148,800 s, about 41 hours.',
      ),
    ).toEqual([]);
  });

  it('a rate the profile gives otherwise is still judged', () => {
    expect(
      told('orders has ~620.4 million rows. The staging run of 0155 went at 7,410 rows/s, so it takes about 23 hours.'),
    ).not.toEqual([]);
  });
});

describe('contradicted-figure: the base of a rate', () => {
  const quote = {
    renewal: { premium_gbp: 11872.2, turnover_section: { rate_per_mille: 4.2, premium_gbp: 10962 } },
    changes: 3,
  };
  const request = 'Why has my renewal premium gone up?';
  const told = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('quote', 'get_renewal_quote', { policy: 'CC-1' }, quote),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(quote))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('"£4.20 per £1,000 of turnover" quotes a rate on its base, no record figure', () => {
    expect(told('The renewal is £11,872.20: rates are unchanged at £4.20 per £1,000 of turnover.')).toEqual([]);
  });
});

describe('contradicted-figure: nothing left to pay', () => {
  const collection = (record: Record<string, string | number>) => {
    const request = 'Is my e-bike ready, and what do I owe on job CW-5190?';
    const written =
      'Bosch approved the warranty claim for the drive unit, so there is nothing to pay on collection: £0.00.';
    return attributeRootCause(
      buildTrace([
        agentSpan('root', request),
        toolSpan('claim', 'get_warranty_claim', { claim_id: 'BWC-1' }, record),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(record))], written),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');
  };

  it('"£0.00" to pay is no restatement of the amount a claim approved', () => {
    expect(collection({ claim_id: 'BWC-1', status: 'approved', approved_amount_gbp: 702 })).toEqual([]);
  });

  it('a balance the record states is contradicted by it', () => {
    expect(collection({ claim_id: 'BWC-1', status: 'approved', collection_to_pay_gbp: 90 })).toHaveLength(1);
  });
});

describe('contradicted-figure: a service charge told before the total it makes', () => {
  const menu = {
    menu: 'B',
    price_per_head_gbp: 22.5,
    service_charge_pct: 12.5,
    includes: 'sharing boards, 2 sides, dessert platter, cover charge',
  };
  const request = 'Can 14 of us have Menu B on Friday, and what will it cost?';
  const told = (charge: string) => {
    const answer = `Menu B is £22.50 per head, so for 14 people that's £315.00, plus the 12.5% service charge of ${charge}, £354.38 in total (cover charge included).`;
    return attributeRootCause(
      buildTrace([
        agentSpan('root', request, answer),
        toolSpan('menu', 'get_group_menu', { menu: 'B' }, menu),
        modelSpan('llm', [user(request), toolMessage(JSON.stringify(menu))], answer),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');
  };

  it('the share itself (12.5% of £315.00 is £39.38) is no slip, nor a restatement of the "2" in `includes`', () => {
    expect(told('£39.38')).toEqual([]);
  });

  it('a share the rate does not give is still the model', () => {
    expect(told('£49.38')).toHaveLength(1);
  });
});

describe('contradicted-figure: a figure in a record phrase far from the one written', () => {
  it('"125 portions" is no restatement of the "1 in" in `portion: "finger (1 x 1 in, 4 in deep)"`', () => {
    const tiers = [
      { size_in: 6, portions: 20 },
      { size_in: 8, portions: 40 },
      { size_in: 10, portions: 65 },
    ];
    const guide = { shape: 'round', portion: 'finger (1 x 1 in, 4 in deep)', tiers };
    const request = 'How many portions does a three-tier give?';
    const told = (answer: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request, answer),
          toolSpan('guide', 'get_portion_guide', { shape: 'round' }, guide),
          modelSpan('llm', [user(request), toolMessage(JSON.stringify(guide))], answer),
        ]),
      ).findings.filter((finding) => finding.rule === 'contradicted-figure');
    expect(told('The three tiers give 20 + 40 + 65 = 125 finger portions of 1 x 1 in.')).toEqual([]);
  });
});
