import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, modelCallRun, toolCall, toolSpan } from '../build-trace.js';

/** A catalogue lookup, then the order a model wrote and the tool ran. */
function ordered(request: string, quantity: number, product: JsonValue) {
  const call = { sku: 'SKU-1', quantity };
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, 'Ordered.'),
      toolSpan('search', 'search_products', { query: 'compost' }, { results: [product] }),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('create_order', call)])],
      },
      toolSpan('order', 'create_order', call, { order: 'OR-7', quantity }),
    ]),
  );
}

const byBag = { sku: 'SKU-1', name: 'Peat-free compost 40 litre bag', unit: 'bag', price_gbp: 7.5 };

describe('total-as-count', () => {
  it('"three 40 litre bags" ordered as quantity 120 is tool-args at the span that wrote the call', () => {
    const report = ordered('Order three 40 litre bags of peat-free compost for the allotment.', 120, byBag);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'total-as-count' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '3', actual: '120' });
  });

  it('reads a count written in digits with "x" before the measure', () => {
    const report = ordered('Please order 4 x 2.5 kg tubs of lime mortar.', 10, { ...byBag, unit: 'tub' });
    expect(report.rootCause).toMatchObject({ rule: 'total-as-count' });
  });

  it('the count itself, or a total the request writes, is no finding', () => {
    const findings = (request: string, quantity: number) =>
      ordered(request, quantity, byBag).findings.filter((finding) => finding.rule === 'total-as-count');
    expect(findings('Order three 40 litre bags of peat-free compost.', 3)).toEqual([]);
    expect(findings('Order three 40 litre bags of compost, 120 L in all.', 120)).toEqual([]);
  });

  it('an item the record sells by the measure’s unit is counted in that unit', () => {
    const loose = { sku: 'SKU-1', name: 'Loose compost', unit: 'litre', price_gbp: 0.2 };
    const report = ordered('Order three 40 litre bags worth of loose compost.', 120, loose);
    expect(report.findings.filter((finding) => finding.rule === 'total-as-count')).toEqual([]);
  });
});

describe('bags of a size: a count of items against the size of each', () => {
  it('10 bags of 1 kg, for 22 lb asked "in 1 kg bags", is no slip of the size or of the request', () => {
    const report = modelCallRun(
      'Can we get 22 lb of the Kenya Kiambu AA roasted for filter, in 1 kg bags?',
      { sku: 'KEN-KIA-AA-F', bag_size_g: 1000, bags: 10 },
      { sku: 'KEN-KIA-AA-F', bag_sizes_g: [250, 1000], green_stock_kg: 146 },
    );
    expect(report.verdict).not.toBe('failed');
  });

  it('a count sent a power of ten off the one the request gives is still a slip', () => {
    const report = modelCallRun(
      'Can we get 10 bags of the Kenya Kiambu AA roasted for filter, in 1 kg bags?',
      { sku: 'KEN-KIA-AA-F', bag_size_g: 1000, bags: 100 },
      { sku: 'KEN-KIA-AA-F', bag_sizes_g: [250, 1000], green_stock_kg: 146 },
    );
    expect(report.rootCause).toMatchObject({ layer: 'tool-args' });
  });
});
