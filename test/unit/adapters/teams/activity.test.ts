import { describe, expect, it } from 'vitest';
import {
  activitySchema,
  channelIdOf,
  commandText,
  fileAttachmentsOf,
  hasUnreadableFile,
  isAddressedToBot,
  type TeamsActivity,
} from '../../../../adapters/teams/activity.js';
import { isMicrosoftFileHost } from '../../../../adapters/teams/download-file.js';
import { parseTeamsCommand } from '../../../../adapters/teams/teams-bot.js';

function activity(fields: Record<string, unknown>): TeamsActivity {
  return activitySchema.parse({
    type: 'message',
    id: '1',
    serviceUrl: 'https://smba.trafficmanager.net/amer/',
    from: { id: '29:user' },
    recipient: { id: '28:bot', name: 'tracehound' },
    conversation: { id: 'a:personal', conversationType: 'personal' },
    ...fields,
  });
}

const channel = { id: '19:c@thread.tacv2;messageid=17', conversationType: 'channel', isGroup: true };

describe('reading Teams activities', () => {
  it('strips mentions and HTML from the command text', () => {
    expect(commandText('<at>tracehound</at>&nbsp;cluster  <b>7d</b>')).toBe('cluster 7d');
  });

  it('parses the bot commands', () => {
    expect(parseTeamsCommand('')).toEqual({ kind: 'help' });
    expect(parseTeamsCommand('HELP')).toEqual({ kind: 'help' });
    expect(parseTeamsCommand('triage')).toEqual({ kind: 'help' });
    expect(parseTeamsCommand('cluster')).toEqual({ kind: 'cluster', window: null });
    expect(parseTeamsCommand('cluster 12h')).toEqual({ kind: 'cluster', window: '12h' });
    expect(parseTeamsCommand('triage abc def')).toEqual({ kind: 'triage', text: 'abc def' });
    expect(parseTeamsCommand('look at 4bf92f3577b34da6a3ce929d0e0e4736')).toEqual({
      kind: 'triage',
      text: 'look at 4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('knows when a message addresses the bot', () => {
    expect(isAddressedToBot(activity({}))).toBe(true);
    expect(isAddressedToBot(activity({ conversation: channel }))).toBe(false);
    expect(
      isAddressedToBot(
        activity({ conversation: channel, entities: [{ type: 'mention', mentioned: { id: '28:someone-else' } }] }),
      ),
    ).toBe(false);
    expect(
      isAddressedToBot(
        activity({ conversation: channel, entities: [{ type: 'mention', mentioned: { id: '28:bot' } }] }),
      ),
    ).toBe(true);
  });

  it('uses the channel without the thread part for access rules', () => {
    expect(channelIdOf(activity({ conversation: channel }))).toBe('19:c@thread.tacv2');
  });

  it('reads personal file attachments and skips malformed ones', () => {
    const files = fileAttachmentsOf(
      activity({
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.file.download.info',
            name: 'run.JSON',
            content: { downloadUrl: 'https://contoso-my.sharepoint.com/x', fileType: 'JSON' },
          },
          { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'broken', content: {} },
          { contentType: 'text/html', content: '<p>hi</p>' },
        ],
      }),
    );
    expect(files).toEqual([{ name: 'run.JSON', downloadUrl: 'https://contoso-my.sharepoint.com/x', fileType: 'json' }]);
  });

  it('recognises a file shared in a channel, but not the HTML copy of an ordinary message', () => {
    const plain = activity({
      conversation: channel,
      attachments: [{ contentType: 'text/html', content: '<p>hello</p>' }],
    });
    expect(hasUnreadableFile(plain, isMicrosoftFileHost)).toBe(false);
    const html = activity({
      conversation: channel,
      attachments: [{ contentType: 'text/html', content: '<p>see <attachment id="abc"></attachment></p>' }],
    });
    expect(hasUnreadableFile(html, isMicrosoftFileHost)).toBe(true);
    const reference = activity({
      conversation: channel,
      attachments: [{ contentType: 'application/octet-stream', contentUrl: 'https://contoso.sharepoint.com/f.json' }],
    });
    expect(hasUnreadableFile(reference, isMicrosoftFileHost)).toBe(true);
  });

  it('rejects an activity without a conversation, naming the field', () => {
    const parsed = activitySchema.safeParse({
      type: 'message',
      serviceUrl: 'x',
      from: { id: 'a' },
      recipient: { id: 'b' },
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['conversation']);
  });
});
