import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { langfuseReader } from '../../../src/formats/langfuse.js';
import type { ParsedInput } from '../../../src/formats/trace-reader.js';
import type { SpanRole } from '../../../src/model/span.js';
import { devFixtures, externalFixtures, ownFixtures } from '../fixture-paths.js';

function load(file: string): { input: ParsedInput; json: { trace?: { id: string }; observations?: Observation[] } } {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  return { input: { kind: 'json', value: json }, json };
}

interface Observation {
  id: string;
  type: string;
  parentObservationId: string | null;
  level?: string;
}

/** The role each Langfuse observation type stands for. */
const expectedRole: Record<string, SpanRole> = {
  GENERATION: 'llm',
  TOOL: 'tool',
  AGENT: 'agent',
  CHAIN: 'agent',
  RETRIEVER: 'retrieval',
  EMBEDDING: 'embedding',
  GUARDRAIL: 'guardrail',
};

describe('Langfuse exports from public framework integrations', () => {
  const folder = path.join(externalFixtures, 'langfuse');
  const files = readdirSync(folder).filter((name) => name.endsWith('.json'));

  it('finds all eight files', () => {
    expect(files).toHaveLength(8);
  });

  it.each(files)('%s: one span per observation plus the trace, typed by observation type', (name) => {
    const { input, json } = load(path.join(folder, name));
    expect(langfuseReader.detect(input)).toBe(true);
    const [trace, ...others] = langfuseReader.read(input, { source: name });
    expect(others).toHaveLength(0);
    const observations = json.observations ?? [];
    expect(trace?.traceId).toBe(json.trace?.id);
    expect(trace?.spans).toHaveLength(observations.length + 1);
    for (const observation of observations) {
      const span = trace?.spans.find((candidate) => candidate.id === observation.id);
      expect(span, observation.id).toBeDefined();
      const role = expectedRole[observation.type];
      if (role) expect(span?.role, `${observation.type} ${observation.id}`).toBe(role);
      expect(span?.parentId).toBe(observation.parentObservationId ?? json.trace?.id);
    }
    const sourceIndexes = trace?.spans.map((span) => span.sourceIndex) ?? [];
    expect(new Set(sourceIndexes).size).toBe(sourceIndexes.length);
  });

  it('decodes generation messages and tool arguments from the raw OTel attributes', () => {
    const { input } = load(path.join(folder, 'microsoft-agent-2025-12-17.trace.json'));
    const [trace] = langfuseReader.read(input, { source: 'microsoft-agent' });
    const generations = trace?.spans.filter((span) => span.role === 'llm') ?? [];
    expect(generations.length).toBe(2);
    for (const generation of generations) expect(generation.inputMessages.length).toBeGreaterThan(0);
    const tool = trace?.spans.find((span) => span.role === 'tool');
    expect(tool?.tool?.name).toBeTruthy();
    expect(tool?.tool?.arguments).not.toBeNull();
  });
});

describe('labelled Langfuse dev runs', () => {
  const files = readdirSync(devFixtures).filter((name) => name.endsWith('.langfuse.json'));

  it.each(files)('%s: the observations keep their IDs under the trace, with error levels read', (name) => {
    const { input, json } = load(path.join(devFixtures, name));
    const [trace] = langfuseReader.read(input, { source: name });
    const observations = json.observations ?? [];
    expect(trace?.spans).toHaveLength(observations.length + 1);
    const traceId = json.trace?.id ?? (json as { id?: string }).id;
    expect(trace?.traceId).toBe(traceId);
    const root = trace?.spans.find((span) => span.id === traceId);
    expect(root?.role).toBe('agent');
    expect(root?.userRequest).toBeTruthy();
    for (const observation of observations) {
      const span = trace?.spans.find((candidate) => candidate.id === observation.id);
      expect(span?.role).toBe(expectedRole[observation.type] ?? 'other');
      expect(span?.status.code).toBe(observation.level === 'ERROR' ? 'error' : 'unset');
    }
  });
});

