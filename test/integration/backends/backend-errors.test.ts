import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { type ErrorCode, exitStatusFor, TracehoundError } from '../../../src/errors/index.js';

const formatFixtures = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/formats');
const phoenixBody = readFileSync(path.join(formatFixtures, 'phoenix-rest-page.json'), 'utf8');
const tempoBody = readFileSync(path.join(formatFixtures, 'tempo-v1-legacy-batches.json'), 'utf8');
// The trace IDs the two fixtures hold.
const phoenixTraceId = '6a3f1c0e9b2d4f8a7c5e3b1d0f2a4c6e';
const tempoTraceId = '0c9e4b7a2f1d4e3c8b6a5f4e3d2c1b0a';

const environment = {
  PHOENIX_API_KEY: 'phx-key-4f2a9c7e51',
  TEMPO_USER: '918273',
  TEMPO_TOKEN: 'glc_tempo-token-77b1d3',
};
const secrets = Object.values(environment);
const timeoutMs = 300;

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'phoenix',
      type: 'phoenix',
      url: 'http://phoenix:6006',
      project: 'agents',
      timeoutMs,
      auth: { type: 'bearer', tokenEnv: 'PHOENIX_API_KEY' },
    },
    {
      name: 'tempo',
      type: 'tempo',
      url: 'https://tempo-prod-04-prod-us-east-0.grafana.net/tempo',
      orgId: 'team-a',
      timeoutMs,
      auth: { type: 'basic', usernameEnv: 'TEMPO_USER', passwordEnv: 'TEMPO_TOKEN' },
    },
  ],
});

interface Target {
  backend: string;
  traceId: string;
  origin: string;
  /** The request every attempt must make. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  goodBody: string;
  /** A real answer of this API that is valid JSON but not what this call expects. */
  wrongShapeBody: string;
}

const targets: Target[] = [
  {
    backend: 'phoenix',
    traceId: phoenixTraceId,
    origin: 'http://phoenix:6006',
    path: '/v1/projects/agents/spans',
    query: { trace_id: phoenixTraceId, limit: '1000' },
    headers: { authorization: `Bearer ${environment.PHOENIX_API_KEY}` },
    goodBody: phoenixBody,
    // Phoenix's GraphQL answer to getTraceByOtelId, sent where the REST page was expected.
    wrongShapeBody: JSON.stringify({ data: { getTraceByOtelId: null } }),
  },
  {
    backend: 'tempo',
    traceId: tempoTraceId,
    origin: 'https://tempo-prod-04-prod-us-east-0.grafana.net',
    path: `/tempo/api/traces/${tempoTraceId}`,
    query: {},
    headers: {
      authorization: `Basic ${Buffer.from(`${environment.TEMPO_USER}:${environment.TEMPO_TOKEN}`).toString('base64')}`,
      'x-scope-orgid': 'team-a',
    },
    goodBody: tempoBody,
    // Tempo's search answer (`/api/search`), not a trace.
    wrongShapeBody: JSON.stringify({ traces: [{ traceID: tempoTraceId, rootServiceName: 'api' }], metrics: {} }),
  },
];

type MockInterceptor = ReturnType<ReturnType<MockAgent['get']>['intercept']>;

interface FailureCase {
  name: string;
  respond: (interceptor: () => MockInterceptor, target: Target) => void;
  code: ErrorCode;
  message: (target: Target) => RegExp;
  attempts: number;
  /** Details the chat replies read. */
  details?: Record<string, string | number>;
}

const json = { headers: { 'content-type': 'application/json' } };

