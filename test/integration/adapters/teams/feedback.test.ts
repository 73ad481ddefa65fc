import { afterEach, describe, expect, it } from 'vitest';
import { channelId, channelInvoke, channelMention } from '../../../helpers/teams/activities.js';
import { cardOf, cardText } from '../../../helpers/teams/bot-connector-double.js';
import { serveJaegerTrace, ticketDriftJaeger, ticketDriftTraceId } from '../../../helpers/teams/fixtures.js';
import { jaegerUi, startTeamsTestServer, type TeamsTestServer } from '../../../helpers/teams/teams-test-server.js';

let server: TeamsTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

interface CardAction {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
  fallback?: { type: string; data: Record<string, unknown> };
}

/** Triages the drifted-ticket run and returns the posted card's message ID, root span and actions. */
async function triagedCard(teams: TeamsTestServer) {
  serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
  await teams.post(channelMention('1732525500001', `${jaegerUi}/trace/${ticketDriftTraceId}`));
  await teams.app.whenIdle();
  const update = teams.connector.updates()[0];
  const card = cardOf(update);
  return { messageId: String(update?.activityId), actions: (card?.actions ?? []) as CardAction[] };
}

const thread = `${channelId};messageid=1732525500001`;

describe('feedback on a report card', () => {
  it('records an Action.Execute click with the trace and the report, and answers the invoke with a message', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    const { messageId, actions } = await triagedCard(teams);
    const wrongLayer = actions.find((action) => action.verb === 'feedback' && action.data?.verdict === 'wrong-layer');
    expect(wrongLayer?.fallback?.type).toBe('Action.Submit');
    const response = await teams.post(
      channelInvoke(
        'f:execute-1',
        'adaptiveCard/action',
        { action: { type: 'Action.Execute', verb: 'feedback', data: wrongLayer?.data }, trigger: 'manual' },
        { replyToId: messageId, conversation: { id: thread, conversationType: 'channel', isGroup: true } },
      ),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      statusCode: 200,
      type: 'application/vnd.microsoft.activity.message',
      value: 'Thanks: recorded "wrong-layer" for this report.',
    });
    const [record, ...others] = teams.store.feedback.feedbackFor(ticketDriftTraceId);
    expect(others).toEqual([]);
    expect(record).toMatchObject({ platform: 'teams', verdict: 'wrong-layer', traceId: ticketDriftTraceId });
    expect(record?.userId).toBe('11111111-2222-3333-4444-555555555555');
    const report = JSON.parse(record?.reportJson ?? '{}') as { rootCause: { layer: string } };
    expect(report.rootCause.layer).toBe('tool-args');
  });

  it('records a click once when Teams retries the invoke', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    const { messageId, actions } = await triagedCard(teams);
    const right = actions.find((action) => action.verb === 'feedback' && action.data?.verdict === 'right');
    const invoke = channelInvoke(
      'f:execute-retried',
      'adaptiveCard/action',
      { action: { type: 'Action.Execute', verb: 'feedback', data: right?.data }, trigger: 'manual' },
      { replyToId: messageId },
    );
    expect((await teams.post(invoke)).status).toBe(200);
    const retry = await teams.post(invoke);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { value: string }).value).toBe('Thanks, already recorded.');
    expect(teams.store.feedback.feedbackFor(ticketDriftTraceId)).toHaveLength(1);
  });

  it('records an Action.Submit click (older clients) and thanks the user in the thread', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    const { messageId, actions } = await triagedCard(teams);
    const right = actions.find((action) => action.data?.verdict === 'right');
    const submit = {
      ...channelMention('1732525500002', ''),
      text: undefined,
      entities: [],
      replyToId: messageId,
      value: right?.fallback?.data,
    };
    expect((await teams.post(submit)).status).toBe(200);
    await teams.app.whenIdle();
    expect(teams.store.feedback.feedbackFor(ticketDriftTraceId).map((record) => record.verdict)).toEqual(['right']);
    expect(String(teams.connector.posts().at(-1)?.body.text)).toBe('Thanks: recorded "right" for this report.');
  });

  it('says so when the report is no longer known, and records nothing', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    const response = await teams.post(
      channelInvoke('f:execute-2', 'adaptiveCard/action', {
        action: {
          type: 'Action.Execute',
          verb: 'feedback',
          data: { tracehound: 'feedback', verdict: 'right', reportKey: 'c0ffee00-0000-4000-8000-000000000000' },
        },
        trigger: 'manual',
      }),
    );
    expect(((await response.json()) as { value: string }).value).toContain('too old to rate');
    expect(teams.store.feedback.feedbackFor(ticketDriftTraceId)).toEqual([]);
  });

  it('refuses card data it does not know with a 400 invoke response', async () => {
    server = await startTeamsTestServer();
    const response = await server.post(
      channelInvoke('f:execute-3', 'adaptiveCard/action', {
        action: { type: 'Action.Execute', verb: 'delete', data: { tracehound: 'delete-everything' } },
        trigger: 'manual',
      }),
    );
    expect(response.status).toBe(400);
  });

  it('runs a triage again in place when "Run again" is clicked', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
    const response = await teams.post(
      channelInvoke(
        'f:execute-4',
        'adaptiveCard/action',
        {
          action: {
            type: 'Action.Execute',
            verb: 'rerun',
            data: { tracehound: 'rerun', reference: `${jaegerUi}/trace/${ticketDriftTraceId}` },
          },
          trigger: 'manual',
        },
        { replyToId: 'bot-message-earlier', conversation: { id: thread, conversationType: 'channel', isGroup: true } },
      ),
    );
    expect(((await response.json()) as { value: string }).value).toContain('Running the triage again');
    await teams.app.whenIdle();
    expect(teams.connector.posts()).toEqual([]);
    const updates = teams.connector.updates();
    expect(updates.map((call) => [call.conversationId, call.activityId])).toEqual([
      [thread, 'bot-message-earlier'],
      [thread, 'bot-message-earlier'],
    ]);
    expect(cardText(cardOf(updates[0]))).toContain('Triaging');
    expect(cardText(cardOf(updates[1]))).toContain('tool-args');
  });
});
