import type { JsonValue } from '../json-value.js';
import type { CaptureGap, Message, RetrievedDocument, SpanException, SpanRole, ToolCall } from '../span.js';
import type { ConventionContent, ConventionInput } from './convention-content.js';
import { unflatten } from './flattened.js';
import {
  isRecord,
  messageFrom,
  messagesFromValue,
  parseArguments,
  parseJsonString,
  textFromValue,
  toolCallFrom,
} from './messages.js';
import { decideRole } from './role.js';

export type { ConventionContent, ConventionInput } from './convention-content.js';
export { messagesFromValue, textFromValue } from './messages.js';

/** Attribute prefixes whose keys are flattened lists (OpenInference, OpenLLMetry's indexed gen_ai form). */
const flattenedPrefixes = [
  'llm.input_messages',
  'llm.output_messages',
  'retrieval.documents',
  'reranker.output_documents',
  'reranker.input_documents',
  'gen_ai.prompt',
  'gen_ai.completion',
] as const;
type FlattenedPrefix = (typeof flattenedPrefixes)[number];

function str(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function num(value: JsonValue | undefined): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

function first<T>(...values: Array<T | null | undefined>): T | null {
  for (const value of values) if (value !== null && value !== undefined) return value;
  return null;
}

/**
 * Decodes the semantic conventions a span's attributes and events follow (OpenTelemetry GenAI current
 * and deprecated, OpenInference, OpenLLMetry, Vercel AI SDK, Azure AI / Semantic Kernel events) into
 * the model's fields. One pass over the keys; JSON strings are parsed defensively (bad JSON stays text).
 */
export function decodeConventions(input: ConventionInput): ConventionContent {
  const attributes = input.attributes;
  const flattenedKeys = new Map<FlattenedPrefix, string[]>();
  for (const key of Object.keys(attributes)) {
    for (const prefix of flattenedPrefixes) {
      if (key.length > prefix.length && key.startsWith(prefix) && key[prefix.length] === '.') {
        const list = flattenedKeys.get(prefix);
        if (list) list.push(key);
        else flattenedKeys.set(prefix, [key]);
        break;
      }
    }
  }
  const flattened = (prefix: FlattenedPrefix): JsonValue => {
    const keys = flattenedKeys.get(prefix);
    return keys ? unflatten(attributes, keys, prefix) : null;
  };

  const role = decideRole(input.name, input.kind, attributes, input.sourceType ?? null);
  // The order Langfuse's ingestion uses (FORMATS.md D.6) for inputs and outputs recorded without a message convention.
  const genericInput = first(
    optionalParsed(attributes['mlflow.spanInputs']),
    optionalParsed(attributes['traceloop.entity.input']),
    optionalParsed(attributes['input.value']),
    optionalParsed(attributes.input),
  );
  const genericOutput = first(
    optionalParsed(attributes['mlflow.spanOutputs']),
    optionalParsed(attributes['traceloop.entity.output']),
    optionalParsed(attributes['output.value']),
    optionalParsed(attributes.output),
    attributes['ai.response.text'] === undefined ? null : attributes['ai.response.text'],
  );

  const inputMessages = readInputMessages(input, flattened, role, genericInput);
  const outputMessages = readOutputMessages(input, flattened, role, genericOutput);
  const systemInstructions = readSystemInstructions(attributes, inputMessages);

  const notCaptured: CaptureGap[] = [];
  const tool = role === 'tool' ? readTool(input, genericInput, genericOutput) : null;
  if (tool && tool.arguments === null) notCaptured.push('tool-arguments');
  if (tool && tool.result === null) notCaptured.push('tool-result');

  const retrieval =
    role === 'retrieval' || role === 'rerank'
      ? readRetrieval(attributes, flattened, genericInput, genericOutput)
      : null;
  if (retrieval && retrieval.query === null) notCaptured.push('retrieval-query');
  if (retrieval && retrieval.documents.length === 0 && !hasEmptyDocumentList(attributes, genericOutput)) {
    notCaptured.push('retrieval-documents');
  }

  if (role === 'llm') {
    if (inputMessages.length === 0) notCaptured.push('input-messages');
    if (outputMessages.length === 0) notCaptured.push('output-messages');
  }

  const userMessage = inputMessages.find((message) => message.role === 'user' && message.text !== '');
  const userRequest = role === 'agent' ? first(userMessage?.text, textFromValue(genericInput ?? undefined)) : null;

  const finishReasons = attributes['gen_ai.response.finish_reasons'];
  const finishReason = first(
    Array.isArray(finishReasons) ? str(finishReasons[0]) : str(parseFinishReason(finishReasons)),
    str(attributes['gen_ai.response.finish_reason']),
    str(attributes['llm.finish_reason']),
    str(attributes['ai.response.finishReason']),
    str(attributes['gen_ai.completion.0.finish_reason']),
    outputMessages.find((message) => message.finishReason !== null)?.finishReason,
  );

  const inputTokens = first(
    num(attributes['gen_ai.usage.input_tokens']),
    num(attributes['gen_ai.usage.prompt_tokens']),
    num(attributes['llm.token_count.prompt']),
    num(attributes['ai.usage.promptTokens']),
  );
  const outputTokens = first(
    num(attributes['gen_ai.usage.output_tokens']),
    num(attributes['gen_ai.usage.completion_tokens']),
    num(attributes['llm.token_count.completion']),
    num(attributes['ai.usage.completionTokens']),
  );
  const totalTokens = first(num(attributes['llm.token_count.total']), num(attributes['llm.usage.total_tokens']));

  return {
    role,
    httpStatus: first(
      num(attributes['http.response.status_code']),
      num(attributes['http.status_code']),
      num(attributes['rpc.http.status_code']),
    ),
    model: first(
      str(attributes['gen_ai.response.model']),
      str(attributes['gen_ai.request.model']),
      str(attributes['llm.model_name']),
      str(attributes['ai.model.id']),
    ),
    finishReason,
    usage:
      inputTokens === null && outputTokens === null && totalTokens === null
        ? null
        : { inputTokens, outputTokens, totalTokens },
    inputMessages,
    outputMessages,
    systemInstructions,
    userRequest,
    tool,
    retrieval,
    plan: readPlan(attributes),
    input: genericInput,
    output: genericOutput,
    exceptions: readExceptions(input),
    notCaptured,
  };
}

function optionalParsed(value: JsonValue | undefined): JsonValue {
  return value === undefined ? null : parseJsonString(value);
}

function parseFinishReason(value: JsonValue | undefined): JsonValue {
  const parsed = parseJsonString(value);
  return Array.isArray(parsed) ? (parsed[0] ?? null) : parsed;
}

function readInputMessages(
  input: ConventionInput,
  flattened: (prefix: FlattenedPrefix) => JsonValue,
  role: SpanRole,
  genericInput: JsonValue,
): Message[] {
  const attributes = input.attributes;
  if (attributes['gen_ai.input.messages'] !== undefined)
    return messagesFromValue(attributes['gen_ai.input.messages'], 'user');
  const openInference = flattened('llm.input_messages');
  if (Array.isArray(openInference)) return openInferenceMessages(openInference, 'user');
  const indexed = flattened('gen_ai.prompt');
  if (Array.isArray(indexed)) return indexedMessages(indexed, 'user');
  if (typeof attributes['gen_ai.prompt'] === 'string') return messagesFromValue(attributes['gen_ai.prompt'], 'user');
  const fromEvents = eventMessages(input, 'input');
  if (fromEvents.length > 0) return fromEvents;
  if (attributes['ai.prompt.messages'] !== undefined)
    return messagesFromValue(attributes['ai.prompt.messages'], 'user');
  if (attributes['ai.prompt'] !== undefined) {
    const prompt = parseJsonString(attributes['ai.prompt']);
    if (isRecord(prompt)) {
      const messages = messagesFromValue(prompt.messages ?? null, 'user');
      const system = str(prompt.system);
      const text = str(prompt.prompt);
      return [
        ...(system ? [{ role: 'system', text: system, toolCalls: [], toolCallId: null, finishReason: null }] : []),
        ...messages,
        ...(text ? [{ role: 'user', text, toolCalls: [], toolCallId: null, finishReason: null }] : []),
      ];
    }
    return messagesFromValue(prompt, 'user');
  }
  if (role === 'llm' && genericInput !== null) return messagesFromValue(genericInput, 'user');
  return [];
}

function readOutputMessages(
  input: ConventionInput,
  flattened: (prefix: FlattenedPrefix) => JsonValue,
  role: SpanRole,
  genericOutput: JsonValue,
): Message[] {
  const attributes = input.attributes;
  if (attributes['gen_ai.output.messages'] !== undefined)
    return messagesFromValue(attributes['gen_ai.output.messages'], 'assistant');
  const openInference = flattened('llm.output_messages');
  if (Array.isArray(openInference)) return openInferenceMessages(openInference, 'assistant');
  const indexed = flattened('gen_ai.completion');
  if (Array.isArray(indexed)) return indexedMessages(indexed, 'assistant');
  if (typeof attributes['gen_ai.completion'] === 'string')
    return messagesFromValue(attributes['gen_ai.completion'], 'assistant');
  const fromEvents = eventMessages(input, 'output');
  if (fromEvents.length > 0) return fromEvents;
  const vercelText = str(attributes['ai.response.text']);
  const vercelCalls = parseJsonString(attributes['ai.response.toolCalls']);
  if (vercelText !== null || Array.isArray(vercelCalls)) {
    const toolCalls = Array.isArray(vercelCalls)
      ? vercelCalls.map(toolCallFrom).filter((call): call is ToolCall => call !== null)
      : [];
    return [{ role: 'assistant', text: vercelText ?? '', toolCalls, toolCallId: null, finishReason: null }];
  }
  if (role === 'llm' && genericOutput !== null) return messagesFromValue(genericOutput, 'assistant');
  return [];
}

/** OpenInference: `[{message: {role, content, contents, tool_calls: [{tool_call: {id, function: {name, arguments}}}]}}]`. */
function openInferenceMessages(list: JsonValue[], defaultRole: string): Message[] {
  const messages: Message[] = [];
  for (const item of list) {
    const message = isRecord(item) && isRecord(item.message) ? item.message : null;
    if (!message) continue;
    const contents = Array.isArray(message.contents)
      ? message.contents
          .map((entry) => (isRecord(entry) && isRecord(entry.message_content) ? str(entry.message_content.text) : null))
          .filter((text): text is string => text !== null)
      : [];
    const toolCalls = Array.isArray(message.tool_calls)
      ? message.tool_calls
          .map((entry) => (isRecord(entry) && isRecord(entry.tool_call) ? toolCallFrom(entry.tool_call) : null))
          .filter((call): call is ToolCall => call !== null)
      : [];
    messages.push({
      role: str(message.role) ?? defaultRole,
      text: str(message.content) ?? contents.join('\n'),
      toolCalls,
      toolCallId: str(message.tool_call_id),
      finishReason: null,
    });
  }
  return messages;
}

/** OpenLLMetry's indexed form: `gen_ai.prompt.N.role|content`, `gen_ai.completion.N.tool_calls.M.{id,name,arguments}`. */
function indexedMessages(list: JsonValue[], defaultRole: string): Message[] {
  const messages: Message[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const toolCalls = Array.isArray(item.tool_calls)
      ? item.tool_calls.map(toolCallFrom).filter((call): call is ToolCall => call !== null)
      : [];
    messages.push({
      role: str(item.role) ?? defaultRole,
      text: textFromValue(item.content ?? null) ?? '',
      toolCalls,
      toolCallId: str(item.tool_call_id),
      finishReason: str(item.finish_reason),
    });
  }
  return messages;
}

const inputEventRoles: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
  'gen_ai.content.prompt': 'user',
};

