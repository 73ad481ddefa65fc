import { z } from 'zod';
import { traceFormatSchema } from '../model/trace.js';

/** The fixed layer vocabulary (BRIEF.md "Layers"), used in JSON, chat replies and clusters. */
export const layerSchema = z.enum([
  'instruction',
  'plan',
  'tool-args',
  'tool',
  'retrieval',
  'upstream-data',
  'model',
  'infrastructure',
]);
export type Layer = z.infer<typeof layerSchema>;

export const evidenceSchema = z.object({
  spanId: z.string(),
  field: z.string(),
  expected: z.string().nullable(),
  actual: z.string().nullable(),
  /** Where the expected value came from: `user request`, `span 3 result`, `system instructions`, … */
  source: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const findingSchema = z.object({
  rule: z.string(),
  spanId: z.string(),
  layer: layerSchema,
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;

export const walkthroughStepSchema = z.object({
  step: z.enum(['goal', 'plan', 'tools', 'retrieval', 'model', 'answer']),
  verdict: z.enum(['ok', 'suspect', 'bad', 'absent']),
  note: z.string(),
});
export type WalkthroughStep = z.infer<typeof walkthroughStepSchema>;

export const rootCauseSchema = z.object({
  spanId: z.string(),
  spanName: z.string(),
  layer: layerSchema,
  rule: z.string(),
  summary: z.string(),
  confidence: z.number().min(0).max(1),
  evidence: z.array(evidenceSchema),
});
export type RootCause = z.infer<typeof rootCauseSchema>;

/** The one contract every part shares (BRIEF.md): what `analyze --json` prints and what the adapters render. */
export const reportSchema = z.object({
  traceId: z.string().nullable(),
  format: traceFormatSchema,
  traceUrl: z.string().nullable(),
  verdict: z.enum(['failed', 'suspicious', 'ok']),
  rootCause: rootCauseSchema.nullable(),
  surfacedSpanId: z.string().nullable(),
  blastRadius: z.array(z.object({ spanId: z.string(), note: z.string() })),
  suggestedFix: z.string().nullable(),
  candidates: z.array(
    z.object({ spanId: z.string(), layer: layerSchema, rule: z.string(), confidence: z.number().min(0).max(1) }),
  ),
  missingCapture: z.array(z.object({ spanId: z.string(), what: z.string() })),
  findings: z.array(findingSchema),
  walkthrough: z.array(walkthroughStepSchema),
  /** True when spans may still be arriving; chat replies offer to run the triage again. */
  partial: z.boolean(),
  /** Span names by ID for every span the report mentions, so renderers need not keep the trace. */
  spanNames: z.record(z.string(), z.string()),
});
export type Report = z.infer<typeof reportSchema>;
