import type { JsonValue } from '../model/json-value.js';
import type { Message, RetrievedDocument, Span, ToolCall } from '../model/span.js';
import type { FinalAnswer, Goal } from './analysis-context.js';
import { capacityBits, FirstSources } from './first-sources.js';
import { onlyReads } from './text/actions.js';
import { memoisedTest } from './text/memoised-test.js';
import {
  type DriftKind,
  digitsOf,
  isMinorUnitsOf,
  isPowerOfTenApart,
  lastFieldName,
  nearMiss,
  unitNearMiss,
} from './values/compare-values.js';
import { createValueExtractor, type ExtractedValue } from './values/extract-values.js';
import { convertedAmount, countField, isCurrencyUnit, isTimeUnit } from './values/measure-units.js';
import { datedYearlessDates, writesDayOfMonth } from './values/written-dates.js';

/** Where a span constructed a value. */
export type ConstructedIn = 'tool-call' | 'tool-args' | 'retrieval-query' | 'plan' | 'model-text' | 'answer';

export interface ValueSource {
  spanId: string;
  /** `user request`, `system instructions`, `span lookup_order result`, … */
  label: string;
  kind: 'request' | 'instructions' | 'data' | 'constructed' | 'prompt';
  value: ExtractedValue;
}

export interface ValueCheck {
  /** The span that constructed the value: rules that read it need no lookup by ID (see spanOfCheck). */
  span: Span;
  spanId: string;
  value: ExtractedValue;
  constructedIn: ConstructedIn;
  status: 'supported' | 'derived' | 'drifted' | 'unsourced';
  /** The exact source (supported), or the near miss (drifted). */
  source: ValueSource | null;
  drift: DriftKind | null;
}

export interface ProvenanceResult {
  checks: ValueCheck[];
  /** The first source of each normalised value. */
  firstSource: ReadonlyMap<string, ValueSource>;
}

/** Arguments that tune a call rather than carry the user's data: never judged for provenance. */
const tuningField =
  /(^|\.)(limit|top_?k|k|n|page|page_?size|per_?page|offset|max_?results|max_?tokens|temperature|top_?p|timeout(_\w+)?|retries|max_?retries|count|size|depth|threshold|score_?threshold|seed|api_?version|stream)$/i;

/**
 * A span's start or end, as one number: the span's position in `spans` times two, plus one for its
 * end. A 100,000-span trace has 200,000 of them, and objects would cost the garbage collector dearly.
 */
type TraceEvent = number;

function spanOfEvent(event: TraceEvent): number {
  return event >> 1;
}

function isEnd(event: TraceEvent): boolean {
  return (event & 1) === 1;
}

interface SpanNumbers {
  get(span: Span): number | undefined;
  set(span: Span, value: number): void;
}

/**
 * Makes tables of a number per span, kept in arrays by the span's source index: a map keyed by span
 * objects or IDs costs far more on a 100,000-span trace. A span whose source index another span
 * shares (a hand-built trace) falls back to a map.
 */
function spanNumberTables(spans: readonly Span[]): () => SpanNumbers {
  let size = 0;
  let inSourceOrder = true;
  for (let index = 0; index < spans.length; index += 1) {
    const sourceIndex = (spans[index] as Span).sourceIndex;
    size = Math.max(size, sourceIndex + 1);
    if (sourceIndex !== index) inSourceOrder = false;
  }
  // Source indexes far beyond the span count (a hand-built trace) would make huge arrays: all use the map.
  if (size > spans.length * 2 + 1_024) size = 0;
  // Spans at their own source indexes (a read trace) own them: no second walk over every span to find owners.
  const owners: readonly (Span | undefined)[] = inSourceOrder ? spans : firstOwners(spans, size);
  return () => {
    const values = new Float64Array(size).fill(Number.NaN);
    const shared = new Map<Span, number>();
    return {
      get(span) {
        if (owners[span.sourceIndex] !== span) return shared.get(span);
        const value = values[span.sourceIndex] as number;
        return Number.isNaN(value) ? undefined : value;
      },
      set(span, value) {
        if (owners[span.sourceIndex] !== span) shared.set(span, value);
        else values[span.sourceIndex] = value;
      },
    };
  };
}

/** The first span at each source index. */
function firstOwners(spans: readonly Span[], size: number): (Span | undefined)[] {
  const owners: (Span | undefined)[] = new Array(size);
  for (let index = 0; index < spans.length; index += 1) {
    const span = spans[index] as Span;
    if (owners[span.sourceIndex] === undefined) owners[span.sourceIndex] = span;
  }
  return owners;
}

function compareTimes(left: number, right: number): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Shared by every span without children: most spans are leaves, and each would otherwise get an empty list. */
const noChildren: readonly Span[] = [];

/**
 * The order in which values could flow: a span's inputs at its start, its outputs at its end, a
 * parent's end after its children's. Without times (plain text), source order stands for time.
 * Depths and ends are memoised: each is asked of every span, and a deep trace would otherwise walk
 * the same chains again and again.
 */
function orderEvents(
  spans: readonly Span[],
  byId: ReadonlyMap<string, Span>,
  children: ReadonlyMap<string, readonly Span[]>,
): TraceEvent[] {
  let timed = true;
  // Indexed, stopping at the first span without a start: a callback per span costs more on a large trace.
  for (let index = 0; index < spans.length && timed; index += 1) timed = (spans[index] as Span).startTime !== null;
  const spanNumbers = spanNumberTables(spans);
  const knownDepths = spanNumbers();
  // Siblings usually follow one another: the previous span's parent spares most lookups.
  let previousParentId: string | null = null;
  let previousParent: Span | undefined;
  const parentOf = (span: Span): Span | undefined => {
    if (span.parentId === null) return undefined;
    if (span.parentId !== previousParentId) {
      previousParentId = span.parentId;
      previousParent = byId.get(span.parentId);
    }
    return previousParent;
  };
  const depthOf = (span: Span): number => {
    // The common case first, without building a chain: the parent's depth is already known.
    const parent = parentOf(span);
    const parentDepth = parent === undefined ? undefined : knownDepths.get(parent);
    if (parentDepth !== undefined && knownDepths.get(span) === undefined) {
      knownDepths.set(span, parentDepth + 1);
      return parentDepth + 1;
    }
    // Iterative with a bound: parent cycles are already broken, but a corrupt chain must not recurse forever.
    const chain: Span[] = [];
    let current: Span | undefined = span;
    let depth = -1;
    while (current && chain.length < 1_000) {
      const known = knownDepths.get(current);
      if (known !== undefined) {
        depth = known;
        break;
      }
      chain.push(current);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      depth += 1;
      knownDepths.set(chain[index] as Span, depth);
    }
    return knownDepths.get(span) ?? 0;
  };
  const lastDescendants = spanNumbers();
  const lastDescendantIndex = (span: Span): number => {
    const known = lastDescendants.get(span);
    if (known !== undefined) return known;
    let last = span.sourceIndex;
    for (const child of children.get(span.id) ?? noChildren) last = Math.max(last, lastDescendantIndex(child));
    lastDescendants.set(span, last);
    return last;
  };
  // A parent ends after its children, even when its own end time is missing or early (clock skew).
  const ends = spanNumbers();
  const effectiveEnd = (span: Span): number => {
    const ownEnd = Math.max(span.endTime ?? span.startTime ?? 0, span.startTime ?? 0);
    const spanChildren = children.get(span.id);
    // A leaf's end is its own, as cheap to work out again as to look up: most spans are leaves.
    if (spanChildren === undefined) return ownEnd;
    const known = ends.get(span);
    if (known !== undefined) return known;
    let end = ownEnd;
    // Indexed: the root of a large trace has its spans as children, and an iterator step each is garbage.
    for (let index = 0; index < spanChildren.length; index += 1)
      end = Math.max(end, effectiveEnd(spanChildren[index] as Span));
    ends.set(span, end);
    return end;
  };
  const times = new Float64Array(spans.length * 2);
  const depths = new Float64Array(spans.length);
  const events: TraceEvent[] = new Array(spans.length * 2);
  spans.forEach((span, index) => {
    depths[index] = depthOf(span);
    events[index * 2] = index * 2;
    events[index * 2 + 1] = index * 2 + 1;
    if (timed) {
      times[index * 2] = span.startTime as number;
      times[index * 2 + 1] = effectiveEnd(span);
    } else {
      times[index * 2] = index * 2;
      const descendants = children.has(span.id) ? lastDescendantIndex(span) : index;
      times[index * 2 + 1] = Math.max(index, descendants) * 2 + 1;
    }
  });
  const sourceIndexOf = (event: TraceEvent): number => (spans[spanOfEvent(event)] as Span).sourceIndex;
  const depthOfEvent = (event: TraceEvent): number => depths[spanOfEvent(event)] as number;
  // Ties: ends before starts, inner ends before outer ones, outer starts before inner ones, then source order.
  // Times compared rather than subtracted: a difference of two times is a fraction, a new heap number per
  // comparison. Unordered times (NaN) fall through to the ties, as a NaN difference would.
  return events.sort(
    (left, right) =>
      compareTimes(times[left] as number, times[right] as number) ||
      (isEnd(left) === isEnd(right) ? 0 : isEnd(left) ? -1 : 1) ||
      (isEnd(left) ? depthOfEvent(right) - depthOfEvent(left) : depthOfEvent(left) - depthOfEvent(right)) ||
      sourceIndexOf(left) - sourceIndexOf(right),
  );
}

