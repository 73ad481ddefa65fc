import { attributeRootCause } from '../attribution/index.js';
import { createBackends, fetchTraceByReference } from '../backends/index.js';
import { LocalBackend } from '../backends/local.js';
import type { TraceBackend } from '../backends/trace-backend.js';
import {
  type ChatClusterSummary,
  clusterLabelOf,
  clusterRuns,
  parseWindow,
  type RunSource,
  runSourcesFromBackend,
  runSourcesFromStore,
  signatureOf,
  summariseClustersForChat,
} from '../cluster/index.js';
import { type AccessScope, backendsForScope, type TracehoundConfig } from '../config/index.js';
import { readTrace } from '../formats/index.js';
import { findTraceReferences } from '../links/index.js';
import type { Trace } from '../model/trace.js';
import type { Report } from '../report/report.js';
import type { AnalysisHistory } from '../store/analysis-history.js';
import type { TraceStore } from '../store/trace-store.js';
import type {
  ClusterRequest,
  SimilarRuns,
  TriageInput,
  TriageResult,
  TriageScope,
  TriageService,
} from './triage-service.js';

export interface TriageServiceOptions {
  /** The validated configuration (backends and access rules). */
  config: TracehoundConfig;
  /** The embedded store: the `local` backend reads from it. */
  store: TraceStore;
  /** Past analyses: when given, each triage is recorded and its reply counts the runs that share its mode. */
  history?: AnalysisHistory;
  /** The backend clients; built from the configuration when absent (tests pass clients on a MockAgent). */
  backends?: ReadonlyMap<string, TraceBackend>;
  /** Largest attached file analysed, in bytes. */
  maxFileBytes?: number;
  /** The clock, in ms since the epoch (tests fix it). */
  now?: () => number;
}

/** "Seen N times" looks back this far: a week covers a deploy cycle without mixing in fixed bugs. */
const similarRunsWindowDays = 7;
const dayMs = 24 * 60 * 60 * 1000;
/** Chat cluster answers stop here so a reply comes in seconds, not minutes. */
const chatClusterRunLimit = 2_000;

function accessScopeOf(scope: TriageScope): AccessScope {
  return {
    platform: scope.platform,
    ...(scope.workspaceId === null ? {} : { workspace: scope.workspaceId }),
    ...(scope.channelId === null ? {} : { channel: scope.channelId }),
  };
}

/**
 * What the chat adapters call. Attached files are read and analysed; links and IDs are resolved and
 * fetched from the backends the asker's workspace and channel may use (a link to any other host is
 * refused before any request); errors are TracehoundErrors the adapters turn into replies.
 */
export function createTriageService(options: TriageServiceOptions): TriageService {
  const backends = options.backends ?? createBackends(options.config, { local: new LocalBackend(options.store) });
  const now = options.now ?? Date.now;

  const similarRunsOf = (trace: Trace, report: Report): SimilarRuns | null => {
    const history = options.history;
    if (!history || !report.rootCause) return null;
    const signature = signatureOf(report, trace);
    if (!signature) return null;
    const analysedAt = now();
    history.recordAnalysis({
      traceId: trace.traceId,
      signature: signature.id,
      layer: signature.layer,
      rule: signature.rule,
      analysedAt,
    });
    return {
      clusterId: signature.id,
      label: clusterLabelOf(signature),
      count: history.countSimilar(signature.id, analysedAt - similarRunsWindowDays * dayMs),
      windowDays: similarRunsWindowDays,
    };
  };

  const resultOf = (trace: Trace, source: string): TriageResult => {
    const report = attributeRootCause(trace);
    return {
      report,
      trace: {
        traceId: trace.traceId,
        format: trace.format,
        spanCount: trace.spans.length,
        source,
        traceUrl: trace.traceUrl,
      },
      similarRuns: similarRunsOf(trace, report),
    };
  };

  return {
    findReferences(text: string): string[] {
      return findTraceReferences(text);
    },

    async triage(input: TriageInput, scope: TriageScope, signal?: AbortSignal): Promise<TriageResult> {
      signal?.throwIfAborted();
      if (input.kind === 'file') {
        return resultOf(
          readTrace(input.bytes, {
            source: input.name,
            ...(options.maxFileBytes ? { maxBytes: options.maxFileBytes } : {}),
          }),
          input.name,
        );
      }
      const trace = await fetchTraceByReference(input.text.trim(), {
        config: options.config,
        scope: accessScopeOf(scope),
        backends,
        ...(signal ? { signal } : {}),
      });
      return resultOf(trace, trace.source);
    },

    async clusterFailures(request: ClusterRequest, scope: TriageScope): Promise<ChatClusterSummary> {
      const windowText = request.window ?? '7d';
      const end = now();
      const window = { start: end - parseWindow(windowText, 'cluster window'), end };
      const fetchOptions = request.signal ? { signal: request.signal } : {};
      const sources: RunSource[] = [];
      for (const backendConfig of backendsForScope(options.config, accessScopeOf(scope))) {
        const backend = backends.get(backendConfig.name);
        if (!backend) continue;
        if (backendConfig.type === 'local') {
          sources.push(...runSourcesFromStore(options.store, backend, window, chatClusterRunLimit));
        } else {
          try {
            sources.push(...(await runSourcesFromBackend(backend, window, chatClusterRunLimit, fetchOptions)));
          } catch (error) {
            // One backend's failed search is listed as unreadable; the others still answer.
            sources.push({ source: `${backend.name} search`, load: () => Promise.reject(error) });
          }
        }
      }
      const onProgress = request.onProgress;
      const result = await clusterRuns(sources.slice(0, chatClusterRunLimit), {
        analyze: attributeRootCause,
        concurrency: 8,
        ...(request.signal ? { signal: request.signal } : {}),
        ...(onProgress
          ? {
              onProgress: (progress) =>
                onProgress({
                  done: progress.loaded + progress.unreadable,
                  total: progress.total,
                  failed: progress.failed,
                }),
            }
          : {}),
      });
      return summariseClustersForChat(result, { top: request.top ?? 5 });
    },
  };
}
