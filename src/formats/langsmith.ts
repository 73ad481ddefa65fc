import { InputError } from '../errors/index.js';
import { decodeConventions } from '../model/conventions/index.js';
import { messageFrom, textFromValue } from '../model/conventions/messages.js';
import { decideRole } from '../model/conventions/role.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { CaptureGap, Message, RetrievedDocument, Span, ToolCall } from '../model/span.js';
import {
  isObject,
  type JsonObject,
  optionalNumber,
  optionalString,
  parseMaybeJson,
  requireObject,
  requireString,
  toJsonValue,
} from './field-reading.js';
import { parseLenientValue } from './lenient-object.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

function isRun(value: unknown): value is JsonObject {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.run_type === 'string' &&
    ('trace_id' in value || 'dotted_order' in value || 'start_time' in value)
  );
}

/** A list of runs, `{runs:[…]}` (`/runs/query`), or one run. */
function langsmithRuns(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value.length > 0 && value.every(isRun) ? value : null;
  if (isObject(value) && Array.isArray(value.runs) && value.runs.length > 0 && value.runs.every(isRun)) {
    return value.runs;
  }
  if (isRun(value)) return [value];
  return null;
}

/** LangSmith writes naive UTC timestamps (`2024-05-01T10:00:00.123456`); without a zone, Date.parse would use local time. */
function millis(value: unknown): number | null {
  if (typeof value !== 'string') return optionalNumber(value);
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(value) ? value : `${value}Z`;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? null : time;
}

/** `dotted_order` is `<time>Z<run id>` segments from the root to this run; the one before last is the parent. */
function parentFromDottedOrder(dottedOrder: string | null): string | null {
  if (!dottedOrder) return null;
  const segments = dottedOrder.split('.');
  const parent = segments.length >= 2 ? segments[segments.length - 2] : undefined;
  if (!parent) return null;
  const zone = parent.indexOf('Z');
  return zone >= 0 ? parent.slice(zone + 1) : null;
}

const langchainRoles: Record<string, string> = {
  HumanMessage: 'user',
  HumanMessageChunk: 'user',
  human: 'user',
  AIMessage: 'assistant',
  AIMessageChunk: 'assistant',
  ai: 'assistant',
  SystemMessage: 'system',
  system: 'system',
  ToolMessage: 'tool',
  tool: 'tool',
  FunctionMessage: 'tool',
  function: 'tool',
  ChatMessage: 'user',
};

/** LangChain's serialised messages (`{lc:1, id:[…,'HumanMessage'], kwargs:{…}}`, `{type:'human', content}`) or OpenAI-style ones. */
function langchainMessage(value: JsonValue, defaultRole: string): Message | null {
  if (!isObject(value)) return messageFrom(value, defaultRole);
  const constructorName = Array.isArray(value.id) ? optionalString(value.id[value.id.length - 1]) : null;
  const body = isObject(value.kwargs) ? (value.kwargs as Record<string, JsonValue>) : value;
  const typeName = constructorName ?? optionalString(value.type);
  const role =
    optionalString(body.role) ?? (typeName ? langchainRoles[typeName] : undefined) ?? optionalString(value.role);
  const message = messageFrom({ ...body, role: role ?? defaultRole, type: null }, defaultRole);
  if (!message) return null;
  // LangChain's own tool calls are `{name, args, id}`; OpenAI's raw ones sit in additional_kwargs.
  const additional = isObject(body.additional_kwargs) ? body.additional_kwargs : null;
  if (message.toolCalls.length === 0 && additional && Array.isArray(additional.tool_calls)) {
    const fromAdditional = messageFrom({ role: message.role, tool_calls: additional.tool_calls }, defaultRole);
    message.toolCalls = fromAdditional?.toolCalls ?? [];
  }
  const metadata = isObject(body.response_metadata) ? body.response_metadata : null;
  if (metadata && message.finishReason === null)
    message.finishReason = optionalString(metadata.finish_reason ?? metadata.stop_reason);
  return message;
}

