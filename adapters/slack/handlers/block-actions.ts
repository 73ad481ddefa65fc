import type { App } from '@slack/bolt';
import type { FeedbackVerdict } from '../../../src/store/feedback-store.js';
import type { HandlerContext, SlackClient } from '../handler-context.js';
import { type BlockAction, blockActionSchema } from '../slack-payloads.js';
import { actionIds } from '../surface.js';
import { replyInThread } from '../triage-reply.js';

const feedbackVerdicts: Record<string, FeedbackVerdict> = {
  [actionIds.feedbackRight]: 'right',
  [actionIds.feedbackWrongSpan]: 'wrong-span',
  [actionIds.feedbackWrongLayer]: 'wrong-layer',
};

function whereClicked(action: BlockAction): { channel: string; messageTs: string; threadTs: string | null } | null {
  const channel = action.channel?.id ?? action.container?.channel_id;
  const messageTs = action.container?.message_ts ?? action.message?.ts;
  if (!channel || !messageTs) return null;
  return { channel, messageTs, threadTs: action.container?.thread_ts ?? action.message?.thread_ts ?? null };
}

async function tellUser(client: SlackClient, action: BlockAction, text: string): Promise<void> {
  const place = whereClicked(action);
  if (!place) return;
  await client.chat.postEphemeral({
    channel: place.channel,
    user: action.user.id,
    text,
    ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
  });
}

/** Feedback buttons: the click is recorded with the trace and the report the user saw. */
function registerFeedback(app: App, context: HandlerContext): void {
  for (const actionId of Object.keys(feedbackVerdicts)) {
    app.action(actionId, async ({ ack, body, client }) => {
      await ack();
      const action = blockActionSchema.parse(body);
      const verdict = feedbackVerdicts[action.actions[0]?.action_id ?? ''];
      const reportKey = action.actions[0]?.value ?? '';
      const eventId = `action:${action.trigger_id ?? reportKey}`;
      context.runInBackground(eventId, async () => {
        const cached = context.reports.find(reportKey);
        if (!cached || !verdict) {
          await tellUser(
            client,
            action,
            'That report is too old to rate here; run the triage again and rate the new one.',
          );
          return;
        }
        context.feedbackStore.recordFeedback({
          platform: 'slack',
          userId: action.user.id,
          traceId: cached.traceId,
          verdict,
          report: cached.report,
          recordedAt: Date.now(),
        });
        await tellUser(client, action, `Thanks: recorded "${verdict}" for this report.`);
      });
    });
  }
}

/** "Run again" on a partial trace: the same message is updated in place. */
function registerRerun(app: App, context: HandlerContext): void {
  app.action(actionIds.rerun, async ({ ack, body, client }) => {
    await ack();
    const action = blockActionSchema.parse(body);
    const reference = action.actions[0]?.value;
    const place = whereClicked(action);
    if (!reference || !place || action.container?.is_ephemeral) return;
    const eventId = `action:${action.trigger_id ?? place.messageTs}`;
    const scope = { platform: 'slack' as const, workspaceId: action.team?.id ?? null, channelId: place.channel };
    context.runInBackground(eventId, () =>
      replyInThread(
        context,
        client,
        { channel: place.channel, threadTs: place.threadTs ?? place.messageTs, existingTs: place.messageTs },
        { kind: 'reference', text: reference },
        scope,
        eventId,
      ),
    );
  });
}

/** "Full triage in thread" on an unfurl card: the report goes in the thread of the message holding the link. */
function registerTriageInThread(app: App, context: HandlerContext): void {
  app.action(actionIds.triageInThread, async ({ ack, body, client }) => {
    await ack();
    const action = blockActionSchema.parse(body);
    const reference = action.actions[0]?.value;
    const place = whereClicked(action);
    if (!reference || !place) return;
    const eventId = `action:${action.trigger_id ?? place.messageTs}`;
    const scope = { platform: 'slack' as const, workspaceId: action.team?.id ?? null, channelId: place.channel };
    context.runInBackground(eventId, () =>
      replyInThread(
        context,
        client,
        { channel: place.channel, threadTs: place.threadTs ?? place.messageTs },
        { kind: 'reference', text: reference },
        scope,
        eventId,
      ),
    );
  });
}

export function registerBlockActions(app: App, context: HandlerContext): void {
  registerFeedback(app, context);
  registerRerun(app, context);
  registerTriageInThread(app, context);
  // A link button still sends an action; it only needs acknowledging.
  app.action(actionIds.openTrace, async ({ ack }) => {
    await ack();
  });
}
