import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, clusterResultSchema, clusterRuns, type RunSource } from '../../../src/cluster/index.js';
import { InputError } from '../../../src/errors/index.js';
import type { Trace } from '../../../src/model/trace.js';
import type { Report } from '../../../src/report/report.js';
import { analysedRun, toolSpan } from './cluster-fixtures.js';

type Mode = 'drift' | 'rate-limit' | 'empty-retrieval' | 'healthy';

function runOfMode(mode: Mode, index: number, batch: string): { trace: Trace; report: Report } {
  const traceId = `${batch}-${mode}-${index}`;
  const startTime = Date.UTC(2026, 10, 1 + (index % 20), index % 24);
  switch (mode) {
    case 'drift': {
      const tool = ['lookup_order', 'lookup_orders', 'LookupOrder'][index % 3] ?? 'lookup_order';
      // The last two digits always differ, so swapping them is a real transposition.
      const prefix = String(10 + index);
      const expected = `${prefix}${(index % 9) + 1}${index % 9}`;
      const actual = `${prefix}${index % 9}${(index % 9) + 1}`;
      return analysedRun({
        traceId,
        startTime,
        layer: 'tool-args',
        span: toolSpan(tool),
        evidence: { field: 'args.order_id', expected, actual },
      });
    }
    case 'rate-limit':
      return analysedRun({
        traceId,
        startTime,
        layer: 'infrastructure',
        rule: 'infrastructure-error',
        span: { name: 'chat', role: 'llm', httpStatus: 429, attributes: { 'gen_ai.provider.name': 'openai' } },
      });
    case 'empty-retrieval':
      return analysedRun({
        traceId,
        startTime,
        layer: 'retrieval',
        rule: 'retrieval-quality',
        span: { name: 'retrieve kb', role: 'retrieval', retrieval: { query: `question ${index}`, documents: [] } },
      });
    case 'healthy':
      return analysedRun({ traceId, startTime, layer: null, span: toolSpan('lookup_order') });
  }
}

function sourcesFor(runs: Array<{ trace: Trace; report: Report }>): {
  sources: RunSource[];
  analyze: (trace: Trace) => Report;
} {
  const reports = new Map(runs.map((run) => [run.trace, run.report]));
  return {
    sources: runs.map((run) => ({ source: run.trace.source, load: async () => [run.trace] })),
    analyze: (trace) => {
      const report = reports.get(trace);
      if (!report) throw new Error('unknown trace');
      return report;
    },
  };
}

function batch(name: string, counts: Record<Mode, number>): Array<{ trace: Trace; report: Report; mode: Mode }> {
  const runs: Array<{ trace: Trace; report: Report; mode: Mode }> = [];
  for (const [mode, count] of Object.entries(counts) as Array<[Mode, number]>) {
    for (let index = 0; index < count; index += 1) runs.push({ ...runOfMode(mode, index, name), mode });
  }
  return runs;
}

