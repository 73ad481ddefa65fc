import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { startService } from '../../src/server/create-server.js';
import { openStore } from '../../src/store/index.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Exports a failing GenAI run through the real SDK to a running service; returns its trace ID. */
async function exportRunToService(dataDir: string): Promise<string> {
  const service = await startService({
    env: { PORT: '0', HOST: '127.0.0.1', TRACEHOUND_DATA_DIR: dataDir },
    logger: createLogger({
      level: 'silent',
      destination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    }),
  });
  try {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'refund-agent' }),
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${service.url}/v1/traces` }))],
    });
    const tracer = provider.getTracer('e2e');
    const agent = tracer.startSpan('invoke_agent refunds', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    const agentContext = trace.setSpan(context.active(), agent);
    const tool = tracer.startSpan(
      'execute_tool issue_refund',
      {
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': 'issue_refund',
          'gen_ai.tool.call.arguments': '{"order_id":"1243"}',
          'http.response.status_code': 503,
        },
      },
      agentContext,
    );
    tool.setStatus({ code: 2, message: 'upstream unavailable' });
    tool.end();
    agent.end();
    await provider.shutdown();
    const traceId = agent.spanContext().traceId;

    return traceId;
  } finally {
    await service.stop();
  }
}

describe('OTLP export to `analyze <trace-id>`', () => {
  it('leaves the exported run in the data dir, readable by a fresh process opening the store', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tracehound-e2e-'));
    try {
      const traceId = await exportRunToService(dataDir);
      const store = openStore(dataDir, { pruneIntervalMs: 0 });
      const summaries = store.traces.listTraces({ start: 0, end: Date.now() + 60_000, status: 'error', limit: 10 });
      store.close();
      expect(summaries.map((summary) => [summary.traceId, summary.spanCount])).toEqual([[traceId, 2]]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // The installed command as a user runs it (bin/ → the built dist/), reading the service's data dir.
  it('analyses a run the service received, by its trace ID, from the same data dir', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tracehound-e2e-'));
    try {
      const traceId = await exportRunToService(dataDir);
      const { stdout } = await run(
        'node',
        [path.join(repositoryRoot, 'bin/tracehound.js'), 'analyze', traceId, '--json'],
        {
          cwd: repositoryRoot,
          env: { ...process.env, TRACEHOUND_DATA_DIR: dataDir },
        },
      );
      const report = JSON.parse(stdout) as { traceId: string; format: string; verdict: string; findings: unknown[] };
      expect(report.traceId).toBe(traceId);
      expect(report.format).toBe('otlp');
      expect(report.verdict).not.toBe('ok');
      expect(report.findings.length).toBeGreaterThan(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
