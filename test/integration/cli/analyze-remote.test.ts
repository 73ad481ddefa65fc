import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { devFixtures, repositoryRoot } from '../../unit/fixture-paths.js';

/**
 * `tracehound analyze <ID | link>` end to end through configuration, link resolution, the backend
 * client and the engine. The backends are a loopback server answering with the bodies their real APIs
 * give (a Jaeger v1 API envelope, Tempo's OTLP JSON, a Zipkin v2 span list) for the shared sample runs.
 */

interface LabelledRun {
  traceId: string;
  rootCause: { spanIds: string[]; layers: string[] };
}

function labelOf(name: string): LabelledRun {
  return JSON.parse(readFileSync(path.join(devFixtures, `${name}.label.json`), 'utf8')) as LabelledRun;
}

const runs = {
  jaeger: {
    label: labelOf('d-ticket-drift'),
    body: readFileSync(path.join(devFixtures, 'd-ticket-drift.jaeger.json')),
  },
  tempo: { label: labelOf('d-tool-422'), body: readFileSync(path.join(devFixtures, 'd-tool-422.otlp.json')) },
  zipkin: {
    label: labelOf('d-service-down'),
    body: readFileSync(path.join(devFixtures, 'd-service-down.zipkin.json')),
  },
};

interface SeenRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

const seen: SeenRequest[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = request.url ?? '';
    seen.push({ path: url, headers: request.headers });
    const json = (status: number, body: Buffer | string) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body);
    };
    if (url === `/jaeger/api/v3/traces/${runs.jaeger.label.traceId}`)
      return json(404, '{"error":{"message":"not found"}}');
    if (url === `/jaeger/api/traces/${runs.jaeger.label.traceId}`) return json(200, runs.jaeger.body);
    if (url === `/tempo/api/traces/${runs.tempo.label.traceId}`) return json(200, runs.tempo.body);
    if (url === `/zipkin/api/v2/trace/${runs.zipkin.label.traceId}`) return json(200, runs.zipkin.body);
    if (url.includes('/api/')) return json(404, '{"error":"trace not found"}');
    return json(404, '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  // Keep-alive sockets of finished clients would hold close() open until they time out.
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function analyze(argument: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (chunk) => {
    chunks.stdout += String(chunk);
  });
  stderr.on('data', (chunk) => {
    chunks.stderr += String(chunk);
  });
  const env = {
    TRACEHOUND_BACKENDS_JSON: JSON.stringify([
      {
        name: 'prod-jaeger',
        type: 'jaeger',
        url: `${origin}/jaeger`,
        uiUrl: 'https://jaeger.example.com',
        auth: { type: 'bearer', tokenEnv: 'JAEGER_TOKEN' },
      },
      { name: 'tempo', type: 'tempo', url: `${origin}/tempo`, orgId: 'team-ops' },
      { name: 'zipkin', type: 'zipkin', url: `${origin}/zipkin`, uiUrl: 'https://zipkin.example.com' },
    ]),
    JAEGER_TOKEN: 'jaeger-token-for-tests',
  };
  const status = await runCli(['analyze', argument, '--json'], {
    stdin: Readable.from(['']),
    stdout,
    stderr,
    env,
    cwd: repositoryRoot,
  });
  return { status, ...chunks };
}

describe('tracehound analyze <trace ID | link> against remote backends', () => {
  it.each([
    ['a Jaeger UI link', 'jaeger', () => `https://jaeger.example.com/trace/${runs.jaeger.label.traceId}`],
    ['a bare ID that only Tempo holds', 'tempo', () => runs.tempo.label.traceId],
    ['a Zipkin UI link', 'zipkin', () => `https://zipkin.example.com/zipkin/traces/${runs.zipkin.label.traceId}`],
  ] as const)('analyses %s', async (_description, backend, reference) => {
    seen.length = 0;
    const result = await analyze(reference());
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      traceId: string;
      rootCause: { spanId: string; layer: string } | null;
    };
    const label = runs[backend].label;
    expect(report.traceId).toBe(label.traceId);
    expect(label.rootCause.spanIds).toContain(report.rootCause?.spanId);
    expect(label.rootCause.layers).toContain(report.rootCause?.layer);
    const hits = seen.filter(
      (request) => request.path.startsWith(`/${backend}/`) && request.path.includes(label.traceId),
    );
    expect(hits.length).toBeGreaterThan(0);
  });

  it('sends each backend its own credentials and tenant header, and nothing to the others', async () => {
    seen.length = 0;
    await analyze(`https://jaeger.example.com/trace/${runs.jaeger.label.traceId}`);
    expect(seen.map((request) => request.path)).toEqual([
      `/jaeger/api/v3/traces/${runs.jaeger.label.traceId}`,
      `/jaeger/api/traces/${runs.jaeger.label.traceId}`,
    ]);
    for (const request of seen) expect(request.headers.authorization).toBe('Bearer jaeger-token-for-tests');
    seen.length = 0;
    await analyze(runs.tempo.label.traceId);
    const tempo = seen.find((request) => request.path.startsWith('/tempo/'));
    expect(tempo?.headers['x-scope-orgid']).toBe('team-ops');
    expect(tempo?.headers.authorization).toBeUndefined();
  });

  it('exits 3 naming the backends tried when no backend has the trace', async () => {
    const result = await analyze('0123456789abcdef0123456789abcdef');
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(/prod-jaeger/);
    expect(result.stderr).toMatch(/tempo/);
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });
});
