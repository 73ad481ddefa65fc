import { TracehoundError } from '../errors/index.js';
import type { Trace } from '../model/trace.js';
import type { Report } from '../report/report.js';
import type { ClusterResult } from './cluster-result.js';
import { type FailedRun, type GroupingOptions, groupFailedRuns } from './group-runs.js';
import { signatureOf } from './signature.js';

/** Where runs come from: a file (which may hold several traces), a backend fetch, a store query. */
export interface RunSource {
  /** A file name, or `backend:trace-id`: named in `unreadable` when loading fails. */
  source: string;
  load(signal?: AbortSignal): Promise<Trace[]>;
}

export interface ClusterProgress {
  loaded: number;
  analysed: number;
  failed: number;
  healthy: number;
  unreadable: number;
  total: number;
}

export interface ClusterRunsOptions extends GroupingOptions {
  analyze: (trace: Trace) => Report;
  /** How many sources load at once (fetches are I/O bound). */
  concurrency?: number;
  onProgress?: (progress: ClusterProgress) => void;
  /** Called for every analysed failed run, e.g. to record it in the analysis history. */
  onFailedRun?: (run: FailedRun, report: Report) => void;
  signal?: AbortSignal;
}

/** Reads, analyses and groups every run; loading or analysis failures are listed, never dropped. */
export async function clusterRuns(sources: readonly RunSource[], options: ClusterRunsOptions): Promise<ClusterResult> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const progress: ClusterProgress = {
    loaded: 0,
    analysed: 0,
    failed: 0,
    healthy: 0,
    unreadable: 0,
    total: sources.length,
  };
  const failedRuns: FailedRun[] = [];
  const unreadable: ClusterResult['unreadable'] = [];
  let healthy = 0;

  const handleSource = async (runSource: RunSource): Promise<void> => {
    let traces: Trace[];
    try {
      traces = await runSource.load(options.signal);
    } catch (error) {
      unreadable.push({ file: runSource.source, error: describeError(error) });
      progress.unreadable += 1;
      options.onProgress?.({ ...progress });
      return;
    }
    progress.loaded += 1;
    for (const trace of traces) {
      const traceId =
        trace.traceId ?? (traces.length > 1 ? `${runSource.source}#${trace.spans[0]?.id ?? ''}` : runSource.source);
      let report: Report;
      try {
        report = options.analyze(trace);
      } catch (error) {
        unreadable.push({ file: `${runSource.source} (${traceId})`, error: describeError(error) });
        progress.unreadable += 1;
        continue;
      }
      progress.analysed += 1;
      const signature = report.verdict === 'failed' ? signatureOf(report, trace) : null;
      if (!signature || !report.rootCause) {
        healthy += 1;
        progress.healthy += 1;
        continue;
      }
      progress.failed += 1;
      const rootSpan = trace.spans.find((span) => span.id === report.rootCause?.spanId);
      const run: FailedRun = {
        traceId,
        source: runSource.source,
        traceUrl: report.traceUrl ?? trace.traceUrl,
        startTime: trace.spans.reduce<number | null>(
          (earliest, span) =>
            span.startTime === null
              ? earliest
              : earliest === null
                ? span.startTime
                : Math.min(earliest, span.startTime),
          null,
        ),
        signature,
        rootSpanId: report.rootCause.spanId,
        summary: report.rootCause.summary,
        agent: agentName(trace),
        tool: rootSpan?.tool?.name ?? rootSpan?.outputMessages.flatMap((message) => message.toolCalls)[0]?.name ?? null,
      };
      failedRuns.push(run);
      options.onFailedRun?.(run, report);
    }
    options.onProgress?.({ ...progress });
  };

  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, sources.length) }, async () => {
    while (next < sources.length) {
      if (options.signal?.aborted) return;
      const runSource = sources[next];
      next += 1;
      if (runSource) await handleSource(runSource);
    }
  });
  await Promise.all(workers);

  return groupFailedRuns(failedRuns, { healthy, unreadable }, options);
}

function agentName(trace: Trace): string | null {
  for (const span of trace.spans) {
    const name = span.attributes['gen_ai.agent.name'];
    if (typeof name === 'string' && name) return name;
  }
  const root = trace.spans.find((span) => trace.rootSpanIds.includes(span.id));
  return root?.service ?? null;
}

function describeError(error: unknown): string {
  if (TracehoundError.isInstance(error)) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
