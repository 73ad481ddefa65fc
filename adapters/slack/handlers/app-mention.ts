import type { App } from '@slack/bolt';
import type { TriageScope } from '../../../src/triage/triage-service.js';
import { clusterRequestIn, clusterWindowOf, postClusterReply } from '../cluster-reply.js';
import type { HandlerContext, SlackClient } from '../handler-context.js';
import { renderNothingToTriage } from '../render/error-blocks.js';
import { envelopeSchema, type MessageLike, messageLikeSchema, withoutMentions } from '../slack-payloads.js';
import { replyInThread, subjectsOf, type TriageSubject } from '../triage-reply.js';

/** The thread's first message, for a mention that names no trace itself ("@tracehound look at this"). */
async function parentMessage(
  context: HandlerContext,
  client: SlackClient,
  channel: string,
  threadTs: string,
  eventId: string,
): Promise<MessageLike | null> {
  try {
    const replies = await client.conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true });
    const parsed = messageLikeSchema.safeParse(replies.messages?.[0]);
    return parsed.success ? parsed.data : null;
  } catch (error) {
    // E.g. a group DM, where the app has no history scope: answer as if the parent named nothing.
    context.logger.warn(
      { eventId, error: error instanceof Error ? error.message : String(error) },
      'could not read the parent message of a thread',
    );
    return null;
  }
}

/**
 * `cluster` or `cluster 7d` as the whole message (mentions aside): the failure modes of the window, in
 * the thread. True when the message was such a request and has been answered.
 */
export async function answeredAsClusterRequest(
  context: HandlerContext,
  client: SlackClient,
  message: MessageLike,
  target: { channel: string; threadTs: string },
  scope: TriageScope,
  eventId: string,
): Promise<boolean> {
  if ((message.files ?? []).length > 0) return false;
  const request = clusterRequestIn(withoutMentions(message.text ?? ''));
  if (!request) return false;
  const window = clusterWindowOf(request.window);
  if (!window.ok) {
    await client.chat.postMessage({
      channel: target.channel,
      thread_ts: target.threadTs,
      text: window.rendered.text,
      blocks: window.rendered.blocks,
    });
    return true;
  }
  await postClusterReply(context, client, target, window.window, scope, eventId);
  return true;
}

/**
 * `@tracehound` in a channel or thread: `cluster [window]` answers with the failure modes of the window;
 * otherwise the link, ID or file in the mention, else in the thread's parent message, is triaged. The
 * reply goes in that thread (a new thread under the mention when it has none).
 */
export async function handleMentionLike(
  context: HandlerContext,
  client: SlackClient,
  message: MessageLike,
  channel: string,
  workspaceId: string | null,
  eventId: string,
): Promise<void> {
  const threadTs = message.thread_ts ?? message.ts;
  const scope = { platform: 'slack' as const, workspaceId, channelId: channel };
  if (await answeredAsClusterRequest(context, client, message, { channel, threadTs }, scope, eventId)) return;
  let subjects: TriageSubject[] = subjectsOf(context, message);
  if (subjects.length === 0 && message.thread_ts && message.thread_ts !== message.ts) {
    const parent = await parentMessage(context, client, channel, message.thread_ts, eventId);
    if (parent) subjects = subjectsOf(context, parent);
  }
  if (subjects.length === 0) {
    const nothing = renderNothingToTriage();
    await client.chat.postMessage({ channel, thread_ts: threadTs, text: nothing.text, blocks: nothing.blocks });
    return;
  }
  for (const subject of subjects) {
    await replyInThread(context, client, { channel, threadTs }, subject, scope, eventId);
  }
}

export function registerAppMention(app: App, context: HandlerContext): void {
  app.event('app_mention', async ({ event, body, client }) => {
    const envelope = envelopeSchema.parse(body);
    const eventId = envelope.event_id ?? `mention:${event.channel}:${event.ts}`;
    const message = messageLikeSchema.parse(event);
    const channel = event.channel;
    context.runInBackground(eventId, () =>
      handleMentionLike(context, client, message, channel, envelope.team_id ?? null, eventId),
    );
  });
}
