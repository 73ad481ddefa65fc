import { readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRealTriage,
  devFixtures,
  jaegerLink,
  type RealTriage,
  type RealTriageOptions,
  readLabel,
  readOtlpExport,
  rootCauseNamedIn,
} from '../../../helpers/slack/real-triage-service.js';
import { type SlackTestServer, startSlackTestServer, testBotToken } from '../../../helpers/slack/slack-test-server.js';

const label = readLabel('d-seed-refund-otlp');

let server: SlackTestServer | null = null;
let triage: RealTriage | null = null;

afterEach(async () => {
  await server?.close();
  triage?.close();
  server = null;
  triage = null;
});

async function start(options: RealTriageOptions = {}): Promise<{ server: SlackTestServer; triage: RealTriage }> {
  triage = createRealTriage(options);
  server = await startSlackTestServer(triage.service);
  return { server, triage };
}

function mention(text: string, ts: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'app_mention', user: 'U0001', text: `<@UBOT> ${text}`, ts, channel: 'C0001', event_ts: ts, ...extra };
}

/** The one reply of a request: posted once as a placeholder, then updated in place. */
function onlyReply(slack: SlackTestServer): { threadTs: unknown; text: string; blocks: string } {
  const posts = slack.api.callsTo('chat.postMessage');
  const updates = slack.api.callsTo('chat.update');
  expect(posts).toHaveLength(1);
  expect(updates).toHaveLength(1);
  expect(updates[0]?.args.ts).toBe(posts[0]?.response.ts);
  return {
    threadTs: posts[0]?.args.thread_ts,
    text: String(updates[0]?.args.text),
    blocks: JSON.stringify(updates[0]?.args.blocks),
  };
}

describe('app_mention with an attached trace file', () => {
  it('downloads the file from files.slack.com with the bot token and answers in the thread with the report', async () => {
    const { server: slack, triage: core } = await start();
    const bytes = readFileSync(path.join(devFixtures, 'd-seed-refund-otlp.otlp.json'));
    let authorization: string | undefined;
    const download = nock('https://files.slack.com')
      .get('/files-pri/T0001-F0MENTION/download/refund-run.json')
      .reply(function () {
        authorization = this.req.headers.authorization as string | undefined;
        return [200, bytes, { 'content-type': 'application/json' }];
      });
    const response = await slack.sendEvent(
      mention('what went wrong in this run?', '1700010000.000200', {
        thread_ts: '1700010000.000100',
        files: [
          {
            id: 'F0MENTION',
            name: 'refund-run.json',
            title: 'refund-run.json',
            mimetype: 'application/json',
            filetype: 'json',
            size: bytes.byteLength,
            url_private: 'https://files.slack.com/files-pri/T0001-F0MENTION/refund-run.json',
            url_private_download: 'https://files.slack.com/files-pri/T0001-F0MENTION/download/refund-run.json',
          },
        ],
      }),
    );
    expect(response.status).toBe(200);
    await slack.slackApp.whenIdle();

    expect(download.isDone()).toBe(true);
    expect(authorization).toBe(`Bearer ${testBotToken}`);
    expect(core.calls).toHaveLength(1);
    expect(core.calls[0]?.input).toMatchObject({ kind: 'file', name: 'refund-run.json' });
    expect(String(slack.api.callsTo('chat.postMessage')[0]?.args.text)).toContain('Triaging refund-run.json');
    const reply = onlyReply(slack);
    expect(reply.threadTs).toBe('1700010000.000100');
    // The report names the trace the reader found in the file and a root cause the run's label accepts.
    expect(reply.text).toContain(`for trace ${label.traceId}:`);
    const named = rootCauseNamedIn(reply.text);
    expect(label.rootCause?.spanIds).toContain(named?.spanId);
    expect(label.rootCause?.layers).toContain(named?.layer);
    expect(reply.blocks).toContain(`\`${named?.layer}\``);
    // A file needs no backend.
    expect(core.jaegerRequests()).toEqual([]);
  });
});

describe('app_mention answered with an error, in place, saying what to do', () => {
  it('says the backend was slow when Jaeger answers after the backend timeout', async () => {
    const slowTraceId = '5a0b1c2d3e4f56789abcdef012345678';
    const { server: slack, triage: core } = await start({ jaegerTimeoutMs: 150 });
    core.delayTrace(slowTraceId, readOtlpExport('d-seed-refund-otlp.otlp.json', slowTraceId), 1_500);
    await slack.sendEvent(mention(`<${jaegerLink(slowTraceId)}>`, '1700010100.000200'));
    await slack.slackApp.whenIdle();

    const reply = onlyReply(slack);
    expect(reply.threadTs).toBe('1700010100.000200');
    expect(reply.text).toMatch(/slow|timed out|in time/i);
    expect(reply.blocks).toMatch(/slow|timed out|in time/i);
    // What to do next.
    expect(reply.blocks).toMatch(/try again/i);
    // No report was guessed from a trace that never arrived.
    expect(rootCauseNamedIn(reply.text)).toBeNull();
    expect(core.jaegerRequests()).toEqual([`/api/v3/traces/${slowTraceId}`]);
  });

  it('says the backend refused tracehound’s credentials when Jaeger answers 401', async () => {
    const lockedTraceId = '6b1c2d3e4f506172839abcdef0123456';
    const { server: slack, triage: core } = await start();
    core.failTrace(lockedTraceId, 401);
    await slack.sendEvent(mention(`<${jaegerLink(lockedTraceId)}>`, '1700010200.000200'));
    await slack.slackApp.whenIdle();

    const reply = onlyReply(slack);
    expect(reply.blocks).toMatch(/credentials|access|sign in/i);
    expect(rootCauseNamedIn(reply.text)).toBeNull();
    // An auth failure is not retried: retrying with the same credentials cannot help.
    expect(core.jaegerRequests()).toEqual([`/api/v3/traces/${lockedTraceId}`]);
  });

  it('refuses a link to a host the configuration does not name, without requesting it', async () => {
    const { server: slack, triage: core } = await start();
    const unconfiguredHost = nock('https://intranet.example.org').get(/.*/).reply(200, '{}');
    const link = 'https://intranet.example.org/trace/7c2d3e4f5061728394abcdef01234567';
    await slack.sendEvent(mention(`<${link}>`, '1700010300.000200'));
    await slack.slackApp.whenIdle();

    const reply = onlyReply(slack);
    expect(reply.threadTs).toBe('1700010300.000200');
    expect(reply.text).toMatch(/not configured/i);
    // What to do instead: a configured backend's link, an ID, or the exported file.
    expect(reply.blocks).toMatch(/configured trace backends/i);
    expect(reply.blocks).toMatch(/file/i);
    expect(rootCauseNamedIn(reply.text)).toBeNull();
    // Nothing was requested: not the host in the link (nock), not any backend (the MockAgent).
    expect(unconfiguredHost.isDone()).toBe(false);
    expect(core.agent.getCallHistory()?.calls() ?? []).toEqual([]);
  });
});
