import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { TracehoundError } from '../../../src/errors/index.js';

const window = { start: Date.parse('2026-11-24T00:00:00.000Z'), end: Date.parse('2026-11-25T00:00:00.000Z') };
const startIso = '2026-11-24T00:00:00.000Z';
const endIso = '2026-11-25T00:00:00.000Z';

function nanos(iso: string): string {
  return `${BigInt(Date.parse(iso)) * 1_000_000n}`;
}

/** A v3 FindTraces body (`GRPCGatewayWrapper{result: TracesData}`, gogo jsonpb: hex IDs, integer enums). */
function v3Body(spans: Array<{ traceId: string; spanId: string; start: string; error?: boolean; tag?: boolean }>) {
  return JSON.stringify({
    result: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
          scopeSpans: [
            {
              scope: { name: 'opentelemetry.instrumentation.openai' },
              spans: spans.map((span) => ({
                traceId: span.traceId,
                spanId: span.spanId,
                name: 'chat gpt-4o',
                kind: 3,
                startTimeUnixNano: nanos(span.start),
                endTimeUnixNano: `${BigInt(nanos(span.start)) + 1_000_000n}`,
                attributes: span.tag ? [{ key: 'error', value: { boolValue: true } }] : [],
                status: span.error ? { code: 2, message: 'upstream 500' } : {},
              })),
            },
          ],
        },
      ],
    },
  });
}

/** A v1 `/api/traces` search body (`structuredResponse{data: [Trace]}`), startTime in microseconds. */
function v1Body(traces: Array<{ traceId: string; start: string; error: boolean }>) {
  return JSON.stringify({
    data: traces.map((trace) => ({
      traceID: trace.traceId,
      spans: [
        {
          traceID: trace.traceId,
          spanID: `${trace.traceId.slice(0, 15)}1`,
          operationName: 'invoke_agent refund-agent',
          references: [],
          flags: 1,
          startTime: Date.parse(trace.start) * 1000,
          duration: 1500,
          tags: [
            { key: 'span.kind', type: 'string', value: 'internal' },
            ...(trace.error ? [{ key: 'error', type: 'bool', value: true }] : []),
          ],
          logs: [],
          processID: 'p1',
          warnings: null,
        },
      ],
      processes: { p1: { serviceName: 'agent', tags: [] } },
      warnings: null,
    })),
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  });
}

const traceA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1';
const traceB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2';
const traceC = 'ccccccccccccccccccccccccccccccc3';
const traceD = 'ddddddddddddddddddddddddddddddd4';

function makeBackends(backends: unknown[], dispatcher?: MockAgent): Map<string, TraceBackend> {
  return createBackends(tracehoundConfigSchema.parse({ backends }), {
    ...(dispatcher !== undefined ? { dispatcher } : {}),
    environment: { JAEGER_TOKEN: 'jaeger-secret' },
    http: { baseRetryDelayMs: 1, maxRetryDelayMs: 5 },
  });
}

function only(backends: Map<string, TraceBackend>): TraceBackend {
  const [backend] = backends.values();
  if (backend?.searchFailedTraces === undefined) throw new Error('no search');
  return backend;
}

let mockAgent: MockAgent;
beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
});
afterEach(async () => {
  await mockAgent.close();
});

const listed = {
  name: 'jaeger',
  type: 'jaeger',
  url: 'http://jaeger:16686',
  auth: { bearer: { tokenEnv: 'JAEGER_TOKEN' } },
};

