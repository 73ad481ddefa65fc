import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolSpan, user } from '../build-trace.js';

/** One record read, and a model span that answers from it. */
function answered(record: { [key: string]: JsonValue }, answer: string) {
  const request = 'How many seats are left on voucher FAM-88K2-0415?';
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, answer),
      toolSpan('voucher', 'get_voucher', { code: 'FAM-88K2-0415' }, record),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        inputMessages: [user(request)],
        outputMessages: [assistant(answer)],
      },
    ]),
  );
}

const misread = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'misread-field');

describe('misread-field: a figure of the record told under another field of it', () => {
  const voucher = { code: 'FAM-88K2-0415', seats_total: 4, seats_redeemed: 3, seats_remaining: 1 };

  it('"3 seats left" from `seats_redeemed: 3` beside `seats_remaining: 1` is the model', () => {
    const report = answered(voucher, 'You have 3 seats left on FAM-88K2-0415, valid until 31 October 2026.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'misread-field' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '1', actual: '3 seats' });
  });

  it('the right field, or both fields told by name, is no misreading', () => {
    expect(misread(answered(voucher, 'You have 1 seat left on FAM-88K2-0415.'))).toEqual([]);
    expect(misread(answered(voucher, 'You have used 3 seats, so 1 seat is left on FAM-88K2-0415.'))).toEqual([]);
  });

  it('a figure whose own words are in its phrase ("out of 1,284,410 sessions") is read right', () => {
    const health = { release: '5.19.0', sessions: 1284410, crashed_sessions: 1798 };
    expect(misread(answered(health, '1,798 crashed out of 1,284,410 sessions.'))).toEqual([]);
  });

  it('an amount of money states no count ("£41.90 a box the tiles")', () => {
    const tile = { sku: 'ARD-6060', price_per_box_gbp: 41.9, tiles_per_box: 4 };
    expect(misread(answered(tile, 'At £41.90 a box the tiles come to £502.80.'))).toEqual([]);
  });

  it('a phrase ends at "plus": the next item\'s words are not the figure\'s', () => {
    const quote = { quote: 'FQ-118', base_eur: 240, young_driver_surcharge_eur: 95 };
    expect(misread(answered(quote, 'Hire is EUR 240.00 plus young driver surcharge EUR 95.00.'))).toEqual([]);
  });
});
