import type { JsonValue } from '../model/json-value.js';
import type { Message, Span } from '../model/span.js';
import { SpansById, spanPositions } from '../model/span-positions.js';
import type { Trace } from '../model/trace.js';
import { computeProvenance, type ProvenanceResult, type ValueCheck } from './provenance.js';

export interface Goal {
  /** The user's request as recorded, and the span that records it first. */
  request: string | null;
  requestSpanId: string | null;
  /** The agent's instructions (system prompt), and the span that carries them first. */
  instructions: string | null;
  instructionsSpanId: string | null;
}

export interface FinalAnswer {
  text: string;
  spanId: string;
}

/** Everything the rules share, computed once per trace. */
export interface AnalysisContext {
  trace: Trace;
  /** Spans in causal order. */
  spans: readonly Span[];
  position: ReadonlyMap<string, number>;
  byId: ReadonlyMap<string, Span>;
  children: ReadonlyMap<string, readonly Span[]>;
  goal: Goal;
  answer: FinalAnswer | null;
  provenance: ProvenanceResult;
}

export function textOfJson(value: JsonValue | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The text a span put out: its output messages, else its generic output. */
export function outputText(span: Span): string {
  // Joined as they come, without a list of texts: rules ask this of every span of a large trace.
  let joined: string | null = null;
  const messages = span.outputMessages;
  for (let index = 0; index < messages.length; index += 1) {
    const text = (messages[index] as Message).text;
    if (text.length > 0) joined = joined === null ? text : `${joined}\n${text}`;
  }
  if (joined !== null) return joined;
  if (typeof span.output === 'string') return span.output;
  return '';
}

function isDescendant(span: Span, ancestorId: string, byId: ReadonlyMap<string, Span>): boolean {
  let current = span.parentId === null ? undefined : byId.get(span.parentId);
  for (let steps = 0; current && steps < 1_000; steps += 1) {
    if (current.id === ancestorId) return true;
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return false;
}

/**
 * Whether a record or document (or, when asked, the instructions) gave the value (by its normalised key)
 * before the span wrote it: then the span copied it rather than worked it out. The final answer is written
 * last, whatever its span's start.
 */
export function recordedBeforeWriting(
  context: AnalysisContext,
  key: string,
  spanId: string,
  orInstructions = false,
): boolean {
  const source = context.provenance.firstSource.get(key);
  if (source?.kind !== 'data' && !(orInstructions && source?.kind === 'instructions')) return false;
  if (spanId === context.answer?.spanId) return true;
  return (context.position.get(source.spanId) ?? 0) < (context.position.get(spanId) ?? 0);
}

/**
 * The span a check was made in, as `context.byId` gives it for the check's span ID: the check's own span
 * when span IDs are unique (always, for a trace that was read), which spares a lookup per check of a
 * hundred thousand; else the last span of that ID, as the index has it.
 */
export function spanOfCheck(context: AnalysisContext, check: ValueCheck): Span | undefined {
  return context.position.size === context.spans.length ? check.span : context.byId.get(check.spanId);
}

const writersByContext = new WeakMap<AnalysisContext, readonly Span[]>();

/**
 * The spans whose text may have stated a figure to the user: every model span in causal order, then the
 * answer's span (a root agent records the answer, yet writes it last). Worked out once per analysis.
 */
export function modelWriters(context: AnalysisContext): readonly Span[] {
  let writers = writersByContext.get(context);
  if (writers === undefined) {
    const answerSpan = context.answer ? context.byId.get(context.answer.spanId) : undefined;
    writers = [...context.spans.filter((span) => span.role === 'llm'), ...(answerSpan ? [answerSpan] : [])];
    writersByContext.set(context, writers);
  }
  return writers;
}

export function isAncestor(ancestor: Span, span: Span, byId: ReadonlyMap<string, Span>): boolean {
  return isDescendant(span, ancestor.id, byId);
}

function findGoal(spans: readonly Span[]): Goal {
  let request: string | null = null;
  let requestSpanId: string | null = null;
  for (const span of spans) {
    if (span.userRequest) {
      request = span.userRequest;
      requestSpanId = span.id;
      break;
    }
  }
  if (request === null) {
    for (const span of spans) {
      const message = span.inputMessages.find((candidate) => candidate.role === 'user' && candidate.text.trim() !== '');
      if (message) {
        request = message.text;
        requestSpanId = span.id;
        break;
      }
    }
  }
  let instructions: string | null = null;
  let instructionsSpanId: string | null = null;
  for (const span of spans) {
    if (span.systemInstructions) {
      instructions = span.systemInstructions;
      instructionsSpanId = span.id;
      break;
    }
  }
  return { request, requestSpanId, instructions, instructionsSpanId };
}

/**
 * The final answer: the root agent's output when recorded, else the last output of a model or answer
 * span (by end time), else null.
 */
function findAnswer(trace: Trace, spans: readonly Span[]): FinalAnswer | null {
  for (const rootId of trace.rootSpanIds) {
    const root = spans.find((span) => span.id === rootId);
    if (root && (root.role === 'agent' || root.role === 'other')) {
      const text = outputText(root);
      if (text.trim() !== '') return { text, spanId: root.id };
    }
  }
  let best: Span | null = null;
  // Indexed: this walks every span of a large trace, and an iterator step each is garbage.
  for (let index = 0; index < spans.length; index += 1) {
    const span = spans[index] as Span;
    if (span.role !== 'llm' && span.role !== 'agent') continue;
    const text = outputText(span);
    if (text.trim() === '') continue;
    const end = span.endTime ?? span.startTime ?? span.sourceIndex;
    const bestEnd = best ? (best.endTime ?? best.startTime ?? best.sourceIndex) : Number.NEGATIVE_INFINITY;
    if (!best || end >= bestEnd) best = span;
  }
  return best ? { text: outputText(best), spanId: best.id } : null;
}

export function createAnalysisContext(trace: Trace): AnalysisContext {
  const spans = trace.spans;
  // One index of the spans by ID serves both maps (usually the one assembling the trace built).
  const position = spanPositions(spans);
  const byId = new SpansById(spans, position);
  const children = new Map<string, Span[]>();
  // Siblings usually follow one another: the previous span's parent spares most lookups.
  let previousParentId: string | null = null;
  let previousSiblings: Span[] | null = null;
  for (let index = 0; index < spans.length; index += 1) {
    const span = spans[index] as Span;
    const parentId = span.parentId;
    if (parentId === null) continue;
    if (parentId !== previousParentId) {
      previousParentId = parentId;
      previousSiblings = null;
      if (position.has(parentId)) {
        previousSiblings = children.get(parentId) ?? [];
        if (previousSiblings.length === 0) children.set(parentId, previousSiblings);
      }
    }
    previousSiblings?.push(span);
  }
  const goal = findGoal(spans);
  const answer = findAnswer(trace, spans);
  const provenance = computeProvenance(spans, byId, children, goal, answer);
  return { trace, spans, position, byId, children, goal, answer, provenance };
}

/**
 * The first span with a recorded plan, per analysis: several rules ask, and on a large trace without a
 * plan each would walk every span to find none.
 */
const planSpans = new WeakMap<AnalysisContext, Span | null>();

/** A numbered step of a plan a model wrote: `2. release_seats(order_id=TK-1) to free the seats`. */
const numberedStep = /^\s*\d{1,2}[.)]\s+(\S.*)$/;

/**
 * The steps of a plan a model wrote as numbered lines after the word "plan" ("Plan:\n1. get_order(…)\n2. …"),
 * each naming a tool call; null otherwise.
 */
export function writtenPlanSteps(text: string): string[] | null {
  const structured = jsonPlanSteps(text);
  if (structured !== undefined) return structured;
  const lines = text.split('\n');
  const first = lines.findIndex((line) => numberedStep.test(line));
  if (first === -1 || !/\bplan\b/i.test(lines.slice(0, first + 1).join('\n'))) return null;
  const steps: string[] = [];
  for (const line of lines.slice(first)) {
    const step = numberedStep.exec(line)?.[1];
    if (step === undefined) break;
    steps.push(step.trim());
  }
  // Steps that name calls (`release_seats(…)`): a numbered list of prose is advice, not a plan of work. A
  // step that only reports back ("5. Confirm to the user.") is no call and no work; it is left out.
  const calls = steps.filter((step) => /^[`*]*[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/i.test(step));
  const reports = steps.filter((step) => reportingStep.test(step));
  return calls.length >= 2 && calls.length + reports.length === steps.length ? calls : null;
}

/** A step that only answers the user: `report`, "Confirm to the user.", "Reply with the result". */
const reportingStep =
  /^[`*]*(?:report|answer|reply|respond|confirm|summari[sz]e|summary|tell|inform|let)\b(?![_(])[^()]{0,60}$/i;

/** A plan step's name without its arguments: `get_order({…})` → `get_order`. */
export function stepName(step: string): string {
  return step.replace(/\(.*$/s, '');
}

/** A tool-like name (`change_slot`, `get_order`): what a step of a plan of work calls. */
const callName = /^[a-z][a-z0-9]*(?:[_.-][a-z0-9]+)+$/i;

/**
 * The steps of a plan a model wrote as JSON (`{"plan": [{"tool": "get_order", "args": {…}}, …]}`, or a list
 * of `tool(args)` strings), each as `tool({…})`; null for JSON that is not such a plan, undefined for text
 * that is not JSON at all (the numbered-lines reading applies then).
 */
function jsonPlanSteps(text: string): string[] | null | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const record =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  const list = record ? (record.plan ?? record.steps) : null;
  if (!Array.isArray(list) || list.length < 2) return null;
  const steps: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      if (reportingStep.test(item)) continue;
      if (!/^[`*]*[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/i.test(item)) return null;
      steps.push(item);
      continue;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return null;
    const step = item as Record<string, unknown>;
    const tool = step.tool ?? step.tool_name ?? step.function ?? step.name ?? step.action;
    if (typeof tool !== 'string' || !callName.test(tool)) return null;
    const args = step.args ?? step.arguments ?? step.parameters ?? step.input;
    steps.push(args === undefined ? tool : `${tool}(${JSON.stringify(args)})`);
  }
  return steps.length >= 2 ? steps : null;
}

/**
 * The first model span whose output is a written plan, with its steps; or a planning sub-agent's (an agent
 * span under another that hands back a plan).
 */
function writtenPlan(spans: readonly Span[]): { span: Span; steps: string[] } | null {
  for (const span of spans) {
    if (span.role !== 'llm' && (span.role !== 'agent' || span.parentId === null)) continue;
    for (const message of span.outputMessages) {
      const steps = writtenPlanSteps(message.text);
      if (steps) return { span, steps };
    }
  }
  return null;
}

const writtenPlans = new WeakMap<AnalysisContext, { span: Span; steps: string[] } | null>();

/**
 * The request and the first recorded plan, for the rules that compare them; null when either is missing.
 * Without a plan span, a plan a model wrote out as numbered tool calls is the plan, at that model span.
 */
export function requestAndPlan(context: AnalysisContext): { request: string; planSpan: Span; steps: string[] } | null {
  const request = context.goal.request;
  if (!request) return null;
  let planSpan = planSpans.get(context);
  if (planSpan === undefined) {
    planSpan = context.spans.find((span) => span.plan !== null && span.plan.length > 0) ?? null;
    planSpans.set(context, planSpan);
  }
  if (planSpan?.plan) return { request, planSpan, steps: planSpan.plan };
  let written = writtenPlans.get(context);
  if (written === undefined) {
    written = writtenPlan(context.spans);
    writtenPlans.set(context, written);
  }
  return written ? { request, planSpan: written.span, steps: written.steps } : null;
}
