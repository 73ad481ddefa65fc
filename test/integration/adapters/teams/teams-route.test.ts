import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTeamsConfig } from '../../../../adapters/teams/config.js';
import { createTeamsApp } from '../../../../adapters/teams/index.js';
import { TracehoundError } from '../../../../src/errors/index.js';
import type { Report } from '../../../../src/report/report.js';
import type { FeedbackRecord } from '../../../../src/store/feedback-store.js';
import type { TriageService } from '../../../../src/triage/triage-service.js';

const serviceUrl = 'https://smba.example.test/amer/';
const threadConversation = '19:channel@thread.tacv2;messageid=1700000000000';

const report: Report = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  format: 'otlp',
  traceUrl: null,
  verdict: 'failed',
  rootCause: {
    spanId: 'b7ad6b7169203331',
    spanName: 'search_flights',
    layer: 'tool-args',
    rule: 'arg-drift',
    summary: 'destination drifted',
    confidence: 0.9,
    evidence: [
      { spanId: 'b7ad6b7169203331', field: 'destination', expected: 'LIS', actual: 'LHR', source: 'user request' },
    ],
  },
  surfacedSpanId: null,
  blastRadius: [],
  suggestedFix: null,
  candidates: [],
  missingCapture: [],
  findings: [],
  walkthrough: [],
  partial: false,
  spanNames: { b7ad6b7169203331: 'search_flights' },
};

/** Finds hex trace IDs; answers with a fixed report or a not-found error, like the real service's contract. */
const triageService: TriageService = {
  findReferences: (text) => [...new Set(text.match(/\b[0-9a-f]{32}\b/g) ?? [])],
  async triage(input) {
    if (input.kind === 'reference' && input.text.startsWith('0000')) {
      throw new TracehoundError('trace_not_found', 'no such trace');
    }
    return {
      report,
      trace: { traceId: report.traceId, format: 'otlp', spanCount: 3, source: 'test', traceUrl: null },
      similarRuns: null,
    };
  },
  async clusterFailures() {
    return { headline: 'No failed runs among 0 analysed.', clusters: [], footnote: null };
  },
};

const feedback: FeedbackRecord[] = [];
let server: Server;
let baseUrl: string;

