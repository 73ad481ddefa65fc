import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { langsmithReader } from '../../../src/formats/langsmith.js';
import type { ParsedInput } from '../../../src/formats/trace-reader.js';
import { ownFixtures } from '../fixture-paths.js';

const load = (name: string) => JSON.parse(readFileSync(path.join(ownFixtures, 'formats', name), 'utf8'));
const json = (value: unknown): ParsedInput => ({ kind: 'json', value });

describe('LangSmith runs, v1 field names', () => {
  const runs = load('langsmith-runs-v1.json');
  const [trace] = langsmithReader.read(json(runs), { source: 'v1' });
  const byId = (id: string) => trace?.spans.find((span) => span.id === id);

  it('uses run IDs as span IDs, trace_id as the trace, and parent_run_id as the parent', () => {
    expect(langsmithReader.detect(json(runs))).toBe(true);
    expect(trace?.traceId).toBe(runs[0].id);
    expect(trace?.spans.map((span) => [span.id, span.parentId])).toEqual(
      runs.map((run: { id: string; parent_run_id: string | null }) => [run.id, run.parent_run_id]),
    );
    expect(trace?.spans.map((span) => span.role)).toEqual(['agent', 'llm', 'tool', 'retrieval', 'llm']);
  });

  it('reads zone-less timestamps as UTC', () => {
    expect(byId(runs[0].id)?.startTime).toBe(Date.parse('2025-06-11T08:15:00.120Z'));
  });

  it('decodes serialised LangChain messages, tool calls, model, finish reason and usage', () => {
    const llm = byId(runs[1].id);
    expect(llm?.systemInstructions).toBe('You are a refunds assistant. Always confirm the order ID before refunding.');
    expect(llm?.inputMessages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(llm?.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_7Hk2', name: 'issue_refund', arguments: { order_id: '1234', amount: 89 } },
    ]);
    expect(llm?.model).toBe('gpt-4o-2024-08-06');
    expect(llm?.finishReason).toBe('tool_calls');
    expect(llm?.usage).toEqual({ inputTokens: 410, outputTokens: 38, totalTokens: 448 });
    expect(byId(runs[4].id)?.outputMessages[0]?.text).toBe('Refund issued for order #1234.');
  });

  it('reads the root request, tool arguments written as a Python dict, and retrieved documents', () => {
    expect(byId(runs[0].id)?.userRequest).toBe('Refund order #1234 and email the customer');
    expect(byId(runs[2].id)?.tool).toEqual({
      name: 'issue_refund',
      callId: null,
      arguments: { order_id: '1234', amount: 89 },
      result: { refund_id: 'rf_5531', status: 'issued' },
    });
    const retrieval = byId(runs[3].id)?.retrieval;
    expect(retrieval?.query).toBe('refund confirmation email template');
    expect(retrieval?.documents.map((document) => document.id)).toEqual(['templates/refund.md', 'templates/delay.md']);
  });
});

describe('LangSmith runs, v2 field names', () => {
  const body = load('langsmith-runs-v2.json');
  const [trace] = langsmithReader.read(json(body), { source: 'v2' });
  const byName = (name: string) => trace?.spans.find((span) => span.name === name);

  it('reads {runs}, upper-case run types and statuses, and parents from parent_run_ids', () => {
    expect(trace?.spans).toHaveLength(4);
    expect(trace?.spans.map((span) => span.role)).toEqual(['agent', 'plan', 'llm', 'tool']);
    expect(byName('planner')?.parentId).toBe(body.runs[0].id);
    expect(byName('LangGraph')?.parentId).toBeNull();
    expect(byName('LangGraph')?.userRequest).toBe("Book a table for 4 at Luigi's on Friday 7pm");
  });

  it('keeps one tool call when a message lists it both as a content block and in tool_calls', () => {
    expect(byName('ChatAnthropic')?.outputMessages[0]?.toolCalls).toHaveLength(1);
    expect(byName('ChatAnthropic')?.finishReason).toBe('tool_use');
  });

  it('turns the error string into an error status, an exception and the HTTP status it names', () => {
    const tool = byName('book_table');
    expect(tool?.status.code).toBe('error');
    expect(tool?.exceptions[0]?.type).toBe('HTTPStatusError');
    expect(tool?.httpStatus).toBe(503);
    expect(tool?.tool?.arguments).toEqual({ restaurant: "Luigi's", party_size: 4, time: 'Friday 19:00' });
    expect(tool?.notCaptured).toEqual([]);
  });

  it('derives parent and trace from dotted_order when the IDs are absent', () => {
    const { parent_run_ids: _unused, trace_id: _trace, ...planner } = body.runs[1];
    const [only] = langsmithReader.read(json([planner]), { source: 'dotted' });
    expect(only?.traceId).toBe(body.runs[0].id);
    expect(only?.spans[0]?.parentId).toBe(body.runs[0].id);
  });

  it('rejects runs without a run ID, naming the field', () => {
    expect(langsmithReader.detect(json({ runs: [] }))).toBe(false);
    expect(() => langsmithReader.read(json([{ id: 7, run_type: 'llm', start_time: 'x' }]), { source: 'bad' })).toThrow(
      InputError,
    );
  });
});
