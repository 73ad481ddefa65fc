import { type AnyMiddlewareArgs, App, type Middleware, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { TracehoundError } from '../../src/errors/index.js';
import { redactReport } from '../../src/report/redact.js';
import type { Report } from '../../src/report/report.js';
import { ReportCache } from '../../src/report/report-cache.js';
import type { HttpRoute } from '../../src/server/http-route.js';
import type { FeedbackStore } from '../../src/store/feedback-store.js';
import type { TriageService } from '../../src/triage/triage-service.js';
import { boltLoggerFrom } from './bolt-logger.js';
import { defaultClusterProgressIntervalMs } from './cluster-reply.js';
import type { SlackConfig } from './config.js';
import { createDeduplicator } from './deduplicator.js';
import type { HandlerContext } from './handler-context.js';
import { registerAppMention } from './handlers/app-mention.js';
import { registerBlockActions } from './handlers/block-actions.js';
import { registerDirectMessage } from './handlers/direct-message.js';
import { registerLinkShared } from './handlers/link-shared.js';
import { registerMessageShortcut } from './handlers/message-shortcut.js';
import { registerSlashCommand } from './handlers/slash-command.js';
import { platformError } from './platform-error.js';
import { SlackRouteReceiver } from './receiver.js';

export interface SlackAppOptions {
  config: SlackConfig;
  triageService: TriageService;
  feedbackStore: FeedbackStore;
  logger: Logger;
  /** The service's own tracking of work that outlives a request (for graceful shutdown). */
  trackBackgroundTask?: (task: Promise<unknown>) => void;
  /**
   * Applied to every report before it is posted. Defaults to `redactReport` (secrets always; personal
   * data unless `SLACK_PERSONAL_DATA=show`).
   */
  redact?: (report: Report) => Report;
  /** Web API retry policy; the default retries 429s and failures for about 30 minutes. Tests pass a rapid one. */
  retryConfig?: webApi.RetryOptions;
  /** Clock for the signature check, seconds since the epoch. */
  nowSeconds?: () => number;
  /** Used for file downloads; defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Least time between two progress edits of a `/triage cluster` answer (default 3 s). */
  clusterProgressIntervalMs?: number;
}

export interface SlackApp {
  /** `POST /slack/events` for the service's server; null in Socket Mode. */
  route: HttpRoute | null;
  start(): Promise<void>;
  /** Stops receiving, then waits for the replies under way. */
  stop(): Promise<void>;
  /** Resolves when no reply is under way (tests, shutdown). */
  whenIdle(): Promise<void>;
}

const refusedTokenErrors = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
]);
const tokenCheckWaitMs = 10_000;

/** The idempotency key of a delivery: the envelope's `event_id`, or the `trigger_id` of an interaction. */
function deliveryKey(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  if (typeof record.event_id === 'string') return `event:${record.event_id}`;
  if (typeof record.trigger_id === 'string') return `trigger:${record.trigger_id}`;
  return null;
}

/**
 * The Slack app: receives (HTTP route or Socket Mode, chosen by `SLACK_APP_TOKEN`), calls the core,
 * and replies in Block Kit. Every delivery is handled once, acknowledged at once, and worked on after.
 */
