import { createHash } from 'node:crypto';
import type { Span } from '../model/span.js';
import type { Trace } from '../model/trace.js';
import type { Layer, Report } from '../report/report.js';
import { describeEvidence } from './evidence-shape.js';
import { normaliseName } from './normalise-name.js';

/**
 * The failure mode of one run, with every identifier and number abstracted away, so that the same
 * mode in another run (or next week's batch) yields the same signature and the same ID.
 */
export interface FailureSignature {
  /** `sig_` + 12 hex characters of a hash of `text`. */
  id: string;
  layer: Layer;
  rule: string;
  /** The root span's role (`tool`, `llm`, `retrieval`, …). */
  role: string;
  /** The tool, data source or agent the mode lives in, normalised (`lookup_order`); empty when none applies. */
  subject: string;
  /** What went wrong, value-free: `order_id drifted by transposition`, `http 429`, `0 documents`. */
  shape: string;
  /** The canonical text the ID hashes. */
  text: string;
}

export function signatureOf(report: Report, trace: Trace | null): FailureSignature | null {
  const rootCause = report.rootCause;
  if (!rootCause) return null;
  const rootSpan = trace?.spans.find((span) => span.id === rootCause.spanId) ?? null;
  const role = rootSpan?.role ?? 'unknown';
  const subject = normaliseName(subjectName(rootSpan, trace, rootCause.layer) ?? '');
  const shape = failureShape(report, rootSpan);
  // The role is left out: the same drifted argument is recorded on the model span or on the tool span
  // depending on what the framework captures.
  const text = [rootCause.layer, rootCause.rule, subject, shape].join('|');
  const id = `sig_${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return { id, layer: rootCause.layer, rule: rootCause.rule, role, subject, shape, text };
}

/** Layers whose mode is told by the rule and the evidence alone: the span that carries them varies by framework. */
const subjectlessLayers = new Set<Layer>(['plan', 'instruction', 'model']);

/** Operation prefixes that conventions put in span names (`retrieval kb-search`, `execute_tool x`). */
const operationPrefix = /^(retrieval|execute_tool|invoke_agent|chat|embeddings|tool|retrieve|rerank)[\s.:]+/i;

/** The name a person would group by: the tool, the data source, else the agent. */
function subjectName(span: Span | null, trace: Trace | null, layer: Layer): string | null {
  if (!span || subjectlessLayers.has(layer)) return null;
  if (span.tool?.name) return span.tool.name;
  if (span.role === 'llm') {
    // A model span that wrote bad tool arguments is grouped by the tool it called; otherwise by nothing
    // more specific than "the model" (the provider is not always recorded).
    const called = span.outputMessages.flatMap((message) => message.toolCalls)[0];
    return called ? called.name : 'model';
  }
  const dataSource = span.attributes['gen_ai.data_source.id'];
  if (typeof dataSource === 'string') return dataSource;
  if (span.role === 'retrieval' || span.role === 'rerank') return span.name.replace(operationPrefix, '');
  const agent = span.attributes['gen_ai.agent.name'];
  if (typeof agent === 'string') return agent;
  return span.service ?? trace?.spans[0]?.service ?? span.name.replace(operationPrefix, '');
}

function failureShape(report: Report, span: Span | null): string {
  const rootCause = report.rootCause;
  if (!rootCause) return '';
  // Value rules are told apart by what drifted and how; other rules by the rule itself.
  const evidenceShape = valueRules.has(rootCause.rule) ? describeEvidence(rootCause.evidence) : null;
  if (evidenceShape && (rootCause.layer === 'tool-args' || rootCause.layer === 'instruction')) return evidenceShape;
  if (rootCause.layer === 'infrastructure' || rootCause.layer === 'tool') {
    const text = `${span?.status.message ?? ''} ${rootCause.summary}`;
    const status = span?.httpStatus ?? statusFromText(text);
    if (status !== null) return `http ${status}`;
    const category = failureCategory(text);
    if (category) return category;
  }
  if (rootCause.layer === 'retrieval' && span?.retrieval && span.retrieval.documents.length === 0) {
    return '0 documents';
  }
  if (evidenceShape) return evidenceShape;
  return rootCause.rule.replace(/-/g, ' ');
}

const valueRules = new Set(['value-drift', 'invented-value']);

/** A status code said as one (`HTTP 503`, `status 429`, `429 Too Many Requests`), not a port or an amount. */
function statusFromText(text: string): number | null {
  const match =
    /\b(?:http|status(?:[ _]code)?|code)[ :=]*([45]\d\d)\b/i.exec(text) ??
    /(?<![\d.:,$€£])\b([45]\d\d)\s+(?:[A-Z][a-z]+|error|too many)/.exec(text);
  return match ? Number(match[1]) : null;
}

const categories: ReadonlyArray<[RegExp, string]> = [
  [/rate.?limit|too many requests|throttl/i, 'rate limited'],
  [/quota|insufficient.?credit|billing/i, 'quota exceeded'],
  [/unauthori[sz]ed|forbidden|invalid.?(api.?)?key|expired.?token|authenticat/i, 'auth failure'],
  [/time(d)?.?out|deadline exceeded/i, 'timeout'],
  [/econnrefused|connection refused|econnreset|enotfound|dns|unreachable|network/i, 'connection failure'],
];

function failureCategory(text: string): string | null {
  for (const [pattern, category] of categories) if (pattern.test(text)) return category;
  return null;
}
