import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Report } from '../../src/report/report.js';
import type { ReportCache } from '../../src/report/report-cache.js';
import type { FeedbackStore } from '../../src/store/feedback-store.js';
import type { TriageService } from '../../src/triage/triage-service.js';
import type { SlackConfig } from './config.js';

/** What every handler shares: the core, the app's settings and state, and how to run work after the ack. */
export interface HandlerContext {
  config: SlackConfig;
  triageService: TriageService;
  feedbackStore: FeedbackStore;
  logger: Logger;
  reports: ReportCache;
  /** Thread replies already posted, by `channel:thread:subject`, so a repeat updates the same message. */
  threadReplies: Map<string, string>;
  /** Applied to every report before it is posted anywhere. */
  redact: (report: Report) => Report;
  /** Runs work after Slack has been answered; failures are logged with the event ID. */
  runInBackground: (eventId: string, work: () => Promise<void>) => void;
  fetch: typeof globalThis.fetch;
  /** Least time between two progress edits of a cluster answer. */
  clusterProgressIntervalMs: number;
  /** Aborted when the app stops, so long work (cluster analysis) ends instead of holding the shutdown. */
  stopping: AbortSignal;
}

export type SlackClient = webApi.WebClient;
