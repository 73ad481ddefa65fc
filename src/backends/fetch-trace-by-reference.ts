import { type AccessScope, backendsForScope, type TracehoundConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import { resolveTraceReference } from '../links/index.js';
import type { Trace } from '../model/trace.js';
import type { TraceBackend } from './trace-backend.js';

export interface FetchTraceContext {
  config: TracehoundConfig;
  scope: AccessScope;
  backends: ReadonlyMap<string, TraceBackend>;
  signal?: AbortSignal;
}

function refusedForScope(): TracehoundError {
  // Same words whether or not the trace exists: nothing was asked of the backend.
  return new TracehoundError('access_denied', 'that backend is not available in this workspace or channel');
}

/**
 * Resolves a pasted link or ID and fetches the trace. A link goes to its backend; a bare ID is tried on every
 * backend the scope may use at once: the first hit wins and the other requests are cancelled.
 */
export async function fetchTraceByReference(reference: string, context: FetchTraceContext): Promise<Trace> {
  const resolved = resolveTraceReference(reference, context.config);
  const allowed = backendsForScope(context.config, context.scope)
    .map((backend) => context.backends.get(backend.name))
    .filter((backend): backend is TraceBackend => backend !== undefined);

  if (resolved.kind === 'link') {
    const backend = allowed.find((candidate) => candidate.name === resolved.backendName);
    if (backend === undefined) throw refusedForScope();
    const options = context.signal !== undefined ? { signal: context.signal } : {};
    if (resolved.idKind === 'share') {
      // A share token is not a trace ID: only the backend's public share endpoint knows it.
      if (backend.fetchSharedTrace === undefined) {
        throw new TracehoundError('link_unsupported', `${backend.name} cannot open public share links`);
      }
      return backend.fetchSharedTrace(resolved.traceId, options);
    }
    return backend.fetchTrace(resolved.traceId, options);
  }
  if (allowed.length === 0) throw refusedForScope();
  return fetchFromFirst(allowed, resolved.traceId, context.signal);
}

async function fetchFromFirst(
  backends: TraceBackend[],
  traceId: string,
  signal: AbortSignal | undefined,
): Promise<Trace> {
  const controllers = backends.map(() => new AbortController());
  const onAbort = (): void => {
    for (const controller of controllers) controller.abort(signal?.reason);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const failures: Array<{ backend: string; error: unknown }> = [];
  try {
    return await Promise.any(
      backends.map(async (backend, index) => {
        const controller = controllers[index] as AbortController;
        try {
          const trace = await backend.fetchTrace(traceId, { signal: controller.signal });
          controllers.forEach((other, otherIndex) => {
            if (otherIndex !== index) other.abort(new Error('another backend answered first'));
          });
          return trace;
        } catch (error) {
          failures.push({ backend: backend.name, error });
          throw error;
        }
      }),
    );
  } catch {
    if (signal?.aborted) throw signal.reason;
    const tried = backends.map((backend) => backend.name).join(', ');
    const other = failures.find(
      (failure) => !TracehoundError.isInstance(failure.error) || failure.error.code !== 'trace_not_found',
    );
    if (other === undefined) {
      throw new TracehoundError('trace_not_found', `trace ${traceId} was not found on ${tried}`, {
        details: { backends: tried },
      });
    }
    const summary = failures
      .map(
        (failure) => `${failure.backend}: ${TracehoundError.isInstance(failure.error) ? failure.error.code : 'failed'}`,
      )
      .join('; ');
    throw new TracehoundError(
      TracehoundError.isInstance(other.error) ? other.error.code : 'backend_failed',
      `trace ${traceId} could not be fetched (${summary})`,
      { cause: other.error, details: { backends: tried } },
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
