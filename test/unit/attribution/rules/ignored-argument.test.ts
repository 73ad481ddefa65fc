import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function ignoredArgumentFindings(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'ignored-argument');
}

describe('ignored-argument', () => {
  it('HR leave: a balance asked for annual leave that answers for sick leave is the tool', () => {
    const trace = buildTrace([
      agentSpan('root', 'How many days of annual leave does employee E-2291 have left?', 'E-2291 has 4 days left.'),
      toolSpan(
        'balance',
        'get_leave_balance',
        { employee_id: 'E-2291', leave_type: 'annual_leave' },
        { employee_id: 'E-2291', leave_type: 'sick_leave', days_remaining: 4 },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'balance', layer: 'tool', rule: 'ignored-argument' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      field: 'result.leave_type',
      expected: 'annual_leave',
      actual: 'sick_leave',
    });
  });

  it('a widened echo (a date made a timestamp) is the same value', () => {
    const trace = buildTrace([
      agentSpan('root', 'How many rooms are free at the Lakeside Hotel on 2026-11-01?', '12 rooms are free.'),
      toolSpan(
        'rooms',
        'get_room_availability',
        { hotel: 'Lakeside Hotel', date: '2026-11-01' },
        { hotel: 'Lakeside Hotel', date: '2026-11-01T00:00:00Z', rooms_free: 12 },
      ),
    ]);
    expect(ignoredArgumentFindings(trace)).toEqual([]);
  });

  it('an echo that differs only in case and underscores is the same value', () => {
    const trace = buildTrace([
      agentSpan('root', 'What is the monthly budget of the Winter Sale campaign?', 'It is 5000 EUR.'),
      toolSpan(
        'campaign',
        'get_campaign',
        { campaign: 'winter_sale' },
        { campaign: 'Winter Sale', monthly_budget_eur: 5000 },
      ),
    ]);
    expect(ignoredArgumentFindings(trace)).toEqual([]);
  });

  it('an echo of the same words in a catalogue’s order is the same value; other words are not', () => {
    const priced = (echoed: string) =>
      buildTrace([
        agentSpan('root', 'Price two cases of Pazo Señorans Albariño Rías Baixas 2024.', 'GBP 95.40 a case.'),
        toolSpan(
          'price',
          'get_price',
          { product: 'Pazo Señorans Albariño Rías Baixas 2024' },
          { product: echoed, case_price_gbp: 95.4 },
        ),
      ]);
    expect(ignoredArgumentFindings(priced('Albariño Rías Baixas 2024, Pazo Señorans'))).toEqual([]);
    expect(ignoredArgumentFindings(priced('Albariño Rías Baixas 2023, Pazo Señorans'))).toHaveLength(1);
    // Figures keep their order: a date with its day and month swapped is another date.
    const dated = buildTrace([
      agentSpan('root', 'Is the farrier free on 2026-05-12?', 'No.'),
      toolSpan('diary', 'check_availability', { date: '2026-05-12' }, { date: '2026-12-05', free: false }),
    ]);
    expect(ignoredArgumentFindings(dated)).toHaveLength(1);
  });

  it('`gc_id: latest` answered with the run it stands for is resolved, not ignored', () => {
    const report = buildTrace([
      agentSpan('root', 'What did the last registry GC free?', 'It freed 0 bytes.'),
      toolSpan('gc', 'get_gc_report', { gc_id: 'latest' }, { gc_id: 'gc-20260310-1552', freed_bytes: 0 }),
    ]);
    expect(ignoredArgumentFindings(report)).toEqual([]);
  });

  it('a failed call’s error body (`kind: Status`) echoes nothing that was asked', () => {
    const failed = buildTrace([
      agentSpan(
        'root',
        'Show the fluent-bit ConfigMap in billing-batch.',
        'There is no billing-batch namespace (NotFound).',
      ),
      {
        ...toolSpan(
          'list',
          'list_resources',
          { namespace: 'billing-batch', kind: 'ConfigMap' },
          { kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404 },
        ),
        status: { code: 'error', message: 'namespaces "billing-batch" not found' },
      },
    ]);
    expect(ignoredArgumentFindings(failed)).toEqual([]);
  });

  it('a tuning argument (limit) answered with another value is not ignored', () => {
    const ordersTrace = (key: string) =>
      buildTrace([
        agentSpan('root', 'List the open freight orders for carrier Nordline.', 'There are 3 open orders.'),
        toolSpan(
          'orders',
          'list_freight_orders',
          { carrier: 'Nordline', [key]: 'fifty' },
          { carrier: 'Nordline', [key]: 'twenty', orders: ['FO-1', 'FO-2', 'FO-3'] },
        ),
      ]);
    expect(ignoredArgumentFindings(ordersTrace('limit'))).toEqual([]);
    // The same echo under an argument that names what the call is about is ignored.
    expect(ignoredArgumentFindings(ordersTrace('corridor'))).toMatchObject([{ spanId: 'orders', layer: 'tool' }]);
  });

  it('a tool whose name says it transforms (convert_currency) may answer with another value', () => {
    const quoteTrace = (toolName: string) =>
      buildTrace([
        agentSpan('root', 'What is 200 USD in euros for the ad campaign budget?', 'That is 184 EUR.'),
        toolSpan('convert', toolName, { amount: 200, currency: 'USD' }, { amount: 184, currency: 'EUR' }),
      ]);
    expect(ignoredArgumentFindings(quoteTrace('convert_currency'))).toEqual([]);
    expect(ignoredArgumentFindings(quoteTrace('get_budget_quote'))).toMatchObject([
      { spanId: 'convert', layer: 'tool' },
    ]);
  });
});

describe('ignored-argument: a named period and its dates are one value', () => {
  function salesTrace(period: string, echoed: string) {
    return buildTrace([
      agentSpan('root', 'Sum up the sales of store ST-9 for the period.'),
      toolSpan('sales', 'get_sales', { store: 'ST-9', period }, { store: 'ST-9', period: echoed, units: 410 }),
    ]);
  }

  it('a half year, a quarter and a month answered as their date range are not ignored', () => {
    for (const [period, echoed] of [
      ['2026-H1', '2026-01-01/2026-06-30'],
      ['Q3 2026', '2026-07-01..2026-09-30'],
      ['2026-02', '2026-02-01/2026-02-28'],
    ]) {
      const report = attributeRootCause(salesTrace(period as string, echoed as string));
      expect(report.findings.filter((finding) => finding.rule === 'ignored-argument')).toEqual([]);
    }
  });

  it('a half year answered for the other half is ignored', () => {
    const report = attributeRootCause(salesTrace('2026-H1', '2026-07-01/2026-12-31'));
    expect(report.rootCause).toMatchObject({ spanId: 'sales', layer: 'tool', rule: 'ignored-argument' });
  });

  it('a reference by name (billing_address) answered with the address it names is the same value', () => {
    const shipped = (asked: string, answered: string) =>
      ignoredArgumentFindings(
        buildTrace([
          agentSpan('root', 'Send the replacement router for account AC-5512 to my billing address.'),
          toolSpan(
            'ship',
            'create_shipment',
            { account: 'AC-5512', ship_to: asked },
            { shipment: 'SH-881', account: 'AC-5512', ship_to: answered },
          ),
        ]),
      );
    expect(shipped('billing_address', '14 Alder Close, Leamington Spa CV31 1XY')).toEqual([]);
    expect(shipped('home', '14 Alder Close, Leamington Spa CV31 1XY')).toEqual([]);
    // "next" names the first slot by order; the tool answers with the slot itself.
    expect(shipped('next', 'Sat 14 Mar 10:00-12:00, main office')).toEqual([]);
    // "standard" names the usual one of a kind; the tool answers with which one that is.
    expect(shipped('standard', 'Renault Trafic valeting unit (VAN-1, VAN-3)')).toEqual([]);
    // A place's own name is a value, not a reference: another address for it is another place.
    expect(shipped('Leamington', '9 Kings Road, Reading RG1 3AR')).toHaveLength(1);
    // Another reference in its place is still the tool answering for something else.
    expect(shipped('home_address', 'work_address')).toHaveLength(1);
  });
});

describe('ignored-argument: a code and the description it abbreviates', () => {
  const fabric = (asked: string, answered: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'What is the shrinkage of our 220 gsm French terry?'),
        toolSpan('spec', 'get_fabric_spec', { fabric: asked }, { fabric: answered, shrinkage_pct: 4.5 }),
      ]),
    );

  it('`FT-220` answered as "French terry 220 gsm" is the same fabric', () => {
    expect(fabric('CO-FT-220', 'CO French terry 220 gsm')).toEqual([]);
  });

  it('a code whose initials spell another description is still ignored', () => {
    expect(fabric('CO-FT-220', 'CO single jersey 220 gsm')).toHaveLength(1);
  });
});

