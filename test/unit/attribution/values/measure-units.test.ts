import { describe, expect, it } from 'vitest';
import {
  conversionFactor,
  quantitiesInText,
  unitOfField,
  writesItemSize,
} from '../../../../src/attribution/values/measure-units.js';

describe('measure-units', () => {
  it('reads quantities as people write them, and not words that only look like units', () => {
    const read = (text: string) => quantitiesInText(text).map((quantity) => [quantity.amount, quantity.unit.name]);
    expect(read('A 25-year term on 1,250 sq ft at 0.5 m/s, 44 lb')).toEqual([
      [25, 'year'],
      [1250, 'sqft'],
      [0.5, 'm_s'],
      [44, 'lb'],
    ]);
    expect(read('5 in stock, 3 M units, at 10 am, 25 m³/h')).toEqual([]);
  });

  it('reads the unit a field name ends in, and none from a bare name', () => {
    expect(unitOfField('floor_area_m2')?.name).toBe('m2');
    expect(unitOfField('limits.maxSpeedMmS')?.name).toBe('mm_s');
    expect(unitOfField('term_months')?.name).toBe('month');
    expect(unitOfField('months')).toBeNull();
    expect(unitOfField('customer_name')).toBeNull();
  });

  it('gives factors within a dimension only', () => {
    const [feet, metres, kilos] = ['10 ft', '10 m', '10 kg'].map((text) => quantitiesInText(text)[0]?.unit);
    if (!feet || !metres || !kilos) throw new Error('units not read');
    expect(conversionFactor(feet, metres)).toBeCloseTo(0.3048);
    expect(conversionFactor(feet, kilos)).toBeNull();
  });
});

describe('writesItemSize', () => {
  it('a size written before a container sizes each item', () => {
    expect(writesItemSize('22 lb of the Kiambu, in 1 kg bags please', '1 kg')).toBe(true);
    expect(writesItemSize('three 5 L tins of white', '5 L')).toBe(true);
  });

  it('an amount in all is no item size', () => {
    expect(writesItemSize('22 lb of the Kiambu, in 1 kg bags please', '22 lb')).toBe(false);
    expect(writesItemSize('10 kg of flour', '10 kg')).toBe(false);
  });
});

describe('writesItemSize: counts', () => {
  it('"10 bags" counts bags; it sizes none', () => {
    expect(writesItemSize('Can we get 10 bags of the Kiambu?', '10')).toBe(false);
  });
});

describe('quantitiesInText: feet and inches', () => {
  it('`36\'6"` is one length of 36.5 ft, besides its parts', () => {
    expect(
      quantitiesInText('Luff is 36\'6", foot 12\'2".').map((quantity) => [quantity.amount, quantity.unit.name]),
    ).toEqual(
      expect.arrayContaining([
        [36.5, 'ft'],
        [12.1667, 'ft'],
      ]),
    );
    expect(quantitiesInText('It is 12 ft 6 in long.').map((quantity) => quantity.amount)).toContain(12.5);
  });
});
