import type { JsonValue } from '../../model/json-value.js';
import { type AnalysisContext, recordedBeforeWriting } from '../analysis-context.js';
import { type ConstructedCall, constructedCalls, stringArguments } from '../constructed-calls.js';
import type { Rule, RuleFinding } from '../rule.js';
import { actionWords, onlyReads } from '../text/actions.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { contentWords } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';
import { convertedAmount, unitOfField, writesItemSize } from '../values/measure-units.js';
import { dayAndMonthForms } from '../values/written-dates.js';

const lookupAction = [...actionWords('get')][0] as string;
const figure = /\d+(?:[.,]\d+)?/g;
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const month =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const dayThenMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}\\b\\.?(?:\\s+(\\d{4}))?`, 'gi');
const monthThenDay = new RegExp(`\\b${month}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'gi');
/** A request that moves or counts days ("move it to Thursday", "push it back", "the following Monday") names
 * the day it wants in other words than its date. */
const movesDays =
  /\b(?:move[sd]?|moving|reschedul\w*|push\w*|bring\w*|instead|change\w*|swap\w*|shift\w*|later|earlier|following|next|tomorrow|postpone\w*|delay\w*)\b/i;
const weekday = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/gi;
const isoDay = /^(\d{4})-(\d{2})-(\d{2})/;
/** "The day before 24 April", "a week after": a date the request names as a point to count from. */
const countedFrom = /\b(?:before|after|prior to|ahead of|following|from|since|earlier than|later than)\s*(?:the\s+)?$/i;

/** A call that looks something up rather than acting: its dates are a search window, not the request's date. */
function isLookup(name: string): boolean {
  // `check_availability` only looks too; `check_in_guest` acts.
  return actionWords(name).has(lookupAction) || onlyReads(name);
}

