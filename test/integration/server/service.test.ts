import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../../../src/backends/local.js';
import { TracehoundError } from '../../../src/errors/index.js';
import { readTraces } from '../../../src/formats/index.js';
import { createLogger } from '../../../src/logging/logger.js';
import { type RunningService, startService } from '../../../src/server/create-server.js';

const silentLogger = createLogger({
  level: 'silent',
  destination: new Writable({ write: (_chunk, _encoding, callback) => callback() }),
});

interface ExportedRun {
  traceId: string;
  spans: Array<{ spanId: string; parentSpanId: string | null; name: string }>;
}

/** A small GenAI agent run: agent → chat → tool, exported through the real SDK pipeline. */
async function exportAgentRun(exporter: SpanExporter, batch: boolean): Promise<ExportedRun> {
  const processor = batch ? new BatchSpanProcessor(exporter) : new SimpleSpanProcessor(exporter);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'refund-agent' }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer('tracehound-test', '1.0.0');
  const spans: ExportedRun['spans'] = [];
  const agent = tracer.startSpan('invoke_agent refunds', {
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'refunds' },
  });
  const { trace, context } = await import('@opentelemetry/api');
  const agentContext = trace.setSpan(context.active(), agent);
  const chat = tracer.startSpan(
    'chat gpt-4o',
    {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 42,
      },
    },
    agentContext,
  );
  chat.end();
  const tool = tracer.startSpan(
    'execute_tool lookup_order',
    {
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'lookup_order',
        'gen_ai.tool.call.arguments': '{"order_id":"1243"}',
      },
    },
    agentContext,
  );
  tool.setStatus({ code: 2, message: 'order not found' });
  tool.end();
  agent.end();
  await provider.forceFlush();
  await provider.shutdown();
  const agentId = agent.spanContext().spanId;
  spans.push({ spanId: agentId, parentSpanId: null, name: 'invoke_agent refunds' });
  spans.push({ spanId: chat.spanContext().spanId, parentSpanId: agentId, name: 'chat gpt-4o' });
  spans.push({ spanId: tool.spanContext().spanId, parentSpanId: agentId, name: 'execute_tool lookup_order' });
  return { traceId: agent.spanContext().traceId, spans };
}