/**
 * Near-miss candidates per index key; a bucket keeps its first entries (the request's) and its latest.
 * A key with one candidate holds it alone: most keys never get a second, and an array each would be
 * garbage collector work by the hundred thousand.
 */
const bucketLimit = 12;

/** How far a kind of source is trusted: the lowest number wins a near-miss search. */
const sourcePriority: Record<ValueSource['kind'], number> = {
  request: 0,
  data: 1,
  instructions: 2,
  prompt: 3,
  constructed: 4,
};

/**
 * `sourcePriority[kind]` as a switch: a record read by a key that varies is a slow keyed lookup, and a
 * near-miss search asks it of every candidate.
 */
function priorityOf(kind: ValueSource['kind']): number {
  switch (kind) {
    case 'request':
      return 0;
    case 'data':
      return 1;
    case 'instructions':
      return 2;
    case 'prompt':
      return 3;
    default:
      return 4;
  }
}

/**
 * Two or more candidates under one key, with the most trusted kind (lowest priority number) any of them
 * ever had. A search that has already found a source at least that trusted skips the whole bucket
 * without reading its candidates: on a large trace most buckets hold only data and constructed values,
 * and reading each candidate to find that out was most of the search.
 */
class SharedBucket {
  readonly sources: ValueSource[];
  /** A lower bound on the priority of the sources held (one replaced later may have set it). */
  priority: number;

  constructor(first: ValueSource, second: ValueSource) {
    this.sources = [first, second];
    this.priority = Math.min(priorityOf(first.kind), priorityOf(second.kind));
  }

  add(source: ValueSource): void {
    const sources = this.sources;
    if (sources.length < bucketLimit) sources.push(source);
    else sources[bucketLimit / 2 + (sources.length % (bucketLimit / 2))] = source;
    this.priority = Math.min(this.priority, priorityOf(source.kind));
  }
}

type Bucket = ValueSource | SharedBucket;

/** A slot of `BucketTable` that holds no key: no index key is this large (see IndexKey). */
const emptySlot = 0x7fffffff;

/**
 * The near-miss index: buckets by index key. Integer keys (those of numbers and codes of digits, most of
 * a large trace's hundreds of thousands) are kept in an open-addressing table of typed arrays, which
 * costs less per lookup than a Map and leaves the garbage collector one array of buckets to trace and
 * no large entry tables to rebuild as it grows; any other key is kept in a Map.
 */
class BucketTable {
  private keys: Int32Array;
  /** 32 less the bits of a slot number: the capacity is a power of two. */
  private shift: number;
  private buckets: (Bucket | undefined)[];
  private integerCount = 0;
  private readonly byOtherKey = new Map<string | number, Bucket>();

  /** `expectedKeys`: about how many integer keys will be filed (a trace's span count serves). */
  constructor(expectedKeys: number) {
    const bits = capacityBits(expectedKeys);
    this.keys = new Int32Array(2 ** bits).fill(emptySlot);
    this.buckets = new Array(2 ** bits).fill(undefined);
    this.shift = 32 - bits;
  }

  get(key: IndexKey): Bucket | undefined {
    if (!isTableKey(key)) return this.byOtherKey.get(key);
    const slot = this.slotOf(key);
    return this.keys[slot] === key ? this.buckets[slot] : undefined;
  }

  set(key: IndexKey, bucket: Bucket): void {
    if (!isTableKey(key)) {
      this.byOtherKey.set(key, bucket);
      return;
    }
    let slot = this.slotOf(key);
    if (this.keys[slot] !== key) {
      // Kept at most half full, so that a probe meets an empty slot soon.
      if ((this.integerCount + 1) * 2 > this.keys.length) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.integerCount += 1;
    }
    this.buckets[slot] = bucket;
  }

  /** The slot that holds `key`, or the empty slot where it would go (linear probing). */
  private slotOf(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    // Fibonacci hashing (the product's top bits): near keys, a number's deletions, land apart.
    let slot = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (;;) {
      const held = keys[slot] as number;
      if (held === key || held === emptySlot) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const buckets = this.buckets;
    this.keys = new Int32Array(keys.length * 2).fill(emptySlot);
    this.shift -= 1;
    this.buckets = new Array(keys.length * 2).fill(undefined);
    for (let slot = 0; slot < keys.length; slot += 1) {
      const key = keys[slot] as number;
      if (key === emptySlot) continue;
      const target = this.slotOf(key);
      this.keys[target] = key;
      this.buckets[target] = buckets[slot];
    }
  }
}

/** Whether `BucketTable` keeps this key in its integer table: a 32-bit integer that is not the empty mark. */
function isTableKey(key: IndexKey): key is number {
  return typeof key === 'number' && (key | 0) === key && key !== emptySlot;
}

// Hoisted: a regular expression literal is a new object each time it runs, and these run per value.
const leadingZeros = /^0+/;
const trailingZeros = /0+$/;
const leadingHash = /^#/;
const digitsOnly = /^\d+$/;
const hasDigit = /\d/;
/** ISO weeks (`2026-w47`) and month-year codes (`oct-26`), lowercased as identifier keys are. */
const periodCode = /^(?:(\d{4})-w\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-_](\d{2}))$/;

/**
 * An index key. `#` and up to eight digits (the key of most numbers, and of their deletions) is kept
 * as the small integer `digits * 9 + length`, which tells `#0345` from `#345`; one to eight digits
 * without the `#` (the key every number shares with identifiers of digits) as the negative integer
 * `-(digits * 9 + length) - 1`; any other key is the string itself. A 100,000-span trace files hundreds
 * of thousands of keys, and integers need neither a string each nor hashing.
 */
type IndexKey = string | number;

const digitKeyLength = 8;

function keyOf(text: string): IndexKey {
  const hashed = text.charCodeAt(0) === 35 ? 1 : 0;
  const length = text.length - hashed;
  // The empty key stays a string; `#` alone is the number key of no digits (zero's), 0.
  if (text.length === 0 || length > digitKeyLength) return text;
  let digits = 0;
  for (let index = hashed; index < text.length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return text;
    digits = digits * 10 + digit;
  }
  return hashed === 1 ? digits * 9 + length : bareDigitsKey(digits, length);
}

/** The key of `length` digits without a `#` that read as `digits`: negative, apart from every `#` key. */
function bareDigitsKey(digits: number, length: number): number {
  return -(digits * 9 + length) - 1;
}

function isDigits(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * Index keys under which a value is filed for near-miss lookup: the value and every one-character
 * deletion of it (a symmetric-delete index). Any transposition, substitution, dropped or added
 * character between two values leaves them sharing a key, so a check looks at a handful of candidates
 * instead of every value seen. Numbers are filed by their significant digits, which a decimal shift,
 * a sign flip or another unit leave unchanged. Built afresh when asked (at most twice per new value):
 * a memo would keep every key of every value alive through the analysis, which costs the garbage
 * collector more than building them again.
 */
function indexKeys(value: ExtractedValue): IndexKey[] {
  if (value.type === 'number' && value.number !== null) {
    const digits = digitsOf(value.number);
    if (digits.length <= digitKeyLength && isDigits(digits)) return digitKeys(digits);
  }
  const base =
    value.type === 'number' && value.number !== null
      ? `#${digitsOf(value.number)}`
      : value.key.replace(leadingHash, '');
  if (value.type === 'identifier' && base.length > 0 && base.length <= digitKeyLength && isDigits(base))
    return digitCodeKeys(base);
  const keys: IndexKey[] = [keyOf(base)];
  if (base.length <= 40)
    for (let index = 0; index < base.length; index += 1) keys.push(keyOf(base.slice(0, index) + base.slice(index + 1)));
  if (value.type === 'identifier' && digitsOnly.test(base)) {
    keys.push(keyOf(`#${base.replace(leadingZeros, '').replace(trailingZeros, '')}`));
    // A code of digits (`key_safe_code: "4719"`) that text repeats as a number ("the code is 4791"):
    // filed under a number's deletion keys too, so a transposition between the two is found.
    if (base.length >= 4 && base.length <= digitKeyLength && base.charCodeAt(0) !== 48)
      keys.push(...digitKeys(base).slice(2));
  }
  if (value.type === 'date')
    keys.push(`date:${value.key.slice(0, 4)}:${[value.key.slice(5, 7), value.key.slice(8, 10)].sort().join('')}`);
  // `2.1.4` for `2.4.1`: a version's numbers in another order share their sorted form.
  if (value.type === 'version') keys.push(`version:${base.split('.').sort().join('.')}`);
  // Two digits dropped from a phone number leave no shared one-deletion key; its opening digits stay.
  if (value.type === 'phone') keys.push(`phone:${value.key.replace(/\D/g, '').slice(0, 4)}`);
  return keys;
}

/** 10 to the power of the index, for the digit positions of `digitKeys`: `**` costs more than a read. */
const powersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000];

