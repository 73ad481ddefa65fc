import type { Database } from 'better-sqlite3';
import { z } from 'zod';

const dayMs = 24 * 60 * 60 * 1000;

/** An OTLP/JSON span as received: the indexed fields are checked, the rest is stored as it came. */
const otlpSpanSchema = z.looseObject({
  traceId: z.string().regex(/^[0-9a-f]{32}$/i, 'a 32-digit hex trace ID'),
  spanId: z.string().regex(/^[0-9a-f]{16}$/i, 'a 16-digit hex span ID'),
  parentSpanId: z.string().optional(),
  name: z.string().default(''),
  startTimeUnixNano: z.union([z.string().regex(/^\d+$/), z.number()]).optional(),
  endTimeUnixNano: z.union([z.string().regex(/^\d+$/), z.number()]).optional(),
  status: z.looseObject({ code: z.union([z.number(), z.string()]).optional() }).optional(),
});

const keyValueSchema = z.looseObject({ key: z.string(), value: z.unknown().optional() });

/** `ExportTraceServiceRequest` in its OTLP/JSON form (hex IDs, nanosecond strings). */
export const otlpExportRequestSchema = z.looseObject({
  resourceSpans: z
    .array(
      z.looseObject({
        resource: z.looseObject({ attributes: z.array(keyValueSchema).optional() }).optional(),
        schemaUrl: z.string().optional(),
        scopeSpans: z
          .array(
            z.looseObject({
              scope: z.looseObject({}).optional(),
              schemaUrl: z.string().optional(),
              spans: z.array(otlpSpanSchema).default([]),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type OtlpExportRequest = z.infer<typeof otlpExportRequestSchema>;

export interface TraceSummary {
  traceId: string;
  /** Milliseconds since the Unix epoch. */
  startedAt: number;
  endedAt: number;
  spanCount: number;
  errorCount: number;
  rootName: string | null;
  service: string | null;
  lastReceivedAt: number;
}

export interface ListTracesOptions {
  /** Milliseconds since the Unix epoch: traces that started in [start, end]. */
  start: number;
  end: number;
  status?: 'error';
  limit: number;
}

export interface TraceStoreOptions {
  retentionDays?: number;
  /** A trace whose last span arrived less than this long ago may still be receiving spans. */
  partialWindowSeconds?: number;
  now?: () => number;
}

function nanosToMillis(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return Math.floor(value / 1e6);
  // Nanosecond strings exceed 2^53: cut the last six digits instead of converting.
  return value.length <= 6 ? 0 : Number(value.slice(0, -6));
}

function statusCodeOf(status: { code?: number | string | undefined } | undefined): number {
  const code = status?.code;
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') return 2;
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') return 1;
  return 0;
}

function serviceNameOf(attributes: Array<{ key: string; value?: unknown }> | undefined): string | null {
  const entry = attributes?.find((attribute) => attribute.key === 'service.name');
  const value = entry?.value;
  if (value && typeof value === 'object' && 'stringValue' in value && typeof value.stringValue === 'string') {
    return value.stringValue;
  }
  return null;
}

interface SpanRow {
  resource_json: string;
  scope_json: string;
  span_json: string;
}

interface SummaryRow {
  trace_id: string;
  started_at: number;
  ended_at: number;
  span_count: number;
  error_count: number;
  root_name: string | null;
  service: string | null;
  last_received_at: number;
}

/** Received OTLP spans in SQLite: raw span JSON plus indexed columns, pruned after the retention window. */
export class TraceStore {
  readonly #database: Database;
  readonly #retentionMs: number;
  readonly #partialWindowMs: number;
  readonly #now: () => number;

  constructor(database: Database, options: TraceStoreOptions = {}) {
    this.#database = database;
    this.#retentionMs = (options.retentionDays ?? 30) * dayMs;
    this.#partialWindowMs = (options.partialWindowSeconds ?? 30) * 1000;
    this.#now = options.now ?? Date.now;
  }

  /** Stores every span of an export request (already validated); a span sent twice replaces the earlier copy. */
  insertExport(request: OtlpExportRequest): number {
    const receivedAt = this.#now();
    const insert = this.#database.prepare(
      `INSERT OR REPLACE INTO spans (trace_id, span_id, parent_span_id, name, service, start_ms, end_ms, status_code,
         received_at, resource_json, scope_json, span_json)
       VALUES (@traceId, @spanId, @parentSpanId, @name, @service, @startMs, @endMs, @statusCode, @receivedAt,
         @resourceJson, @scopeJson, @spanJson)`,
    );
    let count = 0;
    const insertAll = this.#database.transaction(() => {
      for (const resourceSpans of request.resourceSpans) {
        const { scopeSpans, ...resourceRest } = resourceSpans;
        const resourceJson = JSON.stringify(resourceRest);
        const service = serviceNameOf(resourceSpans.resource?.attributes);
        for (const scopeSpan of scopeSpans) {
          const { spans, ...scopeRest } = scopeSpan;
          const scopeJson = JSON.stringify(scopeRest);
          for (const span of spans) {
            const traceId = span.traceId.toLowerCase();
            const spanId = span.spanId.toLowerCase();
            const parent = span.parentSpanId ? span.parentSpanId.toLowerCase() : null;
            insert.run({
              traceId,
              spanId,
              parentSpanId: parent,
              name: span.name,
              service,
              startMs: nanosToMillis(span.startTimeUnixNano),
              endMs: nanosToMillis(span.endTimeUnixNano),
              statusCode: statusCodeOf(span.status),
              receivedAt,
              resourceJson,
              scopeJson,
              spanJson: JSON.stringify({ ...span, traceId, spanId, ...(parent ? { parentSpanId: parent } : {}) }),
            });
            count += 1;
          }
        }
      }
    });
    insertAll();
    return count;
  }

  /** The trace's spans as an OTLP/JSON document grouped by resource and scope, or null when none is stored. */
  getTraceSpans(traceId: string): { resourceSpans: unknown[] } | null {
    const rows = this.#database
      .prepare('SELECT resource_json, scope_json, span_json FROM spans WHERE trace_id = ? ORDER BY start_ms, rowid')
      .all(traceId.toLowerCase()) as SpanRow[];
    if (rows.length === 0) return null;
    const resources = new Map<string, Map<string, unknown[]>>();
    for (const row of rows) {
      let scopes = resources.get(row.resource_json);
      if (!scopes) {
        scopes = new Map();
        resources.set(row.resource_json, scopes);
      }
      let spans = scopes.get(row.scope_json);
      if (!spans) {
        spans = [];
        scopes.set(row.scope_json, spans);
      }
      spans.push(JSON.parse(row.span_json));
    }
    return {
      resourceSpans: [...resources].map(([resourceJson, scopes]) => ({
        ...(JSON.parse(resourceJson) as object),
        scopeSpans: [...scopes].map(([scopeJson, spans]) => ({ ...(JSON.parse(scopeJson) as object), spans })),
      })),
    };
  }

  /** Traces that started in the window, newest first; with `status: 'error'`, only those with an error span. */
  listTraces(options: ListTracesOptions): TraceSummary[] {
    const rows = this.#database
      .prepare(
        `SELECT trace_id, MIN(start_ms) AS started_at, MAX(end_ms) AS ended_at, COUNT(*) AS span_count,
           SUM(status_code = 2) AS error_count,
           MAX(CASE WHEN parent_span_id IS NULL THEN name END) AS root_name,
           MAX(CASE WHEN parent_span_id IS NULL THEN service END) AS service,
           MAX(received_at) AS last_received_at
         FROM spans GROUP BY trace_id
         HAVING started_at >= @start AND started_at <= @end ${options.status === 'error' ? 'AND error_count > 0' : ''}
         ORDER BY started_at DESC LIMIT @limit`,
      )
      .all({ start: options.start, end: options.end, limit: options.limit }) as SummaryRow[];
    return rows.map((row) => ({
      traceId: row.trace_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      spanCount: row.span_count,
      errorCount: row.error_count,
      rootName: row.root_name,
      service: row.service,
      lastReceivedAt: row.last_received_at,
    }));
  }

  /** True when the trace's last span arrived within the partial window, so more may still come. */
  isTracePossiblyPartial(traceId: string): boolean {
    const row = this.#database
      .prepare('SELECT MAX(received_at) AS last FROM spans WHERE trace_id = ?')
      .get(traceId.toLowerCase()) as { last: number | null } | undefined;
    if (!row || row.last === null) return false;
    return this.#now() - row.last < this.#partialWindowMs;
  }

  /** Deletes spans received before the retention window; returns how many went. */
  prune(): number {
    const cutoff = this.#now() - this.#retentionMs;
    const spans = this.#database.prepare('DELETE FROM spans WHERE received_at < ?').run(cutoff).changes;
    this.#database.prepare('DELETE FROM analysis_history WHERE analysed_at < ?').run(cutoff);
    return spans;
  }
}
