import type { Report } from '../report/report.js';

export type FeedbackVerdict = 'right' | 'wrong-span' | 'wrong-layer';

export interface FeedbackRecord {
  platform: 'slack' | 'teams';
  /** The user's platform ID (not their name). */
  userId: string;
  traceId: string | null;
  verdict: FeedbackVerdict;
  /** The report as the user saw it. */
  report: Report;
  /** Milliseconds since the Unix epoch. */
  recordedAt: number;
}

/** Where feedback buttons are recorded, with the trace and the report they judged. */
export interface FeedbackStore {
  recordFeedback(record: FeedbackRecord): void;
}