/** Deprecated per-message events, Semantic Kernel's content events, and the inference-details event. */
function eventMessages(input: ConventionInput, direction: 'input' | 'output'): Message[] {
  const messages: Message[] = [];
  for (const event of input.events) {
    if (direction === 'input' && event.name in inputEventRoles) {
      const body = parseJsonString(
        event.attributes['gen_ai.event.content'] ??
          event.attributes.content ??
          event.attributes['gen_ai.prompt'] ??
          null,
      );
      const message = messageFrom(isRecord(body) ? body : { content: body }, inputEventRoles[event.name] as string);
      if (message) messages.push(message);
    } else if (
      direction === 'output' &&
      (event.name === 'gen_ai.choice' || event.name === 'gen_ai.content.completion')
    ) {
      const body = parseJsonString(
        event.attributes['gen_ai.event.content'] ??
          event.attributes.message ??
          event.attributes['gen_ai.completion'] ??
          null,
      );
      const inner =
        isRecord(body) && isRecord(body.message)
          ? { ...body.message, tool_calls: body.tool_calls ?? body.message.tool_calls ?? null }
          : body;
      const message = messageFrom(isRecord(inner) ? inner : { content: inner }, 'assistant');
      if (message) {
        if (isRecord(body)) message.finishReason = str(body.finish_reason) ?? message.finishReason;
        messages.push(message);
      }
    } else if (event.name === 'gen_ai.client.inference.operation.details') {
      const key = direction === 'input' ? 'gen_ai.input.messages' : 'gen_ai.output.messages';
      if (event.attributes[key] !== undefined)
        messages.push(...messagesFromValue(event.attributes[key], direction === 'input' ? 'user' : 'assistant'));
    } else if (event.name === 'gen_ai.run_step.tool_calls' && direction === 'output') {
      const body = parseJsonString(event.attributes['gen_ai.event.content'] ?? null);
      const calls =
        isRecord(body) && Array.isArray(body.tool_calls)
          ? body.tool_calls.map(toolCallFrom).filter((call): call is ToolCall => call !== null)
          : [];
      if (calls.length > 0)
        messages.push({ role: 'assistant', text: '', toolCalls: calls, toolCallId: null, finishReason: null });
    }
  }
  return messages;
}

