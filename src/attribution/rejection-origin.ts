import type { JsonValue } from '../model/json-value.js';
import type { Span } from '../model/span.js';
import type { AnalysisContext } from './analysis-context.js';
import type { ValueCheck } from './provenance.js';
import type { RuleFinding } from './rule.js';
import type { SpanError } from './span-errors.js';
import { conflictingLimit, statedLimits } from './text/limits.js';

export interface ArgumentLeaf {
  field: string;
  text: string;
}

function stringLeaves(value: JsonValue | null, field: string, output: ArgumentLeaf[], depth = 0): void {
  if (value === null || depth > 6 || output.length > 100) return;
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    if (text.length >= 3) output.push({ field, text });
    return;
  }
  if (Array.isArray(value)) for (const item of value) stringLeaves(item, field, output, depth + 1);
  else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      stringLeaves(item, field ? `${field}.${key}` : key, output, depth + 1);
  }
}

/** The argument values an error message names: the whole value, or an email's domain ("domain x.com not found"). */
export function namedArguments(span: Span, message: string): ArgumentLeaf[] {
  const leaves: ArgumentLeaf[] = [];
  stringLeaves(span.tool?.arguments ?? null, '', leaves);
  const lower = message.toLowerCase();
  return leaves.filter((leaf) => {
    const text = leaf.text.toLowerCase();
    if (lower.includes(text)) return true;
    const domain = /@([a-z0-9.-]+\.[a-z]{2,})$/.exec(text)?.[1];
    return domain !== undefined && new RegExp(`\\b${domain.replace(/\./g, '\\.')}\\b`).test(lower);
  });
}

/** The field of a record that holds exactly this text, or null. */
function fieldHolding(result: JsonValue | null, text: string): string | null {
  const leaves: ArgumentLeaf[] = [];
  stringLeaves(result, '', leaves);
  const wanted = text.toLowerCase();
  return leaves.find((leaf) => leaf.text.toLowerCase() === wanted)?.field ?? null;
}

/**
 * A limit the system instructions state that the rejecting service states differently ("up to 70 kg"
 * against "maximum of 31.5 kg"): the agent built a call the instructions allowed, so the wrong value
 * first entered in the instructions.
 */
function instructionLimitFinding(span: Span, error: SpanError, context: AnalysisContext): RuleFinding | null {
  const { instructions, instructionsSpanId } = context.goal;
  if (!instructions || !instructionsSpanId) return null;
  const conflict = conflictingLimit(statedLimits(instructions), statedLimits(error.message));
  if (!conflict) return null;
  const [stated, observed] = conflict;
  return {
    rule: 'instruction-limit',
    spanId: instructionsSpanId,
    layer: 'instruction',
    severity: 'error',
    message: `the system instructions allow "${stated.raw}", but ${span.name} rejected the call: "${observed.raw}"`,
    summary: `The system instructions state a limit ("${stated.raw}") that ${span.name} does not accept ("${observed.raw}"); the agent followed the instructions into a rejected call.`,
    confidence: 0.75,
    evidence: [
      {
        spanId: instructionsSpanId,
        field: 'system_instructions',
        expected: observed.raw,
        actual: stated.raw,
        source: `${span.name} error`,
      },
    ],
    causal: true,
    badValue: null,
  };
}

/**
 * An argument the error names that the system instructions gave and the user did not ("page the
 * schedule 'payments-primary'" after that schedule was archived): the instructions hold the stale value.
 */
function instructionValueFinding(span: Span, error: SpanError, context: AnalysisContext): RuleFinding | null {
  const { instructions, instructionsSpanId, request } = context.goal;
  if (!instructions || !instructionsSpanId) return null;
  const fromInstructions = instructions.toLowerCase();
  const fromUser = (request ?? '').toLowerCase();
  const leaf = namedArguments(span, error.message).find((candidate) => {
    const text = candidate.text.toLowerCase();
    return fromInstructions.includes(text) && !fromUser.includes(text);
  });
  if (!leaf) return null;
  const quoted = error.message.length > 160 ? `${error.message.slice(0, 157)}…` : error.message;
  return {
    rule: 'rejected-instruction-value',
    spanId: instructionsSpanId,
    layer: 'instruction',
    severity: 'error',
    message: `the system instructions give ${leaf.field} "${leaf.text}", which ${span.name} rejected: ${quoted}`,
    summary: `The system instructions name ${leaf.field} "${leaf.text}"; the agent used it as told and ${span.name} rejected it (${quoted}): the instructions are out of date.`,
    confidence: 0.7,
    evidence: [
      {
        spanId: instructionsSpanId,
        field: 'system_instructions',
        expected: null,
        actual: leaf.text,
        source: `${span.name} error: ${quoted}`,
      },
    ],
    causal: true,
    badValue: leaf.text.toLowerCase(),
  };
}

/** A refusal that names a count the call asked for ("requested 2", "asked for 40"), which a numeric argument holds. */
function refusesRequestedCount(span: Span, message: string): boolean {
  const callArguments = span.tool?.arguments;
  if (
    callArguments === null ||
    callArguments === undefined ||
    typeof callArguments !== 'object' ||
    Array.isArray(callArguments)
  )
    return false;
  const counts = Object.values(callArguments).filter((value): value is number => typeof value === 'number');
  for (const match of message.matchAll(requestedCount)) {
    const count = Number(match[1] ?? match[2]);
    if (counts.includes(count)) return true;
  }
  return false;
}

