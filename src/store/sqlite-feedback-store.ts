import type { Database } from 'better-sqlite3';
import type { FeedbackRecord, FeedbackStore } from './feedback-store.js';

export class SqliteFeedbackStore implements FeedbackStore {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  recordFeedback(record: FeedbackRecord): void {
    this.#database
      .prepare(
        `INSERT INTO feedback (platform, user_id, trace_id, verdict, report_json, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        record.platform,
        record.userId,
        record.traceId,
        record.verdict,
        JSON.stringify(record.report),
        record.recordedAt,
      );
  }

  /** Feedback recorded for one trace, oldest first (for review and tests). */
  feedbackFor(traceId: string): Array<Omit<FeedbackRecord, 'report'> & { reportJson: string }> {
    const rows = this.#database
      .prepare(
        'SELECT platform, user_id, trace_id, verdict, report_json, recorded_at FROM feedback WHERE trace_id = ? ORDER BY id',
      )
      .all(traceId) as Array<{
      platform: FeedbackRecord['platform'];
      user_id: string;
      trace_id: string | null;
      verdict: FeedbackRecord['verdict'];
      report_json: string;
      recorded_at: number;
    }>;
    return rows.map((row) => ({
      platform: row.platform,
      userId: row.user_id,
      traceId: row.trace_id,
      verdict: row.verdict,
      reportJson: row.report_json,
      recordedAt: row.recorded_at,
    }));
  }
}
