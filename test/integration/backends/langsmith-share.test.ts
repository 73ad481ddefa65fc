import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackends, fetchTraceByReference, type TraceBackend } from '../../../src/backends/index.js';
import { tracehoundConfigSchema } from '../../../src/config/index.js';
import { resolveTraceReference } from '../../../src/links/index.js';

const formatFixtures = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)), 'test/fixtures/formats');
type Run = Record<string, unknown> & { id: string; trace_id: string; parent_run_id: string | null };
const fixtureRuns = JSON.parse(readFileSync(path.join(formatFixtures, 'langsmith-runs-v1.json'), 'utf8')) as Run[];

/** The public schema (RunPublicSchema) has no project: `session_id` is not shared. */
function publicRun(run: Run, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { session_id: _session, ...rest } = run;
  return { ...rest, ...extra };
}

const root = fixtureRuns.find((run) => run.parent_run_id === null) as Run;
const children = fixtureRuns.filter((run) => run.parent_run_id !== null);
const shareToken = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

const config = tracehoundConfigSchema.parse({
  backends: [
    {
      name: 'langsmith',
      type: 'langsmith',
      url: 'https://api.smith.langchain.com',
      auth: { type: 'header', name: 'x-api-key', valueEnv: 'LANGSMITH_API_KEY' },
    },
  ],
});

let mockAgent: MockAgent;
let backends: Map<string, TraceBackend>;

beforeEach(() => {
  mockAgent = new MockAgent({ enableCallHistory: true });
  mockAgent.disableNetConnect();
  // No LANGSMITH_API_KEY: a public share link must work without one.
  backends = createBackends(config, { dispatcher: mockAgent, environment: {} });
});
afterEach(async () => {
  await mockAgent.close();
});

function langsmith(): TraceBackend {
  const backend = backends.get('langsmith');
  if (backend?.fetchSharedTrace === undefined) throw new Error('no shared-trace support');
  return backend;
}

describe('LangSmith public share links', () => {
  it('reads the shared run, then its child runs by ID, with no API key', async () => {
    const pool = mockAgent.get('https://api.smith.langchain.com');
    pool.intercept({ path: `/public/${shareToken}/run`, method: 'GET' }).reply(
      200,
      JSON.stringify(
        publicRun(root, {
          child_run_ids: children.map((run) => run.id),
          direct_child_run_ids: children.map((run) => run.id),
          parent_run_ids: [],
        }),
      ),
    );
    let queried: unknown;
    pool
      .intercept({
        path: `/public/${shareToken}/runs/query`,
        method: 'POST',
        body: (body) => {
          queried = JSON.parse(body);
          return true;
        },
      })
      .reply(
        200,
        JSON.stringify({ runs: children.map((run) => publicRun(run)), cursors: { next: null }, parsed_query: null }),
      );

    const trace = await langsmith().fetchSharedTrace?.(shareToken);
    expect(queried).toEqual({ id: children.map((run) => run.id) });
    expect(trace?.traceId).toBe(root.trace_id);
    expect(trace?.format).toBe('langsmith');
    expect(trace?.spans.map((span) => span.id).sort()).toEqual(fixtureRuns.map((run) => run.id).sort());
    expect(trace?.spans.find((span) => span.id === root.id)?.parentId).toBeNull();
    expect(trace?.traceUrl).toBe(`https://smith.langchain.com/public/${shareToken}/r`);
    const calls = mockAgent.getCallHistory()?.calls() ?? [];
    expect(calls).toHaveLength(2);
    for (const call of calls) {
      const headerNames = Object.keys(call.headers ?? {}).map((name) => name.toLowerCase());
      expect(headerNames).toContain('accept');
      expect(headerNames).not.toContain('x-api-key');
    }
  });

  it('falls back to the share run list when the run names no children', async () => {
    const pool = mockAgent.get('https://api.smith.langchain.com');
    pool
      .intercept({ path: `/public/${shareToken}/run` })
      .reply(200, JSON.stringify(publicRun(root, { child_run_ids: null })));
    pool
      .intercept({ path: `/public/${shareToken}/runs`, method: 'GET' })
      .reply(200, JSON.stringify(fixtureRuns.map((run) => publicRun(run))));
    const trace = await langsmith().fetchSharedTrace?.(shareToken);
    expect(trace?.spans).toHaveLength(fixtureRuns.length);
    expect(
      mockAgent
        .getCallHistory()
        ?.calls()
        .map((call) => call.path),
    ).toEqual([`/public/${shareToken}/run`, `/public/${shareToken}/runs`]);
  });

  it('reports an unknown or revoked token as not found', async () => {
    mockAgent
      .get('https://api.smith.langchain.com')
      .intercept({ path: `/public/${shareToken}/run` })
      .reply(404, JSON.stringify({ detail: 'Run not found' }));
    await expect(langsmith().fetchSharedTrace?.(shareToken)).rejects.toMatchObject({ code: 'trace_not_found' });
  });

  it('refuses a token that is not a UUID without a request', async () => {
    await expect(langsmith().fetchSharedTrace?.('../runs/query')).rejects.toMatchObject({ code: 'input_unreadable' });
    expect(mockAgent.getCallHistory()?.calls() ?? []).toHaveLength(0);
  });

  it('routes a pasted share link (with a run inside it) to the public endpoints', async () => {
    const link = `https://smith.langchain.com/public/${shareToken}/r/${children[0]?.id}`;
    expect(resolveTraceReference(link, config)).toMatchObject({
      kind: 'link',
      backendName: 'langsmith',
      traceId: shareToken,
      idKind: 'share',
      spanId: children[0]?.id,
    });
    const pool = mockAgent.get('https://api.smith.langchain.com');
    pool
      .intercept({ path: `/public/${shareToken}/run` })
      .reply(200, JSON.stringify(publicRun(root, { child_run_ids: children.map((run) => run.id) })));
    pool
      .intercept({ path: `/public/${shareToken}/runs/query`, method: 'POST' })
      .reply(200, JSON.stringify({ runs: children.map((run) => publicRun(run)), cursors: {} }));
    const trace = await fetchTraceByReference(link, { config, scope: { platform: 'cli' }, backends });
    expect(trace.spans).toHaveLength(fixtureRuns.length);
    const paths = mockAgent
      .getCallHistory()
      ?.calls()
      .map((call) => call.path);
    expect(paths).not.toContain('/runs/query');
  });
});
