export { AppInsightsBackend } from './appinsights.js';
export {
  type BackendDependencies,
  type Environment,
  staticAuthHeaders,
  traceFromResponse,
  unexpectedShapeError,
} from './backend-support.js';
export { type CreateBackendsOptions, createBackends } from './create-backends.js';
export { EntraTokenSource } from './entra-token-source.js';
export { type FetchTraceContext, fetchTraceByReference } from './fetch-trace-by-reference.js';
export {
  type BadResponseReason,
  badResponseError,
  type HttpCall,
  HttpClient,
  type HttpClientOptions,
  parseRetryAfter,
} from './http-client.js';
export { JaegerBackend } from './jaeger.js';
export { LangfuseBackend } from './langfuse.js';
export { LangsmithBackend } from './langsmith.js';
export { PhoenixBackend } from './phoenix.js';
export { grafanaExploreUrl, TempoBackend } from './tempo.js';
export type { BackendType, FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';
export { ZipkinBackend } from './zipkin.js';
