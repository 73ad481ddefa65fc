import type { JsonValue } from '../json-value.js';
import type { Span, SpanEvent, SpanKind } from '../span.js';

/** What a reader knows about a span before conventions are applied. */
export interface ConventionInput {
  name: string;
  kind: SpanKind;
  /** Flattened attributes (`llm.input_messages.0.message.role` stays one key); JSON strings are not yet parsed. */
  attributes: Record<string, JsonValue>;
  events: SpanEvent[];
  /** A type the source states outright (Langfuse observation type, LangSmith run_type, Phoenix span_kind), lower-cased. */
  sourceType?: string | null;
  /** True when the span has no parent: a root LLM span's first user message is then the user's request. */
  isRoot?: boolean;
}

/** The decoded fields: everything in a Span that semantic conventions determine. */
export type ConventionContent = Pick<
  Span,
  | 'role'
  | 'httpStatus'
  | 'model'
  | 'finishReason'
  | 'usage'
  | 'inputMessages'
  | 'outputMessages'
  | 'systemInstructions'
  | 'userRequest'
  | 'tool'
  | 'retrieval'
  | 'plan'
  | 'input'
  | 'output'
  | 'exceptions'
  | 'notCaptured'
>;