export function createSlackApp(options: SlackAppOptions): SlackApp {
  const { config, logger } = options;
  const log = logger.child({ component: 'slack' });
  const pending = new Set<Promise<unknown>>();
  const track = (task: Promise<unknown>): void => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
    options.trackBackgroundTask?.(task);
  };

  const clientOptions: webApi.WebClientOptions = {
    slackApiUrl: config.apiUrl,
    retryConfig: options.retryConfig ?? webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
  };
  const boltLogger = boltLoggerFrom(logger);
  // Who the bot is, asked once (Bolt's own token authorization would call auth.test for every event).
  let identity: Promise<{
    botUserId: string | undefined;
    botId: string | undefined;
    teamId: string | undefined;
  }> | null = null;
  const identify = () => {
    identity ??= app.client.auth.test({ token: config.botToken }).then(
      (result) => ({ botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id }),
      (error: unknown) => {
        identity = null;
        throw error;
      },
    );
    return identity;
  };
  const authorize = async () => {
    const { botUserId, botId } = await identify();
    return { botToken: config.botToken, ...(botUserId ? { botUserId } : {}), ...(botId ? { botId } : {}) };
  };

  let receiver: SlackRouteReceiver | null = null;
  let app: App;
  if (config.appToken) {
    app = new App({ authorize, appToken: config.appToken, socketMode: true, logger: boltLogger, clientOptions });
  } else {
    if (!config.signingSecret) {
      throw new TracehoundError(
        'config_invalid',
        'SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN)',
      );
    }
    receiver = new SlackRouteReceiver({
      signingSecret: config.signingSecret,
      logger: log,
      trackBackgroundTask: track,
      ...(options.nowSeconds ? { nowSeconds: options.nowSeconds } : {}),
    });
    app = new App({ authorize, receiver, logger: boltLogger, clientOptions });
  }

  const stopping = new AbortController();
  const context: HandlerContext = {
    config,
    clusterProgressIntervalMs: options.clusterProgressIntervalMs ?? defaultClusterProgressIntervalMs,
    stopping: stopping.signal,
    triageService: options.triageService,
    feedbackStore: options.feedbackStore,
    logger: log,
    reports: new ReportCache(),
    threadReplies: new Map(),
    redact: options.redact ?? ((report) => redactReport(report, { personalData: config.personalData === 'redact' })),
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    runInBackground(eventId, work) {
      const task = work().catch((error: unknown) => {
        // Web API errors name the method and Slack's error code; they never carry the token.
        const code =
          typeof error === 'object' && error !== null && 'code' in error
            ? String((error as { code: unknown }).code)
            : null;
        log.error(
          { eventId, code, error: error instanceof Error ? error.message : String(error) },
          'a Slack reply could not be completed',
        );
      });
      track(task);
    },
  };

  const deduplicator = createDeduplicator();
  const handleOnce: Middleware<AnyMiddlewareArgs> = async (args) => {
    const key = deliveryKey(args.body);
    if (key !== null && !deduplicator.firstSeen(key)) {
      log.debug({ key }, 'ignored a repeated Slack delivery');
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      return;
    }
    await args.next();
  };
  app.use(handleOnce);
  app.error(async (error) => {
    log.error({ code: error.code, error: error.message }, 'a Slack listener failed');
  });

  registerSlashCommand(app, context);
  registerAppMention(app, context);
  registerLinkShared(app, context);
  registerMessageShortcut(app, context);
  registerDirectMessage(app, context);
  registerBlockActions(app, context);

  async function whenIdle(): Promise<void> {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  /** A refused bot token stops the start; Slack being unreachable only delays the check (logged). */
  async function verifyToken(): Promise<void> {
    const check = identify().then(
      (bot) => {
        log.info({ team: bot.teamId, botUser: bot.botUserId }, 'Slack bot token accepted');
      },
      (error: unknown) => {
        const slackError = platformError(error);
        if (slackError && refusedTokenErrors.has(slackError)) {
          throw new TracehoundError('config_invalid', `SLACK_BOT_TOKEN was refused by Slack (${slackError})`);
        }
        log.warn(
          { error: error instanceof Error ? error.message : String(error) },
          'could not verify the Slack bot token yet',
        );
      },
    );
    track(check.catch(() => {}));
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, tokenCheckWaitMs).unref());
    await Promise.race([check, timeout]);
  }

  return {
    route: receiver?.route ?? null,
    async start() {
      await verifyToken();
      await app.start();
      log.info({ mode: config.appToken ? 'socket' : 'http' }, 'Slack app started');
    },
    async stop() {
      await app.stop();
      stopping.abort();
      await whenIdle();
    },
    whenIdle,
  };
}
