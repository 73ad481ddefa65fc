import { testServiceUrl } from './bot-connector-double.js';

/** Bot Framework activities shaped as Teams sends them (msteams-docs samples), for POSTing to /api/messages. */
export const botAccount = { id: '28:00000000-0000-0000-0000-0000000000b0', name: 'tracehound' };
export const userAccount = {
  id: '29:1user-id-from-teams',
  name: 'Dana Oncall',
  aadObjectId: '11111111-2222-3333-4444-555555555555',
};
export const teamId = '19:team0000000000000000000000000000@thread.tacv2';
export const channelId = '19:channel00000000000000000000000000@thread.tacv2';
export const tenantId = '99999999-8888-7777-6666-555555555555';
export const personalConversationId = 'a:1personal-chat-with-the-bot';

type Activity = Record<string, unknown>;

function base(id: string, conversation: Record<string, unknown>, channelData: Record<string, unknown>): Activity {
  return {
    type: 'message',
    id,
    channelId: 'msteams',
    serviceUrl: testServiceUrl,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    from: userAccount,
    recipient: botAccount,
    conversation: { tenantId, ...conversation },
    channelData: { tenant: { id: tenantId }, ...channelData },
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
  };
}

/** A channel message that @mentions the bot, posted as a reply in the thread whose root is `rootId`. */
export function channelMention(id: string, text: string, options: { rootId?: string } = {}): Activity {
  const root = options.rootId ?? id;
  const mention = '<at>tracehound</at>';
  const activity = base(
    id,
    { id: `${channelId};messageid=${root}`, conversationType: 'channel', isGroup: true },
    { teamsTeamId: teamId, teamsChannelId: channelId, team: { id: teamId }, channel: { id: channelId } },
  );
  return {
    ...activity,
    text: `${mention} ${text}`,
    textFormat: 'plain',
    attachments: [
      {
        contentType: 'text/html',
        content: `<div><div><span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="0">tracehound</span>&nbsp;${text}</div></div>`,
      },
    ],
    entities: [...(activity.entities as unknown[]), { type: 'mention', text: mention, mentioned: botAccount }],
  };
}

/** A channel message that does not mention the bot (only seen with RSC permissions). */
export function channelMessageWithoutMention(id: string, text: string): Activity {
  return {
    ...base(
      id,
      { id: `${channelId};messageid=${id}`, conversationType: 'channel', isGroup: true },
      { team: { id: teamId }, channel: { id: channelId } },
    ),
    text,
  };
}

/** A 1:1 message to the bot. */
export function personalMessage(id: string, text: string | undefined, attachments: unknown[] = []): Activity {
  return {
    ...base(id, { id: personalConversationId, conversationType: 'personal' }, {}),
    ...(text === undefined ? {} : { text, textFormat: 'plain' }),
    attachments,
  };
}

/** A file sent to the bot in a personal chat (bots-filesv4.md). */
export function fileDownloadInfo(name: string, downloadUrl: string, fileType: string): Record<string, unknown> {
  return {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    contentUrl: `https://contoso-my.sharepoint.com/personal/dana_contoso_com/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(name)}`,
    name,
    content: {
      downloadUrl,
      uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C9D',
      fileType,
      etag: '{1150D938-8870-4044-9F2C-5BBDEBA70C9D},2',
    },
  };
}

/** An invoke in a channel (message extensions, Universal Actions). */
export function channelInvoke(id: string, name: string, value: unknown, extra: Activity = {}): Activity {
  return {
    ...base(
      id,
      { id: channelId, conversationType: 'channel', isGroup: true },
      { team: { id: teamId }, channel: { id: channelId }, source: { name: 'message' } },
    ),
    type: 'invoke',
    name,
    value,
    ...extra,
  };
}

/** The message a message action was invoked on (`value.messagePayload`). */
export function messagePayload(id: string, html: string, replyToId: string | null = null): Record<string, unknown> {
  return {
    id,
    replyToId,
    createdDateTime: '2026-11-25T09:00:00.000Z',
    lastModifiedDateTime: null,
    deleted: false,
    subject: null,
    summary: null,
    importance: 'normal',
    locale: 'en-us',
    linkToMessage: `https://teams.microsoft.com/l/message/${channelId}/${id}`,
    from: { user: { userIdentityType: 'aadUser', id: userAccount.aadObjectId, displayName: userAccount.name } },
    body: { contentType: 'html', content: html },
    attachments: [],
    mentions: [],
    reactions: [],
  };
}
