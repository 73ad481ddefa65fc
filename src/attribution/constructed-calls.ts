import type { JsonValue } from '../model/json-value.js';
import type { Span } from '../model/span.js';
import type { AnalysisContext } from './analysis-context.js';

/** One tool call as a span constructed it: by a model writing it, or by the tool span that ran it. */
export interface ConstructedCall {
  span: Span;
  name: string;
  arguments: { [key: string]: JsonValue };
}

function asRecord(value: JsonValue | null | undefined): { [key: string]: JsonValue } | null {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** The tool calls one span constructed: the calls a model span wrote, or the arguments a tool span ran with. */
export function callsOfSpan(span: Span): ConstructedCall[] {
  const calls: ConstructedCall[] = [];
  if (span.role === 'llm') {
    for (const message of span.outputMessages)
      for (const call of message.toolCalls) {
        const args = asRecord(call.arguments);
        if (args) calls.push({ span, name: call.name, arguments: args });
      }
  }
  const args = asRecord(span.tool?.arguments);
  if (span.tool && args) calls.push({ span, name: span.tool.name, arguments: args });
  return calls;
}

/** Every tool call of the run in causal order: the model's call comes before the tool span that ran it. */
export function constructedCalls(context: AnalysisContext): ConstructedCall[] {
  const calls: ConstructedCall[] = [];
  for (const span of context.spans) for (const call of callsOfSpan(span)) calls.push(call);
  return calls;
}
