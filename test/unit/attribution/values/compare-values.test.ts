import { describe, expect, it } from 'vitest';
import { nearMiss, unitNearMiss } from '../../../../src/attribution/values/compare-values.js';
import {
  type ExtractedValue,
  extractFromJson,
  extractFromText,
} from '../../../../src/attribution/values/extract-values.js';
import { isDayOfWrittenDate } from '../../../../src/attribution/values/written-dates.js';

function phone(key: string): ExtractedValue {
  return { type: 'phone', raw: key, key, number: null, unit: null, field: null };
}

describe('nearMiss: phone numbers', () => {
  it('one or two dropped digits, or a swap, are a copying slip', () => {
    expect(nearMiss(phone('+4477009412'), phone('+447700900412'))).toBe('dropped character');
    expect(nearMiss(phone('+447700900421'), phone('+447700900412'))).toBe('transposition');
  });

  it('different numbers are not near misses', () => {
    expect(nearMiss(phone('+441632960961'), phone('+447700900412'))).toBeNull();
    expect(nearMiss(phone('+4477'), phone('+447700900412'))).toBeNull();
  });
});

describe('nearMiss: two-digit figures', () => {
  const figure = (number: number, field: string | null): ExtractedValue => ({
    type: 'number',
    raw: String(number),
    key: String(number),
    number,
    unit: null,
    field,
  });

  it('a swap of two digits under one field name (`axis: 85` sent as `axis: 58`) is a slip', () => {
    expect(nearMiss(figure(58, 'L.axis'), figure(85, 'L.axis'))).toBe('transposition');
  });

  it('the same swap between unrelated fields, or without fields, is chance', () => {
    expect(nearMiss(figure(58, 'age'), figure(85, 'axis'))).toBeNull();
    expect(nearMiss(figure(58, null), figure(85, null))).toBeNull();
  });
});

describe('nearMiss: a share against a measure', () => {
  const measured = (number: number, unit: string): ExtractedValue => ({
    type: 'number',
    raw: `${number} ${unit}`,
    key: String(number),
    number,
    unit,
    field: null,
  });

  it('"5 ft" is no "5%" in another unit, while "5 ft" and "5 m" are', () => {
    expect(unitNearMiss(measured(5, 'ft'), measured(5, '%'))).toBeNull();
    expect(unitNearMiss(measured(5, 'ft'), measured(5, 'm'))).toBe('other unit');
  });
});

describe('nearMiss: minor units against a major amount', () => {
  const total = extractFromJson({ total: 412.5, currency: 'GBP' }).find((value) => value.key === '412.5');

  it('`amount_minor: 4125` for GBP 412.50 is a decimal shift; 41250 is the same amount; 4126 is neither', () => {
    if (!total) throw new Error('no total read');
    const minor = (amount: number) => extractFromJson({ amount_minor: amount })[0];
    expect(nearMiss(minor(4125) as ExtractedValue, total)).toBe('decimal shift');
    expect(nearMiss(minor(41250) as ExtractedValue, total)).toBeNull();
    expect(nearMiss(minor(4126) as ExtractedValue, total)).toBeNull();
  });
});

describe('nearMiss: `15m` against "15 minutes"', () => {
  it('m is minutes as often as metres: the same figure is no unit drift; another figure is still compared', () => {
    const [written] = extractFromJson({ window: '15m' });
    const [asked] = extractFromJson({ window_min: 15 });
    if (!written || !asked) throw new Error('no values read');
    expect(nearMiss(written, asked)).toBeNull();
    expect(unitNearMiss(written, asked)).toBeNull();
  });
});

describe('nearMiss: the same energy in a larger unit', () => {
  it('"18.4 MWh" for 18,400 kWh is the same amount; 1.84 MWh is a slipped decimal', () => {
    const [recorded] = extractFromText('18,400 kWh');
    const [same] = extractFromText('18.4 MWh');
    const [slipped] = extractFromText('1.84 MWh');
    if (!recorded || !same || !slipped) throw new Error('no values read');
    expect(nearMiss(same, recorded)).toBeNull();
    expect(nearMiss(slipped, recorded)).toBe('decimal shift');
  });
});

describe('nearMiss: a unitless duration field in milliseconds', () => {
  it('"60 s" against `x-message-ttl: 60000` is the same duration; against a count it is a decimal shift', () => {
    const [told] = extractFromText('a 60 s message TTL');
    const [ttl] = extractFromJson({ 'x-message-ttl': 60000 });
    const [messages] = extractFromJson({ messages: 60000 });
    if (!told || !ttl || !messages) throw new Error('no values read');
    expect(told.unit).toBe('s');
    expect(nearMiss(told, ttl)).toBeNull();
    expect(nearMiss(ttl, told)).toBeNull();
    expect(nearMiss(told, messages)).toBe('decimal shift');
  });
});

describe('isDayOfWrittenDate', () => {
  it('the day of "Tuesday 10 March" or "the 25th", and the year of "October 2025", are parts of dates', () => {
    expect(isDayOfWrittenDate('a review on Tuesday 10 March at 09:40', '10')).toBe(true);
    expect(isDayOfWrittenDate('due on the 25th', '25')).toBe(true);
    expect(isDayOfWrittenDate('since October 2025', '2025')).toBe(true);
    expect(isDayOfWrittenDate('a 10 ml bottle', '10')).toBe(false);
  });
});

describe('nearMiss: amounts in minor units', () => {
  it('"£66.98" against `amount: -6698` beside `currency: "gbp"` is the same amount; a field named in pounds is not', () => {
    const [written] = extractFromText('Paywell fees were £66.98.');
    const [pence] = extractFromJson({ currency: 'gbp', lines: [{ type: 'fees', amount: -6698 }] }).filter(
      (value) => value.number === -6698,
    );
    const [pounds] = extractFromJson({ replacement_price_gbp: 6698 });
    if (!written || !pence || !pounds) throw new Error('no values read');
    expect(pence.unit).toBe('gbp');
    expect(nearMiss(written, pence)).toBeNull();
    expect(nearMiss(written, pounds)).not.toBeNull();
  });
});

describe('nearMiss: a version with its numbers in another order', () => {
  it('`v2.1.4` for `v2.4.1` is a transposition; another version is not', () => {
    const [asked] = extractFromText('Roll forward to image tag v2.4.1 today.');
    const [sent] = extractFromJson({ image: 'registry.corp.internal/search/indexer:v2.1.4' });
    const [other] = extractFromJson({ image: 'registry.corp.internal/search/indexer:v2.5.0' });
    if (!asked || !sent || !other) throw new Error('no values read');
    expect(sent.type).toBe('version');
    expect(nearMiss(sent, asked)).toBe('transposition');
    expect(nearMiss(other, asked)).toBeNull();
  });
});
