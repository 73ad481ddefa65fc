import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import {
  agentSpan,
  assistant,
  buildTrace,
  retrievalSpan,
  retrievedDocument,
  toolCall,
  toolSpan,
} from '../build-trace.js';

/** Shapes of healthy runs that once read as failures, each in its own domain. */
describe('healthy runs that must stay quiet', () => {
  it('a field named "… on behalf of" is not the field "of": "statement of Dana" names no value for it', () => {
    const request = 'File the signed statement of Priya Nair (DMS 4471 v2) in claim HC-2026-000981.';
    const call = { case_number: 'HC-2026-000981', doc_id: '4471', filed_on_behalf_of: 'Defendant' };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', request, 'Filed: envelope ENV-11 in HC-2026-000981.'),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('efile_document', call)])],
        },
        toolSpan('file', 'efile_document', call, { envelope_id: 'ENV-11', status: 'submitted' }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-argument')).toEqual([]);
  });

  it('instructions that define a unit ("1 GB = 1024 MB") state no figure a record contradicts', () => {
    const report = attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'How much data have I used?', 'You have used 14.5 GB of your 30 GB allowance.'),
          systemInstructions: 'Report data in GB (1 GB = 1024 MB), rounded to one decimal place.',
        },
        toolSpan('usage', 'get_usage', { line: 'L-1' }, { data_used_mb: 14848, bundle_mb: 30720 }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'instruction-conflict')).toEqual([]);
    expect(report.verdict).not.toBe('failed');
  });

  it('a window query whose total sums the events inside it is no miscomputed duration', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'How long was kiln 2 stopped last night?', 'Kiln 2 was stopped for 25 minutes.'),
        toolSpan(
          'stops',
          'get_stoppages',
          { kiln: 'K2', from: '2026-04-01T20:00:00Z', to: '2026-04-02T04:00:00Z' },
          {
            total_minutes: 25,
            events: [
              { start: '2026-04-01T22:10:00Z', end: '2026-04-01T22:25:00Z', minutes: 15 },
              { start: '2026-04-02T01:00:00Z', end: '2026-04-02T01:10:00Z', minutes: 10 },
            ],
          },
        ),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'miscomputed-duration')).toEqual([]);
  });

  it('a window query that returns a total other than its window, with no events, still is one', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'How long was the lease active?', 'It was active for 60 hours.'),
        toolSpan(
          'lease',
          'get_lease_time',
          { from: '2026-04-01T06:00:00Z', to: '2026-04-04T18:00:00Z' },
          { total_hours: 60 },
        ),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'miscomputed-duration')).toHaveLength(1);
  });

  it('a query language’s lookback (`earliest=-24h`) is how "the last 24 hours" is written, not a sign flip', () => {
    const request = 'How many failed logins did svc-sync have in the last 24 hours?';
    const query = { query: 'index=auth user=svc-sync earliest=-24h | stats count' };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', request, 'svc-sync had 3 failed logins in the last 24 hours.'),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('run_search', query)])],
        },
        toolSpan('search', 'run_search', query, { count: 3 }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('span errors: a host name that did not resolve is infrastructure', () => {
  it('a connection error from name resolution', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Check me in on flight BA0432.', 'Check-in failed: the airline system could not be reached.'),
        toolSpan('checkin', 'online_checkin', { flight: 'BA0432' }, null, {
          id: 'checkin',
          name: 'x',
          status: { code: 'error', message: 'httpx.ConnectError: [Errno -3] Temporary failure in name resolution' },
        }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'checkin', layer: 'infrastructure' });
  });
});

