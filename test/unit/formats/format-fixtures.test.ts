import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTrace, readTraces } from '../../../src/formats/index.js';
import type { Span } from '../../../src/model/span.js';
import type { Trace } from '../../../src/model/trace.js';

const formatFixtures = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/formats');

function fixture(name: string): Buffer {
  return readFileSync(path.join(formatFixtures, name));
}

function spanNamed(trace: Trace, predicate: (span: Span) => boolean, what: string): Span {
  const found = trace.spans.filter(predicate);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length}`);
  return found[0] as Span;
}

function base64ToHex(text: string): string {
  return Buffer.from(text, 'base64').toString('hex');
}

/** Every ID the reader hands on is lowercase hex of the right width, and every parent is in the trace. */
function expectHexIdsAndLinkedParents(trace: Trace, rootCount: number): void {
  expect(trace.traceId).toMatch(/^[0-9a-f]{32}$/);
  const ids = new Set(trace.spans.map((span) => span.id));
  for (const span of trace.spans) {
    expect(span.id).toMatch(/^[0-9a-f]{16}$/);
    if (span.parentId !== null) {
      expect(span.parentId).toMatch(/^[0-9a-f]{16}$/);
      expect(ids.has(span.parentId)).toBe(true);
    }
    expect(span.orphan).toBe(false);
  }
  expect(trace.rootSpanIds).toHaveLength(rootCount);
  expect(trace.warnings).toEqual([]);
}

describe('Tempo v2 `/api/v2/traces/{id}` (`{trace:{resourceSpans}}`, base64 IDs, enum names, int64 strings)', () => {
  const raw = JSON.parse(fixture('tempo-v2-genai-agent.json').toString('utf8')) as {
    trace: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string; spanId: string }> }> }> };
  };
  const rawSpans = raw.trace.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
  const trace = readTrace(fixture('tempo-v2-genai-agent.json'), { source: 'tempo-v2-genai-agent.json' });

  it('reads as OTLP with every span, IDs turned from base64 into hex', () => {
    expect(trace.format).toBe('otlp');
    expect(trace.spans).toHaveLength(rawSpans.length);
    expect(trace.traceId).toBe(base64ToHex(rawSpans[0]?.traceId ?? ''));
    expect(trace.spans.map((span) => span.id).sort()).toEqual(rawSpans.map((span) => base64ToHex(span.spanId)).sort());
    expectHexIdsAndLinkedParents(trace, 1);
  });

  it('decodes kinds, statuses and services from names and both resources', () => {
    const bookingServer = spanNamed(trace, (span) => span.kind === 'server', 'server span');
    expect(bookingServer.service).toBe('flights-api');
    expect(bookingServer.status).toEqual({ code: 'error', message: 'upstream GDS timeout' });
    expect(bookingServer.httpStatus).toBe(503);
    expect(trace.spans.filter((span) => span.kind === 'client').length).toBeGreaterThan(0);
    expect(new Set(trace.spans.map((span) => span.service))).toEqual(new Set(['travel-agent', 'flights-api']));
  });

  it('assigns GenAI roles and keeps the agent span as the parent of its steps', () => {
    const agent = spanNamed(trace, (span) => span.role === 'agent', 'agent span');
    expect(trace.rootSpanIds).toEqual([agent.id]);
    expect(trace.spans.filter((span) => span.role === 'llm')).toHaveLength(3);
    expect(trace.spans.filter((span) => span.role === 'tool')).toHaveLength(2);
    expect(trace.spans.filter((span) => span.role === 'retrieval')).toHaveLength(1);
    for (const span of trace.spans.filter((each) => ['llm', 'tool', 'retrieval'].includes(each.role))) {
      expect(span.parentId).toBe(agent.id);
    }
    // HTTP spans hang under the tool that made the call, and the server span under that client span.
    const bookingTool = spanNamed(trace, (span) => span.tool?.name === 'book_flight', 'book_flight tool');
    const bookingClient = spanNamed(
      trace,
      (span) => span.role === 'http' && span.parentId === bookingTool.id,
      'booking client span',
    );
    expect(spanNamed(trace, (span) => span.kind === 'server', 'server span').parentId).toBe(bookingClient.id);
  });

  it('decodes the request, instructions, tool calls with parsed arguments, results, documents and usage', () => {
    const agent = spanNamed(trace, (span) => span.role === 'agent', 'agent span');
    expect(agent.userRequest).toMatch(/^Book the cheapest direct flight from Berlin to Lisbon/);
    expect(agent.systemInstructions).toContain('Confirm the fare class before booking.');

    const firstModel = trace.spans.filter((span) => span.role === 'llm')[0];
    expect(firstModel?.model).toBe('gpt-4o-2024-08-06');
    expect(firstModel?.usage).toMatchObject({ inputTokens: 812, outputTokens: 46 });
    expect(firstModel?.finishReason).toBe('tool_calls');
    expect(firstModel?.outputMessages[0]?.toolCalls).toEqual([
      {
        id: 'call_9Xq2',
        name: 'search_flights',
        arguments: { origin: 'BER', destination: 'LIS', date: '2026-03-12', direct_only: true, cabin: 'economy' },
      },
    ]);

    const search = spanNamed(trace, (span) => span.tool?.name === 'search_flights', 'search tool');
    expect(search.tool?.callId).toBe('call_9Xq2');
    expect(search.tool?.arguments).toMatchObject({ destination: 'LIS', date: '2026-03-12' });
    expect(Array.isArray(search.tool?.result) && search.tool?.result[0]).toMatchObject({
      flight: 'TP 531',
      price_eur: 142,
    });

    const booking = spanNamed(trace, (span) => span.tool?.name === 'book_flight', 'book_flight tool');
    expect(booking.tool?.arguments).toEqual({
      flight: 'TP 531',
      date: '2026-03-12',
      fare_class: 'economy',
      passenger_id: 'p-7781',
    });
    expect(booking.status.code).toBe('error');
    expect(booking.exceptions[0]?.type).toBe('BookingUnavailableError');
    expect(booking.notCaptured).toContain('tool-result');

    const retrieval = spanNamed(trace, (span) => span.role === 'retrieval', 'retrieval span');
    expect(retrieval.retrieval?.query).toBe('direct flights Berlin Lisbon economy fare rules');
    expect(retrieval.retrieval?.documents.map((document) => [document.id, document.score])).toEqual([
      ['policy-12', 0.82],
      ['policy-31', 0.64],
    ]);
  });

  it('orders spans by start time (int64 nanosecond strings read without losing order)', () => {
    const starts = trace.spans.map((span) => span.startTime ?? Number.NaN);
    expect(starts).toEqual([...starts].sort((left, right) => left - right));
    const agent = trace.spans[0];
    expect(agent?.role).toBe('agent');
    expect((agent?.endTime ?? 0) - (agent?.startTime ?? 0)).toBeCloseTo(9412, 0);
  });
});

describe('Tempo v1 `/api/traces/{id}` (`{batches}` with legacy instrumentationLibrarySpans)', () => {
  const trace = readTrace(fixture('tempo-v1-legacy-batches.json'), { source: 'tempo-v1-legacy-batches.json' });

  it('reads both batches and every library span, with hex IDs and linked parents', () => {
    expect(trace.format).toBe('otlp');
    expect(trace.spans).toHaveLength(5);
    expect(trace.traceId).toBe('0c9e4b7a2f1d4e3c8b6a5f4e3d2c1b0a');
    expectHexIdsAndLinkedParents(trace, 1);
    expect(new Set(trace.spans.map((span) => span.service))).toEqual(new Set(['support-bot', 'tickets-service']));
    // The library name is kept even though the field is the legacy one.
    expect(trace.spans.map((span) => span.attributes['otel.scope.name'])).toContain(
      'opentelemetry.instrumentation.traceloop',
    );
  });

  it('maps OpenLLMetry kinds and the indexed gen_ai.prompt / gen_ai.completion attributes', () => {
    const workflow = spanNamed(trace, (span) => span.role === 'agent', 'workflow span');
    expect(trace.rootSpanIds).toEqual([workflow.id]);
    expect(workflow.input).toMatchObject({ kwargs: { question: 'What is the status of ticket 4471?' } });
    // The decorated function's keyword argument is the user's request.
    expect(workflow.userRequest).toBe('What is the status of ticket 4471?');

    const models = trace.spans.filter((span) => span.role === 'llm');
    expect(models).toHaveLength(2);
    expect(models[0]?.inputMessages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(models[0]?.inputMessages[1]?.text).toBe('What is the status of ticket 4471?');
    expect(models[0]?.systemInstructions).toBe('You are the Contoso support bot. Look tickets up before answering.');
    expect(models[0]?.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_Tk4471', name: 'get_ticket', arguments: { ticket_id: '4471' } },
    ]);
    expect(models[0]?.usage).toEqual({ inputTokens: 96, outputTokens: 18, totalTokens: 114 });
    expect(models[1]?.outputMessages[0]?.text).toBe('Ticket 4471 is waiting on the customer since 1 June.');
    expect(models[1]?.inputMessages[2]).toMatchObject({ role: 'tool', toolCallId: 'call_Tk4471' });

    const tool = spanNamed(trace, (span) => span.role === 'tool', 'tool span');
    expect(tool.tool).toMatchObject({
      name: 'get_ticket',
      arguments: { ticket_id: '4471' },
      result: { status: 'waiting on customer' },
    });
    const server = spanNamed(trace, (span) => span.kind === 'server', 'server span');
    expect(server.parentId).toBe(tool.id);
    expect(server.httpStatus).toBe(200);
  });
});

describe('OpenTelemetry Collector file exporter (JSON Lines, one trace over several lines)', () => {
  const bytes = fixture('otel-collector-file-exporter.jsonl');
  const lines = bytes.toString('utf8').trim().split('\n');
  const traces = readTraces(bytes, { source: 'otel-collector-file-exporter.jsonl' });

  it('joins the lines into one trace whose root arrived last', () => {
    expect(lines.length).toBeGreaterThan(2);
    expect(traces).toHaveLength(1);
    const trace = traces[0] as Trace;
    expect(trace.format).toBe('otlp');
    expect(trace.spans).toHaveLength(5);
    expectHexIdsAndLinkedParents(trace, 1);
    const lastLine = JSON.parse(lines[lines.length - 1] ?? '{}') as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string }> }> }>;
    };
    expect(trace.rootSpanIds).toEqual([lastLine.resourceSpans[0]?.scopeSpans[0]?.spans[0]?.spanId]);
  });

  it('decodes OpenInference roles, messages, tool calls, tool arguments and documents', () => {
    const trace = traces[0] as Trace;
    const agent = spanNamed(trace, (span) => span.role === 'agent', 'agent span');
    expect(agent.userRequest).toBe('Why was I charged twice for invoice INV-2291?');
    expect(agent.status.code).toBe('ok');

    const models = trace.spans.filter((span) => span.role === 'llm');
    expect(models).toHaveLength(2);
    expect(models[0]?.model).toBe('gpt-4o-mini-2024-07-18');
    expect(models[0]?.systemInstructions).toContain('never guess amounts');
    expect(models[0]?.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_Inv2291', name: 'lookup_invoice', arguments: { invoice_id: 'INV-2291' } },
    ]);
    expect(models[0]?.usage).toEqual({ inputTokens: 233, outputTokens: 21, totalTokens: 254 });
    expect(models[1]?.outputMessages[0]?.text).toMatch(/pending authorisation/);

    const tool = spanNamed(trace, (span) => span.role === 'tool', 'tool span');
    expect(tool.tool?.name).toBe('lookup_invoice');
    expect(tool.tool?.arguments).toEqual({ invoice_id: 'INV-2291' });
    expect(tool.tool?.result).toMatchObject({ payments: [{ id: 'pay_1' }, { id: 'pay_2', status: 'authorised' }] });

    const retrieval = spanNamed(trace, (span) => span.role === 'retrieval', 'retrieval span');
    expect(retrieval.retrieval?.query).toBe('charged twice duplicate invoice payment');
    expect(retrieval.retrieval?.documents.map((document) => document.id)).toEqual(['faq-dup-charge', 'faq-refunds']);
    for (const span of [...models, tool, retrieval]) expect(span.parentId).toBe(agent.id);
  });

  it('reads the same spans whatever order the lines arrive in', () => {
    const reversed = `${[...lines].reverse().join('\n')}\n`;
    const again = readTrace(reversed, { source: 'reversed.jsonl' });
    const trace = traces[0] as Trace;
    expect(again.spans.map((span) => span.id)).toEqual(trace.spans.map((span) => span.id));
    expect(again.rootSpanIds).toEqual(trace.rootSpanIds);
  });
});
