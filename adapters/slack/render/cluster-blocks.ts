import type { ChatClusterSummary } from '../../../src/cluster/index.js';
import { type ErrorCode, TracehoundError } from '../../../src/errors/index.js';
import { renderErrorBlocks } from './error-blocks.js';
import {
  type Block,
  code,
  context,
  escapeText,
  fitBlocks,
  header,
  section,
  shortValue,
  slackLimits,
  truncate,
} from './mrkdwn.js';
import type { RenderedMessage } from './report-blocks.js';

const unitNames = { m: 'minute', h: 'hour', d: 'day', w: 'week' } as const;

/** `7d` → "the last 7 days", `1d` → "the last day" (the window is already validated). */
export function describeWindow(window: string): string {
  const match = /^(\d+)\s*([mhdw])$/i.exec(window.trim());
  if (!match) return `the last ${window}`;
  const amount = Number(match[1]);
  const unit = unitNames[(match[2] ?? 'd').toLowerCase() as keyof typeof unitNames];
  return amount === 1 ? `the last ${unit}` : `the last ${amount} ${unit}s`;
}

/**
 * A link in mrkdwn to a trace UI, or null when the URL cannot be written safely: only http(s), with the
 * characters that end a `<url|label>` token percent-encoded and `&` escaped as Slack expects.
 */
export function mrkdwnLink(url: string, label: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const href = parsed.href.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/&/g, '&amp;');
  if (href.length > slackLimits.buttonUrl) return null;
  return `<${href}|${escapeText(label.replace(/[|\r\n]/g, ' '))}>`;
}

/** Slack's date token shows the time in each reader's own time zone; the fallback is UTC. */
function slackDate(iso: string | null): string | null {
  if (iso === null) return null;
  const milliseconds = Date.parse(iso);
  if (Number.isNaN(milliseconds)) return null;
  const fallback = new Date(milliseconds).toISOString().slice(0, 16).replace('T', ' ');
  return `<!date^${Math.floor(milliseconds / 1000)}^{date_short_pretty} {time}|${fallback} UTC>`;
}

type ChatCluster = ChatClusterSummary['clusters'][number];

function clusterSection(cluster: ChatCluster, position: number): Block {
  const runs = `${cluster.count} run${cluster.count === 1 ? '' : 's'}`;
  const lastSeen = slackDate(cluster.lastSeen);
  const facts = [`layer ${code(cluster.layer)}`, runs, `${cluster.sharePercent}% of failures`];
  if (lastSeen) facts.push(`last seen ${lastSeen}`);
  const lines = [
    `*${position}. ${escapeText(shortValue(cluster.label, 200))}*`,
    facts.join(' · '),
    `*Fix:* ${escapeText(shortValue(cluster.suggestedFix, 900))}`,
  ];
  const withoutLinks = lines.join('\n');
  if (cluster.examples.length === 0) return section(withoutLinks, `cluster_${position}`);
  const plain = cluster.examples.map((example) => code(shortValue(example.traceId, 64)));
  const linked = cluster.examples.map(
    (example, index) =>
      (example.traceUrl ? mrkdwnLink(example.traceUrl, shortValue(example.traceId, 64)) : null) ?? plain[index] ?? '',
  );
  // A cut through a link would leave a broken token: fall back to bare IDs when the links do not fit.
  const withLinks = `${withoutLinks}\n*Examples:* ${linked.join(' · ')}`;
  const text =
    withLinks.length <= slackLimits.sectionText ? withLinks : `${withoutLinks}\n*Examples:* ${plain.join(' · ')}`;
  return section(text, `cluster_${position}`);
}

export interface ClusterRenderOptions {
  /** The window as asked for (`7d`). */
  window: string;
  /** Said under the result, e.g. that the analysis stopped early. */
  note?: string;
}

/**
 * The top failure modes of a window (pure): a headline, then per cluster its label, layer token, count
 * and share, last seen, suggested fix and up to three example trace links; the footnote last. Everything
 * that comes from traces is escaped, and the message stays within Block Kit's limits.
 */
export function renderClusterSummary(summary: ChatClusterSummary, options: ClusterRenderOptions): RenderedMessage {
  const title = `Failure modes in ${describeWindow(options.window)}`;
  const blocks: Block[] = [header(title), section(escapeText(summary.headline), 'cluster_headline')];
  summary.clusters.forEach((cluster, index) => {
    blocks.push(clusterSection(cluster, index + 1));
  });
  const notes: string[] = [];
  if (summary.footnote) notes.push(escapeText(summary.footnote));
  if (options.note) notes.push(escapeText(options.note));
  notes.push(`Every cluster: \`tracehound cluster --since ${escapeText(options.window)} --json\``);
  blocks.push(context([notes.join(' ')]));
  const top = summary.clusters[0];
  const fallback = top
    ? `${title}: ${summary.headline} Top: ${shortValue(top.label, 200)} (${top.count} runs).`
    : `${title}: ${summary.headline}`;
  return { text: truncate(escapeText(fallback), slackLimits.fallbackText), blocks: fitBlocks(blocks) };
}

/** The message posted at once and updated in place as runs are fetched and analysed. */
export function renderClusterProgress(
  window: string,
  progress: { done: number; total: number; failed: number } | null,
): RenderedMessage {
  const about = `Clustering runs from ${describeWindow(window)}`;
  const counts = progress
    ? `: ${progress.done} of ${progress.total} runs read and analysed, ${progress.failed} failed so far…`
    : '…';
  const text = `${about}${counts}`;
  return { text, blocks: [section(`:hourglass_flowing_sand: ${text}`, 'cluster_progress')] };
}

const clusterErrorAdvice: Partial<Record<ErrorCode, { title: string; advice: string }>> = {
  backend_timeout: {
    title: 'A trace backend was too slow to answer the search for failed runs',
    advice: 'Try a shorter window (`/triage cluster 1d`), or again in a minute.',
  },
  backend_failed: {
    title: 'A trace backend failed while searching for failed runs',
    advice: 'Try again later; `tracehound cluster --since 7d` on the service host shows the error.',
  },
  backend_unavailable: {
    title: 'A trace backend is down or unreachable',
    advice: 'Try again once it is back; the runs the embedded store holds can still be clustered from the CLI.',
  },
  backend_bad_response: {
    title: 'A trace backend answered the search for failed runs with something unreadable',
    advice: 'Ask whoever runs tracehound to check the backend’s version and the service log.',
  },
  trace_not_found: {
    title: 'A trace backend failed while searching for failed runs',
    advice: 'It has no search for this window. Try again later, or ask whoever runs tracehound to check its log.',
  },
  backend_auth: {
    title: 'tracehound could not sign in to a trace backend',
    advice: 'Its credentials were refused. Ask whoever runs tracehound to check the backend’s token or password.',
  },
  backend_rate_limited: {
    title: 'A trace backend is rate-limiting tracehound',
    advice: 'Try again in a few minutes, or with a shorter window.',
  },
};

/** A failed cluster analysis as a reply that says what happened and what to do (pure). */
export function renderClusterError(error: unknown, window: string): RenderedMessage {
  const known = TracehoundError.isInstance(error) ? clusterErrorAdvice[error.code] : undefined;
  if (!known) return renderErrorBlocks(error, `cluster ${window}`);
  const about = `Failure modes in ${describeWindow(window)}`;
  return {
    text: `${about}: ${known.title}`,
    blocks: [section(`:warning: *${known.title}*\n${known.advice}`, 'error')],
  };
}
