import type { Dispatcher } from 'undici';
import type { BackendConfig, TracehoundConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import { AppInsightsBackend } from './appinsights.js';
import type { BackendDependencies, Environment } from './backend-support.js';
import { HttpClient, type HttpClientOptions } from './http-client.js';
import { JaegerBackend } from './jaeger.js';
import { LangfuseBackend } from './langfuse.js';
import { LangsmithBackend } from './langsmith.js';
import { PhoenixBackend } from './phoenix.js';
import { TempoBackend } from './tempo.js';
import type { TraceBackend } from './trace-backend.js';
import { ZipkinBackend } from './zipkin.js';

export interface CreateBackendsOptions {
  /** Injected in tests (undici MockAgent). */
  dispatcher?: Dispatcher;
  /** Where credentials are read from; defaults to `process.env`. */
  environment?: Environment;
  /** The embedded store's backend (built by the store module) for `type: local`. */
  local?: TraceBackend;
  http?: Omit<HttpClientOptions, 'dispatcher'>;
}

function createBackend(
  config: BackendConfig,
  dependencies: BackendDependencies,
  local: TraceBackend | undefined,
): TraceBackend {
  switch (config.type) {
    case 'jaeger':
      return new JaegerBackend(config, dependencies);
    case 'tempo':
    case 'grafana-tempo':
      return new TempoBackend(config, dependencies);
    case 'zipkin':
      return new ZipkinBackend(config, dependencies);
    case 'langfuse':
      return new LangfuseBackend(config, dependencies);
    case 'local':
      if (local === undefined) {
        throw new TracehoundError('config_invalid', `${config.name}: the embedded store is not available here`);
      }
      return local;
    case 'phoenix':
      return new PhoenixBackend(config, dependencies);
    case 'langsmith':
      return new LangsmithBackend(config, dependencies);
    case 'appinsights':
    case 'loganalytics':
      return new AppInsightsBackend(config, dependencies);
  }
}

/** One client per configured backend, keyed by name, sharing one HTTP client (one connection pool). */
export function createBackends(
  config: TracehoundConfig,
  options: CreateBackendsOptions = {},
): Map<string, TraceBackend> {
  const dependencies: BackendDependencies = {
    http: new HttpClient({
      ...options.http,
      ...(options.dispatcher !== undefined ? { dispatcher: options.dispatcher } : {}),
    }),
    environment: options.environment ?? process.env,
  };
  const backends = new Map<string, TraceBackend>();
  for (const backend of config.backends)
    backends.set(backend.name, createBackend(backend, dependencies, options.local));
  return backends;
}
