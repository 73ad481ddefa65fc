import { InputError } from '../errors/index.js';
import { decodeConventions } from '../model/conventions/index.js';
import { spanFromContent } from '../model/create-span.js';
import { emptyList } from '../model/empty-list.js';
import type { JsonValue } from '../model/json-value.js';
import type { Span, SpanEvent, SpanKind, SpanStatus } from '../model/span.js';
import {
  isObject,
  type JsonObject,
  normaliseHexId,
  optionalNumber,
  optionalString,
  requireArray,
  requireObject,
} from './field-reading.js';
import { SpansByTrace } from './spans-by-trace.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

/** The resourceSpans array wherever the envelope puts it (plain OTLP, Tempo v1/v2, Jaeger API v3). */
function resourceSpansOf(value: unknown): { spans: unknown; path: string } | null {
  if (!isObject(value)) return null;
  if ('resourceSpans' in value) return { spans: value.resourceSpans, path: 'resourceSpans' };
  if ('batches' in value) return { spans: value.batches, path: 'batches' };
  if (isObject(value.trace) && 'resourceSpans' in value.trace) {
    return { spans: value.trace.resourceSpans, path: 'trace.resourceSpans' };
  }
  if (isObject(value.result) && 'resourceSpans' in value.result) {
    return { spans: value.result.resourceSpans, path: 'result.resourceSpans' };
  }
  return null;
}

const kindByNumber: readonly SpanKind[] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

function readKind(value: unknown): SpanKind {
  if (typeof value === 'number') return kindByNumber[value] ?? 'unspecified';
  if (typeof value === 'string') {
    const name = value.replace(/^SPAN_KIND_/, '').toLowerCase();
    return (kindByNumber as readonly string[]).includes(name) ? (name as SpanKind) : 'unspecified';
  }
  return 'unspecified';
}

/** The statuses without a message, shared: most spans have one of them, and nothing mutates a status. */
const unsetStatus: SpanStatus = Object.freeze({ code: 'unset', message: null });
const okStatus: SpanStatus = Object.freeze({ code: 'ok', message: null });

function readStatus(value: unknown): SpanStatus {
  if (!isObject(value)) return unsetStatus;
  const code = value.code;
  const message = optionalString(value.message) || null;
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') return { code: 'error', message };
  const isOk = code === 1 || code === 'STATUS_CODE_OK' || code === 'OK';
  if (message === null) return isOk ? okStatus : unsetStatus;
  return { code: isOk ? 'ok' : 'unset', message };
}

/** OTLP AnyValue → JSON value. */
export function readAnyValue(value: unknown): JsonValue {
  if (!isObject(value)) return null;
  if ('stringValue' in value) return optionalString(value.stringValue) ?? '';
  if ('boolValue' in value) return value.boolValue === true || value.boolValue === 'true';
  if ('intValue' in value) {
    const number = optionalNumber(value.intValue);
    return number !== null && Number.isSafeInteger(number) ? number : (optionalString(value.intValue) ?? null);
  }
  if ('doubleValue' in value) return optionalNumber(value.doubleValue);
  if ('arrayValue' in value) {
    const values = isObject(value.arrayValue) && Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map(readAnyValue);
  }
  if ('kvlistValue' in value) {
    const values =
      isObject(value.kvlistValue) && Array.isArray(value.kvlistValue.values) ? value.kvlistValue.values : [];
    return readKeyValues(values);
  }
  if ('bytesValue' in value) return optionalString(value.bytesValue);
  return null;
}

/**
 * Attribute keys as first met in this read. JSON.parse hands out every long key as a string of its own,
 * and storing a property under such a key first looks it up in the engine's string table, a large table
 * far from the cache. A trace uses few distinct keys: the one met first, already looked up when it was
 * stored, is found again in this small map. Kept per read (a module-level cache would keep strings of an
 * old input alive), and bounded: an input with a new key on every span stops adding after the bound.
 */
class AttributeKeys {
  readonly #byKey = new Map<string, string>();

