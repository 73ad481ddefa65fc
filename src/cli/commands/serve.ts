import type { Logger } from 'pino';
import { createSlackApp, readSlackConfig } from '../../../adapters/slack/index.js';
import { createTeamsApp, readTeamsConfig } from '../../../adapters/teams/index.js';
import { loadConfig } from '../../config/index.js';
import { createLogger } from '../../logging/logger.js';
import { type ServiceContext, startService } from '../../server/create-server.js';
import type { HttpRoute } from '../../server/http-route.js';
import { readServiceEnv } from '../../server/service-env.js';
import { createTriageService } from '../../triage/create-triage-service.js';
import type { Command } from '../command.js';

interface AdapterRoutes {
  routes: HttpRoute[];
  /** Stops the adapters (after the server stopped accepting). */
  stop(): Promise<void>;
}

/**
 * The chat adapters' routes. Slack is mounted when SLACK_BOT_TOKEN is set. Teams (`/api/messages`) is always
 * mounted: it authenticates activities with a Microsoft App ID, accepts unauthenticated ones only when
 * TEAMS_ALLOW_UNAUTHENTICATED=true, and otherwise answers 401 (its startup warning says what to set), so a
 * missing configuration is never a silent 404.
 */
export async function createAdapterRoutes(
  env: Record<string, string | undefined>,
  context: ServiceContext,
  logger: Logger,
  cwd: string = process.cwd(),
): Promise<AdapterRoutes> {
  const routes: HttpRoute[] = [];
  const stops: Array<() => Promise<void>> = [];
  const config = await loadConfig(env, { cwd });
  const triageService = createTriageService({ config, store: context.store.traces, history: context.store.history });
  const unfurlDomains = [
    ...new Set(config.backends.flatMap((backend) => (backend.uiUrl ? [new URL(backend.uiUrl).hostname] : []))),
  ];
  if (env.SLACK_BOT_TOKEN) {
    const slack = createSlackApp({
      config: readSlackConfig(env),
      triageService,
      feedbackStore: context.store.feedback,
      logger,
      trackBackgroundTask: context.trackBackgroundTask,
    });
    await slack.start();
    if (slack.route) routes.push(slack.route);
    stops.push(() => slack.stop());
  } else {
    logger.info('Slack is not configured: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN)');
  }
  const teams = createTeamsApp({
    config: readTeamsConfig(env, { unfurlDomains }),
    triageService,
    feedbackStore: context.store.feedback,
    logger,
    trackBackgroundTask: context.trackBackgroundTask,
  });
  routes.push(teams.route);
  return {
    routes,
    async stop() {
      await Promise.allSettled(stops.map((stop) => stop()));
    },
  };
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the service: OTLP receiver, Slack and Teams endpoints, health checks',
  usage: [
    'tracehound serve',
    '',
    'Environment: PORT (3000), HOST (0.0.0.0), TRACEHOUND_DATA_DIR (.tracehound/), TRACEHOUND_RETENTION_DAYS (30),',
    'TRACEHOUND_MAX_BODY_BYTES (16 MiB), LOG_LEVEL (info); SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET mount /slack/events;\n/api/messages authenticates with MicrosoftAppId + MicrosoftAppPassword (TEAMS_ALLOW_UNAUTHENTICATED=true for local testing only; neither: 401). Backends: tracehound.config.json or TRACEHOUND_CONFIG.',
  ].join('\n'),
  async run(_args, io) {
    const settings = readServiceEnv(io.env, io.cwd);
    const logger = createLogger({ level: settings.logLevel });
    let adapters: AdapterRoutes | null = null;
    const service = await startService({
      env: io.env,
      cwd: io.cwd,
      logger,
      handleSignals: false,
      routes: async (context) => {
        adapters = await createAdapterRoutes(io.env, context, logger, io.cwd);
        return adapters.routes;
      },
    });
    await new Promise<void>((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        process.off('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
        logger.info({ signal }, 'shutting down');
        resolve();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
    const stopping = service.stop();
    await (adapters as AdapterRoutes | null)?.stop();
    await stopping;
    return 0;
  },
};