describe('Jaeger searchFailedTraces', () => {
  it('lists services over v3, searches each for error=true, dedupes, keeps failed traces newest first', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool
      .intercept({ path: '/api/v3/services', headers: { authorization: 'Bearer jaeger-secret' } })
      .reply(200, JSON.stringify({ services: ['checkout', 'agent'] }));
    const query = (service: string) => ({
      'query.service_name': service,
      'query.start_time_min': startIso,
      'query.start_time_max': endIso,
      'query.attributes': '{"error":"true"}',
      'query.num_traces': '3',
    });
    pool
      .intercept({
        path: '/api/v3/traces',
        query: query('checkout'),
        headers: { authorization: 'Bearer jaeger-secret' },
      })
      .reply(
        200,
        v3Body([
          { traceId: traceA, spanId: 'a000000000000001', start: '2026-11-24T01:00:00Z', error: true },
          // A Jaeger that ignored `query.attributes` returns healthy traces too: they must not be counted.
          { traceId: traceB, spanId: 'b000000000000001', start: '2026-11-24T05:00:00Z' },
        ]),
      );
    pool
      .intercept({ path: '/api/v3/traces', query: query('agent'), headers: { authorization: 'Bearer jaeger-secret' } })
      .reply(
        200,
        v3Body([
          { traceId: traceA.toUpperCase(), spanId: 'a000000000000002', start: '2026-11-24T00:59:00Z' },
          { traceId: traceC, spanId: 'c000000000000001', start: '2026-11-24T03:00:00Z', tag: true },
          { traceId: traceD, spanId: 'd000000000000001', start: '2026-11-24T02:00:00Z', error: true },
        ]),
      );
    const found = await only(makeBackends([listed], mockAgent)).searchFailedTraces?.(window, 3);
    expect(found).toEqual([traceC, traceD, traceA]);
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(3);
  });

  it('returns at most `limit` IDs', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool.intercept({ path: '/api/v3/services' }).reply(200, JSON.stringify({ services: ['agent'] }));
    pool.intercept({ path: (path) => path.startsWith('/api/v3/traces?') }).reply(
      200,
      v3Body([
        { traceId: traceA, spanId: 'a000000000000001', start: '2026-11-24T01:00:00Z', error: true },
        { traceId: traceC, spanId: 'c000000000000001', start: '2026-11-24T03:00:00Z', error: true },
        { traceId: traceD, spanId: 'd000000000000001', start: '2026-11-24T02:00:00Z', error: true },
      ]),
    );
    expect(await only(makeBackends([listed], mockAgent)).searchFailedTraces?.(window, 2)).toEqual([traceC, traceD]);
  });

  it('skips listing with configured services and falls back to the v1 search (microseconds, tags) on a v3 404', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool
      .intercept({ path: (path) => path.startsWith('/api/v3/traces?') && path.includes('query.service_name=agent') })
      .reply(404, JSON.stringify({ error: { httpCode: 404, message: 'No traces found' } }));
    pool
      .intercept({
        path: '/api/traces',
        query: {
          service: 'agent',
          tags: '{"error":"true"}',
          start: String(window.start * 1000),
          end: String(window.end * 1000),
          limit: '5',
        },
      })
      .reply(
        200,
        v1Body([
          { traceId: traceA, start: '2026-11-24T01:00:00Z', error: true },
          { traceId: traceB, start: '2026-11-24T09:00:00Z', error: false },
          { traceId: traceC, start: '2026-11-24T04:00:00Z', error: true },
        ]),
      );
    const backend = only(makeBackends([{ ...listed, services: ['agent'] }], mockAgent));
    expect(await backend.searchFailedTraces?.(window, 5)).toEqual([traceC, traceA]);
    const paths = mockAgent
      .getCallHistory()
      ?.calls()
      .map((call) => call.path.split('?')[0]);
    expect(paths).toEqual(['/api/v3/traces', '/api/traces']);
  });

  it('lists services over the v1 API when v3 is absent', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool.intercept({ path: '/api/v3/services' }).reply(404, '404 page not found');
    pool
      .intercept({ path: '/api/services' })
      .reply(200, JSON.stringify({ data: ['agent'], total: 1, limit: 0, offset: 0, errors: null }));
    pool.intercept({ path: (path) => path.startsWith('/api/v3/traces?') }).reply(404, '404 page not found');
    pool
      .intercept({ path: (path) => path.startsWith('/api/traces?') && path.includes('service=agent') })
      .reply(200, v1Body([{ traceId: traceD, start: '2026-11-24T02:00:00Z', error: true }]));
    expect(await only(makeBackends([listed], mockAgent)).searchFailedTraces?.(window, 10)).toEqual([traceD]);
  });

  it('reports a service search that keeps answering 500 as backend_unavailable', async () => {
    const pool = mockAgent.get('http://jaeger:16686');
    pool.intercept({ path: '/api/v3/services' }).reply(200, JSON.stringify({ services: ['agent'] }));
    pool
      .intercept({ path: (path) => path.startsWith('/api/v3/traces?') })
      .reply(500, '')
      .times(3);
    const error = await only(makeBackends([listed], mockAgent))
      .searchFailedTraces?.(window, 10)
      .catch((caught: unknown) => caught);
    expect(TracehoundError.isInstance(error) && error.code).toBe('backend_unavailable');
  });

  it('honours an aborted signal without asking the backend anything', async () => {
    const controller = new AbortController();
    controller.abort(new Error('triage cancelled'));
    await expect(
      only(makeBackends([listed], mockAgent)).searchFailedTraces?.(window, 10, { signal: controller.signal }),
    ).rejects.toThrow('triage cancelled');
    expect(mockAgent.getCallHistory()?.calls() ?? []).toHaveLength(0);
  });
});

describe('Jaeger searchFailedTraces against a loopback server', () => {
  let server: Server;
  let inFlight = 0;
  let maximumInFlight = 0;
  const searched: string[] = [];

  beforeEach(async () => {
    inFlight = 0;
    maximumInFlight = 0;
    searched.length = 0;
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      inFlight += 1;
      maximumInFlight = Math.max(maximumInFlight, inFlight);
      searched.push(url.searchParams.get('query.service_name') ?? '');
      setTimeout(() => {
        inFlight -= 1;
        const index = Number((url.searchParams.get('query.service_name') ?? 's0').slice(1));
        const traceId = index.toString(16).padStart(32, '0');
        response.setHeader('content-type', 'application/json');
        response.end(
          v3Body([
            {
              traceId,
              spanId: `${traceId.slice(16)}`,
              start: `2026-11-24T${String(index).padStart(2, '0')}:00:00Z`,
              error: true,
            },
          ]),
        );
      }, 30);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    // Keep-alive sockets of finished clients would hold close() open until they time out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('searches many services with bounded concurrency', async () => {
    const port = (server.address() as AddressInfo).port;
    const services = Array.from({ length: 12 }, (_, index) => `s${index}`);
    const backend = only(makeBackends([{ name: 'jaeger', type: 'jaeger', url: `http://127.0.0.1:${port}`, services }]));
    const found = await backend.searchFailedTraces?.(window, 100);
    expect([...searched].sort()).toEqual([...services].sort());
    expect(maximumInFlight).toBeGreaterThan(1);
    expect(maximumInFlight).toBeLessThanOrEqual(4);
    expect(found?.[0]).toBe((11).toString(16).padStart(32, '0'));
    expect(found).toHaveLength(12);
  });

  it('stops searching further services once the signal aborts', async () => {
    const port = (server.address() as AddressInfo).port;
    const services = Array.from({ length: 12 }, (_, index) => `s${index}`);
    const backend = only(makeBackends([{ name: 'jaeger', type: 'jaeger', url: `http://127.0.0.1:${port}`, services }]));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 10);
    await expect(backend.searchFailedTraces?.(window, 100, { signal: controller.signal })).rejects.toThrow('stop');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(searched.length).toBeLessThanOrEqual(4);
  });
});
