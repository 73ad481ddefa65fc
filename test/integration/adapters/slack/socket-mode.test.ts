import { webApi } from '@slack/bolt';
import nock from 'nock';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApp, type SlackApp } from '../../../../adapters/slack/slack-app.js';
import {
  createRealTriage,
  type RealTriage,
  readLabel,
  readOtlpExport,
  rootCauseNamedIn,
} from '../../../helpers/slack/real-triage-service.js';
import { SlackApiDouble } from '../../../helpers/slack/slack-api-double.js';
import { SocketModeServer } from '../../../helpers/slack/socket-mode-server.js';

const traceId = '1e223ff1f80f1c69f8f0b81c1a2d32ad';

describe('Socket Mode', () => {
  let socketServer: SocketModeServer | null = null;
  let slackApp: SlackApp | null = null;
  let triage: RealTriage | null = null;

  afterEach(async () => {
    await slackApp?.stop();
    await socketServer?.close();
    triage?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('connects with the app token, acks an event envelope, and replies through the Web API', async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    socketServer = new SocketModeServer();
    const url = await socketServer.listen();
    const api = new SlackApiDouble();
    api.respond('apps.connections.open', () => [200, { ok: true, url }]);
    triage = createRealTriage();
    triage.serveTrace(traceId, readOtlpExport('d-seed-refund-otlp.otlp.json', traceId));
    slackApp = createSlackApp({
      config: {
        botToken: 'xoxb-socket',
        signingSecret: null,
        appToken: 'xapp-1-socket',
        apiUrl: 'https://slack.com/api/',
        personalData: 'redact',
        maxFileBytes: 1000,
      },
      triageService: triage.service,
      feedbackStore: { recordFeedback: () => {} },
      logger: pino({ level: 'silent' }),
      retryConfig: webApi.retryPolicies.rapidRetryPolicy,
    });
    expect(slackApp.route).toBeNull();
    await slackApp.start();
    await socketServer.connected();
    expect(api.callsTo('apps.connections.open')[0]?.authorization).toBe('Bearer xapp-1-socket');

    socketServer.send({
      envelope_id: 'env-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        team_id: 'T0001',
        api_app_id: 'A0001',
        type: 'event_callback',
        event_id: 'EvSOCKET1',
        event_time: 1700000000,
        authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
        event: {
          type: 'app_mention',
          user: 'U0001',
          text: `<@UBOT> ${traceId}`,
          ts: '1700000000.000100',
          channel: 'C0001',
        },
      },
    });
    await socketServer.waitFor((message) => message.envelope_id === 'env-1');
    await slackApp.whenIdle();
    const deadline = Date.now() + 15_000;
    while (api.callsTo('chat.update').length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await slackApp.whenIdle();
    }
    expect(api.callsTo('chat.postMessage')[0]?.args.thread_ts).toBe('1700000000.000100');
    const named = rootCauseNamedIn(String(api.callsTo('chat.update')[0]?.args.text));
    expect(readLabel('d-seed-refund-otlp').rootCause?.spanIds).toContain(named?.spanId);
  });
});