/**
 * The keys of `#digits` for up to eight digits, as `indexKeys` files them, worked out on the integer:
 * the whole, then without the `#` (as `keyOf` keys bare digits, shared with identifiers), then without each
 * digit in turn.
 */
function digitKeys(digits: string): IndexKey[] {
  const length = digits.length;
  const whole = length === 0 ? 0 : Number(digits);
  // Sized once: pushing would grow the array a few times for each of a large trace's numbers.
  const keys: IndexKey[] = new Array(length + 2);
  keys[0] = whole * 9 + length;
  keys[1] = length === 0 ? digits : bareDigitsKey(whole, length);
  for (let position = 0; position < length; position += 1) {
    const below = powersOfTen[length - position - 1] as number;
    const shortened = Math.floor(whole / (below * 10)) * below + (whole % below);
    keys[position + 2] = shortened * 9 + (length - 1);
  }
  return keys;
}

/**
 * The keys of a code of one to eight digits (`04719`), as `indexKeys` files an identifier, worked out on
 * the integer without a string per deletion: the code, then without each digit in turn, then as a number
 * (`#` and its digits without leading and trailing zeros), then, for four or more digits without a
 * leading zero, that number's deletion keys.
 */
function digitCodeKeys(base: string): IndexKey[] {
  const length = base.length;
  const whole = Number(base);
  const keys: IndexKey[] = [bareDigitsKey(whole, length)];
  for (let position = 0; position < length; position += 1) {
    const below = powersOfTen[length - position - 1] as number;
    // A single digit without it is the empty string, which stays a string key.
    keys.push(
      length === 1 ? '' : bareDigitsKey(Math.floor(whole / (below * 10)) * below + (whole % below), length - 1),
    );
  }
  let first = 0;
  while (first < length && base.charCodeAt(first) === zeroCode) first += 1;
  let last = length - 1;
  while (last >= first && base.charCodeAt(last) === zeroCode) last -= 1;
  // Without its zeros the code reads as a number: `#` and nothing (key 0) for a code of zeros.
  keys.push(first > last ? 0 : (whole / (powersOfTen[length - 1 - last] as number)) * 9 + (last - first + 1));
  if (length >= 4 && base.charCodeAt(0) !== zeroCode)
    for (let position = 0; position < length; position += 1) {
      const below = powersOfTen[length - position - 1] as number;
      keys.push((Math.floor(whole / (below * 10)) * below + (whole % below)) * 9 + (length - 1));
    }
  return keys;
}

/** The key a value is filed under first: its own, without deletions. */
function ownIndexKey(value: ExtractedValue): IndexKey {
  if (value.type === 'number' && value.number !== null) return keyOf(`#${digitsOf(value.number)}`);
  return keyOf(value.key.replace(leadingHash, ''));
}

/**
 * What checking a value learnt that remembering it right after can reuse: `known` when its key already
 * has a first source (remembering it changes nothing, and a key never loses its source), or the index
 * keys built for the near-miss search (remembering files the value under the same keys); null for nothing.
 */
type CheckNote = 'known' | readonly IndexKey[] | null;

const zeroCode = '0'.charCodeAt(0);
const hashCode = 35;
/** Days named relative to another ("the next day", "the day before"), which a call works out on purpose. */
const relativeDay =
  /\b(?:the\s+(?:next|following|previous|prior)\s+(?:day|morning|afternoon|evening|slot|available|free)|the\s+day\s+(?:after|before))\b/i;
/**
 * A one-day step the request or the instructions prescribe: "settlement day + 1 business day", "T+1", "the next
 * working day", "one day before". A date one day from the request's is then the step taken, not a slip.
 */
const prescribedDayStep =
  /(?:[+-]\s*(?:1|one)\s+(?:(?:business|working|banking|calendar)\s+)?day\b|\bT\s*[+-]\s*1\b|\b(?:next|following|previous|prior)\s+(?:business|working|banking)\s+day\b|\b(?:1|one)\s+(?:(?:business|working|banking|calendar)\s+)?day\s+(?:after|later|before|earlier|prior)\b|\bday\s+(?:after|before)\b)/i;
/** Words that move a date by weeks on purpose: "the week before", "a week later", "fortnight", "next week". */
/** Words that move a date by weeks: "a week later", "the Saturday after", "the following Friday". */
const weekWords =
  /\b(?:weeks?|fortnight|weekly|biweekly)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\s+(?:after|before)\b|\b(?:following|next|previous)\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b/i;
const weekdayNames = ['sun', 'mon', 'tues?', 'wed(?:nes)?', 'thu(?:rs)?', 'fri', 'sat(?:ur)?'];

/**
 * What of a span a value came from (`result` in `span lookup_order result`), or null for a label given whole
 * (`user request`). Kept apart until a value is first seen there: most values were seen before, and a large
 * trace would otherwise build a label string per span that no source keeps.
 */
type LabelPart = 'input' | 'arguments' | 'query' | 'result' | 'documents' | 'tool call' | 'output' | 'plan' | null;

/**
 * Builds each distinct label once: a large trace files its new values under a few labels by the ten
 * thousand, and a label built afresh for each is three joined strings that its source keeps alive.
 */
function createSourceLabels(): (labelName: string, labelPart: LabelPart) => string {
  const labelsByPart = new Map<LabelPart, Map<string, string>>();
  return (labelName, labelPart) => {
    if (labelPart === null) return labelName;
    let labelsByName = labelsByPart.get(labelPart);
    if (labelsByName === undefined) {
      labelsByName = new Map();
      labelsByPart.set(labelPart, labelsByName);
    }
    let label = labelsByName.get(labelName);
    if (label === undefined) {
      label = `span ${labelName} ${labelPart}`;
      labelsByName.set(labelName, label);
    }
    return label;
  };
}

/** A positive figure in the value's own unit: what a sum or a difference that makes the value adds up. */
function isPartLike(sibling: ExtractedValue, value: ExtractedValue): boolean {
  return sibling.number !== null && sibling.number > 0 && sibling.unit === value.unit;
}

/** One value check, as every branch of `computeProvenance` records it. */
function checkOf(
  span: Span,
  value: ExtractedValue,
  constructedIn: ConstructedIn,
  status: ValueCheck['status'],
  source: ValueSource | null,
  drift: DriftKind | null,
): ValueCheck {
  return { span, spanId: span.id, value, constructedIn, status, source, drift };
}

