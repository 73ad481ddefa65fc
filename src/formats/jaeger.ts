import { decodeConventions } from '../model/conventions/index.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { SpanKind, SpanStatus } from '../model/span.js';
import {
  isObject,
  type JsonObject,
  normaliseHexId,
  optionalNumber,
  optionalString,
  requireArray,
  requireObject,
} from './field-reading.js';
import { groupByTrace, type TracedSpan } from './otlp.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

function isJaegerTrace(value: unknown): value is JsonObject {
  return isObject(value) && Array.isArray(value.spans) && ('traceID' in value || 'processes' in value);
}

/** The trace objects in any of the shapes Jaeger's API and UI produce. */
function jaegerTraces(value: unknown): Array<{ trace: JsonObject; path: string }> | null {
  if (isObject(value) && Array.isArray(value.data) && value.data.every(isJaegerTrace)) {
    return value.data.map((trace, index) => ({ trace: trace as JsonObject, path: `data[${index}]` }));
  }
  if (isObject(value) && isJaegerTrace(value.data)) return [{ trace: value.data, path: 'data' }];
  if (isJaegerTrace(value)) return [{ trace: value, path: '' }];
  if (Array.isArray(value) && value.length > 0 && value.every(isJaegerTrace)) {
    return value.map((trace, index) => ({ trace: trace as JsonObject, path: `[${index}]` }));
  }
  return null;
}

/** Jaeger typed tags → flat attributes: int64 beyond the safe range stays a string, binary stays base64. */
function readTags(list: unknown): Record<string, JsonValue> {
  const result: Record<string, JsonValue> = {};
  if (!Array.isArray(list)) return result;
  for (const tag of list) {
    if (!isObject(tag) || typeof tag.key !== 'string') continue;
    const value = tag.value;
    if (tag.type === 'int64' || tag.type === 'float64') {
      const number = optionalNumber(value);
      result[tag.key] =
        number !== null && (tag.type === 'float64' || Number.isSafeInteger(number))
          ? number
          : (optionalString(value) ?? null);
    } else if (tag.type === 'bool') {
      result[tag.key] = value === true || value === 'true';
    } else {
      result[tag.key] =
        typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
    }
  }
  return result;
}

const kinds = new Set<SpanKind>(['internal', 'server', 'client', 'producer', 'consumer']);

function statusFrom(attributes: Record<string, JsonValue>): SpanStatus {
  const code = optionalString(attributes['otel.status_code'])?.toUpperCase();
  const message = optionalString(attributes['otel.status_description']) ?? null;
  if (code === 'ERROR' || attributes.error === true || attributes.error === 'true') return { code: 'error', message };
  if (code === 'OK') return { code: 'ok', message };
  return { code: 'unset', message };
}

function readTrace(trace: JsonObject, path: string, context: ReadContext, out: TracedSpan[]): void {
  const processes = isObject(trace.processes) ? trace.processes : {};
  const spans = requireArray(trace.spans, context.source, `${path}.spans`);
  spans.forEach((rawSpan, index) => {
    const position = `${path}.spans[${index}]`;
    const span = requireObject(rawSpan, context.source, position);
    const traceId = normaliseHexId(
      String(span.traceID ?? trace.traceID ?? ''),
      16,
      context.source,
      `${position}.traceID`,
    );
    const id = normaliseHexId(String(span.spanID ?? ''), 8, context.source, `${position}.spanID`);
    const references = Array.isArray(span.references) ? span.references.filter(isObject) : [];
    const parentReference = references.find((reference) => reference.refType === 'CHILD_OF') ?? null;
    const parentRaw = optionalString(parentReference?.spanID) ?? optionalString(span.parentSpanID);
    const parentId = parentRaw ? normaliseHexId(parentRaw, 8, context.source, `${position}.references`) : null;
    const links = references
      .filter((reference) => reference.refType === 'FOLLOWS_FROM')
      .flatMap((reference) => {
        const spanId = optionalString(reference.spanID);
        const linkTrace = optionalString(reference.traceID);
        return spanId && linkTrace ? [{ traceId: linkTrace.toLowerCase(), spanId: spanId.toLowerCase() }] : [];
      });
    const process = isObject(span.process)
      ? span.process
      : isObject(processes[String(span.processID)])
        ? (processes[String(span.processID)] as JsonObject)
        : {};
    const attributes = readTags(span.tags);
    const events = (Array.isArray(span.logs) ? span.logs.filter(isObject) : []).map((log) => {
      const fields = readTags(log.fields);
      const name = optionalString(fields.event) ?? 'log';
      delete fields.event;
      const timestamp = optionalNumber(log.timestamp);
      return { name, time: timestamp === null ? null : timestamp / 1000, attributes: fields };
    });
    const kindTag = optionalString(attributes['span.kind'])?.toLowerCase() as SpanKind | undefined;
    const kind: SpanKind = kindTag && kinds.has(kindTag) ? kindTag : 'unspecified';
    const name = optionalString(span.operationName) ?? '';
    const start = optionalNumber(span.startTime);
    const duration = optionalNumber(span.duration);
    out.push({
      traceId,
      span: createSpan({
        id,
        parentId,
        name,
        service: optionalString(process.serviceName),
        startTime: start === null ? null : start / 1000,
        endTime: start === null || duration === null ? null : (start + duration) / 1000,
        kind,
        status: statusFrom(attributes),
        sourceIndex: out.length,
        events,
        links,
        attributes,
        ...decodeConventions({ name, kind, attributes, events }),
      }),
    });
  });
}

export const jaegerReader: TraceReader = {
  format: 'jaeger',
  detect(input: ParsedInput): boolean {
    return input.kind === 'json' && jaegerTraces(input.value) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const traces = input.kind === 'json' ? (jaegerTraces(input.value) ?? []) : [];
    const spans: TracedSpan[] = [];
    for (const { trace, path } of traces) readTrace(trace, path || 'trace', context, spans);
    return groupByTrace(spans);
  },
};
