import { TracehoundError } from '../errors/index.js';
import type { Trace } from '../model/trace.js';
import {
  assertTraceId,
  joinUrl,
  originsOf,
  RemoteBackend,
  requireUrl,
  staticAuthHeaders,
  traceFromResponse,
} from './backend-support.js';
import type { FetchOptions, TraceBackend } from './trace-backend.js';

/** Jaeger query: API v3 `/api/v3/traces/{id}` (OTLP JSON), falling back to the v1 UI API on 404. */
export class JaegerBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'jaeger' as const;

  traceUrl(traceId: string): string | null {
    const base = this.config.uiUrl ?? this.config.url;
    return base === undefined ? null : `${base.replace(/\/+$/, '')}/trace/${traceId}`;
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    const base = requireUrl(this.config);
    const common = {
      backendName: this.name,
      allowedOrigins: originsOf(this.config),
      headers: staticAuthHeaders(this.config, this.dependencies.environment),
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    };
    let body: Uint8Array;
    try {
      body = await this.dependencies.http.requestBytes({ ...common, url: joinUrl(base, `/api/v3/traces/${traceId}`) });
    } catch (error) {
      // Jaeger v1 has no v3 route and answers 404: the v1 UI API then decides whether the trace exists.
      if (!TracehoundError.isInstance(error) || error.code !== 'trace_not_found') throw error;
      body = await this.dependencies.http.requestBytes({ ...common, url: joinUrl(base, `/api/traces/${traceId}`) });
    }
    return traceFromResponse(this.config, body, traceId, this.traceUrl(traceId));
  }
}
