import { describe, expect, it } from 'vitest';
import { extractFromJson, extractFromText, unitFromField } from '../../../../src/attribution/values/extract-values.js';
import { modelCallRun } from '../build-trace.js';

const summary = (values: ReturnType<typeof extractFromText>): string[] =>
  values.map((value) => `${value.type}:${value.key}${value.unit ? `:${value.unit}` : ''}`);

describe('extractFromText', () => {
  it('finds emails and URLs in a text without digits, and nothing else', () => {
    expect(summary(extractFromText('Write to Jane@Contoso.com, see https://contoso.com/help.'))).toEqual([
      'url:https://contoso.com/help',
      'email:jane@contoso.com',
    ]);
    expect(extractFromText('no values in plain words here')).toEqual([]);
  });

  it('keeps identifiers only when they carry a digit, whatever words surround them', () => {
    expect(summary(extractFromText('Refund order #1234 for cus_4471 and ticket INC-20417 today'))).toEqual([
      'identifier:1234',
      'identifier:cus_4471',
      'identifier:inc-20417',
    ]);
  });

  it('does not take a word as an identifier because a digit follows it after a separator run', () => {
    // `abc--1`: the token is `abc` (no digit), and a number right after a dash is not read as one.
    expect(summary(extractFromText('abc--1 and x_y-2 and code7'))).toEqual(['identifier:x_y-2', 'identifier:code7']);
  });

  it('reads dates, versions, times and phones only when their separators are present', () => {
    expect(summary(extractFromText('Deploy v2.3.1 on 2026-03-04 at 14:30, call 555-0134'))).toEqual([
      'date:2026-03-04',
      'version:2.3.1',
      'phone:5550134',
      'time:14:30',
    ]);
  });

  it('reads a code whose tail looks like a phone number (`LM-2026-031`) as one identifier', () => {
    expect(summary(extractFromText('citing memo LM-2026-031, or call 555-0134'))).toEqual([
      'phone:5550134',
      'identifier:lm-2026-031',
    ]);
  });

  it('gives numbers their units and currencies, and leaves numbers that are identifiers alone', () => {
    expect(summary(extractFromText('Charge $89.50 for 3 seats, order 12345'))).toEqual([
      'identifier:12345',
      'number:89.5:usd',
      'number:3:seat',
    ]);
  });
});

describe('extractFromJson', () => {
  it('walks keys in order, takes units from field names and ID-like fields as identifiers', () => {
    const values = extractFromJson({ order_id: '1243', amount_eur: 89, items: [{ sku: 'ZX4KLM', qty: 2 }] });
    expect(values.map((value) => [value.field, value.type, value.key, value.unit])).toEqual([
      ['order_id', 'identifier', '1243', null],
      ['amount_eur', 'number', '89', 'eur'],
      ['items.sku', 'identifier', 'zx4klm', null],
      ['items.qty', 'number', '2', null],
    ]);
  });
});

describe('unitFromField', () => {
  it('answers the same for a field asked again, camelCase or snake_case', () => {
    expect(unitFromField('durationMin')).toBe('min');
    expect(unitFromField('durationMin')).toBe('min');
    expect(unitFromField('size_mb')).toBe('mb');
    expect(unitFromField('price')).toBeNull();
    expect(unitFromField(null)).toBeNull();
  });
});

describe('numbers as people write them', () => {
  it('reads an ISO currency code before the amount as its unit', () => {
    expect(summary(extractFromText('The day pass costs USD 12, or EUR 5,100 for the year.'))).toEqual([
      'number:12:usd',
      'number:5100:eur',
    ]);
  });

  it('keeps a sign written before the currency symbol', () => {
    expect(summary(extractFromText('Your basket now comes to -£40.00.'))).toEqual(['number:-40:gbp']);
  });

  it('leaves a word that is not a unit out of the value as written', () => {
    const [charge] = extractFromText('The water charge comes to 90.00 this month.');
    expect(charge?.raw).toBe('90.00');
    const [duration] = extractFromText('The call lasted 30 minutes.');
    expect(duration?.raw).toBe('30 minutes');
  });
});