export function computeProvenance(
  spans: readonly Span[],
  byId: ReadonlyMap<string, Span>,
  children: ReadonlyMap<string, readonly Span[]>,
  goal: Goal,
  answer: FinalAnswer | null,
): ProvenanceResult {
  const firstSource = new FirstSources(spans.length);
  const sourceLabel = createSourceLabels();
  // Texts and arguments repeat across a large trace: each distinct one is read once.
  const { fromText: valuesOfText, fromJson: valuesOfJson } = createValueExtractor();
  const candidateIndex = new BucketTable(spans.length);
  // The keys any request value was filed under: few, so asking this small set is cheaper than the index.
  const requestKeys = new Set<IndexKey>();
  const knownNumbers: number[] = [];
  // What each known number measures (see quantityKind), kept beside it: a sum adds like to like.
  const knownKinds: (string | null)[] = [];
  // Percentages seen so far (`credit_pct: 10`, "10%"): 10% of 2,400 is 240, not a decimal shift of it.
  const knownPercentages = new Set<number>();
  /** Recorded figures under their roundings to fewer decimals: `weight_kg: 89.81` under 89.8. */
  const roundedSources = new Map<string, ValueSource>();
  const checks: ValueCheck[] = [];
  // Identifiers by what is left without a short final qualifier: `BX-4410-M` is filed under `bx-4410`.
  const byUnqualified = new Map<string, ValueSource>();

  // A value already seen keeps its first source: the common case, so it costs one lookup and no allocation.
  // Dates the user wrote: a constructed date a day off one of them, with no source of its own, slipped.
  // Runs of codes the request writes as a range ("B-201 to B-203", "rooms 101-104"): each code between is asked for.
  const requestRanges = codeRanges(goal.request ?? '');
  const inRequestedRange = (raw: string): boolean => {
    if (requestRanges.length === 0) return false;
    const code = /^(.*?)(\d+)$/.exec(raw);
    if (!code) return false;
    const number = Number(code[2]);
    return requestRanges.some(
      (range) => range.prefix === (code[1] ?? '').toLowerCase() && number > range.low && number < range.high,
    );
  };
  const requestDates: ValueSource[] = [];
  const requestWritesDay = (value: ExtractedValue): boolean => {
    const day = Date.parse(value.key.slice(0, 10));
    return Number.isFinite(day) && writesDayOfMonth(goal.request ?? '', new Date(day));
  };
  /** The request's days (`2026-09-12`) some call already carried as asked. */
  const requestDaysCarried = new Set<string>();
  /** The field a request's figure was first carried under by a call (`quantity` for "48 x hampers"). */
  const requestFigureFields = new Map<ExtractedValue, string>();
  const dayStepPrescribed =
    prescribedDayStep.test(goal.request ?? '') || prescribedDayStep.test(goal.instructions ?? '');
  const dayOffRequestDate = (
    value: ExtractedValue,
    siblings: readonly ExtractedValue[],
    callName: string | null,
  ): ValueSource | null => {
    if (value.type !== 'date' || (value.field !== null && rangeEndField.test(value.field))) return null;
    // A window's opening edge beside a closing edge on another day (`from: 05-03, to: 05-31`) is a search
    // from the day after, for "the next Saturday with a space": an edge, not the day itself.
    if (
      value.field !== null &&
      rangeEdgeField.test(value.field) &&
      siblings.some(
        (sibling) =>
          sibling !== value &&
          sibling.type === 'date' &&
          sibling.field !== null &&
          rangeEdgeField.test(sibling.field) &&
          sibling.key.slice(0, 10) !== value.key.slice(0, 10),
      )
    )
      return null;
    // A timestamp can be a day off by time zone alone (`00:30 CET` is the previous day in UTC). One written
    // in local time with its offset, away from midnight, names the local day the user meant.
    const time = /[T ](\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?([+-]\d{2}:?\d{2})?$/.exec(value.raw);
    if (time && (time[2] === undefined || Number(time[1]) < 3 || Number(time[1]) >= 21)) return null;
    if (!time && /\d{2}:\d{2}/.test(value.raw)) return null;
    const day = Date.parse(value.key.slice(0, 10));
    if (!Number.isFinite(day)) return null;
    // "Move it to Sunday, the next day": the request names the new day itself.
    const request = goal.request ?? '';
    if (relativeDay.test(request) || dayStepPrescribed) return null;
    const weekday = weekdayNames[new Date(day).getUTCDay()] ?? '';
    if (new RegExp(`\\b${weekday}(?:day|\\.)?\\b`, 'i').test(request)) {
      const otherDays = requestDates.filter((source) => source.value.key.slice(0, 10) !== value.key.slice(0, 10));
      if (
        otherDays.every(
          (source) => weekdayNames[new Date(Date.parse(source.value.key.slice(0, 10))).getUTCDay()] !== weekday,
        )
      )
        return null;
    }
    for (const source of requestDates) {
      // A span that also used the stated date chose the next day on purpose (check-in and check-out).
      if (siblings.some((sibling) => sibling.key.slice(0, 10) === source.value.key.slice(0, 10))) return null;
    }
    const asked = requestDates.find(
      (source) => Math.abs(Date.parse(source.value.key.slice(0, 10)) - day) === 86_400_000,
    );
    // Sunday looked at once the asked-for Saturday was (and found full): a call that only reads the day next
    // to one a call already carried as asked seeks an alternative; it is no slip.
    if (asked && callName !== null && onlyReads(callName)) {
      if (requestDaysCarried.has(asked.value.key.slice(0, 10))) return null;
      // "Move us to the next Saturday with room" searched `from: 06-14` after the 13th: a lookup that opens its
      // window the day after the asked day looks for what comes after it.
      const opensAfter =
        day > Date.parse(asked.value.key.slice(0, 10)) && value.field !== null && openingEdgeField.test(value.field);
      if (opensAfter && looksBeyond.test(request)) return null;
    }
    return asked ?? null;
  };
  /**
   * "Sunday 18 October" sent as the 11th: the right weekday in the wrong week, a date worked out from "Sunday"
   * alone. Only when the request wrote the day of the month and says nothing of weeks ("the week before").
   */
  const weekOffRequestDate = (value: ExtractedValue): ValueSource | null => {
    if (value.type !== 'date' || requestDates.length === 0 || weekWords.test(goal.request ?? '')) return null;
    // A search window's edge ("orders since the 23rd", a week before the one named) is set on purpose.
    if (value.field !== null && rangeEdgeField.test(value.field)) return null;
    const day = Date.parse(value.key.slice(0, 10));
    if (!Number.isFinite(day)) return null;
    // The request names this day itself ("moved from Friday 19 June to Friday 26 June", "20-27 June").
    if (writesDayOfMonth(goal.request ?? '', new Date(day))) return null;
    return (
      requestDates.find(
        (source) =>
          Math.abs(Date.parse(source.value.key.slice(0, 10)) - day) === 7 * 86_400_000 &&
          /\d/.test(source.value.raw) &&
          !/^\d{4}-\d{2}-\d{2}/.test(source.value.raw),
      ) ?? null
    );
  };
  const remember = (
    value: ExtractedValue,
    spanId: string,
    labelName: string,
    labelPart: LabelPart,
    kind: ValueSource['kind'],
    keys: readonly IndexKey[] | null = null,
    indexed = true,
    knownAbsent = false,
  ): void => {
    if (!knownAbsent && firstSource.has(value.key)) return;
    const source: ValueSource = { spanId, label: sourceLabel(labelName, labelPart), kind, value };
    firstSource.add(source);
    // A model's own earlier prose is no source to drift from (its step counters and restated figures would
    // make every later number a near miss): it is filed for exact matches only. Its earlier calls are sources.
    if (indexed) {
      const filedUnder = keys ?? indexKeys(value);
      // Indexed: an iterator per new value is garbage by the hundred thousand on a large trace.
      for (let index = 0; index < filedUnder.length; index += 1) {
        const key = filedUnder[index] as IndexKey;
        if (kind === 'request') requestKeys.add(key);
        const bucket = candidateIndex.get(key);
        if (bucket === undefined) candidateIndex.set(key, source);
        else if (bucket instanceof SharedBucket) bucket.add(source);
        else candidateIndex.set(key, new SharedBucket(bucket, source));
      }
    }
    if (value.number !== null) {
      knownNumbers.push(value.number);
      knownKinds.push(quantityKind(value.unit));
      if (kind !== 'request' && value.type === 'number') rememberRoundings(value, source);
      if (value.unit === '%' || (value.field !== null && isPercentField(value.field)))
        knownPercentages.add(value.number);
    }
    if (kind === 'request' && value.type === 'date') requestDates.push(source);
    if (value.type === 'identifier') {
      const unqualified = withoutQualifier(value.key);
      if (unqualified !== null && !byUnqualified.has(unqualified)) byUnqualified.set(unqualified, source);
    }
  };
  const rememberAll = (
    values: readonly ExtractedValue[],
    spanId: string,
    labelName: string,
    labelPart: LabelPart,
    kind: ValueSource['kind'],
  ): void => {
    for (let index = 0; index < values.length; index += 1)
      remember(values[index] as ExtractedValue, spanId, labelName, labelPart, kind);
  };

  /** A digit code (`store_id: "0342"`) the request wrote in prose, where it reads as the number 342. */
  const writtenAsNumber = (value: ExtractedValue): ValueSource | undefined => {
    if (value.type !== 'identifier' || value.key.charCodeAt(0) !== zeroCode || !/^\d+$/.test(value.key))
      return undefined;
    const source = firstSource.get(String(Number(value.key)));
    return source !== undefined && source.value.raw === value.raw ? source : undefined;
  };

  /**
   * A code with leading zeros (`045127`) sent in a JSON number field (`read: 45127`): the number cannot
   * carry the zeros, so the code is its source. Only a field's number: text that drops them is a drift.
   */
  const zeroPaddedSource = (value: ExtractedValue): ValueSource | undefined => {
    if (value.type !== 'number' || value.field === null || value.raw !== value.key || !digitsOnly.test(value.key))
      return undefined;
    let padded = value.key;
    for (let zeros = 1; zeros <= 3; zeros += 1) {
      padded = `0${padded}`;
      const source = firstSource.get(padded);
      if (source !== undefined && source.value.type === 'identifier') return source;
    }
    return undefined;
  };

  /** "£66.98" read from `amount: -6698` of a record with a currency: the same amount in minor units. */
  const minorUnitsSource = (value: ExtractedValue): ValueSource | undefined => {
    if (value.type !== 'number' || value.number === null || value.field !== null || value.unit === null)
      return undefined;
    const pence = Math.round(Math.abs(value.number) * 100);
    for (const key of [String(pence), String(-pence)]) {
      const source = firstSource.get(key);
      if (source !== undefined && isMinorUnitsOf(source.value, value)) return source;
    }
    return undefined;
  };

  const rememberRoundings = (value: ExtractedValue, source: ValueSource): void => {
    const point = value.key.indexOf('.');
    const decimals = point < 0 ? 0 : value.key.length - point - 1;
    for (let kept = 1; kept < Math.min(decimals, 4); kept += 1) {
      const rounded = String(Number((value.number as number).toFixed(kept)));
      if (!roundedSources.has(rounded)) roundedSources.set(rounded, source);
    }
  };

  /**
   * "89.8 kg" for a record's 89.81, "1.70 m" for 1.7018: a figure written to fewer decimals than recorded.
   * Only a figure written with decimals: a whole number may be a count of something else.
   */
  const roundedSource = (value: ExtractedValue): ValueSource | undefined => {
    if (value.type !== 'number' || value.number === null || !/\d\.\d/.test(value.raw)) return undefined;
    return roundedSources.get(value.key);
  };

  /** "2%" written for a record's `duty_rate: 0.02`: the same rate as a fraction of one. */
  const fractionWrittenAsPercent = (value: ExtractedValue): ValueSource | undefined => {
    if (value.unit !== '%' || value.number === null || value.number <= 0 || value.number > 100) return undefined;
    const source = firstSource.get(String(Number((value.number / 100).toPrecision(12))));
    return source !== undefined && source.value.type === 'number' && source.value.unit === null ? source : undefined;
  };

  /** Whether a value is a stated percentage of its near miss: 240 as 10% of 2,400, with 10% seen or written beside it. */
  const isPercentageOf = (
    value: ExtractedValue,
    source: ExtractedValue,
    siblings: readonly ExtractedValue[],
  ): boolean => {
    if (value.number === null || source.number === null || source.number === 0) return false;
    const share = (100 * value.number) / source.number;
    const stated = (percentage: number) => Math.abs(percentage - share) <= Math.abs(share) * 0.001;
    for (const percentage of knownPercentages) if (stated(percentage)) return true;
    return siblings.some((sibling) => sibling.unit === '%' && sibling.number !== null && stated(sibling.number));
  };

  /**
   * A share the same text writes as a rate ("25p for every £1 of the £1,200", "20% of £450") applied to a
   * figure it also writes: £300 worked out, not £30 slipped.
   */
  const derivedWithSiblings = (value: number, siblings: readonly ExtractedValue[]): boolean => {
    const tolerance = Math.max(0.005, Math.abs(value) * 1e-6);
    for (const rate of siblings) {
      // "25p" reads as a code and "25%" as a share: the figure is taken from what was written.
      const written = /^(\d+(?:\.\d+)?)\s?(?:p|%)$/i.exec(rate.raw.trim());
      if (!written) continue;
      const share = Number(written[1]) / 100;
      for (const base of siblings)
        if (base !== rate && base.number !== null && Math.abs(share * base.number - value) <= tolerance) return true;
    }
    return false;
  };

  /**
   * "£128.00 and £54.00, so £182.00 in total": the sum of figures in the same unit that the same text writes,
   * two of them or all of them, however near another record's figure it falls.
   */
  const sumOfSiblings = (value: ExtractedValue, siblings: readonly ExtractedValue[]): boolean => {
    if (value.number === null) return false;
    const parts = siblings.filter((sibling) => sibling !== value && isPartLike(sibling, value));
    const tolerance = Math.max(0.005, Math.abs(value.number) * 1e-6);
    const all = parts.reduce((sum, part) => sum + (part.number as number), 0);
    if (parts.length >= 2 && Math.abs(all - value.number) <= tolerance) return true;
    for (let left = 0; left < parts.length; left += 1)
      for (let right = left + 1; right < parts.length; right += 1)
        if (Math.abs((parts[left]?.number as number) + (parts[right]?.number as number) - value.number) <= tolerance)
          return true;
    return false;
  };

  /**
   * "£289.00 … less the £255.00 credit leaves £34.00": the difference of two figures in the same unit that the
   * same text writes, however near a tenth of another record's figure it falls.
   */
  const differenceOfSiblings = (value: ExtractedValue, siblings: readonly ExtractedValue[]): boolean => {
    if (value.number === null || value.number <= 0) return false;
    // Worked out from figures written before it: "£2,095 in all" after "£1,850 … £245" makes no difference of them.
    const at = siblings.indexOf(value);
    const parts = siblings.slice(0, Math.max(at, 0)).filter((sibling) => isPartLike(sibling, value));
    const tolerance = Math.max(0.005, Math.abs(value.number) * 1e-6);
    for (const larger of parts)
      for (const smaller of parts)
        if (
          larger !== smaller &&
          Math.abs((larger.number as number) - (smaller.number as number) - value.number) <= tolerance
        )
          return true;
    return false;
  };

  /** A sibling in another unit of the same kind that converts to the value, to the value's own decimals. */
  const convertedFromSibling = (value: ExtractedValue, siblings: readonly ExtractedValue[]): boolean => {
    if (value.number === null || value.unit === null) return false;
    const decimals = value.raw.match(/\.(\d+)/)?.[1]?.length ?? 0;
    const tolerance = 0.5 * 10 ** -decimals + 1e-9;
    return siblings.some((sibling) => {
      if (sibling === value || sibling.number === null || sibling.unit === null) return false;
      const converted = convertedAmount(sibling.number, sibling.unit, value.unit as string);
      return converted !== null && Math.abs(converted - (value.number as number)) <= tolerance;
    });
  };

  /**
   * "2032 + 2 × 150 = 2332 mm" for a request's "15 cm": a bare figure that is the source's measure in a unit
   * the same text works in (mm), converted, not a slipped 15.
   */
  const inUnitOfSiblings = (
    value: ExtractedValue,
    source: ExtractedValue,
    siblings: readonly ExtractedValue[],
  ): boolean => {
    if (value.number === null || value.unit !== null || source.number === null || source.unit === null) return false;
    const units = new Set<string>();
    for (const sibling of siblings) if (sibling.unit !== null && sibling.unit !== source.unit) units.add(sibling.unit);
    for (const unit of units) {
      const converted = convertedAmount(source.number, source.unit, unit);
      if (converted !== null && Math.abs(converted - value.number) <= 1e-9 * Math.max(1, Math.abs(converted)))
        return true;
    }
    return false;
  };

  /** "60 students … £5.00 per pupil (£300.00 in total)": the product of two figures the same text writes. */
  const productOfSiblings = (value: number, siblings: readonly ExtractedValue[], decimals: number): boolean => {
    // "30 x 4.546 = 136.4 L": a product written to fewer decimals than it has is the product rounded. A
    // whole figure is held to the exact product, where chance matches are common.
    const tolerance = Math.max(0.005, Math.abs(value) * 1e-6, decimals > 0 ? 0.5 * 10 ** -decimals + 1e-9 : 0);
    for (let left = 0; left < siblings.length; left += 1) {
      const a = (siblings[left] as ExtractedValue).number;
      if (a === null || a === value || a === 0) continue;
      for (let right = left + 1; right < siblings.length; right += 1) {
        const b = (siblings[right] as ExtractedValue).number;
        if (b !== null && b !== value && Math.abs(a * b - value) <= tolerance) return true;
      }
    }
    return false;
  };

  /**
   * "two coaches at £190.00 each (£380.00)": a product of two figures of the record the near miss came from
   * (`coaches_required: 2`, `coach_fee_gbp_each: 190`), neither a power of ten nor the near figure itself.
   */
  const productInSourceRecord = (value: number, source: ValueSource): boolean => {
    const result = byId.get(source.spanId)?.tool?.result;
    if (result === undefined || result === null || typeof result !== 'object') return false;
    const factors = numbersOfRecord(result, []).filter(
      // A tenfold factor would explain every decimal shift: only other figures count.
      (number) => number !== 0 && number !== 1 && number !== source.value.number && !isPowerOfTenApart(number, 1e-9),
    );
    const tolerance = Math.max(0.005, Math.abs(value) * 1e-6);
    for (let left = 0; left < factors.length; left += 1)
      for (let right = left + 1; right < factors.length; right += 1)
        if (Math.abs((factors[left] as number) * (factors[right] as number) - value) <= tolerance) return true;
    return false;
  };

  /** "£150.00 + VAT (£180.00 in total)": a figure seen with a rate seen (`vat_rate: 0.2`, 20%) added to it. */
  const withRateAdded = (value: number): boolean => {
    const from = Math.max(0, knownNumbers.length - 24);
    const tolerance = Math.max(0.005, Math.abs(value) * 1e-6);
    const rates: number[] = [];
    for (let index = from; index < knownNumbers.length; index += 1) {
      const rate = knownNumbers[index] as number;
      if (rate > 0 && rate < 1) rates.push(rate);
    }
    for (const percentage of knownPercentages) if (percentage > 0 && percentage < 100) rates.push(percentage / 100);
    for (let index = from; index < knownNumbers.length; index += 1) {
      const base = knownNumbers[index] as number;
      for (const rate of rates) if (Math.abs(base * (1 + rate) - value) <= tolerance) return true;
    }
    return false;
  };

  const isDerived = (value: number, unit: string | null): boolean => {
    // Totals, differences, unit prices and percentages of values already seen.
    const from = Math.max(0, knownNumbers.length - 24);
    // `near` to the value, with its tolerance worked out once rather than for each of the ~2,900 comparisons.
    const tolerance = Math.max(0.005, Math.abs(value) * 1e-6);
    const kind = quantityKind(unit);
    for (let left = from; left < knownNumbers.length; left += 1) {
      const a = knownNumbers[left] as number;
      for (let right = from; right < knownNumbers.length; right += 1) {
        const b = knownNumbers[right] as number;
        if (left === right) continue;
        if (
          Math.abs(a * b - value) <= tolerance ||
          (b !== 0 && Math.abs(a / b - value) <= tolerance) ||
          Math.abs((a * b) / 100 - value) <= tolerance
        )
          return true;
        // £650.25 and 60 funded hours make no £710.25: only like quantities add up.
        if (
          (Math.abs(a + b - value) <= tolerance || Math.abs(a - b - value) <= tolerance) &&
          addsUp(kind, knownKinds[left] ?? null, knownKinds[right] ?? null)
        )
          return true;
      }
    }
    return false;
  };

  // Field names repeat across thousands of spans; the pattern is tried once per name.
  const tuningFields = new Map<string, boolean>();
  const isTuningField = (field: string): boolean => {
    let tuning = tuningFields.get(field);
    if (tuning === undefined) {
      tuning = tuningField.test(field);
      tuningFields.set(field, tuning);
    }
    return tuning;
  };

  const hasSourceInUnit = (value: ExtractedValue): boolean => {
    const bucket = candidateIndex.get(ownIndexKey(value));
    if (bucket === undefined) return false;
    return (bucket instanceof SharedBucket ? bucket.sources : [bucket]).some(
      (candidate) =>
        candidate.value.number === value.number &&
        (candidate.value.unit === null || candidate.value.unit === value.unit),
    );
  };

  /**
   * The near miss with the most trusted source (request, then data, instructions, prompt, constructed);
   * among equals, the first met. Once one is found, only a more trusted candidate is compared, and a
   * near miss of the request itself ends the search: nothing can replace it.
   */
  const nearestMiss = (
    span: Span,
    value: ExtractedValue,
    keys: readonly IndexKey[],
  ): { source: ValueSource; drift: DriftKind } | null => {
    let best: ValueSource | null = null;
    let bestDrift: DriftKind | null = null;
    let bestPriority = Number.POSITIVE_INFINITY;
    // A candidate filed under several of these keys is compared more than once; that is cheaper than
    // tracking which were seen, and the choice below is the same either way.
    for (let index = 0; index < keys.length; index += 1) {
      const key = keys[index] as IndexKey;
      // A key that repeats the one before (deleting either of two equal digits, `1123` → `123`) would
      // compare the same bucket again, which can change nothing.
      if (index > 0 && key === keys[index - 1]) continue;
      // With a data source found, only the request's values are more trusted: other keys need no lookup.
      if (bestPriority === sourcePriority.data && !requestKeys.has(key)) continue;
      const bucket = candidateIndex.get(key);
      if (bucket === undefined) continue;
      // Nothing in this bucket is more trusted than the source already found: every candidate would be skipped.
      if (bucket instanceof SharedBucket && bucket.priority >= bestPriority) continue;
      const shared = bucket instanceof SharedBucket ? bucket.sources : null;
      const count = shared === null ? 1 : shared.length;
      for (let index = 0; index < count; index += 1) {
        const candidate = shared === null ? (bucket as ValueSource) : (shared[index] as ValueSource);
        const priority = priorityOf(candidate.kind);
        // The kind first: comparing it is a pointer test, comparing span IDs may read both strings.
        if (priority >= bestPriority || (candidate.kind === 'constructed' && candidate.spanId === span.id)) continue;
        const drift =
          nearMiss(value, candidate.value) ??
          // Two digits swapped (`quantity: 84` for "48 x hampers") count once the request's figure was carried
          // under the same field: alone, two-digit figures swap by chance too often.
          (candidate.kind === 'request' &&
          value.field !== null &&
          requestFigureFields.get(candidate.value) === lastFieldName(value.field)
            ? nearMiss(value, { ...candidate.value, field: value.field })
            : null);
        if (drift === null) continue;
        best = candidate;
        bestDrift = drift;
        bestPriority = priority;
        if (bestPriority === sourcePriority.request) return { source: best, drift };
      }
    }
    return best && bestDrift ? { source: best, drift: bestDrift } : null;
  };

  /**
   * Checks one constructed value and returns what remembering it afterwards can reuse (see CheckNote).
   */
  const check = (
    span: Span,
    value: ExtractedValue,
    constructedIn: ConstructedIn,
    siblings: readonly ExtractedValue[],
    callName: string | null,
  ): CheckNote => {
    if (value.field && isTuningField(value.field)) return null;
    if (value.type === 'time') return null;
    // A search window's edge (`from: 2026-01-01`, `to: 2026-12-31`) is chosen, not copied: widening a
    // search to the whole year is a decision, not a drifted date.
    if (value.type === 'date' && value.field && rangeEdgeField.test(value.field) && isPeriodEdge(value.key)) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return null;
    }
    const ownSource = firstSource.get(value.key);
    // Only a key that starts with `#` has another form to look up.
    const exact =
      ownSource ??
      (value.type === 'number' || value.key.charCodeAt(0) !== hashCode
        ? undefined
        : firstSource.get(value.key.slice(1))) ??
      writtenAsNumber(value) ??
      zeroPaddedSource(value) ??
      fractionWrittenAsPercent(value) ??
      roundedSource(value) ??
      minorUnitsSource(value);
    if (exact) {
      const note: CheckNote = ownSource === undefined ? null : 'known';
      // Number keys leave the unit out, so `240 EUR` upstream matches `price_usd: 240`: the same amount in
      // another currency or unit is a drift unless some upstream value has this unit (or none).
      const unitDrift = unitNearMiss(value, exact.value);
      if (unitDrift !== null && !hasSourceInUnit(value)) {
        checks.push(checkOf(span, value, constructedIn, 'drifted', exact, unitDrift));
        return note;
      }
      checks.push(checkOf(span, value, constructedIn, 'supported', exact, null));
      // "48 x hampers" carried as `quantity: 48`: the request's figure now has a field to be compared under.
      if (exact.kind === 'request' && exact.value.field === null && value.field !== null && value.type === 'number')
        requestFigureFields.set(exact.value, lastFieldName(value.field));
      if (exact.kind === 'request' && value.type === 'date') requestDaysCarried.add(value.key.slice(0, 10));
      return note;
    }
    const keys = indexKeys(value);
    // "Boxes B-201 to B-203": B-202 is one of the codes the request spans, not a slip of B-201.
    if (value.type === 'identifier' && inRequestedRange(value.raw)) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    // The day the run itself ran ("yesterday's deliveries", invoiced today): today, not a slip of the day named.
    if (value.type === 'date' && span.startTime !== null && value.key.slice(0, 10) === isoDayOf(span.startTime)) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    const nearest = nearestMiss(span, value, keys);
    // A search by part of a code (`tag_contains: "30011"`) leaves characters out on purpose.
    if (
      nearest &&
      nearest.drift === 'dropped character' &&
      value.field !== null &&
      partialSearchField.test(value.field)
    ) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    // A tenth or ten times a figure may simply be worked out from others: £300 as 25p in the pound of £1,200.
    if (
      nearest &&
      nearest.drift === 'decimal shift' &&
      (isPercentageOf(value, nearest.source.value, siblings) ||
        (value.number !== null &&
          (derivedWithSiblings(value.number, siblings) ||
            productOfSiblings(value.number, siblings, value.raw.match(/\.(\d+)/)?.[1]?.length ?? 0) ||
            productInSourceRecord(value.number, nearest.source) ||
            countOfSteps(value.number, nearest.source, byId.get(nearest.source.spanId)?.tool?.result) ||
            withRateAdded(value.number) ||
            countOfMeasure(value, nearest.source.value) ||
            inUnitOfSiblings(value, nearest.source.value, siblings) ||
            (value.unit !== null && differenceOfSiblings(value, siblings)))))
    ) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    // "10x8 in (25.4 x 20.3 cm)": a figure the same text writes in another unit, converted, not a slipped 2.54.
    if (nearest && value.type === 'number' && convertedFromSibling(value, siblings)) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    // "£128.00 and £54.00, so £182.00": a sum the text shows is worked out, not a transposed £128.
    if (nearest && nearest.drift !== 'decimal shift' && value.type === 'number' && sumOfSiblings(value, siblings)) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    // "The return stays Sunday 21 June": a day the request writes without its year is the request's own.
    if (nearest && nearest.drift === 'transposition' && value.type === 'date' && requestWritesDay(value)) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    if (nearest) {
      checks.push(checkOf(span, value, constructedIn, 'drifted', nearest.source, nearest.drift));
      return keys;
    }
    const dayOff = dayOffRequestDate(value, siblings, callName);
    if (dayOff) {
      checks.push(checkOf(span, value, constructedIn, 'drifted', dayOff, 'one day off'));
      return keys;
    }
    const weekOff = weekOffRequestDate(value);
    if (weekOff) {
      checks.push(checkOf(span, value, constructedIn, 'drifted', weekOff, 'one week off'));
      return keys;
    }
    const qualified = value.type === 'identifier' ? byUnqualified.get(value.key) : undefined;
    if (qualified) {
      checks.push(checkOf(span, value, constructedIn, 'drifted', qualified, 'dropped qualifier'));
      return keys;
    }
    const spaced = value.type === 'identifier' ? writtenWithSpaces(value) : null;
    if (spaced) {
      checks.push(checkOf(span, value, constructedIn, 'supported', spaced, null));
      return keys;
    }
    if (
      (value.number !== null &&
        (isDerived(value.number, value.unit) ||
          // "5% of the £1,100 above £100, which is £55": a share the same text applies to a figure it writes.
          derivedWithSiblings(value.number, siblings))) ||
      (value.type === 'identifier' && isComposed(value.key))
    ) {
      checks.push(checkOf(span, value, constructedIn, 'derived', null, null));
      return keys;
    }
    checks.push(checkOf(span, value, constructedIn, 'unsourced', null, null));
    return keys;
  };

  // People write codes with spaces (`KX19 LMV`, `GB29 NWBK 6016`) that systems store without them: two
  // to four adjacent words of the request, joined, are the source of the compact form.
  const requestTokens = goal.request
    ? goal.request
        .toLowerCase()
        .split(/[\s-]+/)
        .map(trimPunctuation)
    : [];
  const writtenWithSpaces = (value: ExtractedValue): ValueSource | null => {
    const wanted = value.key.replace(/[\s-]+/g, '');
    if (!goal.requestSpanId || wanted.length < 5) return null;
    for (let start = 0; start < requestTokens.length; start += 1) {
      let joined = requestTokens[start] as string;
      if (!wanted.startsWith(joined) || joined.length === 0) continue;
      for (let end = start + 1; end < Math.min(requestTokens.length, start + 4); end += 1) {
        joined += requestTokens[end] as string;
        // The whole written code, not the head of a longer one (`PX 88412 907`): no digits just beyond it.
        if (
          joined === wanted &&
          !hasDigit.test(requestTokens[end + 1] ?? '') &&
          !hasDigit.test(requestTokens[start - 1] ?? '')
        )
          return { spanId: goal.requestSpanId, label: 'user request', kind: 'request', value };
        if (!wanted.startsWith(joined)) break;
      }
    }
    return null;
  };

  // Years a run may name without anyone writing them: the years of its own clock.
  const traceYears = new Set<string>();
  for (const span of spans.length > 1_000 ? spans.slice(0, 1_000) : spans)
    if (span.startTime !== null) traceYears.add(String(new Date(span.startTime).getUTCFullYear()));
  const requestWords = new Set(
    (goal.request ?? '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => word.length > 0),
  );
  // Initials of the request's runs of capitalised words: `hhgs` for "Harrogate Home & Garden Show".
  const requestInitials = new Set<string>();
  for (const run of (goal.request ?? '').matchAll(
    /\b[A-Z][\p{L}']+(?:\s+(?:&|and|of|the|for|de|la)?\s*[A-Z][\p{L}']+)+/gu,
  )) {
    const initials = run[0]
      .split(/\s+/)
      .filter((word) => /^[A-Z]/.test(word))
      .map((word) => word.charAt(0).toLowerCase())
      .join('');
    if (initials.length >= 3) requestInitials.add(initials);
  }
  /**
   * A code the agent composed from what it was told: a slug of the request's words and known numbers
   * (`lab-3` for "Lab 3", `leith-2026`, `hhgs-2026` for the "Harrogate Home & Garden Show"), or a period code (`2026-W47`, `Oct-26`) of a year in play.
   * Derived, not invented.
   */
  const isComposed = (key: string): boolean => {
    const period = periodCode.exec(key);
    if (period) {
      const year = period[1] ?? (period[2] ? `20${period[2]}` : '');
      return traceYears.has(year) || firstSource.has(year);
    }
    const parts = key.split(/[-_]/);
    if (parts.length < 2) return false;
    return parts.every(
      (part) =>
        requestWords.has(part) ||
        requestInitials.has(part) ||
        (/^\d+$/.test(part) && (firstSource.has(String(Number(part))) || traceYears.has(part))),
    );
  };

  // One list for every checkAll: what each check learnt, by the value's position.
  const notes: CheckNote[] = [];
  const checkAll = (
    span: Span,
    values: readonly ExtractedValue[],
    constructedIn: ConstructedIn,
    labelName: string,
    labelPart: LabelPart,
    /** The tool the values are the arguments of, when they are a call's. */
    callName: string | null = null,
  ): void => {
    notes.length = 0;
    for (let index = 0; index < values.length; index += 1)
      notes.push(check(span, values[index] as ExtractedValue, constructedIn, values, callName));
    // Then each value is remembered, as rememberAll would, skipping the lookups the check already made:
    // a check that built index keys found no source of its key, and until a value of this list is
    // remembered (the table grows) it still has none.
    const sizeAtChecks = firstSource.size;
    for (let index = 0; index < values.length; index += 1) {
      const note = notes[index] ?? null;
      if (note !== 'known')
        remember(
          values[index] as ExtractedValue,
          span.id,
          labelName,
          labelPart,
          'constructed',
          note,
          constructedIn !== 'model-text' && constructedIn !== 'answer',
          note !== null && firstSource.size === sizeAtChecks,
        );
    }
  };

  if (goal.request && goal.requestSpanId) {
    rememberAll(valuesOfText(goal.request), goal.requestSpanId, 'user request', null, 'request');
    // "Tuesday 3 February" has no year written, but a call dates it: the request is its source once dated.
    let runTime: number | null = null;
    for (const span of spans.length > 1_000 ? spans.slice(0, 1_000) : spans)
      if (span.startTime !== null && (runTime === null || span.startTime < runTime)) runTime = span.startTime;
    for (const date of datedYearlessDates(goal.request, runTime))
      remember(
        { type: 'date', raw: date.written, key: date.isoDate, number: null, unit: null, field: null },
        goal.requestSpanId,
        'user request',
        null,
        'request',
      );
  }

  const events = orderEvents(spans, byId, children);
  for (let index = 0; index < events.length; index += 1) {
    const event = events[index] as TraceEvent;
    const span = spans[spanOfEvent(event)] as Span;
    const name = span.tool?.name ?? span.name;
    if (!isEnd(event)) {
      if (span.userRequest) rememberAll(valuesOfText(span.userRequest), span.id, 'user request', null, 'request');
      if (span.systemInstructions)
        rememberAll(valuesOfText(span.systemInstructions), span.id, 'system instructions', null, 'instructions');
      // Indexed loops in this once-per-trace loop: an iterator per span and list is garbage by the hundred thousand.
      const inputMessages = span.inputMessages;
      for (let messageIndex = 0; messageIndex < inputMessages.length; messageIndex += 1) {
        const message = inputMessages[messageIndex] as Message;
        const kind: ValueSource['kind'] =
          message.role === 'system'
            ? 'instructions'
            : message.role === 'user' && span.id === goal.requestSpanId
              ? 'request'
              : 'prompt';
        rememberAll(
          valuesOfText(message.text),
          span.id,
          kind === 'instructions' ? 'system instructions' : span.name,
          kind === 'instructions' ? null : 'input',
          kind,
        );
        const toolCalls = message.toolCalls;
        for (let callIndex = 0; callIndex < toolCalls.length; callIndex += 1)
          rememberAll(
            valuesOfJson((toolCalls[callIndex] as ToolCall).arguments),
            span.id,
            span.name,
            'input',
            'prompt',
          );
      }
      if (span.role === 'tool' || span.role === 'handoff') {
        if (span.tool?.arguments !== null && span.tool?.arguments !== undefined) {
          checkAll(span, valuesOfJson(span.tool.arguments), 'tool-args', name, 'arguments', span.tool.name);
        } else if (span.role === 'handoff' && span.input !== null) {
          checkAll(span, valuesOfJson(span.input), 'tool-args', name, 'arguments');
        }
      } else if ((span.role === 'retrieval' || span.role === 'rerank') && span.retrieval?.query) {
        checkAll(span, valuesOfText(span.retrieval.query), 'retrieval-query', name, 'query');
      }
      continue;
    }
    // end of the span: what it produced
    if (span.tool?.result !== null && span.tool?.result !== undefined) {
      rememberAll(valuesOfJson(span.tool.result), span.id, name, 'result', 'data');
    }
    if (span.retrieval) {
      const documents = span.retrieval.documents;
      for (let documentIndex = 0; documentIndex < documents.length; documentIndex += 1)
        rememberAll(
          valuesOfText((documents[documentIndex] as RetrievedDocument).content),
          span.id,
          name,
          'documents',
          'data',
        );
    }
    if (span.role === 'llm') {
      const outputMessages = span.outputMessages;
      for (let messageIndex = 0; messageIndex < outputMessages.length; messageIndex += 1) {
        const message = outputMessages[messageIndex] as Message;
        const toolCalls = message.toolCalls;
        for (let callIndex = 0; callIndex < toolCalls.length; callIndex += 1) {
          const call = toolCalls[callIndex] as ToolCall;
          checkAll(span, valuesOfJson(call.arguments), 'tool-call', span.name, 'tool call', call.name);
        }
        if (message.text)
          checkAll(
            span,
            valuesOfText(message.text),
            span.id === answer?.spanId ? 'answer' : 'model-text',
            span.name,
            'output',
          );
      }
    } else if (span.role === 'plan' && span.plan) {
      checkAll(
        span,
        span.plan.flatMap((step) => valuesOfText(step)),
        'plan',
        span.name,
        'plan',
      );
    } else if (span.role === 'agent' || (span.id === answer?.spanId && span.role !== 'tool')) {
      const text =
        span.outputMessages.map((message) => message.text).join('\n') ||
        (typeof span.output === 'string' ? span.output : '');
      if (text)
        checkAll(span, valuesOfText(text), span.id === answer?.spanId ? 'answer' : 'model-text', span.name, 'output');
    } else if (span.role !== 'tool' && span.output !== null && span.role !== 'retrieval') {
      rememberAll(valuesOfJson(span.output), span.id, name, 'output', 'data');
    }
  }
  return { checks, firstSource };
}

