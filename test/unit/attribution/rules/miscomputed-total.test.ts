import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import {
  misaddedProseTotal,
  misaddedProseTotals,
  misaddedSubtotal,
  misaddedTotal,
} from '../../../../src/attribution/rules/miscomputed-total.js';
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

  it('the total is the amount after the word, not a deposit told later on its line', () => {
    const text = (total: string) =>
      `- booth: £625.00\n- extra hour: £95.00\n- prints: £60.00\nTotal: ${total}. A £150 deposit secures the date.`;
    expect(misaddedTotal(text('£780.00'))).toBeNull();
    expect(misaddedTotal(text('£870.00'))).toMatchObject({ stated: { value: 870 }, sum: 780 });
  });
});

describe('misaddedTotal: a line that introduces the list', () => {
  it('an amount in the line above the bullets is not one of the parts', () => {
    const text = (total: string) =>
      `At a £2,400 hammer price (margin scheme):\n- Hammer: £2,400.00\n- Premium 25%: £600.00\n- VAT on premium: £120.00\nTotal to pay: ${total}.`;
    expect(misaddedTotal(text('£3,120.00'))).toBeNull();
    expect(misaddedTotal(text('£3,210.00'))).toMatchObject({ sum: 3120, lines: 3 });
  });

  it('a total rounded to whole pounds over lines in pence is rounding, a pound or more off is not', () => {
    const lines = '- Oil on panel: £158,563.50\n- Tempera: £90,411.36\n- Drawing: £12,000.00\nTotal:';
    expect(misaddedTotal(`${lines} £260,975`)).toBeNull();
    expect(misaddedTotal(`${lines} £260,972`)).toMatchObject({ sum: 260974.86 });
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

describe('miscomputed-total: a total stated in prose', () => {
  const quote = {
    currency: 'GBP',
    lines: [
      { item: 'Double pitch, 2 days', amount: 180 },
      { item: 'Electric hook-up', amount: 45 },
      { item: 'Waste levy', amount: 12.5 },
    ],
  };
  const prices = {
    items: [
      { sku: 'BLZ', unit_price: 34 },
      { sku: 'SHT', unit_price: 8.5 },
      { sku: 'TIE', unit_price: 6 },
    ],
  };

  const misadded = (report: ReturnType<typeof attributeRootCause>) =>
    report.findings.filter((finding) => finding.rule === 'miscomputed-total');

  function quoted(result: typeof quote | typeof prices, text: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'What will my order cost?'),
        toolSpan('get', 'get_quote', { ref: 'Q-1' }, result),
        { id: 'model', name: 'chat', role: 'llm', outputMessages: [assistant(text)] },
      ]),
    );
  }

  it('"your total is £227.50: £180.00 pitch, £45.00 hook-up and the £12.50 levy" misadds the record’s lines', () => {
    const report = quoted(
      quote,
      'Your total is £227.50 (VAT included): £180.00 pitch, £45.00 electric hook-up and the £12.50 levy. Nothing has been paid yet.',
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'miscomputed-total' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'GBP 237.5', actual: 'GBP 227.5' });
  });

  it('lines worked out in one sentence and a total in the next: the worked-out amounts are the parts', () => {
    const text = '2 x blazer at £34.00 = £68.00, 3 x shirt at £8.50 = £25.50, 1 x tie at £6.00 = £6.00. Total: £93.50.';
    expect(quoted(prices, text).rootCause).toMatchObject({ spanId: 'model', rule: 'miscomputed-total' });
    expect(misadded(quoted(prices, text.replace('93.50', '99.50')))).toEqual([]);
  });

  it('amounts beside a total that are not the run’s figures, or rates, are not taken for its parts', () => {
    expect(misadded(quoted(quote, 'Your total is £227.50: £150.00 pitch and £40.00 hook-up.'))).toEqual([]);
    expect(
      misadded(quoted(quote, 'Your total is £237.50, with £95 each for the two juniors and £12.50 levy.')),
    ).toEqual([]);
  });

  it('quantities worked out with "=" ("3 L = 210 L") are no amounts of the total', () => {
    const water = {
      currency: 'EUR',
      lines: [{ item: 'Still water, per pack', amount: 4.8 }],
    } as unknown as typeof quote;
    const text =
      'Ordered 24 packs: 10 people x 7 days x 3 L = 210 L, which is 23.3 packs of 9 L, rounded up to 24 packs = 216 L. Total EUR 115.20, order AC-40377.';
    expect(misadded(quoted(water, text))).toEqual([]);
  });

  it('a rate the text multiplies ("charged at £0.60") is no part of the total beside it', () => {
    const travel = {
      currency: 'GBP',
      lines: [
        { item: 'Display', amount: 180 },
        { item: 'Travel', amount: 45 },
      ],
    } as unknown as typeof quote;
    const text = (total: string) =>
      `The display is £180.00 and the 75 miles are charged at £0.60, so travel is £45.00. Total: ${total}.`;
    expect(misadded(quoted(travel, text('£225.00')))).toEqual([]);
    expect(misadded(quoted(travel, text('£252.00')))).toHaveLength(1);
  });

  it('"£180.00 pitch, £45.00 hook-up and £12.50 levy, so £273.50 in total": the total told after its parts', () => {
    const text = (total: string) => `The pitch is £180.00, hook-up £45.00 and the levy £12.50, so ${total} in total.`;
    expect(quoted(quote, text('£273.50')).rootCause).toMatchObject({ spanId: 'model', rule: 'miscomputed-total' });
    expect(quoted(quote, text('£273.50')).rootCause?.evidence[0]).toMatchObject({ expected: 'GBP 237.5' });
    expect(misadded(quoted(quote, text('£237.50')))).toEqual([]);
    expect(misadded(quoted(quote, 'The pitch is £180.00 a night, hook-up £45.00, so £450.00 in total.'))).toEqual([]);
  });
});

