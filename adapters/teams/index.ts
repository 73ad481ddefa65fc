import type { Logger } from 'pino';
import { redactReport } from '../../src/report/redact.js';
import type { Report } from '../../src/report/report.js';
import { ReportCache } from '../../src/report/report-cache.js';
import type { HttpRoute } from '../../src/server/http-route.js';
import type { FeedbackStore } from '../../src/store/feedback-store.js';
import type { TriageService } from '../../src/triage/triage-service.js';
import type { TeamsConfig } from './config.js';
import { createConversationRunner } from './conversation-replies.js';
import { TeamsBot } from './teams-bot.js';
import { createCloudAdapter, createTeamsRoute } from './teams-route.js';

export { readTeamsConfig, type TeamsConfig } from './config.js';
export { isMicrosoftFileHost } from './download-file.js';
export { renderClusterCard } from './render/cluster-card.js';
export { MAX_CARD_BYTES, renderReportCard } from './render/report-card.js';

export interface TeamsAppOptions {
  config: TeamsConfig;
  triageService: TriageService;
  feedbackStore: FeedbackStore;
  logger: Logger;
  /** The service's own tracking of work that outlives a request (for graceful shutdown). */
  trackBackgroundTask?: (task: Promise<unknown>) => void;
  /** Applied to every report before it is posted; defaults to masking secrets, and personal data unless `TEAMS_PERSONAL_DATA=show`. */
  redact?: (report: Report) => Report;
  /** Used for personal-chat file downloads; defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Least time between two progress updates of a cluster card (default 3 s). */
  progressIntervalMs?: number;
}

export interface TeamsApp {
  /** `POST /api/messages` for the service's server. */
  route: HttpRoute;
  /** Resolves when no reply is under way (tests, shutdown). */
  whenIdle(): Promise<void>;
}

/**
 * The Teams bot: receives on `/api/messages`, calls the core, and replies with Adaptive Cards in the
 * reply chain of the message that asked, posted once and updated in place.
 */
export function createTeamsApp(options: TeamsAppOptions): TeamsApp {
  const logger = options.logger.child({ component: 'teams' });
  const pending = new Set<Promise<unknown>>();
  const track = (task: Promise<unknown>): void => {
    pending.add(task);
    void task.finally(() => pending.delete(task));
    options.trackBackgroundTask?.(task);
  };
  const adapter = createCloudAdapter(options.config, logger);
  const bot = new TeamsBot({
    config: options.config,
    triageService: options.triageService,
    feedbackStore: options.feedbackStore,
    logger,
    runInConversation: createConversationRunner(adapter, options.config.appId ?? ''),
    track,
    flow: {
      triageService: options.triageService,
      reports: new ReportCache(),
      redact:
        options.redact ??
        ((report) => redactReport(report, { personalData: options.config.personalData === 'redact' })),
      logger,
      fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
      maxFileBytes: options.config.maxFileBytes,
      progressIntervalMs: options.progressIntervalMs ?? 3_000,
    },
  });
  return {
    route: createTeamsRoute({ config: options.config, adapter, bot, logger }),
    async whenIdle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
