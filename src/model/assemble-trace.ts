import { InputError } from '../errors/index.js';
import type { RawTrace } from '../formats/trace-reader.js';
import type { Span } from './span.js';
import { rememberSpanPositions } from './span-positions.js';
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
  // Spans are addressed by position from here on: one hash lookup per span and per parent link,
  // then plain array indexing, keeps a 100,000-span trace cheap.
  const indexById = new Map<string, number>();
  for (let index = 0; index < raw.spans.length; index += 1) indexById.set((raw.spans[index] as Span).id, index);
  // Duplicate IDs are rare: the map's size tells whether there are any, and only then is it rebuilt keeping the first.
  const kept =
    indexById.size === raw.spans.length ? raw.spans.slice() : withoutDuplicates(raw.spans, indexById, warnings);

  // One pass over the spans does what each span needs on its own: resetting the orphan mark, finding
  // the parent, noting a child that starts before its parent, the order check and the roots. Touching
  // each of 100,000 spans once instead of five times is most of the cost of assembling a large trace.
  const noParent = -1;
  const parentIndex = new Int32Array(kept.length).fill(noParent);
  // Rare: children that start before their parent, kept until cycles are broken (a dropped link takes its warning with it).
  const startsBeforeParent: number[] = [];
  const rootIds: string[] = [];
  let inCausalOrder = true;
  // Siblings usually follow one another: the previous span's parent spares most lookups.
  let previousParentId: string | null = null;
  let previousParentIndex = noParent;
  for (let index = 0; index < kept.length; index += 1) {
    const span = kept[index] as Span;
    // Readers hand over fresh spans: updating them in place avoids copying every span.
    span.orphan = false;
    if (index > 0 && compareCausal(kept[index - 1] as Span, span) > 0) inCausalOrder = false;
    const parentId = span.parentId;
    if (parentId === null) {
      rootIds.push(span.id);
      continue;
    }
    if (parentId === span.id) {
      warnings.push({ code: 'parent-cycle', message: `span ${span.id} is its own parent`, spanId: span.id });
      span.parentId = null;
      rootIds.push(span.id);
      continue;
    }
    let parent = previousParentIndex;
    if (parentId !== previousParentId) {
      // A child often follows its parent directly (a call inside the step before it): no lookup then.
      parent =
        index > 0 && (kept[index - 1] as Span).id === parentId ? index - 1 : (indexById.get(parentId) ?? noParent);
      previousParentId = parentId;
      previousParentIndex = parent;
    }
    if (parent === noParent) {
      span.orphan = true;
      warnings.push({
        code: 'orphan-span',
        message: `span ${span.id}'s parent ${parentId} is not in the trace`,
        spanId: span.id,
      });
      rootIds.push(span.id);
      continue;
    }
    parentIndex[index] = parent;
    const parentStart = (kept[parent] as Span).startTime;
    if (parentStart !== null && span.startTime !== null && span.startTime < parentStart) startsBeforeParent.push(index);
  }
  const droppedLinks = breakCycles(kept, parentIndex, warnings);

  for (const index of startsBeforeParent) {
    const parentAt = parentIndex[index] ?? noParent;
    if (parentAt === noParent) continue;
    const span = kept[index] as Span;
    const parent = kept[parentAt] as Span;
    warnings.push({
      code: 'child-before-parent',
      message: `span ${span.id} starts ${((parent.startTime as number) - (span.startTime as number)).toFixed(3)} ms before its parent (clock skew?)`,
      spanId: span.id,
    });
  }

  // Exports are often in causal order already; checking costs nothing extra, sorting 100,000 spans far more.
  const spans = inCausalOrder ? kept : kept.sort(compareCausal);
  // Unsorted, the IDs still sit where the index above found them: the analysis can use it as it is.
  if (inCausalOrder) rememberSpanPositions(spans, indexById);
  return {
    traceId: raw.traceId,
    format,
    spans,
    // The roots met above are in the final order unless the spans were sorted or a cycle lost a link.
    rootSpanIds:
      inCausalOrder && droppedLinks === 0
        ? rootIds
        : spans.filter((span) => span.parentId === null || span.orphan).map((span) => span.id),
    warnings,
    source,
    traceUrl: raw.traceUrl,
    partial: false,
  };
}

/** The first span of each ID, in order, with a warning for each later one; `indexById` is refilled to match. */
function withoutDuplicates(spans: readonly Span[], indexById: Map<string, number>, warnings: TraceWarning[]): Span[] {
  indexById.clear();
  const kept: Span[] = [];
  for (const span of spans) {
    if (indexById.has(span.id)) {
      warnings.push({
        code: 'duplicate-span-id',
        message: `span ID ${span.id} appears more than once; the first is kept`,
        spanId: span.id,
      });
      continue;
    }
    indexById.set(span.id, kept.length);
    kept.push(span);
  }
  return kept;
}

/**
 * Walks each parent chain once (states: unvisited, on the current path, done) and drops the link that
 * closes a loop. Returns how many links it dropped.
 */
function breakCycles(spans: readonly Span[], parentIndex: Int32Array, warnings: TraceWarning[]): number {
  let dropped = 0;
  const unvisited = 0;
  const onPath = 1;
  const done = 2;
  const state = new Uint8Array(spans.length);
  // One buffer for every walk: a path never holds a span twice, so it never outgrows the trace.
  const path = new Int32Array(spans.length);
  for (let start = 0; start < spans.length; start += 1) {
    let pathLength = 0;
    let current = start;
    while (current !== -1 && state[current] === unvisited) {
      state[current] = onPath;
      path[pathLength] = current;
      pathLength += 1;
      const next = parentIndex[current] ?? -1;
      if (next !== -1 && state[next] === onPath) {
        // The span the walk came back to loses its parent link: it becomes the root of what was the loop.
        const span = spans[next];
        if (span) {
          warnings.push({
            code: 'parent-cycle',
            message: `span ${span.id} is its own ancestor; its parent link is dropped`,
            spanId: span.id,
          });
          span.parentId = null;
        }
        parentIndex[next] = -1;
        dropped += 1;
        break;
      }
      current = next;
    }
    for (let step = 0; step < pathLength; step += 1) state[path[step] as number] = done;
  }
  return dropped;
}

/** Start time, then position in the source: spans without times keep their source order. */
export function compareCausal(left: Span, right: Span): number {
  if (left.startTime !== null && right.startTime !== null && left.startTime !== right.startTime) {
    return left.startTime - right.startTime;
  }
  return left.sourceIndex - right.sourceIndex;
}
