import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createBackends,
  fetchTraceByReference,
  parseRetryAfter,
  type TraceBackend,
} from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { TracehoundError } from '../../../src/errors/index.js';
import type { Trace } from '../../../src/model/trace.js';

const externalFixtures = path.resolve(
  fileURLToPath(new URL('../../..', import.meta.url)),
  '../shared/fixtures/external',
);
const jaegerV3 = readFileSync(path.join(externalFixtures, 'jaeger/apiv3-GetTrace.json'), 'utf8');
const jaegerV1 = readFileSync(path.join(externalFixtures, 'jaeger/uimodel-ui_01.json'), 'utf8');
const langfuseExport = JSON.parse(
  readFileSync(path.join(externalFixtures, 'langfuse/openai-agents-2025-09-30.trace.json'), 'utf8'),
) as { trace: Record<string, unknown>; observations: Array<Record<string, unknown>> };

const v3TraceId = '00000000000000000000000000000001';
const langfuseTraceId = String(langfuseExport.trace.id);

const zipkinSpans = JSON.stringify([
  {
    traceId: v3TraceId,
    id: '0000000000000002',
    name: 'get /api',
    timestamp: 1_700_000_000_000_000,
    duration: 1500,
    localEndpoint: { serviceName: 'frontend' },
    tags: { error: 'boom' },
  },
]);

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'jaeger',
      type: 'jaeger',
      url: 'http://jaeger:16686',
      auth: { type: 'bearer', tokenEnv: 'JAEGER_TOKEN' },
      timeoutMs: 200,
    },
    {
      name: 'tempo',
      type: 'tempo',
      url: 'http://tempo:3200',
      orgId: 'team-a',
      uiUrl: 'https://grafana.example.com',
      datasourceUid: 'tempo-uid',
    },
    {
      name: 'grafana',
      type: 'grafana-tempo',
      url: 'https://grafana.example.com',
      datasourceUid: 'tempo-uid',
      auth: { type: 'header', name: 'X-Api-Key', valueEnv: 'GRAFANA_KEY' },
    },
    { name: 'zipkin', type: 'zipkin', url: 'http://zipkin:9411' },
    {
      name: 'langfuse',
      type: 'langfuse',
      url: 'https://cloud.langfuse.com',
      projectId: 'p1',
      auth: { type: 'basic', usernameEnv: 'LANGFUSE_PUBLIC', passwordEnv: 'LANGFUSE_SECRET' },
    },
  ],
  access: [{ platform: 'slack', workspace: 'T1', backends: ['zipkin'] }],
});
const environment = {
  JAEGER_TOKEN: 'jaeger-secret-token',
  GRAFANA_KEY: 'grafana-secret',
  LANGFUSE_PUBLIC: 'pk-lf-1',
  LANGFUSE_SECRET: 'sk-lf-1',
};
const cli = { platform: 'cli' } as const;

let mockAgent: MockAgent;
let backends: Map<string, TraceBackend>;

beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  backends = createBackends(config, {
    dispatcher: mockAgent,
    environment,
    http: { baseRetryDelayMs: 1, maxRetryDelayMs: 20 },
  });
});
afterEach(async () => {
  await mockAgent.close();
});

function backend(name: string): TraceBackend {
  const found = backends.get(name);
  if (found === undefined) throw new Error(`no backend ${name}`);
  return found;
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (TracehoundError.isInstance(error)) {
      expect(error.message).not.toContain('secret');
      return error.code;
    }
    throw error;
  }
  return 'resolved';
}

