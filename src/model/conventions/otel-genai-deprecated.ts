import { emptyList } from '../empty-list.js';
import type { JsonValue } from '../json-value.js';
import type { Message, ToolCall } from '../span.js';
import type { ConventionInput } from './convention-content.js';
import { isRecord, messageFrom, messagesFromValue, parseJsonString, textFromValue, toolCallFrom } from './messages.js';
import { str } from './values.js';

/** OpenLLMetry's indexed form: `gen_ai.prompt.N.role|content`, `gen_ai.completion.N.tool_calls.M.{id,name,arguments}`. */
export function indexedMessages(list: JsonValue[], defaultRole: string): Message[] {
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
export function eventMessages(input: ConventionInput, direction: 'input' | 'output'): Message[] {
  if (input.events.length === 0) return emptyList();
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
