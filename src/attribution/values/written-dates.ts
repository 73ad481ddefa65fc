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
