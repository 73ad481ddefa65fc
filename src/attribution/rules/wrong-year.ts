import { type AnalysisContext, spanOfCheck } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import {
  monthNumber,
  monthPattern,
  weekdays,
  writesOffCalendarWeekday,
  type YearlessDate,
  yearlessDates,
} from '../values/written-dates.js';

/** "Today is Friday 27 November 2026", "Current date: 2027-03-08": the day the run takes as today. */
function statedToday(text: string): number | null {
  const iso =
    /\b(?:today(?:'s date)? is|current date|the date is|date today)\W{0,3}(?:[a-z]+,?\s+)?(\d{4}-\d{2}-\d{2})/i.exec(
      text,
    );
  if (iso?.[1]) return Date.parse(`${iso[1]}T12:00:00Z`);
  const written = new RegExp(
    `\\b(?:today(?:'s date)? is|current date|the date is)\\W{0,3}(?:[a-z]+,?\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\s+${monthPattern}\\s+(\\d{4})`,
    'i',
  ).exec(text);
  if (written) {
    const month = monthNumber(written[2] ?? '');
    if (month > 0) return Date.UTC(Number(written[3]), month - 1, Number(written[1]), 12);
  }
  return null;
}

const dayMs = 24 * 60 * 60 * 1000;

function isoDay(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Why the year the call gave is not the one the request meant, or null when it may be. */
function wrongYear(date: YearlessDate, year: number, today: number | null): { expected: number; why: string } | null {
  const weekdayOf = (candidate: number) => new Date(Date.UTC(candidate, date.month - 1, date.day)).getUTCDay();
  if (date.weekday !== null && weekdayOf(year) !== date.weekday) {
    const meant = [year + 1, year - 1].find((candidate) => weekdayOf(candidate) === date.weekday);
    if (
      meant !== undefined &&
      (today === null || Math.abs(Date.UTC(meant, date.month - 1, date.day) - today) < 370 * dayMs)
    )
      return { expected: meant, why: `"${date.written}" is a ${weekdays[date.weekday]} in ${meant}, not in ${year}` };
  }
  if (today !== null) {
    const at = Date.UTC(year, date.month - 1, date.day, 12);
    const nextYear = Date.UTC(year + 1, date.month - 1, date.day, 12);
    // A day asked for without a year is the next one to come: a year that puts it months in the past is a slip.
    if (today - at > 30 * dayMs && nextYear >= today - dayMs)
      return { expected: year + 1, why: `it puts "${date.written}" in the past, before the run's today` };
  }
  return null;
}

/**
 * A call that dates a day the request names without a year ("Sunday 14 March") in a year that cannot be
 * meant: the weekday does not fall on it that year, or the day had already passed. The span that first
 * wrote the date into a call chose the year.
 */
export const wrongYearRule: Rule = {
  id: 'wrong-year',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    if (!request) return [];
    const asked = yearlessDates(request);
    if (asked.length === 0) return [];
    // A run whose own today has a weekday the calendar does not give keeps a calendar of its own.
    if (writesOffCalendarWeekday(`${context.goal.instructions ?? ''}\n${request}`)) return [];
    // Only a today the run states: a span's clock is too often not the day the run means (replays, imports).
    const today = statedToday(context.goal.instructions ?? '') ?? statedToday(request);
    const reported = new Set<string>();
    for (const check of context.provenance.checks) {
      if (check.value.type !== 'date' || check.status === 'supported') continue;
      if (check.constructedIn !== 'tool-call' && check.constructedIn !== 'tool-args') continue;
      const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(check.value.key);
      if (!parts || reported.has(check.value.key)) continue;
      const year = Number(parts[1]);
      const date = asked.find(
        (candidate) => candidate.month === Number(parts[2]) && candidate.day === Number(parts[3]),
      );
      if (!date) continue;
      const wrong = wrongYear(date, year, today);
      if (!wrong) continue;
      reported.add(check.value.key);
      const span = spanOfCheck(context, check);
      const finding: RuleFinding = {
        rule: 'wrong-year',
        spanId: check.spanId,
        layer: 'tool-args',
        severity: 'error',
        message: `${span?.name ?? check.spanId} dated "${date.written}" as ${check.value.raw}: ${wrong.why}`,
        summary: `${span?.name ?? check.spanId} wrote ${check.value.raw} for the request's "${date.written}", which means ${isoDay(wrong.expected, date.month, date.day)}: ${wrong.why}.`,
        confidence: 0.8,
        evidence: [
          {
            spanId: check.spanId,
            field: check.value.field ? `args.${check.value.field}` : 'args',
            expected: isoDay(wrong.expected, date.month, date.day),
            actual: check.value.raw,
            source: 'user request',
          },
        ],
        causal: true,
        badValue: check.value.key,
      };
      return [finding];
    }
    return [];
  },
};
