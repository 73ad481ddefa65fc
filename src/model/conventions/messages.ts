import { emptyList } from '../empty-list.js';
import type { JsonValue } from '../json-value.js';
import type { Message, ToolCall } from '../span.js';

type JsonRecord = { [key: string]: JsonValue };

export function isRecord(value: JsonValue | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a JSON string value; anything else (or bad JSON) is returned unchanged. */
const openBrace = 123;

export function parseJsonString(value: JsonValue | undefined): JsonValue {
  if (value === undefined) return null;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text[0] !== '{' && text[0] !== '[') return value;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return value;
  }
}

function stringOf(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Tool-call arguments, parsed when they are a JSON string. */
export function parseArguments(value: JsonValue | undefined): JsonValue {
  if (value === undefined) return null;
  return parseJsonString(value);
}

export function toolCallFrom(value: JsonValue): ToolCall | null {
  if (!isRecord(value)) return null;
  const fn = isRecord(value.function) ? value.function : null;
  const name = stringOf(fn?.name ?? value.name ?? value.toolName ?? value.tool_name);
  if (!name) return null;
  return {
    id: stringOf(value.id ?? value.toolCallId ?? value.tool_call_id ?? value.call_id),
    name,
    arguments: parseArguments(fn?.arguments ?? value.arguments ?? value.args ?? value.input ?? null),
  };
}

/** Text of a content value: a string, a list of parts, or `{text}` / `{content}`. */
export function textFromValue(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const texts = value
      .map((item) => textFromValue(item))
      .filter((text): text is string => text !== null && text !== '');
    return texts.length > 0 ? texts.join('\n') : null;
  }
  if (value.type === 'tool_call' || value.type === 'tool-call' || value.type === 'function_call') return null;
  const direct =
    value.content ??
    value.text ??
    value.value ??
    value.message ??
    value.prompt ??
    value.input ??
    value.query ??
    value.question ??
    value.new_message ??
    value.user_input ??
    value.parts;
  if (direct !== undefined) return textFromValue(direct);
  if (Array.isArray(value.messages)) {
    const users = value.messages.filter((message) => isRecord(message) && message.role === 'user');
    return textFromValue(users[users.length - 1] ?? value.messages[value.messages.length - 1]);
  }
  // OpenLLMetry records a decorated Python function's call as `{"args": [...], "kwargs": {...}}`.
  if (isRecord(value.kwargs) || Array.isArray(value.args)) {
    const keywords = isRecord(value.kwargs) ? value.kwargs : {};
    const named = textFromValue(keywords) ?? onlyString(Object.values(keywords));
    if (named) return named;
    return Array.isArray(value.args) ? onlyString(value.args) : null;
  }
  return null;
}

/** The one string among the values, when there is exactly one: the argument that carries the request. */
function onlyString(values: readonly JsonValue[]): string | null {
  const strings = values.filter((item): item is string => typeof item === 'string' && item.trim() !== '');
  return strings.length === 1 ? (strings[0] as string) : null;
}

/**
 * One message from any common shape: OTel GenAI `{role, parts:[…]}`, OpenAI `{role, content,
 * tool_calls}`, Anthropic content blocks, Vercel `{role, content:[{type:'tool-call'}]}`.
 */
