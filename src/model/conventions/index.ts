import { emptyList } from '../empty-list.js';
import type { JsonValue } from '../json-value.js';
import type { CaptureGap, Message, RetrievedDocument, SpanRole } from '../span.js';
import type { ConventionContent, ConventionInput } from './convention-content.js';
import { readExceptions } from './exceptions.js';
import { type FlattenedKeys, flattenedKeysOf, flattenedValue } from './flattened.js';
import { readHttpStatus } from './http-status.js';
import { isRecord, messagesFromValue, parseArguments, parseJsonString, textFromValue } from './messages.js';
import { openInferenceMessages } from './openinference.js';
import { eventMessages, indexedMessages } from './otel-genai-deprecated.js';
import { decideRole } from './role.js';
import { num, str } from './values.js';
import { vercelInputMessages, vercelOutputMessages } from './vercel-ai.js';

export type { ConventionContent, ConventionInput } from './convention-content.js';
export { messagesFromValue, textFromValue } from './messages.js';

/**
 * Decodes the semantic conventions a span's attributes and events follow (OpenTelemetry GenAI current
 * and deprecated, OpenInference, OpenLLMetry, Vercel AI SDK, Azure AI / Semantic Kernel events) into
 * the model's fields. One pass over the keys; JSON strings are parsed defensively (bad JSON stays text).
 * Alternatives are chained with `??` (first one recorded wins) rather than collected: this runs for every span.
 */
export function decodeConventions(input: ConventionInput): ConventionContent {
  const attributes = input.attributes;
  const flattenedKeys = flattenedKeysOf(attributes);

  const decidedRole = decideRole(input.name, input.kind, attributes, input.sourceType ?? null);
  // The order Langfuse's ingestion uses (FORMATS.md D.6) for inputs and outputs recorded without a message convention.
  const genericInput =
    parseJsonString(attributes['mlflow.spanInputs']) ??
    parseJsonString(attributes['traceloop.entity.input']) ??
    parseJsonString(attributes['input.value']) ??
    parseJsonString(attributes.input);
  const genericOutput =
    parseJsonString(attributes['mlflow.spanOutputs']) ??
    parseJsonString(attributes['traceloop.entity.output']) ??
    parseJsonString(attributes['output.value']) ??
    parseJsonString(attributes.output) ??
    attributes['ai.response.text'] ??
    null;
  const plannedSteps = plannerSteps(input.name, decidedRole, genericOutput);
  const role = plannedSteps !== null ? 'plan' : decidedRole;

  const inputMessages = readInputMessages(input, flattenedKeys, role, genericInput);
  const outputMessages = readOutputMessages(input, flattenedKeys, role, genericOutput);
  const systemInstructions = readSystemInstructions(attributes, inputMessages);

  // Most spans miss nothing: the list is made only when a gap is found.
  let notCaptured: CaptureGap[] | null = null;
  const tool = role === 'tool' ? readTool(input, genericInput, genericOutput) : null;
  if (tool && tool.arguments === null) notCaptured = withGap(notCaptured, 'tool-arguments');
  if (tool && tool.result === null) notCaptured = withGap(notCaptured, 'tool-result');

  let retrieval: ConventionContent['retrieval'] = null;
  if (role === 'retrieval' || role === 'rerank') {
    const documentsAttribute = parseJsonString(attributes['gen_ai.retrieval.documents']);
    retrieval = readRetrieval(attributes, flattenedKeys, documentsAttribute, genericInput, genericOutput);
    if (retrieval.query === null) notCaptured = withGap(notCaptured, 'retrieval-query');
    if (retrieval.documents.length === 0 && !hasEmptyDocumentList(documentsAttribute, genericOutput)) {
      notCaptured = withGap(notCaptured, 'retrieval-documents');
    }
  }

  if (role === 'llm') {
    if (inputMessages.length === 0) notCaptured = withGap(notCaptured, 'input-messages');
    if (outputMessages.length === 0) notCaptured = withGap(notCaptured, 'output-messages');
  }

  // An agent span's input is the request; an LLM span speaks for the user only when nothing sits above it.
  const userRequest =
    role === 'agent'
      ? (firstUserText(inputMessages) ?? textFromValue(genericInput ?? undefined))
      : role === 'llm' && input.isRoot === true
        ? firstUserText(inputMessages)
        : null;
  if (input.isRoot === true && (role === 'agent' || role === 'llm') && userRequest === null)
    notCaptured = withGap(notCaptured, 'user-request');

  const finishReasons = attributes['gen_ai.response.finish_reasons'];
  const finishReason =
    (Array.isArray(finishReasons) ? str(finishReasons[0]) : str(parseFinishReason(finishReasons))) ??
    str(attributes['gen_ai.response.finish_reason']) ??
    str(attributes['llm.finish_reason']) ??
    str(attributes['ai.response.finishReason']) ??
    str(attributes['gen_ai.completion.0.finish_reason']) ??
    firstFinishReason(outputMessages);

  const inputTokens =
    num(attributes['gen_ai.usage.input_tokens']) ??
    num(attributes['gen_ai.usage.prompt_tokens']) ??
    num(attributes['llm.token_count.prompt']) ??
    num(attributes['ai.usage.promptTokens']);
  const outputTokens =
    num(attributes['gen_ai.usage.output_tokens']) ??
    num(attributes['gen_ai.usage.completion_tokens']) ??
    num(attributes['llm.token_count.completion']) ??
    num(attributes['ai.usage.completionTokens']);
  const totalTokens = num(attributes['llm.token_count.total']) ?? num(attributes['llm.usage.total_tokens']);

  return {
    role,
    httpStatus: readHttpStatus(attributes),
    model:
      str(attributes['gen_ai.response.model']) ??
      str(attributes['gen_ai.request.model']) ??
      str(attributes['llm.model_name']) ??
      str(attributes['ai.model.id']),
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
    plan: readPlan(attributes) ?? plannedSteps ?? (role === 'plan' ? planFromOutput(genericOutput) : null),
    input: genericInput,
    output: genericOutput,
    exceptions: readExceptions(input),
    notCaptured: notCaptured ?? emptyList(),
  };
}

