import { z } from 'zod';
import type { BackendConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import type { Trace } from '../model/trace.js';
import {
  assertTraceId,
  type BackendDependencies,
  joinUrl,
  originsOf,
  RemoteBackend,
  requireUrl,
  staticAuthHeaders,
  traceFromResponse,
  unexpectedShapeError,
} from './backend-support.js';
import type { FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';

const searchResponseSchema = z.object({
  traces: z
    .array(
      z.looseObject({ traceID: z.string(), startTimeUnixNano: z.string().regex(/^\d+$/).optional().catch(undefined) }),
    )
    .default([]),
});

/** A Grafana Explore link showing one trace in a Tempo data source. */
export function grafanaExploreUrl(grafanaBase: string, datasourceUid: string, traceId: string): string {
  const panes = {
    th1: {
      datasource: datasourceUid,
      queries: [
        { refId: 'A', datasource: { type: 'tempo', uid: datasourceUid }, queryType: 'traceql', query: traceId },
      ],
      range: { from: 'now-1h', to: 'now' },
    },
  };
  return `${grafanaBase.replace(/\/+$/, '')}/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify(panes))}`;
}

/**
 * Tempo, directly (`/api/traces/{id}`, `X-Scope-OrgID` for multi-tenant) or through Grafana's data-source
 * proxy (`grafana-tempo`: `/api/datasources/proxy/uid/{uid}/api/traces/{id}`).
 */
export class TempoBackend extends RemoteBackend implements TraceBackend {
  readonly type: 'tempo' | 'grafana-tempo';

  constructor(config: BackendConfig, dependencies: BackendDependencies) {
    super(config, dependencies);
    if (config.type === 'grafana-tempo' && config.datasourceUid === undefined) {
      throw new TracehoundError('config_invalid', `${config.name}: \`datasourceUid\` is required for grafana-tempo`);
    }
    this.type = config.type === 'grafana-tempo' ? 'grafana-tempo' : 'tempo';
  }

  traceUrl(traceId: string): string | null {
    const grafana = this.type === 'grafana-tempo' ? (this.config.uiUrl ?? this.config.url) : this.config.uiUrl;
    if (grafana === undefined || this.config.datasourceUid === undefined) return null;
    return grafanaExploreUrl(grafana, this.config.datasourceUid, traceId);
  }

  #apiPath(path: string): string {
    return this.type === 'grafana-tempo'
      ? `/api/datasources/proxy/uid/${encodeURIComponent(this.config.datasourceUid ?? '')}${path}`
      : path;
  }

  #call(url: URL, signal: AbortSignal | undefined) {
    return {
      backendName: this.name,
      url,
      allowedOrigins: originsOf(this.config),
      headers: {
        ...staticAuthHeaders(this.config, this.dependencies.environment),
        ...(this.config.orgId !== undefined ? { 'x-scope-orgid': this.config.orgId } : {}),
      },
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    };
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    assertTraceId(this.config, traceId);
    const url = joinUrl(requireUrl(this.config), this.#apiPath(`/api/traces/${traceId.toLowerCase()}`));
    const body = await this.dependencies.http.requestBytes(this.#call(url, options.signal));
    return traceFromResponse(this.config, body, traceId, this.traceUrl(traceId));
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    const url = joinUrl(requireUrl(this.config), this.#apiPath('/api/search'), {
      q: '{ status = error }',
      start: Math.floor(window.start / 1000),
      end: Math.ceil(window.end / 1000),
      limit,
    });
    const parsed = searchResponseSchema.safeParse(
      await this.dependencies.http.requestJson(this.#call(url, options.signal)),
    );
    if (!parsed.success) {
      throw unexpectedShapeError(this.name, '/api/search', 'a `traces` array', parsed.error);
    }
    return [...parsed.data.traces]
      .sort((left, right) => Number(BigInt(right.startTimeUnixNano ?? '0') - BigInt(left.startTimeUnixNano ?? '0')))
      .map((trace) => trace.traceID.toLowerCase())
      .slice(0, limit);
  }
}