function readSystemInstructions(attributes: Record<string, JsonValue>, inputMessages: Message[]): string | null {
  const instructions = attributes['gen_ai.system_instructions'];
  if (instructions !== undefined) {
    const parsed = parseJsonString(instructions);
    const text = textFromValue(parsed);
    if (text) return text;
  }
  const systemTexts = inputMessages
    .filter((message) => message.role === 'system' || message.role === 'developer')
    .map((message) => message.text);
  return systemTexts.length > 0 ? systemTexts.join('\n') : null;
}

function readTool(
  input: ConventionInput,
  genericInput: JsonValue,
  genericOutput: JsonValue,
): ConventionContent['tool'] {
  const attributes = input.attributes;
  const name = first(
    str(attributes['gen_ai.tool.name']),
    str(attributes['tool.name']),
    str(attributes['ai.toolCall.name']),
    str(attributes['traceloop.entity.name']),
    input.name.replace(/^(execute_tool|tool|ai\.toolCall)[ .:]+/, '') || null,
  ) as string;
  const argumentsValue = first(
    attributes['gen_ai.tool.call.arguments'] === undefined
      ? null
      : parseArguments(attributes['gen_ai.tool.call.arguments']),
    attributes['ai.toolCall.args'] === undefined ? null : parseArguments(attributes['ai.toolCall.args']),
    attributes.tool_arguments === undefined ? null : parseArguments(attributes.tool_arguments),
    attributes['gcp.vertex.agent.tool_call_args'] === undefined
      ? null
      : parseArguments(attributes['gcp.vertex.agent.tool_call_args']),
    genericInput,
  );
  const result = first(
    attributes['gen_ai.tool.call.result'] === undefined ? null : parseArguments(attributes['gen_ai.tool.call.result']),
    attributes['ai.toolCall.result'] === undefined ? null : parseArguments(attributes['ai.toolCall.result']),
    attributes.tool_response === undefined ? null : parseArguments(attributes.tool_response),
    attributes['gcp.vertex.agent.tool_response'] === undefined
      ? null
      : parseArguments(attributes['gcp.vertex.agent.tool_response']),
    genericOutput,
  );
  return {
    name,
    callId: first(
      str(attributes['gen_ai.tool.call.id']),
      str(attributes['tool.id']),
      str(attributes['ai.toolCall.id']),
    ),
    arguments: unwrapTraceloopArguments(argumentsValue),
    result,
  };
}