function messagesFrom(value: JsonValue, defaultRole: string): Message[] {
  if (!Array.isArray(value)) {
    const single = langchainMessage(value, defaultRole);
    return single ? [single] : [];
  }
  // Chat model inputs are a batch: a list of conversations; LangSmith shows the first.
  const list = value.length > 0 && Array.isArray(value[0]) ? (value[0] as JsonValue[]) : value;
  return list
    .map((item) => langchainMessage(item, defaultRole))
    .filter((message): message is Message => message !== null);
}

function llmInputMessages(inputs: JsonObject): Message[] {
  if (inputs.messages !== undefined) return messagesFrom(toJsonValue(inputs.messages), 'user');
  if (Array.isArray(inputs.prompts)) {
    return inputs.prompts
      .map((prompt) => textFromValue(toJsonValue(prompt)))
      .filter((text): text is string => text !== null)
      .map((text) => ({ role: 'user', text, toolCalls: [], toolCallId: null, finishReason: null }));
  }
  const text = textFromValue(toJsonValue(inputs.prompt ?? inputs.input ?? null));
  return text ? [{ role: 'user', text, toolCalls: [], toolCallId: null, finishReason: null }] : [];
}

function llmOutputMessages(outputs: JsonObject): Message[] {
  if (Array.isArray(outputs.generations)) {
    const batch = outputs.generations[0];
    const generations = Array.isArray(batch) ? batch : outputs.generations;
    const messages: Message[] = [];
    for (const generation of generations) {
      if (!isObject(generation)) continue;
      const fromMessage =
        generation.message === undefined ? null : langchainMessage(toJsonValue(generation.message), 'assistant');
      const message = fromMessage ?? {
        role: 'assistant',
        text: optionalString(generation.text) ?? '',
        toolCalls: [] as ToolCall[],
        toolCallId: null,
        finishReason: null,
      };
      if (message.text === '' && typeof generation.text === 'string') message.text = generation.text;
      const information = isObject(generation.generation_info) ? generation.generation_info : null;
      if (information && message.finishReason === null)
        message.finishReason = optionalString(information.finish_reason);
      messages.push(message);
    }
    return messages;
  }
  if (Array.isArray(outputs.choices)) {
    return outputs.choices.filter(isObject).flatMap((choice) => {
      const message = langchainMessage(toJsonValue(choice.message ?? { content: choice.text ?? null }), 'assistant');
      if (message && message.finishReason === null) message.finishReason = optionalString(choice.finish_reason);
      return message ? [message] : [];
    });
  }
  if (outputs.messages !== undefined) return messagesFrom(toJsonValue(outputs.messages), 'assistant');
  const output = outputs.output ?? outputs.content ?? null;
  if (output === null) return [];
  const message = langchainMessage(toJsonValue(output), 'assistant');
  return message ? [message] : [];
}

/** Tool runs record `{input: "<str or dict repr>"}` or the arguments themselves. */
function toolArguments(inputs: JsonObject | null): JsonValue {
  if (!inputs) return null;
  const keys = Object.keys(inputs);
  if (keys.length === 0) return null;
  if (keys.length === 1 && keys[0] === 'input') {
    const raw = inputs.input;
    return typeof raw === 'string' ? parseLenientValue(raw) : toJsonValue(raw ?? null);
  }
  return toJsonValue(inputs);
}

function toolResult(outputs: JsonObject | null): JsonValue {
  if (!outputs) return null;
  const raw = 'output' in outputs ? outputs.output : outputs;
  if (isObject(raw) && Array.isArray(raw.id) && isObject(raw.kwargs)) {
    // A serialised ToolMessage: the result is its content.
    return parseMaybeJson(toJsonValue(raw.kwargs.content ?? null));
  }
  return parseMaybeJson(toJsonValue(raw ?? null));
}

function retrievedDocuments(outputs: JsonObject | null): RetrievedDocument[] {
  const list = outputs && Array.isArray(outputs.documents) ? outputs.documents : [];
  return list.map((item) => {
    const document = isObject(item) && isObject(item.kwargs) ? item.kwargs : item;
    if (!isObject(document)) return { id: null, content: String(document), score: null, metadata: null };
    const metadata = isObject(document.metadata) ? document.metadata : null;
    return {
      id: optionalString(document.id ?? metadata?.id ?? metadata?.source),
      content: optionalString(document.page_content ?? document.content ?? document.text) ?? '',
      score: optionalNumber(document.score ?? metadata?.score ?? metadata?.relevance_score),
      metadata: metadata ? toJsonValue(metadata) : null,
    };
  });
}