describe('ignored-argument: an argument echoed under a qualified key', () => {
  const planned = (planTotal: number) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Split the £600 course fee into three payments.'),
        toolSpan(
          'plan',
          'create_payment_plan',
          { student: 'S-4', total_gbp: 600, instalments: 3 },
          { plan_id: 'PP-1', plan_total_gbp: planTotal, status: 'active' },
        ),
      ]),
    );

  it('`total_gbp: 600` answered as `plan_total_gbp: 420` is the tool ignoring it', () => {
    expect(planned(420)).toHaveLength(1);
    expect(planned(600)).toEqual([]);
  });

  it('a figure qualified by anything but what the tool made (`after_excess_gbp`) is another figure', () => {
    const payout = ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'What do I get back on claim C-9?'),
        toolSpan(
          'pay',
          'compute_payout',
          { eligible_gbp: 862.47, excess_gbp: 120 },
          { after_excess_gbp: 742.47, payable_gbp: 593.98 },
        ),
      ]),
    );
    expect(payout).toEqual([]);
  });
});

describe('ignored-argument: arguments echoed under the service’s own key', () => {
  function estimated(echoedArea: number) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'What size of heat pump does a 96 m² semi need?', 'About 42 kW.'),
        toolSpan(
          'estimate',
          'estimate_heat_loss',
          { floor_area_m2: 96, glazing: 'double' },
          { inputs: { floor_area_m2: echoedArea, glazing: 'double' }, peak_heat_loss_kw: echoedArea * 0.044 },
        ),
      ]),
    );
  }

  it('a service that computed for 960 m² when sent 96 is the tool', () => {
    const report = estimated(960);
    expect(report.rootCause).toMatchObject({ spanId: 'estimate', layer: 'tool', rule: 'ignored-argument' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.inputs.floor_area_m2', actual: '960' });
  });

  it('an echo of what it was sent is fine', () => {
    expect(estimated(96).findings.filter((finding) => finding.rule === 'ignored-argument')).toEqual([]);
  });
});

