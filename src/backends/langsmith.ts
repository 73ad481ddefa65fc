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
} from './backend-support.js';
import type { HttpCall } from './http-client.js';
import type { FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';

const runsPageSchema = z.object({
  runs: z.array(z.looseObject({ id: z.string(), trace_id: z.string().nullish(), start_time: z.string().nullish() })),
  cursors: z.looseObject({ next: z.string().nullish() }).nullish(),
});

const maximumPages = 50;

/** LangSmith: `POST /runs/query` with `trace` (and the configured project as `session`), cursor paging. */
export class LangsmithBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'langsmith' as const;

  traceUrl(traceId: string): string | null {
    const base = this.config.uiUrl;
    const project = this.config.projectId;
    if (base === undefined || project === undefined) return null;
    return `${base.replace(/\/+$/, '')}/projects/p/${encodeURIComponent(project)}?peek=${encodeURIComponent(traceId)}`;
  }

  #call(body: Record<string, unknown>, signal: AbortSignal | undefined): HttpCall {
    return {
      backendName: this.name,
      url: joinUrl(requireUrl(this.config), '/runs/query'),
      method: 'POST',
      body: JSON.stringify(body),
      allowedOrigins: originsOf(this.config),
      headers: {
        'content-type': 'application/json',
        ...staticAuthHeaders(this.config, this.dependencies.environment),
      },
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    };
  }

  async #runs(filter: Record<string, unknown>, signal: AbortSignal | undefined, pageLimit: number) {
    const runs: Array<z.infer<typeof runsPageSchema>['runs'][number]> = [];
    let cursor: string | undefined;
    for (let page = 0; page < pageLimit; page += 1) {
      const body = {
        ...(this.config.projectId !== undefined ? { session: [this.config.projectId] } : {}),
        ...filter,
        limit: 100,
        ...(cursor !== undefined ? { cursor } : {}),
      };
      const parsed = runsPageSchema.safeParse(await this.dependencies.http.requestJson(this.#call(body, signal)));
      if (!parsed.success) {
        throw new TracehoundError('backend_failed', `${this.name}: /runs/query answered without a \`runs\` array`);
      }
      runs.push(...parsed.data.runs);
      cursor = parsed.data.cursors?.next ?? undefined;
      if (cursor === undefined || cursor === '') break;
    }
    return runs;
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    let runs = await this.#runs({ trace: traceId }, options.signal, maximumPages);
    if (runs.length === 0) {
      // A run link names a run, not its trace: read the run to find the trace it belongs to.
      const [run] = await this.#runs({ id: [traceId] }, options.signal, 1);
      if (run?.trace_id !== undefined && run.trace_id !== null && run.trace_id !== traceId) {
        runs = await this.#runs({ trace: run.trace_id }, options.signal, maximumPages);
      }
    }
    if (runs.length === 0) {
      throw new TracehoundError('trace_not_found', `${this.name}: no runs for trace ${traceId}`, {
        details: { backend: this.name },
      });
    }
    return traceFromResponse(this.config, JSON.stringify({ runs }), traceId, this.traceUrl(traceId));
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    const runs = await this.#runs(
      {
        error: true,
        start_time: new Date(window.start).toISOString(),
        end_time: new Date(window.end).toISOString(),
      },
      options.signal,
      1,
    );
    const sorted = [...runs].sort((left, right) => (right.start_time ?? '').localeCompare(left.start_time ?? ''));
    const traceIds: string[] = [];
    for (const run of sorted) {
      const traceId = run.trace_id ?? run.id;
      if (!traceIds.includes(traceId)) traceIds.push(traceId);
      if (traceIds.length >= limit) break;
    }
    return traceIds;
  }
}