const failures: FailureCase[] = [
  {
    name: '404',
    respond: (interceptor) => interceptor().reply(404, JSON.stringify({ detail: 'Not Found' }), json),
    code: 'trace_not_found',
    message: (target) => new RegExp(`^${target.backend}: HTTP 404 for ${target.path}: not found on this backend$`),
    attempts: 1,
  },
  {
    name: '401 (the body echoes the key)',
    respond: (interceptor) =>
      interceptor().reply(401, JSON.stringify({ detail: `Invalid token ${secrets.join(' ')}` }), json),
    code: 'backend_auth',
    message: (target) => new RegExp(`^${target.backend}: HTTP 401 for .*refused the configured credentials`),
    attempts: 1,
  },
  {
    name: '403',
    respond: (interceptor) => interceptor().reply(403, JSON.stringify({ detail: 'Forbidden' }), json),
    code: 'backend_auth',
    message: (target) => new RegExp(`^${target.backend}: HTTP 403 for .*may not read this`),
    attempts: 1,
  },
  {
    name: '429 with Retry-After: 0 on every attempt',
    respond: (interceptor) =>
      interceptor()
        .reply(429, 'Too Many Requests', { headers: { 'retry-after': '0' } })
        .times(3),
    code: 'backend_rate_limited',
    message: (target) => new RegExp(`^${target.backend}: HTTP 429 for .*: rate-limited after 3 attempts`),
    attempts: 3,
  },
  {
    name: '429 with a Retry-After longer than the cap',
    respond: (interceptor) => interceptor().reply(429, 'Too Many Requests', { headers: { 'retry-after': '120' } }),
    code: 'backend_rate_limited',
    message: () => /rate-limited after 1 attempt; it asked to wait 120 s$/,
    attempts: 1,
    details: { retryAfterSeconds: 120 },
  },
  {
    name: '500 after retries',
    respond: (interceptor) =>
      interceptor()
        .reply(500, JSON.stringify({ detail: 'Internal Server Error' }), json)
        .times(3),
    code: 'backend_unavailable',
    message: (target) => new RegExp(`^${target.backend}: HTTP 500 for ${target.path} after 3 attempts: .*failing`),
    attempts: 3,
  },
  {
    name: '503 after retries',
    respond: (interceptor) => interceptor().reply(503, 'upstream connect error').times(3),
    code: 'backend_unavailable',
    message: (target) => new RegExp(`^${target.backend}: HTTP 503 for ${target.path} after 3 attempts`),
    attempts: 3,
    details: { status: 503 },
  },
  {
    name: 'a server that never answers',
    respond: (interceptor, target) => interceptor().reply(200, target.goodBody, json).delay(10_000),
    code: 'backend_timeout',
    message: (target) => new RegExp(`^${target.backend}: no complete answer from .* within ${timeoutMs} ms`),
    attempts: 1,
  },
  {
    name: 'a body cut short of its Content-Length',
    respond: (interceptor, target) =>
      interceptor().reply(200, target.goodBody.slice(0, 120), {
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(target.goodBody)) },
      }),
    code: 'backend_bad_response',
    message: (target) => new RegExp(`^${target.backend}: the response to ${target.path} was cut short \\(120 of \\d+`),
    attempts: 1,
    details: { reason: 'truncated' },
  },
  {
    name: 'a malformed JSON body',
    respond: (interceptor) => interceptor().reply(200, '{"data": [{"id": "U3BhbjoxMDE=",}]', json),
    code: 'backend_bad_response',
    message: (target) => new RegExp(`^${target.backend}: the response .*is not valid JSON`),
    attempts: 1,
    details: { reason: 'malformed' },
  },
  {
    name: "a proxy's HTML page",
    respond: (interceptor) =>
      interceptor().reply(200, '<html><body>Sign in to continue</body></html>', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      }),
    code: 'backend_bad_response',
    message: () => /is not valid JSON/,
    attempts: 1,
    details: { reason: 'malformed' },
  },
  {
    name: 'a JSON body of the wrong shape',
    respond: (interceptor, target) => interceptor().reply(200, target.wrongShapeBody, json),
    code: 'backend_bad_response',
    message: (target) => new RegExp(`^${target.backend}: .*JSON of an unexpected shape.*expected`),
    attempts: 1,
    details: { reason: 'unexpected_shape' },
  },
  {
    name: 'a redirect to another host',
    respond: (interceptor) =>
      interceptor().reply(302, '', { headers: { location: 'http://169.254.169.254/latest/meta-data/' } }),
    code: 'backend_failed',
    message: () => /HTTP 302 for .*redirects are not followed/,
    attempts: 1,
  },
];

let mockAgent: MockAgent;
let backends: Map<string, TraceBackend>;

beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  backends = createBackends(config, {
    dispatcher: mockAgent,
    environment,
    http: { baseRetryDelayMs: 1, maxRetryDelayMs: 50 },
  });
});
afterEach(async () => {
  await mockAgent.close();
});

describe.each(targets)('$backend: each failure has its own code and message', (target) => {
  it('fetches the trace when the backend answers (the table below differs only in the answer)', async () => {
    mockAgent
      .get(target.origin)
      .intercept({ path: target.path, query: target.query, headers: target.headers })
      .reply(200, target.goodBody, json);
    const trace = await backends.get(target.backend)?.fetchTrace(target.traceId);
    expect(trace?.traceId).toBe(target.traceId);
    expect(trace?.spans.length).toBeGreaterThan(1);
  });

  it.each(failures)('$name', async (failure) => {
    failure.respond(
      () => mockAgent.get(target.origin).intercept({ path: target.path, query: target.query, headers: target.headers }),
      target,
    );
    const started = performance.now();
    let caught: unknown;
    try {
      await backends.get(target.backend)?.fetchTrace(target.traceId);
    } catch (error) {
      caught = error;
    }
    const elapsed = performance.now() - started;

    if (!TracehoundError.isInstance(caught)) throw new Error(`expected a TracehoundError, got ${String(caught)}`);
    expect(caught.code).toBe(failure.code);
    expect(caught.message).toMatch(failure.message(target));
    expect(caught.details).toMatchObject({ backend: target.backend, ...failure.details });
    expect(exitStatusFor(caught.code)).toBe(failure.code === 'trace_not_found' ? 3 : 4);
    const shown = `${caught.message} ${JSON.stringify(caught.details)}`;
    for (const secret of secrets) expect(shown).not.toContain(secret);
    expect(shown).not.toContain('Basic ');
    // Bounded: the slowest case is the timeout (300 ms); retries here wait at most 50 ms.
    expect(elapsed).toBeLessThan(2_000);

    const calls = mockAgent.getCallHistory()?.calls() ?? [];
    expect(calls).toHaveLength(failure.attempts);
    for (const call of calls) {
      expect(call.origin).toBe(target.origin);
      expect(call.path).toBe(target.path);
      expect(call.searchParams).toEqual(target.query);
      expect(call.headers).toMatchObject(target.headers);
    }
  });
});

