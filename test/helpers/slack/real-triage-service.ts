import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MockAgent } from 'undici';
import { expect } from 'vitest';
import { createBackends } from '../../../src/backends/index.js';
import { LocalBackend } from '../../../src/backends/local.js';
import type { ChatClusterSummary } from '../../../src/cluster/index.js';
import { type AccessRule, tracehoundConfigSchema } from '../../../src/config/index.js';
import { openStore, otlpExportRequestSchema, type Store } from '../../../src/store/index.js';
import { createTriageService } from '../../../src/triage/create-triage-service.js';
import type {
  ClusterRequest,
  TriageInput,
  TriageResult,
  TriageScope,
  TriageService,
} from '../../../src/triage/triage-service.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
/** The labelled runs beside the clone (`shared/fixtures/dev`). */
export const devFixtures = path.resolve(repositoryRoot, '../shared/fixtures/dev');

/** The configured Jaeger: its query API (intercepted by the MockAgent) and its UI (the links people paste). */
export const jaegerApiOrigin = 'http://jaeger.internal:16686';
export const jaegerUiOrigin = 'https://jaeger.example.com';

export function jaegerLink(traceId: string): string {
  return `${jaegerUiOrigin}/trace/${traceId}`;
}

/** What a labelled run's label file says the root cause is (accepted span IDs and layers). */
export interface RunLabel {
  traceId: string;
  verdict: 'failed' | 'suspicious' | 'ok';
  rootCause?: { spanIds: string[]; layers: string[] };
}

export function readLabel(caseName: string): RunLabel {
  return JSON.parse(readFileSync(path.join(devFixtures, `${caseName}.label.json`), 'utf8')) as RunLabel;
}

/** An OTLP JSON export from the labelled runs, with its trace ID replaced by `traceId` when given. */
export function readOtlpExport(fileName: string, traceId?: string): string {
  const text = readFileSync(path.join(devFixtures, fileName), 'utf8');
  if (traceId === undefined) return text;
  const original = /"traceId"\s*:\s*"([0-9a-fA-F]{32})"/.exec(text)?.[1];
  if (!original) throw new Error(`${fileName} holds no hex trace ID`);
  return text.replaceAll(original, traceId);
}

export interface TriageCall {
  input: TriageInput;
  scope: TriageScope;
}

export interface RealTriage {
  /** The real core service, with every call recorded on the way through. */
  service: TriageService;
  calls: TriageCall[];
  clusterCalls: Array<{ request: ClusterRequest; scope: TriageScope }>;
  store: Store;
  agent: MockAgent;
  /** Jaeger answers this trace ID (API v3, `{ result: <OTLP JSON> }`) as often as it is asked. */
  serveTrace(traceId: string, otlpJson: string): void;
  /** Jaeger answers this trace ID with an HTTP error on every route. */
  failTrace(traceId: string, status: number): void;
  /** Jaeger answers this trace ID (API v3) only after `delayMs`, like a backend under load. */
  delayTrace(traceId: string, otlpJson: string, delayMs: number): void;
  /** Jaeger's search for failed runs (its service list) answers with this HTTP error. */
  failSearch(status: number): void;
  /** Requests the MockAgent saw for Jaeger, as paths. */
  jaegerRequests(): string[];
  close(): void;
}

type JaegerAnswer = { kind: 'trace'; body: string } | { kind: 'error'; status: number };

export interface RealTriageOptions {
  /** Access rules of the configuration (which backends a workspace/channel may use). */
  access?: AccessRule[];
  /** Keep analysis history, so replies count similar runs (on by default). */
  history?: boolean;
  /** Wraps the real result, for the one test that needs a state the engine cannot produce on demand. */
  transformResult?: (result: TriageResult) => TriageResult;
  now?: () => number;
  /** The Jaeger backend's `timeoutMs` (2 s unless given). */
  jaegerTimeoutMs?: number;
}

/**
 * The real triage service of `src/triage/`: a configuration with the embedded store (`local`) and a
 * Jaeger backend, a real SQLite store in a temporary folder, and Jaeger's HTTP API answered by undici's
 * MockAgent with bodies shaped like Jaeger's (API v3 OTLP JSON; 404 bodies of v3 and of the v1 UI API).
 */