describe('a range of figures with thousands groups', () => {
  it('"38,000-48,000" gives no stray "000" from the upper figure', () => {
    expect(summary(extractFromText('Survey estimate 38,000-48,000 + VAT.'))).toEqual(['number:38000']);
    // A list of small numbers keeps each of them.
    expect(extractFromText('Lanes 1,2,3 and 4,500 arrows.').map((value) => value.key)).toEqual(['1', '2', '3', '4500']);
  });
});

describe('numbers as people write them: near misses', () => {
  it('bus timetables: USD before a fare is its currency; a word before a number is not', () => {
    expect(summary(extractFromText('A day ticket on bus 12 costs USD 12.'))).toEqual(['number:12', 'number:12:usd']);
    // A currency code the extractor does not know stays no unit.
    expect(summary(extractFromText('Bus 12 costs NOK 40 a ride.'))).toEqual(['number:12', 'number:40']);
  });

  it('courier rounds: a sign right before the pound sign is negative; a spaced minus between amounts is not', () => {
    expect(summary(extractFromText('Your courier credit is -£40.00 after the return.'))).toEqual(['number:-40:gbp']);
    expect(summary(extractFromText('The refund is £45.00 - £5.00 = £40.00.'))).toEqual([
      'number:45:gbp',
      'number:5:gbp',
      'number:40:gbp',
    ]);
  });

  it('swimming lessons: "90.00 this month" is written 90.00; "90.00 GBP this month" keeps its currency', () => {
    const [plain] = extractFromText('The swimming lesson fee comes to 90.00 this month.');
    expect(plain).toMatchObject({ raw: '90.00', number: 90, unit: null });
    const [withCurrency] = extractFromText('The swimming lesson fee comes to 90.00 GBP this month.');
    expect(withCurrency).toMatchObject({ raw: '90.00 GBP', number: 90, unit: 'gbp' });
  });
});

describe('dates as people write them', () => {
  it('reads day-month-year and month-day-year dates as their ISO key', () => {
    const values = extractFromText('Fly out Saturday 14 March 2026, back on April 2nd, 2026; not 31 Feb 2026.');
    const dates = values.filter((value) => value.type === 'date');
    expect(dates.map((value) => [value.key, value.raw])).toEqual([
      ['2026-03-14', '14 March 2026'],
      ['2026-04-02', 'April 2nd, 2026'],
    ]);
    // An impossible date stays numbers rather than becoming a date that never was.
    expect(values.some((value) => value.type === 'number' && value.key === '31')).toBe(true);
  });
});

describe('units as people write them', () => {
  it('reads degrees with or without the degree sign, and leaves rates without a unit', () => {
    expect(summary(extractFromText('Keep at 13.3 C, never 55°F; vents at 25 m³/h.'))).toEqual([
      'number:13.3:degc',
      'number:55:degf',
      'number:25',
    ]);
  });

  it('reads inches only where nothing follows them', () => {
    expect(summary(extractFromText('Panel: 48.5 × 31.2 × 2.4 in\nWe have 5 in stock; a 2 inch gap.'))).toEqual([
      'number:48.5',
      'number:31.2',
      'number:2.4:in',
      'number:5',
      'number:2:in',
    ]);
  });
});

describe('phone numbers', () => {
  it('reads international numbers written with or without spaces', () => {
    const values = extractFromText('Port +44 7700 900412 today, or call (020) 7946 0018.');
    expect(values.filter((value) => value.type === 'phone').map((value) => value.key)).toEqual([
      '+447700900412',
      '02079460018',
    ]);
    expect(extractFromJson({ msisdn: '+4477009412' })).toMatchObject([{ type: 'phone', key: '+4477009412' }]);
  });
});

describe('signs', () => {
  it('a dash that opens a list item is no minus sign; one against the figure is', () => {
    const numbers = (text: string) =>
      extractFromText(text)
        .filter((value) => value.type === 'number')
        .map((value) => value.number);
    expect(numbers('- 12 lanes reserved')).toEqual([12]);
    expect(numbers('balance -12 after fees')).toEqual([-12]);
  });
});