function monthDay(month: number, day: number): string {
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The days of the year the request names ("Friday 24 April", "April 24", "2026-04-24"), as `MM-DD`; with
 * `bounds`, only the days it counts from ("before 20 October"), which a call's window may end a day short of.
 */
function requestedDays(request: string, bounds = false): Map<string, string> {
  const days = new Map<string, string>();
  const add = (month: string, day: string, match: RegExpMatchArray): void => {
    const at = match.index ?? 0;
    if (countedFrom.test(request.slice(Math.max(0, at - 24), at)) !== bounds) return;
    const index = monthNames.indexOf(month.toLowerCase().slice(0, 3));
    const number = Number(day);
    if (index >= 0 && number >= 1 && number <= 31) days.set(monthDay(index + 1, number), match[0].replace(/\.$/, ''));
  };
  for (const match of request.matchAll(dayThenMonth)) add(match[2] ?? '', match[1] ?? '', match);
  for (const match of request.matchAll(monthThenDay)) add(match[1] ?? '', match[2] ?? '', match);
  for (const match of request.matchAll(/\b\d{4}-(\d{2})-(\d{2})\b/g))
    add(monthNames[Number(match[1]) - 1] ?? '', match[2] ?? '', match);
  return days;
}

/**
 * Whether a record, document or the instructions gave the value (by its normalised key: `2026-04-17`, `28`)
 * before the call: then it was the run's to use.
 */
function readBefore(context: AnalysisContext, key: string, call: ConstructedCall): boolean {
  return recordedBeforeWriting(context, key, call.span.id, true);
}

interface Replacement {
  field: string;
  expected: string;
  actual: string;
}

/**
 * A string argument that is the request's own phrase with another figure in it: "Vetmedin 5 mg chewable
 * tablets" asked for, "Vetmedin 1.25 mg chewable tablets" sent. The words around the figure tie it to the
 * same thing, so the figure cannot be about something else.
 */
function replacedFigure(call: ConstructedCall, request: string, lowerRequest: string): Replacement | null {
  for (const { field, text } of stringArguments(call.arguments)) {
    const trimmed = text.trim();
    // Each test before the next is built: most arguments are codes and names, with no phrase of figures.
    if (trimmed.length > 120) continue;
    const figures = trimmed.match(figure) ?? [];
    if (figures.length === 0 || figures.length > 3) continue;
    const words = trimmed.replace(figure, ' ').match(/[A-Za-z]{2,}/g) ?? [];
    if (words.length < 3) continue;
    // Most arguments share no word with the request: only those that do can be its phrase.
    if (!words.every((word) => lowerRequest.includes(word.toLowerCase()))) continue;
    const pattern = trimmed
      .split(figure)
      .map((part) => escapeForPattern(part).replace(/\s+/g, '\\s+'))
      .join('(\\d+(?:[.,]\\d+)?)');
    const match = new RegExp(`(?<![\\w.])${pattern}(?![\\w])`, 'i').exec(request);
    if (!match) continue;
    const asked = match.slice(1);
    if (asked.every((value, index) => value === figures[index])) continue;
    return { field, expected: match[0], actual: trimmed };
  }
  return null;
}

/**
 * A call that acts on another day than the one day the request names, where nothing the run read gave that
 * day and the call carries the request's day nowhere: "until Friday 24 April" sent as `new_off_hire: 2026-04-17`.
 */
function replacedDay(
  call: ConstructedCall,
  days: ReadonlyMap<string, string>,
  request: string,
  context: AnalysisContext,
): Replacement | null {
  if (days.size !== 1 || isLookup(call.name) || movesDays.test(request)) return null;
  // A weekday named apart from the date ("Thursday" beside "10 March") may be the day the request wants.
  const [written] = [...days.values()] as [string];
  const weekdays = request.match(weekday) ?? [];
  if (weekdays.some((name) => !new RegExp(`${name}\\W+${escapeForPattern(written)}`, 'i').test(request))) return null;
  const dated = stringArguments(call.arguments).filter(({ text }) => isoDay.test(text.trim()));
  if (dated.length !== 1) return null;
  const [{ field, text }] = dated as [{ field: string; text: string }];
  const match = isoDay.exec(text.trim()) as RegExpExecArray;
  const day = `${match[2]}-${match[3]}`;
  if (days.has(day)) return null;
  const iso = `${match[1]}-${day}`;
  // "Before 20 October" sent as `latest_date: 2026-10-19`: the day before a bound the request counts from.
  const sent = Date.parse(iso);
  for (const bound of requestedDays(request, true).keys())
    if (Math.abs(Date.parse(`${match[1]}-${bound}`) - sent) <= 86_400_000) return null;
  const lower = request.toLowerCase();
  if (dayAndMonthForms(iso).some((form) => lower.includes(form.trim()))) return null;
  // A day some record gave (a slot, a delivery date) was the run's to choose; the day the run ran is today.
  if (readBefore(context, iso, call)) return null;
  if (call.span.startTime !== null && new Date(call.span.startTime).toISOString().slice(0, 10) === iso) return null;
  // A time carried across a zone lands a day either side of the day asked for.
  const [askedDay] = [...days.keys()] as [string];
  const apart = Math.abs(Date.parse(`${match[1]}-${day}`) - Date.parse(`${match[1]}-${askedDay}`));
  if (/T\d{2}:\d{2}/.test(text) && apart <= 86_400_000) return null;
  return { field, expected: written, actual: text.trim() };
}

/** "3 sets of 8", "4 boxes of 12": a count of groups and the size of each. */
const groupsOf = /\b(\d{1,4})\s+([a-z]{3,})\s+(?:of|x|×)\s+(\d{1,4})\b/gi;

/**
 * A call that swaps the request's count of groups with the size of each: "3 sets of 8" sent as `sets: 8` with
 * a 3 beside it.
 */
function swappedGroups(call: ConstructedCall, request: string): Replacement | null {
  const numbers = Object.entries(call.arguments).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
  if (numbers.length < 2) return null;
  for (const match of request.matchAll(groupsOf)) {
    const count = Number(match[1]);
    const size = Number(match[3]);
    const noun = (match[2] as string).toLowerCase().replace(/e?s$/, '');
    if (count === size) continue;
    const groupKey = numbers.find(([key]) => key.toLowerCase().replace(/e?s$/, '') === noun);
    if (groupKey === undefined || groupKey[1] !== size) continue;
    if (!numbers.some(([key, value]) => key !== groupKey[0] && value === count)) continue;
    return { field: groupKey[0], expected: `${count} (${match[0]})`, actual: String(size) };
  }
  return null;
}

const dimensionKey = /^(width|height|length|depth|w|h|l|d)(?:_(mm|cm|m|in|ft))?$/i;
const dimensionsWritten =
  /\b(\d+(?:\.\d+)?)\s*(?:x|×|by)\s*(\d+(?:\.\d+)?)(?:\s*(?:x|×|by)\s*(\d+(?:\.\d+)?))?\s*(mm|cm|m|in|ft)?\b/gi;

/**
 * Sides the request gives ("850 x 2000 mm") sent with one of them changed (`width_mm: 800, height_mm: 2000`),
 * where nothing the run read gave the changed side.
 */
function replacedSide(call: ConstructedCall, request: string, context: AnalysisContext): Replacement | null {
  const sides = Object.entries(call.arguments).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number' && dimensionKey.test(entry[0]),
  );
  if (sides.length < 2) return null;
  for (const match of request.matchAll(dimensionsWritten)) {
    const asked = [match[1], match[2], match[3]].filter((side) => side !== undefined).map(Number);
    if (asked.length !== sides.length) continue;
    const unmatched = sides.filter(([, value]) => !asked.includes(value));
    const missing = asked.filter((side) => !sides.some(([, value]) => value === side));
    if (unmatched.length !== 1 || missing.length !== 1) continue;
    const [key, value] = unmatched[0] as [string, number];
    if (readBefore(context, String(value), call)) continue;
    return { field: key, expected: `${missing[0]} (${match[0].trim()})`, actual: String(value) };
  }
  return null;
}

