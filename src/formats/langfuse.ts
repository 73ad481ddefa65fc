import { InputError } from '../errors/index.js';
import { decodeConventions, plannerSteps } from '../model/conventions/index.js';
import { messagesFromValue, textFromValue } from '../model/conventions/messages.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { CaptureGap, RetrievedDocument, Span, SpanRole } from '../model/span.js';
import {
  isObject,
  type JsonObject,
  optionalNumber,
  optionalString,
  parseMaybeJson,
  toJsonValue,
} from './field-reading.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

const roleByType: Record<string, SpanRole> = {
  GENERATION: 'llm',
  AGENT: 'agent',
  TOOL: 'tool',
  CHAIN: 'agent',
  RETRIEVER: 'retrieval',
  EMBEDDING: 'embedding',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'other',
  EVENT: 'other',
  SPAN: 'other',
};

function isObservation(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    value.id.length > 0 &&
    typeof value.type === 'string' &&
    ('startTime' in value || 'traceId' in value)
  );
}

interface LangfuseDocument {
  trace: JsonObject | null;
  observations: JsonObject[];
}

/** The API trace with `observations`, the UI export `{trace, observations}`, or an observations list (v2 or legacy). */
function langfuseDocument(value: unknown): LangfuseDocument | null {
  if (!isObject(value)) return null;
  if (Array.isArray(value.observations) && value.observations.every(isObservation)) {
    if (isObject(value.trace)) return { trace: value.trace, observations: value.observations as JsonObject[] };
    if (typeof value.id === 'string') return { trace: value, observations: value.observations as JsonObject[] };
  }
  if (Array.isArray(value.data) && value.data.length > 0 && value.data.every(isObservation)) {
    return { trace: null, observations: value.data as JsonObject[] };
  }
  return null;
}

function millis(value: unknown): number | null {
  if (typeof value !== 'string') return optionalNumber(value);
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : time;
}

function documentsFrom(value: JsonValue): RetrievedDocument[] {
  const list = Array.isArray(value)
    ? value
    : isObject(value) && Array.isArray(value.documents)
      ? (value.documents as JsonValue[])
      : [];
  return list.map((item) => {
    if (isObject(item)) {
      const content =
        optionalString(item.content ?? item.page_content ?? item.pageContent ?? item.text) ?? JSON.stringify(item);
      return {
        id: optionalString(item.id ?? (isObject(item.metadata) ? item.metadata.id : undefined)),
        content,
        score: optionalNumber(item.score),
        metadata: isObject(item.metadata) ? toJsonValue(item.metadata) : null,
      };
    }
    return { id: null, content: typeof item === 'string' ? item : JSON.stringify(item), score: null, metadata: null };
  });
}

function readObservation(observation: JsonObject, index: number): Span {
  const metadataValue = parseMaybeJson(toJsonValue(observation.metadata ?? null));
  const metadata = isObject(metadataValue) ? metadataValue : {};
  const rawAttributes = parseMaybeJson(toJsonValue(metadata.attributes ?? null));
  const attributes: Record<string, JsonValue> = isObject(rawAttributes)
    ? { ...(rawAttributes as Record<string, JsonValue>) }
    : {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key !== 'attributes' && key !== 'resourceAttributes' && key !== 'scope' && !(key in attributes))
      attributes[key] = value as JsonValue;
  }
  const type = String(observation.type).toUpperCase();
  const name = optionalString(observation.name) ?? type.toLowerCase();
  const level = optionalString(observation.level);
  const statusMessage = optionalString(observation.statusMessage);
  const input = parseMaybeJson(toJsonValue(observation.input ?? null));
  const output = parseMaybeJson(toJsonValue(observation.output ?? null));
  const decoded = decodeConventions({ name, kind: 'internal', attributes, events: [], sourceType: type.toLowerCase() });
  const span = createSpan({
    id: optionalString(observation.id) ?? String(index),
    parentId: optionalString(observation.parentObservationId),
    name,
    startTime: millis(observation.startTime),
    endTime: millis(observation.endTime),
    kind: 'internal',
    status: level === 'ERROR' ? { code: 'error', message: statusMessage } : { code: 'unset', message: statusMessage },
    sourceIndex: index,
    attributes,
    ...decoded,
  });
  // SPAN and EVENT say nothing about the work; the attributes and the name (`plan`, `transfer_to_…`) say more.
  span.role = type === 'SPAN' || type === 'EVENT' ? decoded.role : (roleByType[type] ?? decoded.role);
  span.model = optionalString(observation.model) ?? decoded.model;
  span.input = input;
  span.output = output;
  const steps = span.plan === null ? plannerSteps(name, span.role, output) : null;
  if (steps !== null) {
    span.role = 'plan';
    span.plan = steps;
  }
  const usage = isObject(observation.usageDetails)
    ? observation.usageDetails
    : isObject(observation.usage)
      ? observation.usage
      : null;
  if (usage) {
    span.usage = {
      inputTokens: optionalNumber(usage.input ?? usage.promptTokens),
      outputTokens: optionalNumber(usage.output ?? usage.completionTokens),
      totalTokens: optionalNumber(usage.total ?? usage.totalTokens),
    };
  }
  if (span.role === 'llm') {
    if (span.inputMessages.length === 0) span.inputMessages = messagesFromValue(input, 'user');
    if (span.outputMessages.length === 0) span.outputMessages = messagesFromValue(output, 'assistant');
    const finish = optionalString(metadata.finish_reason ?? metadata.finishReason);
    if (finish) span.finishReason = finish;
    for (const message of span.inputMessages)
      if (message.role === 'system' && !span.systemInstructions) span.systemInstructions = message.text;
  } else if (span.role === 'tool') {
    span.tool = {
      name: span.tool?.name ?? name,
      callId: span.tool?.callId ?? null,
      arguments: span.tool?.arguments ?? input,
      result: span.tool?.result ?? output,
    };
  } else if (span.role === 'retrieval') {
    const query =
      typeof input === 'string'
        ? input
        : isObject(input)
          ? optionalString(input.query ?? input.question ?? input.input)
          : null;
    span.retrieval = {
      query: span.retrieval?.query ?? query,
      documents: span.retrieval?.documents.length ? span.retrieval.documents : documentsFrom(output),
    };
  } else if (span.role === 'agent' && span.userRequest === null) {
    span.userRequest = requestFrom(input);
  }
  const httpStatus = optionalNumber(metadata['http.status_code'] ?? metadata['http.response.status_code']);
  if (httpStatus !== null) span.httpStatus = httpStatus;
  if (span.httpStatus === null && statusMessage) {
    const match = /^\s*(\d{3})\b/.exec(statusMessage);
    if (match) span.httpStatus = Number(match[1]);
  }
  span.notCaptured = captureGaps(span);
  if (level === 'ERROR' && statusMessage)
    span.exceptions = [...span.exceptions, { type: null, message: statusMessage, stacktrace: null }];
  return span;
}

