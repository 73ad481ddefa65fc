import { z } from 'zod';
import type { SlackFileReference } from './download-file.js';

/** The fields tracehound reads from Slack payloads, parsed at the boundary; everything else is ignored. */

export const slackFileSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  mimetype: z.string().nullish(),
  size: z.number().nullish(),
  url_private_download: z.string().nullish(),
});
export type SlackFile = z.infer<typeof slackFileSchema>;

export const messageLikeSchema = z.object({
  text: z.string().nullish(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  subtype: z.string().nullish(),
  channel: z.string().nullish(),
  channel_type: z.string().nullish(),
  files: z.array(slackFileSchema).nullish(),
});
export type MessageLike = z.infer<typeof messageLikeSchema>;

export const envelopeSchema = z.object({
  event_id: z.string().nullish(),
  team_id: z.string().nullish(),
});

export const linkSharedSchema = z.object({
  channel: z.string(),
  message_ts: z.string(),
  thread_ts: z.string().nullish(),
  unfurl_id: z.string().nullish(),
  source: z.string().nullish(),
  links: z.array(z.object({ url: z.string(), domain: z.string().nullish() })),
});

export const messageShortcutSchema = z.object({
  trigger_id: z.string(),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string() }),
  user: z.object({ id: z.string() }),
  message: messageLikeSchema,
});

export const blockActionSchema = z.object({
  trigger_id: z.string().nullish(),
  team: z.object({ id: z.string() }).nullish(),
  user: z.object({ id: z.string() }),
  channel: z.object({ id: z.string() }).nullish(),
  container: z
    .object({
      message_ts: z.string().nullish(),
      thread_ts: z.string().nullish(),
      channel_id: z.string().nullish(),
      is_ephemeral: z.boolean().nullish(),
    })
    .nullish(),
  message: z.object({ ts: z.string(), thread_ts: z.string().nullish() }).nullish(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().nullish() })).min(1),
});
export type BlockAction = z.infer<typeof blockActionSchema>;

export const slashCommandSchema = z.object({
  command: z.string(),
  text: z.string(),
  trigger_id: z.string(),
  user_id: z.string(),
  channel_id: z.string(),
  team_id: z.string().nullish(),
});

/** Media a person attaches alongside a trace (screenshots, recordings) is not a trace file. */
const notTraceMedia = /^(image|video|audio)\//;

/** The attached files worth trying as traces, as download references. */
export function traceFilesOf(files: readonly SlackFile[] | null | undefined): SlackFileReference[] {
  return (files ?? [])
    .filter((file) => typeof file.url_private_download === 'string' && !notTraceMedia.test(file.mimetype ?? ''))
    .map((file) => ({
      name: file.name ?? file.title ?? file.id,
      url: file.url_private_download as string,
      size: file.size ?? null,
    }));
}

/** `<@U123>` mentions and `<!here>`-style commands are addressed to people, not trace references. */
export function withoutMentions(text: string): string {
  return text.replace(/<[@!#][^>]*>/g, ' ');
}
