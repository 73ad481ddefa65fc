import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { openStore, type Store } from '../store/index.js';
import { createHealthRoutes } from './health-routes.js';
import type { HttpRoute } from './http-route.js';
import { createOtlpReceiver } from './otlp-receiver.js';
import { readServiceEnv, type ServiceEnv } from './service-env.js';

export interface ServiceContext {
  store: Store;
  env: ServiceEnv;
  /** Work that outlives its request (chat adapters' post-ack work); awaited on shutdown. */
  trackBackgroundTask(task: Promise<unknown>): void;
}

export interface StartServiceOptions {
  env: Record<string, string | undefined>;
  cwd?: string;
  logger: Logger;
  /** Extra routes (Slack, Teams), built once the store exists. */
  routes?: HttpRoute[] | ((context: ServiceContext) => HttpRoute[] | Promise<HttpRoute[]>);
  /** Handle SIGTERM/SIGINT (the CLI does; tests call `stop()`). */
  handleSignals?: boolean;
  requestTimeoutMs?: number;
  /** How long shutdown waits for in-flight and background work. */
  shutdownTimeoutMs?: number;
}

export interface RunningService {
  server: Server;
  store: Store;
  /** The bound port (useful with PORT=0). */
  port: number;
  url: string;
  trackBackgroundTask(task: Promise<unknown>): void;
  /** Stops accepting, waits for in-flight requests and background work, closes the store. Idempotent. */
  stop(): Promise<void>;
}

/** The one node:http server: OTLP receiver, health, and the routes passed in; 404 for the rest. */
export async function startService(options: StartServiceOptions): Promise<RunningService> {
  const env = readServiceEnv(options.env, options.cwd ?? process.cwd());
  const { logger } = options;
  const store = openStore(env.dataDir, { retentionDays: env.retentionDays });
  const backgroundTasks = new Set<Promise<unknown>>();
  let shuttingDown = false;
  const trackBackgroundTask = (task: Promise<unknown>): void => {
    const tracked = task.then(
      () => undefined,
      (error: unknown) => logger.error({ err: error }, 'background task failed'),
    );
    backgroundTasks.add(tracked);
    void tracked.finally(() => backgroundTasks.delete(tracked));
  };
  const context: ServiceContext = { store, env, trackBackgroundTask };
  const extraRoutes = typeof options.routes === 'function' ? await options.routes(context) : (options.routes ?? []);
  const routes = [
    createOtlpReceiver({ store: store.traces, logger, maxBodyBytes: env.maxBodyBytes }),
    ...createHealthRoutes({ isReady: () => store.isOpen && !shuttingDown }),
    ...extraRoutes,
  ];
  const inFlight = new Set<Promise<void>>();

  async function dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((candidate) => candidate.path === pathname && candidate.method === request.method);
    if (!route) {
      request.resume();
      const allowed = routes.some((candidate) => candidate.path === pathname);
      response.writeHead(allowed ? 405 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: allowed ? 'method not allowed' : 'not found' }));
      return;
    }
    try {
      await route.handle(request, response);
    } catch (error) {
      logger.error({ err: error, path: pathname }, 'route failed');
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: 'internal error' }));
      } else response.end();
    }
  }

  const server = createServer((request, response) => {
    if (shuttingDown) response.setHeader('connection', 'close');
    const handled = dispatch(request, response);
    inFlight.add(handled);
    void handled.finally(() => inFlight.delete(handled));
  });
  server.requestTimeout = options.requestTimeoutMs ?? 30_000;
  server.headersTimeout = Math.min(server.requestTimeout, 20_000);
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(env.port, env.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, host: env.host }, 'tracehound service listening');

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      shuttingDown = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = new Promise<void>((resolve) => setTimeout(resolve, options.shutdownTimeoutMs ?? 25_000).unref());
      const drained = (async () => {
        // Background work may start more background work; loop until nothing is left.
        while (inFlight.size > 0 || backgroundTasks.size > 0) {
          await Promise.allSettled([...inFlight, ...backgroundTasks]);
        }
        // Keep-alive connections that served the last requests are idle now; close them so close() completes.
        server.closeIdleConnections();
        await closed;
      })();
      await Promise.race([drained, deadline]);
      server.closeAllConnections();
      store.close();
      logger.info('tracehound service stopped');
    })();
    return stopping;
  };

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down');
      void stop().then(() => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  return { server, store, port, url: `http://127.0.0.1:${port}`, trackBackgroundTask, stop };
}
