import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** A record fetched, then its figure passed on by a later call and repeated in the answer. */
function carried(record: Record<string, JsonValue>, figure: number, answer: string) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', 'Quote the booking BK-4410 and record it in the budget.', answer),
      toolSpan('fetch', 'get_quote', { booking: 'BK-4410' }, record),
      toolSpan('record', 'update_budget', { booking: 'BK-4410', amount: figure }, { updated: true }),
    ]),
  );
}

const upstream = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.layer === 'upstream-data');

describe('upstream-data: a total that is not its own count times its per-unit price', () => {
  const quote = { booking: 'BK-4410', nights: 7, nightly_rate_eur: 650, stay_total_eur: 4050, currency: 'EUR' };

  it('7 nights at 650 a night stored as 4,050 is the source', () => {
    const report = carried(quote, 4050, 'The stay costs EUR 4,050.');
    expect(report.rootCause).toMatchObject({ spanId: 'fetch', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('4550');
  });

  it('a subtotal a power of ten off guests × price per head is the source, even beside VAT and a total', () => {
    const catering = { booking: 'BK-4410', guests: 120, price_per_head: 62, subtotal: 744, vat: 148.8, total: 892.8 };
    expect(carried(catering, 892.8, 'Catering comes to GBP 892.80.').rootCause).toMatchObject({
      spanId: 'fetch',
      layer: 'upstream-data',
    });
  });

  it('stays quiet when the product is right, when a discount or a free night explains the gap', () => {
    expect(upstream(carried({ ...quote, stay_total_eur: 4550 }, 4550, 'EUR 4,550.'))).toEqual([]);
    expect(upstream(carried({ ...quote, discount_eur: 500 }, 4050, 'EUR 4,050.'))).toEqual([]);
    expect(upstream(carried({ ...quote, offer: 'Stay 7, pay 6: one night free' }, 4050, 'EUR 4,050.'))).toEqual([]);
  });
});

describe('upstream-data: what is left against what there was', () => {
  const sample = (remaining: number, withdrawals: JsonValue[]) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Is there enough of sample PK-0412 left for the assay?', `Only ${remaining} uL remain.`),
        toolSpan(
          'fetch',
          'get_sample',
          { sample_id: 'PK-0412' },
          { sample_id: 'PK-0412', initial_volume_ul: 250, volume_remaining_ul: remaining, withdrawals },
        ),
        toolSpan('recall', 'request_recollection', { sample_id: 'PK-0412', remaining_ul: remaining }, { ok: true }),
      ]),
    );

  it('0.25 left of 250 with nothing taken is a power of ten off: the source', () => {
    expect(sample(0.25, []).rootCause).toMatchObject({ spanId: 'fetch', layer: 'upstream-data' });
  });

  it('what the withdrawals leave is right, whatever its size', () => {
    expect(upstream(sample(25, [{ volume_ul: 225 }]))).toEqual([]);
    expect(upstream(sample(250, []))).toEqual([]);
  });
});

describe('upstream-data: a ledger entry ten times the rest', () => {
  it('counts entries by size, so payments (negative) sit beside the charges they settle', () => {
    const entries = [1250, -1250, 1250, -1250, 12500, -1250].map((amount, index) => ({
      date: `2026-0${Math.floor(index / 2) + 1}-01`,
      amount_gbp: amount,
    }));
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Is tenancy TN-20744 in arrears?', 'Yes: GBP 11,250 is owed.'),
        toolSpan('ledger', 'get_rent_ledger', { tenancy_id: 'TN-20744' }, { tenancy_id: 'TN-20744', entries }),
        toolSpan('notice', 'send_arrears_notice', { tenancy_id: 'TN-20744', amount_due_gbp: 11250 }, { sent: true }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'ledger', layer: 'upstream-data' });
    expect(report.rootCause?.evidence[0]?.actual).toBe('12500');
  });
});

