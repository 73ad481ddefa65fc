import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { callsOfSpan, stringArguments } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { writesDayOfMonth, writesOffCalendarWeekday } from '../values/written-dates.js';

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const weekdayWord = /\b(sunday|monday|tuesday|wednesday|thursday|friday|saturday)s?\b/gi;
/** A weekday followed by a date ("Monday 15 June", "Monday, June 15", "Monday 2026-06-15") pins the day itself. */
const datedAfter =
  /^,?\s*\(?\s*(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\b(?![:.]\d)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{4}-\d{2}-\d{2})/i;
const isoDate = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/** Keys that hold when a call is made or the period it reads, not the day the user named: `created_at`, `week_start`. */
const momentKey =
  /(^|[._])(starts?_?at|start_?time|created(_at)?|requested_?at|timestamp|now|from|since|issued_?at|week(_?(start|of|beginning|commencing))?|period_?start)$/i;

const day = 86_400_000;

/** The one weekday a request names without a date beside it ("until Monday 09:00"), or null. */
function namedWeekday(request: string): { index: number; written: string } | null {
  let found: { index: number; written: string } | null = null;
  for (const match of request.matchAll(weekdayWord)) {
    const after = request.slice((match.index ?? 0) + match[0].length, (match.index ?? 0) + match[0].length + 24);
    if (datedAfter.test(after)) return null;
    // "every Monday" or plural "Mondays" names a pattern, not a day; "after Wednesday" names the days around it.
    const before = request.slice(Math.max(0, (match.index ?? 0) - 24), match.index);
    // "a Saturday morning appointment any time in July": any one of them, not one day.
    if (match[0].toLowerCase().endsWith('s') || /\b(?:every|any|a)\s+$/i.test(before)) return null;
    if (
      /\b(?:after|before|following|past|beyond|later than|earlier than|not)\s+(?:the\s+|this\s+|next\s+)?$/i.test(
        before,
      )
    )
      return null;
    const index = weekdays.findIndex((weekday) => weekday.toLowerCase() === (match[1] ?? '').toLowerCase());
    if (found !== null && found.index !== index) return null;
    found = { index, written: match[0] };
  }
  return found;
}

/** ISO dates in a call's arguments, with the key each sat under. */
function argumentDates(value: JsonValue): { field: string; date: string; written: string }[] {
  return stringArguments(value).flatMap(({ field, text }) => {
    const match = isoDate.exec(text.trim());
    return match?.[1] ? [{ field, date: match[1], written: text }] : [];
  });
}

/** The ISO dates a span's result gives. */
function resultDates(span: Span, into: Set<string>): void {
  const result = span.tool?.result;
  if (result === null || result === undefined) return;
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  for (const match of text.matchAll(/\d{4}-\d{2}-\d{2}/g)) into.add(match[0]);
}

/**
 * The request names a day by its weekday alone ("until Monday 09:00") and a tool call carries a date
 * one day either side of that weekday, in the week after the run: the day slipped where the call was
 * written. Dates an earlier result supplied (the next free slot) are the tool's, not a slip.
 */
const shiftsByDays =
  /\b(?:forward|back|earlier|later|ahead)\s+(?:by\s+)?(?:one|a|two|three|\d+)\s+days?\b|\b(?:one|a|two|three|\d+)\s+days?\s+(?:earlier|later|sooner|forward|back|ahead)\b/i;

export const wrongWeekdayRule: Rule = {
  id: 'wrong-weekday',
  evaluate(context) {
    const request = context.goal.request;
    if (!request) return [];
    const named = namedWeekday(request);
    if (named === null) return [];
    // "Pull the pick forward one day", "push it back two days": the date moves from the booked one, by the request.
    if (shiftsByDays.test(request)) return [];
    // A run whose own today has a weekday the calendar does not give keeps a calendar of its own.
    if (writesOffCalendarWeekday(`${context.goal.instructions ?? ''}\n${request}`)) return [];
    const firstStart = context.spans.find((span) => span.startTime !== null)?.startTime ?? null;
    const supplied = new Set<string>();
    for (const span of context.spans) {
      for (const call of callsOfSpan(span)) {
        const dates = argumentDates(call.arguments);
        // A call that carries a date on the named weekday has found the day.
        if (dates.some((entry) => new Date(`${entry.date}T12:00:00Z`).getUTCDay() === named.index)) continue;
        for (const entry of dates) {
          if (momentKey.test(entry.field) || supplied.has(entry.date)) continue;
          const at = Date.parse(`${entry.date}T12:00:00Z`);
          const weekday = new Date(at).getUTCDay();
          const apart = (weekday - named.index + 7) % 7;
          if (apart !== 1 && apart !== 6) continue;
          // The week after the run: the request's "Monday" is the next one.
          if (firstStart !== null && (at < firstStart - day || at > firstStart + 8 * day)) continue;
          // "…from Tue 24 Nov to Wed 25 Nov": the request writes the call's date itself.
          if (writesDayOfMonth(request, new Date(at))) continue;
          const meant = new Date(at + (apart === 1 ? -day : day)).toISOString().slice(0, 10);
          const finding: RuleFinding = {
            rule: 'wrong-weekday',
            spanId: span.id,
            layer: 'tool-args',
            severity: 'error',
            message: `${span.name} called ${call.name} with ${entry.field} ${entry.written}, a ${weekdays[weekday]}, where the request says ${named.written} (${meant})`,
            summary: `The request says ${named.written}, but ${call.name}'s ${entry.field} is ${entry.date}, a ${weekdays[weekday]}: the day slipped by one when the call was written.`,
            confidence: 0.75,
            evidence: [
              {
                spanId: span.id,
                field: `args.${entry.field}`,
                expected: `${meant} (${weekdays[named.index]})`,
                actual: `${entry.date} (${weekdays[weekday]})`,
                source: 'user request',
              },
            ],
            causal: true,
            badValue: entry.written,
          };
          return [finding];
        }
      }
      resultDates(span, supplied);
    }
    return [];
  },
};
