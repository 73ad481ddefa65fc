import type { App, RespondFn, webApi } from '@slack/bolt';
import type { TriageScope } from '../../../src/triage/triage-service.js';
import type { HandlerContext, SlackClient } from '../handler-context.js';
import { platformError } from '../platform-error.js';
import { renderHelp, renderPlaceholder } from '../render/error-blocks.js';
import { section } from '../render/mrkdwn.js';
import { renderReportSummary } from '../render/report-blocks.js';
import { slashCommandSchema } from '../slack-payloads.js';
import { slashCommand } from '../surface.js';
import { type TriageSubject, triageAndRender } from '../triage-reply.js';

export type SlashRequest =
  | { kind: 'help' }
  | { kind: 'cluster'; window: string | null }
  | { kind: 'triage'; reference: string; private: boolean };

/** `/triage help`, `/triage cluster [window]`, `/triage [private] <link|id>` (pure). */
export function parseSlashText(text: string): SlashRequest {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  const first = words[0]?.toLowerCase();
  if (!first || first === 'help') return { kind: 'help' };
  if (first === 'cluster') return { kind: 'cluster', window: words[1] ?? null };
  if (first === 'private' || first === '--private') {
    const rest = words.slice(1).join(' ');
    return rest ? { kind: 'triage', reference: rest, private: true } : { kind: 'help' };
  }
  return { kind: 'triage', reference: words.join(' '), private: false };
}

/** The app cannot post in channels it is not in; the asker then gets the answer privately instead. */
const notPostableHere = new Set(['not_in_channel', 'channel_not_found', 'is_archived']);

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
    await answerPrivately(
      context,
      respond,
      subject,
      scope,
      eventId,
      ':information_source: I am not in this channel, so only you see this. Invite me (`/invite @tracehound`) to post answers here.',
    );
    return;
  }
  const ts = posted.ts;
  if (!ts) throw new Error('chat.postMessage returned no ts');
  const outcome = await triageAndRender(context, subject, scope, eventId);
  if (outcome.ok) {
    const summary = renderReportSummary(outcome.report);
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

export function registerSlashCommand(app: App, context: HandlerContext): void {
  app.command(slashCommand, async ({ command, ack, client, respond }) => {
    const payload = slashCommandSchema.parse(command);
    const request = parseSlashText(payload.text);
    if (request.kind === 'help') {
      const help = renderHelp(slashCommand);
      await ack({ response_type: 'ephemeral', text: help.text, blocks: help.blocks });
      return;
    }
    if (request.kind === 'cluster') {
      await ack({
        response_type: 'ephemeral',
        text: 'Cluster analysis is not available in Slack yet; run `tracehound cluster --since 7d` meanwhile.',
      });
      return;
    }
    const subject: TriageSubject = { kind: 'reference', text: request.reference };
    const scope = { platform: 'slack' as const, workspaceId: payload.team_id ?? null, channelId: payload.channel_id };
    const eventId = `command:${payload.trigger_id}`;
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