describe('value-drift: signs and weeks', () => {
  const planCall = { account: '5512093', amount_gbp: 236.4, instalments: 6 };
  const debtRun = (balance: number) =>
    buildTrace([
      agentSpan('root', 'Can I pay what I owe on account 5512093 over 6 months?', 'Your 6-month plan is set up.'),
      toolSpan('balance', 'get_balance', { account: '5512093' }, { account: '5512093', balance_gbp: balance }),
      {
        id: 'model',
        name: 'chat',
        role: 'llm',
        parentId: 'root',
        outputMessages: [assistant('', [toolCall('create_payment_plan', planCall)])],
      },
      toolSpan('plan', 'create_payment_plan', planCall, { plan_id: 'PP-1' }),
    ]);

  it('the size of a negative balance, spread as a payment plan, is no sign flip', () => {
    expect(attributeRootCause(debtRun(-236.4)).findings.filter((finding) => finding.rule === 'value-drift')).toEqual(
      [],
    );
  });

  it('a positive figure sent negative still is one', () => {
    const refund = { order: 'A-1', amount_gbp: -58 };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Refund order A-1.', 'Refunded.'),
        toolSpan('order', 'get_order', { order: 'A-1' }, { order: 'A-1', total_gbp: 58 }),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('refund', refund)])],
        },
        toolSpan('refund', 'refund', refund, { ok: true }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', rule: 'value-drift' });
  });

  const booking = (date: string, request: string) => {
    const call = { venue: 'Riverside court 3', date };
    return buildTrace(
      [
        agentSpan('root', request, 'Court 3 is booked for you.'),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('book_court', call)])],
        },
        toolSpan('book', 'book_court', call, { booking: 'B-77' }),
      ],
      { withTimes: false },
    );
  };

  it('the asked weekday a week early ("Saturday 14 March 2026" sent as the 7th) is a drift at the call', () => {
    const report = attributeRootCause(booking('2026-03-07', 'Book Riverside court 3 for Saturday 14 March 2026.'));
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]?.actual).toBe('2026-03-07');
  });

  it('a date the request writes itself ("moved from 7 March to 14 March") is quiet', () => {
    const report = attributeRootCause(
      booking('2026-03-07', 'Move my Riverside court 3 booking from 7 March to Saturday 14 March 2026.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });

  it('a request that moves the date by weeks itself is quiet', () => {
    const report = attributeRootCause(
      booking('2026-03-07', 'My match on Saturday 14 March 2026 moved to the week before: book court 3 for it.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('retrieval-off-topic: a query the run built from the records it read', () => {
  const documents = [
    retrievedDocument(
      'policy#lapsed',
      'If a warranty has lapsed, an extension cannot be bought; a repair quote is issued instead.',
      0.8,
    ),
  ];
  const run = (query: string, status: string) =>
    buildTrace([
      agentSpan(
        'root',
        'Can you sort out my boiler cover for plan BC-4471?',
        'Your cover lapsed, so we sent a repair quote.',
      ),
      toolSpan('plan', 'get_plan', { plan: 'BC-4471' }, { plan: 'BC-4471', warranty: status, extension: 'none' }),
      retrievalSpan('search', query, documents),
    ]);

  it('documents that answer a query made of the record’s words are on topic', () => {
    const report = attributeRootCause(run('warranty lapsed extension repair quote', 'lapsed'));
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-off-topic')).toEqual([]);
  });

  it('documents that share nothing with the request or the query are off topic', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Can you sort out my boiler cover for plan BC-4471?', 'Your cover lapsed.'),
        retrievalSpan('search', 'boiler cover plan renewal price', [
          retrievedDocument('menu', 'Our canteen serves soup and sandwiches from noon.', 0.4),
        ]),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-off-topic')).toHaveLength(1);
  });
});

describe('value-drift: figures restated, not drifted', () => {
  const answered = (result: Record<string, string | number>, text: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'What did the run measure?'),
        toolSpan('read', 'get_measurement', { lot: 'L-1' }, result),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');

  it('a figure in another unit with the source written beside it ("2.04 nm (20.4 Å)")', () => {
    expect(answered({ units: 'angstrom', mean: 20.4 }, 'The mean thickness was 2.04 nm (20.4 Å).')).toEqual([]);
  });

  it('a payment API’s minor units told in major ones (`amount: 48000` as "$480.00")', () => {
    expect(answered({ amount: 48000, currency: 'usd' }, 'The captured charge was $480.00.')).toEqual([]);
  });

  it('a figure in a unit of another dimension ("20 min" of a boil beside a 20 L batch)', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Scale my stout recipe to a 20 L batch.'),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('Boil for 20 min, then chill.')],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });

  it('the same figure shifted with no restatement beside it is still a drift', () => {
    expect(answered({ mean_mm: 20.4 }, 'The mean thickness was 2.04 mm.')).toHaveLength(1);
  });

  it('a rate between two currencies (`fx_rate_usd_per_eur`) is in neither currency', () => {
    const call = { invoice: 'INV-9', fx_rate_usd_per_eur: 1.0885 };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Post invoice INV-9 in EUR at the ECB rate.', 'Posted.'),
        toolSpan('rate', 'get_ecb_rate', { pair: 'EURUSD' }, { rate: 1.0885 }),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('post_invoice', call)])],
        },
        toolSpan('post', 'post_invoice', call, { ok: true }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('requests that name a day relative to another', () => {
  it('"move it to the next afternoon you have" chooses the day after on purpose', () => {
    const call = { survey: 'DS-4', from: '2026-03-18' };
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'My damp survey is booked for Tuesday 17 March in the morning. Can you move it to the next afternoon you have?',
          'Moved to Wednesday 18 March, 13:00-17:00.',
        ),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('find_slots', call)])],
        },
        toolSpan('slots', 'find_slots', call, { slots: ['2026-03-18T13:00'] }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('more healthy shapes that must stay quiet', () => {
  it('a request inside a call that failed with it, when the call was retried, is recovered', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Refresh the orbital elements for SAT-2 and give me its next pass.',
          'Next pass at 14:02 UTC.',
        ),
        toolSpan('fetch1', 'fetch_tle', { norad: 58112 }, null, {
          id: 'fetch1',
          name: 'x',
          status: { code: 'error', message: '503 Service Unavailable' },
        }),
        {
          id: 'get1',
          parentId: 'fetch1',
          name: 'GET',
          role: 'http',
          httpStatus: 503,
          status: { code: 'error', message: null },
        },
        toolSpan('fetch2', 'fetch_tle', { norad: 58112 }, { line1: '1 58112U', line2: '2 58112' }),
      ]),
    );
    expect(report.verdict).not.toBe('failed');
  });

  it('"pull the pick forward one day" moves the date from the booked one, whatever weekday the request names', () => {
    const call = { block: 'B7', date: '2025-09-17' };
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Heat spike forecast for Thursday. Pull the Block 7 pick forward one day.',
          'The pick is moved to Wednesday 17 September.',
        ),
        toolSpan('pick', 'get_pick', { block: 'B7' }, { block: 'B7', date: '2025-09-18' }),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [assistant('', [toolCall('update_pick', call)])],
        },
        toolSpan('update', 'update_pick', call, { ok: true }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'wrong-weekday')).toEqual([]);
  });

  it('a figure a hair from its source with the rounding named beside it', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Is a £1,384.62 deposit within the cap for £1,200 a month?'),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [
            assistant(
              'The cap is £1,384.62; the rounded weekly figure times five gives £1,384.60 only because of rounding.',
            ),
          ],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
  });
});