describe('units a record states', () => {
  it("a record's unit key gives its one bare number that unit", () => {
    const values = extractFromJson({ peak_temp: 1222, unit: 'F', hold_min: 10 });
    expect(values.find((value) => value.field === 'peak_temp')).toMatchObject({ number: 1222, unit: 'degf' });
    expect(values.find((value) => value.field === 'hold_min')).toMatchObject({ number: 10, unit: 'min' });
  });

  it('leaves the unit unassigned when two bare numbers could carry it, or when it is a count', () => {
    const ambiguous = extractFromJson({ weight: 5, unit: 'kg', quantity: 3 });
    expect(ambiguous.filter((value) => value.type === 'number').map((value) => value.unit)).toEqual([null, null]);
    const counted = extractFromJson({ quantity: 5, unit: 'items' });
    expect(counted.find((value) => value.field === 'quantity')?.unit).toBeNull();
  });
});

describe('units a field name gives', () => {
  it('a field that counts one thing carries it as its unit; minor units are cents', () => {
    const unitOf = (record: Record<string, number>) => extractFromJson(record)[0]?.unit;
    expect(unitOf({ seats: 41 })).toBe('seat');
    expect(unitOf({ num_guests: 6 })).toBe('guest');
    expect(unitOf({ night_count: 3 })).toBe('night');
    expect(unitOf({ amount_minor: 650 })).toBe('cents');
    expect(unitOf({ amount_pence: 650 })).toBe('cents');
    expect(unitOf({ seat_map_version: 3 })).toBeNull();
  });
});

describe('currencies a record states by prefix', () => {
  it('settlement_currency applies to settlement_amount, currency to the rest', () => {
    const values = extractFromJson({
      amount: 42,
      currency: 'EUR',
      settlement_amount: 36.12,
      settlement_currency: 'GBP',
    });
    expect(values.find((value) => value.field === 'amount')?.unit).toBe('eur');
    expect(values.find((value) => value.field === 'settlement_amount')?.unit).toBe('gbp');
  });

  it('an amount followed by "per" is a rate and carries no currency', () => {
    expect(summary(extractFromText('The rate is 0.924 EUR per USD.'))).toEqual(['number:0.924']);
    expect(summary(extractFromText('The room is 240 EUR per night.'))).toEqual(['number:240:eur']);
  });
});

describe('extractFromText: spans of time written in parts', () => {
  const numbers = (text: string) =>
    extractFromText(text)
      .filter((value) => value.type === 'number')
      .map((value) => [value.raw, value.number, value.unit]);

  it('"2 min 20 s" and "25 h 25 min" are one duration each, in the smaller unit', () => {
    expect(numbers('ETA about 2 min 20 s.')).toEqual([['2 min 20 s', 140, 's']]);
    expect(numbers('due 10:30 - 25 h 25 min after the draw')).toEqual([['25 h 25 min', 1525, 'min']]);
    expect(numbers('1 hour and 30 minutes')).toEqual([['1 hour and 30 minutes', 90, 'min']]);
  });

  it('figures of other kinds side by side stay apart, and a dash before a space is no minus', () => {
    expect(numbers('3 h 5 kg')).toEqual([
      ['3 h', 3, 'h'],
      ['5 kg', 5, 'kg'],
    ]);
    expect(numbers('from 10:30 - 25 GBP extra')).toEqual([['25 GBP', 25, 'gbp']]);
  });
});

describe('extractFromText: a standard named by its number', () => {
  it('"DIN EN ISO 2719", "BS EN 1176-1" and "ISO 9001:2015" are one identifier each, no figure or time', () => {
    const values = extractFromText('17 C (closed cup, DIN EN ISO 2719), tested to BS EN 1176-1 and ISO 9001:2015');
    expect(values.map((value) => [value.type, value.key])).toEqual([
      ['identifier', 'din en iso 2719'],
      ['identifier', 'bs en 1176-1'],
      ['identifier', 'iso 9001:2015'],
      ['number', '17'],
    ]);
  });
});

describe('extractFromText: a scale word after a figure', () => {
  it('"620.4 million rows" and "£1.2bn" are the figures they say', () => {
    const values = extractFromText('orders has ~620.4 million rows; sales of £1.2bn; 3 thousand users');
    expect(values.map((value) => [value.raw, value.number, value.unit])).toEqual([
      ['620.4 million', 620_400_000, null],
      ['£1.2bn', 1_200_000_000, 'gbp'],
      ['3 thousand', 3000, null],
    ]);
  });
});