/** OpenLLMetry's Python decorators write `{"args": [...], "kwargs": {...}}`; the kwargs are the arguments. */
function unwrapTraceloopArguments(value: JsonValue): JsonValue {
  if (
    isRecord(value) &&
    'kwargs' in value &&
    isRecord(value.kwargs) &&
    Object.keys(value).every((key) => key === 'args' || key === 'kwargs')
  ) {
    const positional = Array.isArray(value.args) ? value.args : [];
    return positional.length === 0 ? value.kwargs : value;
  }
  return value;
}

function documentFrom(value: JsonValue): RetrievedDocument | null {
  const document = isRecord(value) && isRecord(value.document) ? value.document : value;
  if (typeof document === 'string') return { id: null, content: document, score: null, metadata: null };
  if (!isRecord(document)) return null;
  return {
    id: str(document.id),
    content: str(document.content ?? document.text ?? document.page_content) ?? '',
    score: num(document.score),
    metadata: document.metadata === undefined ? null : parseJsonString(document.metadata),
  };
}

function readRetrieval(
  attributes: Record<string, JsonValue>,
  flattened: (prefix: FlattenedPrefix) => JsonValue,
  genericInput: JsonValue,
  genericOutput: JsonValue,
): ConventionContent['retrieval'] {
  const listed = first(
    flattened('reranker.output_documents'),
    flattened('retrieval.documents'),
    attributes['gen_ai.retrieval.documents'] === undefined
      ? null
      : parseJsonString(attributes['gen_ai.retrieval.documents']),
    Array.isArray(genericOutput)
      ? genericOutput
      : isRecord(genericOutput) && Array.isArray(genericOutput.documents)
        ? genericOutput.documents
        : null,
  );
  const documents = Array.isArray(listed)
    ? listed.map(documentFrom).filter((document): document is RetrievedDocument => document !== null)
    : [];
  const query = first(
    str(attributes['gen_ai.retrieval.query.text']),
    str(attributes['reranker.query']),
    typeof genericInput === 'string'
      ? genericInput
      : isRecord(genericInput)
        ? str(genericInput.query ?? genericInput.input ?? genericInput.question)
        : null,
  );
  return { query, documents };
}

