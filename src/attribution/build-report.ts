import type { CaptureGap, Span } from '../model/span.js';
import type { Finding, Report, WalkthroughStep } from '../report/report.js';
import { type AnalysisContext, spanOfCheck } from './analysis-context.js';
import type { RootChoice } from './engine.js';
import type { RuleFinding } from './rule.js';
import { describeSpanError, type SpanError } from './span-errors.js';
import { suggestedFixFor } from './suggested-fix.js';

const gapText: Record<CaptureGap, string> = {
  'input-messages': 'model input messages not recorded',
  'output-messages': 'model output not recorded',
  'tool-arguments': 'tool arguments not recorded',
  'tool-result': 'tool result not recorded',
  'retrieval-query': 'retrieval query not recorded',
  'retrieval-documents': 'retrieved documents not recorded',
  'user-request': 'the user request not recorded',
  'system-instructions': 'system instructions not recorded',
};

function positionOf(context: AnalysisContext, spanId: string): number {
  return context.position.get(spanId) ?? 0;
}

/**
 * The position of the span at each index of `context.spans`: the index itself when span IDs are unique
 * (always, for a trace that was read), which spares a lookup per span on a large trace.
 */
function positionAt(context: AnalysisContext): (index: number) => number {
  if (context.position.size === context.spans.length) return (index) => index;
  return (index) => positionOf(context, context.spans[index]?.id ?? '');
}

/**
 * The error of the span at each index of `context.spans`, worked out when first asked: the blast
 * radius and the surfaced span both look at every span after the root, which on a large trace is
 * most of them.
 */
function spanErrorsByIndex(context: AnalysisContext): (index: number) => SpanError | null {
  const described = new Uint8Array(context.spans.length);
  // Errors are few: only they are kept.
  const errors = new Map<number, SpanError>();
  return (index) => {
    if (described[index] === 1) return errors.get(index) ?? null;
    described[index] = 1;
    const error = describeSpanError(context.spans[index] as Span);
    if (error) errors.set(index, error);
    return error;
  };
}

/** Downstream spans that consumed the bad value, or failed because of the root. */
function blastRadius(
  root: RuleFinding,
  context: AnalysisContext,
  errorAt: (index: number) => SpanError | null,
): Report['blastRadius'] {
  const entries: Report['blastRadius'] = [];
  const seen = new Set<string>([root.spanId]);
  const rootPosition = positionOf(context, root.spanId);
  if (root.badValue) {
    for (const check of context.provenance.checks) {
      if (check.value.key !== root.badValue || seen.has(check.spanId)) continue;
      const span = spanOfCheck(context, check);
      if (!span) continue;
      seen.add(span.id);
      const note =
        span.role === 'tool'
          ? `${span.tool?.name ?? span.name} ran with ${check.value.field ?? 'the value'} ${check.value.raw}${describeSpanError(span) ? ' and failed' : ''}`
          : span.id === context.answer?.spanId
            ? `the final answer repeats ${check.value.raw}`
            : `${span.name} carried ${check.value.raw} forward`;
      entries.push({ spanId: span.id, note });
    }
  }
  const position = positionAt(context);
  for (let index = 0; index < context.spans.length; index += 1) {
    if (position(index) <= rootPosition) continue;
    const span = context.spans[index] as Span;
    if (seen.has(span.id)) continue;
    const error = errorAt(index);
    if (error) {
      seen.add(span.id);
      entries.push({ spanId: span.id, note: `${span.name} failed (${error.message.slice(0, 100)})` });
    }
  }
  const answer = context.answer;
  if (
    answer &&
    !seen.has(answer.spanId) &&
    positionOf(context, answer.spanId) >= rootPosition &&
    answer.spanId !== root.spanId
  ) {
    entries.push({ spanId: answer.spanId, note: 'the final answer was built on it' });
  }
  return entries;
}

function surfacedSpan(
  root: RuleFinding,
  context: AnalysisContext,
  errorAt: (index: number) => SpanError | null,
): string {
  const rootPosition = positionOf(context, root.spanId);
  const position = positionAt(context);
  for (let index = 0; index < context.spans.length; index += 1) {
    if (position(index) >= rootPosition && errorAt(index)) return (context.spans[index] as Span).id;
  }
  return context.answer?.spanId ?? root.spanId;
}

