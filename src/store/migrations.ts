import type { Database } from 'better-sqlite3';

/** Each entry moves the schema one version up; `PRAGMA user_version` records how many have run. */
const migrations: readonly string[] = [
  `CREATE TABLE spans (
     trace_id TEXT NOT NULL,
     span_id TEXT NOT NULL,
     parent_span_id TEXT,
     name TEXT NOT NULL,
     service TEXT,
     start_ms INTEGER NOT NULL,
     end_ms INTEGER NOT NULL,
     status_code INTEGER NOT NULL,
     received_at INTEGER NOT NULL,
     resource_json TEXT NOT NULL,
     scope_json TEXT NOT NULL,
     span_json TEXT NOT NULL,
     PRIMARY KEY (trace_id, span_id)
   );
   CREATE INDEX spans_start ON spans (start_ms);
   CREATE INDEX spans_received ON spans (received_at);
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     trace_id TEXT,
     verdict TEXT NOT NULL,
     report_json TEXT NOT NULL,
     recorded_at INTEGER NOT NULL
   );
   CREATE TABLE analysis_history (
     id INTEGER PRIMARY KEY,
     trace_id TEXT,
     signature TEXT,
     layer TEXT NOT NULL,
     rule TEXT NOT NULL,
     analysed_at INTEGER NOT NULL
   );
   CREATE INDEX analysis_history_signature ON analysis_history (signature, analysed_at);`,
];

export const schemaVersion = migrations.length;

/** Runs the migrations the database has not seen yet, each in its own transaction. */
export function migrate(database: Database): number {
  const current = database.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version += 1) {
    const statement = migrations[version] ?? '';
    database.transaction(() => {
      database.exec(statement);
      database.pragma(`user_version = ${version + 1}`);
    })();
  }
  return current;
}