describe('Retry-After', () => {
  function defaultRetryBackend(): TraceBackend {
    // The production retry settings (Retry-After honoured up to 5 s), only the dispatcher is the mock.
    const found = createBackends(config, { dispatcher: mockAgent, environment }).get('phoenix');
    if (found === undefined) throw new Error('no phoenix backend');
    return found;
  }
  const target = targets[0] as Target;

  it('waits as long as the header asks before retrying', async () => {
    const answeredAt: number[] = [];
    const pool = mockAgent.get(target.origin);
    const intercept = () => pool.intercept({ path: target.path, query: target.query, headers: target.headers });
    intercept().reply(() => {
      answeredAt.push(performance.now());
      return { statusCode: 429, data: 'Too Many Requests', responseOptions: { headers: { 'retry-after': '1' } } };
    });
    intercept().reply(() => {
      answeredAt.push(performance.now());
      return { statusCode: 200, data: target.goodBody, responseOptions: json };
    });
    const trace = await defaultRetryBackend().fetchTrace(target.traceId);
    expect(trace.traceId).toBe(target.traceId);
    expect(answeredAt).toHaveLength(2);
    const waited = (answeredAt[1] ?? 0) - (answeredAt[0] ?? 0);
    // Timers may fire a little early or late; the backoff alone (250 ms) would be far below 950 ms.
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3_000);
  });

  it('does not wait out a Retry-After over the 5 s cap: it stops at once and says how long was asked', async () => {
    mockAgent
      .get(target.origin)
      .intercept({ path: target.path, query: target.query, headers: target.headers })
      .reply(503, 'Service Unavailable', { headers: { 'retry-after': '6' } });
    const started = performance.now();
    const failure = await defaultRetryBackend()
      .fetchTrace(target.traceId)
      .catch((error: unknown) => error);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(TracehoundError.isInstance(failure) && failure.code).toBe('backend_unavailable');
    expect((failure as Error).message).toMatch(/after 1 attempt; it asked to wait 6 s/);
    expect(mockAgent.getCallHistory()?.calls()).toHaveLength(1);
  });
});

describe('against a loopback server (real sockets, the production dispatcher)', () => {
  let server: Server;
  let origin: string;
  let handle: (response: ServerResponse) => void;
  const open = new Set<ServerResponse>();

  beforeEach(async () => {
    server = createServer((_request, response) => {
      open.add(response);
      handle(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    for (const response of open) response.destroy();
    open.clear();
    // Keep-alive sockets of finished clients would hold close() open until they time out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  function zipkinAt(url: string): TraceBackend {
    const loopback = tracehoundConfigSchema.parse({
      backends: [{ name: 'zipkin', type: 'zipkin', url, timeoutMs }],
    });
    const found = createBackends(loopback, { environment: {}, http: { baseRetryDelayMs: 1 } }).get('zipkin');
    if (found === undefined) throw new Error('no zipkin backend');
    return found;
  }

  async function failureOf(promise: Promise<unknown>): Promise<TracehoundError> {
    const failure = await promise.then(
      () => new Error('expected a failure'),
      (error: unknown) => error,
    );
    if (!TracehoundError.isInstance(failure)) throw failure;
    return failure;
  }

  it('gives up on a server that sends headers and then nothing, within the timeout', async () => {
    handle = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      response.write('[{"traceId":"');
    };
    const started = performance.now();
    const failure = await failureOf(zipkinAt(origin).fetchTrace(tempoTraceId));
    expect(failure.code).toBe('backend_timeout');
    expect(failure.message).toBe(
      `zipkin: no complete answer from ${new URL(origin).host} within ${timeoutMs} ms (for /api/v2/trace/${tempoTraceId})`,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reports a connection closed before the promised Content-Length as cut short', async () => {
    handle = (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      response.write('[{"traceId":"', () => response.destroy());
    };
    const failure = await failureOf(zipkinAt(origin).fetchTrace(tempoTraceId));
    expect(failure.code).toBe('backend_bad_response');
    expect(failure.message).toMatch(/^zipkin: the response to \/api\/v2\/trace\/[0-9a-f]{32} was cut short/);
    expect(failure.details).toMatchObject({ reason: 'truncated' });
  });

  it('reports a backend nobody listens on as unavailable, at once', async () => {
    const closed = origin;
    // Keep-alive sockets of finished clients would hold close() open until they time out.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const started = performance.now();
    const failure = await failureOf(zipkinAt(closed).fetchTrace(tempoTraceId));
    expect(failure.code).toBe('backend_unavailable');
    expect(failure.message).toMatch(/^zipkin: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
