/** Month names in full, lowercase, January first. */
export const monthsWritten = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

/** A date's day and month as people write them without the year: `2025-01-31` → "31 january", "january 31". */
export function dayAndMonthForms(isoDate: string): string[] {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(isoDate);
  const month = match ? monthsWritten[Number(match[1]) - 1] : undefined;
  if (!match || !month) return [];
  const day = String(Number(match[2]));
  return [`${day} ${month}`, `${month} ${day}`, `${day} ${month.slice(0, 3)} `, `${month.slice(0, 3)} ${day},`];
}

const monthWords = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Whether a text writes this day of its month with the month's name: "19 June", "June 19th", "25th of Nov". */
export function writesDayOfMonth(text: string, date: Date): boolean {
  return writesDayAndMonth(text, date.getUTCMonth() + 1, date.getUTCDate());
}

/** `writesDayOfMonth` by month (1-12) and day, which may be no real day of it ("30 February"). */
export function writesDayAndMonth(text: string, monthOfYear: number, day: number): boolean {
  const name = monthWords[monthOfYear - 1];
  if (name === undefined) return false;
  const month = `${name}[a-z]*\\.?`;
  // A range's first day takes the month written after its last: "Monday 21 to Monday 28 December", "21-28 Dec".
  const rangeStart = `(?<!\\d)${day}(?:st|nd|rd|th)?\\s*(?:-|–|to|until|till)\\s*(?:[a-z]+day\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}`;
  return new RegExp(
    `(?<!\\d)${day}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}|${month}\\s+${day}(?!\\d)|${rangeStart}`,
    'i',
  ).test(text);
}

export const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const monthPattern = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const weekdayPattern = '(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?';

/** A day the request names by day and month only, with its weekday when it gives one. */
export interface YearlessDate {
  written: string;
  month: number;
  day: number;
  weekday: number | null;
}

export function monthNumber(name: string): number {
  return monthsWritten.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3))) + 1;
}

function weekdayNumber(name: string | undefined): number | null {
  if (!name) return null;
  const index = weekdays.findIndex((weekday) => weekday.toLowerCase().startsWith(name.toLowerCase().slice(0, 3)));
  return index === -1 ? null : index;
}

/** "Sunday 14 March", "14th March", "March 14": days written without a year (one with a year is not here). */
export function yearlessDates(text: string): YearlessDate[] {
  const found: YearlessDate[] = [];
  const dayFirst = new RegExp(
    `\\b${weekdayPattern}(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthPattern}(?!\\s*,?\\s*\\d{4})(?![a-z])`,
    'gi',
  );
  const monthFirst = new RegExp(
    `\\b${weekdayPattern}${monthPattern}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*,?\\s*\\d{4})(?![:.]\\d)`,
    'gi',
  );
  for (const match of text.matchAll(dayFirst)) {
    const month = monthNumber(match[3] ?? '');
    const day = Number(match[2]);
    if (month > 0 && day >= 1 && day <= 31)
      found.push({ written: match[0].trim(), month, day, weekday: weekdayNumber(match[1]) });
  }
  for (const match of text.matchAll(monthFirst)) {
    const month = monthNumber(match[2] ?? '');
    const day = Number(match[3]);
    if (month > 0 && day >= 1 && day <= 31)
      found.push({ written: match[0].trim(), month, day, weekday: weekdayNumber(match[1]) });
  }
  return found;
}

/**
 * The request's days written without a year, dated in each year they may mean: the years around the
 * run's, or only those whose calendar gives the weekday the request wrote ("Tuesday 3 February").
 */
export function datedYearlessDates(text: string, runTime: number | null): { written: string; isoDate: string }[] {
  if (runTime === null) return [];
  const runYear = new Date(runTime).getUTCFullYear();
  const dated: { written: string; isoDate: string }[] = [];
  for (const date of yearlessDates(text)) {
    const at = (year: number) => Date.UTC(year, date.month - 1, date.day);
    const years = [runYear - 1, runYear, runYear + 1];
    const matching =
      date.weekday === null ? [] : years.filter((year) => new Date(at(year)).getUTCDay() === date.weekday);
    for (const year of matching.length > 0 ? matching : years)
      dated.push({ written: date.written, isoDate: new Date(at(year)).toISOString().slice(0, 10) });
  }
  return dated;
}

// "11 September", "11-14 September", "Friday 11 to Monday 14 September".
const dayBeforeMonth =
  /^\s*(?:(?:-|–|to|and|until|till)\s*(?:[a-z]+day\s+)?\d{1,2}(?:st|nd|rd|th)?\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;

const monthBefore =
  /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?$/i;

/**
 * Whether a figure of a text is part of a written date: the day of "10 March" or "the 25th", or the year of
 * "October 2025". Such a figure is no amount of anything.
 */
export function isDayOfWrittenDate(text: string, raw: string): boolean {
  if (/^(19|20)\d{2}$/.test(raw)) {
    // "October 2025", "Oct. 2025": the year of a written month.
    for (let at = text.indexOf(raw); at >= 0; at = text.indexOf(raw, at + 1))
      if (monthBefore.test(text.slice(Math.max(0, at - 16), at))) return true;
    return false;
  }
  if (!/^\d{1,2}$/.test(raw)) return false;
  for (let at = text.indexOf(raw); at >= 0; at = text.indexOf(raw, at + 1)) {
    if (/\d/.test(text.charAt(at - 1))) continue;
    const after = text.slice(at + raw.length, at + raw.length + 24);
    // "the 25th" is a day of the month, whatever month the sentence means.
    if (dayBeforeMonth.test(after) || /^(?:st|nd|rd|th)\b/i.test(after)) return true;
  }
  return false;
}

/**
 * Whether a text dates a day with a weekday the calendar does not give it ("Today is Monday 8 December
 * 2026", a Tuesday): the run then keeps a calendar of its own, and weekdays in it cannot be checked.
 */
export function writesOffCalendarWeekday(text: string): boolean {
  const dayFirst = new RegExp(
    `\\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthPattern}\\s*,?\\s+(\\d{4})\\b`,
    'gi',
  );
  const monthFirst = new RegExp(
    `\\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+${monthPattern}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`,
    'gi',
  );
  const iso = /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+(\d{4})-(\d{2})-(\d{2})\b/gi;
  const offCalendar = (weekday: string | undefined, year: number, month: number, day: number) => {
    const named = weekdayNumber(weekday);
    if (named === null || month < 1 || day < 1 || day > 31) return false;
    return new Date(Date.UTC(year, month - 1, day)).getUTCDay() !== named;
  };
  for (const match of text.matchAll(dayFirst))
    if (offCalendar(match[1], Number(match[4]), monthNumber(match[3] ?? ''), Number(match[2]))) return true;
  for (const match of text.matchAll(monthFirst))
    if (offCalendar(match[1], Number(match[4]), monthNumber(match[2] ?? ''), Number(match[3]))) return true;
  for (const match of text.matchAll(iso))
    if (offCalendar(match[1], Number(match[2]), Number(match[3]), Number(match[4]))) return true;
  return false;
}
