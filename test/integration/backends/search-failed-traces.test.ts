import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { TracehoundError } from '../../../src/errors/index.js';

const window = { start: Date.parse('2026-11-24T09:00:00.000Z'), end: Date.parse('2026-11-25T09:00:00.000Z') };
const startIso = '2026-11-24T09:00:00.000Z';
const endIso = '2026-11-25T09:00:00.000Z';
const projectId = '11111111-2222-4333-8444-555555555555';

const environment = {
  LANGFUSE_PUBLIC_KEY: 'pk-lf-0a1b2c3d',
  LANGFUSE_SECRET_KEY: 'sk-lf-9f8e7d6c',
  PHOENIX_API_KEY: 'phx-key-5e6f7a8b',
  LANGSMITH_API_KEY: 'lsv2_pt_0123456789abcdef',
};
const langfuseAuthorization = `Basic ${Buffer.from(
  `${environment.LANGFUSE_PUBLIC_KEY}:${environment.LANGFUSE_SECRET_KEY}`,
).toString('base64')}`;

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'langfuse',
      type: 'langfuse',
      url: 'https://cloud.langfuse.com',
      auth: { type: 'basic', usernameEnv: 'LANGFUSE_PUBLIC_KEY', passwordEnv: 'LANGFUSE_SECRET_KEY' },
    },
    {
      name: 'phoenix',
      type: 'phoenix',
      url: 'http://phoenix:6006',
      project: 'support-agents',
      auth: { type: 'bearer', tokenEnv: 'PHOENIX_API_KEY' },
    },
    {
      name: 'langsmith',
      type: 'langsmith',
      url: 'https://api.smith.langchain.com',
      projectId,
      auth: { type: 'header', name: 'x-api-key', valueEnv: 'LANGSMITH_API_KEY' },
    },
  ],
});

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

function search(name: string, limit: number): Promise<string[]> {
  const backend = backends.get(name);
  if (backend?.searchFailedTraces === undefined) throw new Error(`${name} has no search`);
  return backend.searchFailedTraces(window, limit);
}

async function failureOf(promise: Promise<unknown>): Promise<TracehoundError> {
  const failure = await promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  );
  if (!TracehoundError.isInstance(failure)) throw failure;
  return failure;
}

function calls() {
  return mockAgent.getCallHistory()?.calls() ?? [];
}

const traceA = 'a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1';
const traceB = 'b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2';
const traceC = 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3';

