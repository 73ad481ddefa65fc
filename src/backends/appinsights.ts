import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { BackendConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import type { Trace } from '../model/trace.js';
import {
  type BackendDependencies,
  joinUrl,
  originsOf,
  RemoteBackend,
  staticAuthHeaders,
  traceFromResponse,
  unexpectedShapeError,
} from './backend-support.js';
import { EntraTokenSource } from './entra-token-source.js';
import type { FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';

const queryResponseSchema = z.object({
  tables: z.array(z.looseObject({ rows: z.array(z.array(z.unknown())) })),
});

const operationId = /^[0-9a-f]{32}$/i;

/** The union over one operation, as Microsoft's Foundry trace references query it (FORMATS.md A.5). */
function operationQuery(variant: 'appinsights' | 'loganalytics', traceId: string): string {
  if (variant === 'appinsights') {
    return [
      'union withsource=tbl requests, dependencies, traces, exceptions',
      `| where operation_Id == "${traceId}"`,
      '| project tbl, timestamp, name, id, operation_ParentId, operation_Id, duration, success, resultCode, message, type, outerMessage, customDimensions',
      '| order by timestamp asc',
    ].join('\n');
  }
  return [
    'union AppRequests, AppDependencies, AppTraces, AppExceptions',
    `| where OperationId == "${traceId}"`,
    '| project Type, TimeGenerated, Name, Id, ParentId, OperationId, DurationMs, Success, ResultCode, DependencyType, Message, ExceptionType, OuterMessage, Properties, AppRoleName',
    '| order by TimeGenerated asc',
  ].join('\n');
}

/** The query a portal link opens: every row of the operation, oldest first (the time range is the link's). */
function portalQuery(variant: 'appinsights' | 'loganalytics', traceId: string): string {
  return variant === 'appinsights'
    ? `union requests, dependencies, traces, exceptions\n| where operation_Id == "${traceId}"\n| order by timestamp asc`
    : `union AppRequests, AppDependencies, AppTraces, AppExceptions\n| where OperationId == "${traceId}"\n| order by TimeGenerated asc`;
}

function failedQuery(variant: 'appinsights' | 'loganalytics', limit: number): string {
  return variant === 'appinsights'
    ? `union requests, dependencies | where success == false | summarize last = max(timestamp) by operation_Id | top ${limit} by last desc | project operation_Id`
    : `union AppRequests, AppDependencies | where Success == false | summarize last = max(TimeGenerated) by OperationId | top ${limit} by last desc | project OperationId`;
}

/** ISO 8601 duration covering the window (the APIs take `timespan` as start/end). */
function timespanOf(window: TimeWindow): string {
  return `${new Date(window.start).toISOString()}/${new Date(window.end).toISOString()}`;
}

/**
 * Application Insights (`/v1/apps/{appId}/query`) or Log Analytics (`/v1/workspaces/{id}/query`), with an Entra
 * client-credentials token (cached) or an API key via `header` auth.
 */
export class AppInsightsBackend extends RemoteBackend implements TraceBackend {
  readonly type: 'appinsights' | 'loganalytics';
  readonly #base: URL;
  readonly #path: string;
  readonly #tokens: EntraTokenSource | undefined;

  constructor(config: BackendConfig, dependencies: BackendDependencies) {
    super(config, dependencies);
    this.type = config.type === 'loganalytics' ? 'loganalytics' : 'appinsights';
    const resource = this.type === 'appinsights' ? 'https://api.applicationinsights.io' : 'https://api.loganalytics.io';
    this.#base = new URL(config.url ?? resource);
    const identifier = this.type === 'appinsights' ? config.appId : config.workspaceId;
    if (identifier === undefined) {
      throw new TracehoundError(
        'config_invalid',
        `${config.name}: \`${this.type === 'appinsights' ? 'appId' : 'workspaceId'}\` is required for ${this.type}`,
      );
    }
    this.#path = `/v1/${this.type === 'appinsights' ? 'apps' : 'workspaces'}/${encodeURIComponent(identifier)}/query`;
    this.#tokens =
      config.auth?.type === 'entra'
        ? new EntraTokenSource(config, dependencies.http, dependencies.environment, resource)
        : undefined;
  }

  /**
   * The operation in the Azure portal: a Logs query link scoped to the configured `resourceId` (the
   * `AnalyticsBlade/.../scope/{resources}/query/{gzip+base64 KQL}` form Grafana's Azure Monitor data source builds),
   * listing the operation's rows; each row opens the end-to-end transaction view. Null without `resourceId`.
   */
  traceUrl(traceId: string): string | null {
    const resourceId = this.config.resourceId;
    if (resourceId === undefined || !operationId.test(traceId)) return null;
    const portal = (this.config.uiUrl ?? 'https://portal.azure.com').replace(/\/+$/, '');
    const scope = JSON.stringify({ resources: [{ resourceId }] });
    // The tables the portal shows depend on the scope: an App Insights component has the classic names.
    const variant = /\/providers\/microsoft\.insights\/components\//i.test(resourceId) ? 'appinsights' : 'loganalytics';
    const query = gzipSync(Buffer.from(portalQuery(variant, traceId.toLowerCase()))).toString('base64');
    return (
      `${portal}/#blade/Microsoft_OperationsManagementSuite_Workspace/AnalyticsBlade/initiator/AnalyticsShareLinkToQuery` +
      `/isQueryEditorVisible/true/scope/${encodeURIComponent(scope)}/query/${encodeURIComponent(query)}` +
      `/isQueryBase64Compressed/true/timespanInIsoFormat/P30D`
    );
  }

  async #query(query: string, timespan: string, signal: AbortSignal | undefined) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...staticAuthHeaders(this.config, this.dependencies.environment),
    };
    if (this.#tokens !== undefined) headers.authorization = `Bearer ${await this.#tokens.token(signal)}`;
    return this.dependencies.http.requestJson({
      backendName: this.name,
      url: joinUrl(this.#base, this.#path),
      allowedOrigins: [this.#base.origin, ...originsOf(this.config)],
      method: 'POST',
      headers,
      body: JSON.stringify({ query, timespan }),
      ...(this.config.timeoutMs !== undefined ? { timeoutMs: this.config.timeoutMs } : {}),
      ...(signal !== undefined ? { signal } : {}),
    });
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    // The ID goes into KQL: only the operation-ID shape is allowed, so nothing can be injected.
    if (!operationId.test(traceId)) {
      throw new TracehoundError('trace_not_found', `${this.name}: "${traceId.slice(0, 40)}" is not an operation ID`);
    }
    const id = traceId.toLowerCase();
    const response = await this.#query(operationQuery(this.type, id), 'P30D', options.signal);
    const parsed = queryResponseSchema.safeParse(response);
    if (!parsed.success)
      throw unexpectedShapeError(this.name, 'the query', '`tables` of columns and rows', parsed.error);
    if ((parsed.data.tables[0]?.rows.length ?? 0) === 0) {
      throw new TracehoundError('trace_not_found', `${this.name}: no rows for operation ${id}`, {
        details: { backend: this.name },
      });
    }
    return traceFromResponse(this.config, JSON.stringify(response), id, this.traceUrl(id));
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    const bounded = Math.max(1, Math.min(1000, Math.floor(limit)));
    const parsed = queryResponseSchema.safeParse(
      await this.#query(failedQuery(this.type, bounded), timespanOf(window), options.signal),
    );
    if (!parsed.success)
      throw unexpectedShapeError(this.name, 'the query', '`tables` of columns and rows', parsed.error);
    return (parsed.data.tables[0]?.rows ?? [])
      .map((row) => row[0])
      .filter((value): value is string => typeof value === 'string' && operationId.test(value))
      .map((value) => value.toLowerCase());
  }
}
