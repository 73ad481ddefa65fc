import type { Database } from 'better-sqlite3';
import type { Layer } from '../report/report.js';

export interface AnalysisRecord {
  traceId: string | null;
  /** The root-cause signature clustering uses; absent when the run had no root cause. */
  signature?: string;
  layer: Layer;
  rule: string;
  /** Milliseconds since the Unix epoch. */
  analysedAt: number;
}

/** Past analyses, so that a reply can say "seen N times this week". */
export class AnalysisHistory {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  recordAnalysis(record: AnalysisRecord): void {
    this.#database
      .prepare('INSERT INTO analysis_history (trace_id, signature, layer, rule, analysed_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.traceId, record.signature ?? null, record.layer, record.rule, record.analysedAt);
  }

  /** Distinct traces analysed with this signature since `since` (ms since the epoch). */
  countSimilar(signature: string, since: number): number {
    const row = this.#database
      .prepare(
        `SELECT COUNT(DISTINCT COALESCE(trace_id, 'row:' || id)) AS count FROM analysis_history
         WHERE signature = ? AND analysed_at >= ?`,
      )
      .get(signature, since) as { count: number };
    return row.count;
  }
}
