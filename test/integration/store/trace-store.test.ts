import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBackend } from '../../../src/backends/local.js';
import { TracehoundError } from '../../../src/errors/index.js';
import { readTraces } from '../../../src/formats/index.js';
import type { Report } from '../../../src/report/report.js';
import {
  databaseFileName,
  openStore,
  otlpExportRequestSchema,
  type Store,
  schemaVersion,
} from '../../../src/store/index.js';

const day = 24 * 60 * 60 * 1000;
const baseMs = Date.UTC(2026, 10, 20, 12, 0, 0);

function nanos(ms: number): string {
  return `${BigInt(ms) * 1_000_000n}`;
}

function span(
  traceId: string,
  spanId: string,
  parent: string | undefined,
  name: string,
  startMs: number,
  error = false,
) {
  return {
    traceId,
    spanId,
    ...(parent ? { parentSpanId: parent } : {}),
    name,
    kind: 1,
    startTimeUnixNano: nanos(startMs),
    endTimeUnixNano: nanos(startMs + 100),
    attributes: [{ key: 'gen_ai.operation.name', value: { stringValue: 'chat' } }],
    status: error ? { code: 2, message: 'boom' } : { code: 0 },
  };
}

function exportOf(service: string, spans: unknown[]) {
  return otlpExportRequestSchema.parse({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test-scope', version: '1.0.0' }, spans }],
      },
    ],
  });
}

const traceA = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const traceB = 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

