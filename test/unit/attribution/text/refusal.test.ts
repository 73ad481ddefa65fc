import { describe, expect, it } from 'vitest';
import { isRefusalOrFailureReport } from '../../../../src/attribution/text/words.js';

describe('isRefusalOrFailureReport: the agent reporting its own failure', () => {
  it.each([
    'Sorry, I couldn’t find that order.',
    'I was unable to reach the booking system.',
    'We can’t locate a parcel with that reference.',
    'There is no record of a permit for that address.',
    'The checker could not complete the search.',
    'There is no billing-batch namespace on prod-us-1 (the API returned NotFound).',
    'No customer matches this callback: CUS-5590412 doesn’t exist, so nothing was changed.',
  ])('%s', (text) => {
    expect(isRefusalOrFailureReport(text)).toBe(true);
  });

  it.each([
    'Couriers can use the dock 06:00-22:00; vehicles over 7.5t can’t use the dock.',
    'You cannot park in bays V1-V12 for more than 2 hours.',
    'Refunds can’t be split across two cards, so the full £84 went back to your Visa.',
  ])('a "can’t" about the world is content: %s', (text) => {
    expect(isRefusalOrFailureReport(text)).toBe(false);
  });
});

describe('isRefusalOrFailureReport: nothing there to do it with', () => {
  it('"there is no catchment map to send" and "has none on record" report that the thing does not exist', () => {
    expect(isRefusalOrFailureReport('There is no catchment map to send: the academy does not operate one.')).toBe(true);
    expect(isRefusalOrFailureReport('The council checker has none on record for it.')).toBe(true);
  });

  it('"there is no need to book" and "there is no charge to pay" report no failure', () => {
    expect(isRefusalOrFailureReport("Open 09:00 to 17:00, and there's no need to book a seat.")).toBe(false);
    expect(isRefusalOrFailureReport('There is no fee to pay for the move.')).toBe(false);
  });
});