const packWords = new Set([
  'each',
  'dozen',
  'tray',
  'case',
  'box',
  'pack',
  'pallet',
  'crate',
  'carton',
  'bag',
  'sack',
  'roll',
  'sheet',
  'bundle',
  'kg',
  'g',
  'litre',
  'l',
  'metre',
  'm',
]);

/** The objects of a call's arguments that order an amount in a unit: `{qty: 40, unit: "each"}`. */
function orderedAmounts(
  value: JsonValue,
  found: { quantity: number; unit: string; path: string }[],
  path = '',
  depth = 0,
): void {
  if (depth > 4 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) orderedAmounts(item, found, `${path}[${index}]`, depth + 1);
    return;
  }
  const quantityKey = Object.keys(value).find(
    (key) => /^(qty|quantity|amount|count)$/i.test(key) && typeof value[key] === 'number',
  );
  const unitKey = Object.keys(value).find(
    (key) => /^(unit|uom|unit_of_measure|pack)$/i.test(key) && typeof value[key] === 'string',
  );
  if (quantityKey !== undefined && unitKey !== undefined)
    found.push({
      quantity: value[quantityKey] as number,
      unit: (value[unitKey] as string).toLowerCase(),
      path: `${path ? `${path}.` : ''}${unitKey}`,
    });
  for (const [key, item] of Object.entries(value))
    orderedAmounts(item, found, path ? `${path}.${key}` : key, depth + 1);
}

/**
 * An amount the request orders in one unit sent in another: "40 dozen mini brioche" as `{qty: 40, unit: "each"}`.
 */
function replacedUnit(call: ConstructedCall, request: string): Replacement | null {
  const amounts: { quantity: number; unit: string; path: string }[] = [];
  orderedAmounts(call.arguments, amounts);
  for (const amount of amounts) {
    const written = new RegExp(`(?<![\\d.])${amount.quantity}\\s+([a-z]+)`, 'gi');
    for (const match of request.matchAll(written)) {
      const word = (match[1] as string).toLowerCase().replace(/(e?s)$/, '');
      const sent = amount.unit.replace(/(e?s)$/, '');
      if (!packWords.has(word) || !packWords.has(sent) || word === sent) continue;
      return { field: amount.path, expected: match[0], actual: `${amount.quantity} ${amount.unit}` };
    }
  }
  return null;
}

