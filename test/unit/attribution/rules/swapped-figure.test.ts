import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

function answered(request: string, result: Record<string, JsonValue>, answer: string) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, answer),
      toolSpan('tool', 'lookup', { id: 'X-1' }, result),
      { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
    ]),
  );
}

const swaps = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'swapped-figure');

describe('swapped-figure: two fields of one record', () => {
  const load = { table: 'fct_orders', rows_inserted: 1204388, rows_updated: 95112, status: 'SUCCESS' };
  const request = 'How many rows did last night’s fct_orders load insert?';

  it('each figure written under the other field’s name is the model', () => {
    const report = answered(request, load, 'The load inserted 95,112 rows and updated 1,204,388 rows.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'swapped-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '1204388', actual: '95,112' });
  });

  it('the figures under their own names, or only one of them written, are no swap', () => {
    expect(swaps(answered(request, load, 'The load inserted 1,204,388 rows and updated 95,112 rows.'))).toEqual([]);
    expect(swaps(answered(request, load, 'It inserted 1,204,388 rows.'))).toEqual([]);
    // "95,112 rows were updated": the label after the figure is its own.
    expect(swaps(answered(request, load, 'Of the rows, 1,204,388 were inserted; 95,112 rows were updated.'))).toEqual(
      [],
    );
  });
});

describe('swapped-figure: one figure under another field’s name', () => {
  const summary = { tax_year: 2025, total_tax: 17614, federal_withholding: 16876, refund: 0, amount_owed: 738 };
  const request = 'Am I getting a refund this year or do I owe?';

  it('the amount owed told as a refund is the model', () => {
    const report = answered(request, summary, 'Good news: you are getting a federal refund of $738.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'swapped-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '0', actual: '$738', source: 'amount_owed' });
  });

  it('the figure under its own name, or the other field’s value also given, stays quiet', () => {
    expect(swaps(answered(request, summary, 'No refund this time: you owe $738.'))).toEqual([]);
    expect(swaps(answered(request, summary, 'Your refund is $0 and the amount owed is $738.'))).toEqual([]);
    expect(swaps(answered(request, summary, 'You owe $738, so no refund.'))).toEqual([]);
  });

  it('a word that labels the figure before it, or a figure written as a rate, is no label of this one', () => {
    const proration = { days_in_month: 30, days_occupied: 13, daily_rate: 65, prorated: 845 };
    const asked = 'What is the prorated rent for June?';
    expect(swaps(answered(asked, proration, 'Charged $845.00 for 13 days at $65.00/day.'))).toEqual([]);
    expect(swaps(answered(asked, proration, 'That is 13 days at $65.00 a day.'))).toEqual([]);
    // "the new total for 9 nights is £234.00": "nights" names the 9, not the £234.
    const stay = { nights: 9, nightly_rate_gbp: 26, total_gbp: 234 };
    expect(
      swaps(answered(asked, stay, 'The 2 extra nights add £52.00, so the new total for 9 nights is £234.00.')),
    ).toEqual([]); // "no transfer fee and your £1,095.00 payment": the conjunction ends the fee's words.
    const moved = { start: '2026-06-16', transfer_fee_gbp: 0, paid_gbp: 1095 };
    expect(swaps(answered(asked, moved, 'There is no transfer fee and your £1,095.00 payment carries over.'))).toEqual(
      [],
    );
    expect(swaps(answered(asked, moved, 'Your transfer fee of £1,095.00 is due now.'))).toHaveLength(1);
  });
});

describe("swapped-figure: a figure in its own field's unit", () => {
  it('"Drying to 14.5%" is the record\'s `dried_to_pct`, not its drying rate in £ per tonne-point', () => {
    const ticket = { dried_to_pct: 14.5, drying_rate_gbp_per_t_point: 1.15, drying_charge_gbp: 69.09 };
    const asked = 'What do I owe on ticket TH-1?';
    expect(swaps(answered(asked, ticket, 'Drying to 14.5% is £69.09.'))).toEqual([]);
    // Under a field in the figure's unit, the word before it still names the other field.
    const shares = { dried_to_pct: 14.5, shrinkage_pct: 2.1, drying_charge_gbp: 69.09 };
    expect(swaps(answered(asked, shares, 'Shrinkage was 14.5% and the charge is £69.09.'))).toHaveLength(1);
  });
});

