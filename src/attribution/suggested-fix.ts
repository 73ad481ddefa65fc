import type { Layer } from '../report/report.js';
import type { RuleFinding } from './rule.js';

const byRule: Record<string, string> = {
  'value-drift':
    'Verify identifiers and amounts against the request and the looked-up record before acting (echo-check them in code), and constrain the argument schema (pattern, range, enum).',
  'invented-value':
    'Never let the model fill a required argument without a source: make the field required from a prior tool result, and reject placeholder values (example.com, 555-01xx) in the tool.',
  'rejected-arguments':
    "Validate tool arguments against the tool schema before calling it, and feed the tool's validation error back to the model instead of ending the run.",
  'tool-error':
    'Fix the tool: it failed on sensible arguments. Add a contract test for this input and surface the error to the agent.',
  'infrastructure-error':
    'Handle this at the client: retry with backoff honouring Retry-After, check credentials and quotas, and alert on repeated failures.',
  'upstream-data':
    'Correct the record at its source, and validate tool results (ranges, formats) before the agent uses them.',
  'miscomputed-result':
    'Fix the calculation in the tool: it returned a result its own inputs contradict. Add a contract test for these inputs, and check computed values against their inputs before acting on them.',
  'retrieval-empty':
    'Check the index and the query built from the request; when retrieval is empty, answer "I don\'t know" instead of guessing.',
  'retrieval-wrong-entity':
    'Filter retrieval by the entity the request names (metadata filter or reranker), and refuse to answer from context about a different entity.',
  'retrieval-off-topic':
    'Improve the query and the reranker, and set a relevance threshold below which the agent says it does not know.',
  'dropped-constraint':
    "Pass the user's restrictions to the next agent as structured fields (allergens, accessibility, exclusions), not only a paraphrased task, and have the receiving agent echo them before it acts.",
  'degraded-result':
    "Treat the tool's own quality signal (fallback match, low confidence) as a failure: reject or ask the user to confirm before acting on it, and make the tool return an error instead of a silent fallback.",
  'stale-context':
    'Exclude superseded, archived and expired documents before ranking (filter on their status or validity dates), and prefer the newest version when several match.',
  'instruction-conflict':
    "Remove the hard-coded fact from the system instructions and tell the agent to use the tool's current value instead.",
  'miscounted-extension':
    'Compute the new end date in code from the current record and the requested extension, and have the tool reject an extension that does not match the nights or days asked for.',
  'miscomputed-remainder':
    'Compute balances and remaining counts in code from the records (a tool that returns what is left), and have the model quote that figure instead of doing the subtraction.',
  'altered-range':
    'Quote ranges and limits from the source verbatim (copy the span of the document into the answer, or render it from structured fields) instead of restating them in free text.',
  'misreported-booking':
    'Render the confirmation from the booking call’s own result (its date and time fields), not from the options the model was shown before it.',
  'misadded-record-list':
    'Add up records in code (have the tool return the total of the items it lists, or a sum tool), and have the model quote that figure instead of adding the list itself.',
  'miscomputed-arithmetic':
    'Do arithmetic in code (a calculator tool or a pricing function that returns the total), and have the model quote its result instead of multiplying or adding in prose.',
  'forbidden-target':
    'Pass the target environment or record as a structured, validated argument (an allow-list per request), and have the tool refuse targets the request ruled out.',
  'wrong-weekday':
    'Resolve relative days ("Monday") to dates in code from the run\'s date, echo the resolved date to the user, and reject calls whose date falls on another weekday.',
  'ignored-filter':
    'Fix the tool so it applies the range it is given (and test it with records either side of the bound), and have the agent check the returned records against the range before acting on them.',
  'replaced-request-value':
    "Copy the request's values into tool arguments in code (structured output from the request, not free text), and have the agent compare each argument with the request before it acts.",
  'total-as-count':
    "Name the unit in the argument's schema (`quantity` counts catalogue units) and have the tool echo the total measure it will supply, so N items of M kg are not ordered as N × M items.",
  'slipped-clock-time':
    'Pass times to tools as ISO 8601 date-times built in code from the request, echo the time back to the user before acting, and reject calls whose time differs from the one asked for.',
  'misstated-time-zone':
    'Remove the time-zone conversion from the system instructions, or make the tool return times with their zone and convert in code from the zone the result states.',
  'plan-gap':
    'Make the planner cover every clause of the request (a checklist step), and verify the plan against the goal before executing it.',
  'plan-contradiction':
    'Constrain the planner to the action the request names, and require confirmation for destructive steps.',
  'truncated-output':
    'Raise the output token limit or shorten the prompt, and treat finish_reason "length" as a failure, not an answer.',
  'content-filtered': 'Review the prompt and the content filter settings; handle filtered completions explicitly.',
  'malformed-tool-call':
    'Use structured outputs / strict tool schemas so that tool-call arguments are always valid JSON, and retry on parse errors.',
  'model-error': 'Handle the model error explicitly and retry or fall back.',
};

const byLayer: Record<Layer, string> = {
  instruction: 'Correct the system instructions.',
  plan: 'Fix the planner so that the plan covers the request.',
  'tool-args': 'Validate tool arguments against the request before calling the tool.',
  tool: 'Fix the tool.',
  retrieval: 'Fix retrieval so that the right context reaches the model.',
  'upstream-data': 'Fix the data at its source and validate tool results.',
  model:
    "Ground the model's output in its context: require values to be copied from the retrieved or tool data (with citations), and check numbers in the answer against the inputs before replying.",
  infrastructure: 'Handle rate limits, timeouts and credentials at the client.',
};

/** Value rules mean different fixes in different layers: a drifted argument is not a drifted answer. */
const valueRules = new Set(['value-drift', 'invented-value']);

export function suggestedFixFor(root: RuleFinding): string {
  if (valueRules.has(root.rule) && root.layer !== 'tool-args') return byLayer[root.layer];
  // A model that quoted the outdated one of two versions it was given needs grounding, not a retrieval fix.
  if (root.rule === 'stale-context' && root.layer !== 'retrieval') return byLayer[root.layer];
  return byRule[root.rule] ?? byLayer[root.layer];
}
