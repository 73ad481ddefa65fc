import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriageResult } from '../../../../src/triage/triage-service.js';
import {
  createRealTriage,
  devFixtures,
  expectLabelledRootCause,
  jaegerLink,
  type RealTriage,
  readLabel,
  readOtlpExport,
} from '../../../helpers/slack/real-triage-service.js';
import { type SlackTestServer, startSlackTestServer, testBotToken } from '../../../helpers/slack/slack-test-server.js';

const traceId = '80f198ee56343ba864fe8b2a57d3eff7';
const link = jaegerLink(traceId);
const refusedLink = 'https://intranet.example.org/trace/1';
const label = readLabel('d-seed-refund-otlp');

describe('Slack entry points', () => {
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

  it('link_shared: unfurls each trace link with a compact card, and none for a refused host', async () => {
    await server.sendEvent({
      type: 'link_shared',
      channel: 'C0001',
      is_bot_user_member: true,
      user: 'U0001',
      message_ts: '1700001000.000100',
      unfurl_id: 'C0001.1700001000.000100.abc',
      source: 'conversations_history',
      links: [
        { domain: 'grafana.example.net', url: link },
        { domain: 'intranet.example.org', url: refusedLink },
      ],
      event_ts: '1700001000.000200',
    });
    await server.slackApp.whenIdle();
    const unfurls = server.api.callsTo('chat.unfurl');
    expect(unfurls).toHaveLength(1);
    expect(unfurls[0]?.args).toMatchObject({
      unfurl_id: 'C0001.1700001000.000100.abc',
      source: 'conversations_history',
    });
    const cards = unfurls[0]?.args.unfurls as Record<string, { blocks: unknown[] }>;
    expect(Object.keys(cards)).toEqual([link]);
    const card = JSON.stringify(cards[link]?.blocks);
    const layer = label.rootCause?.layers[0] ?? '';
    expect(card).toContain(`layer \`${layer}\``);
    const spanIds = [...card.matchAll(/\(`([0-9a-f]{16})`\)/g)].map((match) => match[1]);
    expect(label.rootCause?.spanIds).toContain(spanIds[0]);
    // One line of evidence: the drifted order ID against the one the user asked for.
    expect(card).toMatch(/expected `[^`]*1234[^`]*`, actual `[^`]*1243[^`]*`/);
    expect(card).toContain('tracehound_triage_in_thread');
    // Only the configured Jaeger was asked, and only for the linked trace.
    expect(triage.jaegerRequests()).toContain(`/api/v3/traces/${traceId}`);
    expect(triage.jaegerRequests().every((requestPath) => requestPath.includes(traceId))).toBe(true);
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('the unfurl card button runs the full triage in the thread of the message holding the link', async () => {
    await server.sendInteraction({
      type: 'block_actions',
      user: { id: 'U0002', username: 'sre', team_id: 'T0001' },
      api_app_id: 'A0001',
      token: 'unused',
      container: {
        type: 'message_attachment',
        message_ts: '1700001000.000100',
        channel_id: 'C0001',
        is_app_unfurl: true,
        is_ephemeral: false,
      },
      trigger_id: '123.456.unfurlclick',
      team: { id: 'T0001', domain: 'acme' },
      channel: { id: 'C0001', name: 'incidents' },
      actions: [
        {
          action_id: 'tracehound_triage_in_thread',
          block_id: 'unfurl_actions',
          value: link,
          type: 'button',
          action_ts: '1700001001.0',
        },
      ],
    });
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.thread_ts).toBe('1700001000.000100');
    expect(server.api.callsTo('chat.update')).toHaveLength(1);
    expectLabelledRootCause(label, server.api.callsTo('chat.update')[0]?.args.text);
  });

  it('message shortcut: triages the link in the message and replies in its thread', async () => {
    const response = await server.sendInteraction({
      type: 'message_action',
      token: 'unused',
      action_ts: '1700002000.1',
      team: { id: 'T0001', domain: 'acme' },
      user: { id: 'U0001', username: 'oncall', team_id: 'T0001' },
      channel: { id: 'C0002', name: 'incidents' },
      callback_id: 'tracehound_triage_message',
      trigger_id: '789.012.shortcut',
      message_ts: '1700001900.000100',
      message: {
        type: 'message',
        user: 'U0003',
        ts: '1700001900.000100',
        thread_ts: '1700001800.000100',
        text: `agent refunded the wrong order: <${link}|trace>`,
      },
      response_url: 'https://hooks.slack.com/app/T0001/2/def',
    });
    expect(response.status).toBe(200);
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: 'C0002', thread_ts: '1700001800.000100' });
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expectLabelledRootCause(label, updates[0]?.args.text);
    expect(triage.calls[0]).toEqual({
      input: { kind: 'reference', text: link },
      scope: { platform: 'slack', workspaceId: 'T0001', channelId: 'C0002' },
    });
  });

  it('direct message with an attached gzip trace file: downloads it with the bot token and replies in the DM thread', async () => {
    const bytes = gzipSync(readFileSync(path.join(devFixtures, 'd-seed-refund-otlp.otlp.json')));
    let authorization: string | undefined;
    nock('https://files.slack.com')
      .get('/files-pri/T0001-F0001/download/run.json.gz')
      .reply(function () {
        authorization = this.req.headers.authorization as string | undefined;
        return [200, bytes, { 'content-type': 'application/gzip' }];
      });
    await server.sendEvent({
      type: 'message',
      subtype: 'file_share',
      channel: 'D0001',
      channel_type: 'im',
      user: 'U0001',
      text: 'this run went wrong',
      ts: '1700003000.000100',
      files: [
        {
          id: 'F0001',
          name: 'run.json.gz',
          mimetype: 'application/gzip',
          size: bytes.byteLength,
          url_private_download: 'https://files.slack.com/files-pri/T0001-F0001/download/run.json.gz',
        },
      ],
    });
    await server.slackApp.whenIdle();
    expect(authorization).toBe(`Bearer ${testBotToken}`);
    const call = triage.calls[0];
    expect(call?.input.kind).toBe('file');
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts[0]?.args).toMatchObject({ channel: 'D0001', thread_ts: '1700003000.000100' });
    expect(String(posts[0]?.args.text)).toContain('Triaging run.json.gz');
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    // The report names the trace the real reader found in the file, and the labelled root cause.
    expect(String(updates[0]?.args.text)).toContain(`for trace ${label.traceId}:`);
    expectLabelledRootCause(label, updates[0]?.args.text);
  });

  it('direct message with a file that is a sign-in page: replies with the download error in place', async () => {
    nock('https://files.slack.com')
      .get('/files-pri/T0001-F0002/download/trace.json')
      .reply(200, '<!DOCTYPE html><html><body>Sign in to Slack</body></html>', { 'content-type': 'text/html' });
    await server.sendEvent({
      type: 'message',
      subtype: 'file_share',
      channel: 'D0001',
      channel_type: 'im',
      user: 'U0001',
      text: '',
      ts: '1700003100.000100',
      files: [
        {
          id: 'F0002',
          name: 'trace.json',
          mimetype: 'application/json',
          size: 100,
          url_private_download: 'https://files.slack.com/files-pri/T0001-F0002/download/trace.json',
        },
      ],
    });
    await server.slackApp.whenIdle();
    const updates = server.api.callsTo('chat.update');
    expect(String(updates[0]?.args.text)).toContain('could not be read as a trace');
    expect(JSON.stringify(updates[0]?.args.blocks)).toContain('web page instead of the file');
    expect(triage.calls).toHaveLength(0);
  });

  it('direct message without a trace gets the help text; the bot’s own DM messages are ignored', async () => {
    await server.sendEvent({
      type: 'message',
      channel: 'D0001',
      channel_type: 'im',
      user: 'U0001',
      text: 'hi',
      ts: '1700003200.000100',
    });
    await server.sendEvent({
      type: 'message',
      channel: 'D0001',
      channel_type: 'im',
      bot_id: 'BOTHER',
      text: traceId,
      ts: '1700003300.000100',
    });
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(JSON.stringify(posts[0]?.args.blocks)).toContain('finds the span');
    expect(triage.calls).toHaveLength(0);
  });

  it('feedback buttons record the click with the trace and the report as posted', async () => {
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${traceId}`,
      ts: '1700004000.000100',
      channel: 'C0001',
    });
    await server.slackApp.whenIdle();
    const update = server.api.callsTo('chat.update')[0];
    const blocks = update?.args.blocks as Array<{
      type: string;
      elements?: Array<{ action_id?: string; value?: string }>;
    }>;
    const wrongLayer = blocks
      .at(-1)
      ?.elements?.find((element) => element.action_id === 'tracehound_feedback_wrong_layer');
    expect(wrongLayer?.value).toBeTruthy();
    await server.sendInteraction({
      type: 'block_actions',
      user: { id: 'U0009', username: 'sre', team_id: 'T0001' },
      api_app_id: 'A0001',
      container: {
        type: 'message',
        message_ts: update?.args.ts,
        channel_id: 'C0001',
        thread_ts: '1700004000.000100',
        is_ephemeral: false,
      },
      trigger_id: '555.666.feedback',
      team: { id: 'T0001', domain: 'acme' },
      channel: { id: 'C0001', name: 'incidents' },
      message: { type: 'message', ts: update?.args.ts, thread_ts: '1700004000.000100', text: 'x' },
      actions: [
        {
          action_id: 'tracehound_feedback_wrong_layer',
          block_id: 'report_actions',
          value: wrongLayer?.value,
          type: 'button',
          action_ts: '1',
        },
      ],
    });
    await server.slackApp.whenIdle();
    expect(server.feedback).toHaveLength(1);
    expect(server.feedback[0]).toMatchObject({ platform: 'slack', userId: 'U0009', traceId, verdict: 'wrong-layer' });
    expect(label.rootCause?.layers).toContain(server.feedback[0]?.report.rootCause?.layer);
    // The report as posted: personal data redacted (SLACK_PERSONAL_DATA=redact), the address keeps its domain.
    const recorded = JSON.stringify(server.feedback[0]?.report);
    expect(recorded).toContain('c***@example.com');
    expect(recorded).not.toContain('customer@example.com');
    const ephemeral = server.api.callsTo('chat.postEphemeral');
    expect(ephemeral[0]?.args).toMatchObject({ channel: 'C0001', user: 'U0009', thread_ts: '1700004000.000100' });
  });

  it('"Run again" on a partial trace updates the same message in place', async () => {
    await server.close();
    triage.close();
    // The engine reads a backend's trace as complete; the report is marked partial here, as it is for a
    // trace whose spans are still arriving.
    const markPartial = (result: TriageResult): TriageResult => ({
      ...result,
      report: { ...result.report, partial: true },
    });
    triage = createRealTriage({ transformResult: markPartial });
    triage.serveTrace(traceId, readOtlpExport('d-seed-refund-otlp.otlp.json', traceId));
    server = await startSlackTestServer(triage.service);
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> <${link}>`,
      ts: '1700005000.000100',
      channel: 'C0001',
    });
    await server.slackApp.whenIdle();
    const first = server.api.callsTo('chat.update')[0];
    const blocks = first?.args.blocks as Array<{
      type: string;
      elements?: Array<{ action_id?: string; value?: string }>;
    }>;
    const rerun = blocks.at(-1)?.elements?.find((element) => element.action_id === 'tracehound_rerun');
    expect(rerun?.value).toBe(link);
    await server.sendInteraction({
      type: 'block_actions',
      user: { id: 'U0001' },
      container: {
        type: 'message',
        message_ts: first?.args.ts,
        channel_id: 'C0001',
        thread_ts: '1700005000.000100',
        is_ephemeral: false,
      },
      trigger_id: '777.888.rerun',
      team: { id: 'T0001' },
      channel: { id: 'C0001' },
      actions: [
        { action_id: 'tracehound_rerun', block_id: 'report_actions', value: link, type: 'button', action_ts: '1' },
      ],
    });
    await server.slackApp.whenIdle();
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(1);
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(3);
    expect(new Set(updates.map((update) => update.args.ts))).toEqual(new Set([first?.args.ts]));
    expect(triage.calls).toHaveLength(2);
  });
});
