import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { misaddedTotal } from '../../../../src/attribution/rules/miscomputed-total.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

const claim = {
  claim: 'EXP-1',
  items: [
    { what: 'flight', amount: 412.5 },
    { what: 'hotel', amount: 1206 },
    { what: 'taxi', amount: 38.2 },
  ],
};

function answered(text: string) {
  return buildTrace([
    agentSpan('root', 'Add up claim EXP-1 and tell me the total to approve.'),
    toolSpan('get', 'get_claim', { claim: 'EXP-1' }, claim),
    { id: 'model', name: 'chat', role: 'llm', outputMessages: [assistant(text)] },
  ]);
}

describe('misaddedTotal', () => {
  it('finds a total its listed amounts do not add up to', () => {
    expect(misaddedTotal('- flight: EUR 412.50\n- hotel: EUR 1,206.00\n- taxi: €38.20\nTotal: EUR 1,566.70')).toEqual({
      stated: { currency: 'EUR', value: 1566.7 },
      sum: 1656.7,
      lines: 3,
    });
  });

  it('accepts a right total, and leaves totals with an adjustment alone', () => {
    expect(misaddedTotal('- flight: EUR 412.50\n- hotel: EUR 1,206.00\nTotal: EUR 1,618.50')).toBeNull();
    expect(misaddedTotal('- flight: £400\n- hotel: £600\n- deposit paid: £100\nTotal due: £900')).toBeNull();
  });
});

describe('miscomputed-total', () => {
  it('a model that lists the record’s amounts and misadds them is the root', () => {
    const report = attributeRootCause(
      answered('- flight: EUR 412.50\n- hotel: EUR 1,206.00\n- taxi: EUR 38.20\nTotal to approve: EUR 1,566.70'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'miscomputed-total' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'EUR 1656.7', actual: 'EUR 1566.7' });
  });

  it('a right total is fine, and a total the record holds was copied, not added', () => {
    expect(
      attributeRootCause(
        answered('- flight: EUR 412.50\n- hotel: EUR 1,206.00\n- taxi: EUR 38.20\nTotal to approve: EUR 1,656.70'),
      ).verdict,
    ).toBe('ok');
    expect(
      attributeRootCause(answered('- flight: EUR 412.50\n- taxi: EUR 38.20\nTotal claimed: EUR 1,206')).findings.some(
        (finding) => finding.rule === 'miscomputed-total',
      ),
    ).toBe(false);
  });
});