describe('miscomputed-total: "add up to"', () => {
  it('pots that "add up to" a figure their listed values do not make', () => {
    const pots = {
      pots: [
        { provider: 'Aviva', value_gbp: 41250 },
        { provider: 'NEST', value_gbp: 6004.25 },
      ],
    };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Add up my pension pots.'),
        toolSpan('pots', 'get_pension_pots', { customer: 'RP-9' }, pots),
        {
          id: 'model',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('Your pots add up to £47,524.25: Aviva £41,250.00 and NEST £6,004.25.')],
        },
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', rule: 'miscomputed-total' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'GBP 47254.25' });
  });
});

describe('misaddedTotal: a listed line that works its amount out', () => {
  it('takes the line’s result, not the rate it multiplies', () => {
    const text = [
      'Your quote:',
      '- 12 June Manchester to York: £685.00',
      '- 13 June York to Durham: £540.00',
      '- Driver allowance (2 nights x £95): £190.00',
      'Total: £1,315.00 including VAT.',
    ].join('\n');
    expect(misaddedTotal(text)).toMatchObject({ sum: 1415, lines: 3 });
    expect(misaddedTotal(text.replace('1,315.00', '1,415.00'))).toBeNull();
  });
});

describe('miscomputed-total: a deposit or discount told in another sentence', () => {
  const ticket = {
    items: [
      { code: 'HEM', price_gbp: 165 },
      { code: 'BUS', price_gbp: 95 },
      { code: 'BOD', price_gbp: 120 },
      { code: 'CUP', price_gbp: 35 },
    ],
    deposit_paid_gbp: 100,
  };
  const answer = (text: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'What is the total for my alterations and what do I still owe?'),
        toolSpan('get', 'get_ticket', { ticket_id: 'T-1' }, ticket),
        { id: 'model', name: 'chat', role: 'llm', outputMessages: [assistant(text)] },
      ]),
    );

  it('a total its parts do not make is misadded though a deposit is told after it', () => {
    const report = answer(
      'Your alterations come to £451.00: the hem £165, the bustle £95, the bodice £120 and the cups £35. You have paid a £100 deposit, so £351.00 is due at collection.',
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'miscomputed-total' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'GBP 415', actual: 'GBP 451' });
  });

  it('a total the adjustment explains, or an adjustment told without its amount, is left alone', () => {
    const misadded = (text: string) => answer(text).findings.filter((finding) => finding.rule === 'miscomputed-total');
    expect(
      misadded(
        'Your alterations come to £315.00: the hem £165, the bustle £95, the bodice £120 and the cups £35. Your £100 deposit has been taken off.',
      ),
    ).toEqual([]);
    expect(
      misadded(
        'Your alterations come to £395.00: the hem £165, the bustle £95, the bodice £120 and the cups £35. Your loyalty discount was applied.',
      ),
    ).toEqual([]);
  });
});

