import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import nock from 'nock';
import { type Logger, pino } from 'pino';
import type { SlackConfig } from '../../../adapters/slack/config.js';
import { createSlackApp, type SlackApp } from '../../../adapters/slack/slack-app.js';
import { computeSlackSignature } from '../../../adapters/slack/verify-signature.js';
import type { FeedbackRecord, FeedbackStore } from '../../../src/store/feedback-store.js';
import type { TriageService } from '../../../src/triage/triage-service.js';
import { SlackApiDouble } from './slack-api-double.js';

export const testSigningSecret = 'test-signing-secret-0123456789abcdef';
export const testBotToken = 'xoxb-test-bot-token';

export interface SlackTestServer {
  baseUrl: string;
  slackApp: SlackApp;
  api: SlackApiDouble;
  feedback: FeedbackRecord[];
  /** Posts raw bytes to /slack/events, signed as Slack signs them unless overridden. */
  post(
    body: string,
    contentType: string,
    options?: { timestamp?: number; signature?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  sendEvent(event: Record<string, unknown>, options?: { eventId?: string; retryNum?: number }): Promise<Response>;
  sendCommand(fields: Record<string, string>): Promise<Response>;
  sendInteraction(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

export async function startSlackTestServer(
  triageService: TriageService,
  options: { config?: Partial<SlackConfig>; logger?: Logger; clusterProgressIntervalMs?: number } = {},
): Promise<SlackTestServer> {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  const api = new SlackApiDouble();
  const feedback: FeedbackRecord[] = [];
  const feedbackStore: FeedbackStore = { recordFeedback: (record) => feedback.push(record) };
  const config: SlackConfig = {
    botToken: testBotToken,
    signingSecret: testSigningSecret,
    appToken: null,
    apiUrl: 'https://slack.com/api/',
    personalData: 'redact',
    maxFileBytes: 1024 * 1024,
    ...options.config,
  };
  const slackApp = createSlackApp({
    config,
    triageService,
    feedbackStore,
    logger: options.logger ?? pino({ level: 'silent' }),
    retryConfig: webApi.retryPolicies.rapidRetryPolicy,
    ...(options.clusterProgressIntervalMs === undefined
      ? {}
      : { clusterProgressIntervalMs: options.clusterProgressIntervalMs }),
  });
  const route = slackApp.route;
  if (!route) throw new Error('expected HTTP mode');
  await slackApp.start();
  const server: Server = createServer((request, response) => {
    if (request.method === route.method && request.url === route.path) {
      void route.handle(request, response);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const post: SlackTestServer['post'] = async (body, contentType, postOptions = {}) => {
    const timestamp = String(postOptions.timestamp ?? Math.floor(Date.now() / 1000));
    const signature = postOptions.signature ?? computeSlackSignature(testSigningSecret, timestamp, body);
    return fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': signature,
        ...postOptions.headers,
      },
      body,
    });
  };

  let eventCounter = 0;
  return {
    baseUrl,
    slackApp,
    api,
    feedback,
    post,
    sendEvent(event, eventOptions = {}) {
      eventCounter += 1;
      const body = JSON.stringify({
        token: 'verification-token-unused',
        team_id: 'T0001',
        api_app_id: 'A0001',
        event,
        type: 'event_callback',
        event_id: eventOptions.eventId ?? `Ev${String(eventCounter).padStart(8, '0')}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        is_ext_shared_channel: false,
      });
      const headers: Record<string, string> =
        eventOptions.retryNum === undefined
          ? {}
          : { 'x-slack-retry-num': String(eventOptions.retryNum), 'x-slack-retry-reason': 'http_timeout' };
      return post(body, 'application/json', { headers });
    },
    sendCommand(fields) {
      const body = new URLSearchParams({
        token: 'verification-token-unused',
        team_id: 'T0001',
        team_domain: 'acme',
        channel_id: 'C0001',
        channel_name: 'incidents',
        user_id: 'U0001',
        user_name: 'oncall',
        command: '/triage',
        text: '',
        api_app_id: 'A0001',
        response_url: 'https://hooks.slack.com/commands/T0001/1/abc',
        trigger_id: `${Date.now()}.1.${Math.random().toString(16).slice(2)}`,
        ...fields,
      }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    sendInteraction(payload) {
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      return post(body, 'application/x-www-form-urlencoded');
    },
    async close() {
      await slackApp.stop();
      // Keep-alive sockets of finished clients would hold close() open until they time out.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
