import { parseArgs } from 'node:util';
import { attributeRootCause } from '../../attribution/index.js';
import { createBackends } from '../../backends/index.js';
import { LocalBackend } from '../../backends/local.js';
import { type ClusterProgress, type ClusterResult, clusterRuns, type RunSource } from '../../cluster/index.js';
import { parseWindow, runSourcesFromBackend, runSourcesFromPaths, runSourcesFromStore } from '../../cluster/sources.js';
import { loadConfig } from '../../config/index.js';
import { InputError } from '../../errors/index.js';
import { readServiceEnv } from '../../server/service-env.js';
import { openStore } from '../../store/index.js';
import type { Command, CommandIo } from '../command.js';

const usage = `Usage: tracehound cluster <file|folder…> [options]
       tracehound cluster --since 7d [--backend NAME …] [options]

Groups failing runs by the signature of their root cause, so one upstream fix covers many tickets.
Folders are read recursively; a file may hold several traces (JSON Lines, a Jaeger download).
--since reads every run the embedded store received in the window (30m, 12h, 7d, 2w); --backend adds
the failed runs a configured backend's search finds in the same window.

Options:
  --since WINDOW  runs from the last WINDOW instead of files
  --backend NAME  also search this configured backend for failed runs (repeatable)
  --limit N       at most N runs per source (default 10000)
  --json          print { clusters, layers, outliers, failed, healthy, unreadable } as JSON
  --top N         clusters to show in the text output (default 10)
  --concurrency N how many inputs are read at once (default 8)`;

function renderClusters(result: ClusterResult, top: number): string {
  const lines: string[] = [];
  const total = result.failed + result.healthy;
  lines.push(
    `${result.failed} of ${total} runs failed: ${result.clusters.length} failure mode${result.clusters.length === 1 ? '' : 's'}, ${result.outliers.length} one-off${result.outliers.length === 1 ? '' : 's'}, ${result.unreadable.length} unreadable.`,
  );
  for (const cluster of result.clusters.slice(0, top)) {
    lines.push('');
    lines.push(`${cluster.id}  ${cluster.label}`);
    lines.push(
      `  ${cluster.count} runs (${Math.round(cluster.share * 100)}% of failures), rule ${cluster.rule}${cluster.firstSeen ? `, ${cluster.firstSeen} … ${cluster.lastSeen}` : ''}`,
    );
    if (cluster.tools.length > 0) lines.push(`  tools: ${cluster.tools.join(', ')}`);
    if (cluster.agents.length > 0) lines.push(`  agents: ${cluster.agents.join(', ')}`);
    for (const run of cluster.representatives)
      lines.push(`  e.g. ${run.traceUrl ?? run.source}  (root ${run.rootSpanId})`);
    lines.push(`  fix: ${cluster.suggestedFix}`);
  }
  if (result.clusters.length > top)
    lines.push('', `${result.clusters.length - top} smaller modes not shown (--top, or --json for all).`);
  if (result.unreadable.length > 0) {
    lines.push('', 'Unreadable:');
    for (const entry of result.unreadable.slice(0, 20)) lines.push(`  ${entry.file}: ${entry.error}`);
  }
  return `${lines.join('\n')}\n`;
}

function positiveInteger(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1)
    throw new InputError(`'${value}' is not a count`, { source: option, expected: 'a whole number of at least 1' });
  return number;
}

/** A progress line on a terminal, rewritten in place, so long runs show they are moving. */
function progressReporter(io: CommandIo): ((progress: ClusterProgress) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  let last = 0;
  return (progress) => {
    const now = Date.now();
    if (now - last < 100 && progress.loaded + progress.unreadable < progress.total) return;
    last = now;
    io.stderr.write(
      `\r${progress.loaded + progress.unreadable}/${progress.total} read, ${progress.analysed} analysed: ${progress.failed} failed, ${progress.healthy} healthy, ${progress.unreadable} unreadable`,
    );
  };
}

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'group failing runs by the signature of their root cause',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        top: { type: 'string' },
        concurrency: { type: 'string' },
        since: { type: 'string' },
        backend: { type: 'string', multiple: true },
        limit: { type: 'string' },
      },
    });
    if (positionals.length === 0 && values.since === undefined) {
      throw new InputError('nothing to cluster', {
        source: 'tracehound cluster',
        expected: 'trace files or folders, or --since 7d',
      });
    }
    const onProgress = progressReporter(io);
    const concurrency = positiveInteger(values.concurrency, '--concurrency', 8);
    const sources: RunSource[] = positionals.length > 0 ? await runSourcesFromPaths(positionals) : [];
    let close = (): void => {};
    if (values.since !== undefined) {
      const end = Date.now();
      const window = { start: end - parseWindow(values.since), end };
      const limit = positiveInteger(values.limit, '--limit', 10_000);
      const store = openStore(readServiceEnv(io.env, io.cwd).dataDir, { pruneIntervalMs: 0 });
      close = () => store.close();
      const local = new LocalBackend(store.traces);
      sources.push(...runSourcesFromStore(store.traces, local, window, limit));
      for (const name of values.backend ?? []) {
        const config = await loadConfig(io.env, { cwd: io.cwd });
        const backend = createBackends(config, { environment: io.env, local }).get(name);
        if (!backend)
          throw new InputError(`no backend named '${name}'`, {
            source: '--backend',
            expected: 'a configured backend name',
          });
        if (!backend.searchFailedTraces) {
          throw new InputError(`${name} has no search for failed runs`, {
            source: '--backend',
            expected: 'a backend whose API can search failed runs',
          });
        }
        sources.push(...(await runSourcesFromBackend(backend, window, limit)));
      }
    }
    let result: ClusterResult;
    try {
      result = await clusterRuns(sources, {
        analyze: attributeRootCause,
        concurrency,
        ...(onProgress ? { onProgress } : {}),
      });
    } finally {
      close();
    }
    if (onProgress) io.stderr.write('\n');
    io.stdout.write(
      values.json
        ? `${JSON.stringify(result, null, 2)}\n`
        : renderClusters(result, positiveInteger(values.top, '--top', 10)),
    );
    return 0;
  },
};
