import { z } from 'zod';
import { spanSchema } from './span.js';

/** The formats the readers know; `format` in the report contract. */
export const traceFormatSchema = z.enum([
  'otlp',
  'jaeger',
  'zipkin',
  'langfuse',
  'phoenix',
  'langsmith',
  'appinsights',
  'otel-console',
  'text',
]);
export type TraceFormat = z.infer<typeof traceFormatSchema>;

export const traceWarningSchema = z.object({
  code: z.enum([
    'orphan-span',
    'parent-cycle',
    'child-before-parent',
    'duplicate-span-id',
    'multiple-traces',
    'truncated-value',
    'unknown-field',
    'partial',
    'legacy-format',
  ]),
  message: z.string(),
  spanId: z.string().nullable(),
});
export type TraceWarning = z.infer<typeof traceWarningSchema>;

export const traceSchema = z.object({
  /** The trace ID in its normal form, or null where the source has none (plain text). */
  traceId: z.string().nullable(),
  format: traceFormatSchema,
  /** Spans in causal order: by start time, then by source position. */
  spans: z.array(spanSchema),
  /** Spans with no parent, or whose parent is missing. */
  rootSpanIds: z.array(z.string()),
  warnings: z.array(traceWarningSchema),
  /** Where the trace was read from: a file name, `-`, a backend name. */
  source: z.string(),
  /** The trace in its own UI, when known (set by backends and link resolution). */
  traceUrl: z.string().nullable(),
  /** True when spans may still be arriving (recent, or the backend said so). */
  partial: z.boolean(),
});
export type Trace = z.infer<typeof traceSchema>;
