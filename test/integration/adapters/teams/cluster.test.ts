import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { channelMention } from '../../../helpers/teams/activities.js';
import { cardOf, cardText } from '../../../helpers/teams/bot-connector-double.js';
import { serveEmptyJaegerSearch } from '../../../helpers/teams/fixtures.js';
import { startTeamsTestServer, type TeamsTestServer } from '../../../helpers/teams/teams-test-server.js';
import { devFixtures } from '../../../unit/fixture-paths.js';

let server: TeamsTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const now = Date.parse('2026-11-20T12:00:00Z');
const scope = {
  platform: 'teams' as const,
  workspaceId: '19:team0000000000000000000000000000@thread.tacv2',
  channelId: '19:channel00000000000000000000000000@thread.tacv2',
};

/** Stores an OTLP fixture in the embedded store as if it had arrived `hoursAgo`, under another trace ID. */
function receive(teams: TeamsTestServer, file: string, traceId: string, hoursAgo: number): void {
  const body = JSON.parse(readFileSync(path.join(devFixtures, file), 'utf8')) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
  };
  const spans = body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((entry) => entry.spans));
  const earliest = Math.min(...spans.map((span) => Number(BigInt(String(span.startTimeUnixNano)) / 1_000_000n)));
  const offsetMs = now - hoursAgo * 3_600_000 - earliest;
  for (const span of spans) {
    span.traceId = traceId;
    for (const key of ['startTimeUnixNano', 'endTimeUnixNano'])
      span[key] = String(BigInt(String(span[key])) + BigInt(offsetMs) * 1_000_000n);
  }
  teams.store.traces.insertExport(body as never);
}

describe('cluster [window]', () => {
  it('posts "clustering…", updates it with progress, then with the top failure modes the engine finds', async () => {
    server = await startTeamsTestServer({ now: () => now });
    const teams = server;
    serveEmptyJaegerSearch(teams.backends);
    receive(teams, 'd-tool-422.otlp.json', 'aa'.repeat(16), 2);
    receive(teams, 'd-tool-422.otlp.json', 'bb'.repeat(16), 5);
    receive(teams, 'd-upstream-price.otlp.json', 'cc'.repeat(16), 3);
    receive(teams, 'd-healthy-lookup.otlp.json', 'dd'.repeat(16), 1);
    receive(teams, 'd-upstream-price.otlp.json', 'ee'.repeat(16), 72);

    expect((await teams.post(channelMention('1732525600001', 'cluster 1d'))).status).toBe(200);
    await teams.app.whenIdle();
    const [typing, placeholder, ...others] = teams.connector.posts();
    expect(typing?.body.type).toBe('typing');
    expect(others).toEqual([]);
    expect(placeholder?.body.replyToId).toBe('1732525600001');
    expect(cardText(cardOf(placeholder))).toBe('Clustering failures from the last 1d…');

    const updates = teams.connector.updates();
    expect(new Set(updates.map((call) => call.activityId))).toEqual(new Set([placeholder?.answeredId]));
    const progress = updates.slice(0, -1).map((call) => cardText(cardOf(call)));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatch(/4 of 4 runs analysed, \d+ failed so far\./);

    const expected = await teams.triageService.clusterFailures({ window: '1d', top: 5 }, scope);
    expect(expected.clusters.length).toBeGreaterThan(0);
    const final = cardOf(updates.at(-1));
    const text = cardText(final);
    expect(text).toContain('Failure modes, last 1d');
    expect(text).toContain(expected.headline);
    for (const cluster of expected.clusters) {
      expect(text).toContain(cluster.label);
      expect(text).toContain(`\`${cluster.layer}\``);
      expect(text).toContain(`${cluster.count} (${cluster.sharePercent}% of failures)`);
      expect(text).toContain(cluster.suggestedFix);
    }
    expect(Buffer.byteLength(JSON.stringify(final))).toBeLessThanOrEqual(28 * 1024);
  });

  it('replaces the placeholder with a clear error card for a bad window', async () => {
    server = await startTeamsTestServer({ now: () => now });
    const teams = server;
    serveEmptyJaegerSearch(teams.backends);
    await teams.post(channelMention('1732525600002', 'cluster soon'));
    await teams.app.whenIdle();
    const final = cardText(cardOf(teams.connector.updates().at(-1)));
    expect(final).toContain('soon is not a time window');
    expect(final).toContain('30m, 12h, 7d or 2w');
  });

  it('defaults to seven days and says so when nothing failed', async () => {
    server = await startTeamsTestServer({ now: () => now });
    const teams = server;
    serveEmptyJaegerSearch(teams.backends);
    receive(teams, 'd-healthy-lookup.otlp.json', 'dd'.repeat(16), 1);
    await teams.post(channelMention('1732525600003', 'cluster'));
    await teams.app.whenIdle();
    const final = cardText(cardOf(teams.connector.updates().at(-1)));
    expect(final).toContain('Failure modes, last 7d');
    expect(final).toContain('No failed runs among 1 analysed.');
  });
});