/** A sentence of the request with its content words and values, read once per analysis. */
interface RequestSentence {
  words: Set<string>;
  values: ReturnType<typeof extractFromText>;
}

/**
 * A number the request gives for a field, sent a power of ten off: "raise the EC target to 2.8 mS/cm" as
 * `ec_target_ms_cm: 28`. The field's words in the request's sentence tie the figure to it.
 */
function shiftedNumber(
  call: ConstructedCall,
  request: string,
  sentences: readonly RequestSentence[],
  context: AnalysisContext,
): Replacement | null {
  const numbers = Object.entries(call.arguments).filter(
    (entry): entry is [string, number] => typeof entry[1] === 'number',
  );
  if (numbers.length === 0) return null;
  for (const [key, sent] of numbers) {
    if (sent === 0) continue;
    const words = contentWords(key.replace(/_/g, ' ')).filter((word) => word.length >= 4);
    if (words.length === 0) continue;
    for (const sentence of sentences) {
      if (!words.some((word) => sentence.words.has(word))) continue;
      for (const value of sentence.values) {
        if (value.type !== 'number' || value.number === null || value.number === 0 || value.number === sent) continue;
        // "in 1 kg bags" sizes each bag: 10 of them is no power of ten off it.
        if (writesItemSize(request, value.raw)) continue;
        // "5.1 cm" sent as `lens_width_mm: 51` is the same length in the field's unit.
        const fieldUnit = unitOfField(key);
        if (fieldUnit !== null && value.unit !== null) {
          const converted = convertedAmount(value.number, value.unit, fieldUnit.name);
          if (converted !== null && Math.abs(converted - sent) <= 1e-9 * Math.max(1, Math.abs(sent))) continue;
        }
        const exponent = Math.log10(Math.abs(sent / value.number));
        if (Math.round(exponent) === 0 || Math.abs(exponent - Math.round(exponent)) > 1e-9 || Math.abs(exponent) > 3)
          continue;
        if (new RegExp(`(?<![\\d.])${sent}(?![\\d]|\\.\\d)`).test(request)) continue;
        if (readBefore(context, String(sent), call)) continue;
        return { field: key, expected: value.raw, actual: String(sent) };
      }
    }
  }
  return null;
}

/**
 * The request states a value and the call that acts on it writes another in its place: the same phrase with
 * another figure, or another day, that nothing the run read supplied. The span that wrote the call is the root.
 */
export const replacedRequestValueRule: Rule = {
  id: 'replaced-request-value',
  evaluate(context: AnalysisContext) {
    const request = context.goal.request;
    if (!request) return [];
    const days = requestedDays(request);
    const lowerRequest = request.toLowerCase();
    // The request's sentences, read once: every call of a long run is compared with them.
    const sentences = request
      .split(/(?<=[.!?])\s+/)
      .map((sentence) => ({ words: new Set(contentWords(sentence)), values: extractFromText(sentence) }));
    for (const call of constructedCalls(context)) {
      const replaced =
        replacedFigure(call, request, lowerRequest) ??
        swappedGroups(call, request) ??
        replacedUnit(call, request) ??
        shiftedNumber(call, request, sentences, context) ??
        replacedSide(call, request, context) ??
        replacedDay(call, days, request, context);
      if (!replaced) continue;
      const finding: RuleFinding = {
        rule: 'replaced-request-value',
        spanId: call.span.id,
        layer: 'tool-args',
        severity: 'error',
        message: `${call.span.name} called ${call.name} with ${replaced.field} = ${replaced.actual}, where the request gives ${replaced.expected}`,
        summary: `${call.name} was sent ${replaced.actual} in place of the ${replaced.expected} the user asked for, and nothing the run read supplied it.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: call.span.id,
            field: `args.${replaced.field}`,
            expected: replaced.expected,
            actual: replaced.actual,
            source: 'user request',
          },
        ],
        causal: true,
        badValue: replaced.actual,
      };
      return [finding];
    }
    return [];
  },
};
