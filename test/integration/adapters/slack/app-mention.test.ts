import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workedExampleReport } from '../../../helpers/slack/reports.js';
import { type SlackTestServer, startSlackTestServer, testBotToken } from '../../../helpers/slack/slack-test-server.js';
import { TestTriageService } from '../../../helpers/slack/test-triage-service.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

function blockTexts(blocks: unknown): string {
  return JSON.stringify(blocks);
}

describe('app_mention', () => {
  let server: SlackTestServer;
  let triage: TestTriageService;

  beforeEach(async () => {
    triage = new TestTriageService({
      [traceId]: workedExampleReport({
        traceId,
        format: 'otlp',
        traceUrl: `https://grafana.example.net/trace/${traceId}`,
      }),
    });
    server = await startSlackTestServer(triage);
  });
  afterEach(async () => {
    await server.close();
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
    expect(String(updates[0]?.args.text)).toContain('tool.lookup_order (span 2), layer tool-args');
    const blocks = blockTexts(updates[0]?.args.blocks);
    expect(blocks).toContain('`tool-args`');
    expect(blocks).toContain('Open trace');
    expect(blocks).toContain('tracehound_feedback_wrong_layer');
    expect(triage.calls[0]?.scope).toEqual({ platform: 'slack', workspaceId: 'T0001', channelId: 'C0001' });
    // Personal data is redacted by default (SLACK_PERSONAL_DATA=redact): the address keeps only its domain.
    expect(blocks).toContain('c***@example.com');
    expect(blocks).not.toContain('customer@example.com');
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
    expect(String(server.api.callsTo('chat.update')[0]?.args.text)).toContain('layer tool-args');
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
    expect(blockTexts(updates[0]?.args.blocks)).toContain('Tried: tempo');
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
    server = await startSlackTestServer(triage, { logger });
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
    // Trace contents stay out of the log at every level.
    expect(lines.join('\n')).not.toContain('1243');
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
    expect(String(updates[1]?.args.text)).toContain('layer tool-args');
  });
});