describe('rounding asked for once, for a whole table', () => {
  const table = (text: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Give me the Year 1 budget rounded to whole dollars.'),
        toolSpan('budget', 'get_budget', { year: 1 }, { personnel: '18987.50', equipment: 9078 }),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'value-drift');

  it('a line within a dollar of its source is the rounding asked for', () => {
    expect(table('Year 1, rounded to whole dollars:\n- Personnel: $18,988\n- Equipment: $9,078')).toEqual([]);
  });

  it('a line several dollars off is still a drift', () => {
    expect(table('Year 1, rounded to whole dollars:\n- Personnel: $18,897\n- Equipment: $9,078')).toHaveLength(1);
  });
});

describe('bounds and durations a record states another way', () => {
  const answered = (result: Record<string, string | number>, text: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Quote the Riverside room for 10:00-13:00 on Saturday.'),
        toolSpan('rates', 'get_room_rates', { room: 'Riverside' }, result),
        { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-figure');

  it('a booking’s own length is no restatement of the record’s minimum', () => {
    const rates = { room: 'Riverside Room', per_hour_gbp: 30, minimum_hours: 2 };
    expect(answered(rates, 'The Riverside Room for 3 hours at £30 an hour is £90.')).toEqual([]);
    expect(answered(rates, 'The Riverside Room has a minimum of 4 hours.')).toHaveLength(1);
  });

  it('minutes told as hours and minutes (`minutes_used: 5250`, "87 hours 30 minutes") are one duration', () => {
    const used = { room: 'Riverside Room', minutes_used: 5250, hours_allowed: 150 };
    expect(answered(used, 'The Riverside Room has used 87 hours 30 minutes of its 150 hours.')).toEqual([]);
  });
});

describe('dates that open a window or a week, and rates', () => {
  it('a week’s start and a search from the day after are not the named day slipped', () => {
    const searched = (args: Record<string, string>) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'My lesson on Saturday 2 May 2026 is off; move it to the next Saturday with a space.'),
          toolSpan('find', 'list_slots', args, { dates: ['2026-05-16'] }),
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift' || finding.rule === 'wrong-weekday');
    expect(searched({ from: '2026-05-03', to: '2026-05-31', weekday: 'Saturday' })).toEqual([]);
    expect(searched({ week_start: '2026-05-04' })).toEqual([]);
    // A date of its own, a day off the one named, is still a slip.
    expect(searched({ date: '2026-05-03' })).not.toEqual([]);
  });

  it('a count beside a rate field (`free_adults_per_10_pupils: 1`) is no restatement of the rate', () => {
    const quoted = (text: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Quote the Mill Museum Day for 28 pupils and 4 teachers.'),
          toolSpan(
            'rates',
            'get_rates',
            { event: 'mill-day' },
            { event: 'Mill Museum Day', free_adults_per_10_pupils: 1 },
          ),
          { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
        ]),
      ).findings.filter((finding) => finding.rule === 'contradicted-figure');
    expect(quoted('For the Mill Museum Day, 2 of your 4 teachers go free (one per 10 pupils).')).toEqual([]);
  });
});

