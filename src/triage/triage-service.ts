import type { ChatClusterSummary } from '../cluster/summarise-for-chat.js';
import type { TraceFormat } from '../model/trace.js';
import type { Report } from '../report/report.js';

/** Who asks, so that access rules (backends per workspace/team and channel) can apply. */
export interface TriageScope {
  platform: 'slack' | 'teams' | 'cli';
  /** Slack workspace (team) ID or Teams team ID; null in DMs without one, or on the CLI. */
  workspaceId: string | null;
  channelId: string | null;
}

export type TriageInput =
  /** A link or trace ID as a person typed it (Slack `<url|label>` and Teams HTML are unwrapped). */
  | { kind: 'reference'; text: string }
  /** An attached or exported trace file. */
  | { kind: 'file'; name: string; bytes: Uint8Array };

export interface TriageResult {
  report: Report;
  trace: {
    traceId: string | null;
    format: TraceFormat;
    spanCount: number;
    /** File name, or the configured backend's name. */
    source: string;
    traceUrl: string | null;
  };
  /**
   * Other runs analysed with the same failure mode (same signature) in the recent window, so a reply
   * can say "the 12th run this week with this mode". Null when the run has no root cause or no
   * history is kept.
   */
  similarRuns: SimilarRuns | null;
}

export interface SimilarRuns {
  /** The failure signature's stable ID, the same as the cluster ID `tracehound cluster` prints. */
  clusterId: string;
  /** The cluster's human label (`tool-args: order_id drifted by transposition in lookup_order`). */
  label: string;
  /** Distinct runs with this mode in the window, this one included. */
  count: number;
  /** The window in days. */
  windowDays: number;
}

export interface ClusterRequest {
  /** `30m`, `12h`, `7d`, `2w`; the default is 7 days. */
  window?: string;
  /** Clusters to include in the summary. */
  top?: number;
  signal?: AbortSignal;
  /** Called as runs are fetched and analysed, so a chat reply can show progress. */
  onProgress?: (progress: { done: number; total: number; failed: number }) => void;
}

/**
 * What the chat adapters call: everything from "a person pasted this" to a report. Implementations
 * throw a TracehoundError (code `trace_not_found`, `link_refused`, `backend_timeout`, …) that the
 * adapters turn into a reply.
 */
export interface TriageService {
  /** The links and trace IDs in a message, in order of appearance, deduplicated. Empty when there are none. */
  findReferences(text: string): string[];
  triage(input: TriageInput, scope: TriageScope, signal?: AbortSignal): Promise<TriageResult>;
  /**
   * The failure modes of every run in the window that the scope's backends hold: the embedded store's
   * runs, and the failed runs each backend's search finds. Throws an InputError for a bad window.
   */
  clusterFailures(request: ClusterRequest, scope: TriageScope): Promise<ChatClusterSummary>;
}
