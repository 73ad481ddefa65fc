import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { pino } from 'pino';
import { MockAgent } from 'undici';
import { readTeamsConfig } from '../../../adapters/teams/config.js';
import { createTeamsApp, type TeamsApp } from '../../../adapters/teams/index.js';
import { createBackends } from '../../../src/backends/index.js';
import { LocalBackend } from '../../../src/backends/local.js';
import { loadConfig } from '../../../src/config/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { createTriageService } from '../../../src/triage/create-triage-service.js';
import type { TriageService } from '../../../src/triage/triage-service.js';
import { BotConnectorDouble } from './bot-connector-double.js';

export const jaegerApi = 'http://jaeger.internal:16686';
export const jaegerUi = 'https://jaeger.example.com';

export interface TeamsTestServer {
  baseUrl: string;
  app: TeamsApp;
  store: Store;
  /** The backends' HTTP, on undici's MockAgent (nock cannot see undici). */
  backends: MockAgent;
  connector: BotConnectorDouble;
  /** The same service the bot calls, for expectations computed from what the engine finds. */
  triageService: TriageService;
  /** POSTs an activity to /api/messages. */
  post(activity: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The real thing on loopback: the real triage service over a real SQLite store and backend clients
 * (a local store and a Jaeger on a MockAgent), the Teams route on a node:http server, and the Bot
 * Connector at the activities' serviceUrl answered by nock.
 */
export async function startTeamsTestServer(
  options: {
    environment?: Record<string, string>;
    now?: () => number;
    maxFileBytes?: number;
    /** The Jaeger backend's `timeoutMs` (the client's default unless given). */
    backendTimeoutMs?: number;
  } = {},
): Promise<TeamsTestServer> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const folder = mkdtempSync(path.join(tmpdir(), 'tracehound-teams-'));
  const store = openStore(folder, { pruneIntervalMs: 0 });
  const config = await loadConfig(
    {
      TRACEHOUND_BACKENDS_JSON: JSON.stringify([
        { name: 'local', type: 'local' },
        {
          name: 'prod-jaeger',
          type: 'jaeger',
          url: jaegerApi,
          uiUrl: jaegerUi,
          ...(options.backendTimeoutMs === undefined ? {} : { timeoutMs: options.backendTimeoutMs }),
        },
      ]),
    },
    { cwd: folder },
  );
  const backends = new MockAgent({ enableCallHistory: true });
  backends.disableNetConnect();
  const triageService = createTriageService({
    config,
    store: store.traces,
    history: store.history,
    backends: createBackends(config, { dispatcher: backends, local: new LocalBackend(store.traces) }),
    ...(options.now ? { now: options.now } : {}),
  });
  const connector = new BotConnectorDouble();
  const app = createTeamsApp({
    config: readTeamsConfig(options.environment ?? { TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, {
      unfurlDomains: ['jaeger.example.com'],
      maxFileBytes: options.maxFileBytes ?? 1024 * 1024,
    }),
    triageService,
    feedbackStore: store.feedback,
    logger: pino({ level: 'silent' }),
    progressIntervalMs: 0,
  });
  const server: Server = createServer((request, response) => {
    void app.route.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    app,
    store,
    backends,
    connector,
    triageService,
    post(activity, headers = {}) {
      return fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity),
      });
    },
    async close() {
      await app.whenIdle();
      // Keep-alive sockets of finished clients would hold close() open until they time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backends.close();
      store.close();
      rmSync(folder, { recursive: true, force: true });
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
