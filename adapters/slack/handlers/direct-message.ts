import type { App } from '@slack/bolt';
import type { HandlerContext } from '../handler-context.js';
import { renderHelp } from '../render/error-blocks.js';
import { envelopeSchema, messageLikeSchema } from '../slack-payloads.js';
import { slashCommand } from '../surface.js';
import { replyInThread, subjectsOf } from '../triage-reply.js';
import { answeredAsClusterRequest } from './app-mention.js';

/** Plain messages and file shares; edits, deletions and joins are not requests. */
const requestSubtypes = new Set([undefined, null, 'file_share', 'thread_broadcast']);

/**
 * Direct messages to the app (`message.im`): a link, an ID or a trace file, or `cluster [window]`;
 * anything else gets the help text.
 */
export function registerDirectMessage(app: App, context: HandlerContext): void {
  app.message(async ({ message: rawMessage, body, client }) => {
    const parsed = messageLikeSchema.safeParse(rawMessage);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.channel_type !== 'im' || !message.channel) return;
    if (message.bot_id || !requestSubtypes.has(message.subtype)) return;
    const envelope = envelopeSchema.parse(body);
    const channel = message.channel;
    const eventId = envelope.event_id ?? `im:${channel}:${message.ts}`;
    const scope = { platform: 'slack' as const, workspaceId: envelope.team_id ?? null, channelId: channel };
    context.runInBackground(eventId, async () => {
      const threadTs = message.thread_ts ?? message.ts;
      if (await answeredAsClusterRequest(context, client, message, { channel, threadTs }, scope, eventId)) return;
      const subjects = subjectsOf(context, message);
      if (subjects.length === 0) {
        const help = renderHelp(slashCommand);
        await client.chat.postMessage({ channel, thread_ts: threadTs, text: help.text, blocks: help.blocks });
        return;
      }
      for (const subject of subjects) {
        await replyInThread(context, client, { channel, threadTs }, subject, scope, eventId);
      }
    });
  });
}
