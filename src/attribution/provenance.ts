import type { Span } from '../model/span.js';
import type { FinalAnswer, Goal } from './analysis-context.js';
import { type DriftKind, nearMiss, unitNearMiss } from './values/compare-values.js';
import { type ExtractedValue, extractFromJson, extractFromText } from './values/extract-values.js';

/** Where a span constructed a value. */
export type ConstructedIn = 'tool-call' | 'tool-args' | 'retrieval-query' | 'plan' | 'model-text' | 'answer';

export interface ValueSource {
  spanId: string;
  /** `user request`, `system instructions`, `span lookup_order result`, … */
  label: string;
  kind: 'request' | 'instructions' | 'data' | 'constructed' | 'prompt';
  value: ExtractedValue;
}

export interface ValueCheck {
  spanId: string;
  value: ExtractedValue;
  constructedIn: ConstructedIn;
  status: 'supported' | 'derived' | 'drifted' | 'unsourced';
  /** The exact source (supported), or the near miss (drifted). */
  source: ValueSource | null;
  drift: DriftKind | null;
}

export interface ProvenanceResult {
  checks: ValueCheck[];
  /** The first source of each normalised value. */
  firstSource: ReadonlyMap<string, ValueSource>;
}

/** Arguments that tune a call rather than carry the user's data: never judged for provenance. */
const tuningField =
  /(^|\.)(limit|top_?k|k|n|page|page_?size|per_?page|offset|max_?results|max_?tokens|temperature|top_?p|timeout(_\w+)?|retries|max_?retries|count|size|depth|threshold|score_?threshold|seed|api_?version|stream)$/i;

interface TraceEvent {
  span: Span;
  phase: 'start' | 'end';
  time: number;
  depth: number;
}

/**
 * The order in which values could flow: a span's inputs at its start, its outputs at its end, a
 * parent's end after its children's. Without times (plain text), source order stands for time.
 * Depths and ends are memoised: each is asked of every span, and a deep trace would otherwise walk
 * the same chains again and again.
 */
function orderEvents(
  spans: readonly Span[],
  byId: ReadonlyMap<string, Span>,
  children: ReadonlyMap<string, readonly Span[]>,
): TraceEvent[] {
  const timed = spans.every((span) => span.startTime !== null);
  const events: TraceEvent[] = [];
  const depths = new Map<Span, number>();
  const depthOf = (span: Span): number => {
    // Iterative with a bound: parent cycles are already broken, but a corrupt chain must not recurse forever.
    const chain: Span[] = [];
    let current: Span | undefined = span;
    let depth = -1;
    while (current && chain.length < 1_000) {
      const known = depths.get(current);
      if (known !== undefined) {
        depth = known;
        break;
      }
      chain.push(current);
      current = current.parentId === null ? undefined : byId.get(current.parentId);
    }
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      depth += 1;
      depths.set(chain[index] as Span, depth);
    }
    return depths.get(span) ?? 0;
  };
  const lastDescendants = new Map<Span, number>();
  const lastDescendantIndex = (span: Span): number => {
    const known = lastDescendants.get(span);
    if (known !== undefined) return known;
    let last = span.sourceIndex;
    for (const child of children.get(span.id) ?? []) last = Math.max(last, lastDescendantIndex(child));
    lastDescendants.set(span, last);
    return last;
  };
  // A parent ends after its children, even when its own end time is missing or early (clock skew).
  const ends = new Map<Span, number>();
  const effectiveEnd = (span: Span): number => {
    const known = ends.get(span);
    if (known !== undefined) return known;
    let end = Math.max(span.endTime ?? span.startTime ?? 0, span.startTime ?? 0);
    for (const child of children.get(span.id) ?? []) end = Math.max(end, effectiveEnd(child));
    ends.set(span, end);
    return end;
  };
  spans.forEach((span, index) => {
    const depth = depthOf(span);
    if (timed) {
      const start = span.startTime as number;
      events.push({ span, phase: 'start', time: start, depth });
      events.push({ span, phase: 'end', time: effectiveEnd(span), depth });
    } else {
      events.push({ span, phase: 'start', time: index * 2, depth });
      const descendants = children.has(span.id) ? lastDescendantIndex(span) : index;
      events.push({ span, phase: 'end', time: Math.max(index, descendants) * 2 + 1, depth });
    }
  });
  return events.sort(
    (left, right) =>
      left.time - right.time ||
      (left.phase === right.phase ? 0 : left.phase === 'end' ? -1 : 1) ||
      (left.phase === 'end' ? right.depth - left.depth : left.depth - right.depth) ||
      left.span.sourceIndex - right.span.sourceIndex,
  );
}

/** Near-miss candidates per index key; a bucket keeps its first entries (the request's) and its latest. */
const bucketLimit = 12;

function digitsOf(value: number): string {
  return String(Math.abs(value)).replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
}

/**
 * Index keys under which a value is filed for near-miss lookup: the value and every one-character
 * deletion of it (a symmetric-delete index). Any transposition, substitution, dropped or added
 * character between two values leaves them sharing a key, so a check looks at a handful of candidates
 * instead of every value seen. Numbers are filed by their significant digits, which a decimal shift,
 * a sign flip or another unit leave unchanged.
 */
