import type { Layer } from '../../src/report/report.js';

/** One span of a scenario, format-neutral. `key` is local; writers turn it into the format's span ID. */
export interface ScenarioSpan {
  key: string;
  kind: 'agent' | 'llm' | 'tool' | 'retrieval' | 'plan' | 'http' | 'handoff';
  name: string;
  parent?: string;
  request?: string;
  instructions?: string;
  answer?: string;
  /** LLM: the prompt messages after the request (context, tool results). */
  prompt?: Array<{ role: 'system' | 'user' | 'tool'; text: string }>;
  /** LLM: text output and tool calls. */
  output?: string;
  toolCalls?: Array<{ name: string; args: Record<string, unknown> }>;
  finishReason?: string;
  /** Tool / handoff / http. */
  args?: Record<string, unknown>;
  result?: unknown;
  httpStatus?: number;
  error?: string;
  /** Retrieval. */
  query?: string;
  documents?: Array<{ id: string; content: string; score: number }>;
  /** Plan. */
  steps?: string[];
  /** Duration in ms (default 50 for tools, 800 for models). */
  duration?: number;
}

export interface Scenario {
  name: string;
  domain: string;
  /** The failure mode (for clustering benchmarks); `healthy` for healthy runs. */
  mode: string;
  verdict: 'ok' | 'failed';
  root: { keys: string[]; layers: Layer[] } | null;
  surfacedKey: string | null;
  note: string;
  service: string;
  spans: ScenarioSpan[];
}

export type CorpusFormat = 'otlp-genai' | 'otlp-openinference' | 'jaeger' | 'zipkin' | 'langfuse' | 'text';

export interface WrittenTrace {
  /** File suffix: `otlp.json`, `jaeger.json`, `txt`, … */
  extension: string;
  content: string;
  traceId: string | null;
  /** Scenario span key → span ID as the format gives it. */
  spanIds: Record<string, string>;
}
