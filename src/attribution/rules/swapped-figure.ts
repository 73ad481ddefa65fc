import type { JsonValue } from '../../model/json-value.js';
import type { Span } from '../../model/span.js';
import { outputText } from '../analysis-context.js';
import type { Rule, RuleFinding } from '../rule.js';
import { escapeForPattern } from '../text/escape-pattern.js';
import { contentWords } from '../text/words.js';
import { type ExtractedValue, extractFromText, unitFromField } from '../values/extract-values.js';

/** One thing of a record that has a name (a plan, a region, a section) and the values that belong to it. */
interface NamedItem {
  name: string;
  /** Field (last key) → the item's value there, as extracted keys, with the field's unit. */
  fields: Map<string, { key: string; unit: string | null; raw: string }>;
}

const nameKey = /^(name|title|label|plan|product|team|region|section|zone|tier|variant|model|item|description)$/i;

type JsonObject = { [key: string]: JsonValue };

function isObject(value: JsonValue | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The scalar values of one item, by field, at most two levels down (`pairs: [["D7", "D8"]]`). */
function itemFields(item: JsonObject): NamedItem['fields'] {
  const fields: NamedItem['fields'] = new Map();
  const visit = (value: JsonValue, field: string, depth: number): void => {
    if (depth > 3) return;
    if (typeof value === 'number') {
      fields.set(`${field}#${fields.size}`, { key: String(value), unit: unitFromField(field), raw: String(value) });
    } else if (typeof value === 'string') {
      if (value.length <= 24 && /\d/.test(value) && !/\s/.test(value))
        fields.set(`${field}#${fields.size}`, { key: value.toLowerCase(), unit: null, raw: value });
    } else if (Array.isArray(value)) {
      for (const entry of value) visit(entry, field, depth + 1);
    } else if (value !== null) {
      for (const [key, entry] of Object.entries(value)) visit(entry, key, depth + 1);
    }
  };
  for (const [key, value] of Object.entries(item)) if (!nameKey.test(key)) visit(value, key, 0);
  return fields;
}

/**
 * A query result as a table (`{columns: ["channel", "cpa_gbp"], rows: [["Paid Search", 18.4], …]}`): each row is
 * an item named by the first column that holds text in every row.
 */
function tableItems(value: JsonObject, found: NamedItem[]): boolean {
  const columns = value.columns ?? value.headers;
  const rows = value.rows;
  if (!Array.isArray(columns) || !Array.isArray(rows) || rows.length < 2) return false;
  if (!columns.every((column) => typeof column === 'string')) return false;
  const width = columns.length;
  const table = rows.filter((row): row is JsonValue[] => Array.isArray(row) && row.length === width);
  if (table.length !== rows.length) return false;
  const nameColumn = columns.findIndex((_, index) =>
    table.every((row) => typeof row[index] === 'string' && /^\D+$/.test(row[index] as string)),
  );
  if (nameColumn < 0) return false;
  for (const row of table.slice(0, 50)) {
    const item: JsonObject = {};
    row.forEach((cell, index) => {
      if (index !== nameColumn) item[columns[index] as string] = cell;
    });
    found.push({ name: row[nameColumn] as string, fields: itemFields(item) });
  }
  return true;
}

/** Items with names in a record: a list of objects with a name field, or an object of objects keyed by name. */
function namedItems(value: JsonValue, found: NamedItem[], depth = 0): void {
  if (depth > 4 || found.length > 50) return;
  if (Array.isArray(value)) {
    const named = value.filter(isObject).filter((item) => Object.keys(item).some((key) => nameKey.test(key)));
    if (named.length >= 2)
      for (const item of named) {
        const key = Object.keys(item).find((name) => nameKey.test(name) && typeof item[name] === 'string');
        if (key !== undefined) found.push({ name: item[key] as string, fields: itemFields(item) });
      }
    for (const item of value) namedItems(item, found, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  if (tableItems(value, found)) return;
  // Counted and walked by key, without entry pairs: every record of a long run holding an answer's value is read.
  const keys = Object.keys(value);
  let objects = 0;
  for (const key of keys) if (isObject(value[key])) objects += 1;
  if (objects >= 2 && objects === keys.length)
    for (const key of keys) found.push({ name: key.replace(/_/g, ' '), fields: itemFields(value[key] as JsonObject) });
  for (const key of keys) {
    const entry = value[key] as JsonValue;
    // Only a list or an object can hold items.
    if (entry !== null && typeof entry === 'object') namedItems(entry, found, depth + 1);
  }
}

function mentions(sentence: string, name: string): boolean {
  if (name.length < 3) return false;
  return new RegExp(`(^|[^\\w])${escapeForPattern(name)}($|[^\\w])`, 'i').test(sentence);
}

/**
 * Whether a clause names an item: by its whole name, or by most of the words that set it apart from the
 * other items ("Cribbs Causeway" for `Bristol Cribbs Causeway`).
 */
function namesItem(clause: string, item: NamedItem, items: readonly NamedItem[]): boolean {
  if (mentions(clause, item.name)) return true;
  const others = new Set(items.filter((other) => other !== item).flatMap((other) => contentWords(other.name)));
  const distinctive = contentWords(item.name).filter((word) => word.length >= 4 && !others.has(word));
  if (distinctive.length === 0) return false;
  const words = new Set(contentWords(clause));
  const present = distinctive.filter((word) => words.has(word)).length;
  return present >= Math.min(2, distinctive.length) && present * 2 >= distinctive.length;
}

/** The fields of an item that hold a value, by field name (without the position suffix). */
function holders(item: NamedItem, value: ExtractedValue): string[] {
  const found: string[] = [];
  for (const [field, held] of item.fields) {
    if (held.key !== value.key) continue;
    // "GBP 12.00" is a price: a 12-month term in the same record is another fact.
    if (value.unit !== null && held.unit !== null && held.unit !== value.unit) continue;
    found.push(field.replace(/#\d+$/, ''));
  }
  return found;
}

/** Two fields of one record whose values the answer gives each under the other's name ("inserted 95,112"). */
interface RecordFigure {
  field: string;
  words: Set<string>;
  value: number;
}

function recordFigures(record: JsonObject): RecordFigure[] {
  return Object.entries(record)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
    .map(([field, value]) => ({ field, value, words: new Set(contentWords(field)) }));
}

/** The content words right before a figure, back to the nearest boundary (another figure, a bracket, a clause end). */
function wordsBefore(sentence: string, at: number): string[] {
  const before = sentence.slice(Math.max(0, at - 48), at);
  // "no transfer fee and your £1,095.00 payment": a conjunction ends the words that label this figure.
  const cut = Math.max(
    ...[...before.matchAll(/[\d(),;:]|\b(?:and|but|while|whereas|or)\b/g)].map(
      (match) => (match.index ?? -1) + match[0].length,
    ),
    0,
  );
  const words = contentWords(before.slice(cut));
  // "the total for 9 nights is £234": the word right after another figure names that figure, not this one.
  const afterFigure = cut > 0 && /\d/.test(before.charAt(cut - 1));
  return (afterFigure ? words.slice(1) : words).slice(-2);
}

/** The content words right after a figure, up to the nearest boundary. */
function wordsAfter(sentence: string, at: number): string[] {
  const after = sentence.slice(at, at + 48);
  const end = after.search(/[\d(),;:.]|\b(?:and|but|while|whereas|or)\b/);
  return contentWords(end === -1 ? after : after.slice(0, end)).slice(0, 3);
}

function onlyIn(left: Set<string>, right: Set<string>): string[] {
  return [...left].filter((word) => !right.has(word));
}

/** Whether the words next to a figure name one field and not the other. */
function namesField(next: readonly string[], named: readonly string[], other: readonly string[]): boolean {
  return named.some((word) => next.includes(word)) && !other.some((word) => next.includes(word));
}

function swappedWithinRecord(answer: string, writer: () => Span, record: JsonObject): RuleFinding | null {
  const figures = recordFigures(record);
  if (figures.length < 2) return null;
  for (const sentence of answer.split(/(?<=[.!?])\s+/)) {
    const written = extractedOnce(sentence).filter((value) => value.type === 'number' && value.number !== null);
    // Every place the figure is written: "the 2-day trip for 2 clients" writes 2 twice, once for each thing.
    const labelsOf = (value: ExtractedValue): { before: string[]; after: string[] }[] => {
      const labels: { before: string[]; after: string[] }[] = [];
      const pattern = new RegExp(`(?<![\\d.,])${escapeForPattern(value.raw)}(?![\\d]|[.,]\\d)`, 'g');
      for (const match of sentence.matchAll(pattern)) {
        const at = match.index ?? 0;
        labels.push({ before: wordsBefore(sentence, at), after: wordsAfter(sentence, at + value.raw.length) });
      }
      return labels;
    };
    for (const value of written) {
      const own = figures.filter((figure) => figure.value === value.number);
      if (own.length !== 1) continue;
      const [holder] = own as [RecordFigure];
      for (const other of figures) {
        if (other === holder || other.value === holder.value) continue;
        const holderOnly = onlyIn(holder.words, other.words);
        const otherOnly = onlyIn(other.words, holder.words);
        if (holderOnly.length === 0 || otherOnly.length === 0) continue;
        // Both figures are written, each labelled with the other's name only: a swap, not a loose label.
        const swappedIn = written.find((candidate) => candidate.number === other.value);
        if (!swappedIn) continue;
        const first = labelsOf(value);
        const second = labelsOf(swappedIn);
        const mislabelled = (label: { before: string[]; after: string[] }, named: string[], own: string[]) =>
          namesField(label.before, named, own) && !own.some((word) => label.after.includes(word));
        // Swapped only if no place writes the figure with its own field's name.
        const everywhere = (labels: typeof first, named: string[], own: string[]) =>
          labels.length > 0 && labels.every((label) => mislabelled(label, named, own));
        if (!everywhere(first, otherOnly, holderOnly) || !everywhere(second, holderOnly, otherOnly)) continue;
        return finding(writer(), `${value.raw} as ${other.field}`, String(other.value), value.raw, holder.field);
      }
    }
  }
  return null;
}

/** A figure of the answer written once, with the word right before it that may label it and the words after. */
interface LabelledFigure {
  value: ExtractedValue;
  number: number;
  closest: string;
  after: string[];
  sentenceWords: Set<string>;
}

/**
 * The answer's figures that a word right before them could label, read once per answer: every record of a long
 * run that holds one of them asks.
 */
const labelledByAnswer = new Map<string, { figures: LabelledFigure[]; numbers: Set<number> }>();

function labelledFigures(answer: string): { figures: LabelledFigure[]; numbers: Set<number> } {
  let known = labelledByAnswer.get(answer);
  if (known !== undefined) return known;
  const figures: LabelledFigure[] = [];
  const numbers = new Set<number>();
  for (const value of extractedOnce(answer)) if (value.number !== null) numbers.add(value.number);
  for (const sentence of answer.split(/(?<=[.!?])\s+/)) {
    const sentenceWords = new Set(contentWords(sentence));
    for (const value of extractedOnce(sentence)) {
      if (value.type !== 'number' || value.number === null) continue;
      const pattern = new RegExp(`(?<![\\d.,])${escapeForPattern(value.raw)}(?![\\d]|[.,]\\d)`, 'g');
      const places = [...sentence.matchAll(pattern)].map((match) => match.index ?? 0);
      if (places.length !== 1) continue;
      const at = places[0] as number;
      const closest = wordsBefore(sentence, at).at(-1);
      if (closest === undefined) continue;
      // "13 days at $65.00/day": the word names the figure before it, and the figure itself is a rate.
      const lead = sentence.slice(Math.max(0, at - 48), at);
      if (new RegExp(`\\d[\\s-]*${escapeForPattern(closest)}\\w*\\W*(?:at|of|for|x|×)?\\W*$`, 'i').test(lead)) continue;
      if (
        /^\s*(?:\/|per\b|an?\s+(?:hour|day|night|week|month|year)\b|each\b)/i.test(
          sentence.slice(at + value.raw.length),
        )
      )
        continue;
      figures.push({
        value,
        number: value.number,
        closest,
        after: wordsAfter(sentence, at + value.raw.length),
        sentenceWords,
      });
    }
  }
  known = { figures, numbers };
  if (labelledByAnswer.size > 64) labelledByAnswer.clear();
  labelledByAnswer.set(answer, known);
  return known;
}

/**
 * One figure of a record written under the name of another field of it, whose own value the answer never
 * gives: "a federal refund of $738" where `refund: 0` and `amount_owed: 738`. The word right before the figure
 * must name that field alone, and the figure's own field must go unnamed in the sentence.
 */
/**
 * Whether a record states one of the written figures as a number of its own. Most records state none, and
 * then the words of their fields, a set per figure of each record of a large trace, need not be read.
 */
function holdsAnyFigure(record: JsonObject, written: readonly LabelledFigure[]): boolean {
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (typeof value === 'number' && written.some((figure) => figure.number === value)) return true;
  }
  return false;
}

function mislabelledWithinRecord(answer: string, writer: () => Span, record: JsonObject): RuleFinding | null {
  const { figures: written, numbers } = labelledFigures(answer);
  if (written.length === 0 || !holdsAnyFigure(record, written)) return null;
  const figures = recordFigures(record);
  if (figures.length < 2) return null;
  for (const figure of written) {
    const own = figures.filter((candidate) => candidate.value === figure.number);
    if (own.length !== 1) continue;
    const [holder] = own as [RecordFigure];
    for (const other of figures) {
      if (other === holder || other.value === holder.value || numbers.has(other.value)) continue;
      const holderOnly = onlyIn(holder.words, other.words);
      const otherOnly = onlyIn(other.words, holder.words);
      if (holderOnly.length === 0 || !otherOnly.includes(figure.closest)) continue;
      if (holderOnly.some((word) => figure.sentenceWords.has(word) || figure.after.includes(word))) continue;
      // "Drying to 14.5%" is no drying rate in £ per tonne-point: a figure's own unit rules out a field of another.
      if (
        figure.value.unit !== null &&
        unitFromField(holder.field) === figure.value.unit &&
        unitFromField(other.field) !== figure.value.unit
      )
        continue;
      return finding(
        writer(),
        `${figure.value.raw} as ${other.field}`,
        String(other.value),
        figure.value.raw,
        holder.field,
      );
    }
  }
  return null;
}

/** Seat and bay codes (`D7`, `B12`) are too short for the identifier pattern, yet name one thing of a record. */
const shortCode = /\b[A-Z]{1,2}\d{1,3}\b/g;

function valuesOf(sentence: string): ExtractedValue[] {
  const values = extractFromText(sentence);
  for (const match of sentence.matchAll(shortCode))
    if (!values.some((value) => value.raw === match[0]))
      values.push({
        type: 'identifier',
        raw: match[0],
        key: match[0].toLowerCase(),
        number: null,
        unit: null,
        field: null,
      });
  return values;
}

/** The subject's field that the word after a bare count names ("4 e-bikes" → `ebikes_available`), or null. */
function countedField(sentence: string, value: ExtractedValue, subject: NamedItem): string | null {
  const at = sentence.indexOf(value.raw);
  if (at < 0) return null;
  const next = /^\s+([A-Za-z][A-Za-z-]{2,})/.exec(sentence.slice(at + value.raw.length))?.[1];
  if (next === undefined) return null;
  const word = next.toLowerCase().replace(/-/g, '').replace(/e?s$/, '');
  if (word.length < 3) return null;
  for (const field of subject.fields.keys()) {
    const name = field.replace(/#\d+$/, '').toLowerCase();
    if (name.split('_').some((part) => part.replace(/e?s$/, '') === word)) return name;
  }
  return null;
}

function swappedBetweenItems(
  answer: string,
  writer: () => Span,
  items: readonly NamedItem[],
  requested: ReadonlySet<string>,
  countsByName = false,
): RuleFinding | null {
  // Clause by clause: "Cribbs Causeway is closer at 7.1 miles, and Weston-super-Mare (19.8 miles) has one".
  // "nave £285.00 + organ £90.00" adds two items: each figure belongs to the words on its own side. A line
  // of a list is a clause of its own ("- Comté, 350 g at £38.00/kg = £13.30" above "- Baron Bigod, …").
  for (const sentence of answer.split(/(?<=[.!?])\s+|\n+|[,;()+]|\s(?:and|but|while|whereas|plus|less|minus)\s/)) {
    const named = items.filter((item) => namesItem(sentence, item, items));
    if (named.length !== 1) continue;
    const [subject] = named as [NamedItem];
    for (const value of valuesOnce(sentence)) {
      // A bare count is told apart by the word after it naming the field ("4 e-bikes" for `ebikes_available`).
      const countField =
        countsByName && value.type === 'number' && value.unit === null ? countedField(sentence, value, subject) : null;
      if (value.type === 'number' && value.unit === null && countField === null) continue;
      if (value.type !== 'number' && value.type !== 'identifier') continue;
      // "at least 20GB" repeats the user's own threshold, whichever item it also matches.
      if (requested.has(value.key)) continue;
      if (holders(subject, value).length > 0) continue;
      const owner = items.find((item) => item !== subject && holders(item, value).length > 0);
      if (!owner) continue;
      const field = holders(owner, value)[0] as string;
      if (countField !== null && field.toLowerCase() !== countField) continue;
      // The subject has its own value of that field (or holds none of what was given): the figure is another item's.
      const subjectValue = [...subject.fields].find(([key]) => key.replace(/#\d+$/, '') === field)?.[1];
      if (subjectValue === undefined) continue;
      return finding(
        writer(),
        `${value.raw} for ${subject.name}`,
        subjectValue.raw,
        value.raw,
        `${owner.name}'s ${field}`,
      );
    }
  }
  return null;
}

/** How many of the given keys (numbers, short codes) a record holds at most four levels down, counting to two. */
function heldCount(value: JsonValue, keys: ReadonlySet<string>, held = new Set<string>(), depth = 0): number {
  if (depth > 4 || held.size >= 2) return held.size;
  if (typeof value === 'number') {
    const key = String(value);
    if (keys.has(key)) held.add(key);
  } else if (typeof value === 'string') {
    if (value.length <= 24) {
      const key = value.toLowerCase();
      if (keys.has(key)) held.add(key);
    }
  } else if (Array.isArray(value)) for (const entry of value) heldCount(entry, keys, held, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const key of Object.keys(value)) heldCount(value[key] as JsonValue, keys, held, depth + 1);
  return held.size;
}

// The answer's sentences are read once per analysis, not once per record: a long run has thousands of records.
const extractedBySentence = new Map<string, ExtractedValue[]>();
const valuesBySentence = new Map<string, ExtractedValue[]>();

function extractedOnce(sentence: string): ExtractedValue[] {
  let values = extractedBySentence.get(sentence);
  if (values === undefined) {
    if (extractedBySentence.size > 256) extractedBySentence.clear();
    values = extractFromText(sentence);
    extractedBySentence.set(sentence, values);
  }
  return values;
}

function valuesOnce(sentence: string): ExtractedValue[] {
  let values = valuesBySentence.get(sentence);
  if (values === undefined) {
    if (valuesBySentence.size > 256) valuesBySentence.clear();
    values = valuesOf(sentence);
    valuesBySentence.set(sentence, values);
  }
  return values;
}

function finding(span: Span, claim: string, expected: string, actual: string, belongsTo: string): RuleFinding {
  return {
    rule: 'swapped-figure',
    spanId: span.id,
    layer: 'model',
    severity: 'error',
    message: `${span.name} wrote ${claim}, but ${actual} is ${belongsTo} in the record it was given`,
    summary: `${span.name} gave ${claim}: ${actual} belongs to ${belongsTo}, so the model swapped values it had right.`,
    confidence: 0.7,
    evidence: [{ spanId: span.id, field: 'output', expected, actual, source: belongsTo }],
    causal: true,
    badValue: actual,
  };
}

/**
 * The answer gives a record's value under another name: a figure under the name of the record's other field
 * ("inserted 95,112 rows" where `rows_inserted: 1204388`, `rows_updated: 95112`), or a value of one named item
 * for another ("Flex 30 for GBP 12.00" where Saver 20 costs 12.00; "Stalls seats D7 and D8" where D7 and D8
 * are in the dress circle and the stalls are sold out). The record was right; the model swapped its values.
 */
export const swappedFigureRule: Rule = {
  id: 'swapped-figure',
  evaluate(context) {
    const answer = context.answer;
    if (!answer || answer.text === '') return [];
    const answerSpan = context.byId.get(answer.spanId);
    if (!answerSpan) return [];
    // The model span that first wrote the answer's words (the root agent only passes them on), looked for
    // only once a swap is found: reading every model span's output costs a pass over a long run.
    let span: Span | undefined;
    const opening = answer.text.slice(0, 80);
    const writer = (): Span => {
      span ??=
        context.spans.find((candidate) => candidate.role === 'llm' && outputText(candidate).includes(opening)) ??
        answerSpan;
      return span;
    };
    const requested = new Set(extractFromText(context.goal.request ?? '').map((value) => value.key));
    // Only a record holding a value the answer writes can have had it swapped: most records of a long run hold none.
    const written = new Set(valuesOf(answer.text).map((value) => value.key));
    for (const source of context.spans) {
      const result = source.tool?.result;
      if (!isObject(result ?? null)) continue;
      const record = result as JsonObject;
      const held = heldCount(record, written);
      if (held === 0) continue;
      const items: NamedItem[] = [];
      namedItems(record, items);
      // A swap inside one record needs two of its figures in the answer.
      const found =
        (held >= 2 ? swappedWithinRecord(answer.text, writer, record) : null) ??
        (items.length >= 2 ? swappedBetweenItems(answer.text, writer, items, requested) : null) ??
        mislabelledWithinRecord(answer.text, writer, record);
      if (found) return [found];
    }
    // Each record a named thing of its own (two stations looked up one by one): the items of the run together.
    const records: NamedItem[] = [];
    for (const source of context.spans) {
      const result = source.tool?.result;
      if (!isObject(result ?? null)) continue;
      const record = result as JsonObject;
      const key = Object.keys(record).find((name) => nameKey.test(name) && typeof record[name] === 'string');
      if (key !== undefined && !records.some((item) => item.name === record[key]))
        records.push({ name: record[key] as string, fields: itemFields(record) });
      if (records.length > 20) break;
    }
    if (records.length >= 2) {
      const found = swappedBetweenItems(answer.text, writer, records, requested, true);
      if (found) return [found];
    }
    return [];
  },
};
