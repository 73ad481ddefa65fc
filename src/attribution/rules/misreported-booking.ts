import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { modelWriters, outputText } from '../analysis-context.js';
import type { Rule } from '../rule.js';
import { monthsWritten, writesDayAndMonth, yearlessDates } from '../values/written-dates.js';

/** Calls that commit something for a day: a booking, a move, a reservation. */
const committingTool = /(^|[_\-.\s])(book|reschedule|reserve|schedule|create_booking|confirm|move|rebook)/i;
/** Date fields of a committed record: `date`, `start`, `slot_date`, `arrival`; not `created_at` or `expires`. */
const committedDateField = /^(date|day_date|start|start_date|starts_at|slot_date|booked_for|appointment_date|when)$/i;

/** The committed day of an action's result (`date: "2026-03-10"`), as month and day, or null. */
function committedDay(result: JsonValue | null | undefined): { month: number; day: number; iso: string } | null {
  if (result === null || result === undefined || typeof result !== 'object' || Array.isArray(result)) return null;
  for (const [key, value] of Object.entries(result)) {
    if (!committedDateField.test(key) || typeof value !== 'string') continue;
    const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (match) return { month: Number(match[2]), day: Number(match[3]), iso: match[0] };
  }
  return null;
}

/** Whether a result lists the day among several options (`slots: [{date: …}, …]`). */
function listsDay(result: JsonValue | null | undefined, month: number, day: number, depth = 0): boolean {
  if (depth > 5 || result === null || result === undefined || typeof result !== 'object') return false;
  if (Array.isArray(result))
    return (
      result.length >= 2 &&
      result.some((item) => mentionsDay(item, month, day) || listsDay(item, month, day, depth + 1))
    );
  return Object.values(result).some((value) => listsDay(value, month, day, depth + 1));
}

/** Every ISO day a record's fields hold, at any depth. */
function isoDaysIn(result: JsonValue | null): string[] {
  return [...JSON.stringify(result ?? null).matchAll(/\d{4}-\d{2}-\d{2}/g)].map((match) => match[0]);
}

function mentionsDay(value: JsonValue, month: number, day: number): boolean {
  const iso = `-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return JSON.stringify(value).includes(iso);
}

/**
 * The answer tells the user a day for what was just booked ("on Thursday 12 March") that is not the day the
 * booking call confirmed (`date: 2026-03-10`), but another of the options listed before it: the model
 * reported a sibling option, not what was done. The first model span that wrote that day is the root.
 */
export const misreportedBookingRule: Rule = {
  id: 'misreported-booking',
  evaluate(context) {
    const answer = context.answer;
    if (!answer) return [];
    const told = yearlessDates(answer.text);
    if (told.length === 0) return [];
    // The last committing call that succeeded, and the day it confirmed.
    let committed: { span: Span; month: number; day: number; iso: string } | null = null;
    for (const span of context.spans) {
      if (!span.tool || span.status.code === 'error' || !committingTool.test(span.tool.name)) continue;
      const day = committedDay(span.tool.result);
      if (day) committed = { span, ...day };
    }
    if (committed === null) return [];
    const confirmed = committed;
    // The answer writes the confirmed day somewhere: it reported what was done.
    if (writesDayAndMonth(answer.text, confirmed.month, confirmed.day)) return [];
    const position = context.position.get(confirmed.span.id) ?? 0;
    // Days the booking itself spans (`start` to `end`), and days the user named (the booking moved from).
    const bookedDays = isoDaysIn(confirmed.span.tool?.result ?? null).sort();
    const request = context.goal.request ?? '';
    for (const date of told) {
      if (date.month === confirmed.month && date.day === confirmed.day) continue;
      const monthDay = `${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
      const first = bookedDays[0]?.slice(5) ?? '';
      const last = bookedDays.at(-1)?.slice(5) ?? '';
      if (monthDay >= first && monthDay <= last) continue;
      if (writesDayAndMonth(request, date.month, date.day) || request.includes(`-${monthDay}`)) continue;
      // Only a day another record offered before the booking: a sibling option, not a later date of something else.
      const offered = context.spans.some(
        (span) =>
          span.tool !== null &&
          span.id !== confirmed.span.id &&
          (context.position.get(span.id) ?? 0) < position &&
          listsDay(span.tool.result, date.month, date.day),
      );
      if (!offered) continue;
      const writer =
        modelWriters(context).find((span) => outputText(span).includes(date.written)) ??
        context.byId.get(answer.spanId);
      if (!writer) return [];
      const confirmedWritten = `${confirmed.day} ${monthsWritten[confirmed.month - 1] ?? ''}`;
      return [
        {
          rule: 'misreported-booking',
          spanId: writer.id,
          layer: 'model',
          severity: 'error',
          message: `${writer.name} told the user "${date.written}", but ${confirmed.span.name} confirmed ${confirmed.iso}`,
          summary: `${writer.name} reported another listed option ("${date.written}") where ${confirmed.span.name} booked ${confirmedWritten}.`,
          confidence: 0.75,
          evidence: [
            {
              spanId: writer.id,
              field: 'output',
              expected: confirmed.iso,
              actual: date.written,
              source: `${confirmed.span.name} result`,
            },
          ],
          causal: true,
          badValue: date.written,
        },
      ];
    }
    return [];
  },
};
