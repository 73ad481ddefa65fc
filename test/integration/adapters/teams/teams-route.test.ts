import { afterEach, describe, expect, it } from 'vitest';
import {
  botAccount,
  channelId,
  channelInvoke,
  channelMention,
  channelMessageWithoutMention,
  personalConversationId,
  personalMessage,
} from '../../../helpers/teams/activities.js';
import { cardOf, cardText } from '../../../helpers/teams/bot-connector-double.js';
import {
  readLabel,
  serveJaegerTrace,
  ticketDriftAs,
  ticketDriftJaeger,
  ticketDriftTraceId,
} from '../../../helpers/teams/fixtures.js';
import { jaegerUi, startTeamsTestServer, type TeamsTestServer } from '../../../helpers/teams/teams-test-server.js';

let server: TeamsTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function start(options: Parameters<typeof startTeamsTestServer>[0] = {}): Promise<TeamsTestServer> {
  server = await startTeamsTestServer(options);
  return server;
}

const threadOf = (rootId: string) => `${channelId};messageid=${rootId}`;

describe('Teams endpoint authentication', () => {
  it('answers 401 without an app ID and without the unauthenticated opt-in, and replies nothing', async () => {
    const teams = await start({ environment: {} });
    const response = await teams.post(channelMention('a1', 'help'));
    expect(response.status).toBe(401);
    expect(teams.connector.calls).toEqual([]);
  });

  it('answers 401 with an app ID and no bearer token', async () => {
    const teams = await start({
      environment: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'secret' },
    });
    const response = await teams.post(channelMention('a2', 'help'));
    expect(response.status).toBe(401);
    expect(teams.connector.calls).toEqual([]);
  });
});

describe('a mention with a trace link, answered in the thread', () => {
  it('answers the HTTP request before the slow backend does, then posts one card and updates it with what the engine found', async () => {
    const teams = await start();
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger, 300);
    const activity = channelMention(
      '1732525200001',
      `triage <a href="${jaegerUi}/trace/${ticketDriftTraceId}">the run</a>`,
      {
        rootId: '1732525100000',
      },
    );
    const response = await teams.post(activity);
    expect(response.status).toBe(200);
    // The turn is over, the backend has not answered yet: only the typing indicator (and maybe the placeholder) went out.
    expect(teams.connector.updates()).toEqual([]);
    await teams.app.whenIdle();

    const [typing, placeholder, ...others] = teams.connector.posts();
    expect(others).toEqual([]);
    expect(typing).toMatchObject({
      conversationId: threadOf('1732525100000'),
      activityId: '1732525200001',
      body: { type: 'typing', replyToId: '1732525200001' },
    });
    expect(placeholder).toMatchObject({ conversationId: threadOf('1732525100000'), activityId: '1732525200001' });
    expect(placeholder?.body.replyToId).toBe('1732525200001');
    expect(cardText(cardOf(placeholder))).toContain('Triaging');

    const updates = teams.connector.updates();
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({
      conversationId: threadOf('1732525100000'),
      activityId: placeholder?.answeredId,
    });
    const card = cardOf(updates[0]);
    const text = cardText(card);
    const label = readLabel('d-ticket-drift');
    const body = card?.body as { text?: string }[];
    // Root cause first: a span the label accepts, with the label's layer.
    const firstLine = (body[0]?.text ?? '').replace(/\\(.)/g, '$1');
    expect(label.rootCause?.spanIds.some((spanId) => firstLine.includes(spanId))).toBe(true);
    expect(firstLine).toContain(`\`${label.rootCause?.layers[0]}\``);
    expect(text).toContain('INC-20417');
    expect(text).toContain('INC-20471');
    const actions = card?.actions as { type: string; url?: string; verb?: string }[];
    expect(actions[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open trace',
      url: `${jaegerUi}/trace/${ticketDriftTraceId}`,
    });
    expect(actions.filter((action) => action.verb === 'feedback')).toHaveLength(3);
  });

  it('handles an activity delivered twice only once', async () => {
    const teams = await start();
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
    const activity = channelMention('1732525200002', `${jaegerUi}/trace/${ticketDriftTraceId}`);
    expect((await teams.post(activity)).status).toBe(200);
    expect((await teams.post(activity)).status).toBe(200);
    await teams.app.whenIdle();
    expect(teams.connector.messages()).toHaveLength(1);
    expect(teams.connector.updates()).toHaveLength(1);
  });

  it('says how many recent runs share the failure mode once a second run has it', async () => {
    const teams = await start();
    const otherTraceId = '0123456789abcdef0123456789abcdef';
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
    serveJaegerTrace(teams.backends, otherTraceId, ticketDriftAs(otherTraceId));
    await teams.post(channelMention('1732525200003', `${jaegerUi}/trace/${ticketDriftTraceId}`));
    await teams.app.whenIdle();
    await teams.post(channelMention('1732525200004', `${jaegerUi}/trace/${otherTraceId}`));
    await teams.app.whenIdle();
    const [first, second] = teams.connector.updates().map((call) => cardText(cardOf(call)));
    expect(first).not.toContain('Seen in');
    expect(second).toMatch(/Seen in 2 runs in the last 7 days: tool-args: /);
  });

  it('turns a trace no backend has into an error card that says what to do', async () => {
    const teams = await start();
    const missing = 'feedfacefeedfacefeedfacefeedface';
    serveJaegerTrace(teams.backends, missing, null);
    await teams.post(channelMention('1732525200005', `triage ${missing}`));
    await teams.app.whenIdle();
    const text = cardText(cardOf(teams.connector.updates()[0]));
    expect(text).toContain(`Could not triage ${missing}`);
    expect(text).toContain('could not find that trace');
  });

  it('refuses a link to a host that is not a configured backend, without requesting it', async () => {
    const teams = await start();
    await teams.post(channelMention('1732525200006', `triage https://169.254.169.254/trace/${ticketDriftTraceId}`));
    await teams.app.whenIdle();
    const text = cardText(cardOf(teams.connector.updates()[0]));
    expect(text).toContain('not a configured trace backend');
    teams.backends.assertNoPendingInterceptors();
  });
});

