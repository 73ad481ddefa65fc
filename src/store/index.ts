import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { AnalysisHistory } from './analysis-history.js';
import { migrate } from './migrations.js';
import { SqliteFeedbackStore } from './sqlite-feedback-store.js';
import { TraceStore, type TraceStoreOptions } from './trace-store.js';

export type { AnalysisRecord } from './analysis-history.js';
export { AnalysisHistory } from './analysis-history.js';
export type { FeedbackRecord, FeedbackStore, FeedbackVerdict } from './feedback-store.js';
export { migrate, schemaVersion } from './migrations.js';
export { SqliteFeedbackStore } from './sqlite-feedback-store.js';
export type { ListTracesOptions, OtlpExportRequest, TraceStoreOptions, TraceSummary } from './trace-store.js';
export { otlpExportRequestSchema, TraceStore } from './trace-store.js';

export const databaseFileName = 'tracehound.sqlite';

export interface StoreOptions extends TraceStoreOptions {
  /** How often retention pruning runs; 0 turns the timer off (pruning still runs at open). */
  pruneIntervalMs?: number;
}

export interface Store {
  traces: TraceStore;
  feedback: SqliteFeedbackStore;
  history: AnalysisHistory;
  readonly isOpen: boolean;
  close(): void;
}

/** Opens (creating when needed) the one SQLite file under `dataDir`, migrates it and prunes expired spans. */
export function openStore(dataDir: string, options: StoreOptions = {}): Store {
  mkdirSync(dataDir, { recursive: true });
  const database = new BetterSqlite3(path.join(dataDir, databaseFileName));
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  migrate(database);
  const traces = new TraceStore(database, options);
  traces.prune();
  const intervalMs = options.pruneIntervalMs ?? 60 * 60 * 1000;
  const timer = intervalMs > 0 ? setInterval(() => traces.prune(), intervalMs) : null;
  // The pruning timer must not keep a CLI process alive.
  timer?.unref();
  let open = true;
  return {
    traces,
    feedback: new SqliteFeedbackStore(database),
    history: new AnalysisHistory(database),
    get isOpen() {
      return open;
    },
    close() {
      if (!open) return;
      open = false;
      if (timer) clearInterval(timer);
      database.close();
    },
  };
}
