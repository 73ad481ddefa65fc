import type { ClusterResult } from './cluster-result.js';

export interface ChatClusterSummary {
  headline: string;
  clusters: Array<{
    label: string;
    layer: string;
    count: number;
    sharePercent: number;
    lastSeen: string | null;
    suggestedFix: string;
    examples: Array<{ traceId: string; traceUrl: string | null }>;
  }>;
  footnote: string | null;
}

/** Plain structured data for the chat adapters to render (Block Kit, Adaptive Card). */
export function summariseClustersForChat(result: ClusterResult, options: { top: number }): ChatClusterSummary {
  const total = result.failed + result.healthy;
  const headline =
    result.failed === 0
      ? `No failed runs among ${total} analysed.`
      : `${result.failed} of ${total} runs failed, in ${result.clusters.length} failure mode${result.clusters.length === 1 ? '' : 's'}${
          result.outliers.length > 0
            ? ` plus ${result.outliers.length} one-off${result.outliers.length === 1 ? '' : 's'}`
            : ''
        }.`;
  const notes: string[] = [];
  if (result.clusters.length > options.top)
    notes.push(`${result.clusters.length - options.top} smaller modes not shown.`);
  const unreadable = result.unreadable.length;
  if (unreadable > 0)
    notes.push(
      `Could not read or analyse ${unreadable} input${unreadable === 1 ? '' : 's'}: ${result.unreadable
        .slice(0, 3)
        .map((entry) => entry.file)
        .join(', ')}${unreadable > 3 ? ', …' : ''}.`,
    );
  return {
    headline,
    clusters: result.clusters.slice(0, options.top).map((cluster) => ({
      label: cluster.label,
      layer: cluster.layer,
      count: cluster.count,
      sharePercent: Math.round(cluster.share * 100),
      lastSeen: cluster.lastSeen,
      suggestedFix: cluster.suggestedFix,
      examples: cluster.representatives.slice(0, 3).map((run) => ({ traceId: run.traceId, traceUrl: run.traceUrl })),
    })),
    footnote: notes.length > 0 ? notes.join(' ') : null,
  };
}