describe('ignored-argument: calls that make a new revision', () => {
  it('a rollback to revision 46 that reports revision 48 answered the call it was given', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Roll ingest-gateway back to the previous release.', 'Rolled back to 3.17.2.'),
        toolSpan(
          'rollback',
          'helm_rollback',
          { release: 'ingest-gateway', revision: 46 },
          { release: 'ingest-gateway', revision: 48, description: 'Rollback to 46' },
        ),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'ignored-argument')).toEqual([]);
  });

  it('a name the record gives in full beside the short form asked for ("Tom" as `preferred_name`) is the same person', () => {
    const found = (result: Record<string, string>) =>
      ignoredArgumentFindings(
        buildTrace([
          agentSpan('root', 'Tom Ashby here, please move my check-up.', 'Moved.'),
          toolSpan('find', 'find_patient', { name: 'Tom Ashby', dob: '1990-07-02' }, result),
        ]),
      );
    expect(found({ name: 'Thomas Ashby', preferred_name: 'Tom', dob: '1990-07-02' })).toEqual([]);
    expect(found({ name: 'Thomas Ashby', dob: '1990-07-02' })).toHaveLength(1);
  });

  it('a wildcard argument (`window: "any"`) and search text leave the choice to the tool', () => {
    const booked = (args: Record<string, string>, result: Record<string, string>) =>
      ignoredArgumentFindings(
        buildTrace([
          agentSpan('root', 'Book delivery of order GA-557904 for 21 April, any time that day.', 'Booked.'),
          toolSpan('book', 'book_delivery', { order_id: 'GA-557904', ...args }, { order_id: 'GA-557904', ...result }),
        ]),
      );
    expect(booked({ window: 'any' }, { window: '08:00-13:00' })).toEqual([]);
    expect(booked({ window: 'morning' }, { window: '13:00-18:00' })).toHaveLength(1);
    expect(
      booked({ description: 'nitrile gloves medium' }, { description: 'Nitrile examination gloves, size M' }),
    ).toEqual([]);
  });
});