function hasEmptyDocumentList(attributes: Record<string, JsonValue>, genericOutput: JsonValue): boolean {
  const documents = parseJsonString(attributes['gen_ai.retrieval.documents'] ?? null);
  if (Array.isArray(documents)) return true;
  if (Array.isArray(genericOutput)) return true;
  if (isRecord(genericOutput) && Array.isArray(genericOutput.documents)) return true;
  return false;
}

function readPlan(attributes: Record<string, JsonValue>): string[] | null {
  const raw =
    attributes['agent.plan'] ?? attributes['gen_ai.agent.plan'] ?? attributes['plan.steps'] ?? attributes.steps;
  if (raw === undefined) return null;
  const parsed = parseJsonString(raw);
  if (Array.isArray(parsed)) return parsed.map((step) => (typeof step === 'string' ? step : JSON.stringify(step)));
  return typeof parsed === 'string' ? [parsed] : null;
}

function readExceptions(input: ConventionInput): SpanException[] {
  const exceptions: SpanException[] = [];
  for (const event of input.events) {
    if (event.name !== 'exception' && event.name !== 'gen_ai.client.operation.exception') continue;
    exceptions.push({
      type: str(event.attributes['exception.type']),
      message: str(event.attributes['exception.message']),
      stacktrace: str(event.attributes['exception.stacktrace']),
    });
  }
  const errorMessage = str(input.attributes['error.message']) ?? str(input.attributes['run.last_error.message']);
  if (errorMessage)
    exceptions.push({ type: str(input.attributes['error.type']), message: errorMessage, stacktrace: null });
  return exceptions;
}
