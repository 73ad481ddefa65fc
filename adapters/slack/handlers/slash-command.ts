import type { App, RespondFn, webApi } from '@slack/bolt';
import type { TriageScope } from '../../../src/triage/triage-service.js';
import { clusterAndRender, clusterWindowOf, postClusterPlaceholder, updateWithClusters } from '../cluster-reply.js';
import type { HandlerContext, SlackClient } from '../handler-context.js';
import { platformError } from '../platform-error.js';
import { renderClusterProgress } from '../render/cluster-blocks.js';
import { renderHelp, renderPlaceholder } from '../render/error-blocks.js';
import { section } from '../render/mrkdwn.js';
import { renderReportSummary } from '../render/report-blocks.js';
import { slashCommandSchema } from '../slack-payloads.js';
import { slashCommand } from '../surface.js';
import { type TriageSubject, triageAndRender } from '../triage-reply.js';

export type SlashRequest =
  | { kind: 'help' }
  | { kind: 'cluster'; window: string | null; private: boolean }
  | { kind: 'triage'; reference: string; private: boolean };

/** `/triage help`, `/triage [private] cluster [window]`, `/triage [private] <link|id>` (pure). */
export function parseSlashText(text: string): SlashRequest {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  const first = words[0]?.toLowerCase();
  if (!first || first === 'help') return { kind: 'help' };
  if (first === 'cluster') return { kind: 'cluster', window: words[1] ?? null, private: false };
  if (first === 'private' || first === '--private') {
    if (words[1]?.toLowerCase() === 'cluster') return { kind: 'cluster', window: words[2] ?? null, private: true };
    const rest = words.slice(1).join(' ');
    return rest ? { kind: 'triage', reference: rest, private: true } : { kind: 'help' };
  }
  return { kind: 'triage', reference: words.join(' '), private: false };
}

/** The app cannot post in channels it is not in; the asker then gets the answer privately instead. */
const notPostableHere = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);
const notInChannelNote =
  ':information_source: I am not in this channel, so only you see this. Invite me (`/invite @tracehound`) to post answers here.';

async function answerPrivately(
  context: HandlerContext,
  respond: RespondFn,
  subject: TriageSubject,
  scope: TriageScope,
  eventId: string,
  note: string | null,
): Promise<void> {
  const outcome = await triageAndRender(context, subject, scope, eventId);
  const blocks = note ? [section(note), ...outcome.rendered.blocks].slice(0, 50) : outcome.rendered.blocks;
  await respond({ response_type: 'ephemeral', replace_original: true, text: outcome.rendered.text, blocks });
}

/**
 * Slash commands cannot run in threads, so the placeholder is a new channel message, updated in place
 * with a one-line verdict, and the full report goes in its thread.
 */
async function answerInChannel(
  context: HandlerContext,
  client: SlackClient,
  respond: RespondFn,
  channel: string,
  subject: TriageSubject,
  scope: TriageScope,
  eventId: string,
): Promise<void> {
  const label = subject.kind === 'reference' ? subject.text : subject.file.name;
  const placeholder = renderPlaceholder(label);
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await client.chat.postMessage({ channel, text: placeholder.text, blocks: placeholder.blocks });
  } catch (error) {
    const code = platformError(error);
    if (code === null || !notPostableHere.has(code)) throw error;
    await answerPrivately(context, respond, subject, scope, eventId, notInChannelNote);
    return;
  }
  const ts = posted.ts;
  if (!ts) throw new Error('chat.postMessage returned no ts');
  const outcome = await triageAndRender(context, subject, scope, eventId);
  if (outcome.ok) {
    const summary = renderReportSummary(outcome.report, outcome.similarRuns);
    await client.chat.update({ channel, ts, text: summary.text, blocks: summary.blocks });
    await client.chat.postMessage({
      channel,
      thread_ts: ts,
      text: outcome.rendered.text,
      blocks: outcome.rendered.blocks,
    });
  } else {
    await client.chat.update({ channel, ts, text: outcome.rendered.text, blocks: outcome.rendered.blocks });
  }
}

/** `/triage cluster [window]`: a new channel message kept current; privately when the app is not in the channel. */
async function answerClusterInChannel(
  context: HandlerContext,
  client: SlackClient,
  respond: RespondFn,
  channel: string,
  window: string,
  scope: TriageScope,
  eventId: string,
): Promise<void> {
  let ts: string;
  try {
    ts = await postClusterPlaceholder(client, { channel }, window);
  } catch (error) {
    const code = platformError(error);
    if (code === null || !notPostableHere.has(code)) throw error;
    const result = await clusterAndRender(context, window, scope, eventId);
    await respond({
      response_type: 'ephemeral',
      replace_original: true,
      text: result.text,
      blocks: [section(notInChannelNote), ...result.blocks].slice(0, 50),
    });
    return;
  }
  await updateWithClusters(context, client, { channel, ts }, window, scope, eventId);
}

export function registerSlashCommand(app: App, context: HandlerContext): void {
  app.command(slashCommand, async ({ command, ack, client, respond }) => {
    const payload = slashCommandSchema.parse(command);
    const request = parseSlashText(payload.text);
    if (request.kind === 'help') {
      const help = renderHelp(slashCommand);
      await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
      return;
    }
    const scope = { platform: 'slack' as const, workspaceId: payload.team_id ?? null, channelId: payload.channel_id };
    const eventId = `command:${payload.trigger_id}`;
    if (request.kind === 'cluster') {
      const window = clusterWindowOf(request.window);
      if (!window.ok) {
        await ack({ response_type: 'ephemeral', text: window.rendered.text, blocks: window.rendered.blocks });
        return;
      }
      if (request.private) {
        // response_url takes five answers at most, so a private answer shows no progress, only the result.
        const placeholder = renderClusterProgress(window.window, null);
        await ack({ response_type: 'ephemeral', text: placeholder.text, blocks: placeholder.blocks });
        context.runInBackground(eventId, async () => {
          const result = await clusterAndRender(context, window.window, scope, eventId);
          await respond({
            response_type: 'ephemeral',
            replace_original: true,
            text: result.text,
            blocks: result.blocks,
          });
        });
        return;
      }
      await ack();
      context.runInBackground(eventId, () =>
        answerClusterInChannel(context, client, respond, payload.channel_id, window.window, scope, eventId),
      );
      return;
    }
    const subject: TriageSubject = { kind: 'reference', text: request.reference };
    if (request.private) {
      const placeholder = renderPlaceholder(request.reference);
      await ack({ response_type: 'ephemeral', text: placeholder.text, blocks: placeholder.blocks });
      context.runInBackground(eventId, () => answerPrivately(context, respond, subject, scope, eventId, null));
      return;
    }
    await ack();
    context.runInBackground(eventId, () =>
      answerInChannel(context, client, respond, payload.channel_id, subject, scope, eventId),
    );
  });
}