describe('clusterRuns', () => {
  it('recovers the modes, counts healthy runs apart and fits the JSON contract', async () => {
    const runs = batch('one', { drift: 9, 'rate-limit': 6, 'empty-retrieval': 4, healthy: 5 });
    const { sources, analyze } = sourcesFor(runs);
    const result = clusterResultSchema.parse(await clusterRuns(sources, { analyze }));
    expect(result.healthy).toBe(5);
    expect(result.failed).toBe(19);
    expect(result.clusters.map((cluster) => [cluster.layer, cluster.count])).toEqual([
      ['tool-args', 9],
      ['infrastructure', 6],
      ['retrieval', 4],
    ]);
    const drift = result.clusters[0];
    expect(drift?.traceIds).toHaveLength(9);
    expect(drift?.representatives.length).toBe(5);
    expect(drift?.tools).toEqual(['LookupOrder', 'lookup_order', 'lookup_orders']);
    expect(drift?.share).toBeCloseTo(9 / 19, 2);

    const clusterOf = new Map<string, string>();
    for (const cluster of result.clusters) for (const traceId of cluster.traceIds) clusterOf.set(traceId, cluster.id);
    const failedRuns = runs.filter((run) => run.mode !== 'healthy');
    const ari = adjustedRandIndex(
      failedRuns.map((run) => run.mode),
      failedRuns.map((run) => clusterOf.get(run.report.traceId ?? '') ?? 'none'),
    );
    expect(ari).toBe(1);
  });

  it('gives the same mode the same cluster ID in two separate batches', async () => {
    const first = batch('monday', { drift: 5, 'rate-limit': 3, 'empty-retrieval': 2, healthy: 1 });
    const second = batch('friday', { drift: 2, 'rate-limit': 7, 'empty-retrieval': 3, healthy: 0 });
    const left = await clusterRuns(sourcesFor(first).sources, { analyze: sourcesFor(first).analyze });
    const right = await clusterRuns(sourcesFor(second).sources, { analyze: sourcesFor(second).analyze });
    const idsByLayer = (result: typeof left) =>
      Object.fromEntries(result.clusters.map((cluster) => [cluster.layer, cluster.id]));
    expect(idsByLayer(left)).toEqual(idsByLayer(right));
  });

  it('is deterministic whatever the input order and concurrency', async () => {
    const runs = batch('order', { drift: 6, 'rate-limit': 4, 'empty-retrieval': 3, healthy: 2 });
    const shuffled = [...runs]
      .reverse()
      .sort((left, right) => (left.trace.traceId ?? '').length - (right.trace.traceId ?? '').length);
    const forward = await clusterRuns(sourcesFor(runs).sources, { analyze: sourcesFor(runs).analyze, concurrency: 1 });
    const backward = await clusterRuns(sourcesFor(shuffled).sources, {
      analyze: sourcesFor(shuffled).analyze,
      concurrency: 5,
    });
    expect(JSON.stringify(backward)).toBe(JSON.stringify(forward));
  });

  it('lists unreadable inputs and analysis failures with their errors', async () => {
    const runs = batch('bad', { drift: 2, 'rate-limit': 0, 'empty-retrieval': 0, healthy: 0 });
    const { sources, analyze } = sourcesFor(runs);
    const broken: RunSource = {
      source: 'broken.json',
      load: async () => {
        throw new InputError('not JSON', {
          source: 'broken.json',
          position: 'line 1, column 1',
          expected: 'a JSON value',
        });
      },
    };
    const unanalysable: RunSource = { source: 'strange.json', load: async () => [runOfMode('drift', 99, 'x').trace] };
    const progress: number[] = [];
    const result = await clusterRuns([...sources, broken, unanalysable], {
      analyze,
      onProgress: (update) => progress.push(update.unreadable),
    });
    expect(result.unreadable).toEqual([
      { file: 'broken.json', error: 'broken.json: line 1, column 1: not JSON (expected a JSON value)' },
      { file: 'strange.json (x-drift-99)', error: 'Error: unknown trace' },
    ]);
    expect(result.clusters[0]?.count).toBe(2);
    expect(Math.max(...progress)).toBe(2);
  });

  it('puts one-off failures among the outliers', async () => {
    const runs = batch('few', { drift: 3, 'rate-limit': 1, 'empty-retrieval': 0, healthy: 0 });
    const result = await clusterRuns(sourcesFor(runs).sources, { analyze: sourcesFor(runs).analyze });
    expect(result.clusters).toHaveLength(1);
    expect(result.outliers).toEqual(['few-rate-limit-0']);
  });
});

describe('adjustedRandIndex', () => {
  it('is 1 for identical partitions under renaming', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b', 'c'], ['x', 'x', 'y', 'y', 'z'])).toBe(1);
  });

  it('matches the value computed by hand for a known pair of partitions', () => {
    // Contingency [[2,1],[0,2]] over 5 items: index 2, truth pairs 4, predicted pairs 4, expected 1.6, max 4.
    expect(adjustedRandIndex(['a', 'a', 'a', 'b', 'b'], ['x', 'x', 'y', 'y', 'y'])).toBeCloseTo(0.4 / 2.4, 10);
  });

  it('is at most 0 for a partition that ignores the truth', () => {
    expect(adjustedRandIndex(['a', 'a', 'b', 'b'], ['x', 'y', 'x', 'y'])).toBeLessThanOrEqual(0);
  });
});