/**
 * An identifier without its short final qualifier (`bx-4410-m` → `bx-4410`, `sku_118_xl` → `sku_118`):
 * a size, variant or revision that a copy can lose. Null when there is none or too little would remain.
 */
function withoutQualifier(key: string): string | null {
  // The separator stands two to four characters from the end: most keys have none there, and need no pattern.
  if (!isQualifierSeparator(key, 2) && !isQualifierSeparator(key, 3) && !isQualifierSeparator(key, 4)) return null;
  const match = qualified.exec(key);
  if (!match?.[1] || match[1].length < 4) return null;
  return match[1];
}

const qualified = /^(.*\d.*)[-_./]([a-z0-9]{1,3})$/;

/** Whether the character `fromEnd` places before the end of `key` is one that can open a qualifier. */
function isQualifierSeparator(key: string, fromEnd: number): boolean {
  const code = key.charCodeAt(key.length - fromEnd);
  return code === 45 || code === 95 || code === 46 || code === 47;
}

/** Search arguments that take part of a value: `tag_contains`, `name_prefix`, `starts_with`, `q`. */
const partialSearchField =
  /(^|[._])(contains|prefix|starts_?with|ends_?with|like|partial|fragment|q|query|search|term)$/i;
/** Keys whose numbers are percentages: `credit_pct`, `discount_percent`, `vat_percentage`. */
const percentField = /(^|[._])(pct|percent|percentage)$/i;
// Every new number with a field asks: field names repeat across thousands of spans.
const isPercentField = memoisedTest(percentField);
/** Fields that end a stay or a window: the day after a stated date is their usual value. */
const rangeEndField =
  /(^|[._])(to|end|until|through|check_?out|return|departure|end_?date|date_?to|out|latest(?:_?date)?|no_?later_?than|deadline|before)$/i;
