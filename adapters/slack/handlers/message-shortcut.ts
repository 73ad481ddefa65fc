import type { App } from '@slack/bolt';
import type { HandlerContext } from '../handler-context.js';
import { renderNothingToTriage } from '../render/error-blocks.js';
import { messageShortcutSchema } from '../slack-payloads.js';
import { messageShortcutCallbackId } from '../surface.js';
import { replyInThread, subjectsOf } from '../triage-reply.js';

/** "Triage this trace" on any message: the reply goes in that message's thread. */
export function registerMessageShortcut(app: App, context: HandlerContext): void {
  app.shortcut(messageShortcutCallbackId, async ({ shortcut, ack, client }) => {
    await ack();
    const payload = messageShortcutSchema.parse(shortcut);
    const channel = payload.channel.id;
    const threadTs = payload.message.thread_ts ?? payload.message.ts;
    const eventId = `shortcut:${payload.trigger_id}`;
    context.runInBackground(eventId, async () => {
      const subjects = subjectsOf(context, payload.message);
      if (subjects.length === 0) {
        // Only the person who used the shortcut needs to hear that the message had nothing to triage.
        const nothing = renderNothingToTriage();
        await client.chat.postEphemeral({
          channel,
          user: payload.user.id,
          thread_ts: threadTs,
          text: nothing.text,
          blocks: nothing.blocks,
        });
        return;
      }
      const scope = { platform: 'slack' as const, workspaceId: payload.team?.id ?? null, channelId: channel };
      for (const subject of subjects) {
        await replyInThread(context, client, { channel, threadTs }, subject, scope, eventId);
      }
    });
  });
}
