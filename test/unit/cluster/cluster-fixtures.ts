import { createSpan } from '../../../src/model/create-span.js';
import type { Span } from '../../../src/model/span.js';
import type { Trace } from '../../../src/model/trace.js';
import type { Layer, Report } from '../../../src/report/report.js';

/** A trace with one root agent span and one span of interest, plus the report an engine would give. */
export function analysedRun(options: {
  traceId: string;
  layer: Layer | null;
  rule?: string;
  span: Partial<Span> & { name: string };
  evidence?: { field: string; expected: string | null; actual: string | null };
  summary?: string;
  startTime?: number;
}): { trace: Trace; report: Report } {
  const start = options.startTime ?? Date.UTC(2026, 10, 20, 12, 0, 0);
  const root = createSpan({
    id: `${options.traceId}-root`,
    name: 'invoke_agent',
    role: 'agent',
    service: 'agent-svc',
    startTime: start,
  });
  const span = createSpan({ id: `${options.traceId}-x`, parentId: root.id, startTime: start + 10, ...options.span });
  const trace: Trace = {
    traceId: options.traceId,
    format: 'otlp',
    spans: [root, span],
    rootSpanIds: [root.id],
    warnings: [],
    source: `${options.traceId}.json`,
    traceUrl: `https://jaeger.example.com/trace/${options.traceId}`,
    partial: false,
  };
  const failed = options.layer !== null;
  const report: Report = {
    traceId: options.traceId,
    format: 'otlp',
    traceUrl: trace.traceUrl,
    verdict: failed ? 'failed' : 'ok',
    rootCause:
      failed && options.layer
        ? {
            spanId: span.id,
            spanName: span.name,
            layer: options.layer,
            rule: options.rule ?? 'value-drift',
            summary: options.summary ?? 'something drifted',
            confidence: 0.9,
            evidence: options.evidence ? [{ spanId: span.id, source: 'user request', ...options.evidence }] : [],
          }
        : null,
    surfacedSpanId: failed ? span.id : null,
    blastRadius: [],
    suggestedFix: null,
    candidates: [],
    missingCapture: [],
    findings: [],
    walkthrough: [],
    partial: false,
    spanNames: { [span.id]: span.name },
  };
  return { trace, report };
}

export function toolSpan(name: string): Partial<Span> & { name: string } {
  return { name: `execute_tool ${name}`, role: 'tool', tool: { name, callId: null, arguments: {}, result: {} } };
}