describe('Jaeger', () => {
  it('fetches API v3 with the bearer token and sets the UI link', async () => {
    mockAgent
      .get('http://jaeger:16686')
      .intercept({ path: `/api/v3/traces/${v3TraceId}`, headers: { authorization: 'Bearer jaeger-secret-token' } })
      .reply(200, jaegerV3, { headers: { 'content-type': 'application/json' } });
    const trace = await backend('jaeger').fetchTrace(v3TraceId);
    expect(trace.traceId).toBe(v3TraceId);
    expect(trace.spans.map((span) => span.name)).toEqual(['foobar']);
    expect(trace.traceUrl).toBe(`http://jaeger:16686/trace/${v3TraceId}`);
  });

  it('falls back to the v1 API when v3 answers 404', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool.intercept({ path: '/api/v3/traces/0000000000000001' }).reply(404, 'not found');
    pool.intercept({ path: '/api/traces/0000000000000001' }).reply(200, jaegerV1);
    const trace = await backend('jaeger').fetchTrace('0000000000000001');
    expect(trace.spans.length).toBeGreaterThan(0);
    expect(
      mockAgent
        .getCallHistory()
        ?.calls()
        .map((call) => call.path),
    ).toEqual(['/api/v3/traces/0000000000000001', '/api/traces/0000000000000001']);
  });

  it('maps each failure to its own error', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool
      .intercept({ path: /\/traces\/a{32}$/ })
      .reply(404, '')
      .times(2);
    expect(await codeOf(backend('jaeger').fetchTrace('a'.repeat(32)))).toBe('trace_not_found');
    pool.intercept({ path: /\/traces\/b{32}$/ }).reply(401, 'bad token jaeger-secret-token');
    expect(await codeOf(backend('jaeger').fetchTrace('b'.repeat(32)))).toBe('backend_auth');
    pool.intercept({ path: /\/traces\/c{32}$/ }).reply(403, '');
    expect(await codeOf(backend('jaeger').fetchTrace('c'.repeat(32)))).toBe('backend_auth');
    pool
      .intercept({ path: /\/traces\/d{32}$/ })
      .reply(429, '', { headers: { 'retry-after': '0' } })
      .times(3);
    expect(await codeOf(backend('jaeger').fetchTrace('d'.repeat(32)))).toBe('backend_rate_limited');
    pool
      .intercept({ path: /\/traces\/e{32}$/ })
      .reply(503, '')
      .times(3);
    expect(await codeOf(backend('jaeger').fetchTrace('e'.repeat(32)))).toBe('backend_unavailable');
    pool.intercept({ path: /\/traces\/f{32}$/ }).reply(200, jaegerV3.slice(0, 80));
    expect(await codeOf(backend('jaeger').fetchTrace('f'.repeat(32)))).toBe('backend_bad_response');
    pool.intercept({ path: /\/traces\/1{32}$/ }).reply(200, '<html>proxy error</html>');
    expect(await codeOf(backend('jaeger').fetchTrace('1'.repeat(32)))).toBe('backend_bad_response');
    pool.intercept({ path: /\/traces\/2{32}$/ }).reply(302, '', { headers: { location: 'http://evil.example.com/' } });
    expect(await codeOf(backend('jaeger').fetchTrace('2'.repeat(32)))).toBe('backend_failed');
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool.intercept({ path: `/api/v3/traces/${v3TraceId}` }).reply(429, '', { headers: { 'retry-after': '0' } });
    pool.intercept({ path: `/api/v3/traces/${v3TraceId}` }).reply(200, jaegerV3);
    const trace = await backend('jaeger').fetchTrace(v3TraceId);
    expect(trace.spans).toHaveLength(1);
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(2);
  });

  it('times out within the configured bound', async () => {
    mockAgent
      .get('http://jaeger:16686')
      .intercept({ path: `/api/v3/traces/${v3TraceId}` })
      .reply(200, jaegerV3)
      .delay(2000);
    const started = Date.now();
    expect(await codeOf(backend('jaeger').fetchTrace(v3TraceId))).toBe('backend_timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses a trace ID that would change the request path', async () => {
    expect(await codeOf(backend('jaeger').fetchTrace('../../admin'))).toBe('input_unreadable');
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(0);
  });
});

describe('Tempo and Grafana', () => {
  it('sends X-Scope-OrgID to Tempo and links to Grafana Explore', async () => {
    mockAgent
      .get('http://tempo:3200')
      .intercept({ path: `/api/traces/${v3TraceId}`, headers: { 'x-scope-orgid': 'team-a' } })
      .reply(200, JSON.stringify({ batches: JSON.parse(jaegerV3).result.resourceSpans }));
    const trace = await backend('tempo').fetchTrace(v3TraceId);
    expect(trace.spans).toHaveLength(1);
    expect(trace.traceUrl).toContain('https://grafana.example.com/explore?schemaVersion=1&panes=');
    expect(decodeURIComponent(trace.traceUrl ?? '')).toContain(`"query":"${v3TraceId}"`);
  });

  it('searches failed traces with TraceQL, newest first', async () => {
    mockAgent
      .get('http://tempo:3200')
      .intercept({
        path: '/api/search',
        query: { q: '{ status = error }', start: '1700000000', end: '1700003600', limit: '2' },
      })
      .reply(
        200,
        JSON.stringify({
          traces: [
            {
              traceID: 'AAAA0000000000000000000000000001',
              rootServiceName: 'api',
              startTimeUnixNano: '1700000001000000000',
            },
            {
              traceID: 'bbbb0000000000000000000000000002',
              rootServiceName: 'api',
              startTimeUnixNano: '1700000002000000000',
            },
          ],
          metrics: {},
        }),
      );
    const identifiers = await backend('tempo').searchFailedTraces?.(
      { start: 1_700_000_000_000, end: 1_700_003_600_000 },
      2,
    );
    expect(identifiers).toEqual(['bbbb0000000000000000000000000002', 'aaaa0000000000000000000000000001']);
  });

  it('goes through the Grafana data-source proxy by UID with the API key header', async () => {
    mockAgent
      .get('https://grafana.example.com')
      .intercept({
        path: `/api/datasources/proxy/uid/tempo-uid/api/traces/${v3TraceId}`,
        headers: { 'x-api-key': 'grafana-secret' },
      })
      .reply(200, jaegerV3);
    const trace = await backend('grafana').fetchTrace(v3TraceId);
    expect(trace.spans).toHaveLength(1);
  });
});

