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
}
