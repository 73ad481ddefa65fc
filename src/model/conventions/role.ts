import type { JsonValue } from '../json-value.js';
import type { SpanKind, SpanRole } from '../span.js';

const openInferenceRoles: Record<string, SpanRole> = {
  LLM: 'llm',
  TOOL: 'tool',
  RETRIEVER: 'retrieval',
  RERANKER: 'rerank',
  EMBEDDING: 'embedding',
  AGENT: 'agent',
  CHAIN: 'agent',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'other',
  PROMPT: 'other',
};

const operationRoles: Record<string, SpanRole> = {
  chat: 'llm',
  text_completion: 'llm',
  completion: 'llm',
  generate_content: 'llm',
  generate: 'llm',
  embeddings: 'embedding',
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'agent',
  execute_tool: 'tool',
  retrieval: 'retrieval',
};

const sourceTypeRoles: Record<string, SpanRole> = {
  generation: 'llm',
  llm: 'llm',
  agent: 'agent',
  chain: 'agent',
  tool: 'tool',
  retriever: 'retrieval',
  retrieval: 'retrieval',
  reranker: 'rerank',
  embedding: 'embedding',
  guardrail: 'guardrail',
  prompt: 'other',
  parser: 'other',
};

const traceloopRoles: Record<string, SpanRole> = { workflow: 'agent', agent: 'agent', tool: 'tool', task: 'other' };

const planStepName = /^(plan|planner|planning|make_?plan|create_?plan|plan_?steps)$/i;

/** Decides a span's role with the precedence Langfuse uses (FORMATS.md D.6), then protocol and name hints. */
export function decideRole(
  name: string,
  kind: SpanKind,
  attributes: Record<string, JsonValue>,
  sourceType: string | null,
): SpanRole {
  const explicit = attributes['langfuse.observation.type'];
  if (typeof explicit === 'string' && sourceTypeRoles[explicit.toLowerCase()])
    return sourceTypeRoles[explicit.toLowerCase()] as SpanRole;
  const openInference = attributes['openinference.span.kind'];
  if (typeof openInference === 'string' && openInferenceRoles[openInference.toUpperCase()]) {
    // A chain step named for planning is the plan, not an agent: frameworks record planners as chains.
    if (openInference.toUpperCase() === 'CHAIN' && planStepName.test(name)) return 'plan';
    return openInferenceRoles[openInference.toUpperCase()] as SpanRole;
  }
  const operation = attributes['gen_ai.operation.name'];
  if (typeof operation === 'string' && operationRoles[operation]) return operationRoles[operation] as SpanRole;
  const traceloop = attributes['traceloop.span.kind'];
  if (typeof traceloop === 'string' && traceloopRoles[traceloop]) return traceloopRoles[traceloop] as SpanRole;
  if (sourceType === 'chain' && planStepName.test(name)) return 'plan';
  if (sourceType && sourceTypeRoles[sourceType]) return sourceTypeRoles[sourceType] as SpanRole;
  // Vercel AI SDK span names; one prefix test spares the three patterns for every other span.
  if (name.startsWith('ai.')) {
    if (/^ai\.toolCall\b/.test(name)) return 'tool';
    if (/^ai\.(generateText|streamText|generateObject|streamObject)\.do(Generate|Stream)\b/.test(name)) return 'llm';
    if (/^ai\.(generateText|streamText|generateObject|streamObject)\b/.test(name)) return 'agent';
  }
  if ('gen_ai.tool.name' in attributes || 'gen_ai.tool.call.id' in attributes || 'tool.name' in attributes)
    return 'tool';
  if (
    'gen_ai.request.model' in attributes ||
    'gen_ai.response.model' in attributes ||
    'llm.model_name' in attributes ||
    'gen_ai.prompt.0.content' in attributes
  ) {
    return 'llm';
  }
  if (
    'db.system' in attributes ||
    'db.system.name' in attributes ||
    'db.statement' in attributes ||
    'db.query.text' in attributes
  )
    return 'db';
  if (
    'http.request.method' in attributes ||
    'http.method' in attributes ||
    'url.full' in attributes ||
    'http.url' in attributes ||
    'http.response.status_code' in attributes
  ) {
    return 'http';
  }
  const lower = name.toLowerCase();
  if (/\b(plan|planner|planning)\b/.test(lower) || lower.endsWith('.plan')) return 'plan';
  if (/handoff|hand_off|transfer_to/.test(lower)) return 'handoff';
  if (/guardrail|moderation/.test(lower)) return 'guardrail';
  if (/rerank/.test(lower)) return 'rerank';
  if (/retriev|vector.?search|similarity.?search/.test(lower)) return 'retrieval';
  if (kind === 'client' && /^(get|post|put|patch|delete|head)\b/i.test(name)) return 'http';
  return 'other';
}
