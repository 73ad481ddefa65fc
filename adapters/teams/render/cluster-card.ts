import type { ChatClusterSummary } from '../../../src/cluster/summarise-for-chat.js';
import { escapeCardText, truncateText } from './escape-card-text.js';
import { type AdaptiveCard, MAX_CARD_BYTES } from './report-card.js';

const safe = (text: string, limit: number): string => escapeCardText(truncateText(text, limit));

export interface ClusterProgress {
  done: number;
  total: number;
  failed: number;
}

/** The "clustering …" placeholder, updated in place with counts as runs are fetched and analysed. */
export function renderClusterProgressCard(window: string, progress: ClusterProgress | null): AdaptiveCard {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: `Clustering failures from the last ${safe(window, 20)}…`, weight: 'Bolder', wrap: true },
  ];
  if (progress !== null) {
    body.push({
      type: 'TextBlock',
      text: `${progress.done} of ${progress.total} runs analysed, ${progress.failed} failed so far.`,
      wrap: true,
      isSubtle: true,
    });
  }
  return { type: 'AdaptiveCard', version: '1.5', body };
}

/** A bad `cluster` window: what was wrong and what is accepted. */
export function renderBadWindowCard(window: string): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      {
        type: 'Container',
        style: 'attention',
        items: [
          { type: 'TextBlock', text: `${safe(window, 40)} is not a time window`, weight: 'Bolder', wrap: true },
          {
            type: 'TextBlock',
            text: 'Use a number and a unit: 30m, 12h, 7d or 2w (the default is 7d), e.g. cluster 7d.',
            wrap: true,
          },
        ],
      },
    ],
  };
}

/** https only, and short enough that a button cannot blow the card's size limit. */
function isLink(url: string | null): url is string {
  return url !== null && url.length <= 2_048 && /^https:\/\//.test(url);
}

/** The top failure modes as an Adaptive Card: per mode its label, layer, share, the fix and example runs. */
export function renderClusterCard(summary: ChatClusterSummary, window: string): AdaptiveCard {
  for (const [limit, examples] of [
    [600, 3],
    [200, 2],
    [80, 1],
  ] as const) {
    const card = buildClusterCard(summary, window, limit, examples);
    if (Buffer.byteLength(JSON.stringify(card)) <= MAX_CARD_BYTES) return card;
  }
  return buildClusterCard({ ...summary, clusters: summary.clusters.slice(0, 3) }, window, 40, 1);
}

function buildClusterCard(
  summary: ChatClusterSummary,
  window: string,
  limit: number,
  examplesShown: number,
): AdaptiveCard {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: `Failure modes, last ${safe(window, 20)}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    { type: 'TextBlock', text: safe(summary.headline, 300), wrap: true },
  ];
  summary.clusters.forEach((cluster, index) => {
    const examples = cluster.examples.slice(0, examplesShown);
    const items: Record<string, unknown>[] = [
      {
        type: 'TextBlock',
        text: `${index + 1}. ${safe(cluster.label, limit)}`,
        weight: 'Bolder',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: [
          { title: 'Layer', value: `\`${cluster.layer}\`` },
          { title: 'Runs', value: `${cluster.count} (${cluster.sharePercent}% of failures)` },
          ...(cluster.lastSeen === null ? [] : [{ title: 'Last seen', value: safe(cluster.lastSeen, 40) }]),
          { title: 'Fix', value: safe(cluster.suggestedFix, limit) },
        ],
      },
    ];
    const linked = examples.filter((example) => isLink(example.traceUrl));
    const unlinked = examples.filter((example) => !isLink(example.traceUrl));
    if (unlinked.length > 0) {
      items.push({
        type: 'TextBlock',
        text: `Examples: ${unlinked.map((example) => safe(example.traceId, 64)).join(', ')}`,
        wrap: true,
        isSubtle: true,
      });
    }
    if (linked.length > 0) {
      items.push({
        type: 'ActionSet',
        actions: linked.map((example, exampleIndex) => ({
          type: 'Action.OpenUrl',
          title: linked.length === 1 ? 'Open trace' : `Open trace ${exampleIndex + 1}`,
          url: example.traceUrl,
        })),
      });
    }
    body.push({ type: 'Container', separator: true, spacing: 'Medium', items });
  });
  if (summary.footnote !== null) {
    body.push({ type: 'TextBlock', text: safe(summary.footnote, 300), wrap: true, isSubtle: true });
  }
  return { type: 'AdaptiveCard', version: '1.5', body };
}