/** The user's words in a trace or agent input: the last user message of a conversation, else its text. */
function requestFrom(value: JsonValue): string | null {
  const users = messagesFromValue(value, 'user').filter(
    (message) => message.role === 'user' && message.text.trim() !== '',
  );
  return users[users.length - 1]?.text ?? textFromValue(value);
}

/** Recomputed after Langfuse's own fields filled what the attributes lacked. */
function captureGaps(span: Span): CaptureGap[] {
  const gaps: CaptureGap[] = [];
  if (span.role === 'llm' && span.inputMessages.length === 0) gaps.push('input-messages');
  if (span.role === 'llm' && span.outputMessages.length === 0) gaps.push('output-messages');
  if (span.role === 'tool' && span.tool?.arguments === null) gaps.push('tool-arguments');
  if (span.role === 'tool' && span.tool?.result === null) gaps.push('tool-result');
  if (span.role === 'retrieval' && span.retrieval?.query === null) gaps.push('retrieval-query');
  if (span.role === 'retrieval' && span.retrieval?.documents.length === 0 && span.output === null)
    gaps.push('retrieval-documents');
  return gaps;
}

export const langfuseReader: TraceReader = {
  format: 'langfuse',
  detect(input: ParsedInput): boolean {
    return input.kind === 'json' && langfuseDocument(input.value) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const document = input.kind === 'json' ? langfuseDocument(input.value) : null;
    if (!document)
      throw new InputError('not a Langfuse trace', { source: context.source, expected: 'a trace with observations' });
    const spans = document.observations.map((observation, index) => readObservation(observation, index + 1));
    const trace = document.trace;
    const traceId = optionalString(trace?.id) ?? optionalString(document.observations[0]?.traceId);
    const ids = new Set(spans.map((span) => span.id));
    const roots = spans.filter((span) => span.parentId === null || !ids.has(span.parentId));
    // The trace stands for the root only when no observation is one; its input is the user's request either way.
    if (trace && traceId) {
      const traceInput = parseMaybeJson(toJsonValue(trace.input ?? null));
      const traceOutput = parseMaybeJson(toJsonValue(trace.output ?? null));
      const traceSpan = createSpan({
        id: traceId,
        name: optionalString(trace.name) ?? 'trace',
        role: 'agent',
        startTime: millis(trace.timestamp),
        sourceIndex: 0,
        userRequest: requestFrom(traceInput),
        input: traceInput,
        output: traceOutput,
        inputMessages: messagesFromValue(traceInput, 'user'),
        outputMessages: messagesFromValue(traceOutput, 'assistant'),
      });
      for (const root of roots) if (root.parentId === null) root.parentId = traceId;
      spans.unshift(traceSpan);
    }
    const baseUrl = trace ? optionalString(trace.htmlPath) : null;
    return [{ traceId, spans, warnings: [], traceUrl: baseUrl && /^https?:/.test(baseUrl) ? baseUrl : null }];
  },
};