/** The opening edge of a search window, and a request that looks beyond the day it names. */
const openingEdgeField = /(^|[._])(from|start|since|after|begin|date_?from|start_?date|from_?date)$/i;
const looksBeyond = /\b(?:next|later|another|alternative|instead|move|rebook|reschedul\w*|after)\b/i;

const rangeEdgeField =
  /(^|[._])(from|to|start|end|since|until|after|before|begin|date_?from|date_?to|start_?date|end_?date)$/i;

/** Code ranges a text writes: "B-201 to B-203", "B-201–B-203", "units 12-15" (prefix lowercased, bounds). */
function codeRanges(text: string): { prefix: string; low: number; high: number }[] {
  const ranges: { prefix: string; low: number; high: number }[] = [];
  for (const match of text.matchAll(
    /\b([A-Za-z]+[-_]?)?(\d{1,6})\s*(?:to|through|thru|–|—|-)\s*([A-Za-z]+[-_]?)?(\d{1,6})\b/g,
  )) {
    const prefix = (match[1] ?? '').toLowerCase();
    const second = (match[3] ?? '').toLowerCase();
    if (second !== '' && second !== prefix) continue;
    const low = Number(match[2]);
    const high = Number(match[4]);
    // A short run of codes, not a year span or a range of quantities ("2024-2026" has no code prefix either way).
    if (prefix === '' || high <= low || high - low > 50) continue;
    ranges.push({ prefix, low, high });
  }
  return ranges;
}