  canonical(written: string): string {
    const known = this.#byKey.get(written);
    if (known !== undefined) return known;
    if (this.#byKey.size < maxRememberedKeys) this.#byKey.set(written, written);
    return written;
  }
}

const maxRememberedKeys = 4096;

export function readKeyValues(list: unknown, keys: AttributeKeys = new AttributeKeys()): Record<string, JsonValue> {
  const result: Record<string, JsonValue> = {};
  if (!Array.isArray(list)) return result;
  for (let index = 0; index < list.length; index += 1) {
    const entry: unknown = list[index];
    if (!isObject(entry)) continue;
    const written = entry.key;
    if (typeof written !== 'string') continue;
    const key = keys.canonical(written);
    // Most attributes are strings: taking a string value directly skips the kind tests of readAnyValue.
    const value = entry.value;
    const text = isObject(value) ? value.stringValue : undefined;
    result[key] = typeof text === 'string' ? text : readAnyValue(value);
  }
  return result;
}

/** Nanoseconds (string or number) → fractional milliseconds. */
function nanosToMillis(value: unknown): number | null {
  if (typeof value === 'number') return value / 1e6;
  if (typeof value !== 'string' || value.length === 0) return null;
  // Whole milliseconds and the remainder apart: the same double as Jaeger's microseconds give for one instant.
  // Both parts are read digit by digit (no substrings): each stays below 2^53, so the sums are exact.
  const remainderStart = value.length <= 15 ? 0 : value.length - 6;
  if (remainderStart > 15) return longNanosToMillis(value);
  let millis = 0;
  let remainder = 0;
  for (let index = 0; index < value.length; index += 1) {
    const digit = value.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return null;
    if (index < remainderStart) millis = millis * 10 + digit;
    else remainder = remainder * 10 + digit;
  }
  return remainderStart === 0 ? remainder / 1e6 : millis + remainder / 1e6;
}

/** Over 21 digits the millisecond part no longer fits a double exactly: Number rounds it correctly. */
function longNanosToMillis(value: string): number | null {
  if (!digitsOnly.test(value)) return null;
  return Number(value.slice(0, -6)) + Number(value.slice(-6)) / 1e6;
}

const digitsOnly = /^\d+$/;

function readEvents(list: unknown, keys: AttributeKeys): SpanEvent[] {
  if (!Array.isArray(list) || list.length === 0) return emptyList();
  return list.filter(isObject).map((event) => ({
    name: optionalString(event.name) ?? '',
    time: nanosToMillis(event.timeUnixNano),
    attributes: readKeyValues(event.attributes, keys),
  }));
}

function readSpans(
  document: JsonObject,
  documentPath: string,
  context: ReadContext,
  spans: SpansByTrace,
  keys: AttributeKeys,
): void {
  const located = resourceSpansOf(document);
  if (!located) return;
  const resourceSpans = requireArray(located.spans, context.source, `${documentPath}${located.path}`);
  // Nothing read yet: no written trace ID equals undefined, and no parent ID read is empty.
  const previous: PreviousIds = { traceIdWritten: undefined, traceId: '', parentIdWritten: '', parentId: '' };
  resourceSpans.forEach((resourceSpan, resourceIndex) => {
    const resourcePath = `${documentPath}${located.path}[${resourceIndex}]`;
    const resource = requireObject(resourceSpan, context.source, resourcePath);
    const resourceAttributes = readKeyValues(
      isObject(resource.resource) ? resource.resource.attributes : undefined,
      keys,
    );
    const service = optionalString(resourceAttributes['service.name']);
    const scopeKey = 'scopeSpans' in resource ? 'scopeSpans' : 'instrumentationLibrarySpans';
    const scopeSpans =
      resource[scopeKey] === undefined
        ? []
        : requireArray(resource[scopeKey], context.source, `${resourcePath}.${scopeKey}`);
    scopeSpans.forEach((scopeSpan, scopeIndex) => {
      const scopePath = `${resourcePath}.${scopeKey}[${scopeIndex}]`;
      const scope = requireObject(scopeSpan, context.source, scopePath);
      const scopeInfo = isObject(scope.scope)
        ? scope.scope
        : isObject(scope.instrumentationLibrary)
          ? scope.instrumentationLibrary
          : {};
      const scopeName = optionalString(scopeInfo.name);
      const list = scope.spans === undefined ? [] : requireArray(scope.spans, context.source, `${scopePath}.spans`);
      for (let spanIndex = 0; spanIndex < list.length; spanIndex += 1) {
        readOneSpan(list[spanIndex], scopePath, spanIndex, context, service, scopeName, spans, previous, keys);
        // The parsed document is the reader's own: letting go of each raw span once read leaves a
        // collection during a large read less to trace.
        list[spanIndex] = null;
      }
    });
  });
}

/**
 * The trace and parent IDs of the span read last, as written and as read: consecutive spans mostly
 * share both, and an ID equal to the one before reads the same without checking it character by character.
 */
interface PreviousIds {
  traceIdWritten: unknown;
  traceId: string;
  parentIdWritten: string;
  parentId: string;
}

function readOneSpan(
  rawSpan: unknown,
  scopePath: string,
  spanIndex: number,
  context: ReadContext,
  service: string | null,
  scopeName: string | null,
  spans: SpansByTrace,
  previous: PreviousIds,
  keys: AttributeKeys,
): void {
  const span = isObject(rawSpan) ? rawSpan : requireObject(rawSpan, context.source, spanPosition(scopePath, spanIndex));
  const traceIdWritten = span.traceId;
  let traceId = previous.traceId;
  if (typeof traceIdWritten !== 'string' || traceIdWritten !== previous.traceIdWritten) {
    traceId = readId(traceIdWritten, 16, context, scopePath, spanIndex, '.traceId');
    previous.traceIdWritten = traceIdWritten;
    previous.traceId = traceId;
  }
  const id = readId(span.spanId, 8, context, scopePath, spanIndex, '.spanId');
  const parentRaw = optionalString(span.parentSpanId);
  let parentId: string | null = null;
  if (parentRaw) {
    parentId = previous.parentId;
    if (parentRaw !== previous.parentIdWritten) {
      parentId = readId(parentRaw, 8, context, scopePath, spanIndex, '.parentSpanId');
      previous.parentIdWritten = parentRaw;
      previous.parentId = parentId;
    }
  }
  const attributes = readKeyValues(span.attributes, keys);
  if (scopeName) attributes['otel.scope.name'] = scopeName;
  const events = readEvents(span.events, keys);
  const name = optionalString(span.name) ?? '';
  const kind = readKind(span.kind);
  const content = decodeConventions({ name, kind, attributes, events });
  const links =
    Array.isArray(span.links) && span.links.length > 0 ? readLinks(span.links) : emptyList<Span['links'][number]>();
  spans.add(
    traceId,
    spanFromContent(
      {
        id,
        parentId,
        name,
        service,
        startTime: nanosToMillis(span.startTimeUnixNano),
        endTime: nanosToMillis(span.endTimeUnixNano),
        kind,
        status: readStatus(span.status),
        sourceIndex: 0,
        events,
        links,
        attributes,
      },
      content,
    ),
  );
}

/** Where a span sits in the input, for error messages only: a 100,000-span read would otherwise build as many strings. */
function spanPosition(scopePath: string, spanIndex: number, field = ''): string {
  return `${scopePath}.spans[${spanIndex}]${field}`;
}

/** Lowercase hex digits only; a character loop, cheaper than a regular expression for three IDs per span. */
function isLowercaseHex(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (!((code >= 48 && code <= 57) || (code >= 97 && code <= 102))) return false;
  }
  return value.length > 0;
}