export function createRealTriage(options: RealTriageOptions = {}): RealTriage {
  const folder = mkdtempSync(path.join(tmpdir(), 'tracehound-slack-'));
  const store = openStore(folder, { pruneIntervalMs: 0 });
  const config = tracehoundConfigSchema.parse({
    backends: [
      { name: 'local', type: 'local' },
      {
        name: 'prod-jaeger',
        type: 'jaeger',
        url: jaegerApiOrigin,
        uiUrl: jaegerUiOrigin,
        timeoutMs: options.jaegerTimeoutMs ?? 2_000,
      },
    ],
    access: options.access ?? [],
  });
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const answers = new Map<string, JaegerAnswer>();
  let searchStatus: number | null = null;
  // Slow traces have interceptors of their own (with a delay); the shared one leaves their paths alone.
  const delayedPaths = new Set<string>();
  agent
    .get(jaegerApiOrigin)
    .intercept({
      path: (requestPath) => requestPath.startsWith('/api/') && !delayedPaths.has(requestPath),
      method: 'GET',
    })
    .reply((request) => {
      const requestPath = String(request.path);
      const isV3 = requestPath.startsWith('/api/v3/');
      const traceId = /\/traces\/([^/?]+)/.exec(requestPath)?.[1] ?? '';
      const answer = answers.get(traceId.toLowerCase());
      const json = { headers: { 'content-type': 'application/json' } };
      const isServiceList = requestPath.startsWith('/api/v3/services') || requestPath.startsWith('/api/services');
      if (isServiceList && searchStatus !== null) {
        return { statusCode: searchStatus, data: `${searchStatus} upstream error`, responseOptions: {} };
      }
      // The failed-run search starts from the service list; this Jaeger holds no services of its own.
      if (requestPath.startsWith('/api/v3/services')) {
        return { statusCode: 200, data: JSON.stringify({ services: [] }), responseOptions: json };
      }
      if (requestPath.startsWith('/api/services')) {
        const data = { data: [], total: 0, limit: 0, offset: 0, errors: null };
        return { statusCode: 200, data: JSON.stringify(data), responseOptions: json };
      }
      if (answer?.kind === 'trace' && isV3) {
        return { statusCode: 200, data: `{"result":${answer.body}}`, responseOptions: json };
      }
      if (answer?.kind === 'error') {
        return { statusCode: answer.status, data: `${answer.status} upstream error`, responseOptions: {} };
      }
      // Jaeger's own "not found" bodies: API v3, then the v1 UI API the client falls back to.
      const data = isV3
        ? { error: { httpCode: 404, message: 'trace not found' } }
        : { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] };
      return { statusCode: 404, data: JSON.stringify(data), responseOptions: json };
    })
    .persist();
  const backends = createBackends(config, {
    dispatcher: agent,
    local: new LocalBackend(store.traces),
    environment: {},
  });
  const real = createTriageService({
    config,
    store: store.traces,
    backends,
    ...(options.history === false ? {} : { history: store.history }),
    ...(options.now ? { now: options.now } : {}),
  });
  const calls: TriageCall[] = [];
  const clusterCalls: Array<{ request: ClusterRequest; scope: TriageScope }> = [];
  const service: TriageService = {
    findReferences: (text) => real.findReferences(text),
    async triage(input, scope, signal) {
      calls.push({ input, scope });
      const result = await real.triage(input, scope, signal);
      return options.transformResult ? options.transformResult(result) : result;
    },
    clusterFailures(request, scope): Promise<ChatClusterSummary> {
      clusterCalls.push({ request, scope });
      return real.clusterFailures(request, scope);
    },
  };
  return {
    service,
    calls,
    clusterCalls,
    store,
    agent,
    serveTrace(traceId, otlpJson) {
      answers.set(traceId.toLowerCase(), { kind: 'trace', body: otlpJson });
    },
    failTrace(traceId, status) {
      answers.set(traceId.toLowerCase(), { kind: 'error', status });
    },
    delayTrace(traceId, otlpJson, delayMs) {
      const tracePath = `/api/v3/traces/${traceId.toLowerCase()}`;
      delayedPaths.add(tracePath);
      agent
        .get(jaegerApiOrigin)
        .intercept({ path: tracePath, method: 'GET' })
        .reply(200, `{"result":${otlpJson}}`, { headers: { 'content-type': 'application/json' } })
        .delay(delayMs)
        .persist();
    },
    failSearch(status) {
      searchStatus = status;
    },
    jaegerRequests() {
      return (agent.getCallHistory()?.calls() ?? []).map((call) => call.path);
    },
    close() {
      store.close();
      rmSync(folder, { recursive: true, force: true });
      void agent.close();
    },
  };
}

/** The root cause a reply's fallback text names: "… (span ID), layer LAYER." */
export function rootCauseNamedIn(text: string): { spanId: string; layer: string } | null {
  const match = /\(span ([^)\s]+)\), layer ([a-z-]+)\./.exec(text);
  return match?.[1] && match[2] ? { spanId: match[1], layer: match[2] } : null;
}

/**
 * Stores a labelled OTLP run in the embedded store as if the service's OTLP endpoint had received it,
 * under `traceId`, its spans moved to start `hoursAgo` before `now`.
 */
export function storeRecentRun(store: Store, fileName: string, traceId: string, hoursAgo: number, now: number): void {
  const body = JSON.parse(readOtlpExport(fileName, traceId)) as {
    resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>;
  };
  const spans = body.resourceSpans.flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
  const earliest = spans.reduce(
    (least, span) => {
      const start = BigInt(String(span.startTimeUnixNano));
      return least === null || start < least ? start : least;
    },
    null as bigint | null,
  );
  const offset = BigInt(now - hoursAgo * 3_600_000) * 1_000_000n - (earliest ?? 0n);
  for (const span of spans) {
    for (const key of ['startTimeUnixNano', 'endTimeUnixNano']) span[key] = String(BigInt(String(span[key])) + offset);
  }
  store.traces.insertExport(otlpExportRequestSchema.parse(body));
}

/** Asserts that a reply names a root-cause span and layer the run's label accepts. */
export function expectLabelledRootCause(label: RunLabel, text: unknown): void {
  const named = rootCauseNamedIn(String(text));
  expect(named, String(text)).not.toBeNull();
  expect(label.rootCause?.spanIds).toContain(named?.spanId);
  expect(label.rootCause?.layers).toContain(named?.layer);
}