function missingCapture(root: RuleFinding | null, context: AnalysisContext): Report['missingCapture'] {
  const limit = root ? positionOf(context, root.spanId) : context.spans.length;
  const entries: Report['missingCapture'] = [];
  const position = positionAt(context);
  for (let index = 0; index < context.spans.length; index += 1) {
    const span = context.spans[index] as Span;
    if (position(index) > limit) break;
    for (const gap of span.notCaptured) entries.push({ spanId: span.id, what: gapText[gap] });
  }
  return entries.slice(0, 20);
}

function stepVerdict(
  spans: readonly Span[],
  findings: readonly RuleFinding[],
  root: RuleFinding | null,
  layers: readonly string[],
): WalkthroughStep['verdict'] {
  if (spans.length === 0) return 'absent';
  // The set of the step's span IDs is made only for a finding in one of its layers: on a large trace
  // most steps have none, and each set would hold tens of thousands of IDs.
  let ids: Set<string> | null = null;
  const isStepSpan = (spanId: string): boolean => {
    ids ??= new Set(spans.map((span) => span.id));
    return ids.has(spanId);
  };
  if (root && layers.includes(root.layer) && isStepSpan(root.spanId)) return 'bad';
  if (
    findings.some(
      (finding) => finding.severity !== 'info' && layers.includes(finding.layer) && isStepSpan(finding.spanId),
    )
  )
    return 'suspect';
  return 'ok';
}

