import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRealTriage,
  expectLabelledRootCause,
  jaegerLink,
  type RealTriage,
  readLabel,
  readOtlpExport,
  rootCauseNamedIn,
} from '../../../helpers/slack/real-triage-service.js';
import { type SlackTestServer, startSlackTestServer, testBotToken } from '../../../helpers/slack/slack-test-server.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const label = readLabel('d-seed-refund-otlp');

function blockTexts(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe('app_mention', () => {
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

  it('posts a placeholder in the thread, then updates that message in place with the report', async () => {
    const response = await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> please look at ${traceId}`,
      ts: '1700000100.000200',
      thread_ts: '1700000000.000100',
      channel: 'C0001',
      event_ts: '1700000100.000200',
    });
    expect(response.status).toBe(200);
    await server.slackApp.whenIdle();

    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.thread_ts).toBe('1700000000.000100');
    expect(posts[0]?.args.channel).toBe('C0001');
    expect(String(posts[0]?.args.text)).toContain(`Triaging ${traceId}`);
    expect(posts[0]?.authorization).toBe(`Bearer ${testBotToken}`);

    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.ts).toMatch(/^\d+\.\d+$/);
    const text = String(updates[0]?.args.text);
    expect(text).toContain(`for trace ${traceId}`);
    expectLabelledRootCause(label, text);
    const named = rootCauseNamedIn(text);
    const blocks = blockTexts(updates[0]?.args.blocks);
    expect(blocks).toContain(`\`${named?.layer}\``);
    expect(blocks).toContain(`(\`${named?.spanId}\`)`);
    expect(blocks).toContain('Open trace');
    expect(blocks).toContain(jaegerLink(traceId));
    expect(blocks).toContain('tracehound_feedback_wrong_layer');
    expect(triage.calls[0]?.scope).toEqual({ platform: 'slack', workspaceId: 'T0001', channelId: 'C0001' });
    // The trace came from the configured Jaeger's API v3.
    expect(triage.jaegerRequests()).toContain(`/api/v3/traces/${traceId}`);
  });

  it('answers a retried delivery of the same event once', async () => {
    const event = {
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${traceId}`,
      ts: '1700000100.000300',
      channel: 'C0001',
      event_ts: '1700000100.000300',
    };
    const first = await server.sendEvent(event, { eventId: 'Ev0RETRY1' });
    const retry = await server.sendEvent(event, { eventId: 'Ev0RETRY1', retryNum: 1 });
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    await server.slackApp.whenIdle();
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(1);
    expect(server.api.callsTo('chat.update')).toHaveLength(1);
    expect(triage.calls).toHaveLength(1);
    // The bot's identity is asked once, at start, not per event.
    expect(server.api.callsTo('auth.test')).toHaveLength(1);
  });

  it('reads the thread parent when the mention names no trace', async () => {
    server.api.respond('conversations.replies', (args) => [
      200,
      {
        ok: true,
        messages: [{ type: 'message', user: 'U0002', text: `run failed: ${traceId}`, ts: args.ts, thread_ts: args.ts }],
        has_more: false,
      },
    ]);
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: '<@UBOT> what went wrong here?',
      ts: '1700000200.000200',
      thread_ts: '1700000000.000900',
      channel: 'C0001',
      event_ts: '1700000200.000200',
    });
    await server.slackApp.whenIdle();
    expect(server.api.callsTo('conversations.replies')[0]?.args.ts).toBe('1700000000.000900');
    expect(triage.calls[0]?.input).toEqual({ kind: 'reference', text: traceId });
    expect(server.api.callsTo('chat.postMessage')[0]?.args.thread_ts).toBe('1700000000.000900');
    expectLabelledRootCause(label, server.api.callsTo('chat.update')[0]?.args.text);
  });

  it('says there is nothing to triage, in the thread, when neither the mention nor the parent has a trace', async () => {
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: '<@UBOT> hello',
      ts: '1700000300.000200',
      channel: 'C0001',
      event_ts: '1700000300.000200',
    });
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.thread_ts).toBe('1700000300.000200');
    expect(String(posts[0]?.args.text)).toContain('Nothing to triage');
    expect(triage.calls).toHaveLength(0);
  });

  it('replies with what to do when the trace is not found, updating the placeholder', async () => {
    const unknown = 'ffffffffffffffffffffffffffffffff';
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${unknown}`,
      ts: '1700000400.000200',
      channel: 'C0001',
      event_ts: '1700000400.000200',
    });
    await server.slackApp.whenIdle();
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(String(updates[0]?.args.text)).toContain('Trace not found');
    // Both backends the channel may use were asked: the embedded store and Jaeger (v3, then the v1 API).
    expect(blockTexts(updates[0]?.args.blocks)).toMatch(/Tried: [^"]*prod-jaeger/);
    expect(triage.jaegerRequests()).toContain(`/api/v3/traces/${unknown}`);
  });

  it('updates the earlier reply instead of posting a second one when the same trace is asked again in the thread', async () => {
    for (const ts of ['1700000500.000200', '1700000500.000300']) {
      await server.sendEvent({
        type: 'app_mention',
        user: 'U0001',
        text: `<@UBOT> ${traceId}`,
        ts,
        thread_ts: '1700000500.000100',
        channel: 'C0001',
        event_ts: ts,
      });
      await server.slackApp.whenIdle();
    }
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(1);
    const updates = server.api.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(new Set(updates.map((update) => update.args.ts)).size).toBe(1);
  });

  it('logs a failed reply with the event ID and never the token', async () => {
    await server.close();
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(line) });
    server = await startSlackTestServer(triage.service, { logger });
    server.api.respond('chat.update', () => [200, { ok: false, error: 'msg_too_long' }]);
    await server.sendEvent(
      { type: 'app_mention', user: 'U0001', text: `<@UBOT> ${traceId}`, ts: '1700000700.000200', channel: 'C0001' },
      { eventId: 'EvFAIL0001' },
    );
    await server.slackApp.whenIdle();
    const failure = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.level === 50);
    expect(failure).toMatchObject({ eventId: 'EvFAIL0001', code: 'slack_webapi_platform_error' });
    expect(String(failure?.error)).toContain('msg_too_long');
    expect(lines.join('\n')).not.toContain(testBotToken);
    // Trace contents stay out of the log at every level; a millisecond timestamp may hold the same digits.
    const withoutClock = lines.map((line) => {
      const { time: _time, pid: _pid, ...entry } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(entry);
    });
    expect(withoutClock.join('\n')).not.toContain('1243');
  });

  it('retries chat.update after a 429 with Retry-After and still delivers the report', async () => {
    server.api.respond('chat.update', (args, call) =>
      call === 1
        ? [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '1' }]
        : [200, { ok: true, channel: args.channel, ts: args.ts, text: args.text }],
    );
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> ${traceId}`,
      ts: '1700000600.000200',
      channel: 'C0001',
      event_ts: '1700000600.000200',
    });
    await server.slackApp.whenIdle();
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(2);
    expect(updates[1]?.args.ts).toBe(updates[0]?.args.ts);
    expectLabelledRootCause(label, updates[1]?.args.text);
  });

  it('says the backend failed, in place, when Jaeger answers 500', async () => {
    const broken = 'abcdefabcdefabcdefabcdefabcdef12';
    triage.failTrace(broken, 500);
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: `<@UBOT> <${jaegerLink(broken)}>`,
      ts: '1700000800.000200',
      channel: 'C0001',
    });
    await server.slackApp.whenIdle();
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    // The wording for server errors is the renderer's; what matters here is that it blames the backend and
    // offers the file as a way around it.
    expect(String(updates[0]?.args.text)).toMatch(/trace backend/i);
    expect(rootCauseNamedIn(String(updates[0]?.args.text))).toBeNull();
    expect(blockTexts(updates[0]?.args.blocks)).toMatch(/exported trace file/i);
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('says how many recent runs share the failure mode once a second run fails the same way', async () => {
    const secondTraceId = '0123456789abcdef0123456789abcdef';
    triage.serveTrace(secondTraceId, readOtlpExport('d-seed-refund-otlp.otlp.json', secondTraceId));
    const replies: string[] = [];
    for (const [id, ts] of [
      [traceId, '1700000900.000100'],
      [secondTraceId, '1700000950.000100'],
    ] as const) {
      await server.sendEvent({ type: 'app_mention', user: 'U0001', text: `<@UBOT> ${id}`, ts, channel: 'C0001' });
      await server.slackApp.whenIdle();
      replies.push(blockTexts(server.api.callsTo('chat.update').at(-1)?.args.blocks));
    }
    // The first run is the only one of its kind: no line about others.
    expect(replies[0]).not.toContain('Seen in');
    expect(replies[1]).toMatch(/Seen in 2 runs in the last 7 days: [^"]+ \(cluster `sig_[0-9a-f]+`\)/);
    // The label is the core's name for the mode, with the layer token first.
    expect(replies[1]).toMatch(new RegExp(`Seen in 2 runs in the last 7 days: ${label.rootCause?.layers[0]}: `));
  });
});
