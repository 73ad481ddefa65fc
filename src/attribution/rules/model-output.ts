import type { Span } from '../../model/span.js';
import type { Rule, RuleFinding } from '../rule.js';

const truncation = new Set(['length', 'max_tokens', 'max_output_tokens', 'max_tokens_exceeded', 'model_length']);
const filtered = new Set(['content_filter', 'safety', 'recitation', 'blocked']);

const noReasons: ReadonlySet<string> = new Set();

/** A model span's finish reasons, lowercased; most spans record none, and they get no new set. */
function finishReasons(span: Span): ReadonlySet<string> {
  if (span.finishReason === null && span.outputMessages.every((message) => message.finishReason === null))
    return noReasons;
  return new Set(
    [span.finishReason, ...span.outputMessages.map((message) => message.finishReason)]
      .filter((reason): reason is string => reason !== null)
      .map((reason) => reason.toLowerCase()),
  );
}

/**
 * Model outputs that cannot be used as they are: truncated (finish reason `length`), stopped by a
 * content filter, or tool calls whose arguments are not valid JSON.
 */
export const modelOutputRule: Rule = {
  id: 'model-output',
  evaluate(context) {
    const findings: RuleFinding[] = [];
    for (const span of context.spans) {
      if (span.role !== 'llm') continue;
      const reasons = finishReasons(span);
      if (reasons.size > 0 && [...reasons].some((reason) => truncation.has(reason))) {
        findings.push({
          rule: 'truncated-output',
          spanId: span.id,
          layer: 'model',
          severity: 'error',
          message: `${span.name} stopped at its token limit (finish reason ${[...reasons].join(', ')})`,
          summary: `${span.name} ran out of output tokens: its output is truncated.`,
          confidence: 0.8,
          evidence: [
            {
              spanId: span.id,
              field: 'finish_reason',
              expected: 'stop',
              actual: [...reasons].join(', '),
              source: 'model response',
            },
          ],
          causal: true,
          badValue: null,
        });
      } else if (reasons.size > 0 && [...reasons].some((reason) => filtered.has(reason))) {
        findings.push({
          rule: 'content-filtered',
          spanId: span.id,
          layer: 'model',
          severity: 'error',
          message: `${span.name} was stopped by a content filter`,
          summary: `${span.name} produced no usable output: a content filter stopped it.`,
          confidence: 0.7,
          evidence: [
            {
              spanId: span.id,
              field: 'finish_reason',
              expected: 'stop',
              actual: [...reasons].join(', '),
              source: 'model response',
            },
          ],
          causal: true,
          badValue: null,
        });
      }
      for (const message of span.outputMessages) {
        for (const call of message.toolCalls) {
          if (typeof call.arguments !== 'string') continue;
          const text = call.arguments.trim();
          if (!text.startsWith('{') && !text.startsWith('[')) continue;
          findings.push({
            rule: 'malformed-tool-call',
            spanId: span.id,
            layer: 'model',
            severity: 'error',
            message: `${span.name} called ${call.name} with arguments that are not valid JSON`,
            summary: `${span.name} wrote a malformed tool call to ${call.name} (its arguments are not valid JSON).`,
            confidence: 0.75,
            evidence: [
              {
                spanId: span.id,
                field: `tool_calls.${call.name}.arguments`,
                expected: 'valid JSON',
                actual: text.slice(0, 120),
                source: 'model response',
              },
            ],
            causal: true,
            badValue: null,
          });
        }
      }
    }
    return findings;
  },
};