async function start(environment: Record<string, string>): Promise<void> {
  const { route } = createTeamsApp({
    config: readTeamsConfig(environment),
    triageService,
    feedbackStore: { recordFeedback: (record) => feedback.push(record) },
    logger: pino({ level: 'silent' }),
  });
  server = createServer((request, response) => {
    void route.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function channelMessage(id: string, text: string) {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: '29:user', name: 'User' },
    recipient: { id: '28:bot', name: 'tracehound' },
    conversation: { id: threadConversation, conversationType: 'channel', isGroup: true },
    text: `<at>tracehound</at> ${text}`,
    entities: [{ type: 'mention', text: '<at>tracehound</at>', mentioned: { id: '28:bot', name: 'tracehound' } }],
    channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:channel@thread.tacv2' } },
  };
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeEach(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

afterEach(async () => {
  nock.cleanAll();
  nock.enableNetConnect();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('Teams route', () => {
  it('answers 401 without an app ID and without the unauthenticated opt-in', async () => {
    await start({});
    const response = await post(channelMessage('a1', 'help'));
    expect(response.status).toBe(401);
  });

  it('answers 401 with an app ID and no bearer token', async () => {
    await start({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' });
    const response = await post(channelMessage('a2', 'help'));
    expect(response.status).toBe(401);
  });

  it('replies in the thread with a placeholder updated in place with the report card, once per activity', async () => {
    await start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    const encoded = encodeURIComponent(threadConversation);
    const posted: Record<string, unknown>[] = [];
    const updated: Record<string, unknown>[] = [];
    const connector = nock('https://smba.example.test')
      .post(`/amer/v3/conversations/${encoded}/activities/m1`)
      .times(2)
      .reply(200, (_uri, body) => {
        posted.push(body as Record<string, unknown>);
        return { id: `reply-${posted.length}` };
      })
      .put(`/amer/v3/conversations/${encoded}/activities/reply-2`)
      .reply(200, (_uri, body) => {
        updated.push(body as Record<string, unknown>);
        return { id: 'reply-2' };
      });
    const activity = channelMessage('m1', `triage ${report.traceId}`);
    expect((await post(activity)).status).toBe(200);
    expect((await post(activity)).status).toBe(200);
    expect(connector.isDone()).toBe(true);
    expect(posted[0]).toMatchObject({ type: 'typing', replyToId: 'm1', conversation: { id: threadConversation } });
    expect(posted[1]).toMatchObject({ replyToId: 'm1' });
    const card = JSON.stringify(updated[0]);
    expect(card).toContain('search\\\\_flights');
    expect(card).toContain('tool-args');
    expect(card).toContain('LHR');
  });

  it('turns a triage error into a reply that says what to do', async () => {
    await start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    const encoded = encodeURIComponent(threadConversation);
    const updated: string[] = [];
    nock('https://smba.example.test')
      .post(`/amer/v3/conversations/${encoded}/activities/m3`)
      .times(2)
      .reply(200, { id: 'placeholder' })
      .put(`/amer/v3/conversations/${encoded}/activities/placeholder`)
      .reply(200, (_uri, body) => {
        updated.push(JSON.stringify(body));
        return { id: 'placeholder' };
      });
    expect((await post(channelMessage('m3', `triage ${'0'.repeat(32)}`))).status).toBe(200);
    expect(updated[0]).toContain('could not find that trace');
  });

  it('keeps serving after a turn error and replies with an error message', async () => {
    await start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    const encoded = encodeURIComponent(threadConversation);
    const replies: string[] = [];
    nock('https://smba.example.test')
      .post(`/amer/v3/conversations/${encoded}/activities/m4`)
      .reply(400, { error: { code: 'BadArgument', message: 'boom' } })
      .post(`/amer/v3/conversations/${encoded}/activities/m4`)
      .reply(200, (_uri, body) => {
        replies.push(JSON.stringify(body));
        return { id: 'error-reply' };
      })
      .post(`/amer/v3/conversations/${encoded}/activities/m5`)
      .reply(200, (_uri, body) => {
        replies.push(JSON.stringify(body));
        return { id: 'help-reply' };
      });
    await post(channelMessage('m4', 'help'));
    expect(replies[0]).toContain('Something went wrong');
    expect((await post(channelMessage('m5', 'help'))).status).toBe(200);
    expect(replies[1]).toContain('triage');
  });
});

describe('Teams feedback', () => {
  it('records an Action.Submit feedback for a posted report', async () => {
    await start({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' });
    const encoded = encodeURIComponent(threadConversation);
    nock('https://smba.example.test')
      .post(`/amer/v3/conversations/${encoded}/activities/f1`)
      .times(2)
      .reply(200, { id: 'card' })
      .put(`/amer/v3/conversations/${encoded}/activities/card`)
      .reply(200, { id: 'card' })
      .post(`/amer/v3/conversations/${encoded}/activities/f2`)
      .reply(200, { id: 'thanks' });
    await post(channelMessage('f1', `triage ${report.traceId}`));
    const submit = {
      ...channelMessage('f2', ''),
      text: undefined,
      value: { tracehound: 'feedback', verdict: 'wrong-layer', traceId: report.traceId },
    };
    expect((await post(submit)).status).toBe(200);
    expect(feedback.at(-1)).toMatchObject({ platform: 'teams', userId: '29:user', verdict: 'wrong-layer' });
    expect(feedback.at(-1)?.report.rootCause?.spanId).toBe('b7ad6b7169203331');
  });
});

describe('Teams link unfurling', () => {
  it('answers composeExtension/queryLink for a configured domain with a 1.3 card and a preview', async () => {
    const { route } = createTeamsApp({
      config: readTeamsConfig({ TEAMS_ALLOW_UNAUTHENTICATED: 'true' }, { unfurlDomains: ['langfuse.example.com'] }),
      triageService,
      feedbackStore: { recordFeedback: (record) => feedback.push(record) },
      logger: pino({ level: 'silent' }),
    });
    server = createServer((request, response) => {
      void route.handle(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await post({
      ...channelMessage('q1', ''),
      type: 'invoke',
      name: 'composeExtension/queryLink',
      value: { url: `https://langfuse.example.com/project/p/traces/${report.traceId}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      composeExtension: { attachments: { content: { version: string }; preview: { contentType: string } }[] };
    };
    const attachment = body.composeExtension.attachments[0];
    expect(attachment?.content.version).toBe('1.3');
    expect(attachment?.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(JSON.stringify(attachment)).toContain(report.traceId ?? '');
  });
});
