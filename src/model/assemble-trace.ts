import { InputError } from '../errors/index.js';
import type { RawTrace } from '../formats/trace-reader.js';
import type { Span } from './span.js';
import type { Trace, TraceFormat, TraceWarning } from './trace.js';

/**
 * Orders a reader's spans causally and checks the structure: duplicates (first kept), orphans
 * (kept, marked), parent cycles (broken), children that start before their parents. Problems become
 * warnings carried in the trace; only an empty trace is an error.
 */
export function assembleTrace(raw: RawTrace, format: TraceFormat, source: string): Trace {
  if (raw.spans.length === 0) {
    throw new InputError('the trace has no spans', { source, expected: 'at least one span' });
  }
  const warnings: TraceWarning[] = [...raw.warnings];
  const byId = new Map<string, Span>();
  for (const span of raw.spans) {
    if (byId.has(span.id)) {
      warnings.push({
        code: 'duplicate-span-id',
        message: `span ID ${span.id} appears more than once; the first is kept`,
        spanId: span.id,
      });
      continue;
    }
    // Readers hand over fresh spans: updating them in place keeps a 100,000-span read cheap.
    span.orphan = false;
    byId.set(span.id, span);
  }

  for (const span of byId.values()) {
    if (span.parentId === span.id) {
      warnings.push({ code: 'parent-cycle', message: `span ${span.id} is its own parent`, spanId: span.id });
      span.parentId = null;
    } else if (span.parentId !== null && !byId.has(span.parentId)) {
      span.orphan = true;
      warnings.push({
        code: 'orphan-span',
        message: `span ${span.id}'s parent ${span.parentId} is not in the trace`,
        spanId: span.id,
      });
    }
  }
  breakCycles(byId, warnings);

  for (const span of byId.values()) {
    const parent = span.parentId === null ? undefined : byId.get(span.parentId);
    if (parent && parent.startTime !== null && span.startTime !== null && span.startTime < parent.startTime) {
      warnings.push({
        code: 'child-before-parent',
        message: `span ${span.id} starts ${(parent.startTime - span.startTime).toFixed(3)} ms before its parent (clock skew?)`,
        spanId: span.id,
      });
    }
  }

  const spans = [...byId.values()].sort(compareCausal);
  return {
    traceId: raw.traceId,
    format,
    spans,
    rootSpanIds: spans.filter((span) => span.parentId === null || span.orphan).map((span) => span.id),
    warnings,
    source,
    traceUrl: raw.traceUrl,
    partial: false,
  };
}

function breakCycles(byId: Map<string, Span>, warnings: TraceWarning[]): void {
  const done = new Set<string>();
  const onPath = new Set<string>();
  const path: Span[] = [];
  for (const start of byId.values()) {
    let current: Span | undefined = start;
    while (current && !done.has(current.id)) {
      if (onPath.has(current.id)) {
        warnings.push({
          code: 'parent-cycle',
          message: `span ${current.id} is its own ancestor; its parent link is dropped`,
          spanId: current.id,
        });
        current.parentId = null;
        break;
      }
      onPath.add(current.id);
      path.push(current);
      current = current.parentId === null || current.orphan ? undefined : byId.get(current.parentId);
    }
    for (const span of path) {
      done.add(span.id);
      onPath.delete(span.id);
    }
    path.length = 0;
  }
}

/** Start time, then position in the source: spans without times keep their source order. */
export function compareCausal(left: Span, right: Span): number {
  if (left.startTime !== null && right.startTime !== null && left.startTime !== right.startTime) {
    return left.startTime - right.startTime;
  }
  return left.sourceIndex - right.sourceIndex;
}