/** The common case (lowercase hex of the right width) is returned as is; everything else is normalised. */
function readId(
  value: unknown,
  bytes: 8 | 16,
  context: ReadContext,
  scopePath: string,
  spanIndex: number,
  field: string,
): string {
  if (typeof value === 'string' && value.length === bytes * 2 && isLowercaseHex(value)) return value;
  return normaliseHexId(String(value ?? ''), bytes, context.source, spanPosition(scopePath, spanIndex, field));
}

function readLinks(links: unknown[]): Span['links'] {
  return links.filter(isObject).flatMap((link) => {
    const linkTrace = optionalString(link.traceId);
    const linkSpan = optionalString(link.spanId);
    return linkTrace && linkSpan ? [{ traceId: linkTrace.toLowerCase(), spanId: linkSpan.toLowerCase() }] : [];
  });
}

export interface TracedSpan {
  traceId: string;
  span: Span;
}

/** Groups spans by trace ID (files may hold several traces; Collector JSON Lines split one trace over lines). */
export function groupByTrace(spans: readonly TracedSpan[]): RawTrace[] {
  const grouped = new SpansByTrace();
  for (const { traceId, span } of spans) grouped.add(traceId, span);
  return grouped.toRawTraces();
}

export const otlpReader: TraceReader = {
  format: 'otlp',
  detect(input: ParsedInput): boolean {
    if (input.kind === 'json') return resourceSpansOf(input.value) !== null;
    if (input.kind === 'json-sequence') return input.values.some((value) => resourceSpansOf(value) !== null);
    return false;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const spans = new SpansByTrace();
    const keys = new AttributeKeys();
    if (input.kind === 'json') {
      readSpans(requireObject(input.value, context.source, 'top level'), '', context, spans, keys);
    } else if (input.kind === 'json-sequence') {
      input.values.forEach((value, index) => {
        const document = requireObject(value, context.source, `object ${index + 1}`);
        if (resourceSpansOf(document) === null) {
          throw new InputError('this object has no resourceSpans', {
            source: context.source,
            position: `object ${index + 1}`,
            expected: 'one OTLP TracesData object per line',
          });
        }
        readSpans(document, `object ${index + 1}: `, context, spans, keys);
      });
    }
    return spans.toRawTraces();
  },
};
