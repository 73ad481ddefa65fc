import { z } from 'zod';
import type { Trace } from '../model/trace.js';
import {
  assertTraceId,
  joinUrl,
  originsOf,
  RemoteBackend,
  requireUrl,
  staticAuthHeaders,
  traceFromResponse,
  unexpectedShapeError,
} from './backend-support.js';
import type { FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';

/** `/api/v2/traces` → a list of traces, each a list of spans; only the IDs and times are needed here. */
const searchResponseSchema = z.array(
  z.array(z.looseObject({ traceId: z.string().regex(/^[0-9a-fA-F]{16,32}$/), timestamp: z.number().optional() })),
);

/**
 * Zipkin v2: `/api/v2/trace/{id}` → a JSON array of spans. Failed runs are found with
 * `/api/v2/traces?annotationQuery=error`: the OpenTelemetry exporter tags failed spans `error`, and a
 * bare word in the query matches a tag key.
 */
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

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    // Zipkin on Cassandra needs a service name; other storages search every service at once.
    const services: Array<string | undefined> = this.config.services ?? [undefined];
    const startedAt = new Map<string, number>();
    for (const serviceName of services) {
      options.signal?.throwIfAborted();
      const url = joinUrl(requireUrl(this.config), '/api/v2/traces', {
        serviceName,
        annotationQuery: 'error',
        endTs: Math.ceil(window.end),
        lookback: Math.max(1, Math.ceil(window.end - window.start)),
        limit,
      });
      const parsed = searchResponseSchema.safeParse(
        await this.dependencies.http.requestJson({
          backendName: this.name,
          url,
          allowedOrigins: originsOf(this.config),
          headers: staticAuthHeaders(this.config, this.dependencies.environment),
          ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
          ...(options.signal !== undefined ? { signal: options.signal } : {}),
        }),
      );
      if (!parsed.success) {
        throw unexpectedShapeError(
          this.name,
          '/api/v2/traces',
          'a list of traces (lists of spans with a traceId)',
          parsed.error,
        );
      }
      for (const spans of parsed.data) {
        const first = spans[0];
        if (!first) continue;
        const traceId = first.traceId.toLowerCase();
        const start = Math.min(...spans.map((span) => span.timestamp ?? Number.POSITIVE_INFINITY));
        startedAt.set(traceId, Math.min(startedAt.get(traceId) ?? Number.POSITIVE_INFINITY, start));
      }
    }
    return [...startedAt.entries()]
      .sort((left, right) => right[1] - left[1] || left[0].localeCompare(right[0]))
      .map(([traceId]) => traceId)
      .slice(0, limit);
  }
}
