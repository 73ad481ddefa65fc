import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';

/** An argument that bounds the dates a call asks for: `expires_before`, `to`, `from`, `since`, `visit_date_until`. */
const boundKey = /^(?:(.+?)_)?(before|until|till|through|thru|to|end|after|since|from|start)$/i;
const upperBounds = new Set(['before', 'until', 'till', 'through', 'thru', 'to', 'end']);
const isoDay = /^(\d{4}-\d{2}-\d{2})/;
/** Arguments that count records: `visits`, `count`, `items`, `quantity`. */
const countKey = /(?:^|_)(?:count|visits|items|total|number|quantity|qty|entries|records)$/i;

interface DateBound {
  key: string;
  day: string;
  upper: boolean;
  /** Exclusive (`before`, `after`) or inclusive (`to`, `from`). */
  strict: boolean;
  /** What the bound is about (`expires` of `expires_before`), or null for a bare `from` or `to`. */
  subject: string | null;
}

function dateBounds(args: { [key: string]: JsonValue }): DateBound[] {
  const bounds: DateBound[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (typeof value !== 'string') continue;
    const day = isoDay.exec(value.trim())?.[1];
    const match = day === undefined ? null : boundKey.exec(key);
    if (!day || !match) continue;
    const word = (match[2] ?? '').toLowerCase();
    bounds.push({
      key,
      day,
      upper: upperBounds.has(word),
      strict: word === 'before' || word === 'after',
      subject: match[1]?.toLowerCase() ?? null,
    });
  }
  return bounds;
}

/** Dates an item gives for when it could be had instead: `next_available`, `earliest_free`, `available_from`. */
const pointsPast = /(^|_)(next|earliest|following|alternative)(_|$)|available/i;

/** The first four letters of a word: `expires`, `expiry` and `expiring` share `expi`. */
function stemOf(word: string): string {
  return word.replace(/[^a-z]/g, '').slice(0, 4);
}

/** The one date of a list item the bound is about: a field sharing its subject, or the item's only date. */
function itemDay(item: { [key: string]: JsonValue }, subject: string | null): { field: string; day: string } | null {
  const dates: { field: string; day: string }[] = [];
  for (const [field, value] of Object.entries(item)) {
    // `next_available: 2026-03-30` beside `available: false` answers the window by pointing past it.
    if (pointsPast.test(field)) continue;
    const day = typeof value === 'string' ? isoDay.exec(value.trim())?.[1] : undefined;
    if (day) dates.push({ field, day });
  }
  if (subject !== null) {
    const stem = stemOf(subject);
    const about = dates.filter((date) => stem.length === 4 && date.field.toLowerCase().includes(stem));
    return about.length === 1 ? (about[0] as { field: string; day: string }) : null;
  }
  return dates.length === 1 ? (dates[0] as { field: string; day: string }) : null;
}

function outside(day: string, bound: DateBound): boolean {
  if (bound.upper) return bound.strict ? day >= bound.day : day > bound.day;
  return bound.strict ? day <= bound.day : day < bound.day;
}

/** The lists of records a result holds, at its top or one level down. */
function recordLists(result: JsonValue): { key: string; items: { [key: string]: JsonValue }[] }[] {
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return [];
  const lists: { key: string; items: { [key: string]: JsonValue }[] }[] = [];
  for (const [key, value] of Object.entries(result)) {
    if (!Array.isArray(value) || value.length < 2) continue;
    // `next_available: [...]` beside an empty `slots` lists what lies past the window, as it says.
    if (pointsPast.test(key)) continue;
    const items = value.filter(
      (item): item is { [key: string]: JsonValue } => item !== null && typeof item === 'object' && !Array.isArray(item),
    );
    if (items.length === value.length) lists.push({ key, items });
  }
  return lists;
}

/**
 * Whether a later call or the answer went on with the strays: passed on one of their own codes or names, or
 * counted the whole list (`visits: 21`). A run that noticed and left them out was not misled.
 */
function actedOn(
  context: AnalysisContext,
  span: Span,
  strays: readonly { [key: string]: JsonValue }[],
  listed: number,
): boolean {
  const marks = strays.flatMap((item) =>
    Object.values(item).filter(
      (value): value is string => typeof value === 'string' && value.length >= 4 && !isoDay.test(value),
    ),
  );
  const after = context.position.get(span.id) ?? 0;
  for (const later of context.spans) {
    if ((context.position.get(later.id) ?? 0) <= after || !later.tool) continue;
    const args = later.tool.arguments;
    const text = JSON.stringify(args ?? null);
    if (marks.some((mark) => text.includes(mark))) return true;
    // `visits: 21` for a list of 21: the whole list was counted, strays and all.
    if (args !== null && typeof args === 'object' && !Array.isArray(args))
      for (const [key, value] of Object.entries(args)) if (value === listed && countKey.test(key)) return true;
  }
  const answer = context.answer?.text ?? '';
  return marks.some((mark) => answer.includes(mark));
}

function finding(span: Span, bound: DateBound, list: string, field: string, day: string, count: number): RuleFinding {
  const tool = span.tool?.name ?? span.name;
  const side = bound.upper ? (bound.strict ? 'before' : 'up to') : bound.strict ? 'after' : 'from';
  return {
    rule: 'ignored-filter',
    spanId: span.id,
    layer: 'tool',
    severity: 'error',
    message: `${tool} was asked for ${list} with ${bound.key} ${bound.day} but returned ${count} with ${field} outside it (${day})`,
    summary: `${tool} ignored its ${bound.key} filter: asked for ${list} ${side} ${bound.day}, it returned ${count} outside that range (${field} ${day}), and the run went on with them.`,
    confidence: 0.75,
    evidence: [
      {
        spanId: span.id,
        field: `result.${list}`,
        expected: `${field} ${side} ${bound.day}`,
        actual: `${field} ${day}`,
        source: `${tool} arguments (${bound.key})`,
      },
    ],
    causal: true,
    badValue: day,
  };
}

/**
 * A tool asked for records within dates (`expires_before: 2026-03-12`, `from`/`to` a season) that returns
 * records outside them: the call was right and the tool ignored its own filter, so everything built on its
 * list (a recall of in-date trays, an invoice for last season's visits) is wrong. The tool is the root.
 */
export const ignoredFilterRule: Rule = {
  id: 'ignored-filter',
  evaluate(context: AnalysisContext) {
    for (const span of context.spans) {
      const args = span.tool?.arguments;
      const result = span.tool?.result;
      if (args === null || args === undefined || typeof args !== 'object' || Array.isArray(args)) continue;
      if (result === null || result === undefined || span.status.code === 'error') continue;
      const bounds = dateBounds(args);
      if (bounds.length === 0) continue;
      for (const { key, items } of recordLists(result)) {
        for (const bound of bounds) {
          const strays: { [key: string]: JsonValue }[] = [];
          let first: { field: string; day: string } | null = null;
          for (const item of items) {
            const dated = itemDay(item, bound.subject);
            if (dated === null || !outside(dated.day, bound)) continue;
            strays.push(item);
            first ??= dated;
          }
          if (first !== null && actedOn(context, span, strays, items.length))
            return [finding(span, bound, key, first.field, first.day, strays.length)];
        }
      }
    }
    return [];
  },
};