describe('Zipkin', () => {
  it('fetches /api/v2/trace/{id}', async () => {
    mockAgent
      .get('http://zipkin:9411')
      .intercept({ path: `/api/v2/trace/${v3TraceId}` })
      .reply(200, zipkinSpans);
    const trace = await backend('zipkin').fetchTrace(v3TraceId.toUpperCase());
    expect(trace.spans.map((span) => span.name)).toEqual(['get /api']);
    expect(trace.traceUrl).toBe(`http://zipkin:9411/zipkin/traces/${v3TraceId.toUpperCase()}`);
  });

  it('rejects a body longer than its Content-Length promised as truncated', async () => {
    mockAgent
      .get('http://zipkin:9411')
      .intercept({ path: `/api/v2/trace/${v3TraceId}` })
      .reply(200, zipkinSpans.slice(0, 40), { headers: { 'content-length': String(zipkinSpans.length) } });
    expect(await codeOf(backend('zipkin').fetchTrace(v3TraceId))).toBe('backend_bad_response');
  });

  it('searches failed runs in the window with annotationQuery=error, newest first, deduplicated', async () => {
    const end = Date.parse('2026-11-20T12:00:00Z');
    const window = { start: end - 3_600_000, end };
    const span = (traceId: string, id: string, timestamp: number) => ({
      traceId,
      id,
      name: 'chat',
      timestamp,
      duration: 10,
      localEndpoint: { serviceName: 'agent' },
      tags: { error: 'rate limited', 'otel.status_code': 'ERROR' },
    });
    const older = 'a'.repeat(32);
    const newer = 'B'.repeat(32);
    let query: URLSearchParams | null = null;
    mockAgent
      .get('http://zipkin:9411')
      .intercept({
        path: (requestPath) => {
          if (!requestPath.startsWith('/api/v2/traces?')) return false;
          query = new URL(requestPath, 'http://zipkin:9411').searchParams;
          return true;
        },
      })
      .reply(
        200,
        JSON.stringify([
          [span(older, '0000000000000001', (end - 3_000_000) * 1000)],
          [span(newer, '0000000000000002', (end - 1_000) * 1000), span(newer, '0000000000000003', end * 1000)],
          [span(older, '0000000000000004', (end - 2_000_000) * 1000)],
        ]),
      );
    expect(await backend('zipkin').searchFailedTraces?.(window, 10)).toEqual(['b'.repeat(32), older]);
    expect(Object.fromEntries(query ?? [])).toEqual({
      annotationQuery: 'error',
      endTs: String(end),
      lookback: '3600000',
      limit: '10',
    });
  });

  it('says what it expected when the search answers with something else', async () => {
    mockAgent
      .get('http://zipkin:9411')
      .intercept({ path: (requestPath) => requestPath.startsWith('/api/v2/traces?') })
      .reply(200, JSON.stringify({ data: [] }));
    const failure = backend('zipkin').searchFailedTraces?.({ start: 0, end: 1_000 }, 5);
    await expect(failure).rejects.toThrow(/list of traces/);
  });
});