describe('ignored-argument: a code an earlier record resolves', () => {
  const order = (address: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Order 3 blocks of fondant for CUS-403 to the saved address.', 'Ordered.'),
        toolSpan(
          'customer',
          'get_customer',
          { customer_id: 'CUS-403' },
          { customer_id: 'CUS-403', addresses: [{ id: 'ADDR-1', line1: 'Lower Pennick Farm', postcode: 'PL22 0QS' }] },
        ),
        toolSpan('order', 'place_order', { customer_id: 'CUS-403', ship_to: 'ADDR-1' }, { ship_to: address }),
      ]),
    );

  it('answered with the address the record filed under that code is the same value', () => {
    expect(order('Lower Pennick Farm, Lostwithiel PL22 0QS')).toEqual([]);
  });

  it('answered with another address is still ignored', () => {
    expect(order('14 Alder Close, Leamington Spa CV31 1AB')).toHaveLength(1);
  });
});

describe('ignored-argument: a relative time the tool resolved', () => {
  const searched = (earliest: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Did anyone look up invoice-portal-secure.net in the last 7 days?', 'No lookups.'),
        toolSpan(
          'dns',
          'search_dns_logs',
          { domain: 'invoice-portal-secure.net', earliest: '-7d' },
          { earliest, latest: '2026-03-11T09:00:00Z', hits: 0 },
        ),
      ]),
    );

  it('`earliest: "-7d"` answered with the instant seven days back is the same value', () => {
    expect(searched('2026-03-04T09:00:00Z')).toEqual([]);
  });

  it('answered with a word rather than an instant it is still another value', () => {
    expect(searched('-30d')).toHaveLength(1);
  });
});

describe('ignored-argument: a short code sent and a name echoed', () => {
  const status = (terminal: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'What is the status of container CMAU 552019-4?', 'It is available for pickup.'),
        toolSpan(
          'status',
          'get_container_status',
          { container: 'CMAU5520194', terminal: 'FMS' },
          { container: 'CMAU5520194', terminal, status: 'available' },
        ),
      ]),
    );

  it('`FMS` echoed as "Fenix Marine Services, Los Angeles" is the same terminal in another vocabulary', () => {
    expect(status('Fenix Marine Services, Los Angeles')).toEqual([]);
  });

  it('a symbol of up to three letters (`K`) echoed as a one-word name ("Potassium") is the same thing', () => {
    const report = ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Has the repeat potassium for accession WP-448120 come back?', 'Yes: 4.1 mmol/L.'),
        toolSpan(
          'result',
          'get_result',
          { accession: 'WP-448120', test: 'K' },
          { accession: 'WP-448120', test: 'Potassium', value: 4.1 },
        ),
      ]),
    );
    expect(report).toEqual([]);
  });

  it('capitals with a small letter between them (`BoE`) echoed as the name they stand for', () => {
    const report = ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Convert the EUR 51,400 cap to pounds at the Bank of England rate.', 'GBP 44,130.'),
        toolSpan(
          'fx',
          'get_fx_rate',
          { pair: 'EURGBP', source: 'BoE' },
          { pair: 'EURGBP', source: 'Bank of England', rate: 0.8586 },
        ),
      ]),
    );
    expect(report).toEqual([]);
  });

  it('a name that carries another code of its own ("Pier 400 (APM)") is another terminal', () => {
    expect(status('Pier 400 (APM)')).toHaveLength(1);
  });
});

