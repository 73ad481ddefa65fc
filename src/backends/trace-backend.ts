import type { Trace } from '../model/trace.js';

export type BackendType =
  | 'jaeger'
  | 'tempo'
  | 'grafana-tempo'
  | 'zipkin'
  | 'langfuse'
  | 'phoenix'
  | 'langsmith'
  | 'appinsights'
  | 'loganalytics'
  | 'local';

export interface TimeWindow {
  /** Milliseconds since the Unix epoch. */
  start: number;
  end: number;
}

export interface FetchOptions {
  signal?: AbortSignal;
}

/** One client per backend (src/backends/<type>.ts) implements this. */
export interface TraceBackend {
  /** The configured name (`prod-jaeger`). */
  readonly name: string;
  readonly type: BackendType;
  /**
   * Throws TracehoundError `trace_not_found`, `backend_auth`, `backend_timeout`, `backend_rate_limited`,
   * `backend_unavailable` (5xx after retries, unreachable), `backend_bad_response` (cut short, not JSON, wrong
   * shape, too large) or `backend_failed` (another 4xx, a redirect).
   */
  fetchTrace(traceId: string, options?: FetchOptions): Promise<Trace>;
  /** A trace published with a public share token (LangSmith `/public/<token>/r`); absent where there is no such thing. */
  fetchSharedTrace?(shareToken: string, options?: FetchOptions): Promise<Trace>;
  /** Trace IDs of failed runs in the window, newest first; absent where the backend's API has no such search. */
  searchFailedTraces?(window: TimeWindow, limit: number, options?: FetchOptions): Promise<string[]>;
  /** The trace in the backend's own UI, when its UI URL is known. */
  traceUrl(traceId: string): string | null;
}
