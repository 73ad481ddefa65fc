import { afterEach, describe, expect, it } from 'vitest';
import { TRIAGE_MESSAGE_ACTION_ID } from '../../../../adapters/teams/manifest.js';
import { channelId, channelInvoke, messagePayload } from '../../../helpers/teams/activities.js';
import { cardOf, cardText } from '../../../helpers/teams/bot-connector-double.js';
import { readLabel, serveJaegerTrace, ticketDriftJaeger, ticketDriftTraceId } from '../../../helpers/teams/fixtures.js';
import { jaegerUi, startTeamsTestServer, type TeamsTestServer } from '../../../helpers/teams/teams-test-server.js';

let server: TeamsTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const html = `<p>Refund bot escalated the wrong ticket, see <a href="${jaegerUi}/trace/${ticketDriftTraceId}" rel="noreferrer noopener" target="_blank" title="${jaegerUi}/trace/${ticketDriftTraceId}">the trace</a>&nbsp;</p>`;

function submitAction(id: string, payload: Record<string, unknown>, data: Record<string, unknown> = { trace: '' }) {
  return channelInvoke(id, 'composeExtension/submitAction', {
    commandId: TRIAGE_MESSAGE_ACTION_ID,
    commandContext: 'message',
    context: { theme: 'default' },
    data,
    messagePayload: payload,
  });
}

describe('the "Triage this trace" message action', () => {
  it('closes the dialog at once and posts the report in the thread of the message it was used on', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
    // The message is itself a reply in the thread rooted at 1732525000000.
    const response = await teams.post(
      submitAction('f:submit-1', messagePayload('1732525400001', html, '1732525000000')),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{}');
    await teams.app.whenIdle();
    const [placeholder, ...others] = teams.connector.posts();
    expect(others).toEqual([]);
    expect(placeholder).toMatchObject({
      conversationId: `${channelId};messageid=1732525000000`,
      activityId: '1732525400001',
      body: { replyToId: '1732525400001' },
    });
    const update = teams.connector.updates()[0];
    expect(update?.activityId).toBe(placeholder?.answeredId);
    const text = cardText(cardOf(update));
    const label = readLabel('d-ticket-drift');
    expect(text).toContain(`\`${label.rootCause?.layers[0]}\``);
    expect(label.rootCause?.spanIds.some((spanId) => text.includes(spanId))).toBe(true);
  });

  it('uses the reference typed in the form over the message text', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    const missing = 'feedfacefeedfacefeedfacefeedface';
    serveJaegerTrace(teams.backends, missing, null);
    await teams.post(submitAction('f:submit-2', messagePayload('1732525400002', html), { trace: missing }));
    await teams.app.whenIdle();
    expect(teams.connector.posts()[0]?.conversationId).toBe(`${channelId};messageid=1732525400002`);
    expect(cardText(cardOf(teams.connector.updates()[0]))).toContain(`Could not triage ${missing}`);
  });

  it('answers with a message in the dialog when the message holds no trace reference', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    const response = await teams.post(submitAction('f:submit-3', messagePayload('1732525400003', '<p>lunch?</p>')));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { task: { type: string; value: string } };
    expect(body.task.type).toBe('message');
    expect(body.task.value).toContain('I found no trace link or trace ID');
    await teams.app.whenIdle();
    expect(teams.connector.calls).toEqual([]);
  });

  it('answers a fetchTask (the dynamic-dialog variant) with a message and posts in the thread', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
    const activity = {
      ...submitAction('f:fetch-1', messagePayload('1732525400004', html)),
      name: 'composeExtension/fetchTask',
    };
    const response = await teams.post(activity);
    const body = (await response.json()) as { task: { type: string; value: string } };
    expect(body.task).toEqual({
      type: 'message',
      value: `Triaging ${jaegerUi}/trace/${ticketDriftTraceId}: the answer will appear in the message's thread.`,
    });
    await teams.app.whenIdle();
    expect(teams.connector.updates()).toHaveLength(1);
  });

  it('starts the work once when Teams retries the invoke', async () => {
    server = await startTeamsTestServer();
    const teams = server;
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger);
    const activity = submitAction('f:submit-5', messagePayload('1732525400005', html));
    expect((await teams.post(activity)).status).toBe(200);
    expect((await teams.post(activity)).status).toBe(200);
    await teams.app.whenIdle();
    expect(teams.connector.posts()).toHaveLength(1);
  });
});