describe('ignored-argument: a half of the day echoed as its clock times', () => {
  const moved = (window: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Move visit VIS-66120 to Thursday 12 March, morning if possible.', 'Moved to 12 March.'),
        toolSpan(
          'move',
          'reschedule_visit',
          { visit_id: 'VIS-66120', window: 'AM' },
          { visit_id: 'VIS-66120', window },
        ),
      ]),
    );

  it('`window: AM` answered `08:00-12:00` is the morning', () => {
    expect(moved('08:00-12:00')).toEqual([]);
  });

  it('`window: AM` answered `13:00-17:00` is the afternoon: ignored', () => {
    expect(moved('13:00-17:00')).toHaveLength(1);
  });
});

describe('ignored-argument: a chart named with its repository, echoed with its version', () => {
  const upgraded = (chart: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Upgrade grafana in monitoring to chart 8.6.2.', 'Upgraded to 8.6.2.'),
        toolSpan(
          'up',
          'helm_upgrade',
          { release: 'grafana', chart: 'grafana/grafana', version: '8.6.2' },
          { release: 'grafana', chart },
        ),
      ]),
    );

  it('`grafana/grafana` echoed `grafana-8.6.2` is the same chart', () => {
    expect(upgraded('grafana-8.6.2')).toEqual([]);
  });

  it('another chart echoed is still ignored', () => {
    expect(upgraded('loki-8.6.2')).toHaveLength(1);
  });
});

describe('ignored-argument: a place written out in full', () => {
  const transfer = (dropoff: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Quote a coach from Heathrow to the Grand Hotel in Brighton.', 'The coach is £624.'),
        toolSpan(
          'quote',
          'get_transfer_quote',
          { dropoff: 'The Grand Hotel, Kings Road, Brighton' },
          { dropoff, total_gbp: 624 },
        ),
      ]),
    );

  it('"The Grand Hotel, Kings Road, Brighton" answered with its number and postcode is the same place', () => {
    expect(transfer('The Grand Hotel, 97-99 Kings Road, Brighton BN1 2FW')).toEqual([]);
  });

  it('another place is still another place', () => {
    expect(transfer('The Old Ship Hotel, Kings Road, Brighton BN1 1NR')).toHaveLength(1);
  });
});

describe('ignored-argument: a reference echoed in another form', () => {
  const payment = (card: string) =>
    ignoredArgumentFindings(
      buildTrace([
        agentSpan('root', 'Take the £1,200 for share application SA-1 on my saved card.', 'Paid.'),
        toolSpan(
          'pay',
          'take_card_payment',
          { amount_gbp: 1200, card: 'saved:visa-4417' },
          { status: 'succeeded', card },
        ),
      ]),
    );

  it('`card: "saved:visa-4417"` answered as "visa ending 4417" is the same card', () => {
    expect(payment('visa ending 4417')).toEqual([]);
  });

  it('another card is another card', () => {
    expect(payment('visa ending 9012')).toHaveLength(1);
  });
});

describe('ignored-argument: an instant written with and without the ISO separator', () => {
  function amended(echoed: string) {
    return buildTrace([
      agentSpan('root', 'Please move the flower delivery to Friday 20 March at 09:00.', 'Moved.'),
      toolSpan(
        'amend',
        'amend_flower_order',
        { order_id: 'FL-220', delivery: '2026-03-20T09:00' },
        { order_id: 'FL-220', delivery: echoed, status: 'amended' },
      ),
    ]);
  }

  it('"2026-03-20 09:00, chapel" answers the `2026-03-20T09:00` asked for', () => {
    expect(ignoredArgumentFindings(amended('2026-03-20 09:00, Riverside chapel'))).toEqual([]);
  });

  it('another hour of the same day is still another answer', () => {
    expect(ignoredArgumentFindings(amended('2026-03-20 14:00, Riverside chapel'))).toHaveLength(1);
  });
});
