import type { JsonValue } from '../json-value.js';
import type { Message, ToolCall } from '../span.js';
import { isRecord, messagesFromValue, parseJsonString, toolCallFrom } from './messages.js';
import { str } from './values.js';

/** Vercel AI SDK prompts: `ai.prompt.messages` (doGenerate/doStream) or `ai.prompt` `{system, prompt, messages}`; null when neither is set. */
export function vercelInputMessages(attributes: Record<string, JsonValue>): Message[] | null {
  if (attributes['ai.prompt.messages'] !== undefined)
    return messagesFromValue(attributes['ai.prompt.messages'], 'user');
  if (attributes['ai.prompt'] === undefined) return null;
  const prompt = parseJsonString(attributes['ai.prompt']);
  if (!isRecord(prompt)) return messagesFromValue(prompt, 'user');
  const messages = messagesFromValue(prompt.messages ?? null, 'user');
  const system = str(prompt.system);
  const text = str(prompt.prompt);
  return [
    ...(system ? [{ role: 'system', text: system, toolCalls: [], toolCallId: null, finishReason: null }] : []),
    ...messages,
    ...(text ? [{ role: 'user', text, toolCalls: [], toolCallId: null, finishReason: null }] : []),
  ];
}

/** Vercel AI SDK responses: `ai.response.text` and `ai.response.toolCalls` (a JSON list); null when neither is set. */
export function vercelOutputMessages(attributes: Record<string, JsonValue>): Message[] | null {
  const text = str(attributes['ai.response.text']);
  const calls = parseJsonString(attributes['ai.response.toolCalls']);
  if (text === null && !Array.isArray(calls)) return null;
  const toolCalls = Array.isArray(calls)
    ? calls.map(toolCallFrom).filter((call): call is ToolCall => call !== null)
    : [];
  return [{ role: 'assistant', text: text ?? '', toolCalls, toolCallId: null, finishReason: null }];
}
