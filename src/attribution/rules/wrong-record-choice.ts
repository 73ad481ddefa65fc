import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import type { AnalysisContext } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { writerOfToolCall } from '../span-errors.js';
import { namedPhrases } from '../text/words.js';
import { extractFromText } from '../values/extract-values.js';
import { dayAndMonthForms } from '../values/written-dates.js';

type JsonRecord = { [key: string]: JsonValue };

function isRecord(value: JsonValue | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Lists of two or more records anywhere in a result: the options a tool offered. */
function recordLists(value: JsonValue, output: JsonRecord[][] = [], depth = 0): JsonRecord[][] {
  if (depth > 6 || value === null || typeof value !== 'object') return output;
  if (Array.isArray(value)) {
    const records = value.filter(isRecord);
    if (records.length >= 2) output.push(records);
    for (const item of value) recordLists(item, output, depth + 1);
    return output;
  }
  for (const item of Object.values(value)) recordLists(item, output, depth + 1);
  return output;
}

/** Short string leaves of the call's arguments: the identifiers it passed on. */
function argumentStrings(value: JsonValue | null, output: string[] = [], depth = 0): string[] {
  if (value === null || depth > 6) return output;
  if (typeof value === 'string' && value.length >= 3 && value.length <= 80) output.push(value);
  else if (Array.isArray(value)) for (const item of value) argumentStrings(item, output, depth + 1);
  else if (typeof value === 'object') for (const item of Object.values(value)) argumentStrings(item, output, depth + 1);
  return output;
}

/** A word or phrase present as a whole word in the text. */
function mentions(text: string, phrase: string): boolean {
  const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^a-z0-9])${escaped}($|[^a-z0-9])`).test(text);
}

/** Digits the request names an item by its end with: "the line ending 0417", "card ending in 4471", "last four digits 9920". */
function requestedEndings(request: string): string[] {
  const endings: string[] = [];
  for (const match of request.matchAll(
    /\b(?:ending(?: in| with)?|ends? (?:in|with)|last (?:\d|two|three|four|five|six) (?:digits )?(?:of )?(?:[a-z]+ )?(?:is |are )?)[:\s]*(\d{2,6})\b/gi,
  ))
    if (match[1]) endings.push(match[1]);
  return endings;
}

/** The request names this value: whole, or by the digits it ends with. */
function named(request: string, endings: readonly string[], value: string): boolean {
  if (mentions(request, value)) return true;
  const digits = value.replace(/\D/g, '');
  return digits.length > 6 && endings.some((ending) => digits.endsWith(ending));
}

const slashedDate = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/g;

/**
 * The request with each slashed date ("DOB 12/03/1948") also written as the ISO dates it can mean, day
 * first and month first, so a record's `dob: "1948-03-12"` is named by it.
 */
function withIsoDates(request: string): string {
  const forms: string[] = [];
  for (const match of request.matchAll(slashedDate)) {
    const [first, second, year] = [Number(match[1]), Number(match[2]), match[3] as string];
    for (const [month, day] of [
      [second, first],
      [first, second],
    ] as const)
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
        forms.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
  }
  return forms.length === 0 ? request : `${request} (${forms.join(', ')})`;
}

/** A list of options a tool returned, where it sits in causal order. */
interface OfferedList {
  source: Span;
  position: number;
  records: JsonRecord[];
}

/** A record's string values by path, nested ones included (`applications.req`): what tells options apart. */
function stringLeaves(
  record: JsonRecord,
  prefix = '',
  output = new Map<string, string>(),
  depth = 0,
): Map<string, string> {
  if (depth > 4) return output;
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') {
      if (!output.has(path)) output.set(path, value);
    } else if (Array.isArray(value)) {
      // A one-item list (`applications: [{…}]`) belongs to its record; longer lists are options of their own.
      if (value.length === 1 && isRecord(value[0])) stringLeaves(value[0], path, output, depth + 1);
    } else if (isRecord(value)) stringLeaves(value, path, output, depth + 1);
  }
  return output;
}

/** Every list of options in the run, and the lists each string value appears in: built once per trace. */
interface OfferedLists {
  lists: OfferedList[];
  byValue: Map<string, number[]>;
}

function offeredLists(context: AnalysisContext): OfferedLists {
  const lists: OfferedList[] = [];
  const byValue = new Map<string, number[]>();
  context.spans.forEach((source, position) => {
    const result = source.tool?.result;
    if (result === null || result === undefined || typeof result !== 'object') return;
    for (const records of recordLists(result)) {
      const at = lists.length;
      lists.push({ source, position, records });
      for (const record of records) {
        for (const value of stringLeaves(record).values()) {
          const known = byValue.get(value);
          if (!known) byValue.set(value, [at]);
          else if (known[known.length - 1] !== at) known.push(at);
        }
      }
    }
  });
  return { lists, byValue };
}

interface WrongChoice {
  chosen: JsonRecord;
  chosenId: string;
  better: JsonRecord;
  field: string;
  source: Span;
}

/** Whether the request names a date of the chosen option ("21 August") that the other option does not hold. */
function namesOwnDate(
  request: string,
  chosen: ReadonlyMap<string, string>,
  other: ReadonlyMap<string, string>,
): boolean {
  const lower = request.toLowerCase();
  for (const [field, value] of chosen) {
    const day = /^(\d{4}-\d{2}-\d{2})/.exec(value)?.[1];
    if (day === undefined || other.get(field)?.startsWith(day)) continue;
    if (lower.includes(day) || dayAndMonthForms(day).some((form) => lower.includes(form))) return true;
  }
  return false;
}

/**
 * The option a call acted on, when the request names a descriptive value (`evening`, `medium`) that
 * another option of the same list has and the chosen one does not.
 */
function wrongChoice(
  call: Span,
  request: string,
  context: AnalysisContext,
  offered: OfferedLists,
  phrases: readonly string[],
): WrongChoice | null {
  const passed = argumentStrings(call.tool?.arguments ?? null);
  if (passed.length === 0) return null;
  const requestMeasures = measuresOf(request);
  const endings = requestedEndings(request);
  const position = context.position.get(call.id) ?? 0;
  // Only the lists that hold a value the call passed, in causal order.
  const holding = [...new Set(passed.flatMap((value) => offered.byValue.get(value) ?? []))].sort(
    (left, right) => left - right,
  );
  for (const at of holding) {
    const { source, position: listPosition, records } = offered.lists[at] as OfferedList;
    if (listPosition >= position) break;
    // A package's parts (a board, boots, bindings, each with its own fields) are not options to choose from.
    if (!sameSchema(records)) continue;
    {
      const leaves = records.map((record) => stringLeaves(record));
      // The option the call acted on: the one holding most of its values, a record's own field counting over
      // one nested in it (`candidate_id` over an application's `req` that another candidate shares).
      const scores = leaves.map((values) =>
        [...values].reduce(
          (score, [path, value]) => score + (passed.includes(value) ? (path.includes('.') ? 1 : 2) : 0),
          0,
        ),
      );
      const best = Math.max(...scores);
      const chosenAt = best > 0 ? scores.indexOf(best) : -1;
      if (chosenAt === -1) continue;
      const chosenLeaves = leaves[chosenAt] as Map<string, string>;
      const chosenId = [...chosenLeaves.values()].find((value) => passed.includes(value)) as string;
      for (const [field, value] of chosenLeaves) {
        // The identifier passed on is compared only when the request names an item by its last digits.
        if ((value === chosenId && endings.length === 0) || value.length < 3 || value.length > 40) continue;
        if (named(request, endings, value)) continue;
        // Labels and names (`evening`), or a code the request names (`REQ-3310`) that this option does not hold.
        const code = /\d/.test(value);
        // A description with a measure (`Amoxicillin 250 mg capsules`): told apart by the measure the request states.
        // A bare number (`447700900892`) is told apart by the digits the request ends it with, not by a measure.
        const byEnding = endings.length > 0 && !/[A-Za-z]/.test(value);
        // A date (`dob: 1984-03-12`) is told apart by the date the request gives, not by a measure.
        const isDate = /^\d{4}-\d{2}-\d{2}/.test(value);
        // A session's clock (`start: "17:30"`) is told apart by the clock the request names ("the 19:30 showing").
        const isClock = /^\d{1,2}:\d{2}(?::\d{2})?$/.test(value);
        const measures =
          code && !byEnding && !isDate && !isClock && !/^[A-Za-z]+[-_]?\d/.test(value) ? measuresOf(value) : null;
        // A title with a number but no measure ("RYA Youth Stage 2") is told apart by name, as labels are.
        const measured = measures !== null && measures.size > 0 ? measures : null;
        if (measured !== null && [...measured].every((measure) => requestMeasures.has(measure))) continue;
        const betterAt = leaves.findIndex((values, index) => {
          const other = values.get(field);
          if (index === chosenAt || other === undefined || other.length < 3) return false;
          if (measured !== null) {
            const theirs = measuresOf(other);
            return theirs.size > 0 && [...theirs].every((measure) => requestMeasures.has(measure));
          }
          return /\d/.test(other) === code && named(request, endings, other);
        });
        // "Move it from 19 August at 09:30 to the 21 August sitting": the request names the chosen option too.
        if (betterAt !== -1 && namesOwnDate(request, chosenLeaves, leaves[betterAt] as Map<string, string>)) continue;
        if (betterAt !== -1 && alsoPassed(leaves[betterAt] as Map<string, string>, chosenLeaves, chosenId, passed))
          continue;
        if (betterAt !== -1)
          return {
            chosen: Object.fromEntries(chosenLeaves),
            chosenId,
            better: Object.fromEntries(leaves[betterAt] as Map<string, string>),
            field,
            source,
          };
      }
      // Told apart by the part of the day the request can do, else by a name the request gives.
      const better = betterByPartOfDay(leaves, chosenAt, request) ?? betterByName(leaves, chosenAt, phrases, request);
      if (better && !alsoPassed(leaves[better.at] as Map<string, string>, chosenLeaves, chosenId, passed))
        return {
          chosen: Object.fromEntries(chosenLeaves),
          chosenId,
          better: Object.fromEntries(leaves[better.at] as Map<string, string>),
          field: better.field,
          source,
        };
    }
  }
  return null;
}

/**
 * The call also passed the better option's own identifier (`from_sale` the chosen one, `to_sale` the better):
 * it acts on both options, a move or a comparison, and chose neither over the other. Only the field that
 * identifies the chosen option counts: a programme passed beside a namesake's ID is still the wrong record.
 */
function alsoPassed(
  better: ReadonlyMap<string, string>,
  chosen: ReadonlyMap<string, string>,
  chosenId: string,
  passed: readonly string[],
): boolean {
  for (const [path, value] of chosen)
    if (value === chosenId) {
      const theirs = better.get(path);
      return theirs !== undefined && theirs !== chosenId && passed.includes(theirs);
    }
  return false;
}

/** Records with the same fields (at least three quarters shared between any two): options, not a list of parts. */
function sameSchema(records: readonly JsonRecord[]): boolean {
  const keys = records.map((record) => new Set(Object.keys(record)));
  const first = keys[0];
  if (first === undefined) return false;
  return keys.every((other) => {
    let shared = 0;
    for (const key of other) if (first.has(key)) shared += 1;
    return shared >= 0.75 * Math.max(first.size, other.size);
  });
}

type PartOfDay = 'morning' | 'afternoon' | 'evening';

/** The part of the day a request asks for: the one it says it can do or wants ("I can only do an afternoon"). */
function askedPartOfDay(request: string): PartOfDay | null {
  const wanted =
    /\b(?:only|prefer|need|want|can do|available|free)\b[^.;,]{0,30}?\b(morning|afternoon|evening)s?\b/i.exec(request);
  if (wanted) return (wanted[1] as string).toLowerCase() as PartOfDay;
  const parts = new Set(
    [...request.matchAll(/\b(morning|afternoon|evening)s?\b/gi)].map((match) => (match[1] as string).toLowerCase()),
  );
  return parts.size === 1 ? ([...parts][0] as PartOfDay) : null;
}

/** The part of the day a clock window falls in (`08:00-12:00` morning, `12:00-16:00` afternoon), or null. */
function partOfDay(value: string): PartOfDay | null {
  const window = /^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$/.exec(value);
  if (!window) return null;
  const start = Number(window[1]);
  const end = Number(window[3]) + Number(window[4]) / 60;
  if (end <= 12.5) return 'morning';
  if (start >= 17) return 'evening';
  if (start >= 12) return 'afternoon';
  return null;
}

/** The chosen option's time window is in another part of the day than the request asks, and another option's is not. */
function betterByPartOfDay(
  leaves: readonly Map<string, string>[],
  chosenAt: number,
  request: string,
): { at: number; field: string } | null {
  const asked = askedPartOfDay(request);
  if (asked === null) return null;
  const chosen = leaves[chosenAt] as Map<string, string>;
  for (const [field, value] of chosen) {
    const part = partOfDay(value);
    if (part === null || part === asked) continue;
    const at = leaves.findIndex((values, index) => index !== chosenAt && partOfDay(values.get(field) ?? '') === asked);
    if (at !== -1) return { at, field };
  }
  return null;
}

/** The request's names of two words or more, lower-cased: "Castle Boulevard", "Harbour View Lofts". */
function requestNames(request: string): string[] {
  const names = namedPhrases(request)
    .filter((phrase) => phrase.length >= 2 && phrase.some((word) => /[a-z]/.test(word)))
    .map((phrase) => phrase.join(' ').toLowerCase());
  // Single names inside a sentence, accents kept ("my Málaga booking"): a place or a person, not a month.
  for (const sentence of request.split(/(?<=[.!?])\s+/))
    for (const [index, token] of sentence.split(/[\s,;:()"“”]+/).entries()) {
      const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (index > 0 && /^\p{Lu}\p{Ll}{3,}$/u.test(word) && !calendarWord.test(word)) names.push(word.toLowerCase());
    }
  return [...new Set(names)];
}

const calendarWord =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|christmas|easter|please|thanks|hello)$/i;

/**
 * Another option whose values hold a name the request gives ("the pickup point on Castle Boulevard") that
 * none of the chosen option's values hold, and that matches more of the request's names than the chosen one.
 */
function betterByName(
  leaves: readonly Map<string, string>[],
  chosenAt: number,
  phrases: readonly string[],
  request: string,
): { at: number; field: string } | null {
  if (phrases.length === 0) return null;
  // A one-word name counts only inside a value written for people ("AGP - Málaga Airport"), not inside a
  // code (`sqlcipher-android`), where the same word means something else.
  const namesIn = (values: Map<string, string>): string[] =>
    phrases.filter((phrase) =>
      [...values.values()].some(
        (value) => (phrase.includes(' ') || /\s/.test(value.trim())) && mentions(value.toLowerCase(), phrase),
      ),
    );
  const chosen = leaves[chosenAt] as Map<string, string>;
  // An option the request names itself ("starters frost, Leksa, …") was asked for.
  if ([...chosen.values()].some((value) => value.length >= 3 && mentions(request, value.toLowerCase()))) return null;
  const chosenNames = namesIn(chosen);
  for (let at = 0; at < leaves.length; at += 1) {
    if (at === chosenAt) continue;
    const values = leaves[at] as Map<string, string>;
    const names = namesIn(values);
    const missing = names.find((name) => !chosenNames.includes(name));
    if (missing === undefined || names.length <= chosenNames.length) continue;
    const field = [...values].find(([, value]) => mentions(value.toLowerCase(), missing))?.[0];
    if (field !== undefined) return { at, field };
  }
  return null;
}

/** The figures with a unit a text states (`500 mg` → `500 mg`), normalised: what sets one product line apart. */
function measuresOf(text: string): Set<string> {
  return new Set(
    extractFromText(text)
      .filter((value) => value.type === 'number' && value.unit !== null)
      .map((value) => `${value.key} ${value.unit}`),
  );
}

/** Numbers of a record as they could be written in text, two digits or more: 38, 40 (not 1 or 2). */
function recordFigures(record: JsonRecord): string[] {
  return Object.values(record)
    .filter((value): value is number => typeof value === 'number' && Math.abs(value) >= 10)
    .map((value) => String(value));
}

function writesFigure(text: string, figure: string): boolean {
  return new RegExp(`(^|[^\\d.,])${figure.replace('.', '\\.')}($|[^\\d])`).test(text);
}

/**
 * A model answer read from the wrong row: its figures are one record's (38 of 40 seats of "Designer
 * Pro") while the request names another record of the same list ("Designer"), whose figures it omits.
 */
function wrongRowInText(
  span: Span,
  request: string,
  context: AnalysisContext,
  offered: OfferedLists,
): RuleFinding | null {
  const text = span.outputMessages.map((message) => message.text).join('\n');
  if (text.trim() === '') return null;
  const position = context.position.get(span.id) ?? 0;
  for (const { source, position: listPosition, records } of offered.lists) {
    if (listPosition >= position) break;
    {
      const named = records.filter((record) =>
        Object.values(record).some(
          (value) => typeof value === 'string' && value.length >= 3 && !/\d/.test(value) && mentions(request, value),
        ),
      );
      if (named.length !== 1) continue;
      const asked = named[0] as JsonRecord;
      const used = records.filter(
        (record) =>
          record !== asked && recordFigures(record).filter((figure) => writesFigure(text, figure)).length >= 2,
      );
      const askedFigures = recordFigures(asked);
      // The asked row's figures must be there to be missed: a row of small figures only (a £6 paring knife)
      // gives no evidence that the answer left it out.
      if (askedFigures.length === 0) continue;
      if (used.length !== 1 || askedFigures.some((figure) => writesFigure(text, figure))) continue;
      const wrong = used[0] as JsonRecord;
      const nameOf = (record: JsonRecord): string =>
        String(Object.values(record).find((value) => typeof value === 'string' && !/\d/.test(value)) ?? '');
      const written = recordFigures(wrong).filter((figure) => writesFigure(text, figure));
      return {
        rule: 'wrong-record-choice',
        spanId: span.id,
        layer: 'model',
        severity: 'error',
        message: `${span.name} answered with ${written.join(', ')} from the "${nameOf(wrong)}" record of ${source.name}, but the request asks about "${nameOf(asked)}"`,
        summary: `${span.name} read its figures (${written.join(', ')}) from the "${nameOf(wrong)}" row, not the "${nameOf(asked)}" row the request asks about.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: span.id,
            field: 'output',
            expected: askedFigures.join(', '),
            actual: written.join(', '),
            source: `${source.name} result`,
          },
        ],
        causal: true,
        badValue: written[0] ?? null,
      };
    }
  }
  return null;
}