function post(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

describe('startService', () => {
  let dataDir: string;
  let service: RunningService;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tracehound-service-'));
    service = await startService({
      env: { PORT: '0', HOST: '127.0.0.1', TRACEHOUND_DATA_DIR: dataDir, TRACEHOUND_MAX_BODY_BYTES: '4096' },
      logger: silentLogger,
    });
  });
  afterEach(async () => {
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [label, makeExporter, batch] of [
    ['OTLP/HTTP JSON', (url: string) => new OtlpHttpJsonExporter({ url }), false],
    ['OTLP/HTTP protobuf', (url: string) => new OtlpProtoExporter({ url }), true],
    ['OTLP/HTTP protobuf, gzip', (url: string) => new OtlpProtoExporter({ url, compression: 'gzip' as never }), false],
  ] as const) {
    it(`stores a GenAI run exported by the real SDK exporter (${label})`, async () => {
      const run = await exportAgentRun(makeExporter(`${service.url}/v1/traces`), batch);
      const document = service.store.traces.getTraceSpans(run.traceId);
      expect(document).not.toBeNull();
      const [trace] = readTraces(JSON.stringify(document), { source: 'local' });
      expect(trace?.traceId).toBe(run.traceId);
      const stored = (trace?.spans ?? []).map((span) => ({
        spanId: span.id,
        parentSpanId: span.parentId,
        name: span.name,
      }));
      expect(stored).toEqual(expect.arrayContaining(run.spans));
      expect(stored).toHaveLength(3);
      const tool = trace?.spans.find((span) => span.name === 'execute_tool lookup_order');
      expect(tool?.status.code).toBe('error');
      expect(tool?.attributes['gen_ai.tool.name']).toBe('lookup_order');
      const chat = trace?.spans.find((span) => span.name === 'chat gpt-4o');
      expect(chat?.attributes['gen_ai.usage.input_tokens']).toBe(42);
      const backend = new LocalBackend(service.store.traces);
      expect((await backend.fetchTrace(run.traceId)).spans).toHaveLength(3);
      const missing = await backend.fetchTrace('f'.repeat(32)).catch((error: unknown) => error);
      expect(TracehoundError.isInstance(missing) && missing.code).toBe('trace_not_found');
    });
  }

  it('accepts gzipped JSON and answers an empty ExportTraceServiceResponse', async () => {
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            { spans: [{ traceId: '1'.repeat(32), spanId: '2'.repeat(16), name: 'root', startTimeUnixNano: '1' }] },
          ],
        },
      ],
    });
    const response = await post(`${service.url}/v1/traces`, gzipSync(body), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body.toString())).toEqual({});
    expect(service.store.traces.getTraceSpans('1'.repeat(32))).not.toBeNull();
  });

  it('answers 400 with a Status message for bad bodies, 413 past the cap, 415 for other media types', async () => {
    const badJson = await post(`${service.url}/v1/traces`, '{"resourceSpans":', { 'content-type': 'application/json' });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body.toString()).message).toMatch(/not a valid JSON/);
    const badShape = await post(
      `${service.url}/v1/traces`,
      JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'xyz', spanId: '1' }] }] }] }),
      { 'content-type': 'application/json' },
    );
    expect(badShape.status).toBe(400);
    expect(JSON.parse(badShape.body.toString()).message).toMatch(/traceId/);
    const badProto = await post(`${service.url}/v1/traces`, Buffer.from([0x0a, 0xff, 0xff, 0xff]), {
      'content-type': 'application/x-protobuf',
    });
    expect(badProto.status).toBe(400);
    expect(badProto.headers['content-type']).toBe('application/x-protobuf');
    expect(badProto.body.toString('latin1')).toContain('protobuf');
    const tooLarge = await post(`${service.url}/v1/traces`, 'x'.repeat(5000), { 'content-type': 'application/json' });
    expect(tooLarge.status).toBe(413);
    const bomb = await post(`${service.url}/v1/traces`, gzipSync(' '.repeat(100_000)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(bomb.status).toBe(413);
    const wrongType = await post(`${service.url}/v1/traces`, 'hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
  });

  it('answers health and readiness, and 404 for unknown paths', async () => {
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${service.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    expect((await fetch(`${service.url}/nope`)).status).toBe(404);
  });
});

describe('graceful shutdown', () => {
  it('waits for an in-flight request and background work before closing the store', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tracehound-shutdown-'));
    let releaseRequest: () => void = () => undefined;
    const requestGate = new Promise<void>((resolve) => {
      releaseRequest = resolve;
    });
    const events: string[] = [];
    const service = await startService({
      env: { PORT: '0', HOST: '127.0.0.1', TRACEHOUND_DATA_DIR: dataDir },
      logger: silentLogger,
      routes: (context) => [
        {
          method: 'POST',
          path: '/slow',
          async handle(_request, response) {
            context.trackBackgroundTask(
              new Promise<void>((resolve) => setTimeout(resolve, 50)).then(() => {
                events.push(`background done, store open: ${context.store.isOpen}`);
              }),
            );
            await requestGate;
            events.push('request done');
            response.end('finished');
          },
        },
      ],
    });
    const pending = fetch(`${service.url}/slow`, { method: 'POST' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = service.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(service.store.isOpen).toBe(true);
    expect((await fetch(`${service.url}/readyz`).catch(() => null))?.status ?? 503).toBe(503);
    releaseRequest();
    const response = await pending;
    expect(await response.text()).toBe('finished');
    await stopped;
    expect(service.store.isOpen).toBe(false);
    expect([...events].sort()).toEqual(['background done, store open: true', 'request done']);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
