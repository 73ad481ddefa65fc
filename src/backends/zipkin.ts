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

/** Zipkin v2: `/api/v2/trace/{id}` → a JSON array of spans. */
export class ZipkinBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'zipkin' as const;

  traceUrl(traceId: string): string | null {
    if (this.config.uiUrl !== undefined) return `${this.config.uiUrl.replace(/\/+$/, '')}/traces/${traceId}`;
    return this.config.url === undefined ? null : `${this.config.url.replace(/\/+$/, '')}/zipkin/traces/${traceId}`;
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    const body = await this.dependencies.http.requestBytes({
      backendName: this.name,
      url: joinUrl(requireUrl(this.config), `/api/v2/trace/${traceId.toLowerCase()}`),
      allowedOrigins: originsOf(this.config),
      headers: staticAuthHeaders(this.config, this.dependencies.environment),
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
    });
    return traceFromResponse(this.config, body, traceId, this.traceUrl(traceId));
  }
}