describe('upstream-data: a total against the parts it lists', () => {
  it('a total that misses the sum of its own lines is the source', () => {
    const record = { booking: 'BK-4410', lines_gbp: { hall: 120, chairs: 40 }, total_gbp: 200 };
    expect(carried(record, 200, 'The booking comes to £200.').rootCause).toMatchObject({
      spanId: 'fetch',
      layer: 'upstream-data',
    });
  });

  it('a price list (`prices_gbp: {adult, under16}`) is no list of lines: its total prices some of each', () => {
    const record = { booking: 'BK-4410', prices_gbp: { adult: 5, under16: 3 }, total_gbp: 16 };
    expect(upstream(carried(record, 16, 'Two adults and two under-16s come to £16.00.'))).toEqual([]);
  });
});

describe('upstream-data: a measure of all the items that is not their count times the measure of one', () => {
  const lot = { lot: 'BK-4410', bags: 40, bag_kg: 69, total_kg: 2670, price_usd_per_kg: 6.4 };

  it('40 bags of 69 kg stored as 2,670 kg in all is the source', () => {
    const report = carried(lot, 2670, 'The lot is 2,670 kg.');
    expect(report.rootCause).toMatchObject({ spanId: 'fetch', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('2760');
  });

  it('stays quiet when the product is right, or a tare in the record explains the gap', () => {
    expect(upstream(carried({ ...lot, total_kg: 2760 }, 2760, 'The lot is 2,760 kg.'))).toEqual([]);
    expect(upstream(carried({ ...lot, tare_kg: 90 }, 2670, 'The lot is 2,670 kg net.'))).toEqual([]);
  });
});

describe('upstream-data: a total against its lines beside a nil tax and a subtotal equal to it', () => {
  it('8 lines of £42 under `subtotal_gbp: 363, vat_gbp: 0, total_gbp: 363` is the source', () => {
    const lines = Array.from({ length: 8 }, () => ({ qty: 1, unit_gbp: 42, amount_gbp: 42 }));
    const invoice = { booking: 'BK-4410', lines, line_count: 8, subtotal_gbp: 363, vat_gbp: 0, total_gbp: 363 };
    const report = carried(invoice, 363, 'The invoice is £363.00.');
    expect(report.rootCause).toMatchObject({ spanId: 'fetch', layer: 'upstream-data' });
    expect(upstream(carried({ ...invoice, subtotal_gbp: 336, total_gbp: 336 }, 336, 'It is £336.00.'))).toEqual([]);
    expect(upstream(carried({ ...invoice, vat_gbp: 27 }, 363, 'The invoice is £363.00.'))).toEqual([]);
  });
});

describe('upstream-data: a threshold beside the request’s figure', () => {
  it('`pallet_delivery_over_kg: 250` is no slip of the request’s 25 kg: it is a bound, not the amount', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Order 25 kg of porcelain, please.', 'Ordered 2 bags of 12.5 kg.'),
        toolSpan('item', 'get_supplier_item', { query: 'porcelain' }, { sku: 'P-1', pallet_delivery_over_kg: 250 }),
        toolSpan('order', 'place_order', { sku: 'P-1', quantity: 2 }, { po: 'PO-1', net_weight_kg: 25 }),
      ]),
    );
    expect(upstream(report)).toEqual([]);
  });
});

describe('upstream-data: a balance a power of ten from the total less what was paid', () => {
  const order = { booking: 'BK-4410', total_gbp: 114.85, paid_gbp: 20, balance_due_gbp: 948.5 };

  it('`balance_due_gbp: 948.5` over a total of 114.85 with 20 paid is the source', () => {
    const report = carried(order, 948.5, 'The balance is £948.50.');
    expect(report.rootCause).toMatchObject({ spanId: 'fetch', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('94.85');
  });

  it('the right balance, or one that other charges may explain, is no finding', () => {
    expect(upstream(carried({ ...order, balance_due_gbp: 94.85 }, 94.85, 'The balance is £94.85.'))).toEqual([]);
    expect(upstream(carried({ ...order, balance_due_gbp: 101.8 }, 101.8, 'The balance is £101.80.'))).toEqual([]);
  });
});

describe('upstream-data: a measure needed, covered by whole packs', () => {
  it('`total_kg: 2.69` in 2 bags of 2 kg is rounded up to whole bags, not a slip', () => {
    const grout = { booking: 'BK-4410', total_kg: 2.69, bag_kg: 2, bags: 2, price_per_bag_gbp: 9.4 };
    expect(upstream(carried(grout, 2, 'You need 2 bags of grout.'))).toEqual([]);
  });
});
