import { InputError } from '../errors/index.js';
import { decodeConventions } from '../model/conventions/index.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { Span, SpanEvent, SpanKind, SpanStatus } from '../model/span.js';
import {
  isObject,
  type JsonObject,
  normaliseHexId,
  optionalNumber,
  optionalString,
  requireObject,
  requireString,
  toJsonValue,
} from './field-reading.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

function isPhoenixSpan(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    isObject(value.context) &&
    typeof value.context.span_id === 'string' &&
    // `span_kind` / `status_code` at the top level tell Phoenix apart from the OTel Python console exporter.
    (typeof value.span_kind === 'string' || typeof value.status_code === 'string')
  );
}

/** The REST page `{data: Span[], next_cursor}` or a bare array of Phoenix spans. */
function phoenixSpans(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value.length > 0 && value.every(isPhoenixSpan) ? value : null;
  if (isObject(value) && Array.isArray(value.data) && 'next_cursor' in value) {
    return value.data.length === 0 || isPhoenixSpan(value.data[0]) ? value.data : null;
  }
  if (isObject(value) && Array.isArray(value.data) && value.data.length > 0 && value.data.every(isPhoenixSpan)) {
    return value.data;
  }
  return null;
}

/**
 * Phoenix documents flattened keys, but nested objects also occur (older servers, hand-made
 * exports); both become the flat form the conventions decoder reads.
 */
export function flattenAttributes(value: unknown, prefix = '', into: Record<string, JsonValue> = {}) {
  if (!isObject(value)) return into;
  for (const key of Object.keys(value)) {
    const item = value[key];
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isObject(item)) flattenAttributes(item, path, into);
    else if (Array.isArray(item) && item.some(isObject)) {
      item.forEach((element, index) => {
        if (isObject(element)) flattenAttributes(element, `${path}.${index}`, into);
        else into[`${path}.${index}`] = toJsonValue(element);
      });
    } else if (item !== undefined) into[path] = toJsonValue(item);
  }
  return into;
}

function millis(value: unknown): number | null {
  if (typeof value === 'string') {
    const time = Date.parse(value);
    return Number.isNaN(time) ? null : time;
  }
  return optionalNumber(value);
}

const spanKinds: Record<string, SpanKind> = {
  INTERNAL: 'internal',
  SERVER: 'server',
  CLIENT: 'client',
  PRODUCER: 'producer',
  CONSUMER: 'consumer',
};

function statusOf(span: JsonObject): SpanStatus {
  const code = optionalString(span.status_code)?.toUpperCase();
  const message = optionalString(span.status_message) || null;
  return { code: code === 'ERROR' ? 'error' : code === 'OK' ? 'ok' : 'unset', message };
}

function eventsOf(span: JsonObject): SpanEvent[] {
  if (!Array.isArray(span.events)) return [];
  return span.events.filter(isObject).map((event) => ({
    name: optionalString(event.name) ?? 'event',
    time: millis(event.timestamp),
    attributes: flattenAttributes(event.attributes),
  }));
}

function readSpan(value: unknown, index: number, source: string): { traceId: string; span: Span } {
  const position = `data[${index}]`;
  const raw = requireObject(value, source, position);
  const context = requireObject(raw.context, source, `${position}.context`);
  const spanId = normaliseHexId(
    requireString(context.span_id, source, `${position}.context.span_id`, 'a 16-digit hex span ID'),
    8,
    source,
    `${position}.context.span_id`,
  );
  const traceId = normaliseHexId(
    requireString(context.trace_id, source, `${position}.context.trace_id`, 'a 32-digit hex trace ID'),
    16,
    source,
    `${position}.context.trace_id`,
  );
  const parentRaw = optionalString(raw.parent_id);
  const parentId = parentRaw ? normaliseHexId(parentRaw, 8, source, `${position}.parent_id`) : null;
  const attributes = flattenAttributes(raw.attributes);
  const events = eventsOf(raw);
  const name = optionalString(raw.name) ?? 'span';
  const kind = spanKinds[optionalString(attributes['span.kind'] ?? raw.kind)?.toUpperCase() ?? ''] ?? 'internal';
  const spanKind = optionalString(raw.span_kind)?.toLowerCase() ?? null;
  const decoded = decodeConventions({
    name,
    kind,
    attributes,
    events,
    sourceType: spanKind === 'unknown' ? null : spanKind,
    isRoot: parentId === null,
  });
  const span = createSpan({
    ...decoded,
    id: spanId,
    parentId,
    name,
    service: optionalString(attributes['service.name']),
    startTime: millis(raw.start_time),
    endTime: millis(raw.end_time),
    kind,
    status: statusOf(raw),
    sourceIndex: index,
    events,
    attributes,
  });
  return { traceId, span };
}

/** Arize Phoenix REST spans (`GET /v1/projects/{project}/spans`): OpenInference attributes, hex IDs in `context`. */
export const phoenixReader: TraceReader = {
  format: 'phoenix',
  detect(input: ParsedInput): boolean {
    return input.kind === 'json' && phoenixSpans(input.value) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const list = input.kind === 'json' ? phoenixSpans(input.value) : null;
    if (!list) {
      throw new InputError('not a Phoenix span list', {
        source: context.source,
        position: 'top level',
        expected: '{"data": [spans with context.span_id], "next_cursor"} or an array of such spans',
      });
    }
    const traces = new Map<string, RawTrace>();
    list.forEach((value, index) => {
      const { traceId, span } = readSpan(value, index, context.source);
      let trace = traces.get(traceId);
      if (!trace) {
        trace = { traceId, spans: [], warnings: [], traceUrl: null };
        traces.set(traceId, trace);
      }
      trace.spans.push(span);
    });
    const page = input.kind === 'json' && isObject(input.value) ? input.value : null;
    if (page && typeof page.next_cursor === 'string' && page.next_cursor !== '') {
      for (const trace of traces.values()) {
        trace.warnings.push({
          code: 'partial',
          message: 'the Phoenix page has a next_cursor: more spans exist than this page holds',
          spanId: null,
        });
      }
    }
    return [...traces.values()];
  },
};
