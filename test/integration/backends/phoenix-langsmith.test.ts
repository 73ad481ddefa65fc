import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { TracehoundError } from '../../../src/errors/index.js';

const formatFixtures = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/formats');
const phoenixPage = JSON.parse(readFileSync(path.join(formatFixtures, 'phoenix-rest-page.json'), 'utf8')) as {
  data: Array<{ context: { trace_id: string; span_id: string } }>;
};
// The fixture is the run list; `/runs/query` wraps it as `{runs, cursors}`.
const langsmithRuns = {
  runs: JSON.parse(readFileSync(path.join(formatFixtures, 'langsmith-runs-v1.json'), 'utf8')) as Array<{
    id: string;
    trace_id: string;
  }>,
  cursors: { next: null },
};
const phoenixTraceId = phoenixPage.data[0]?.context.trace_id ?? '';
const langsmithTraceId = langsmithRuns.runs[0]?.trace_id ?? '';

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'phoenix',
      type: 'phoenix',
      url: 'http://phoenix:6006',
      project: 'agents',
      auth: { type: 'bearer', tokenEnv: 'PHOENIX_API_KEY' },
    },
    {
      name: 'langsmith',
      type: 'langsmith',
      url: 'https://api.smith.langchain.com',
      uiUrl: 'https://smith.langchain.com',
      projectId: '11111111-2222-4333-8444-555555555555',
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
    environment: { PHOENIX_API_KEY: 'phoenix-secret', LANGSMITH_API_KEY: 'lsv2-secret' },
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

describe('Phoenix', () => {
  it('pages through spans by trace ID with the bearer key', async () => {
    const pool = mockAgent.get('http://phoenix:6006');
    const [first, ...rest] = phoenixPage.data;
    pool
      .intercept({
        path: '/v1/projects/agents/spans',
        query: { trace_id: phoenixTraceId, limit: '1000' },
        headers: { authorization: 'Bearer phoenix-secret' },
      })
      .reply(200, JSON.stringify({ data: [first], next_cursor: 'U3BhbjoyMg==' }));
    pool
      .intercept({
        path: '/v1/projects/agents/spans',
        query: { trace_id: phoenixTraceId, limit: '1000', cursor: 'U3BhbjoyMg==' },
      })
      .reply(200, JSON.stringify({ data: rest, next_cursor: null }));
    const trace = await backend('phoenix').fetchTrace(phoenixTraceId);
    expect(trace.spans.map((span) => span.id).sort()).toEqual(
      phoenixPage.data.map((span) => span.context.span_id).sort(),
    );
    expect(trace.traceUrl).toBe(`http://phoenix:6006/redirects/traces/${phoenixTraceId}`);
  });

  it('reports an empty page as not found', async () => {
    mockAgent
      .get('http://phoenix:6006')
      .intercept({ path: (requestPath) => requestPath.startsWith('/v1/projects/agents/spans?') })
      .reply(200, JSON.stringify({ data: [], next_cursor: null }));
    await expect(backend('phoenix').fetchTrace('f'.repeat(32))).rejects.toMatchObject({ code: 'trace_not_found' });
  });
});

describe('LangSmith', () => {
  it('queries runs by trace in the configured project with the API key', async () => {
    let sentBody: unknown;
    mockAgent
      .get('https://api.smith.langchain.com')
      .intercept({
        path: '/runs/query',
        method: 'POST',
        headers: { 'x-api-key': 'lsv2-secret' },
        body: (body) => {
          sentBody = JSON.parse(body);
          return true;
        },
      })
      .reply(200, JSON.stringify(langsmithRuns));
    const trace = await backend('langsmith').fetchTrace(langsmithTraceId);
    expect(sentBody).toMatchObject({ session: ['11111111-2222-4333-8444-555555555555'], trace: langsmithTraceId });
    expect(trace.spans).toHaveLength(langsmithRuns.runs.length);
  });

  it('follows a run ID to its trace', async () => {
    const child = langsmithRuns.runs.find((run) => run.id !== run.trace_id);
    if (child === undefined) throw new Error('the fixture has no child run');
    const bodies: Array<Record<string, unknown>> = [];
    mockAgent
      .get('https://api.smith.langchain.com')
      .intercept({ path: '/runs/query', method: 'POST' })
      .reply((options) => {
        const body = JSON.parse(String(options.body)) as Record<string, unknown>;
        bodies.push(body);
        const runs = body.trace === child.trace_id ? langsmithRuns.runs : Array.isArray(body.id) ? [child] : [];
        return { statusCode: 200, data: JSON.stringify({ runs, cursors: {} }) };
      })
      .times(3);
    const trace = await backend('langsmith').fetchTrace(child.id);
    expect(bodies.map((body) => body.trace ?? body.id)).toEqual([child.id, [child.id], child.trace_id]);
    expect(trace.spans).toHaveLength(langsmithRuns.runs.length);
  });

  it('maps 401 to backend_auth without echoing the key', async () => {
    mockAgent
      .get('https://api.smith.langchain.com')
      .intercept({ path: '/runs/query', method: 'POST' })
      .reply(401, JSON.stringify({ detail: 'Invalid token lsv2-secret' }));
    let caught: unknown;
    try {
      await backend('langsmith').fetchTrace(langsmithTraceId);
    } catch (error) {
      caught = error;
    }
    expect(TracehoundError.isInstance(caught) && caught.code).toBe('backend_auth');
    expect((caught as Error).message).not.toContain('lsv2-secret');
  });
});
