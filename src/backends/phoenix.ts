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

const spansPageSchema = z.object({
  data: z.array(
    z.looseObject({
      context: z.looseObject({ trace_id: z.string() }).optional(),
      start_time: z.string().nullish(),
    }),
  ),
  next_cursor: z.string().nullish(),
});

const maximumPages = 50;

/** Arize Phoenix REST: `/v1/projects/{project}/spans?trace_id=` with cursor paging (`project` defaults to `default`). */
export class PhoenixBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'phoenix' as const;

  get #project(): string {
    return this.config.project ?? 'default';
  }

  traceUrl(traceId: string): string | null {
    const base = this.config.uiUrl ?? this.config.url;
    return base === undefined ? null : `${base.replace(/\/+$/, '')}/redirects/traces/${traceId}`;
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

  async #spans(query: Record<string, string | number | undefined>, signal: AbortSignal | undefined, pageLimit: number) {
    const path = `/v1/projects/${encodeURIComponent(this.#project)}/spans`;
    const spans: Array<z.infer<typeof spansPageSchema>['data'][number]> = [];
    let cursor: string | undefined;
    for (let page = 0; page < pageLimit; page += 1) {
      const url = joinUrl(requireUrl(this.config), path, { ...query, cursor });
      const parsed = spansPageSchema.safeParse(await this.dependencies.http.requestJson(this.#call(url, signal)));
      if (!parsed.success) {
        throw unexpectedShapeError(this.name, path, 'a `data` array of spans and `next_cursor`', parsed.error);
      }
      spans.push(...parsed.data.data);
      cursor = parsed.data.next_cursor ?? undefined;
      if (cursor === undefined || cursor === '') break;
    }
    return spans;
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    const spans = await this.#spans({ trace_id: traceId.toLowerCase(), limit: 1000 }, options.signal, maximumPages);
    if (spans.length === 0) {
      throw new TracehoundError('trace_not_found', `${this.name}: no spans for trace ${traceId}`, {
        details: { backend: this.name },
      });
    }
    return traceFromResponse(
      this.config,
      JSON.stringify({ data: spans, next_cursor: null }),
      traceId,
      this.traceUrl(traceId),
    );
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    const spans = await this.#spans(
      {
        status_code: 'ERROR',
        start_time: new Date(window.start).toISOString(),
        end_time: new Date(window.end).toISOString(),
        limit: Math.min(1000, Math.max(1, limit * 5)),
      },
      options.signal,
      1,
    );
    const sorted = [...spans].sort((left, right) => (right.start_time ?? '').localeCompare(left.start_time ?? ''));
    const traceIds: string[] = [];
    for (const span of sorted) {
      const traceId = span.context?.trace_id;
      if (traceId !== undefined && !traceIds.includes(traceId)) traceIds.push(traceId);
      if (traceIds.length >= limit) break;
    }
    return traceIds;
  }
}
