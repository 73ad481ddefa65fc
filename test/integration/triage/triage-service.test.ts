import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackends } from '../../../src/backends/index.js';
import { LocalBackend } from '../../../src/backends/local.js';
import { loadConfig } from '../../../src/config/index.js';
import { TracehoundError } from '../../../src/errors/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { createTriageService } from '../../../src/triage/create-triage-service.js';
import { devFixtures, repositoryRoot } from '../../unit/fixture-paths.js';

const jaegerBody = readFileSync(path.join(devFixtures, 'd-ticket-drift.jaeger.json'), 'utf8');
const traceId = '3e6200b0a708557bb3ae1c479539b692';
const scope = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };

let store: Store | null = null;
let folder: string | null = null;
afterEach(() => {
  store?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function service(agent: MockAgent, options: { withHistory?: boolean; now?: () => number } = {}) {
  folder = mkdtempSync(path.join(tmpdir(), 'tracehound-triage-'));
  store = openStore(folder, { pruneIntervalMs: 0 });
  const config = await loadConfig(
    {
      TRACEHOUND_BACKENDS_JSON: JSON.stringify([
        { name: 'local', type: 'local' },
        {
          name: 'prod-jaeger',
          type: 'jaeger',
          url: 'http://jaeger.internal:16686',
          uiUrl: 'https://jaeger.example.com',
        },
      ]),
    },
    { cwd: folder },
  );
  const backends = createBackends(config, { dispatcher: agent, local: new LocalBackend(store.traces) });
  return createTriageService({
    config,
    store: store.traces,
    backends,
    ...(options.withHistory ? { history: store.history } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
}

describe('the triage service the chat adapters call', () => {
  it('fetches a pasted Jaeger link from the configured backend and analyses it', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://jaeger.internal:16686')
      .intercept({ path: `/api/v3/traces/${traceId}`, method: 'GET' })
      .reply(404, { error: { httpCode: 404, message: 'not found' } });
    agent
      .get('http://jaeger.internal:16686')
      .intercept({ path: `/api/traces/${traceId}`, method: 'GET' })
      .reply(200, jaegerBody, { headers: { 'content-type': 'application/json' } });
    const triage = await service(agent);
    const text = `<https://jaeger.example.com/trace/${traceId}|the failed run>`;
    const [reference] = triage.findReferences(text);
    const result = await triage.triage({ kind: 'reference', text: reference ?? '' }, scope);
    expect(result.report.rootCause).toMatchObject({ layer: 'tool-args' });
    expect(result.trace.traceUrl).toBe(`https://jaeger.example.com/trace/${traceId}`);
  });

  it('refuses a link to a host the configuration does not name, without any request', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const triage = await service(agent);
    await expect(
      triage.triage({ kind: 'reference', text: `https://169.254.169.254/trace/${traceId}` }, scope),
    ).rejects.toSatisfy((error: unknown) => TracehoundError.isInstance(error) && error.code === 'link_refused');
    agent.assertNoPendingInterceptors();
  });

  it('analyses an attached file', async () => {
    const triage = await service(new MockAgent());
    const bytes = readFileSync(path.join(repositoryRoot, 'examples/worked-example.txt'));
    const result = await triage.triage({ kind: 'file', name: 'worked-example.txt', bytes }, scope);
    expect(result.report.rootCause?.spanId).toBe('2');
    expect(result.trace.source).toBe('worked-example.txt');
  });

  it('says how many recent runs share the failure mode, counting each trace once', async () => {
    const triage = await service(new MockAgent(), { withHistory: true });
    const asFile = (id: string) => ({
      kind: 'file' as const,
      name: `${id}.json`,
      bytes: new TextEncoder().encode(jaegerBody.replaceAll(traceId, id)),
    });
    const first = await triage.triage(asFile(traceId), scope);
    expect(first.similarRuns).toMatchObject({ count: 1, windowDays: 7 });
    expect(first.similarRuns?.clusterId).toMatch(/^sig_[0-9a-f]{12}$/);
    expect(first.similarRuns?.label).toMatch(/^tool-args: /);
    const second = await triage.triage(asFile('0123456789abcdef0123456789abcdef'), scope);
    expect(second.similarRuns).toMatchObject({ clusterId: first.similarRuns?.clusterId, count: 2 });
    // The same run analysed again is still two runs.
    const again = await triage.triage(asFile(traceId), scope);
    expect(again.similarRuns?.count).toBe(2);
  });

  it('keeps no history and says nothing of similar runs for a healthy run', async () => {
    const triage = await service(new MockAgent(), { withHistory: true });
    const bytes = readFileSync(path.join(devFixtures, 'd-healthy-lookup.otlp.json'));
    const result = await triage.triage({ kind: 'file', name: 'healthy.json', bytes }, scope);
    expect(result.report.rootCause).toBeNull();
    expect(result.similarRuns).toBeNull();
  });

  it('clusters the runs the embedded store received in the window, for a chat reply', async () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    const agent = new MockAgent();
    agent.disableNetConnect();
    // The configured Jaeger is searched too, and is down: its search is listed, the store's runs still cluster.
    agent
      .get('http://jaeger.internal:16686')
      .intercept({ path: /^\/api\/v3\/services/, method: 'GET' })
      .reply(503, 'upstream unavailable')
      .persist();
    const triage = await service(agent, { now: () => now });
    const shifted = (file: string, traceIdOverride: string, hoursAgo: number) => {
      const body = JSON.parse(readFileSync(path.join(devFixtures, file), 'utf8')) as {
        resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
      };
      const spans = body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
      const earliest = Math.min(...spans.map((span) => Number(BigInt(String(span.startTimeUnixNano)) / 1_000_000n)));
      const offsetMs = now - hoursAgo * 3_600_000 - earliest;
      for (const span of spans) {
        span.traceId = traceIdOverride;
        for (const key of ['startTimeUnixNano', 'endTimeUnixNano'])
          span[key] = String(BigInt(String(span[key])) + BigInt(offsetMs) * 1_000_000n);
      }
      store?.traces.insertExport(body as never);
    };
    shifted('d-tool-422.otlp.json', 'aa'.repeat(16), 2);
    shifted('d-tool-422.otlp.json', 'bb'.repeat(16), 5);
    shifted('d-upstream-price.otlp.json', 'cc'.repeat(16), 3);
    shifted('d-healthy-lookup.otlp.json', 'dd'.repeat(16), 1);
    // Outside a one-day window.
    shifted('d-upstream-price.otlp.json', 'ee'.repeat(16), 72);
    const progress: number[] = [];
    const summary = await triage.clusterFailures(
      { window: '1d', onProgress: (update) => progress.push(update.done) },
      scope,
    );
    // A mode seen once is a one-off, not a cluster; the healthy run is counted, not clustered.
    expect(summary.headline).toBe('3 of 4 runs failed, in 1 failure mode plus 1 one-off.');
    expect(summary.clusters.map((cluster) => [cluster.layer, cluster.count])).toEqual([['tool-args', 2]]);
    expect(summary.clusters[0]?.examples.map((example) => example.traceId).sort()).toEqual([
      'aa'.repeat(16),
      'bb'.repeat(16),
    ]);
    expect(progress.at(-1)).toBe(5);
    expect(summary.footnote).toBe('Could not read or analyse 1 input: prod-jaeger search.');
    await expect(triage.clusterFailures({ window: 'soon' }, scope)).rejects.toSatisfy(
      (error: unknown) =>
        TracehoundError.isInstance(error) &&
        error.code === 'input_unreadable' &&
        error.message.includes('cluster window'),
    );
  });
});