function withGap(gaps: CaptureGap[] | null, gap: CaptureGap): CaptureGap[] {
  const list = gaps ?? [];
  list.push(gap);
  return list;
}

// Loops over message lists go by index: they are often the shared frozen empty list, which for-of
// walks through an allocated iterator.

/** The text of the first user message that has any. */
function firstUserText(messages: readonly Message[]): string | null {
  for (let index = 0; index < messages.length; index += 1) {
    const message = messages[index] as Message;
    if (message.role === 'user' && message.text !== '') return message.text;
  }
  return null;
}

function firstFinishReason(messages: readonly Message[]): string | null {
  for (let index = 0; index < messages.length; index += 1) {
    const finishReason = (messages[index] as Message).finishReason;
    if (finishReason !== null) return finishReason;
  }
  return null;
}

function parseFinishReason(value: JsonValue | undefined): JsonValue {
  const parsed = parseJsonString(value);
  return Array.isArray(parsed) ? (parsed[0] ?? null) : parsed;
}

function readInputMessages(
  input: ConventionInput,
  flattenedKeys: FlattenedKeys,
  role: SpanRole,
  genericInput: JsonValue,
): Message[] {
  const attributes = input.attributes;
  if (attributes['gen_ai.input.messages'] !== undefined)
    return messagesFromValue(attributes['gen_ai.input.messages'], 'user');
  const openInference = flattenedValue(attributes, flattenedKeys, 'llm.input_messages');
  if (Array.isArray(openInference)) return openInferenceMessages(openInference, 'user');
  const indexed = flattenedValue(attributes, flattenedKeys, 'gen_ai.prompt');
  if (Array.isArray(indexed)) return indexedMessages(indexed, 'user');
  if (typeof attributes['gen_ai.prompt'] === 'string') return messagesFromValue(attributes['gen_ai.prompt'], 'user');
  const fromEvents = eventMessages(input, 'input');
  if (fromEvents.length > 0) return fromEvents;
  const vercelInput = vercelInputMessages(attributes);
  if (vercelInput) return vercelInput;
  if (role === 'llm' && genericInput !== null) return messagesFromValue(genericInput, 'user');
  return emptyList();
}

function readOutputMessages(
  input: ConventionInput,
  flattenedKeys: FlattenedKeys,
  role: SpanRole,
  genericOutput: JsonValue,
): Message[] {
  const attributes = input.attributes;
  if (attributes['gen_ai.output.messages'] !== undefined)
    return messagesFromValue(attributes['gen_ai.output.messages'], 'assistant');
  const openInference = flattenedValue(attributes, flattenedKeys, 'llm.output_messages');
  if (Array.isArray(openInference)) return openInferenceMessages(openInference, 'assistant');
  const indexed = flattenedValue(attributes, flattenedKeys, 'gen_ai.completion');
  if (Array.isArray(indexed)) return indexedMessages(indexed, 'assistant');
  if (typeof attributes['gen_ai.completion'] === 'string')
    return messagesFromValue(attributes['gen_ai.completion'], 'assistant');
  const fromEvents = eventMessages(input, 'output');
  if (fromEvents.length > 0) return fromEvents;
  const vercelOutput = vercelOutputMessages(attributes);
  if (vercelOutput) return vercelOutput;
  if (role === 'llm' && genericOutput !== null) return messagesFromValue(genericOutput, 'assistant');
  return emptyList();
}

function readSystemInstructions(attributes: Record<string, JsonValue>, inputMessages: Message[]): string | null {
  const instructions = attributes['gen_ai.system_instructions'];
  if (instructions !== undefined) {
    const parsed = parseJsonString(instructions);
    const text = textFromValue(parsed);
    if (text) return text;
  }
  let systemText: string | null = null;
  for (let index = 0; index < inputMessages.length; index += 1) {
    const message = inputMessages[index] as Message;
    if (message.role !== 'system' && message.role !== 'developer') continue;
    systemText = systemText === null ? message.text : `${systemText}\n${message.text}`;
  }
  return systemText;
}

