import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

function answered(text: string) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', 'How many van visits do I have left this year?', text),
      { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(text)] },
    ]),
  );
}

const remainders = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'miscomputed-remainder');

describe('miscomputed-remainder', () => {
  it.each([
    ['Permit VP-20418 has used 9 of its 12 van visits for 2025, so you have 5 visits left.', '3'],
    [
      'Once the £12,980.00 invoice is paid, RG-2291 will have £33,629.65 left of its £148,250.00 award (£102,640.35 spent).',
      '32629.65',
    ],
  ])('"%s" is the model, with %s as the figure that is left', (text, expected) => {
    const report = answered(text);
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'miscomputed-remainder' });
    expect(report.rootCause?.evidence[0]?.expected).toBe(expected);
  });

  it('a remainder worked out right, or figures of other kinds beside it, are no finding', () => {
    expect(remainders(answered('You have used 9 of your 12 visits for 2025, so 3 are left.'))).toEqual([]);
    expect(remainders(answered('3 rooms left at £120 a night from 14 March.'))).toEqual([]);
    // A clock time's hours and minutes are no amounts: 09 less 00 is not the 6 that are left.
    expect(remainders(answered('The 09:00 ferry that day has 6 seats left.'))).toEqual([]);
    // Durations in parts: 9 min 41 s less 8 min 00 s leaves 1 min 41 s, not "41 less 9 and 10 and 1".
    expect(
      remainders(answered('The pass runs 9 min 41 s above the 10° mask, so there are 1 min 41 s to spare.')),
    ).toEqual([]);
  });
});

describe('miscomputed-remainder: amounts near a year, and remainders a record states', () => {
  const text =
    'Guardian covers bridges at 50%, which would be $1,800.00, but she has already used $1,615.00 of her $2,000.00 annual maximum, so only $385.00 is left.';
  const coverage = (remaining: number | null) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'How much of my annual maximum is left?', text),
        toolSpan(
          'coverage',
          'get_coverage',
          { chart: 'RH-1' },
          remaining === null ? { annual_max: 2000 } : { annual_max: 2000, annual_max_remaining: remaining },
        ),
        { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(text)] },
      ]),
    );

  it('"$2,000.00" is the whole the amount used is taken from, not a year to leave out', () => {
    expect(remainders(coverage(null))).toEqual([]);
    expect(
      remainders(answered('She has used $1,615.00 of her $2,000.00 annual maximum, so only $285.00 is left.')),
    ).toHaveLength(1);
  });

  it('a remainder the record states was read, not worked out', () => {
    expect(remainders(coverage(385))).toEqual([]);
  });
});

describe('miscomputed-remainder: the answer span, written after every record', () => {
  it('a balance the record states, repeated by the root agent’s answer, was read, not worked out', () => {
    const text = 'You paid a £300.00 deposit and your voucher covers £286.75, so there is £14.25 left to pay.';
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'What do I still owe on order LO-612?', text),
        toolSpan(
          'payments',
          'get_payments',
          { order_id: 'LO-612' },
          { total_paid_gbp: 586.75, balance_due_gbp: 14.25 },
        ),
      ]),
    );
    expect(remainders(report)).toEqual([]);
  });
});
