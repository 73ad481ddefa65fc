import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createRealTriage,
  expectLabelledRootCause,
  jaegerLink,
  type RealTriage,
  readLabel,
  readOtlpExport,
} from '../../../helpers/slack/real-triage-service.js';
import { type SlackTestServer, startSlackTestServer } from '../../../helpers/slack/slack-test-server.js';

const traceId = '5b8efff798038103d269b633813fc60c';
const link = jaegerLink(traceId);
const label = readLabel('d-seed-refund-otlp');

describe('/triage', () => {
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

  it('posts a channel message, updates it with the verdict, and puts the report in its thread', async () => {
    const response = await server.sendCommand({ text: traceId });
    expect(response.status).toBe(200);
    await server.slackApp.whenIdle();
    const posts = server.api.callsTo('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.args.channel).toBe('C0001');
    expect(posts[0]?.args.thread_ts).toBeUndefined();
    expect(String(posts[0]?.args.text)).toContain(`Triaging ${traceId}`);
    const updates = server.api.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expectLabelledRootCause(label, updates[0]?.args.text);
    expect(JSON.stringify(updates[0]?.args.blocks)).toContain('Details in the thread');
    const placeholderTs = updates[0]?.args.ts;
    expect(posts[1]?.args.thread_ts).toBe(placeholderTs);
    expect(JSON.stringify(posts[1]?.args.blocks)).toContain('Expected vs actual');
    expect(triage.calls[0]?.input).toEqual({ kind: 'reference', text: traceId });
  });

  it('answers help in the acknowledgement, privately', async () => {
    const help = await server.sendCommand({ text: 'help' });
    expect(help.status).toBe(200);
    const helpBody = (await help.json()) as { response_type: string; blocks: unknown };
    expect(helpBody.response_type).toBe('ephemeral');
    const helpText = JSON.stringify(helpBody.blocks);
    expect(helpText).toContain('/triage private');
    expect(helpText).toContain('/triage cluster [window]');
    await server.slackApp.whenIdle();
    expect(triage.calls).toHaveLength(0);
    expect(server.api.calls.filter((call) => call.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('answers privately through response_url when asked', async () => {
    const responses: Array<Record<string, unknown>> = [];
    nock('https://hooks.slack.com')
      .post('/commands/T0001/1/abc', (body: Record<string, unknown>) => {
        responses.push(body);
        return true;
      })
      .reply(200, 'ok');
    const response = await server.sendCommand({ text: `private ${link}` });
    expect(((await response.json()) as { text: string }).text).toContain('Triaging');
    await server.slackApp.whenIdle();
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expectLabelledRootCause(label, responses[0]?.text);
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('falls back to a private answer, saying why, when the app is not in the channel', async () => {
    server.api.respond('chat.postMessage', () => [200, { ok: false, error: 'not_in_channel' }]);
    const responses: Array<Record<string, unknown>> = [];
    nock('https://hooks.slack.com')
      .post('/commands/T0001/1/abc', (body: Record<string, unknown>) => {
        responses.push(body);
        return true;
      })
      .reply(200, 'ok');
    await server.sendCommand({ text: traceId });
    await server.slackApp.whenIdle();
    expect(responses).toHaveLength(1);
    expect(JSON.stringify(responses[0]?.blocks)).toContain('I am not in this channel');
    expectLabelledRootCause(label, responses[0]?.text);
  });

  it('handles a repeated trigger_id once', async () => {
    await server.sendCommand({ text: traceId, trigger_id: '111.222.same' });
    await server.sendCommand({ text: traceId, trigger_id: '111.222.same' });
    await server.slackApp.whenIdle();
    expect(triage.calls).toHaveLength(1);
  });

  it('updates the placeholder with the error and what to do', async () => {
    await server.sendCommand({ text: 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee' });
    await server.slackApp.whenIdle();
    const updates = server.api.callsTo('chat.update');
    expect(String(updates[0]?.args.text)).toContain('Trace not found');
    expect(server.api.callsTo('chat.postMessage')).toHaveLength(1);
  });
});
