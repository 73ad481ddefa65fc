import type { Span } from '../../model/span.js';
import { namedArguments, rejectionOrigin, unsourcedModelArgument } from '../rejection-origin.js';
import type { Rule, RuleFinding } from '../rule.js';
import {
  describeSpanError,
  hasFailingDescendant,
  isRecovered,
  type SpanError,
  writerOfToolCall,
} from '../span-errors.js';
import { isRefusalOrFailureReport } from '../text/words.js';

/**
 * Failed spans, placed in the layer the error belongs to (BRIEF "Errors by layer"): rate limits,
 * timeouts, auth and 5xx gateways are infrastructure; a tool failing on sensible arguments is the
 * tool; a 4xx caused by the arguments is tool-args at the span that wrote them. Errors a retry fixed,
 * and not-found answers the agent reported honestly, are not causes.
 */
export const spanErrorRule: Rule = {
  id: 'span-error',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    const answerIsFailureReport = context.answer ? isRefusalOrFailureReport(context.answer.text) : false;
    for (const span of context.spans) {
      const error = describeSpanError(span);
      if (!error) continue;
      // Parents fail because a child failed: the deepest failing span is where it started.
      if (hasFailingDescendant(span, context)) continue;
      if (span.role === 'agent' && (context.children.get(span.id)?.length ?? 0) > 0 && error.httpStatus === null)
        continue;
      const statusText = error.httpStatus !== null ? `HTTP ${error.httpStatus}` : 'an error';
      const quoted = error.message.length > 160 ? `${error.message.slice(0, 157)}…` : error.message;
      if (isRecovered(span, context)) {
        findings.push({
          rule: 'recovered-error',
          spanId: span.id,
          layer: error.errorClass === 'infrastructure' ? 'infrastructure' : 'tool',
          severity: 'info',
          message: `${span.name} failed (${quoted}) but a later attempt succeeded`,
          summary: `${span.name} failed and was retried successfully.`,
          confidence: 0.2,
          evidence: [],
          causal: false,
          badValue: null,
        });
        continue;
      }
      const rejectedInput = error.errorClass === 'arguments' || error.errorClass === 'not-found';
      const writer = rejectedInput ? (writerOfToolCall(span, context) ?? span) : span;
      // A rejected value the agent copied from the instructions or a record started there, not in the call.
      // A service that broke (5xx, stack trace) refused nothing: its own fault stays with it.
      const refused = rejectedInput || (error.errorClass === 'tool' && !error.internalFault);
      const origin = refused ? rejectionOrigin(span, error, writerOfToolCall(span, context) ?? span, context) : null;
      if (origin) {
        findings.push(origin);
        continue;
      }
      // A refusal of the action in the record's present state (409 Conflict, a precondition not met), on a
      // call that named the right record, honestly reported: the system did its job, and so did the agent.
      if (
        error.errorClass === 'arguments' &&
        answerIsFailureReport &&
        isStateRefusal(error) &&
        unsourcedModelArgument(span, writerOfToolCall(span, context) ?? span, context) === null
      ) {
        findings.push({
          rule: 'honest-refusal',
          spanId: span.id,
          layer: 'tool',
          severity: 'info',
          message: `${span.name} refused the action in the record's present state (${quoted}) and the answer says so`,
          summary: `${span.name} refused the action (${quoted}), and the answer reported it honestly.`,
          confidence: 0.2,
          evidence: [],
          causal: false,
          badValue: null,
        });
        continue;
      }
      if (error.errorClass === 'not-found' && answerIsFailureReport) {
        findings.push({
          rule: 'honest-not-found',
          spanId: span.id,
          layer: 'tool',
          severity: 'info',
          message: `${span.name} found nothing (${quoted}) and the answer says so`,
          summary: `${span.name} found nothing, and the answer reported it honestly.`,
          confidence: 0.2,
          evidence: [],
          causal: false,
          badValue: null,
        });
        continue;
      }
      const evidence = [
        {
          spanId: span.id,
          field: error.inBody ? 'result.error' : 'status',
          expected: null,
          actual: quoted,
          source: error.inBody ? 'response body' : 'span status',
        },
      ];
      if (error.errorClass === 'infrastructure') {
        findings.push({
          rule: 'infrastructure-error',
          spanId: span.id,
          layer: 'infrastructure',
          severity: 'error',
          message: `${span.name} failed with ${statusText}: ${quoted}`,
          summary: `${span.name} failed with ${statusText} (${quoted}): an infrastructure failure, not a bad value.`,
          confidence: 0.85,
          evidence,
          causal: true,
          badValue: null,
        });
      } else if (rejectedInput) {
        findings.push({
          rule: 'rejected-arguments',
          spanId: writer.id,
          layer: 'tool-args',
          severity: 'error',
          message: `${span.name} rejected its arguments with ${statusText}: ${quoted}`,
          summary: `${span.name} rejected the arguments ${writer.id === span.id ? 'it was given' : `that ${writer.name} wrote`} (${statusText}: ${quoted}).`,
          confidence: error.errorClass === 'not-found' ? 0.55 : 0.7,
          evidence: [rejectedArgumentEvidence(span, error.message, quoted)],
          causal: true,
          badValue: namedArguments(span, error.message)[0]?.text.toLowerCase() ?? null,
        });
      } else if (error.errorClass === 'model') {
        findings.push({
          rule: 'model-error',
          spanId: span.id,
          layer: 'model',
          severity: 'error',
          message: `${span.name} stopped: ${quoted}`,
          summary: `${span.name} did not produce a usable output (${quoted}).`,
          confidence: 0.7,
          evidence,
          causal: true,
          badValue: null,
        });
      } else {
        findings.push({
          rule: 'tool-error',
          spanId: span.id,
          layer: 'tool',
          severity: 'error',
          message: `${span.name} failed with ${statusText} on arguments that have a source upstream: ${quoted}`,
          summary: `${span.name} failed with ${statusText} (${quoted}) although its arguments were sensible: the tool itself failed.`,
          confidence: 0.75,
          evidence,
          causal: true,
          badValue: null,
        });
      }
    }
    return findings;
  },
};

const stateRefusal =
  /precondition|conflict|must (be|have) .{1,60} before|before (it|this|the \w+) can be|already (closed|cancelled|canceled|completed|approved|locked|in progress)|not allowed (in|while)|cannot be \w+ (while|in|until)|locked/i;

/** A refusal because of the record's state (409, 412, 423, or words that say so), not because of a bad value. */
function isStateRefusal(error: SpanError): boolean {
  return (
    error.httpStatus === 409 || error.httpStatus === 412 || error.httpStatus === 423 || stateRefusal.test(error.message)
  );
}

/** The argument the refusal names ("quantity 300 exceeds …" names `quantity`), else the arguments as a whole. */
function rejectedArgumentEvidence(span: Span, message: string, quoted: string): RuleFinding['evidence'][number] {
  const named = namedArguments(span, message)[0];
  return {
    spanId: span.id,
    field: named ? `args.${named.field}` : 'args',
    expected: null,
    actual: named ? named.text : quoted,
    source: `${span.name} response: ${quoted}`,
  };
}
