import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRealTriage,
  type RealTriage,
  readLabel,
  storeRecentRun,
} from '../../../helpers/slack/real-triage-service.js';
import { type SlackTestServer, startSlackTestServer } from '../../../helpers/slack/slack-test-server.js';

const refundLabel = readLabel('d-seed-refund-otlp');
const ids = {
  refundA: 'aa'.repeat(16),
  refundB: 'bb'.repeat(16),
  price: 'cc'.repeat(16),
  healthy: 'dd'.repeat(16),
  oldPrice: 'ee'.repeat(16),
};

function texts(value: unknown): string {
  return JSON.stringify(value);
}

describe('/triage cluster and @tracehound cluster', () => {
  let triage: RealTriage;
  let server: SlackTestServer | null = null;

  beforeEach(() => {
    triage = createRealTriage();
    const now = Date.now();
    // Runs the service's own OTLP endpoint received: the same failure mode twice, a one-off, a healthy
    // run, and a one-off three days old (outside a one-day window).
    storeRecentRun(triage.store, 'd-seed-refund-otlp.otlp.json', ids.refundA, 2, now);
    storeRecentRun(triage.store, 'd-seed-refund-otlp.otlp.json', ids.refundB, 5, now);
    storeRecentRun(triage.store, 'd-upstream-price.otlp.json', ids.price, 3, now);
    storeRecentRun(triage.store, 'd-healthy-lookup.otlp.json', ids.healthy, 1, now);
    storeRecentRun(triage.store, 'd-upstream-price.otlp.json', ids.oldPrice, 72, now);
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    triage.close();
  });

  it('posts "clustering…" in the channel, shows progress in place, then the failure modes', async () => {
    server = await startSlackTestServer(triage.service, { clusterProgressIntervalMs: 0 });
    const response = await server.sendCommand({ text: 'cluster 1d' });
    expect(response.status).toBe(200);
    await server.slackApp.whenIdle();

    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args.channel).toBe('C0001');
    expect(posts[0]?.args.thread_ts).toBeUndefined();
    expect(String(posts[0]?.args.text)).toBe('Clustering runs from the last day…');
    const updates = server.api.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(2);
    const postedTs = posts[0]?.response.ts;
    expect(postedTs).toMatch(/^\d+\.\d+$/);
    expect(new Set(updates.map((update) => update.args.ts))).toEqual(new Set([postedTs]));
    expect(String(updates[0]?.args.text)).toMatch(/^Clustering runs from the last day: \d of 4 runs read and analysed/);

    const final = updates.at(-1);
    expect(String(final?.args.text)).toContain('Failure modes in the last day: 3 of 4 runs failed');
    const blocks = final?.args.blocks as Array<{ type: string; block_id?: string; text?: { text: string } }>;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Failure modes in the last day' } });
    expect(blocks[1]?.text?.text).toBe('3 of 4 runs failed, in 1 failure mode plus 1 one-off.');
    const cluster = blocks.find((block) => block.block_id === 'cluster_1')?.text?.text ?? '';
    expect(cluster).toContain(
      `layer \`${refundLabel.rootCause?.layers[0]}\` · 2 runs · 67% of failures · last seen <!date^`,
    );
    expect(cluster).toMatch(/^\*1\. [^*]+\*\n/);
    expect(cluster).toContain('*Fix:* ');
    expect(cluster).toContain(`\`${ids.refundA}\``);
    expect(cluster).toContain(`\`${ids.refundB}\``);
    expect(blocks.find((block) => block.block_id === 'cluster_2')).toBeUndefined();
    expect(texts(blocks.at(-1))).toContain('tracehound cluster --since 1d --json');

    expect(triage.clusterCalls).toHaveLength(1);
    expect(triage.clusterCalls[0]?.request.window).toBe('1d');
    expect(triage.clusterCalls[0]?.scope).toEqual({ platform: 'slack', workspaceId: 'T0001', channelId: 'C0001' });
  });

  it('defaults to the last 7 days and edits the message once when the analysis is quicker than a progress step', async () => {
    server = await startSlackTestServer(triage.service);
    await server.sendCommand({ text: 'cluster' });
    await server.slackApp.whenIdle();
    expect(String(server.api.callsTo('chat.postMessage')[0]?.args.text)).toBe('Clustering runs from the last 7 days…');
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    const final = texts(updates[0]?.args.blocks);
    expect(final).toContain('Failure modes in the last 7 days');
    // The three-day-old run counts now: two modes of two runs each.
    expect(final).toContain('4 of 5 runs failed, in 2 failure modes.');
    expect(final).toContain('cluster_2');
    expect(triage.clusterCalls[0]?.request.window).toBe('7d');
  });

  it('still answers from the other runs when a backend’s search fails, and names it in the footnote', async () => {
    triage.failSearch(500);
    server = await startSlackTestServer(triage.service);
    await server.sendCommand({ text: 'cluster 1d' });
    await server.slackApp.whenIdle();
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.ts).toBe(server.api.callsTo('chat.postMessage')[0]?.response.ts);
    expect(String(updates[0]?.args.text)).toContain('Failure modes in the last day: 3 of 4 runs failed');
    const blocks = updates[0]?.args.blocks as Array<{ type: string; elements?: Array<{ text?: string }> }>;
    expect(blocks.at(-1)?.type).toBe('context');
    expect(blocks.at(-1)?.elements?.[0]?.text).toContain('prod-jaeger search');
    expect(triage.jaegerRequests().some((requestPath) => requestPath.includes('/services'))).toBe(true);
  });

  it('refuses a window it cannot read, at once and privately, without running anything', async () => {
    server = await startSlackTestServer(triage.service);
    const response = await server.sendCommand({ text: 'cluster 7x' });
    const body = (await response.json()) as { response_type: string; text: string; blocks: unknown };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('Not a time window: 7x');
    expect(texts(body.blocks)).toContain('`7x` is not a time window');
    expect(texts(body.blocks)).toContain('`30m`, `12h`, `7d` or `2w`');
    await server.slackApp.whenIdle();
    expect(triage.clusterCalls).toHaveLength(0);
    expect(server.api.calls.filter((call) => call.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('answers privately, saying why, when the app is not in the channel', async () => {
    server = await startSlackTestServer(triage.service);
    server.api.respond('chat.postMessage', () => [200, { ok: false, error: 'not_in_channel' }]);
    const responses: Array<Record<string, unknown>> = [];
    nock('https://hooks.slack.com')
      .post('/commands/T0001/1/abc', (body: Record<string, unknown>) => {
        responses.push(body);
        return true;
      })
      .reply(200, 'ok');
    await server.sendCommand({ text: 'cluster 1d' });
    await server.slackApp.whenIdle();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(texts(responses[0]?.blocks)).toContain('I am not in this channel');
    expect(String(responses[0]?.text)).toContain('3 of 4 runs failed');
    expect(server.api.callsTo('chat.update')).toHaveLength(0);
  });

  it('/triage private cluster answers only the asker, through response_url', async () => {
    server = await startSlackTestServer(triage.service);
    const responses: Array<Record<string, unknown>> = [];
    nock('https://hooks.slack.com')
      .post('/commands/T0001/1/abc', (body: Record<string, unknown>) => {
        responses.push(body);
        return true;
      })
      .reply(200, 'ok');
    const response = await server.sendCommand({ text: 'private cluster 1d' });
    const ack = (await response.json()) as { response_type: string; text: string };
    expect(ack).toMatchObject({ response_type: 'ephemeral', text: 'Clustering runs from the last day…' });
    await server.slackApp.whenIdle();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(String(responses[0]?.text)).toContain('Failure modes in the last day: 3 of 4 runs failed');
    expect(server.api.calls.filter((call) => call.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('@tracehound cluster 1d answers in the thread, updating its reply in place', async () => {
    server = await startSlackTestServer(triage.service);
    await server.sendEvent({
      type: 'app_mention',
      user: 'U0001',
      text: '<@UBOT> cluster 1d',
      ts: '1700007000.000200',
      thread_ts: '1700007000.000100',
      channel: 'C0003',
    });
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: 'C0003', thread_ts: '1700007000.000100' });
    const updates = server.api.callsTo('chat.update');
    expect(new Set(updates.map((update) => update.args.ts))).toEqual(new Set([posts[0]?.response.ts]));
    expect(String(updates.at(-1)?.args.text)).toContain('3 of 4 runs failed');
    expect(triage.clusterCalls[0]?.scope).toEqual({ platform: 'slack', workspaceId: 'T0001', channelId: 'C0003' });
    // A mention that asks for clusters is not a trace to triage.
    expect(triage.calls).toHaveLength(0);
  });

  it('a direct message "cluster soon" gets the window error in its thread', async () => {
    server = await startSlackTestServer(triage.service);
    await server.sendEvent({
      type: 'message',
      channel: 'D0001',
      channel_type: 'im',
      user: 'U0001',
      text: 'cluster soon',
      ts: '1700007100.000100',
    });
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.args).toMatchObject({ channel: 'D0001', thread_ts: '1700007100.000100' });
    expect(texts(posts[0]?.args.blocks)).toContain('`soon` is not a time window');
    expect(triage.clusterCalls).toHaveLength(0);
  });
});
