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

async function service(agent: MockAgent) {
  folder = mkdtempSync(path.join(tmpdir(), 'tracehound-triage-'));
  store = openStore(folder, { pruneIntervalMs: 0 });
  const config = await loadConfig(
    {
      TRACEHOUND_BACKENDS_JSON: JSON.stringify([
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
  return createTriageService({ config, store: store.traces, backends });
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
});
