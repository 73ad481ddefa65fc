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

/** `/api/v3/services` → `{services: [...]}`; the v1 UI API `/api/services` → `{data: [...], total, ...}`. */
const servicesV3Schema = z.looseObject({ services: z.array(z.string()).nullish() });
const servicesV1Schema = z.looseObject({ data: z.array(z.string()).nullish() });

const keyValueSchema = z.looseObject({ key: z.string(), value: z.unknown() });

/** Only what the search needs from an OTLP `{result: {resourceSpans}}` body (v3 FindTraces). */
const findTracesV3Schema = z.looseObject({
  result: z
    .looseObject({
      resourceSpans: z
        .array(
          z.looseObject({
            scopeSpans: z
              .array(
                z.looseObject({
                  spans: z
                    .array(
                      z.looseObject({
                        traceId: z.string(),
                        startTimeUnixNano: z.union([z.string(), z.number()]).optional(),
                        status: z.looseObject({ code: z.union([z.number(), z.string()]).optional() }).nullish(),
                        attributes: z.array(keyValueSchema).nullish(),
                      }),
                    )
                    .nullish(),
                }),
              )
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

/** Only what the search needs from the v1 `{data: [Trace]}` body. */
const findTracesV1Schema = z.looseObject({
  data: z
    .array(
      z.looseObject({
        traceID: z.string(),
        spans: z
          .array(
            z.looseObject({
              startTime: z.number().optional(),
              tags: z.array(keyValueSchema).nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});

interface FoundTrace {
  traceId: string;
  /** Earliest span start, in milliseconds; ranks traces newest first. */
  start: number;
}

/** How many services are searched at once: enough to be quick, few enough not to flood a shared Jaeger. */
const searchConcurrency = 4;

function isErrorValue(value: unknown): boolean {
  if (value === true || value === 'true') return true;
  // OTLP AnyValue: `{boolValue: true}` or `{stringValue: "true"}`.
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return record.boolValue === true || record.stringValue === 'true';
  }
  return false;
}

function nanosToMillis(value: string | number | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value / 1e6;
  return /^\d+$/.test(value) ? Number(BigInt(value) / 1_000_000n) : 0;
}

/**
 * Failed traces in a v3 FindTraces body. Jaeger builds before `query.attributes` was read ignore the filter,
 * so the spans are checked here as well: a trace counts only when a span has an error status or `error` tag.
 */
function failedTracesV3(body: z.infer<typeof findTracesV3Schema>): FoundTrace[] {
  const byTrace = new Map<string, { start: number; failed: boolean }>();
  for (const resource of body.result?.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        const traceId = span.traceId.toLowerCase();
        const start = nanosToMillis(span.startTimeUnixNano);
        const failed =
          span.status?.code === 2 ||
          span.status?.code === 'STATUS_CODE_ERROR' ||
          (span.attributes ?? []).some((attribute) => attribute.key === 'error' && isErrorValue(attribute.value));
        const known = byTrace.get(traceId);
        if (known === undefined) byTrace.set(traceId, { start, failed });
        else {
          known.start = Math.min(known.start, start);
          known.failed ||= failed;
        }
      }
    }
  }
  return [...byTrace.entries()].filter(([, trace]) => trace.failed).map(([traceId, { start }]) => ({ traceId, start }));
}

function failedTracesV1(body: z.infer<typeof findTracesV1Schema>): FoundTrace[] {
  return (body.data ?? [])
    .filter((trace) =>
      (trace.spans ?? []).some((span) =>
        (span.tags ?? []).some((tag) => tag.key === 'error' && isErrorValue(tag.value)),
      ),
    )
    .map((trace) => ({
      traceId: trace.traceID.toLowerCase(),
      start: (trace.spans ?? []).reduce(
        (earliest, span) => Math.min(earliest, (span.startTime ?? 0) / 1000),
        Number.POSITIVE_INFINITY,
      ),
    }));
}

function isNotFound(error: unknown): boolean {
  return TracehoundError.isInstance(error) && error.code === 'trace_not_found';
}

/** Runs `work` over `items`, at most `limit` at a time, stopping early once `enough()` says so. */
async function forEachBounded<Item>(
  items: readonly Item[],
  limit: number,
  work: (item: Item) => Promise<void>,
  enough: () => boolean,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed && !enough()) {
      const item = items[next] as Item;
      next += 1;
      try {
        await work(item);
      } catch (error) {
        // One failure ends the search: the other workers take no new items.
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Jaeger query: API v3 `/api/v3/traces/{id}` (OTLP JSON), falling back to the v1 UI API on 404. */
export class JaegerBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'jaeger' as const;

  traceUrl(traceId: string): string | null {
    const base = this.config.uiUrl ?? this.config.url;
    return base === undefined ? null : `${base.replace(/\/+$/, '')}/trace/${traceId}`;
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

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    const base = requireUrl(this.config);
    let body: Uint8Array;
    try {
      body = await this.dependencies.http.requestBytes(
        this.#call(joinUrl(base, `/api/v3/traces/${traceId}`), options.signal),
      );
    } catch (error) {
      // Jaeger v1 has no v3 route and answers 404: the v1 UI API then decides whether the trace exists.
      if (!isNotFound(error)) throw error;
      body = await this.dependencies.http.requestBytes(
        this.#call(joinUrl(base, `/api/traces/${traceId}`), options.signal),
      );
    }
    return traceFromResponse(this.config, body, traceId, this.traceUrl(traceId));
  }

  /** The configured `services`, else the API's list (v3, or v1 where v3 is absent). */
  async #services(signal: AbortSignal | undefined): Promise<string[]> {
    if (this.config.services !== undefined) return [...this.config.services];
    const base = requireUrl(this.config);
    try {
      const parsed = servicesV3Schema.safeParse(
        await this.dependencies.http.requestJson(this.#call(joinUrl(base, '/api/v3/services'), signal)),
      );
      if (!parsed.success) {
        throw unexpectedShapeError(this.name, '/api/v3/services', 'a `services` list', parsed.error);
      }
      return parsed.data.services ?? [];
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const parsed = servicesV1Schema.safeParse(
      await this.dependencies.http.requestJson(this.#call(joinUrl(base, '/api/services'), signal)),
    );
    if (!parsed.success) {
      throw unexpectedShapeError(this.name, '/api/services', 'a `data` list of service names', parsed.error);
    }
    return parsed.data.data ?? [];
  }

  /**
   * One service's failed traces: v3 FindTraces with `query.attributes={"error":"true"}` (snake_case names, which
   * every v3 build reads); its 404 means "none found" or "no v3", so the v1 search (`tags`, microseconds) decides.
   */
  async #searchService(
    service: string,
    window: TimeWindow,
    limit: number,
    signal: AbortSignal | undefined,
  ): Promise<FoundTrace[]> {
    const base = requireUrl(this.config);
    try {
      const v3 = joinUrl(base, '/api/v3/traces', {
        'query.service_name': service,
        'query.start_time_min': new Date(window.start).toISOString(),
        'query.start_time_max': new Date(window.end).toISOString(),
        'query.attributes': JSON.stringify({ error: 'true' }),
        'query.num_traces': limit,
      });
      const parsed = findTracesV3Schema.safeParse(await this.dependencies.http.requestJson(this.#call(v3, signal)));
      if (!parsed.success) {
        throw unexpectedShapeError(this.name, '/api/v3/traces', 'OTLP spans under `result`', parsed.error);
      }
      return failedTracesV3(parsed.data);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const v1 = joinUrl(base, '/api/traces', {
      service,
      tags: JSON.stringify({ error: 'true' }),
      start: Math.floor(window.start * 1000),
      end: Math.ceil(window.end * 1000),
      limit,
    });
    let answer: unknown;
    try {
      answer = await this.dependencies.http.requestJson(this.#call(v1, signal));
    } catch (error) {
      if (isNotFound(error)) return [];
      throw error;
    }
    const parsed = findTracesV1Schema.safeParse(answer);
    if (!parsed.success) {
      throw unexpectedShapeError(this.name, '/api/traces', 'a `data` list of traces', parsed.error);
    }
    return failedTracesV1(parsed.data);
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    options.signal?.throwIfAborted();
    const bounded = Math.max(1, Math.min(1000, Math.floor(limit)));
    const services = await this.#services(options.signal);
    const found = new Map<string, number>();
    await forEachBounded(
      services,
      searchConcurrency,
      async (service) => {
        options.signal?.throwIfAborted();
        for (const trace of await this.#searchService(service, window, bounded, options.signal)) {
          // A trace crossing services comes back once per service: keep its earliest start.
          found.set(trace.traceId, Math.min(found.get(trace.traceId) ?? trace.start, trace.start));
        }
      },
      () => options.signal?.aborted === true,
    );
    options.signal?.throwIfAborted();
    return [...found.entries()]
      .sort((left, right) => right[1] - left[1])
      .slice(0, bounded)
      .map(([traceId]) => traceId);
  }
}
