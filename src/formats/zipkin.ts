import { decodeConventions } from '../model/conventions/index.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { SpanKind, SpanStatus } from '../model/span.js';
import { isObject, normaliseHexId, optionalNumber, optionalString, requireObject } from './field-reading.js';
import { groupByTrace, type TracedSpan } from './otlp.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

function looksLikeZipkinSpan(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.traceId === 'string' &&
    typeof value.id === 'string' &&
    !('spans' in value) &&
    !('observations' in value)
  );
}

function zipkinSpans(value: unknown): unknown[] | null {
  if (Array.isArray(value) && value.length > 0) {
    // The UI's multi-trace download is an array of span arrays.
    const flat = value.every(Array.isArray) ? value.flat() : value;
    return flat.length > 0 && flat.every(looksLikeZipkinSpan) ? flat : null;
  }
  return null;
}

function statusFrom(tags: Record<string, JsonValue>): SpanStatus {
  const code = optionalString(tags['otel.status_code'])?.toUpperCase();
  // Zipkin marks failure with an `error` tag whose value is the description (possibly empty).
  if ('error' in tags)
    return {
      code: 'error',
      message: optionalString(tags.error) || optionalString(tags['otel.status_description']) || null,
    };
  if (code === 'ERROR') return { code: 'error', message: optionalString(tags['otel.status_description']) };
  if (code === 'OK') return { code: 'ok', message: null };
  return { code: 'unset', message: null };
}

export const zipkinReader: TraceReader = {
  format: 'zipkin',
  detect(input: ParsedInput): boolean {
    return input.kind === 'json' && zipkinSpans(input.value) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const list = input.kind === 'json' ? (zipkinSpans(input.value) ?? []) : [];
    const spans: TracedSpan[] = [];
    list.forEach((raw, index) => {
      const position = `[${index}]`;
      const span = requireObject(raw, context.source, position);
      const traceId = normaliseHexId(String(span.traceId), 16, context.source, `${position}.traceId`);
      const id = normaliseHexId(String(span.id), 8, context.source, `${position}.id`);
      const parentRaw = optionalString(span.parentId);
      const attributes: Record<string, JsonValue> = {};
      if (isObject(span.tags))
        for (const [key, value] of Object.entries(span.tags)) attributes[key] = optionalString(value) ?? '';
      const events = (Array.isArray(span.annotations) ? span.annotations.filter(isObject) : []).map((annotation) => {
        const value = optionalString(annotation.value) ?? '';
        const timestamp = optionalNumber(annotation.timestamp);
        return { name: value, time: timestamp === null ? null : timestamp / 1000, attributes: {} };
      });
      const kindRaw = optionalString(span.kind)?.toLowerCase();
      const kind: SpanKind =
        kindRaw === 'client' || kindRaw === 'server' || kindRaw === 'producer' || kindRaw === 'consumer'
          ? kindRaw
          : 'internal';
      const name = optionalString(span.name) ?? '';
      const start = optionalNumber(span.timestamp);
      const duration = optionalNumber(span.duration);
      const endpoint = isObject(span.localEndpoint) ? span.localEndpoint : {};
      spans.push({
        traceId,
        span: createSpan({
          id,
          parentId: parentRaw ? normaliseHexId(parentRaw, 8, context.source, `${position}.parentId`) : null,
          name,
          service: optionalString(endpoint.serviceName),
          startTime: start === null ? null : start / 1000,
          endTime: start === null || duration === null ? null : (start + duration) / 1000,
          kind,
          status: statusFrom(attributes),
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
