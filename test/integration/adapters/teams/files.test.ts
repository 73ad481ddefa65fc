import { gzipSync } from 'node:zlib';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  channelMention,
  fileDownloadInfo,
  personalConversationId,
  personalMessage,
} from '../../../helpers/teams/activities.js';
import { cardOf, cardText } from '../../../helpers/teams/bot-connector-double.js';
import { workedExampleText } from '../../../helpers/teams/fixtures.js';
import { startTeamsTestServer, type TeamsTestServer } from '../../../helpers/teams/teams-test-server.js';

let server: TeamsTestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const fileHost = 'https://contoso-my.sharepoint.com';
const downloadPath = '/personal/dana_contoso_com/_layouts/15/download.aspx';
const downloadUrl = (uniqueId: string) =>
  `${fileHost}${downloadPath}?UniqueId=${uniqueId}&Translate=false&tempauth=v1.eyJzaXRlaWQiOiJ0ZXN0In0&ApiVersion=2.0`;

async function start(maxFileBytes = 1024 * 1024): Promise<TeamsTestServer> {
  server = await startTeamsTestServer({ maxFileBytes });
  return server;
}

async function finalCardText(teams: TeamsTestServer): Promise<string> {
  await teams.app.whenIdle();
  const updates = teams.connector.updates();
  return cardText(cardOf(updates.at(-1)));
}

describe('a trace file sent to the bot in a personal chat', () => {
  it('downloads the gzip file from SharePoint without the bot token and replies with the root cause', async () => {
    const teams = await start();
    const gzipped = gzipSync(workedExampleText);
    let authorization: string | undefined;
    const sharepoint = nock(fileHost)
      .get(downloadPath)
      .query(true)
      .reply(function () {
        authorization = this.req.headers.authorization as string | undefined;
        return [200, gzipped, { 'content-type': 'application/octet-stream', 'content-length': String(gzipped.length) }];
      });
    const activity = personalMessage('1732525300001', undefined, [
      fileDownloadInfo('refund-run.txt.gz', downloadUrl('A1'), 'gz'),
    ]);
    expect((await teams.post(activity)).status).toBe(200);
    const text = await finalCardText(teams);
    expect(sharepoint.isDone()).toBe(true);
    expect(authorization).toBeUndefined();
    const [typing, placeholder] = teams.connector.posts();
    expect(typing?.body.type).toBe('typing');
    expect(placeholder).toMatchObject({ conversationId: personalConversationId, activityId: '1732525300001' });
    expect(cardText(cardOf(placeholder))).toContain('Triaging refund-run.txt.gz');
    // The worked example: span 2, tool-args, order 1234 vs 1243.
    expect(text).toMatch(/^Root cause: tool\.lookup_order \(2\) — layer `tool-args`/);
    expect(text).toContain('#1234');
    expect(text).toContain('1243');
  });

  it('refuses a file whose declared size is over the cap, with a clear reply', async () => {
    const teams = await start(1_000);
    nock(fileHost)
      .get(downloadPath)
      .query(true)
      .reply(200, Buffer.alloc(5_000, 0x20), { 'content-length': '5000', 'content-type': 'application/json' });
    await teams.post(personalMessage('1732525300002', '', [fileDownloadInfo('big.json', downloadUrl('A2'), 'json')]));
    const text = await finalCardText(teams);
    expect(text).toContain('Could not triage big.json');
    expect(text).toContain('too large');
    expect(text).toContain('over the 1000-byte limit');
  });

  it('stops reading a file without a declared size once it passes the cap', async () => {
    const teams = await start(1_000);
    nock(fileHost)
      .get(downloadPath)
      .query(true)
      .reply(200, () => Buffer.alloc(5_000, 0x20), { 'content-type': 'application/json' });
    await teams.post(personalMessage('1732525300003', '', [fileDownloadInfo('big.json', downloadUrl('A3'), 'json')]));
    expect(await finalCardText(teams)).toContain('too large');
  });

  it('refuses a download link on any other host without requesting it', async () => {
    const teams = await start();
    // nock has no interceptor for this host and net connect is off: a request would fail differently.
    await teams.post(
      personalMessage('1732525300004', '', [
        fileDownloadInfo('trace.json', 'https://attacker.example.net/_layouts/15/download.aspx?UniqueId=x', 'json'),
      ]),
    );
    const text = await finalCardText(teams);
    expect(text).toContain('not on a Microsoft file host (attacker.example.net)');
  });

  it('refuses a plain-http download link on a SharePoint host', async () => {
    const teams = await start();
    await teams.post(
      personalMessage('1732525300005', '', [
        fileDownloadInfo('trace.json', `http://contoso-my.sharepoint.com${downloadPath}?UniqueId=x`, 'json'),
      ]),
    );
    expect(await finalCardText(teams)).toContain('not on a Microsoft file host');
  });

  it('does not follow a redirect to another host', async () => {
    const teams = await start();
    nock(fileHost)
      .get(downloadPath)
      .query(true)
      .reply(302, '', { location: 'https://fabrikam-my.sharepoint.com/elsewhere' });
    await teams.post(personalMessage('1732525300006', '', [fileDownloadInfo('trace.json', downloadUrl('A6'), 'json')]));
    expect(await finalCardText(teams)).toContain('redirected to another host (fabrikam-my.sharepoint.com)');
  });

  it('refuses a file type that is not a trace export before downloading it', async () => {
    const teams = await start();
    await teams.post(personalMessage('1732525300007', '', [fileDownloadInfo('screen.png', downloadUrl('A7'), 'png')]));
    expect(await finalCardText(teams)).toContain('a .png file is not a trace export');
  });
});

describe('files in channels and group chats', () => {
  it('explains how to share a file posted in a channel instead of trying to read it', async () => {
    const teams = await start();
    const activity = channelMention('1732525300010', 'can you look at this');
    activity.attachments = [
      ...(activity.attachments as unknown[]),
      {
        contentType: 'reference',
        contentUrl: 'https://contoso.sharepoint.com/sites/oncall/Shared%20Documents/General/trace.json',
        name: 'trace.json',
      },
    ];
    await teams.post(activity);
    await teams.app.whenIdle();
    const [reply, ...others] = teams.connector.posts();
    expect(others).toEqual([]);
    expect(reply?.body.replyToId).toBe('1732525300010');
    expect(String(reply?.body.text)).toContain('send the file to me in a personal chat');
  });

  it('explains the same for a pasted SharePoint link, which it does not open', async () => {
    const teams = await start();
    await teams.post(
      channelMention('1732525300011', 'https://contoso.sharepoint.com/:u:/s/oncall/EeFileLinkToken?e=abc123'),
    );
    await teams.app.whenIdle();
    expect(teams.connector.posts()).toHaveLength(1);
    expect(String(teams.connector.posts()[0]?.body.text)).toContain('Paste the trace link or trace ID');
  });
});