describe('the v2 observations list', () => {
  const { input } = load(path.join(ownFixtures, 'formats/langfuse-v2-observations.json'));
  const [trace] = langfuseReader.read(input, { source: 'v2' });

  it('reads raw-string input, output and metadata into messages, tool arguments and usage', () => {
    expect(trace?.traceId).toBe('f3e9a1c7b5d24e6f8a0c2e4b6d8f0a1c');
    expect(trace?.spans.map((span) => span.role)).toEqual(['agent', 'llm', 'tool', 'tool']);
    const [agent, generation, cancel, notify] = trace?.spans ?? [];
    expect(agent?.parentId).toBeNull();
    expect(agent?.userRequest).toBe('Cancel my order 5521');
    expect(generation?.systemInstructions).toBe('You manage orders. Never cancel shipped orders.');
    expect(generation?.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_c1', name: 'cancel_order', arguments: { order_id: '5512' } },
    ]);
    expect(generation?.finishReason).toBe('tool_calls');
    expect(generation?.usage).toEqual({ inputTokens: 96, outputTokens: 19, totalTokens: 115 });
    expect(cancel?.tool?.arguments).toEqual({ order_id: '5512' });
    expect(cancel?.tool?.result).toEqual({ cancelled: true, order_id: '5512' });
    expect(notify?.status).toEqual({ code: 'error', message: '429 Too Many Requests: rate limit exceeded' });
    expect(notify?.httpStatus).toBe(429);
    expect(notify?.notCaptured).toContain('tool-arguments');
  });

  it('refuses what is not a Langfuse document with an InputError naming the source', () => {
    const wrong: ParsedInput = { kind: 'json', value: { data: [{ id: 1 }] } };
    expect(langfuseReader.detect(wrong)).toBe(false);
    expect(() => langfuseReader.read(wrong, { source: 'wrong.json' })).toThrow(InputError);
    expect(() => langfuseReader.read(wrong, { source: 'wrong.json' })).toThrow(/wrong\.json/);
  });
});

describe('generic SPAN observations', () => {
  it('take their role from the raw attributes and the name, since SPAN says nothing about the work', () => {
    const observation = (id: string, name: string, attributes: Record<string, string>) => ({
      id,
      traceId: 'trace-1',
      type: 'SPAN',
      name,
      startTime: '2025-01-01T00:00:00.000Z',
      parentObservationId: null,
      metadata: { attributes },
    });
    const value = {
      data: [
        observation('a', 'plan', { 'agent.plan': '["lookup","reply"]' }),
        observation('b', 'POST', { 'http.request.method': 'POST', 'http.response.status_code': '502' }),
        observation('c', 'format_reply', {}),
      ],
      meta: {},
    };
    const [trace] = langfuseReader.read({ kind: 'json', value }, { source: 'spans' });
    expect(trace?.spans.map((span) => span.role)).toEqual(['plan', 'http', 'other']);
    expect(trace?.spans[0]?.plan).toEqual(['lookup', 'reply']);
    expect(trace?.spans[1]?.httpStatus).toBe(502);
  });
});

describe('planner nodes', () => {
  const node = (id: string, name: string, output: unknown) => ({
    id,
    traceId: 'trace-1',
    type: 'AGENT',
    name,
    startTime: '2025-01-01T00:00:00.000Z',
    parentObservationId: null,
    output,
  });

  it('an AGENT named as the planner that returns steps is the plan', () => {
    const steps = [
      { id: 1, tool: 'book_boat' },
      { id: 2, action: 'reply' },
    ];
    const value = { data: [node('p', 'planner', { steps }), node('w', 'booking-worker', { steps })], meta: {} };
    const [trace] = langfuseReader.read({ kind: 'json', value }, { source: 'planner' });
    expect(trace?.spans.map((span) => span.role)).toEqual(['plan', 'agent']);
    expect(trace?.spans[0]?.plan).toEqual(steps.map((step) => JSON.stringify(step)));
    expect(trace?.spans[1]?.plan).toBeNull();
  });

  it('a planner AGENT whose output is prose stays an agent', () => {
    const value = { data: [node('p', 'planner', 'I will book the boat.')], meta: {} };
    const [trace] = langfuseReader.read({ kind: 'json', value }, { source: 'planner' });
    expect(trace?.spans[0]?.role).toBe('agent');
  });
});