describe('figures rounded for people, and figures read from a code', () => {
  it('`room_width_m: 3.353` told as "3.35 m" is rounded, not a dropped digit', () => {
    const told = (text: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'How much vinyl for a 11 ft by 13 ft 6 in kitchen?'),
          {
            id: 'model',
            name: 'chat',
            role: 'llm',
            parentId: 'root',
            outputMessages: [assistant('', [toolCall('calc_cut', { room_width_m: 3.353, room_length_m: 4.115 })])],
          },
          toolSpan('cut', 'calc_cut', { room_width_m: 3.353, room_length_m: 4.115 }, { cut_area_m2: 16 }),
          { id: 'answer', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
        ]),
      ).findings.filter((finding) => finding.rule === 'value-drift');
    expect(told('Your kitchen is about 3.35 m x 4.12 m; you need 16 m2.')).toEqual([]);
    expect(told('Your kitchen is about 3.53 m x 4.12 m; you need 16 m2.')).not.toEqual([]);
  });

  it('a count written from a product code (`CUP-8OZ-1000`, "1,000 8oz cups") is read, not worked out', () => {
    const order = {
      order_id: 'DEL-4',
      items: [
        { sku: 'CUP-8OZ-1000', qty: 1 },
        { sku: 'MILK-2L', qty: 12 },
      ],
    };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Move delivery DEL-4 to Friday, same items.'),
        toolSpan('get', 'get_delivery', { order_id: 'DEL-4' }, order),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          inputMessages: [
            { role: 'tool', text: JSON.stringify(order), toolCalls: [], toolCallId: null, finishReason: null },
          ],
          outputMessages: [assistant('Moved DEL-4 to Friday with the same items: 12 x 2 L milk and 1,000 8oz cups.')],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-figure')).toEqual([]);
  });
});

