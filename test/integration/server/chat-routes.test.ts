import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { computeSlackSignature } from '../../../adapters/slack/verify-signature.js';
import { createAdapterRoutes } from '../../../src/cli/commands/serve.js';
import { createLogger } from '../../../src/logging/logger.js';
import { type RunningService, startService } from '../../../src/server/create-server.js';
import { SlackApiDouble } from '../../helpers/slack/slack-api-double.js';
import { personalMessage } from '../../helpers/teams/activities.js';
import { BotConnectorDouble } from '../../helpers/teams/bot-connector-double.js';

const signingSecret = 'service-test-signing-secret-0123456789';
const botToken = 'xoxb-service-test-token';
/** The Slack Web API as a nock host (SLACK_API_URL points there), so no call leaves the machine. */
const slackApiOrigin = 'https://slack-api.test';

interface LogEntry {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

interface StartedService {
  service: RunningService;
  logs: LogEntry[];
  stop(): Promise<void>;
}

let started: StartedService | null = null;
let folder: string | null = null;

afterEach(async () => {
  await started?.stop();
  started = null;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = null;
  nock.cleanAll();
  nock.enableNetConnect();
});

/** The service as `tracehound serve` builds it: the real server with the chat adapters' routes from `createAdapterRoutes`. */
async function startServe(extraEnvironment: Record<string, string>): Promise<StartedService> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  folder = mkdtempSync(path.join(tmpdir(), 'tracehound-serve-'));
  const logs: LogEntry[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) logs.push(JSON.parse(line) as LogEntry);
        callback();
      },
    }),
  });
  // Only what the test names: no MicrosoftAppId or Slack token of the machine running the tests leaks in.
  const env = { PORT: '0', HOST: '127.0.0.1', TRACEHOUND_DATA_DIR: path.join(folder, 'data'), ...extraEnvironment };
  let stopAdapters: () => Promise<void> = async () => undefined;
  const cwd = folder;
  const service = await startService({
    env,
    cwd,
    logger,
    routes: async (context) => {
      const adapters = await createAdapterRoutes(env, context, logger, cwd);
      stopAdapters = () => adapters.stop();
      return adapters.routes;
    },
  });
  let stopping: Promise<void> | null = null;
  return {
    service,
    logs,
    stop() {
      // As `serve` does: stop accepting and drain background replies, while the adapters stop.
      stopping ??= Promise.all([service.stop(), stopAdapters()]).then(() => undefined);
      return stopping;
    },
  };
}

function signedSlackPost(url: string, body: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return fetch(`${url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': computeSlackSignature(signingSecret, timestamp, body),
    },
    body,
  });
}

const otlpBody = JSON.stringify({
  resourceSpans: [
    {
      scopeSpans: [
        { spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'root', startTimeUnixNano: '1' }] },
      ],
    },
  ],
});

describe('tracehound serve without chat credentials', () => {
  it('mounts /api/messages anyway, answers 401 with a JSON error, and warns once at startup what to set', async () => {
    started = await startServe({});
    const { service, logs } = started;
    const warningsAtStartup = logs.filter((entry) => entry.level === 40);
    expect(warningsAtStartup).toHaveLength(1);
    const warning = String(warningsAtStartup[0]?.msg);
    expect(warning).toContain('/api/messages');
    expect(warning).toContain('401');
    expect(warning).toContain('MicrosoftAppId');
    expect(warning).toContain('MicrosoftAppPassword');
    expect(warning).toContain('TEAMS_ALLOW_UNAUTHENTICATED=true');

    const connector = new BotConnectorDouble();
    for (const id of ['1732600000001', '1732600000002']) {
      const response = await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(personalMessage(id, 'help')),
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      const body = (await response.json()) as { error?: unknown };
      expect(body.error).toBe('unauthorized');
    }
    await started.stop();
    // Nothing was posted to the serviceUrl the activities named, and refusals did not repeat the warning.
    expect(connector.calls).toEqual([]);
    expect(logs.filter((entry) => entry.level === 40)).toHaveLength(1);
    // Slack stays unmounted without its token, and the log says which variables mount it.
    expect(logs.some((entry) => entry.level === 30 && String(entry.msg).includes('SLACK_BOT_TOKEN'))).toBe(true);
  });

  it('answers /slack/events with 404 when Slack is not configured, while health and OTLP still answer', async () => {
    started = await startServe({});
    const { service } = started;
    expect((await signedSlackPost(service.url, '{"type":"url_verification","challenge":"x"}')).status).toBe(404);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    const otlp = await fetch(`${service.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: otlpBody,
    });
    expect(otlp.status).toBe(200);
  });
});

describe('tracehound serve with Slack and (local-testing) Teams configured', () => {
  it('serves /slack/events, /api/messages, /v1/traces and /healthz on one port', async () => {
    const slackApi = new SlackApiDouble(slackApiOrigin, '/api/');
    const connector = new BotConnectorDouble();
    started = await startServe({
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: `${slackApiOrigin}/api/`,
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
    });
    const { service, logs } = started;
    // Slack checked its token at startup through the configured Web API URL.
    expect(slackApi.callsTo('auth.test')[0]?.authorization).toBe(`Bearer ${botToken}`);
    // The unauthenticated Teams mode is announced loudly.
    expect(
      logs.some((entry) => entry.level === 40 && String(entry.msg).includes('UNAUTHENTICATED')),
      JSON.stringify(logs),
    ).toBe(true);

    const verification = await signedSlackPost(
      service.url,
      JSON.stringify({
        token: 'unused',
        challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      }),
    );
    expect(verification.status).toBe(200);
    expect(await verification.json()).toEqual({
      challenge: 'challenge-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
    const unsigned = await fetch(`${service.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"url_verification","challenge":"x"}',
    });
    expect(unsigned.status).toBe(401);

    const mention = await signedSlackPost(
      service.url,
      JSON.stringify({
        token: 'unused',
        team_id: 'T0001',
        api_app_id: 'A0001',
        type: 'event_callback',
        event_id: 'EvSERVE00001',
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'app_mention',
          user: 'U0001',
          text: '<@UBOT> hello',
          ts: '1732600100.000100',
          channel: 'C0001',
          event_ts: '1732600100.000100',
        },
      }),
    );
    expect(mention.status).toBe(200);

    const teams = await fetch(`${service.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(personalMessage('1732600200001', 'help')),
    });
    expect(teams.status).toBe(200);

    const otlp = await fetch(`${service.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: otlpBody,
    });
    expect(otlp.status).toBe(200);
    expect((await fetch(`${service.url}/healthz`)).status).toBe(200);

    // Stopping drains the replies both adapters were still sending.
    await started.stop();
    const slackReply = slackApi.callsTo('chat.postMessage')[0];
    expect(slackReply?.args).toMatchObject({ channel: 'C0001', thread_ts: '1732600100.000100' });
    expect(String(slackReply?.args.text)).toContain('Nothing to triage');
    const [teamsReply, ...others] = connector.messages();
    expect(others).toEqual([]);
    expect(teamsReply?.conversationId).toBe('a:1personal-chat-with-the-bot');
    expect(String(teamsReply?.body.text)).toContain('**triage** followed by a trace link or ID');
  });
});
