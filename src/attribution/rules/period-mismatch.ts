import type { JsonValue } from '../../model/json-value.js';
import type { Rule, RuleFinding } from '../rule.js';
import { writerOfToolCall } from '../span-errors.js';
import { monthsWritten } from '../values/written-dates.js';

const startKey = /(^|_)(from|start|begin|since|start_?date|date_?from|period_?start)$/i;
const endKey = /(^|_)(to|end|until|through|end_?date|date_?to|period_?end)$/i;

const monthWord = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)([a-z]*)$/;

/** The months a request names, by name or abbreviation (`Sept`, `Oct`), as 0-based indexes. */
function namedMonths(request: string): Set<number> {
  const months = new Set<number>();
  for (const word of request.toLowerCase().match(/[a-z]+/g) ?? []) {
    const match = monthWord.exec(word);
    if (!match) continue;
    const prefix = (match[1] ?? '').slice(0, 3);
    const index = monthsWritten.findIndex((month) => month.startsWith(prefix));
    // The rest must continue the month's own name: `march` and `mar`, not `marching` or `market`.
    const month = monthsWritten[index] ?? '';
    if (index >= 0 && month.startsWith(word) && word !== 'mar') months.add(index);
  }
  return months;
}

const monthPattern = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*';

/** A request that asks for a span of months itself: "from September to October", "Sep–Oct", "between". */
function asksForRange(request: string): boolean {
  return (
    /\b(from|between|through|thru|until|since|to date|ytd|quarter|q[1-4])\b/i.test(request) ||
    new RegExp(`\\b${monthPattern}\\s*(?:-|–|—|to)\\s*${monthPattern}\\b`, 'i').test(request)
  );
}

function parseDay(value: JsonValue | undefined): Date | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
  const day = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(day.getTime()) ? null : day;
}

function lastDayOfMonth(day: Date): number {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 0)).getUTCDate();
}

/** The `from`/`to` pair of a call's arguments, when both are dates. */
function dateRange(args: JsonValue | null): { start: Date; end: Date; startKey: string; endKey: string } | null {
  if (args === null || typeof args !== 'object' || Array.isArray(args)) return null;
  const entries = Object.entries(args);
  const startEntry = entries.find(([key, value]) => startKey.test(key) && parseDay(value) !== null);
  const endEntry = entries.find(([key, value]) => endKey.test(key) && parseDay(value) !== null);
  if (!startEntry || !endEntry) return null;
  const start = parseDay(startEntry[1]) as Date;
  const end = parseDay(endEntry[1]) as Date;
  return end >= start ? { start, end, startKey: startEntry[0], endKey: endEntry[0] } : null;
}

/**
 * A call whose date range covers several whole months when the request names each month on its own
 * ("compare October with September" and a "September" query running to 31 October): the range is the
 * wrong period, so every figure built on it is wrong although every call succeeded.
 */
export const periodMismatchRule: Rule = {
  id: 'period-mismatch',
  evaluate(context) {
    const request = context.goal.request;
    if (!request || asksForRange(request)) return [];
    const months = namedMonths(request);
    if (months.size === 0) return [];
    for (const span of context.spans) {
      if (span.role !== 'tool' || !span.tool) continue;
      const range = dateRange(span.tool.arguments);
      if (!range) continue;
      const { start, end } = range;
      const startMonth = start.getUTCMonth();
      const endMonth = end.getUTCMonth();
      const sameMonth = startMonth === endMonth && start.getUTCFullYear() === end.getUTCFullYear();
      const wholeMonths = start.getUTCDate() === 1 && end.getUTCDate() === lastDayOfMonth(end);
      if (sameMonth || !wholeMonths || !months.has(startMonth) || !months.has(endMonth)) continue;
      const writer = writerOfToolCall(span, context) ?? span;
      const intendedEnd = new Date(Date.UTC(start.getUTCFullYear(), startMonth, lastDayOfMonth(start)));
      const day = (date: Date): string => date.toISOString().slice(0, 10);
      const asked = monthsWritten[startMonth] as string;
      const label = `${asked[0]?.toUpperCase()}${asked.slice(1)}`;
      return [
        {
          rule: 'period-mismatch',
          spanId: writer.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${writer.name} asked ${span.tool.name} for ${day(start)} to ${day(end)}, several months, where the request names ${label} on its own`,
          summary: `${writer.name} queried ${day(start)} to ${day(end)} for ${label}: the range runs past the month the request names, so the figures cover the wrong period.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: writer.id,
              field: `args.${range.endKey}`,
              expected: day(intendedEnd),
              actual: day(end),
              source: 'user request',
            },
          ],
          causal: true,
          badValue: day(end),
        } satisfies RuleFinding,
      ];
    }
    return [];
  },
};
