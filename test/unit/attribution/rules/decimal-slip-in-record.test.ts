import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function meterTrace(readingKwh: number, answer: string) {
  return buildTrace([
    agentSpan('root', 'How much electricity did meter M-8812 use in October?', answer),
    toolSpan(
      'meter',
      'get_meter_reading',
      { meter_id: 'M-8812', month: 'October' },
      { meter_id: 'M-8812', consumption_kwh: readingKwh, typical_range: '300-500' },
    ),
  ]);
}

function freightTrace(note: string, answer: string) {
  return buildTrace([
    agentSpan('root', 'What does consignment FR-2290 weigh?', answer),
    toolSpan(
      'consignment',
      'get_consignment',
      { consignment_id: 'FR-2290' },
      { consignment_id: 'FR-2290', weight_kg: 12400, notes: note },
    ),
  ]);
}

describe('upstream-data: a decimal slip in a record', () => {
  it('utilities: a reading ten times outside its own range, repeated by the answer, is upstream-data', () => {
    const report = attributeRootCause(meterTrace(4200, 'Meter M-8812 used 4200 kWh in October.'));
    expect(report.rootCause).toMatchObject({ spanId: 'meter', layer: 'upstream-data', rule: 'upstream-data' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.consumption_kwh', actual: '4200' });
  });

  it('the same slip that no later span used is not the root cause', () => {
    const report = attributeRootCause(meterTrace(4200, 'I could not read meter M-8812 this month.'));
    expect(report.verdict).not.toBe('failed');
    expect(report.findings.filter((finding) => finding.layer === 'upstream-data')).toMatchObject([
      { spanId: 'meter', severity: 'warning' },
    ]);
  });

  it('a reading out of range but not by a power of ten is a real abnormal value', () => {
    const report = attributeRootCause(meterTrace(700, 'Meter M-8812 used 700 kWh in October.'));
    expect(report.findings.filter((finding) => finding.layer === 'upstream-data')).toEqual([]);
  });

  it('freight: a weight ten times what the record note states is upstream-data', () => {
    const report = attributeRootCause(
      freightTrace('weight approx. 1,240 kg on two pallets', 'Consignment FR-2290 weighs 12,400 kg.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'consignment', layer: 'upstream-data' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.weight_kg', actual: '12400' });
  });

  it('a sibling note with an unrelated number is no slip', () => {
    const report = attributeRootCause(
      freightTrace('weight checked at dock 7 by the night shift', 'Consignment FR-2290 weighs 12,400 kg.'),
    );
    expect(report.findings.filter((finding) => finding.layer === 'upstream-data')).toEqual([]);
    // A note about another quantity, a power of ten apart, shares no word with the field.
    const otherTopic = attributeRootCause(
      freightTrace('declared value 1,240 EUR per pallet', 'Consignment FR-2290 weighs 12,400 kg.'),
    );
    expect(otherTopic.findings.filter((finding) => finding.layer === 'upstream-data')).toEqual([]);
  });
});

function batteryTrace(capacityMah: number, answer: string) {
  return buildTrace([
    agentSpan('root', 'How long will the spare battery for my drone last? Part BP-5520.', answer),
    toolSpan(
      'part',
      'get_part',
      { part: 'BP-5520' },
      { part: 'BP-5520', product_name: 'PowerCell 5.2 Ah LiPo pack', capacity_mah: capacityMah, cells: 4 },
    ),
  ]);
}

describe('upstream-data: a size field a power of ten from the size in its own product name', () => {
  it('electronics: capacity_mah 52000 for a "5.2 Ah" pack, repeated by the answer, is upstream-data', () => {
    const report = attributeRootCause(batteryTrace(52000, 'BP-5520 holds 52000 mAh, about 4 hours of flight.'));
    expect(report.rootCause).toMatchObject({ spanId: 'part', layer: 'upstream-data' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.capacity_mah', actual: '52000' });
  });

  it('the capacity the name states (5200 mAh for 5.2 Ah) is no slip', () => {
    const report = attributeRootCause(batteryTrace(5200, 'BP-5520 holds 5200 mAh, about 25 minutes of flight.'));
    expect(report.findings.filter((finding) => finding.layer === 'upstream-data')).toEqual([]);
  });
});

describe('upstream-data: a record that states the user’s figure itself', () => {
  const trace = (order: Record<string, string | number>) =>
    buildTrace([
      agentSpan(
        'root',
        'Ship order AC-2291 (20 dinner sets, £1,180.00) DDP. What will duty come to?',
        'Duty and VAT come to £432.00 on £1,180.00 of goods plus £11.80 insurance.',
      ),
      toolSpan('order', 'get_order', { order: 'AC-2291' }, order),
    ]);

  it('`insurance_gbp: 11.8` beside `goods_gbp: 1180` is another charge, not the goods value slipped', () => {
    const report = attributeRootCause(trace({ order: 'AC-2291', goods_gbp: 1180, insurance_gbp: 11.8 }));
    expect(report.findings.filter((finding) => finding.layer === 'upstream-data')).toEqual([]);
  });

  it('a record whose only figure is a hundredth of the user’s is still a slip', () => {
    const report = attributeRootCause(trace({ order: 'AC-2291', goods_gbp: 11.8 }));
    expect(report.findings.filter((finding) => finding.layer === 'upstream-data')).toHaveLength(1);
  });
});
