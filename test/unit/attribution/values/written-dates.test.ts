import { describe, expect, it } from 'vitest';
import { isDayOfWrittenDate, writesDayAndMonth } from '../../../../src/attribution/values/written-dates.js';

describe('writesDayAndMonth', () => {
  it('reads a day with its month either way round', () => {
    expect(writesDayAndMonth('arriving 19 June', 6, 19)).toBe(true);
    expect(writesDayAndMonth('arriving June 19th', 6, 19)).toBe(true);
    expect(writesDayAndMonth('arriving 19 June', 6, 9)).toBe(false);
  });

  it("gives a range's first day the month written after its last", () => {
    expect(writesDayAndMonth('from Monday 21 to Monday 28 December', 12, 21)).toBe(true);
    expect(writesDayAndMonth('21-28 Dec', 12, 21)).toBe(true);
    // A day in another sentence, with no range to its month, is not written with it.
    expect(writesDayAndMonth('Room 21. Leaving 28 December.', 12, 21)).toBe(false);
  });
});

describe('isDayOfWrittenDate', () => {
  it('the first day of a range told with weekdays ("Friday 11 to Monday 14 September") is a day, not a figure', () => {
    expect(isDayOfWrittenDate('You are booked Friday 11 to Monday 14 September 2026.', '11')).toBe(true);
    expect(isDayOfWrittenDate('You are booked in Single 11 for the September retreat.', '11')).toBe(false);
  });
});
