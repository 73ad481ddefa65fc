import { afterEach, describe, expect, it } from 'vitest';
import { channelId, channelMention } from '../../../helpers/teams/activities.js';
import { cardOf, cardText } from '../../../helpers/teams/bot-connector-double.js';
import {
  failJaegerTrace,
  serveJaegerTrace,
  ticketDriftJaeger,
  ticketDriftTraceId,
} from '../../../helpers/teams/fixtures.js';
import { jaegerUi, startTeamsTestServer, type TeamsTestServer } from '../../../helpers/teams/teams-test-server.js';

let server: TeamsTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const threadOf = (rootId: string) => `${channelId};messageid=${rootId}`;

/**
 * The one card of a request: the placeholder posted in the thread, then updated in place. Returns the
 * final card's text and whether it carries report actions (it must not, for an error).
 */
async function errorCardFor(teams: TeamsTestServer, activityId: string, link: string) {
  const response = await teams.post(channelMention(activityId, `triage ${link}`));
  expect(response.status).toBe(200);
  await teams.app.whenIdle();
  const [placeholder, ...others] = teams.connector.messages();
  expect(others).toEqual([]);
  expect(placeholder).toMatchObject({ conversationId: threadOf(activityId), activityId });
  const updates = teams.connector.updates();
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({ conversationId: threadOf(activityId), activityId: placeholder?.answeredId });
  const card = cardOf(updates[0]);
  const actions = (card?.actions ?? []) as { type: string; verb?: string }[];
  return { text: cardText(card), feedbackActions: actions.filter((action) => action.verb === 'feedback') };
}

describe('error cards for a failing trace backend', () => {
  it('says the backend was too slow, and what to do, when Jaeger answers after the backend timeout', async () => {
    const teams = await startTeamsTestServer({ backendTimeoutMs: 150 });
    server = teams;
    serveJaegerTrace(teams.backends, ticketDriftTraceId, ticketDriftJaeger, 1_500);
    const link = `${jaegerUi}/trace/${ticketDriftTraceId}`;
    const { text, feedbackActions } = await errorCardFor(teams, '1732530000001', link);
    expect(text).toContain(`Could not triage ${link}`);
    expect(text).toMatch(/slow|timed out|in time/i);
    expect(text).toMatch(/try again/i);
    // v3 answered 404 at once (a v1 Jaeger), then the v1 request ran out of time.
    const paths = (teams.backends.getCallHistory()?.calls() ?? []).map((call) => call.path);
    expect(paths).toEqual([`/api/v3/traces/${ticketDriftTraceId}`, `/api/traces/${ticketDriftTraceId}`]);
    // An error is not a report: nothing to give feedback on.
    expect(feedbackActions).toEqual([]);
  });

  for (const status of [401, 403]) {
    it(`says tracehound's access to the backend was refused, and who can fix it, when Jaeger answers ${status}`, async () => {
      const teams = await startTeamsTestServer();
      server = teams;
      failJaegerTrace(teams.backends, ticketDriftTraceId, status);
      const link = `${jaegerUi}/trace/${ticketDriftTraceId}`;
      const { text, feedbackActions } = await errorCardFor(teams, `173253000010${status % 10}`, link);
      expect(text).toContain(`Could not triage ${link}`);
      expect(text).toMatch(/credentials|access/i);
      expect(text).toMatch(/whoever runs tracehound|admin/i);
      // Not mistaken for a missing trace or a slow backend.
      expect(text).not.toMatch(/could not find that trace|in time/i);
      expect(feedbackActions).toEqual([]);
      // Refused credentials are not retried, and the v1 fallback (only for a 404) is not tried.
      const paths = (teams.backends.getCallHistory()?.calls() ?? []).map((call) => call.path);
      expect(paths).toEqual([`/api/v3/traces/${ticketDriftTraceId}`]);
    });
  }
});
