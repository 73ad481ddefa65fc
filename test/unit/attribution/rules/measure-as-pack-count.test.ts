import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

function ordered(request: string, item: JsonValue, quantity: number) {
  const args = { sku: 'VAL-ABP-125', quantity };
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, `Ordered ${quantity}.`),
      toolSpan('item', 'get_supplier_item', { query: 'porcelain' }, item),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('place_order', args)])],
      },
      toolSpan('order', 'place_order', args, { po: 'PO-118', quantity }),
    ]),
  );
}

const packCounts = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'measure-as-pack-count');

describe('measure-as-pack-count', () => {
  const item = { sku: 'VAL-ABP-125', pack: '12.5 kg bag', order_unit: 'bag', unit_price_gbp: 27.4 };

  it('"25 kg" sent as `quantity: 25` of 12.5 kg bags is tool-args at the span that wrote the call', () => {
    const report = ordered('Please order 25 kg of porcelain for the course.', item, 25);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'measure-as-pack-count' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2', actual: '25' });
  });

  it('the count of packs, a pack of one unit, or a request that counts packs itself is no finding', () => {
    expect(packCounts(ordered('Please order 25 kg of porcelain for the course.', item, 2))).toEqual([]);
    expect(packCounts(ordered('Please order 25 kg of porcelain.', { ...item, pack: '1 kg bag' }, 25))).toEqual([]);
    expect(packCounts(ordered('Please order 25 bags of 12.5 kg porcelain.', item, 25))).toEqual([]);
  });
});

describe('measure-as-pack-count: items the request counts by name', () => {
  const item = { sku: 'FND-NAT', sold_in: 'pack of 10 sheets', sheets_per_pack: 10, price_gbp_per_pack: 15.9 };

  it('"50 sheets" sent as `quantity: 50` of packs of 10 sheets is tool-args; 5 packs is right', () => {
    const report = ordered('Please order 50 sheets of brood foundation.', item, 50);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'measure-as-pack-count' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '5', actual: '50' });
    expect(packCounts(ordered('Please order 50 sheets of brood foundation.', item, 5))).toEqual([]);
  });
});
