import { decodeConventions } from '../model/conventions/index.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { SpanKind, SpanStatus } from '../model/span.js';
import {
  isObject,
  type JsonObject,
  normaliseHexId,
  optionalString,
  requireObject,
  toJsonValue,
} from './field-reading.js';
import { groupByTrace, type TracedSpan } from './otlp.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

/** One span as OTel Python's ConsoleSpanExporter / `ReadableSpan.to_json()` prints it. */
function isConsoleSpan(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    isObject(value.context) &&
    typeof value.context.span_id === 'string' &&
    typeof value.kind === 'string' &&
    value.kind.startsWith('SpanKind.')
  );
}

function consoleSpans(input: ParsedInput): unknown[] | null {
  const values =
    input.kind === 'json-sequence'
      ? input.values
      : input.kind === 'json'
        ? Array.isArray(input.value)
          ? input.value
          : [input.value]
        : [];
  return values.length > 0 && values.every(isConsoleSpan) ? values : null;
}

function millis(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

function statusOf(value: unknown): SpanStatus {
  if (!isObject(value)) return { code: 'unset', message: null };
  const code = optionalString(value.status_code)?.toUpperCase();
  const message = optionalString(value.description);
  return { code: code === 'ERROR' ? 'error' : code === 'OK' ? 'ok' : 'unset', message };
}

function attributesOf(value: unknown): Record<string, JsonValue> {
  if (!isObject(value)) return {};
  const result: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(value)) result[key] = toJsonValue(item);
  return result;
}

export const otelConsoleReader: TraceReader = {
  format: 'otel-console',
  detect(input: ParsedInput): boolean {
    return consoleSpans(input) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const spans: TracedSpan[] = [];
    (consoleSpans(input) ?? []).forEach((raw, index) => {
      const position = `object ${index + 1}`;
      const span = requireObject(raw, context.source, position);
      const spanContext = requireObject(span.context, context.source, `${position}.context`);
      const traceId = normaliseHexId(
        String(spanContext.trace_id ?? ''),
        16,
        context.source,
        `${position}.context.trace_id`,
      );
      const id = normaliseHexId(String(spanContext.span_id ?? ''), 8, context.source, `${position}.context.span_id`);
      const parent = optionalString(span.parent_id);
      const kindName = String(span.kind).replace('SpanKind.', '').toLowerCase();
      const kind: SpanKind = ['internal', 'server', 'client', 'producer', 'consumer'].includes(kindName)
        ? (kindName as SpanKind)
        : 'unspecified';
      const attributes = attributesOf(span.attributes);
      const events = (Array.isArray(span.events) ? span.events.filter(isObject) : []).map((event) => ({
        name: optionalString(event.name) ?? '',
        time: millis(event.timestamp),
        attributes: attributesOf(event.attributes),
      }));
      const name = optionalString(span.name) ?? '';
      const resource = isObject(span.resource) ? attributesOf(span.resource.attributes) : {};
      spans.push({
        traceId,
        span: createSpan({
          id,
          parentId: parent ? normaliseHexId(parent, 8, context.source, `${position}.parent_id`) : null,
          name,
          service: optionalString(resource['service.name']),
          startTime: millis(span.start_time),
          endTime: millis(span.end_time),
          kind,
          status: statusOf(span.status),
          sourceIndex: spans.length,
          events,
          attributes,
          ...decodeConventions({ name, kind, attributes, events }),
        }),
      });
    });
    return groupByTrace(spans);
  },
};