const toolNamePrefix = /^(execute_tool|tool|ai\.toolCall)[ .:]+/;

/** Where each convention records a tool call's arguments and its result, in order of precedence. */
const toolArgumentKeys = [
  'gen_ai.tool.call.arguments',
  'ai.toolCall.args',
  'tool_arguments',
  'gcp.vertex.agent.tool_call_args',
] as const;
const toolResultKeys = [
  'gen_ai.tool.call.result',
  'ai.toolCall.result',
  'tool_response',
  'gcp.vertex.agent.tool_response',
] as const;

/** The first of these attributes that is recorded, parsed when it is a JSON string. */
function firstParsed(attributes: Record<string, JsonValue>, keys: readonly string[]): JsonValue {
  for (let index = 0; index < keys.length; index += 1) {
    const value = parseArguments(attributes[keys[index] as string]);
    if (value !== null) return value;
  }
  return null;
}

function readTool(
  input: ConventionInput,
  genericInput: JsonValue,
  genericOutput: JsonValue,
): ConventionContent['tool'] {
  const attributes = input.attributes;
  const name = (str(attributes['gen_ai.tool.name']) ??
    str(attributes['tool.name']) ??
    str(attributes['ai.toolCall.name']) ??
    str(attributes['traceloop.entity.name']) ??
    (input.name.replace(toolNamePrefix, '') || null)) as string;
  const argumentsValue = firstParsed(attributes, toolArgumentKeys) ?? genericInput;
  const result = firstParsed(attributes, toolResultKeys) ?? genericOutput;
  return {
    name,
    callId: str(attributes['gen_ai.tool.call.id']) ?? str(attributes['tool.id']) ?? str(attributes['ai.toolCall.id']),
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

/** The document list a generic output holds: the output itself, or its `documents`. */
function outputDocumentList(genericOutput: JsonValue): JsonValue[] | null {
  if (Array.isArray(genericOutput)) return genericOutput;
  return isRecord(genericOutput) && Array.isArray(genericOutput.documents) ? genericOutput.documents : null;
}

function readRetrieval(
  attributes: Record<string, JsonValue>,
  flattenedKeys: FlattenedKeys,
  documentsAttribute: JsonValue,
  genericInput: JsonValue,
  genericOutput: JsonValue,
): NonNullable<ConventionContent['retrieval']> {
  const listed =
    flattenedValue(attributes, flattenedKeys, 'reranker.output_documents') ??
    flattenedValue(attributes, flattenedKeys, 'retrieval.documents') ??
    documentsAttribute ??
    outputDocumentList(genericOutput);
  const documents = Array.isArray(listed)
    ? listed.map(documentFrom).filter((document): document is RetrievedDocument => document !== null)
    : [];
  const query =
    str(attributes['gen_ai.retrieval.query.text']) ??
    str(attributes['reranker.query']) ??
    (typeof genericInput === 'string'
      ? genericInput
      : isRecord(genericInput)
        ? str(genericInput.query ?? genericInput.input ?? genericInput.question)
        : null);
  return { query, documents };
}

function hasEmptyDocumentList(documentsAttribute: JsonValue, genericOutput: JsonValue): boolean {
  return Array.isArray(documentsAttribute) || outputDocumentList(genericOutput) !== null;
}

const plannerName = /\b(plan|planner|planning)\b/i;

/**
 * The steps of an agent node named as the planner that returns a list of steps (`{steps: [...]}`), or null:
 * agent frameworks type every graph node as an agent, and such a node is the plan whatever its type.
 */
export function plannerSteps(name: string, role: SpanRole, output: JsonValue | null): string[] | null {
  return role === 'agent' && output !== null && plannerName.test(name) ? planFromOutput(output) : null;
}

/** A planner's output as frameworks write it: a list of steps, or `{steps | plan | tasks: [...]}`. */
function planFromOutput(output: JsonValue): string[] | null {
  const parsed = parseJsonString(output);
  const list = Array.isArray(parsed)
    ? parsed
    : isRecord(parsed)
      ? (parsed.steps ?? parsed.plan ?? parsed.tasks ?? null)
      : null;
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.map((step) => (typeof step === 'string' ? step : JSON.stringify(step)));
}

function readPlan(attributes: Record<string, JsonValue>): string[] | null {
  const raw =
    attributes['agent.plan'] ?? attributes['gen_ai.agent.plan'] ?? attributes['plan.steps'] ?? attributes.steps;
  if (raw === undefined) return null;
  const parsed = parseJsonString(raw);
  if (Array.isArray(parsed)) return parsed.map((step) => (typeof step === 'string' ? step : JSON.stringify(step)));
  return typeof parsed === 'string' ? [parsed] : null;
}
