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