function indexKeys(value: ExtractedValue): string[] {
  const base =
    value.type === 'number' && value.number !== null ? `#${digitsOf(value.number)}` : value.key.replace(/^#/, '');
  const keys = [base];
  if (base.length <= 40)
    for (let index = 0; index < base.length; index += 1) keys.push(base.slice(0, index) + base.slice(index + 1));
  if (value.type === 'identifier' && /^\d+$/.test(base)) keys.push(`#${base.replace(/^0+/, '').replace(/0+$/, '')}`);
  if (value.type === 'date')
    keys.push(`date:${value.key.slice(0, 4)}:${[value.key.slice(5, 7), value.key.slice(8, 10)].sort().join('')}`);
  return keys;
}

const sourcePriority: Record<ValueSource['kind'], number> = {
  request: 0,
  data: 1,
  instructions: 2,
  prompt: 3,
  constructed: 4,
};

export function computeProvenance(
  spans: readonly Span[],
  byId: ReadonlyMap<string, Span>,
  children: ReadonlyMap<string, readonly Span[]>,
  goal: Goal,
  answer: FinalAnswer | null,
): ProvenanceResult {
  const firstSource = new Map<string, ValueSource>();
  const candidateIndex = new Map<string, ValueSource[]>();
  const knownNumbers: number[] = [];
  const checks: ValueCheck[] = [];

  // A value is checked and then remembered: its index keys are built once.
  const keysByValue = new Map<string, string[]>();
  const keysOf = (value: ExtractedValue): string[] => {
    const memoKey = value.type === 'identifier' || value.type === 'date' ? `${value.type}:${value.key}` : value.key;
    let keys = keysByValue.get(memoKey);
    if (!keys) {
      keys = indexKeys(value);
      keysByValue.set(memoKey, keys);
    }
    return keys;
  };

  const remember = (source: ValueSource): void => {
    if (!firstSource.has(source.value.key)) {
      firstSource.set(source.value.key, source);
      for (const key of keysOf(source.value)) {
        const bucket = candidateIndex.get(key);
        if (!bucket) candidateIndex.set(key, [source]);
        else if (bucket.length < bucketLimit) bucket.push(source);
        else bucket[bucketLimit / 2 + (bucket.length % (bucketLimit / 2))] = source;
      }
      if (source.value.number !== null) knownNumbers.push(source.value.number);
    }
  };
  const rememberAll = (
    values: readonly ExtractedValue[],
    spanId: string,
    label: string,
    kind: ValueSource['kind'],
  ): void => {
    for (const value of values) remember({ spanId, label, kind, value });
  };

  const isDerived = (value: number): boolean => {
    // Totals, differences, unit prices and percentages of values already seen.
    const from = Math.max(0, knownNumbers.length - 24);
    for (let left = from; left < knownNumbers.length; left += 1) {
      const a = knownNumbers[left] as number;
      for (let right = from; right < knownNumbers.length; right += 1) {
        const b = knownNumbers[right] as number;
        if (
          left !== right &&
          (near(a * b, value) ||
            near(a + b, value) ||
            near(a - b, value) ||
            (b !== 0 && near(a / b, value)) ||
            near((a * b) / 100, value))
        ) {
          return true;
        }
      }
    }
    return false;
  };

  // Field names repeat across thousands of spans; the pattern is tried once per name.
  const tuningFields = new Map<string, boolean>();
  const isTuningField = (field: string): boolean => {
    let tuning = tuningFields.get(field);
    if (tuning === undefined) {
      tuning = tuningField.test(field);
      tuningFields.set(field, tuning);
    }
    return tuning;
  };

  const hasSourceInUnit = (value: ExtractedValue): boolean => {
    const [key] = keysOf(value);
    const bucket = key === undefined ? undefined : candidateIndex.get(key);
    return (bucket ?? []).some(
      (candidate) =>
        candidate.value.number === value.number &&
        (candidate.value.unit === null || candidate.value.unit === value.unit),
    );
  };

  const check = (span: Span, value: ExtractedValue, constructedIn: ConstructedIn): void => {
    if (value.field && isTuningField(value.field)) return;
    if (value.type === 'time') return;
    const exact =
      firstSource.get(value.key) ??
      (value.type === 'number' ? undefined : firstSource.get(value.key.replace(/^#/, '')));
    if (exact) {
      // Number keys leave the unit out, so `240 EUR` upstream matches `price_usd: 240`: the same amount in
      // another currency or unit is a drift unless some upstream value has this unit (or none).
      const unitDrift = unitNearMiss(value, exact.value);
      if (unitDrift !== null && !hasSourceInUnit(value)) {
        checks.push({ spanId: span.id, value, constructedIn, status: 'drifted', source: exact, drift: unitDrift });
        return;
      }
      checks.push({ spanId: span.id, value, constructedIn, status: 'supported', source: exact, drift: null });
      return;
    }
    let best: { source: ValueSource; drift: DriftKind } | null = null;
    // A candidate filed under several of these keys is compared more than once; that is cheaper than
    // tracking which were seen, and the choice below is the same either way.
    for (const key of keysOf(value)) {
      const bucket = candidateIndex.get(key);
      if (!bucket) continue;
      for (const candidate of bucket) {
        if (candidate.spanId === span.id && candidate.kind === 'constructed') continue;
        const drift = nearMiss(value, candidate.value);
        if (drift && (!best || sourcePriority[candidate.kind] < sourcePriority[best.source.kind]))
          best = { source: candidate, drift };
      }
    }
    // TypeScript cannot see the closure's assignment, hence the explicit type.
    const nearest = best as { source: ValueSource; drift: DriftKind } | null;
    if (nearest) {
      checks.push({
        spanId: span.id,
        value,
        constructedIn,
        status: 'drifted',
        source: nearest.source,
        drift: nearest.drift,
      });
      return;
    }
    if (value.number !== null && isDerived(value.number)) {
      checks.push({ spanId: span.id, value, constructedIn, status: 'derived', source: null, drift: null });
      return;
    }
    checks.push({ spanId: span.id, value, constructedIn, status: 'unsourced', source: null, drift: null });
  };

  const checkAll = (
    span: Span,
    values: readonly ExtractedValue[],
    constructedIn: ConstructedIn,
    label: string,
  ): void => {
    for (const value of values) check(span, value, constructedIn);
    rememberAll(values, span.id, label, 'constructed');
  };

  if (goal.request && goal.requestSpanId)
    rememberAll(extractFromText(goal.request), goal.requestSpanId, 'user request', 'request');

  for (const event of orderEvents(spans, byId, children)) {
    const span = event.span;
    const name = span.tool?.name ?? span.name;
    if (event.phase === 'start') {
      if (span.userRequest) rememberAll(extractFromText(span.userRequest), span.id, 'user request', 'request');
      if (span.systemInstructions)
        rememberAll(extractFromText(span.systemInstructions), span.id, 'system instructions', 'instructions');
      for (const message of span.inputMessages) {
        const kind: ValueSource['kind'] =
          message.role === 'system'
            ? 'instructions'
            : message.role === 'user' && span.id === goal.requestSpanId
              ? 'request'
              : 'prompt';
        rememberAll(
          extractFromText(message.text),
          span.id,
          kind === 'instructions' ? 'system instructions' : `span ${span.name} input`,
          kind,
        );
        for (const call of message.toolCalls)
          rememberAll(extractFromJson(call.arguments), span.id, `span ${span.name} input`, 'prompt');
      }
      if (span.role === 'tool' || span.role === 'handoff') {
        if (span.tool?.arguments !== null && span.tool?.arguments !== undefined) {
          checkAll(span, extractFromJson(span.tool.arguments), 'tool-args', `span ${name} arguments`);
        } else if (span.role === 'handoff' && span.input !== null) {
          checkAll(span, extractFromJson(span.input), 'tool-args', `span ${name} arguments`);
        }
      } else if ((span.role === 'retrieval' || span.role === 'rerank') && span.retrieval?.query) {
        checkAll(span, extractFromText(span.retrieval.query), 'retrieval-query', `span ${name} query`);
      }
      continue;
    }
    // end of the span: what it produced
    if (span.tool?.result !== null && span.tool?.result !== undefined) {
      rememberAll(extractFromJson(span.tool.result), span.id, `span ${name} result`, 'data');
    }
    if (span.retrieval) {
      for (const document of span.retrieval.documents)
        rememberAll(extractFromText(document.content), span.id, `span ${name} documents`, 'data');
    }
    if (span.role === 'llm') {
      for (const message of span.outputMessages) {
        for (const call of message.toolCalls)
          checkAll(span, extractFromJson(call.arguments), 'tool-call', `span ${span.name} tool call`);
        if (message.text)
          checkAll(
            span,
            extractFromText(message.text),
            span.id === answer?.spanId ? 'answer' : 'model-text',
            `span ${span.name} output`,
          );
      }
    } else if (span.role === 'plan' && span.plan) {
      checkAll(
        span,
        span.plan.flatMap((step) => extractFromText(step)),
        'plan',
        `span ${span.name} plan`,
      );
    } else if (span.role === 'agent' || (span.id === answer?.spanId && span.role !== 'tool')) {
      const text =
        span.outputMessages.map((message) => message.text).join('\n') ||
        (typeof span.output === 'string' ? span.output : '');
      if (text)
        checkAll(
          span,
          extractFromText(text),
          span.id === answer?.spanId ? 'answer' : 'model-text',
          `span ${span.name} output`,
        );
    } else if (span.role !== 'tool' && span.output !== null && span.role !== 'retrieval') {
      rememberAll(extractFromJson(span.output), span.id, `span ${name} output`, 'data');
    }
  }
  return { checks, firstSource };
}

function near(left: number, right: number): boolean {
  return Math.abs(left - right) <= Math.max(0.005, Math.abs(right) * 1e-6);
}
