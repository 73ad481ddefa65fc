import type { JsonValue } from '../json-value.js';
import type { Message, ToolCall } from '../span.js';
import { isRecord, toolCallFrom } from './messages.js';
import { str } from './values.js';

/** OpenInference: `[{message: {role, content, contents, tool_calls: [{tool_call: {id, function: {name, arguments}}}]}}]`. */
export function openInferenceMessages(list: JsonValue[], defaultRole: string): Message[] {
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
