import { describe, expect, it } from 'vitest';
import { conflictingLimit, statedLimits } from '../../../../src/attribution/text/limits.js';

describe('statedLimits', () => {
  it('reads upper and lower bounds with their units, whatever the wording', () => {
    expect(statedLimits('Bookings may include up to 12 guests and need at least 2 nights.')).toEqual([
      { bound: 'max', value: 12, unit: 'guest', raw: 'up to 12 guests' },
      { bound: 'min', value: 2, unit: 'night', raw: 'at least 2 nights' },
    ]);
    expect(statedLimits('amount exceeds the approval limit of 2,500 EUR')).toEqual([
      { bound: 'max', value: 2500, unit: 'eur', raw: 'exceeds the approval limit of 2,500 EUR' },
    ]);
  });

  it('takes a currency symbol as the unit and leaves the next word alone', () => {
    expect(statedLimits('Discounts over $40 need a manager.')).toEqual([
      { bound: 'max', value: 40, unit: 'usd', raw: 'over $40' },
    ]);
  });

  it('gives no unit to a number followed by a plain word', () => {
    expect(statedLimits('retry up to 3 and then stop')[0]?.unit).toBeNull();
  });
});

describe('conflictingLimit', () => {
  it('pairs the same bound on the same unit with another value', () => {
    const stated = statedLimits('A shipment may weigh up to 40 lb.');
    const observed = statedLimits('rejected: weight exceeds maximum of 25 lb');
    expect(conflictingLimit(stated, observed)?.map((limit) => limit.value)).toEqual([40, 25]);
  });

  it('ignores bounds on other units, other directions, or equal values', () => {
    const stated = statedLimits('Loans of at least 500 usd and up to 30 days.');
    expect(conflictingLimit(stated, statedLimits('exceeds maximum of 45 kg'))).toBeNull();
    expect(conflictingLimit(stated, statedLimits('below minimum of 30 days'))).toBeNull();
    expect(conflictingLimit(stated, statedLimits('cannot exceed 30 days'))).toBeNull();
  });
});