export function messageFrom(value: JsonValue, defaultRole: string): Message | null {
  if (typeof value === 'string') {
    // A list of messages each encoded as a JSON string (an array attribute of strings): the message itself.
    const decoded = value.charCodeAt(0) === openBrace ? parseJsonString(value) : value;
    if (isRecord(decoded) && typeof decoded.role === 'string' && ('parts' in decoded || 'content' in decoded))
      return messageFrom(decoded, defaultRole);
    return { role: defaultRole, text: value, toolCalls: emptyList(), toolCallId: null, finishReason: null };
  }
  if (!isRecord(value)) return null;
  const role = stringOf(value.role) ?? defaultRole;
  // Texts are joined with newlines as they come, and the call list is made only for a message that has calls.
  let toolCalls: ToolCall[] | null = null;
  let text: string | null = null;
  let toolCallId = stringOf(value.tool_call_id ?? value.toolCallId ?? (role === 'tool' ? value.id : undefined));
  const parts = Array.isArray(value.parts) ? value.parts : Array.isArray(value.content) ? value.content : null;
  if (parts) {
    for (const part of parts) {
      if (!isRecord(part)) {
        if (typeof part === 'string') text = joinText(text, part);
        continue;
      }
      const type = stringOf(part.type) ?? 'text';
      if (type === 'tool_call' || type === 'tool-call' || type === 'tool_use' || type === 'function_call') {
        const call = toolCallFrom(part);
        if (call) toolCalls = withCall(toolCalls, call);
      } else if (type === 'tool_call_response' || type === 'tool-result' || type === 'tool_result') {
        toolCallId = toolCallId ?? stringOf(part.id ?? part.toolCallId ?? part.tool_use_id);
        const response = part.response ?? part.result ?? part.output ?? part.content;
        const responseText =
          typeof response === 'string' ? response : response === undefined ? null : JSON.stringify(response);
        if (responseText) text = joinText(text, responseText);
      } else {
        const partText = stringOf(part.content ?? part.text);
        if (partText) text = joinText(text, partText);
      }
    }
  } else {
    const contentText = textFromValue(value.content ?? value.text ?? null);
    if (contentText) text = contentText;
  }
  const calls = Array.isArray(value.tool_calls)
    ? value.tool_calls
    : Array.isArray(value.toolCalls)
      ? value.toolCalls
      : null;
  for (let index = 0; calls !== null && index < calls.length; index += 1) {
    const parsed = toolCallFrom(calls[index] as JsonValue);
    // Anthropic-style messages carry each call twice: a `tool_use` content block and the `tool_calls` list.
    if (parsed && !(parsed.id !== null && hasCallId(toolCalls, parsed.id))) toolCalls = withCall(toolCalls, parsed);
  }
  return {
    role,
    text: text ?? '',
    toolCalls: toolCalls ?? emptyList(),
    toolCallId,
    finishReason: stringOf(value.finish_reason ?? value.finishReason),
  };
}

/**
 * The call list with one more call. The first call makes a list of exactly one: an empty list grown by
 * a push reserves room for sixteen, which a large trace would keep alive in every message with a call.
 */
function withCall(calls: ToolCall[] | null, call: ToolCall): ToolCall[] {
  if (calls === null) return [call];
  calls.push(call);
  return calls;
}

function joinText(text: string | null, addition: string): string {
  return text === null ? addition : `${text}\n${addition}`;
}

function hasCallId(calls: readonly ToolCall[] | null, id: string): boolean {
  if (calls === null) return false;
  for (const call of calls) if (call.id === id) return true;
  return false;
}

/** Messages from a list, a single message, `{messages:[…]}`, or plain text. */
export function messagesFromValue(value: JsonValue | undefined, defaultRole: string): Message[] {
  const parsed = parseJsonString(value ?? null);
  if (parsed === null) return [];
  if (Array.isArray(parsed)) {
    // One message is the usual list: made at its size, not grown (see withCall).
    if (parsed.length === 1) {
      const message = messageFrom(parsed[0] as JsonValue, defaultRole);
      return message === null ? [] : [message];
    }
    const messages: Message[] = [];
    for (const item of parsed) {
      const message = messageFrom(item, defaultRole);
      if (message !== null) messages.push(message);
    }
    return messages;
  }
  if (isRecord(parsed) && Array.isArray(parsed.messages)) return messagesFromValue(parsed.messages, defaultRole);
  if (isRecord(parsed) && !('role' in parsed) && !('content' in parsed) && !('parts' in parsed)) {
    const text = textFromValue(parsed);
    return text ? [{ role: defaultRole, text, toolCalls: [], toolCallId: null, finishReason: null }] : [];
  }
  const message = messageFrom(parsed, defaultRole);
  return message ? [message] : [];
}
