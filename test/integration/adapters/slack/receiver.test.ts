import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeSlackSignature } from '../../../../adapters/slack/verify-signature.js';
import { createRealTriage, type RealTriage, readOtlpExport } from '../../../helpers/slack/real-triage-service.js';
import {
  type SlackTestServer,
  startSlackTestServer,
  testSigningSecret,
} from '../../../helpers/slack/slack-test-server.js';

const traceId = '0af7651916cd43dd8448eb211c80319c';

function mentionBody(eventId: string): string {
  return JSON.stringify({
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${traceId}`,
      ts: '1700000000.000100',
      channel: 'C0001',
    },
  });
}

describe('the /slack/events route', () => {
  let server: SlackTestServer;
  let triage: RealTriage;

  beforeEach(async () => {
    triage = createRealTriage();
    triage.serveTrace(traceId, readOtlpExport('d-seed-refund-otlp.otlp.json', traceId));
    server = await startSlackTestServer(triage.service);
  });
  afterEach(async () => {
    await server.close();
    triage.close();
  });

  it('refuses a bad signature with 401 and does nothing', async () => {
    const body = mentionBody('EvBAD');
    const timestamp = Math.floor(Date.now() / 1000);
    const wrong = computeSlackSignature('another-secret', String(timestamp), body);
    const response = await server.post(body, 'application/json', { timestamp, signature: wrong });
    expect(response.status).toBe(401);
    await server.slackApp.whenIdle();
    expect(server.api.calls.filter((call) => call.method !== 'auth.test')).toHaveLength(0);
    expect(triage.calls).toHaveLength(0);
    expect(triage.jaegerRequests()).toHaveLength(0);
  });

  it('refuses a stale timestamp and a future one with 401, both correctly signed', async () => {
    const now = Math.floor(Date.now() / 1000);
    // A future stamp gets a few seconds' margin: the receiver's clock may have ticked past `now`.
    for (const timestamp of [now - 301, now + 305, now + 600]) {
      const response = await server.post(mentionBody(`EvTS${timestamp}`), 'application/json', { timestamp });
      expect(response.status, `timestamp ${timestamp - now}s away`).toBe(401);
    }
    await server.slackApp.whenIdle();
    expect(server.api.calls.filter((call) => call.method !== 'auth.test')).toHaveLength(0);
  });

  it('refuses a request without signature headers', async () => {
    const response = await fetch(`${server.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: mentionBody('EvNOSIG'),
    });
    expect(response.status).toBe(401);
  });

  it('accepts a timestamp four minutes away and answers at once', async () => {
    const response = await server.post(mentionBody('EvOK1'), 'application/json', {
      timestamp: Math.floor(Date.now() / 1000) - 240,
    });
    expect(response.status).toBe(200);
    await server.slackApp.whenIdle();
    expect(server.api.callsTo('chat.update')).toHaveLength(1);
  });

  it('answers the url_verification challenge', async () => {
    const response = await server.post(
      JSON.stringify({
        token: 't',
        challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
        type: 'url_verification',
      }),
      'application/json',
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('acknowledges before the triage finishes', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const service = triage.service;
    const realTriage = service.triage.bind(service);
    service.triage = async (input, scope) => {
      await gate;
      return realTriage(input, scope);
    };
    const response = await server.post(mentionBody('EvSLOW'), 'application/json');
    expect(response.status).toBe(200);
    // Slack already has its answer while the triage is held: the placeholder goes out, the report does not.
    const deadline = Date.now() + 10_000;
    while (server.api.callsTo('chat.postMessage').length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(server.api.callsTo('chat.update')).toHaveLength(0);
    release();
    await server.slackApp.whenIdle();
    expect(server.api.callsTo('chat.update')).toHaveLength(1);
  });

  it('keeps the signing secret out of the way of a body signed with it but tampered with', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = mentionBody('EvTAMPER');
    const signature = computeSlackSignature(testSigningSecret, timestamp, body);
    const response = await server.post(body.replace('U0001', 'U0002'), 'application/json', {
      timestamp: Number(timestamp),
      signature,
    });
    expect(response.status).toBe(401);
  });
});
