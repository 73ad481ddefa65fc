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

const runsPageSchema = z.object({
  runs: z.array(z.looseObject({ id: z.string(), trace_id: z.string().nullish(), start_time: z.string().nullish() })),
  cursors: z.looseObject({ next: z.string().nullish() }).nullish(),
});

const maximumPages = 50;

/** `GET /public/{token}/run`: the shared run (RunPublicSchema); `child_run_ids` lists its descendants. */
const sharedRunSchema = z.looseObject({
  id: z.string(),
  trace_id: z.string().nullish(),
  child_run_ids: z.array(z.string()).nullish(),
});
/** `POST /public/{token}/runs/query` answers `{runs, cursors}`; `GET /public/{token}/runs` a bare list. */
const sharedRunsPageSchema = z.looseObject({ runs: z.array(z.looseObject({ id: z.string() })) });
const sharedRunsListSchema = z.array(z.looseObject({ id: z.string() }));

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Run IDs per public `runs/query` call: keeps each body small. */
const sharedBatchSize = 100;
const maximumSharedRuns = 10_000;

/** LangSmith: `POST /runs/query` with `trace` (and the configured project as `session`), cursor paging. */
export class LangsmithBackend extends RemoteBackend implements TraceBackend {
  readonly type = 'langsmith' as const;

  traceUrl(traceId: string): string | null {
    const base = this.config.uiUrl;
    const project = this.config.projectId;
    if (base === undefined || project === undefined) return null;
    return `${base.replace(/\/+$/, '')}/projects/p/${encodeURIComponent(project)}?peek=${encodeURIComponent(traceId)}`;
  }

  /** The LangSmith UI: `uiUrl`, else derived from the API host (`api.smith…` → `smith…`, `<host>/api/v1` → `<host>`). */
  #uiBase(): string | null {
    if (this.config.uiUrl !== undefined) return this.config.uiUrl.replace(/\/+$/, '');
    if (this.config.url === undefined) return null;
    const api = new URL(this.config.url);
    if (/(^|\.)api\.smith\.langchain\.com$/.test(api.hostname)) {
      return `${api.protocol}//${api.hostname.replace(/(^|\.)api\.smith\.langchain\.com$/, '$1smith.langchain.com')}`;
    }
    return /\/api(\/v1)?\/?$/.test(api.pathname) ? api.origin : null;
  }

  /** The public share page of a shared trace. */
  sharedTraceUrl(shareToken: string): string | null {
    const base = this.#uiBase();
    return base === null ? null : `${base}/public/${encodeURIComponent(shareToken)}/r`;
  }

  #publicCall(path: string, signal: AbortSignal | undefined, body?: Record<string, unknown>): HttpCall {
    // Public share endpoints need no key: none is sent, so a share link works without LangSmith credentials.
    return {
      backendName: this.name,
      url: joinUrl(requireUrl(this.config), path),
      allowedOrigins: originsOf(this.config),
      ...(body !== undefined
        ? { method: 'POST' as const, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }
        : {}),
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    };
  }

  /**
   * A public share link's trace: the shared run (`GET /public/{token}/run`), then its descendants by ID
   * (`POST /public/{token}/runs/query`, `{id: [...]}`); where the run lists no `child_run_ids`, the share's run
   * list (`GET /public/{token}/runs`).
   */
  async fetchSharedTrace(shareToken: string, options: FetchOptions = {}): Promise<Trace> {
    if (!uuid.test(shareToken)) {
      throw new TracehoundError('input_unreadable', `${this.name}: "${shareToken.slice(0, 40)}" is not a share token`);
    }
    const token = shareToken.toLowerCase();
    const parsedRoot = sharedRunSchema.safeParse(
      await this.dependencies.http.requestJson(this.#publicCall(`/public/${token}/run`, options.signal)),
    );
    if (!parsedRoot.success) {
      throw unexpectedShapeError(this.name, '/public/…/run', 'a run with an `id`', parsedRoot.error);
    }
    const root = parsedRoot.data;
    const runs = new Map<string, Record<string, unknown>>([[root.id, root]]);
    const childIds = [...new Set(root.child_run_ids ?? [])].filter((id) => id !== root.id).slice(0, maximumSharedRuns);
    if (childIds.length > 0) {
      for (let start = 0; start < childIds.length; start += sharedBatchSize) {
        const batch = childIds.slice(start, start + sharedBatchSize);
        const page = sharedRunsPageSchema.safeParse(
          await this.dependencies.http.requestJson(
            this.#publicCall(`/public/${token}/runs/query`, options.signal, { id: batch }),
          ),
        );
        if (!page.success) {
          throw unexpectedShapeError(this.name, '/public/…/runs/query', 'a `runs` array', page.error);
        }
        for (const run of page.data.runs) runs.set(run.id, run);
      }
    } else {
      const list = sharedRunsListSchema.safeParse(
        await this.dependencies.http.requestJson(this.#publicCall(`/public/${token}/runs`, options.signal)),
      );
      if (!list.success) {
        throw unexpectedShapeError(this.name, '/public/…/runs', 'a list of runs', list.error);
      }
      for (const run of list.data) if (!runs.has(run.id)) runs.set(run.id, run);
    }
    const traceId = root.trace_id ?? root.id;
    return traceFromResponse(
      this.config,
      JSON.stringify({ runs: [...runs.values()] }),
      traceId,
      this.sharedTraceUrl(token),
    );
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
        throw unexpectedShapeError(this.name, '/runs/query', 'a `runs` array and `cursors`', parsed.error);
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
