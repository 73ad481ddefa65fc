import type { JsonValue } from '../json-value.js';
import type { CaptureGap, Message, RetrievedDocument, SpanRole } from '../span.js';
import type { ConventionContent, ConventionInput } from './convention-content.js';
import { readExceptions } from './exceptions.js';
import { unflatten } from './flattened.js';
import { readHttpStatus } from './http-status.js';
import { isRecord, messagesFromValue, parseArguments, parseJsonString, textFromValue } from './messages.js';
import { openInferenceMessages } from './openinference.js';
import { eventMessages, indexedMessages } from './otel-genai-deprecated.js';
import { decideRole } from './role.js';
import { first, num, str } from './values.js';
import { vercelInputMessages, vercelOutputMessages } from './vercel-ai.js';

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

/**
 * Decodes the semantic conventions a span's attributes and events follow (OpenTelemetry GenAI current
 * and deprecated, OpenInference, OpenLLMetry, Vercel AI SDK, Azure AI / Semantic Kernel events) into
 * the model's fields. One pass over the keys; JSON strings are parsed defensively (bad JSON stays text).
 */
export function decodeConventions(input: ConventionInput): ConventionContent {
  const attributes = input.attributes;
  // Most spans carry none of these prefixes: the map is made only when one appears.
  let flattenedKeys: Map<FlattenedPrefix, string[]> | null = null;
  for (const key in attributes) {
    const initial = key.charCodeAt(0);
    // `l`, `r`, `g`: the only initials the prefixes have; a cheap test before seven startsWith calls.
    if (initial !== 108 && initial !== 114 && initial !== 103) continue;
    for (const prefix of flattenedPrefixes) {
      if (key.length > prefix.length && key.startsWith(prefix) && key[prefix.length] === '.') {
        flattenedKeys ??= new Map();
        const list = flattenedKeys.get(prefix);
        if (list) list.push(key);
        else flattenedKeys.set(prefix, [key]);
        break;
      }
    }
  }
  const flattened = (prefix: FlattenedPrefix): JsonValue => {
    const keys = flattenedKeys?.get(prefix);
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
  // An agent span's input is the request; an LLM span speaks for the user only when nothing sits above it.
  const userRequest =
    role === 'agent'
      ? first(userMessage?.text, textFromValue(genericInput ?? undefined))
      : role === 'llm' && input.isRoot === true
        ? (userMessage?.text ?? null)
        : null;
  if (input.isRoot === true && (role === 'agent' || role === 'llm') && userRequest === null)
    notCaptured.push('user-request');

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
    httpStatus: readHttpStatus(attributes),
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
  const vercelInput = vercelInputMessages(attributes);
  if (vercelInput) return vercelInput;
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
  const vercelOutput = vercelOutputMessages(attributes);
  if (vercelOutput) return vercelOutput;
  if (role === 'llm' && genericOutput !== null) return messagesFromValue(genericOutput, 'assistant');
  return [];
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
