import { attributeRootCause } from '../attribution/index.js';
import { createBackends, fetchTraceByReference } from '../backends/index.js';
import { LocalBackend } from '../backends/local.js';
import type { TraceBackend } from '../backends/trace-backend.js';
import type { TracehoundConfig } from '../config/index.js';
import { readTrace } from '../formats/index.js';
import { findTraceReferences } from '../links/index.js';
import type { Trace } from '../model/trace.js';
import type { TraceStore } from '../store/trace-store.js';
import type { TriageInput, TriageResult, TriageScope, TriageService } from './triage-service.js';

export interface TriageServiceOptions {
  /** The validated configuration (backends and access rules). */
  config: TracehoundConfig;
  /** The embedded store: the `local` backend reads from it. */
  store: TraceStore;
  /** The backend clients; built from the configuration when absent (tests pass clients on a MockAgent). */
  backends?: ReadonlyMap<string, TraceBackend>;
  /** Largest attached file analysed, in bytes. */
  maxFileBytes?: number;
}

function resultOf(trace: Trace, source: string): TriageResult {
  return {
    report: attributeRootCause(trace),
    trace: {
      traceId: trace.traceId,
      format: trace.format,
      spanCount: trace.spans.length,
      source,
      traceUrl: trace.traceUrl,
    },
  };
}

/**
 * What the chat adapters call. Attached files are read and analysed; links and IDs are resolved and
 * fetched from the backends the asker's workspace and channel may use (a link to any other host is
 * refused before any request); errors are TracehoundErrors the adapters turn into replies.
 */
export function createTriageService(options: TriageServiceOptions): TriageService {
  const backends = options.backends ?? createBackends(options.config, { local: new LocalBackend(options.store) });
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
        scope: {
          platform: scope.platform,
          ...(scope.workspaceId === null ? {} : { workspace: scope.workspaceId }),
          ...(scope.channelId === null ? {} : { channel: scope.channelId }),
        },
        backends,
        ...(signal ? { signal } : {}),
      });
      return resultOf(trace, trace.source);
    },
  };
}