describe('openStore', () => {
  let dataDir: string;
  let store: Store;
  let now: number;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tracehound-store-'));
    now = baseMs;
    store = openStore(dataDir, { now: () => now, retentionDays: 30, pruneIntervalMs: 0, partialWindowSeconds: 30 });
  });
  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores spans and re-emits them as OTLP JSON that readTraces reads', () => {
    const inserted = store.traces.insertExport(
      exportOf('agent', [
        span(traceA, '0000000000000001', undefined, 'invoke_agent', baseMs),
        span(traceA, '0000000000000002', '0000000000000001', 'execute_tool lookup_order', baseMs + 10),
      ]),
    );
    expect(inserted).toBe(2);
    const document = store.traces.getTraceSpans(traceA.toUpperCase());
    expect(document?.resourceSpans).toHaveLength(1);
    const [trace] = readTraces(JSON.stringify(document), { source: 'local' });
    expect(trace?.traceId).toBe(traceA);
    expect(trace?.spans.map((item) => [item.id, item.parentId, item.name])).toEqual([
      ['0000000000000001', null, 'invoke_agent'],
      ['0000000000000002', '0000000000000001', 'execute_tool lookup_order'],
    ]);
    expect(store.traces.getTraceSpans(traceB)).toBeNull();
  });

  it('groups spans by resource when one trace spans two services', () => {
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'root', baseMs)]));
    store.traces.insertExport(
      exportOf('tools', [span(traceA, '0000000000000002', '0000000000000001', 'tool', baseMs + 5)]),
    );
    const document = store.traces.getTraceSpans(traceA) as { resourceSpans: Array<{ scopeSpans: unknown[] }> };
    expect(document.resourceSpans).toHaveLength(2);
  });

  it('lists traces in a window newest first, and only failed ones when asked', () => {
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'older', baseMs - 1000)]));
    store.traces.insertExport(exportOf('agent', [span(traceB, '0000000000000003', undefined, 'newer', baseMs, true)]));
    const all = store.traces.listTraces({ start: baseMs - day, end: baseMs + day, limit: 10 });
    expect(all.map((summary) => summary.traceId)).toEqual([traceB, traceA]);
    expect(all[0]).toMatchObject({ rootName: 'newer', service: 'agent', errorCount: 1, spanCount: 1 });
    const failed = store.traces.listTraces({ start: baseMs - day, end: baseMs + day, status: 'error', limit: 10 });
    expect(failed.map((summary) => summary.traceId)).toEqual([traceB]);
    expect(store.traces.listTraces({ start: baseMs - 500, end: baseMs + day, limit: 10 })).toHaveLength(1);
    expect(store.traces.listTraces({ start: baseMs - day, end: baseMs + day, limit: 1 })).toHaveLength(1);
  });

  it('marks a trace possibly partial while its spans are fresh', () => {
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'root', baseMs)]));
    expect(store.traces.isTracePossiblyPartial(traceA)).toBe(true);
    now += 31_000;
    expect(store.traces.isTracePossiblyPartial(traceA)).toBe(false);
    expect(store.traces.isTracePossiblyPartial(traceB)).toBe(false);
  });

  it('hands a fresh trace to the analysis marked partial, and a settled one not', async () => {
    const local = new LocalBackend(store.traces);
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'root', baseMs)]));
    const fresh = await local.fetchTrace(traceA);
    expect(fresh.partial).toBe(true);
    expect(fresh.warnings.map((warning) => warning.code)).toContain('partial');
    now += 31_000;
    expect((await local.fetchTrace(traceA)).partial).toBe(false);
  });

  it('prunes spans received before the retention window, at open and on demand', () => {
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'old', baseMs)]));
    now += 10 * day;
    store.traces.insertExport(exportOf('agent', [span(traceB, '0000000000000002', undefined, 'new', baseMs)]));
    now += 21 * day;
    expect(store.traces.prune()).toBe(1);
    expect(store.traces.getTraceSpans(traceA)).toBeNull();
    expect(store.traces.getTraceSpans(traceB)).not.toBeNull();
    store.close();
    now += 10 * day;
    store = openStore(dataDir, { now: () => now, pruneIntervalMs: 0 });
    expect(store.traces.getTraceSpans(traceB)).toBeNull();
  });

  it('migrates by user_version and reopens without re-running migrations', () => {
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'root', baseMs)]));
    store.close();
    const database = new BetterSqlite3(path.join(dataDir, databaseFileName));
    expect(database.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    database.close();
    store = openStore(dataDir, { now: () => now, pruneIntervalMs: 0 });
    expect(store.traces.getTraceSpans(traceA)).not.toBeNull();
  });

  it('records feedback with its report', () => {
    const report = { traceId: traceA, verdict: 'ok' } as unknown as Report;
    store.feedback.recordFeedback({
      platform: 'slack',
      userId: 'U123',
      traceId: traceA,
      verdict: 'wrong-layer',
      report,
      recordedAt: baseMs,
    });
    const [record] = store.feedback.feedbackFor(traceA);
    expect(record).toMatchObject({ platform: 'slack', userId: 'U123', verdict: 'wrong-layer', recordedAt: baseMs });
    expect(JSON.parse(record?.reportJson ?? '{}')).toEqual(report);
  });

  it('counts similar analyses since a time, once per trace', () => {
    const record = {
      signature: 'tool-args:value-drift:lookup_order',
      layer: 'tool-args',
      rule: 'value-drift',
    } as const;
    store.history.recordAnalysis({ ...record, traceId: traceA, analysedAt: baseMs - 10 * day });
    store.history.recordAnalysis({ ...record, traceId: traceA, analysedAt: baseMs });
    store.history.recordAnalysis({ ...record, traceId: traceB, analysedAt: baseMs });
    store.history.recordAnalysis({ ...record, signature: 'other', traceId: 'c'.repeat(32), analysedAt: baseMs });
    expect(store.history.countSimilar(record.signature, baseMs - day)).toBe(2);
    expect(store.history.countSimilar(record.signature, baseMs - 20 * day)).toBe(2);
    expect(store.history.countSimilar('missing', 0)).toBe(0);
  });

  it('serves traces through the local backend, and says trace_not_found otherwise', async () => {
    store.traces.insertExport(exportOf('agent', [span(traceA, '0000000000000001', undefined, 'root', baseMs, true)]));
    const backend = new LocalBackend(store.traces);
    const trace = await backend.fetchTrace(traceA);
    expect(trace.spans[0]?.status.code).toBe('error');
    expect(trace.warnings.some((warning) => warning.code === 'partial')).toBe(true);
    expect(await backend.searchFailedTraces({ start: baseMs - day, end: baseMs + day }, 5)).toEqual([traceA]);
    expect(backend.traceUrl(traceA)).toBeNull();
    const missing = await backend.fetchTrace(traceB).catch((error: unknown) => error);
    expect(TracehoundError.isInstance(missing) && missing.code).toBe('trace_not_found');
  });
});
