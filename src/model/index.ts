export { assembleTrace, compareCausal } from './assemble-trace.js';
export { type ConventionContent, type ConventionInput, decodeConventions } from './conventions/index.js';
export { createSpan, type SpanDraft, type SpanFrame, spanFromContent } from './create-span.js';
export { type JsonValue, jsonValueSchema } from './json-value.js';
export {
  type CaptureGap,
  captureGapSchema,
  type Message,
  messageSchema,
  type RetrievedDocument,
  retrievedDocumentSchema,
  type Span,
  type SpanEvent,
  type SpanException,
  type SpanKind,
  type SpanRole,
  type SpanStatus,
  spanEventSchema,
  spanKindSchema,
  spanRoleSchema,
  spanSchema,
  spanStatusSchema,
  type ToolCall,
  toolCallSchema,
} from './span.js';
export {
  type Trace,
  type TraceFormat,
  type TraceWarning,
  traceFormatSchema,
  traceSchema,
  traceWarningSchema,
} from './trace.js';
