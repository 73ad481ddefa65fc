import { z } from 'zod';
import { jsonValueSchema } from './json-value.js';

/** What a span does in an agent run. Readers decide it from the conventions the source uses (FORMATS.md D.6). */
export const spanRoleSchema = z.enum([
  'agent',
  'llm',
  'tool',
  'retrieval',
  'rerank',
  'embedding',
  'plan',
  'guardrail',
  'handoff',
  'http',
  'db',
  'other',
]);
export type SpanRole = z.infer<typeof spanRoleSchema>;

export const spanKindSchema = z.enum(['internal', 'server', 'client', 'producer', 'consumer', 'unspecified']);
export type SpanKind = z.infer<typeof spanKindSchema>;

export const spanStatusSchema = z.object({
  code: z.enum(['ok', 'error', 'unset']),
  message: z.string().nullable(),
});
export type SpanStatus = z.infer<typeof spanStatusSchema>;

export const toolCallSchema = z.object({
  /** The call ID the model gave (`call_…`), when recorded. */
  id: z.string().nullable(),
  name: z.string(),
  /** Parsed arguments: an object when the source held JSON, else the raw string. */
  arguments: jsonValueSchema,
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const messageSchema = z.object({
  /** `system`, `user`, `assistant`, `tool`, or whatever role the source names. */
  role: z.string(),
  /** All text parts joined with newlines; empty when the message holds only tool calls. */
  text: z.string(),
  toolCalls: z.array(toolCallSchema),
  /** For a tool-result message: the call it answers. */
  toolCallId: z.string().nullable(),
  /** Finish reason of an output message, when the source records one per message. */
  finishReason: z.string().nullable(),
});
export type Message = z.infer<typeof messageSchema>;

export const retrievedDocumentSchema = z.object({
  id: z.string().nullable(),
  content: z.string(),
  score: z.number().nullable(),
  metadata: jsonValueSchema.nullable(),
});
export type RetrievedDocument = z.infer<typeof retrievedDocumentSchema>;

export const spanEventSchema = z.object({
  name: z.string(),
  /** Milliseconds since the Unix epoch (fractional), or null when the source gives no time. */
  time: z.number().nullable(),
  attributes: z.record(z.string(), jsonValueSchema),
});
export type SpanEvent = z.infer<typeof spanEventSchema>;

export const exceptionSchema = z.object({
  type: z.string().nullable(),
  message: z.string().nullable(),
  stacktrace: z.string().nullable(),
});
export type SpanException = z.infer<typeof exceptionSchema>;

/**
 * Content that a later stage may need but the source did not record. Attribution says "evidence
 * absent" for these instead of guessing.
 */
export const captureGapSchema = z.enum([
  'input-messages',
  'output-messages',
  'tool-arguments',
  'tool-result',
  'retrieval-query',
  'retrieval-documents',
  'user-request',
  'system-instructions',
]);
export type CaptureGap = z.infer<typeof captureGapSchema>;

export const spanSchema = z.object({
  /** The span's ID in its normal form (BRIEF.md "Span IDs"): lowercase hex for OTLP/Jaeger/Zipkin, the observation ID for Langfuse, `N` for the plain-text list. */
  id: z.string().min(1),
  parentId: z.string().nullable(),
  /** True when `parentId` names a span that is not in the trace (kept, and marked). */
  orphan: z.boolean(),
  name: z.string(),
  service: z.string().nullable(),
  /** Milliseconds since the Unix epoch (fractional), or null when the source has no times (plain text). */
  startTime: z.number().nullable(),
  endTime: z.number().nullable(),
  kind: spanKindSchema,
  status: spanStatusSchema,
  /** HTTP response status, from `http.response.status_code` / `http.status_code` or the source's own field. */
  httpStatus: z.number().int().nullable(),
  role: spanRoleSchema,
  /** Position in the source (0-based), used to break ties in causal order when times are missing or equal. */
  sourceIndex: z.number().int().nonnegative(),

  // LLM content
  model: z.string().nullable(),
  finishReason: z.string().nullable(),
  usage: z
    .object({
      inputTokens: z.number().nullable(),
      outputTokens: z.number().nullable(),
      totalTokens: z.number().nullable(),
    })
    .nullable(),
  inputMessages: z.array(messageSchema),
  outputMessages: z.array(messageSchema),
  systemInstructions: z.string().nullable(),
  /** The user's request, when this span records it (root agent input, first user message, `user.request`). */
  userRequest: z.string().nullable(),

  // Tool content
  tool: z
    .object({
      name: z.string(),
      callId: z.string().nullable(),
      /** Parsed arguments (object when JSON), or null when not recorded. */
      arguments: jsonValueSchema.nullable(),
      /** Parsed result (object when JSON), or null when not recorded. */
      result: jsonValueSchema.nullable(),
    })
    .nullable(),

  // Retrieval content
  retrieval: z
    .object({
      query: z.string().nullable(),
      documents: z.array(retrievedDocumentSchema),
    })
    .nullable(),

  /** Planned steps, for plan spans (and agent spans that record a plan). */
  plan: z.array(z.string()).nullable(),

  /** Generic input and output where the source records them without a convention (e.g. `input.value`, Langfuse `input`). */
  input: jsonValueSchema.nullable(),
  output: jsonValueSchema.nullable(),

  events: z.array(spanEventSchema),
  exceptions: z.array(exceptionSchema),
  links: z.array(z.object({ traceId: z.string(), spanId: z.string() })),
  /** Every attribute as the source gave it (flattened keys), for anything the fields above do not cover. */
  attributes: z.record(z.string(), jsonValueSchema),
  notCaptured: z.array(captureGapSchema),
});
export type Span = z.infer<typeof spanSchema>;
