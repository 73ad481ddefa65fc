import { describe, expect, it } from 'vitest';
import {
  isDayOfWrittenDate,
  writesDayAndMonth,
  writesOffCalendarWeekday,
} from '../../../../src/attribution/values/written-dates.js';

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

describe('writesOffCalendarWeekday', () => {
  it('a weekday the calendar does not give the date it names, written any way', () => {
    expect(writesOffCalendarWeekday('Today is Monday 8 December 2026.')).toBe(true);
    expect(writesOffCalendarWeekday('Today is Thursday 2026-12-11')).toBe(true);
    expect(writesOffCalendarWeekday('Today is Tuesday 8 December 2026.')).toBe(false);
    expect(writesOffCalendarWeekday('Today is Thursday, December 10, 2026')).toBe(false);
    expect(writesOffCalendarWeekday('Monday 8 December, no year given')).toBe(false);
  });
});