function isoDayOf(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** The first or last day of a month (`2026-01-01`, `2026-02-28`, `2026-12-31`). */
function isPeriodEdge(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const day = Number(match[3]);
  const lastDay = new Date(Date.UTC(Number(match[1]), Number(match[2]), 0)).getUTCDate();
  return day === 1 || day === lastDay;
}

function trimPunctuation(token: string): string {
  return token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** A step a quantity is ordered in (`step_kg: 0.5`, `pack_size`, `order_multiple`): ten of them is no slip of one. */
const stepField = /(?:^|[._])(?:step|increment|multiple|pack(?:_size)?|lot(?:_size)?|case(?:_size)?)(?:$|[._])/i;

/** "5.0 kg in 0.5 kg steps": a whole number of the record's step, not the step with its point moved. */
function countOfSteps(value: number, source: ValueSource, record: JsonValue | undefined): boolean {
  const step = source.value.number;
  if (step === null || step <= 0) return false;
  // The near figure may be filed under another field of the same size (`min_kg: 0.5` beside `increment_kg: 0.5`).
  const isStep =
    (source.value.field !== null && stepField.test(source.value.field)) ||
    (record !== undefined && recordHasStep(record, step));
  if (!isStep) return false;
  const count = value / step;
  return count >= 1 && Math.abs(count - Math.round(count)) < 1e-9;
}

/** Whether a record (or a record in it) files this figure under a step field. */
function recordHasStep(value: JsonValue, step: number, depth = 0): boolean {
  if (depth > 4 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => recordHasStep(item, step, depth + 1));
  return Object.entries(value).some(
    ([key, item]) => (item === step && stepField.test(key)) || recordHasStep(item, step, depth + 1),
  );
}

/** The numbers of a record, its nested records' too, up to a few dozen: the factors a figure may be worked from. */
function numbersOfRecord(value: JsonValue, found: number[], depth = 0): number[] {
  if (found.length >= 40 || depth > 4) return found;
  if (typeof value === 'number') found.push(value);
  else if (Array.isArray(value)) for (const item of value) numbersOfRecord(item, found, depth + 1);
  else if (value !== null && typeof value === 'object')
    for (const item of Object.values(value)) numbersOfRecord(item, found, depth + 1);
  return found;
}

/** What a unit measures: money in any currency or minor unit, time in any unit, else the unit itself; null when unknown. */
function quantityKind(unit: string | null): string | null {
  if (unit === null) return null;
  if (unit === 'cents' || isCurrencyUnit(unit)) return 'money';
  if (isTimeUnit(unit)) return 'time';
  return unit;
}

/** Whether two figures and their sum measure the same thing, as far as their units tell (an unknown unit fits any). */
function addsUp(sum: string | null, left: string | null, right: string | null): boolean {
  const known = [sum, left, right].filter((kind) => kind !== null);
  return known.every((kind) => kind === known[0]);
}

/** Units that measure (`bag_sizes_g: 1000`), beside which a count (`bags: 10`) is of other things. */
const measureUnits = new Set(['g', 'kg', 'mg', 't', 'lb', 'ml', 'l', 'm', 'cm', 'mm', 'km', 'ft', 'in', 'mi']);

/** "10 bags" beside `bag_sizes_g: 1000`: a count of things is no shift of a measure of one of them. */
function countOfMeasure(value: ExtractedValue, source: ExtractedValue): boolean {
  return (
    value.field !== null &&
    countField.test(value.field) &&
    value.unit === null &&
    source.unit !== null &&
    measureUnits.has(source.unit)
  );
}