describe('miscomputed-total: a subtotal of lines worked out in the sentence before', () => {
  it('"… = £71.80. Subtotal £229.50 + £9.50 delivery" misadds lines that come to £269.50', () => {
    const worked = '3 × £38.40 = £115.20; 2 × £41.25 = £82.50; 4 × £17.95 = £71.80.';
    expect(misaddedProseTotal(`${worked} Subtotal £229.50 + £9.50 delivery = £239.00.`)).toMatchObject({
      stated: { value: 229.5 },
      sum: 269.5,
    });
    expect(misaddedProseTotal(`${worked} Subtotal £269.50 + £9.50 delivery = £279.00.`)).toBeNull();
  });
});

describe('miscomputed-total: a subtotal before its VAT, and a line amount beside worked-out ones', () => {
  it('"Digbeth £1,240.00, Moseley £985.50, Solihull £1,612.00. Subtotal £3,737.50, VAT …" misadds', () => {
    const text = (subtotal: string) =>
      `Digbeth £1,240.00, Moseley £985.50, Solihull £1,612.00. Subtotal ${subtotal}, VAT (20%) £747.50, total £4,485.00.`;
    expect(misaddedProseTotal(text('£3,737.50'))).toMatchObject({ stated: { value: 3737.5 }, sum: 3837.5 });
    // A right subtotal is no slip (the total after it, 3,837.50 + 747.50, is another matter).
    expect(misaddedProseTotals(text('£3,837.50')).map((found) => found.stated.value)).not.toContain(3837.5);
  });

  it('"materials £360.24; labour 2 days x £240.00 = £480.00. Total £930.24": the price multiplied is no part', () => {
    const text = (total: string) => `Materials £360.24; labour 2 days x £240.00 = £480.00. Total ${total}, no VAT.`;
    expect(misaddedProseTotal(text('£930.24'))).toMatchObject({ sum: 840.24 });
    expect(misaddedProseTotal(text('£840.24'))).toBeNull();
  });
});

describe('misaddedSubtotal: the first sum of a quote', () => {
  const quote = (subtotal: string) =>
    [
      'Your quote:',
      '- Piano move: £285.00',
      '- Stair carry, 3 flights x £45.00: £135.00',
      '- Transit insurance, 1.5% of £6,500: £97.50',
      `Subtotal: ${subtotal}`,
      'VAT at 20%: £101.50',
      'Total: £609.00',
    ].join('\n');

  it('a subtotal its lines do not add up to is the slip, though the total follows from it', () => {
    expect(misaddedSubtotal(quote('£507.50'))).toMatchObject({ sum: 517.5, stated: { value: 507.5 } });
  });

  it('a subtotal its lines add up to is no slip', () => {
    expect(misaddedSubtotal(quote('£517.50'))).toBeNull();
  });

  it('the amount the subtotal word gives, when the line works on from it', () => {
    expect(misaddedSubtotal(quote('£507.50 + VAT £101.50 = £609.00'))).toMatchObject({ stated: { value: 507.5 } });
  });
});

describe('misaddedProseTotals: two totals in one sentence', () => {
  it('"your basket comes to £30.23, … so the total is £34.18": the grand total is checked too', () => {
    const text = 'Your basket comes to £30.23, and chilled delivery is £5.95, so the total is £34.18.';
    expect(misaddedProseTotals(text).map((found) => [found.stated.value, found.sum])).toContainEqual([34.18, 36.18]);
  });

  it('a grand total its parts add up to is not among them', () => {
    const text = 'Your basket comes to £30.23, and chilled delivery is £5.95, so the total is £36.18.';
    expect(misaddedProseTotals(text).map((found) => found.stated.value)).not.toContain(36.18);
  });
});