describe('tolerances and names with digits', () => {
  const filled = (instructions: string, text: string) =>
    attributeRootCause(
      buildTrace([
        { ...agentSpan('root', 'Blend EAN36 in cylinder DS-9.', text), systemInstructions: instructions },
        toolSpan(
          'cyl',
          'get_cylinder',
          { cylinder_id: 'DS-9' },
          { type: '12 L steel', o2_clean: true, contents_bar: 0 },
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'instruction-conflict' || finding.rule === 'contradicted-figure');

  it('"is O2 clean" names a state, and "±1" is a tolerance: neither is a figure a record contradicts', () => {
    expect(
      filled(
        'Before any oxygen blend, confirm the cylinder is O2 clean.',
        'DS-9 is O2 clean. Add oxygen, top with air, then analyse (expect 36% ±1).',
      ),
    ).toEqual([]);
  });
});

describe('ranges, repeated figures, rows by number and end times', () => {
  it('"boxes B-201 to B-203": B-202 is asked for, and "mark them ready" is done by `set_box_status`', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Print labels for boxes B-201 to B-203 and mark them ready for the archive.', 'Done.'),
        { id: 'plan', name: 'plan', role: 'plan', parentId: 'root', plan: ['print_labels', 'set_box_status'] },
        toolSpan('print', 'print_labels', { boxes: 'B-201,B-202,B-203' }, { printed: 3 }),
        toolSpan('mark', 'set_box_status', { box: 'B-202', status: 'ready_for_archive' }, { ok: true }),
      ]),
    );
    expect(report.findings.filter((finding) => ['value-drift', 'plan-gap'].includes(finding.rule))).toEqual([]);
  });

  it('"the 2-day trip for 2 clients is CHF 600" labels its 2 with "clients" too: no swap', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'What deposit do we owe for the 2-day trip for 2 clients?'),
        toolSpan('price', 'get_trip_price', { clients: 2 }, { clients: 2, deposit_chf: 600, balance_chf: 1800 }),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          outputMessages: [
            assistant('The deposit for the 2-day trip for 2 clients is CHF 600.00; the balance is CHF 1,800.00.'),
          ],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'swapped-figure')).toEqual([]);
  });

  it('a rate table keyed by week (`{1: 45, 2: 40}`) is no rival to a percentage in the instructions', () => {
    const report = attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'What rental do we owe for week 2?', 'Net £4,450.00 at 40% is £1,780.00.'),
          systemInstructions:
            'Box office is gross and includes 20% VAT; rental is charged on net at the rate for the play week.',
        },
        toolSpan('deal', 'get_deal_terms', { film: 'F-1' }, { rental_pct_by_play_week: { '1': 45, '2': 40 } }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'instruction-conflict')).toEqual([]);
  });
});

describe('requests to be told, adjectives and purposes', () => {
  it('"Give me the depth and 24 h new snow … for the morning lift report" asks for no step beyond the reading', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Give me the 07:00 snow depth and 24 h new snow at the summit station for the morning lift report.',
          'Summit at 07:00: 142 cm, 18 cm new.',
        ),
        {
          id: 'plan',
          name: 'plan',
          role: 'plan',
          parentId: 'root',
          plan: ['get_snow_depth(station=summit)', 'summarise'],
        },
        toolSpan('depth', 'get_snow_depth', { station: 'summit' }, { depth_cm: 142, new_snow_24h_cm: 18 }),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'plan-gap')).toEqual([]);
  });
});