describe('Langfuse searchFailedTraces', () => {
  /** An ObservationV2 with the `core` field group (what `fields=core` returns). */
  function observation(id: string, traceId: string, startTime: string) {
    return {
      id,
      traceId,
      startTime,
      endTime: startTime.replace(/\d\d\.\d{3}Z$/, '59.999Z'),
      projectId: 'cm1project0000000001',
      parentObservationId: null,
      type: 'GENERATION',
    };
  }

  it('asks for ERROR observations in the window, pages on, and returns trace IDs newest first, deduplicated, limited', async () => {
    const pool = mockAgent.get('https://cloud.langfuse.com');
    const expectedQuery = {
      level: 'ERROR',
      fromStartTime: startIso,
      toStartTime: endIso,
      fields: 'core',
      limit: '10',
    };
    pool
      .intercept({
        path: '/api/public/v2/observations',
        query: expectedQuery,
        headers: { authorization: langfuseAuthorization },
      })
      .reply(
        200,
        JSON.stringify({
          data: [
            observation('0f1e2d3c4b5a6978', traceB, '2026-11-25T08:10:00.000Z'),
            observation('1a2b3c4d5e6f7081', traceA, '2026-11-25T07:00:00.000Z'),
            observation('2b3c4d5e6f708192', traceB, '2026-11-25T06:00:00.000Z'),
          ],
          meta: { cursor: 'eyJsYXN0U3RhcnRUaW1lVG8iOiIyMDI2LTExLTI1VDA2OjAwOjAwLjAwMFoifQ==' },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    pool
      .intercept({
        path: '/api/public/v2/observations',
        query: { ...expectedQuery, cursor: 'eyJsYXN0U3RhcnRUaW1lVG8iOiIyMDI2LTExLTI1VDA2OjAwOjAwLjAwMFoifQ==' },
        headers: { authorization: langfuseAuthorization },
      })
      .reply(
        200,
        JSON.stringify({ data: [observation('3c4d5e6f70819203', traceC, '2026-11-24T10:00:00.000Z')], meta: {} }),
        { headers: { 'content-type': 'application/json' } },
      );

    expect(await search('langfuse', 2)).toEqual([traceB, traceA]);
    expect(calls()).toHaveLength(2);
    expect(calls()[0]?.searchParams).toEqual(expectedQuery);
  });

  it('says what it expected when the answer has no `data` array', async () => {
    mockAgent
      .get('https://cloud.langfuse.com')
      .intercept({
        path: '/api/public/v2/observations',
        query: { level: 'ERROR', fromStartTime: startIso, toStartTime: endIso, fields: 'core', limit: '10' },
      })
      .reply(200, JSON.stringify({ data: null, meta: { cursor: null } }));
    const failure = await failureOf(search('langfuse', 2));
    expect(failure.code).toBe('backend_bad_response');
    expect(failure.message).toMatch(
      /^langfuse: \/api\/public\/v2\/observations answered with JSON of an unexpected shape \(data: .*expected array.*\); expected a `data` array/,
    );
  });
});

describe('Phoenix searchFailedTraces', () => {
  /** A span as `GET /v1/projects/{project}/spans` returns it. */
  function span(spanId: string, traceId: string, startTime: string) {
    return {
      id: Buffer.from(`Span:${spanId.slice(0, 4)}`).toString('base64'),
      name: 'ChatCompletion',
      context: { trace_id: traceId, span_id: spanId },
      span_kind: 'LLM',
      parent_id: null,
      start_time: startTime,
      end_time: startTime,
      status_code: 'ERROR',
      status_message: 'RateLimitError: 429 Too Many Requests',
      attributes: { 'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini' },
      events: [],
    };
  }

  it('asks for ERROR spans of the project in the window, with the key, and returns trace IDs newest first', async () => {
    mockAgent
      .get('http://phoenix:6006')
      .intercept({
        path: '/v1/projects/support-agents/spans',
        query: { status_code: 'ERROR', start_time: startIso, end_time: endIso, limit: '15' },
        headers: { authorization: `Bearer ${environment.PHOENIX_API_KEY}` },
      })
      .reply(
        200,
        JSON.stringify({
          data: [
            span('a1b2c3d4e5f60718', traceA, '2026-11-24T12:00:00.000000+00:00'),
            span('b2c3d4e5f6071829', traceC, '2026-11-25T08:00:00.000000+00:00'),
            span('c3d4e5f607182930', traceA, '2026-11-24T12:00:01.000000+00:00'),
            span('d4e5f60718293041', traceB, '2026-11-24T18:30:00.000000+00:00'),
          ],
          next_cursor: 'U3BhbjoyMg==',
        }),
        { headers: { 'content-type': 'application/json' } },
      );

    expect(await search('phoenix', 3)).toEqual([traceC, traceB, traceA]);
    // One page only: the search does not follow the cursor.
    expect(calls()).toHaveLength(1);
  });

  it('limits the trace IDs it returns', async () => {
    mockAgent
      .get('http://phoenix:6006')
      .intercept({
        path: '/v1/projects/support-agents/spans',
        query: { status_code: 'ERROR', start_time: startIso, end_time: endIso, limit: '5' },
      })
      .reply(
        200,
        JSON.stringify({
          data: [
            span('a1b2c3d4e5f60718', traceA, '2026-11-24T12:00:00.000000+00:00'),
            span('b2c3d4e5f6071829', traceB, '2026-11-24T13:00:00.000000+00:00'),
          ],
          next_cursor: null,
        }),
      );
    expect(await search('phoenix', 1)).toEqual([traceB]);
  });

  it('says what it expected when `data` is not a list of spans', async () => {
    mockAgent
      .get('http://phoenix:6006')
      .intercept({
        path: '/v1/projects/support-agents/spans',
        query: { status_code: 'ERROR', start_time: startIso, end_time: endIso, limit: '10' },
      })
      .reply(200, JSON.stringify({ data: { spans: [] }, next_cursor: null }));
    const failure = await failureOf(search('phoenix', 2));
    expect(failure.code).toBe('backend_bad_response');
    expect(failure.message).toMatch(
      /^phoenix: \/v1\/projects\/support-agents\/spans answered with JSON of an unexpected shape \(data: .*expected array/,
    );
  });
});

describe('LangSmith searchFailedTraces', () => {
  /** A run as `POST /runs/query` returns it (v1 schema). */
  function errorRun(id: string, traceId: string, startTime: string) {
    return {
      id,
      name: 'lookup_order',
      run_type: 'tool',
      start_time: startTime,
      end_time: startTime,
      inputs: { order_id: '1243' },
      outputs: null,
      error: 'ToolException: order not found',
      extra: { metadata: { ls_run_depth: 1 } },
      events: [],
      tags: [],
      trace_id: traceId,
      dotted_order: `20261124T120000000000Z${traceId}.20261124T120000000000Z${id}`,
      parent_run_id: traceId,
      status: 'error',
      session_id: projectId,
    };
  }
  const runTraceA = '1ef0a3b2-5c7d-4e8f-9a1b-2c3d4e5f6a7b';
  const runTraceB = '2af1b4c3-6d8e-4f90-8b2c-3d4e5f6a7b8c';
  const runTraceC = '3b02c5d4-7e9f-4a01-9c3d-4e5f6a7b8c9d';

  it('queries errored runs of the project in the window with the key, newest trace first, deduplicated, limited', async () => {
    let sent: unknown;
    mockAgent
      .get('https://api.smith.langchain.com')
      .intercept({
        path: '/runs/query',
        method: 'POST',
        headers: { 'x-api-key': environment.LANGSMITH_API_KEY, 'content-type': 'application/json' },
        body: (body) => {
          sent = JSON.parse(body);
          return true;
        },
      })
      .reply(
        200,
        JSON.stringify({
          runs: [
            errorRun('4c13d6e5-8f0a-4b12-8d4e-5f6a7b8c9d0e', runTraceA, '2026-11-24T12:00:00.000000'),
            errorRun('5d24e7f6-901b-4c23-9e5f-6a7b8c9d0e1f', runTraceB, '2026-11-25T01:00:00.000000'),
            errorRun('6e35f807-a12c-4d34-8f60-7b8c9d0e1f2a', runTraceA, '2026-11-24T12:00:02.000000'),
            errorRun('7f460918-b23d-4e45-9071-8c9d0e1f2a3b', runTraceC, '2026-11-24T10:00:00.000000'),
          ],
          cursors: { next: null },
        }),
        { headers: { 'content-type': 'application/json' } },
      );

    expect(await search('langsmith', 2)).toEqual([runTraceB, runTraceA]);
    expect(sent).toEqual({ session: [projectId], error: true, start_time: startIso, end_time: endIso, limit: 100 });
    expect(calls()).toHaveLength(1);
    expect(calls()[0]?.path).toBe('/runs/query');
  });

  it('reports a body cut off mid-JSON as a bad response', async () => {
    mockAgent
      .get('https://api.smith.langchain.com')
      .intercept({ path: '/runs/query', method: 'POST' })
      .reply(200, '{"runs": [{"id": "4c13d6e5-8f0a-4b12-8d4e-', { headers: { 'content-type': 'application/json' } });
    const failure = await failureOf(search('langsmith', 2));
    expect(failure.code).toBe('backend_bad_response');
    expect(failure.message).toBe(
      'langsmith: the response to /runs/query is not valid JSON (42 bytes, content type application/json)',
    );
    expect(failure.message).not.toContain(environment.LANGSMITH_API_KEY);
  });
});