describe('swapped-figure: line items named by their description', () => {
  const invoice = {
    lines: [
      { item: 'Base rate', eur: 194 },
      { item: 'Late return, 1 extra day', eur: 38.8 },
      { item: 'Refuelling', eur: 0 },
    ],
    final_total_eur: 232.8,
  };
  const request = 'Why is my final bill higher than the quote?';

  it('one line’s charge put on another line is the model', () => {
    const report = answered(request, invoice, 'The extra €38.80 is a refuelling charge for the missing fuel.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'swapped-figure' });
  });

  it('the charge on its own line stays quiet', () => {
    expect(swaps(answered(request, invoice, 'The extra €38.80 is the late return charge for 1 extra day.'))).toEqual(
      [],
    );
  });
});

describe('swapped-figure: rows of a query result', () => {
  const table = {
    columns: ['channel', 'spend_gbp', 'conversions', 'cpa_gbp'],
    rows: [
      ['Paid Search', 18420, 1001, 18.4],
      ['Paid Social', 24662, 590, 41.8],
      ['Display', 9870, 163, 60.55],
    ],
  };
  const request = 'Which channel had the lowest cost per acquisition last month?';

  it('one row’s figure given under another row’s name is the model', () => {
    const report = answered(request, table, 'The lowest CPA was Paid Social at £18.40 per conversion.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'swapped-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '41.8', actual: '£18.40' });
  });

  it('each row’s own figure, or rows without a text column to name them, stay quiet', () => {
    expect(swaps(answered(request, table, 'The lowest CPA was Paid Search at £18.40 per conversion.'))).toEqual([]);
    const unnamed = {
      columns: ['week', 'cpa_gbp'],
      rows: [
        [14, 18.4],
        [15, 41.8],
      ],
    };
    expect(swaps(answered(request, unnamed, 'Week 15 had the lowest CPA, at £18.40.'))).toEqual([]);
  });
});

describe('swapped-figure: one named item’s value given for another', () => {
  const plans = {
    plans: [
      { name: 'Saver 20', data_gb: 20, monthly_gbp: 12 },
      { name: 'Flex 30', data_gb: 30, monthly_gbp: 14.5 },
    ],
  };
  const request = 'Which SIM-only plan with at least 20GB is cheapest?';

  it('Flex 30 quoted at Saver 20’s price is the model', () => {
    const report = answered(request, plans, 'The cheapest is Flex 30: 30GB for GBP 12.00 a month.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'swapped-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '14.5', actual: 'GBP 12.00' });
  });

  it('each item with its own values, the user’s own figure, and clauses that name other items stay quiet', () => {
    expect(swaps(answered(request, plans, 'The cheapest is Saver 20: 20GB for GBP 12.00 a month.'))).toEqual([]);
    expect(swaps(answered(request, plans, 'Flex 30 gives you more than 20GB, at GBP 14.50.'))).toEqual([]);
    expect(swaps(answered(request, plans, 'Saver 20 costs GBP 12.00, and Flex 30 is GBP 14.50 a month.'))).toEqual([]);
  });

  it('each line of a list is its own clause: a figure ends its line, not the next item’s', () => {
    const listed = 'Your options:\n- Saver 20, 20GB at GBP 12.00\n- Flex 30, 30GB at GBP 14.50';
    expect(swaps(answered(request, plans, listed))).toEqual([]);
    const crossed = 'Your options:\n- Saver 20, 20GB\n- Flex 30 at GBP 12.00';
    expect(swaps(answered(request, plans, crossed))).toHaveLength(1);
  });

  it('names an item by the words that set it apart ("Cribbs Causeway" for Bristol Cribbs Causeway)', () => {
    const stores = {
      stores: [
        { name: 'Bristol Cribbs Causeway', distance_miles: 7.1 },
        { name: 'Bath Southgate', distance_miles: 12.4 },
      ],
    };
    const ask = 'Which store near Bristol has my size?';
    expect(swaps(answered(ask, stores, 'Cribbs Causeway is closer at 7.1 miles.'))).toEqual([]);
    expect(swaps(answered(ask, stores, 'Cribbs Causeway is 12.4 miles away.'))).toHaveLength(1);
  });
});

describe('swapped-figure: named records looked up one by one', () => {
  const stations = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Are there two e-bikes at Riverside Quay, or should we walk to Tannery Lane?', answer),
        toolSpan(
          'first',
          'get_station_status',
          { id: 'RVQ' },
          { name: 'Riverside Quay', ebikes_available: 1, docks_available: 6 },
        ),
        toolSpan(
          'second',
          'get_station_status',
          { id: 'TNL' },
          { name: 'Tannery Lane', ebikes_available: 4, docks_available: 12 },
        ),
        { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
      ]),
    );

  it('"Riverside Quay has 4 e-bikes", Tannery Lane’s count, is the model', () => {
    expect(stations('Riverside Quay has 4 e-bikes right now, so no need to walk.').rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'model',
      rule: 'swapped-figure',
    });
  });

  it('each station’s own count, or a count of something the records do not hold, stays quiet', () => {
    expect(swaps(stations('Riverside Quay has 1 e-bike; Tannery Lane has 4 e-bikes.'))).toEqual([]);
    expect(swaps(stations('Riverside Quay is 4 stops away by tram.'))).toEqual([]);
  });
});
