import { z } from 'zod';
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
  unexpectedShapeError,
} from './backend-support.js';
import type { HttpCall } from './http-client.js';
import type { FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';

const observationsPageSchema = z.object({
  data: z.array(z.looseObject({ id: z.string(), traceId: z.string().nullish(), startTime: z.string().nullish() })),
  meta: z.looseObject({ cursor: z.string().nullish() }).optional(),
});

const observationFields = 'core,basic,time,io,metadata,model,usage,prompt,metrics,trace_context';
const maximumPages = 50;

/**
 * Langfuse: the v2 observations API with cursor paging; self-hosted Langfuse v3 lacks it (404), so the legacy
 * `/api/public/traces/{id}` is the fallback.
 */
export class LangfuseBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'langfuse' as const;

  traceUrl(traceId: string): string | null {
    const base = this.config.uiUrl ?? this.config.url;
    if (base === undefined) return null;
    const project = this.config.projectId;
    const path =
      project === undefined
        ? `/trace/${encodeURIComponent(traceId)}`
        : `/project/${encodeURIComponent(project)}/traces/${encodeURIComponent(traceId)}`;
    return `${base.replace(/\/+$/, '')}${path}`;
  }

  #call(url: URL, signal: AbortSignal | undefined): HttpCall {
    return {
      backendName: this.name,
      url,
      allowedOrigins: originsOf(this.config),
      headers: staticAuthHeaders(this.config, this.dependencies.environment),
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    };
  }

  async #observations(
    query: Record<string, string | number | undefined>,
    signal: AbortSignal | undefined,
    pageLimit = maximumPages,
  ) {
    const base = requireUrl(this.config);
    const all: Array<z.infer<typeof observationsPageSchema>['data'][number]> = [];
    let cursor: string | undefined;
    for (let page = 0; page < pageLimit; page += 1) {
      const url = joinUrl(base, '/api/public/v2/observations', { ...query, cursor });
      const parsed = observationsPageSchema.safeParse(
        await this.dependencies.http.requestJson(this.#call(url, signal)),
      );
      if (!parsed.success) {
        throw unexpectedShapeError(
          this.name,
          '/api/public/v2/observations',
          'a `data` array of observations and `meta`',
          parsed.error,
        );
      }
      all.push(...parsed.data.data);
      cursor = parsed.data.meta?.cursor ?? undefined;
      if (cursor === undefined || parsed.data.data.length === 0) break;
    }
    return all;
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    let observations: unknown[];
    try {
      observations = await this.#observations({ traceId, fields: observationFields, limit: 1000 }, options.signal);
    } catch (error) {
      if (!TracehoundError.isInstance(error) || error.code !== 'trace_not_found') throw error;
      const legacy = joinUrl(requireUrl(this.config), `/api/public/traces/${encodeURIComponent(traceId)}`);
      const body = await this.dependencies.http.requestBytes(this.#call(legacy, options.signal));
      return traceFromResponse(this.config, body, traceId, this.traceUrl(traceId));
    }
    if (observations.length === 0) {
      throw new TracehoundError('trace_not_found', `${this.name}: no observations for trace ${traceId}`, {
        details: { backend: this.name },
      });
    }
    return traceFromResponse(this.config, JSON.stringify({ data: observations }), traceId, this.traceUrl(traceId));
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    const observations = await this.#observations(
      {
        level: 'ERROR',
        fromStartTime: new Date(window.start).toISOString(),
        toStartTime: new Date(window.end).toISOString(),
        fields: 'core',
        limit: Math.min(1000, Math.max(1, limit * 5)),
      },
      options.signal,
      5,
    );
    const sorted = [...observations].sort((left, right) => (right.startTime ?? '').localeCompare(left.startTime ?? ''));
    const traceIds: string[] = [];
    for (const observation of sorted) {
      const traceId = observation.traceId;
      if (typeof traceId === 'string' && !traceIds.includes(traceId)) traceIds.push(traceId);
      if (traceIds.length >= limit) break;
    }
    return traceIds;
  }
}