/**
 * The agent picked the wrong option from a list a tool returned: the request names the evening show
 * and the call holds the matinee. The call's arguments are wrong though every value has a source.
 */
export const wrongRecordChoiceRule: Rule = {
  id: 'wrong-record-choice',
  evaluate(context) {
    const written = context.goal.request?.toLowerCase();
    if (!written) return [];
    const request = withIsoDates(written);
    const offered = offeredLists(context);
    if (offered.lists.length === 0) return [];
    const answer = context.answer?.text ?? '';
    const names = requestNames(context.goal.request ?? '');
    for (const span of context.spans) {
      if (span.role === 'llm') {
        // Only text that reached the user: the answer, or model text the answer repeats.
        const text = span.outputMessages
          .map((message) => message.text)
          .join('\n')
          .trim();
        if (text === '' || (span.id !== context.answer?.spanId && !answer.includes(text))) continue;
        const finding = wrongRowInText(span, request, context, offered);
        if (finding) return [finding];
        continue;
      }
      if (span.role !== 'tool' || !span.tool) continue;
      const choice = wrongChoice(span, request, context, offered, names);
      if (!choice) continue;
      const writer = writerOfToolCall(span, context) ?? span;
      const wanted = String(choice.better[choice.field]);
      const got = String(choice.chosen[choice.field]);
      // The better option's own value where the chosen one's ID sits (`APP-99120` for `APP-99874`), else its first code.
      const idField = Object.keys(choice.chosen).find((key) => choice.chosen[key] === choice.chosenId);
      const betterId =
        (idField !== undefined ? choice.better[idField] : undefined) ??
        Object.values(choice.better).find((value) => typeof value === 'string' && /\d/.test(value));
      return [
        {
          rule: 'wrong-record-choice',
          spanId: writer.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${writer.name} passed ${choice.chosenId} (${choice.field} "${got}") to ${span.tool.name}, but the request asks for "${wanted}"${betterId ? ` (${betterId})` : ''}`,
          summary: `${writer.name} chose ${choice.chosenId}, the "${got}" option of ${choice.source.name}, where the request asks for "${wanted}"${betterId ? `: ${betterId}` : ''}.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: writer.id,
              field: 'args',
              expected: betterId ? String(betterId) : wanted,
              actual: choice.chosenId,
              source: `${choice.source.name} result (${choice.field})`,
            },
          ],
          causal: true,
          badValue: choice.chosenId.toLowerCase(),
        } satisfies RuleFinding,
      ];
    }
    return [];
  },
};
