import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { wrongOperations } from '../../../../src/attribution/rules/miscomputed-arithmetic.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

describe('wrongOperations', () => {
  it('finds an operation written out whose result its figures do not give', () => {
    expect(wrongOperations('Billable words 9,400 x GBP 0.12 per word = GBP 1,218.00 ex VAT.')).toEqual([
      expect.objectContaining({ left: 9400, right: 0.12, operator: 'x', result: 1218, worked: 1128 }),
    ]);
    expect(wrongOperations('7 x 24 = 170 hours')).toHaveLength(1);
    expect(wrongOperations('£1,185.60 + £708.00 = £1,893.00 + VAT')).toHaveLength(1);
    expect(wrongOperations('1,850 sq ft + 10% waste = 2,135 sq ft')).toHaveLength(1);
  });

  it('accepts right results, rounding to the result’s decimals and percentages read either way', () => {
    for (const text of [
      '9,400 x GBP 0.12 per word = GBP 1,128.00',
      '3 × £8.50 = £25.50',
      '17 / 3 = 5.67',
      '£200 x 12% = £24.00',
      '12% x £200 = £24',
      // A percentage added to a figure is that share of it: 1,850 + 10% of 1,850.
      '1,850 sq ft + 10% waste = 2,035 sq ft',
      '£400 - 15% = £340',
    ])
      expect(wrongOperations(text)).toEqual([]);
  });

  it('reads no operation out of a chain, a clock time, a unit glued to a figure or a conversion on the way', () => {
    for (const text of [
      '2 x 3 + 1 = 7',
      '4 days x $150 + 3 days x $300 = $1,500.00',
      '10:30 + 45 = 11:15',
      'Rent: 2,500 m2 x £0.38 = £950.00',
      '5,400 oysters x 80 g = 432 kg',
      '£1,185.60 + £708.00 = £1,893.60 + VAT for the year',
    ])
      expect(wrongOperations(text)).toEqual([]);
  });
});

describe('miscomputed-arithmetic', () => {
  const run = (working: string, answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'How much will job LB-77519 come to?', answer),
        toolSpan('count', 'get_word_count', { job_id: 'LB-77519' }, { billable_words: 9400 }),
        toolSpan('rate', 'get_rate', { rate_card: 'mkt-std' }, { per_word_gbp: 0.12 }),
        { id: 'calc', parentId: 'root', name: 'model.calculate', role: 'llm', outputMessages: [assistant(working)] },
      ]),
    );

  it('the model span that wrote the wrong result is the root, not the answer that repeats it', () => {
    const report = run(
      'Billable words 9,400 x GBP 0.12 per word = GBP 1,218.00 ex VAT.',
      'Job LB-77519 comes to GBP 1,218.00 ex VAT.',
    );
    expect(report.rootCause).toMatchObject({ spanId: 'calc', layer: 'model', rule: 'miscomputed-arithmetic' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '1128', actual: '1218' });
  });

  it('right working is no finding', () => {
    const report = run(
      'Billable words 9,400 x GBP 0.12 per word = GBP 1,128.00 ex VAT.',
      'Job LB-77519 comes to GBP 1,128.00 ex VAT.',
    );
    expect(report.findings.filter((finding) => finding.rule === 'miscomputed-arithmetic')).toEqual([]);
  });
});

describe('wrongOperations: a count at a price that comes to a total', () => {
  it('"At £85.00 per session, three sessions come to £225.00" gives 255', () => {
    expect(wrongOperations('At £85.00 per session, three sessions come to £225.00 in total.')).toMatchObject([
      { left: 3, right: 85, result: 225, worked: 255 },
    ]);
    expect(wrongOperations('3 nights at £120 a night come to £340.')).toMatchObject([{ worked: 360 }]);
  });

  it('the right total, or a count that is the tail of a figure ("78.6 hours"), is no wrong operation', () => {
    expect(wrongOperations('At £85.00 per session, three sessions come to £255.00.')).toEqual([]);
    expect(wrongOperations('the other 78.6 hours at £7.85 come to £617.01, plus meals')).toEqual([]);
    expect(wrongOperations('Route of 1,460 miles at GBP 2.10 a mile comes to GBP 3,066.00.')).toEqual([]);
  });
});

describe('wrongOperations: a sum of three', () => {
  it('"£265 + £97.50 + £50 = £412.50" holds: its last two figures are no operation of their own', () => {
    expect(wrongOperations('£265 + £97.50 + £50 = £412.50, VAT included.')).toEqual([]);
    expect(wrongOperations('£20 + £5 = £30')).toMatchObject([{ worked: 25 }]);
  });
});

describe('wrongOperations: a line labelled before its working', () => {
  it('"Mileage: 71.4 miles x GBP 1.80 = GBP 118.52" is read though a label and a colon lead it', () => {
    const found = wrongOperations('- Flag fall: GBP 4.00\n- Mileage: 71.4 miles x GBP 1.80 = GBP 118.52');
    expect(found.map((operation) => operation.result)).toEqual([118.52]);
  });

  it('the same line worked out rightly is no finding', () => {
    expect(wrongOperations('- Mileage: 71.4 miles x GBP 1.80 = GBP 128.52')).toEqual([]);
  });
});

describe('wrongOperations: a share a listed quote works out', () => {
  it('"Bundle discount (10%): -£26.80" under "Combined: £168.00" is 10% of nothing above it', () => {
    const quote =
      '- Screen: £89.00\n- Battery: £79.00\nCombined: £168.00\nBundle discount (10%): -£26.80\nTotal: £141.20';
    expect(wrongOperations(quote).map((operation) => [operation.operator, operation.result])).toEqual([['%', 26.8]]);
  });

  it('a share of one line, of a run of lines, or a note after a total is no finding', () => {
    expect(wrongOperations('- Screen: £89.00\n- Battery: £79.00\nCombined: £168.00\nDiscount (10%): -£16.80')).toEqual(
      [],
    );
    expect(wrongOperations('- Screen: £89.00\n- Battery: £79.00\nVAT at 20%: £33.60')).toEqual([]);
    expect(wrongOperations('- Whisky: £486.00\nTotal ex VAT: £676.05. VAT at 20% is added on the invoice.')).toEqual(
      [],
    );
  });
});

describe('wrongOperations: a sum of three parts or more', () => {
  it('"frame £189.00 + lenses £245.00 + coating £60.00 = £484.00" adds up to £494.00', () => {
    const found = wrongOperations('With your voucher: frame £189.00 + lenses £245.00 + coating £60.00 = £484.00.');
    expect(found.map((operation) => [operation.result, operation.worked])).toEqual([[484, 494]]);
  });

  it('bare figures, and a share in brackets beside its part, are read too', () => {
    expect(wrongOperations('- Glazed area: 0.42 + 0.42 + 0.38 + 0.61 = 1.63 m²')).toHaveLength(1);
    expect(wrongOperations('Net £1,424.60 + surcharge (3%) £42.74 + VAT £293.47 = £1,670.81 to pay.')).toHaveLength(1);
  });

  it('a sum that holds, or a chain with a product in it, is no finding', () => {
    expect(wrongOperations('frame £189.00 + lenses £245.00 + coating £60.00 = £494.00')).toEqual([]);
    expect(wrongOperations('Max model £40.00 + Mini £25.00 + case £5.00 = £70.00')).toEqual([]);
    expect(wrongOperations('2 x £10.00 + £5.00 + £3.00 = £28.00')).toEqual([]);
  });
});