const requestedCount = /\b(?:requested|asked for|you asked for|ordered)\s*:?\s*(\d+)\b|\b(\d+)\s+requested\b/gi;

/**
 * An argument the error names that the agent copied faithfully from an earlier tool's record, and that
 * neither the user nor the instructions gave: the record held the bad value (upstream data).
 */
function recordValueFinding(span: Span, error: SpanError, writer: Span, context: AnalysisContext): RuleFinding | null {
  // "Only 1 driver place left on 2026-04-18 (requested 2)": the refusal is about how many the call asked for,
  // not about the date it names beside it.
  if (refusesRequestedCount(span, error.message)) return null;
  const before = context.position.get(writer.id) ?? context.position.get(span.id) ?? 0;
  const given = `${context.goal.request ?? ''}\n${context.goal.instructions ?? ''}`.toLowerCase();
  for (const leaf of namedArguments(span, error.message)) {
    if (given.includes(leaf.text.toLowerCase())) continue;
    for (const candidate of context.spans) {
      if ((context.position.get(candidate.id) ?? 0) >= before) break;
      if (candidate.id === span.id || candidate.tool?.result === undefined || candidate.tool.result === null) continue;
      const field = fieldHolding(candidate.tool.result, leaf.text);
      if (field === null) continue;
      const quoted = error.message.length > 160 ? `${error.message.slice(0, 157)}…` : error.message;
      return {
        rule: 'rejected-record-value',
        spanId: candidate.id,
        layer: 'upstream-data',
        severity: 'error',
        message: `${candidate.name} returned ${field} "${leaf.text}", which ${span.name} rejected: ${quoted}`,
        summary: `${candidate.name} returned ${field} "${leaf.text}"; the agent passed it on faithfully and ${span.name} rejected it (${quoted}): the record itself is wrong.`,
        confidence: 0.7,
        evidence: [
          {
            spanId: candidate.id,
            field: `result.${field}`,
            expected: null,
            actual: leaf.text,
            source: `${span.name} error: ${quoted}`,
          },
        ],
        causal: true,
        badValue: leaf.text.toLowerCase(),
      };
    }
  }
  return null;
}

/**
 * Where a rejected call's bad value came from, when the trace shows it did not start in the span that
 * wrote the call: the instructions (a wrong limit) or an earlier record (a wrong value). Null otherwise.
 */
export function rejectionOrigin(
  span: Span,
  error: SpanError,
  writer: Span,
  context: AnalysisContext,
): RuleFinding | null {
  return (
    instructionLimitFinding(span, error, context) ??
    instructionValueFinding(span, error, context) ??
    recordValueFinding(span, error, writer, context) ??
    modelValueFinding(span, error, writer, context)
  );
}

/**
 * An argument of the call that a model wrote in its prose first (a selection note, a summary) with no
 * source of its own: the call copied it faithfully, so the bad value started in that model output.
 */
export function unsourcedModelArgument(
  span: Span,
  writer: Span,
  context: AnalysisContext,
): { value: ValueCheck; origin: ValueCheck; model: Span } | null {
  const checks = context.provenance.checks;
  // A call whose writer drifted a value of its own (`2026-01-02` for the `2027-01-02` it was given) has
  // its explanation there, not in a value it copied faithfully from an earlier model output.
  if (checks.some((check) => check.spanId === writer.id && check.status === 'drifted')) return null;
  for (const value of checks) {
    if (value.spanId !== span.id && value.spanId !== writer.id) continue;
    if (value.status !== 'supported' || value.source?.kind !== 'constructed') continue;
    const model = context.byId.get(value.source.spanId);
    if (model?.role !== 'llm' || model.id === writer.id) continue;
    const origin = checks.find(
      (candidate) =>
        candidate.spanId === model.id &&
        candidate.value.key === value.value.key &&
        (candidate.status === 'unsourced' || candidate.status === 'drifted'),
    );
    if (origin) return { value, origin, model };
  }
  return null;
}

function modelValueFinding(span: Span, error: SpanError, writer: Span, context: AnalysisContext): RuleFinding | null {
  const found = unsourcedModelArgument(span, writer, context);
  if (!found) return null;
  const { origin, model } = found;
  const quoted = error.message.length > 160 ? `${error.message.slice(0, 157)}…` : error.message;
  const upstream = origin.source ? ` where the ${origin.source.label} has ${origin.source.value.raw}` : '';
  return {
    rule: 'rejected-model-value',
    spanId: model.id,
    layer: 'model',
    severity: 'error',
    message: `${model.name} stated ${origin.value.raw}${upstream}; ${span.name} used it and rejected the call: ${quoted}`,
    summary: `${model.name} stated ${origin.value.raw}, which none of its inputs supports${upstream}; the call copied it and ${span.name} rejected it (${quoted}).`,
    confidence: 0.7,
    evidence: [
      {
        spanId: model.id,
        field: 'output',
        expected: origin.source?.value.raw ?? null,
        actual: origin.value.raw,
        source: origin.source?.label ?? 'no upstream source',
      },
    ],
    causal: true,
    badValue: origin.value.key,
  };
}