describe('messages without anything to triage', () => {
  it('answers a bare mention with help, in the thread', async () => {
    const teams = await start();
    expect((await teams.post(channelMention('1732525200010', ''))).status).toBe(200);
    await teams.app.whenIdle();
    const [reply, ...others] = teams.connector.posts();
    expect(others).toEqual([]);
    expect(reply).toMatchObject({ conversationId: threadOf('1732525200010'), body: { replyToId: '1732525200010' } });
    expect(String(reply?.body.text)).toContain('**cluster** with an optional window');
  });

  it('answers an empty personal message with help', async () => {
    const teams = await start();
    expect((await teams.post(personalMessage('1732525200011', undefined))).status).toBe(200);
    await teams.app.whenIdle();
    expect(teams.connector.posts()).toHaveLength(1);
    expect(teams.connector.posts()[0]?.conversationId).toBe(personalConversationId);
    expect(String(teams.connector.posts()[0]?.body.text)).toContain('**triage** followed by a trace link or ID');
  });

  it('stays silent on a channel message that does not address the bot', async () => {
    const teams = await start();
    expect(
      (await teams.post(channelMessageWithoutMention('1732525200012', `${jaegerUi}/trace/${ticketDriftTraceId}`)))
        .status,
    ).toBe(200);
    await teams.app.whenIdle();
    expect(teams.connector.calls).toEqual([]);
  });

  it('says it found nothing when the text holds no link or ID', async () => {
    const teams = await start();
    await teams.post(channelMention('1732525200013', 'triage the thing from yesterday'));
    await teams.app.whenIdle();
    expect(String(teams.connector.posts()[0]?.body.text)).toContain('I found no trace link or trace ID');
  });

  it('answers other activity types with 200 and nothing else', async () => {
    const teams = await start();
    const update = {
      ...personalMessage('1732525200014', undefined),
      type: 'conversationUpdate',
      membersAdded: [botAccount],
    };
    expect((await teams.post(update)).status).toBe(200);
    await teams.app.whenIdle();
    expect(teams.connector.calls).toEqual([]);
  });
});

describe('turn errors', () => {
  it('replies with an error message when a reply fails, and keeps serving', async () => {
    const teams = await start();
    teams.connector.fail('POST', 400);
    await teams.post(channelMention('1732525200020', 'help'));
    await teams.app.whenIdle();
    expect(String(teams.connector.posts()[1]?.body.text)).toContain('Something went wrong');
    expect((await teams.post(channelMention('1732525200021', 'help'))).status).toBe(200);
    expect(String(teams.connector.posts()[2]?.body.text)).toContain('tracehound finds the span');
  });

  it('rejects a body that is not an activity object with 400', async () => {
    const teams = await start();
    const response = await fetch(`${teams.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2',
    });
    expect(response.status).toBe(400);
  });
});

describe('link unfurling', () => {
  it('answers composeExtension/queryLink for a configured domain with a 1.3 card and a preview', async () => {
    const teams = await start();
    const response = await teams.post(
      channelInvoke('f:unfurl-1', 'composeExtension/queryLink', { url: `${jaegerUi}/trace/${ticketDriftTraceId}` }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      composeExtension: {
        type: string;
        attachments: { content: { version: string }; preview: { contentType: string } }[];
      };
    };
    expect(body.composeExtension.type).toBe('result');
    const attachment = body.composeExtension.attachments[0];
    expect(attachment?.content.version).toBe('1.3');
    expect(attachment?.preview.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(JSON.stringify(attachment?.content)).toContain(`Trace ${ticketDriftTraceId}`);
    expect(Buffer.byteLength(JSON.stringify(attachment))).toBeLessThanOrEqual(28 * 1024);
    expect(teams.connector.calls).toEqual([]);
  });

  it('does not unfurl a link on another host', async () => {
    const teams = await start();
    const response = await teams.post(
      channelInvoke('f:unfurl-2', 'composeExtension/queryLink', {
        url: `https://example.org/trace/${ticketDriftTraceId}`,
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
  });
});
