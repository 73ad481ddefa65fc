import { attributeRootCause } from '../../../src/attribution/index.js';
import { assembleTrace } from '../../../src/model/assemble-trace.js';
import { createSpan, type SpanDraft } from '../../../src/model/create-span.js';
import type { JsonValue } from '../../../src/model/json-value.js';
import type { Message, RetrievedDocument, ToolCall } from '../../../src/model/span.js';
import type { Trace } from '../../../src/model/trace.js';

/** A trace from span drafts in the order given: each starts 10 ms after the previous one. */
export function buildTrace(drafts: SpanDraft[], options: { withTimes?: boolean } = {}): Trace {
  const withTimes = options.withTimes ?? true;
  const spans = drafts.map((draft, index) =>
    createSpan({
      sourceIndex: index,
      ...(withTimes ? { startTime: 1_000 + index * 10, endTime: 1_000 + index * 10 + 5 } : {}),
      ...draft,
    }),
  );
  return assembleTrace({ traceId: 'a'.repeat(32), spans, warnings: [], traceUrl: null }, 'otlp', 'test');
}

export function user(text: string): Message {
  return { role: 'user', text, toolCalls: [], toolCallId: null, finishReason: null };
}

export function assistant(text: string, toolCalls: ToolCall[] = []): Message {
  return { role: 'assistant', text, toolCalls, toolCallId: null, finishReason: null };
}

export function toolCall(name: string, args: Record<string, string | number>): ToolCall {
  return { id: `call_${name}`, name, arguments: args };
}

export function agentSpan(id: string, request: string, answer?: string): SpanDraft {
  return {
    id,
    name: 'invoke_agent',
    role: 'agent',
    userRequest: request,
    inputMessages: [user(request)],
    outputMessages: answer === undefined ? [] : [assistant(answer)],
  };
}

export function toolSpan(
  id: string,
  name: string,
  args: Record<string, JsonValue> | null,
  result: SpanDraft['output'] = null,
  extra: SpanDraft = { id, name },
): SpanDraft {
  return {
    ...extra,
    id,
    name: `execute_tool ${name}`,
    role: 'tool',
    parentId: 'root',
    tool: { name, callId: null, arguments: args, result },
  };
}

/** A retrieval (or rerank) span under the root, with its query and the documents it returned. */
export function retrievalSpan(
  id: string,
  query: string,
  documents: RetrievedDocument[],
  role: 'retrieval' | 'rerank' = 'retrieval',
): SpanDraft {
  return {
    id,
    parentId: 'root',
    name: role === 'rerank' ? 'rerank' : 'retrieve',
    role,
    retrieval: { query, documents },
  };
}

/** A document with no metadata. */
export function retrievedDocument(id: string, content: string, score: number): RetrievedDocument {
  return { id, content, score, metadata: null };
}

/** A run where a model writes one `submit` call, optionally after a lookup whose result it read, analysed. */
export function modelCallRun(
  request: string,
  args: Record<string, string | number>,
  lookup?: SpanDraft['output'],
): ReturnType<typeof attributeRootCause> {
  const drafts: SpanDraft[] = [agentSpan('root', request, 'Done.')];
  if (lookup !== undefined) drafts.push(toolSpan('lookup', 'get_record', { id: 'R-1' }, lookup));
  drafts.push(
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('submit', args)])],
    },
    toolSpan('tool', 'submit', args, { status: 'accepted' }),
  );
  return attributeRootCause(buildTrace(drafts));
}