function walkthrough(
  context: AnalysisContext,
  findings: readonly RuleFinding[],
  root: RuleFinding | null,
): WalkthroughStep[] {
  const { request, instructions } = context.goal;
  // The spans of each step, in trace order, sorted out in one pass over a trace that may be large.
  const tools: Span[] = [];
  const retrievals: Span[] = [];
  const models: Span[] = [];
  const plans: Span[] = [];
  const answerSpans: Span[] = [];
  const answerSpanId = context.answer?.spanId;
  for (const span of context.spans) {
    const role = span.role;
    if (role === 'tool' || role === 'handoff' || role === 'http' || role === 'db') tools.push(span);
    else if (role === 'retrieval' || role === 'rerank') retrievals.push(span);
    else if (role === 'llm') models.push(span);
    if (span.plan !== null) plans.push(span);
    if (answerSpanId !== undefined && span.id === answerSpanId) answerSpans.push(span);
  }
  const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}…` : text);
  const noteFor = (verdict: WalkthroughStep['verdict'], ok: string, layers: readonly string[]): string => {
    if (verdict === 'absent') return 'not recorded in this trace';
    if (verdict === 'bad' && root) return root.message;
    const finding = findings.find((candidate) => layers.includes(candidate.layer) && candidate.severity !== 'info');
    return verdict === 'suspect' && finding ? finding.message : ok;
  };
  const goalVerdict: WalkthroughStep['verdict'] =
    request === null ? 'absent' : root?.layer === 'instruction' ? 'bad' : 'ok';
  const planVerdict = stepVerdict(plans, findings, root, ['plan']);
  const toolVerdict = stepVerdict(
    tools.length > 0
      ? tools
      : models.filter((span) => span.outputMessages.some((message) => message.toolCalls.length > 0)),
    findings,
    root,
    ['tool-args', 'tool', 'infrastructure', 'upstream-data'],
  );
  const retrievalVerdict = stepVerdict(retrievals, findings, root, ['retrieval']);
  const modelVerdict = stepVerdict(models, findings, root, ['model', 'infrastructure', 'tool-args']);
  const claims = findings.filter((finding) => finding.rule === 'unsupported-claim');
  const answerVerdict: WalkthroughStep['verdict'] =
    answerSpans.length === 0 ? 'absent' : claims.length > 0 ? 'bad' : root ? 'suspect' : 'ok';
  return [
    {
      step: 'goal',
      verdict: goalVerdict,
      note:
        goalVerdict === 'absent'
          ? 'the user request is not recorded'
          : goalVerdict === 'bad' && root
            ? root.message
            : `request: "${short(request ?? '')}"${instructions ? '; instructions recorded' : ''}`,
    },
    {
      step: 'plan',
      verdict: planVerdict,
      note: noteFor(planVerdict, `${plans[0]?.plan?.length ?? 0} planned steps cover the request`, ['plan']),
    },
    {
      step: 'tools',
      verdict: toolVerdict,
      note: noteFor(
        toolVerdict,
        `${tools.length} tool call${tools.length === 1 ? '' : 's'} with arguments traced to their sources`,
        ['tool-args', 'tool', 'infrastructure', 'upstream-data'],
      ),
    },
    {
      step: 'retrieval',
      verdict: retrievalVerdict,
      note: noteFor(
        retrievalVerdict,
        `${retrievals.length} retrieval step${retrievals.length === 1 ? '' : 's'} returned relevant context`,
        ['retrieval'],
      ),
    },
    {
      step: 'model',
      verdict: modelVerdict,
      note: noteFor(
        modelVerdict,
        `${models.length} model call${models.length === 1 ? '' : 's'} consistent with their inputs`,
        ['model', 'infrastructure'],
      ),
    },
    {
      step: 'answer',
      verdict: answerVerdict,
      note:
        answerVerdict === 'absent'
          ? 'no final answer recorded'
          : claims[0]
            ? claims[0].message
            : root
              ? `the answer rests on ${root.spanId}: "${short(context.answer?.text ?? '')}"`
              : `"${short(context.answer?.text ?? '')}"`,
    },
  ];
}

function toFinding(finding: RuleFinding): Finding {
  return {
    rule: finding.rule,
    spanId: finding.spanId,
    layer: finding.layer,
    severity: finding.severity,
    message: finding.message,
  };
}

export function buildReport(context: AnalysisContext, findings: readonly RuleFinding[], choice: RootChoice): Report {
  const { root, candidates } = choice;
  const trace = context.trace;
  const hasWarnings = candidates.length > 0 || findings.some((finding) => finding.severity === 'warning');
  const verdict: Report['verdict'] = root ? 'failed' : hasWarnings ? 'suspicious' : 'ok';
  const rootSpan = root ? context.byId.get(root.spanId) : undefined;
  const errorAt = spanErrorsByIndex(context);
  const report: Report = {
    traceId: trace.traceId,
    format: trace.format,
    traceUrl: trace.traceUrl,
    verdict,
    rootCause:
      root && rootSpan
        ? {
            spanId: root.spanId,
            spanName: rootSpan.name,
            layer: root.layer,
            rule: root.rule,
            summary: root.summary,
            confidence: Math.round(root.confidence * 100) / 100,
            evidence: root.evidence,
          }
        : null,
    surfacedSpanId: root ? surfacedSpan(root, context, errorAt) : null,
    blastRadius: root ? blastRadius(root, context, errorAt) : [],
    suggestedFix: root ? suggestedFixFor(root) : null,
    candidates: candidates.map((finding) => ({
      spanId: finding.spanId,
      layer: finding.layer,
      rule: finding.rule,
      confidence: Math.round(finding.confidence * 100) / 100,
    })),
    missingCapture: missingCapture(root, context),
    findings: findings.map(toFinding),
    walkthrough: walkthrough(context, findings, root),
    partial: trace.partial,
    spanNames: {},
  };
  const mentioned = new Set<string>();
  if (report.rootCause) mentioned.add(report.rootCause.spanId);
  for (const evidence of report.rootCause?.evidence ?? []) mentioned.add(evidence.spanId);
  if (report.surfacedSpanId) mentioned.add(report.surfacedSpanId);
  for (const entries of [report.blastRadius, report.candidates, report.missingCapture, report.findings])
    for (const entry of entries) mentioned.add(entry.spanId);
  for (const spanId of mentioned) {
    const span = context.byId.get(spanId);
    if (span) report.spanNames[spanId] = span.name;
  }
  return report;
}
