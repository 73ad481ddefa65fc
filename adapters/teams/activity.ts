import { z } from 'zod';

/**
 * The few inbound Bot Framework activity fields the adapter relies on, parsed with zod so that a move
 * off botbuilder only has to keep these shapes (PLATFORMS.md 2.1). Unknown fields are kept, never trusted.
 */
const accountSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  aadObjectId: z.string().optional(),
});

const attachmentSchema = z.looseObject({
  contentType: z.string(),
  contentUrl: z.string().optional(),
  name: z.string().optional(),
  content: z.unknown().optional(),
});
export type TeamsAttachment = z.infer<typeof attachmentSchema>;

const entitySchema = z.looseObject({
  type: z.string(),
  mentioned: z.looseObject({ id: z.string() }).optional(),
});

export const activitySchema = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  name: z.string().optional(),
  text: z.string().optional(),
  replyToId: z.string().optional(),
  value: z.unknown().optional(),
  serviceUrl: z.string(),
  from: accountSchema,
  recipient: accountSchema,
  conversation: z.looseObject({
    id: z.string(),
    conversationType: z.string().optional(),
    isGroup: z.boolean().optional(),
  }),
  entities: z.array(entitySchema).optional(),
  attachments: z.array(attachmentSchema).optional(),
  channelData: z
    .looseObject({
      team: z.looseObject({ id: z.string().optional() }).optional(),
      channel: z.looseObject({ id: z.string().optional() }).optional(),
    })
    .optional(),
});
export type TeamsActivity = z.infer<typeof activitySchema>;

/** `personal` (1:1 with the bot), `groupChat` or `channel`; Teams omits the type in some old payloads. */
export function conversationKind(activity: TeamsActivity): 'personal' | 'groupChat' | 'channel' {
  const type = activity.conversation.conversationType;
  if (type === 'channel' || activity.channelData?.channel?.id) return 'channel';
  if (type === 'groupChat' || activity.conversation.isGroup === true) return 'groupChat';
  return 'personal';
}

/** A personal chat is always addressed to the bot; elsewhere the bot must be @mentioned. */
export function isAddressedToBot(activity: TeamsActivity): boolean {
  if (conversationKind(activity) === 'personal') return true;
  return (activity.entities ?? []).some(
    (entity) => entity.type === 'mention' && entity.mentioned?.id === activity.recipient.id,
  );
}

/** The channel (without the thread's `;messageid=` part) or chat, for access rules. */
export function channelIdOf(activity: TeamsActivity): string {
  return activity.channelData?.channel?.id ?? activity.conversation.id.split(';')[0] ?? activity.conversation.id;
}

export function teamIdOf(activity: TeamsActivity): string | null {
  return activity.channelData?.team?.id ?? null;
}

/** Strips `<at>…</at>` mentions, HTML tags and `&nbsp;` that Teams wraps around typed text. */
export function commandText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<(?!https?:)[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const fileDownloadInfoContentType = 'application/vnd.microsoft.teams.file.download.info';

const fileDownloadInfoSchema = z.looseObject({
  downloadUrl: z.string(),
  fileType: z.string().optional(),
  uniqueId: z.string().optional(),
});

export interface TeamsFileReference {
  name: string;
  downloadUrl: string;
  /** `json`, `txt`, `gz`, … as Teams gives it (no dot), lowercased; null when absent. */
  fileType: string | null;
}

/** The personal-chat file attachments (`file.download.info`), with their pre-authenticated download URLs. */
export function fileAttachmentsOf(activity: TeamsActivity): TeamsFileReference[] {
  const files: TeamsFileReference[] = [];
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== fileDownloadInfoContentType) continue;
    const content = fileDownloadInfoSchema.safeParse(attachment.content);
    if (!content.success) continue;
    const name = attachment.name ?? 'attachment';
    const fileType = content.data.fileType?.replace(/^\./, '').toLowerCase() ?? null;
    files.push({ name, downloadUrl: content.data.downloadUrl, fileType: fileType === '' ? null : fileType });
  }
  return files;
}

/**
 * True when a channel or group-chat message carries a file the bot cannot read there: a file card, a
 * SharePoint reference, or an `<attachment>` in the message's HTML (how Teams shows a shared file).
 */
export function hasUnreadableFile(activity: TeamsActivity, isFileHost: (hostname: string) => boolean): boolean {
  for (const attachment of activity.attachments ?? []) {
    const type = attachment.contentType.toLowerCase();
    if (
      type === fileDownloadInfoContentType ||
      type === 'reference' ||
      type.startsWith('application/vnd.microsoft.teams.card.file')
    ) {
      return true;
    }
    if (attachment.contentUrl && hostIsFileHost(attachment.contentUrl, isFileHost)) return true;
    if (type === 'text/html' && typeof attachment.content === 'string' && /<attachment\s/i.test(attachment.content)) {
      return true;
    }
  }
  return false;
}

function hostIsFileHost(url: string, isFileHost: (hostname: string) => boolean): boolean {
  try {
    return isFileHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The data an `Action.Submit` (message `value`) or `Action.Execute` (`adaptiveCard/action` data) carries. */
export const cardActionDataSchema = z.discriminatedUnion('tracehound', [
  z.object({
    tracehound: z.literal('feedback'),
    verdict: z.enum(['right', 'wrong-span', 'wrong-layer']),
    reportKey: z.string().max(100),
  }),
  z.object({ tracehound: z.literal('rerun'), reference: z.string().min(1).max(2_000) }),
]);
export type CardActionData = z.infer<typeof cardActionDataSchema>;

export const adaptiveCardInvokeSchema = z.looseObject({
  action: z.looseObject({ type: z.string(), verb: z.string().optional(), data: z.unknown().optional() }),
});

/** `composeExtension/fetchTask` and `submitAction` from a message: the message is in `messagePayload`. */
export const messageActionSchema = z.looseObject({
  commandId: z.string(),
  commandContext: z.string().optional(),
  data: z.unknown().optional(),
  messagePayload: z
    .looseObject({
      id: z.string(),
      replyToId: z.string().nullish(),
      body: z.looseObject({ contentType: z.string().optional(), content: z.string().nullish() }).optional(),
      attachments: z
        .array(
          z.looseObject({
            contentType: z.string().optional(),
            content: z.unknown().optional(),
            contentUrl: z.string().nullish(),
            name: z.string().nullish(),
          }),
        )
        .nullish(),
      linkToMessage: z.string().nullish(),
    })
    .optional(),
});
export type MessageActionValue = z.infer<typeof messageActionSchema>;

export const queryLinkSchema = z.looseObject({ url: z.string() });