describe('Langfuse', () => {
  const authorization = `Basic ${Buffer.from('pk-lf-1:sk-lf-1').toString('base64')}`;

  it('pages through v2 observations with the cursor', async () => {
    const pool = mockAgent.get('https://cloud.langfuse.com');
    const [first, ...rest] = langfuseExport.observations;
    pool
      .intercept({
        path: (requestPath) =>
          requestPath.startsWith('/api/public/v2/observations?') && !requestPath.includes('cursor='),
        headers: { authorization },
      })
      .reply(200, JSON.stringify({ data: [first], meta: { cursor: 'next-page' } }));
    pool
      .intercept({ path: (requestPath) => requestPath.includes('cursor=next-page'), headers: { authorization } })
      .reply(200, JSON.stringify({ data: rest, meta: {} }));
    const trace = await backend('langfuse').fetchTrace(langfuseTraceId);
    expect(trace.spans).toHaveLength(langfuseExport.observations.length);
    expect(trace.traceUrl).toBe(`https://cloud.langfuse.com/project/p1/traces/${langfuseTraceId}`);
    const firstCall = mockAgent.getCallHistory()?.calls()[0];
    expect(new URL(firstCall?.fullUrl ?? '').searchParams.get('traceId')).toBe(langfuseTraceId);
  });

  it('falls back to the legacy trace API when v2 is missing (self-hosted v3)', async () => {
    const pool = mockAgent.get('https://cloud.langfuse.com');
    pool.intercept({ path: (requestPath) => requestPath.startsWith('/api/public/v2/observations') }).reply(404, '');
    pool
      .intercept({ path: `/api/public/traces/${langfuseTraceId}`, headers: { authorization } })
      .reply(200, JSON.stringify({ ...langfuseExport.trace, observations: langfuseExport.observations }));
    const trace = await backend('langfuse').fetchTrace(langfuseTraceId);
    // The legacy API returns the trace itself too, which the reader keeps as the root span.
    const spanIds = trace.spans.map((span) => span.id);
    for (const observation of langfuseExport.observations) expect(spanIds).toContain(observation.id);
  });
});

describe('fetchTraceByReference', () => {
  it('sends a link to its backend', async () => {
    mockAgent
      .get('http://zipkin:9411')
      .intercept({ path: `/api/v2/trace/${v3TraceId}` })
      .reply(200, zipkinSpans);
    const trace = await fetchTraceByReference(`http://zipkin:9411/zipkin/traces/${v3TraceId}`, {
      config,
      scope: cli,
      backends,
    });
    expect(trace.spans).toHaveLength(1);
  });

  it('refuses a backend the scope may not use without asking it', async () => {
    const scope = { platform: 'slack', workspace: 'T1' } as const;
    expect(
      await codeOf(fetchTraceByReference(`http://jaeger:16686/trace/${v3TraceId}`, { config, scope, backends })),
    ).toBe('access_denied');
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('refuses hostile links with no request made', async () => {
    for (const link of [
      `http://127.0.0.1:16686/trace/${v3TraceId}`,
      `http://jaeger:16686@evil.example.com/trace/${v3TraceId}`,
    ]) {
      expect(await codeOf(fetchTraceByReference(link, { config, scope: cli, backends }))).toBe('link_refused');
    }
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(0);
  });

  it('names every backend tried when none has the trace', async () => {
    const two = new Map([...backends].filter(([name]) => name === 'zipkin' || name === 'tempo'));
    mockAgent
      .get('http://zipkin:9411')
      .intercept({ path: `/api/v2/trace/${v3TraceId}` })
      .reply(404, '');
    mockAgent
      .get('http://tempo:3200')
      .intercept({ path: `/api/traces/${v3TraceId}` })
      .reply(404, '');
    let caught: unknown;
    try {
      await fetchTraceByReference(v3TraceId, { config, scope: cli, backends: two });
    } catch (error) {
      caught = error;
    }
    expect(TracehoundError.isInstance(caught) && caught.code).toBe('trace_not_found');
    expect((caught as Error).message).toContain('zipkin');
    expect((caught as Error).message).toContain('tempo');
  });

  it('takes the first hit and cancels the other lookups', async () => {
    const aborted: string[] = [];
    const slow = (name: string): TraceBackend => ({
      name,
      type: 'jaeger',
      traceUrl: () => null,
      fetchTrace: (_traceId, options) =>
        new Promise<Trace>((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => {
            aborted.push(name);
            reject(options.signal?.reason);
          });
        }),
    });
    mockAgent
      .get('http://zipkin:9411')
      .intercept({ path: `/api/v2/trace/${v3TraceId}` })
      .reply(200, zipkinSpans);
    const mixed = new Map<string, TraceBackend>([
      ['jaeger', slow('jaeger')],
      ['tempo', slow('tempo')],
      ['zipkin', backend('zipkin')],
    ]);
    const trace = await fetchTraceByReference(v3TraceId, { config, scope: cli, backends: mixed });
    expect(trace.spans[0]?.name).toBe('get /api');
    expect(aborted.sort()).toEqual(['jaeger', 'tempo']);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