describe('extractFromJson: a list of figures beside the record’s unit', () => {
  it('`{values: [76.2, 35.6], unit: "cm"}` reads each value in centimetres', () => {
    const values = extractFromJson({ values: [76.2, 35.6], unit: 'cm' }).filter((value) => value.type === 'number');
    expect(values.map((value) => [value.number, value.unit])).toEqual([
      [76.2, 'cm'],
      [35.6, 'cm'],
    ]);
  });
});

describe('UK postcodes', () => {
  it('a postcode is one code, with or without its space', () => {
    const keys = (text: string) => extractFromText(text).map((value) => `${value.type}:${value.key}`);
    expect(keys('Ty Newydd, Cefn Coch, SY21 0HG.')).toEqual(['identifier:sy210hg']);
    expect(keys('Deliver to EC1A 1BB or M1 1AE')).toEqual(['identifier:ec1a1bb', 'identifier:m11ae']);
    expect(keys('postcode SW1A2AA')).toEqual(['identifier:sw1a2aa']);
  });

  it('a postcode with two letters of its inward code swapped is a near miss of it, found at the call', () => {
    const report = modelCallRun('Please book the installer at Ty Newydd, Cefn Coch, SY21 0HG.', {
      postcode: 'SY21 0GH',
    });
    expect(report.rootCause).toMatchObject({ layer: 'tool-args' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: 'SY21 0GH' });
  });
});

describe('street addresses', () => {
  it('a house number and its street are one address', () => {
    const keys = (text: string) => extractFromText(text).map((value) => `${value.type}:${value.key}`);
    expect(keys('Flat 3, 27 Brudenell Grove, Leeds')).toEqual(['identifier:27 brudenell grove', 'number:3']);
    expect(keys('Give 15 marks on the Hill')).toEqual(['number:15']);
  });

  it('a house number with its digits swapped on the same street is a near miss, found at the call', () => {
    const report = modelCallRun('Book a collection for Mrs Haworth, 27 Brudenell Grove, Leeds.', {
      address: '72 Brudenell Grove, Leeds',
    });
    expect(report.rootCause).toMatchObject({ layer: 'tool-args' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: '72 Brudenell Grove' });
  });
});

describe('extractFromText: fractions with a unit', () => {
  it('"3/4 in" is one figure, three quarters of an inch, not a 3 and a 4 in', () => {
    expect(summary(extractFromText('The customer asked for 3/4 in'))).toEqual(['number:0.75:in']);
    expect(summary(extractFromText('Let it down 1 1/2 inches.'))).toEqual(['number:1.5:in']);
  });

  it('without a unit after it, or with "in" as a preposition, a fraction is no length', () => {
    expect(summary(extractFromText('Open 24/7'))).toEqual(['number:24', 'number:7']);
    expect(summary(extractFromText('Cut 1/2 in half first.'))).toEqual(['number:0.5']);
  });
});

describe('extractFromText: a side named by its number', () => {
  it('"Derby 1s" and "Loughborough Town 2s" are names, not seconds; "took 1s" is a second', () => {
    expect(summary(extractFromText('Derby 1s are second behind Loughborough Town 2s.'))).toEqual([]);
    expect(summary(extractFromText('The check took 1s.'))).toEqual(['number:1:s']);
  });
});

describe('extractFromText: sizes written as one token', () => {
  it('"300x600" and "12x10 in" are their figures; "30.5 x 25.4 cm" too, with its unit', () => {
    expect(summary(extractFromText('Tiles 300x600, prints 12x10 in'))).toEqual([
      'number:300',
      'number:600',
      'number:12:in',
      'number:10:in',
    ]);
    expect(summary(extractFromText('(30.5 x 25.4 cm)'))).toEqual(['number:30.5:cm', 'number:25.4:cm']);
  });

  it('a count times a figure with no unit of length, or a code, is not a size', () => {
    expect(summary(extractFromText('3 x 20 kg bags'))).toEqual(['number:3', 'number:20:kg']);
    expect(summary(extractFromText('Part AB3x4'))).toEqual(['identifier:ab3x4']);
  });
});
