import type { ChatClusterSummary } from '../../src/cluster/index.js';
import { parseWindow } from '../../src/cluster/index.js';
import { TracehoundError } from '../../src/errors/index.js';
import type { TriageScope } from '../../src/triage/triage-service.js';
import type { HandlerContext, SlackClient } from './handler-context.js';
import { renderClusterError, renderClusterProgress, renderClusterSummary } from './render/cluster-blocks.js';
import { code, section } from './render/mrkdwn.js';
import type { RenderedMessage } from './render/report-blocks.js';

export const defaultClusterWindow = '7d';
/** Progress edits at most this often: chat.update is rate-limited, and a reader needs no more. */
export const defaultClusterProgressIntervalMs = 3_000;
/** A chat answer that takes longer than this stops and reports what it has. */
export const clusterTimeoutMs = 10 * 60 * 1000;

export type ClusterWindow = { ok: true; window: string } | { ok: false; rendered: RenderedMessage };

/** The window as asked for (`7d` when none), or the reply that explains a window the core cannot read. */
export function clusterWindowOf(text: string | null): ClusterWindow {
  const window = (text ?? defaultClusterWindow).trim().toLowerCase();
  try {
    parseWindow(window, 'the cluster window');
    return { ok: true, window };
  } catch {
    const message = `${code(text ?? '')} is not a time window. Give a number and a unit: \`30m\`, \`12h\`, \`7d\` or \`2w\` (for example \`/triage cluster 7d\`).`;
    return {
      ok: false,
      rendered: {
        text: `Not a time window: ${(text ?? '').slice(0, 40)}`,
        blocks: [section(`:warning: ${message}`, 'error')],
      },
    };
  }
}

/** `cluster`, `cluster 7d` in a mention or DM (after the mentions are removed); null for anything else. */
export function clusterRequestIn(text: string): { window: string | null } | null {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
  if (words[0]?.toLowerCase() !== 'cluster' || words.length > 2) return null;
  return { window: words[1] ?? null };
}

/**
 * Runs the core's cluster analysis for the scope and renders the answer (or the error). Progress is
 * passed to `showProgress` at most every `clusterProgressIntervalMs`, never two at once, and always
 * settled before this returns, so the final edit cannot be overwritten by a late progress edit.
 */
export async function clusterAndRender(
  context: HandlerContext,
  window: string,
  scope: TriageScope,
  eventId: string,
  showProgress?: (message: RenderedMessage) => Promise<unknown>,
): Promise<RenderedMessage> {
  const signal = AbortSignal.any([AbortSignal.timeout(clusterTimeoutMs), context.stopping]);
  let lastShownAt = Date.now();
  let inFlight: Promise<void> | null = null;
  const onProgress = (progress: { done: number; total: number; failed: number }): void => {
    if (!showProgress || inFlight || Date.now() - lastShownAt < context.clusterProgressIntervalMs) return;
    lastShownAt = Date.now();
    inFlight = showProgress(renderClusterProgress(window, progress))
      .then(
        () => {},
        (error: unknown) => {
          context.logger.warn(
            { eventId, error: error instanceof Error ? error.message : String(error) },
            'a cluster progress update failed',
          );
        },
      )
      .finally(() => {
        inFlight = null;
      });
  };
  let summary: ChatClusterSummary;
  try {
    summary = await context.triageService.clusterFailures({ window, onProgress, signal }, scope);
  } catch (error) {
    const known = TracehoundError.isInstance(error);
    context.logger[known ? 'info' : 'error'](
      { eventId, code: known ? error.code : null, error: error instanceof Error ? error.name : typeof error },
      'cluster analysis ended with an error reply',
    );
    await inFlight;
    return renderClusterError(error, window);
  }
  await inFlight;
  const note = signal.aborted
    ? 'The analysis was stopped before every run was read (it ran too long, or the service is restarting); the counts cover the runs read until then.'
    : undefined;
  return renderClusterSummary(summary, { window, ...(note ? { note } : {}) });
}

export interface ClusterReplyTarget {
  channel: string;
  /** The thread to answer in; absent for `/triage cluster`, whose answer is a new channel message. */
  threadTs?: string;
}

/** Posts "Clustering runs from the last 7 days…" and returns its ts, for `updateWithClusters`. */
export async function postClusterPlaceholder(
  client: SlackClient,
  target: ClusterReplyTarget,
  window: string,
): Promise<string> {
  const placeholder = renderClusterProgress(window, null);
  const posted = await client.chat.postMessage({
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text: placeholder.text,
    blocks: placeholder.blocks,
  });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts');
  return posted.ts;
}

/** Runs the analysis and keeps the message `ts` current: progress while it runs, then the result. */
export async function updateWithClusters(
  context: HandlerContext,
  client: SlackClient,
  place: { channel: string; ts: string },
  window: string,
  scope: TriageScope,
  eventId: string,
): Promise<void> {
  const update = (message: RenderedMessage) =>
    client.chat.update({ channel: place.channel, ts: place.ts, text: message.text, blocks: message.blocks });
  const result = await clusterAndRender(context, window, scope, eventId, update);
  await update(result);
}

/** "Clustering runs from the last 7 days…" posted at once, then updated in place with progress and the result. */
export async function postClusterReply(
  context: HandlerContext,
  client: SlackClient,
  target: ClusterReplyTarget,
  window: string,
  scope: TriageScope,
  eventId: string,
): Promise<void> {
  const ts = await postClusterPlaceholder(client, target, window);
  await updateWithClusters(context, client, { channel: target.channel, ts }, window, scope, eventId);
}