function readRun(value: unknown, index: number, source: string): { traceId: string; span: Span } {
  const position = `runs[${index}]`;
  const run = requireObject(value, source, position);
  const id = requireString(run.id, source, `${position}.id`, 'a run ID (UUID)').toLowerCase();
  const dottedOrder = optionalString(run.dotted_order);
  const parentIds = Array.isArray(run.parent_run_ids) ? run.parent_run_ids : null;
  const parentId =
    optionalString(run.parent_run_id) ??
    (parentIds && parentIds.length > 0 ? optionalString(parentIds[parentIds.length - 1]) : null) ??
    parentFromDottedOrder(dottedOrder);
  const rootSegment = dottedOrder?.split('.')[0] ?? '';
  const rootFromOrder = rootSegment.includes('Z') ? rootSegment.slice(rootSegment.indexOf('Z') + 1) : null;
  const traceId = (optionalString(run.trace_id) ?? rootFromOrder ?? id).toLowerCase();
  const runType = requireString(run.run_type, source, `${position}.run_type`).toLowerCase();
  const name = optionalString(run.name) ?? runType;
  const inputs = isObject(run.inputs) ? run.inputs : null;
  const outputs = isObject(run.outputs) ? run.outputs : null;
  const extra = isObject(run.extra) ? run.extra : {};
  const metadata = isObject(extra.metadata) ? extra.metadata : {};
  const invocation = isObject(extra.invocation_params) ? extra.invocation_params : {};
  const attributes: Record<string, JsonValue> = {};
  for (const [key, item] of Object.entries(metadata)) attributes[key] = toJsonValue(item);
  const events = Array.isArray(run.events)
    ? run.events.filter(isObject).map((event) => ({
        name: optionalString(event.name) ?? 'event',
        time: millis(event.time),
        attributes: isObject(event.kwargs) ? (toJsonValue(event.kwargs) as Record<string, JsonValue>) : {},
      }))
    : [];
  const decoded = decodeConventions({ name, kind: 'internal', attributes, events, sourceType: runType });
  // A chain is LangChain's generic container: a name that says plan, hand-off or guardrail is more telling.
  const byName = runType === 'chain' ? decideRole(name, 'internal', {}, null) : 'other';
  const role = byName !== 'other' && byName !== 'http' ? byName : decoded.role;
  const error = optionalString(run.error);
  const status = optionalString(run.status)?.toLowerCase();
  const span = createSpan({
    ...decoded,
    id,
    parentId: parentId ? parentId.toLowerCase() : null,
    name,
    startTime: millis(run.start_time),
    endTime: millis(run.end_time),
    kind: 'internal',
    status:
      error || status === 'error'
        ? { code: 'error', message: error }
        : status === 'success'
          ? { code: 'ok', message: null }
          : { code: 'unset', message: null },
    role,
    sourceIndex: index,
    events,
    attributes,
    input: inputs ? toJsonValue(inputs) : null,
    output: outputs ? toJsonValue(outputs) : null,
  });
  span.model =
    optionalString(invocation.model ?? invocation.model_name ?? metadata.ls_model_name ?? invocation.model_id) ??
    decoded.model;
  const inputTokens = optionalNumber(run.prompt_tokens);
  const outputTokens = optionalNumber(run.completion_tokens);
  const totalTokens = optionalNumber(run.total_tokens);
  if (inputTokens !== null || outputTokens !== null || totalTokens !== null)
    span.usage = { inputTokens, outputTokens, totalTokens };
  if (role === 'llm') {
    span.inputMessages = inputs ? llmInputMessages(inputs) : [];
    span.outputMessages = outputs ? llmOutputMessages(outputs) : [];
    const system = span.inputMessages.filter((message) => message.role === 'system').map((message) => message.text);
    if (system.length > 0) span.systemInstructions = system.join('\n');
    span.finishReason = span.outputMessages.find((message) => message.finishReason)?.finishReason ?? null;
    if (span.parentId === null)
      span.userRequest =
        span.inputMessages.find((message) => message.role === 'user' && message.text !== '')?.text ?? null;
  } else if (role === 'tool') {
    span.tool = {
      name,
      callId: optionalString(metadata.tool_call_id ?? inputs?.tool_call_id),
      arguments: toolArguments(inputs),
      result: toolResult(outputs),
    };
  } else if (role === 'retrieval' || role === 'rerank') {
    const query = inputs ? textFromValue(toJsonValue(inputs.query ?? inputs.input ?? inputs.question ?? null)) : null;
    span.retrieval = { query, documents: retrievedDocuments(outputs) };
  } else if (role === 'agent' && inputs) {
    const messages = inputs.messages === undefined ? [] : messagesFrom(toJsonValue(inputs.messages), 'user');
    span.inputMessages = messages;
    span.userRequest =
      messages.find((message) => message.role === 'user' && message.text !== '')?.text ??
      textFromValue(toJsonValue(inputs.input ?? inputs.question ?? inputs.query ?? inputs));
  }
  if (error) {
    const firstLine = error.split('\n')[0] ?? error;
    const match = /^(\w[\w.]*(?:Error|Exception))\s*[:(]\s*/.exec(firstLine);
    span.exceptions = [
      ...span.exceptions,
      {
        type: match ? (match[1] ?? null) : null,
        message: match ? firstLine.slice(match[0].length) : firstLine,
        stacktrace: error,
      },
    ];
    const statusMatch = /\b(?:status(?: code)?|error code|server error|client error)\W{0,3}(\d{3})\b/i.exec(error);
    if (statusMatch && span.httpStatus === null) span.httpStatus = Number(statusMatch[1]);
  }
  span.notCaptured = captureGaps(span);
  return { traceId, span };
}

function captureGaps(span: Span): CaptureGap[] {
  const gaps: CaptureGap[] = [];
  if (span.role === 'llm' && span.inputMessages.length === 0) gaps.push('input-messages');
  if (span.role === 'llm' && span.outputMessages.length === 0 && span.status.code !== 'error')
    gaps.push('output-messages');
  if (span.role === 'tool' && span.tool?.arguments === null) gaps.push('tool-arguments');
  if (span.role === 'tool' && span.tool?.result === null && span.status.code !== 'error') gaps.push('tool-result');
  if (span.role === 'retrieval' && span.retrieval?.query === null) gaps.push('retrieval-query');
  if (span.role === 'retrieval' && span.output === null) gaps.push('retrieval-documents');
  return gaps;
}

/** LangSmith runs (v1 `/runs/query` and v2 field names): span ID = run ID, trace ID = `trace_id` (the root run's ID). */
export const langsmithReader: TraceReader = {
  format: 'langsmith',
  detect(input: ParsedInput): boolean {
    return input.kind === 'json' && langsmithRuns(input.value) !== null;
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    const runs = input.kind === 'json' ? langsmithRuns(input.value) : null;
    if (!runs) {
      throw new InputError('not a list of LangSmith runs', {
        source: context.source,
        position: 'top level',
        expected: 'an array of runs with id and run_type, or {"runs": [...]}',
      });
    }
    const traces = new Map<string, RawTrace>();
    runs.forEach((value, index) => {
      const { traceId, span } = readRun(value, index, context.source);
      let trace = traces.get(traceId);
      if (!trace) {
        trace = { traceId, spans: [], warnings: [], traceUrl: null };
        traces.set(traceId, trace);
      }
      trace.spans.push(span);
    });
    for (const run of runs) {
      // `app_path` is relative to the LangSmith UI, which the backend client knows; only full URLs are kept here.
      const url = isObject(run) ? optionalString(run.app_path) : null;
      const traceId = isObject(run) ? optionalString(run.trace_id)?.toLowerCase() : null;
      const trace = traceId ? traces.get(traceId) : undefined;
      if (trace && url && /^https?:/.test(url) && trace.traceUrl === null) trace.traceUrl = url;
    }
    return [...traces.values()];
  },
};
