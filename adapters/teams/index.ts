import type { Logger } from 'pino';
import type { HttpRoute } from '../../src/server/http-route.js';
import type { FeedbackStore } from '../../src/store/feedback-store.js';
import type { TriageService } from '../../src/triage/triage-service.js';
import type { TeamsConfig } from './config.js';
import { TeamsBot } from './teams-bot.js';
import { createTeamsRoute } from './teams-route.js';

export { readTeamsConfig, type TeamsConfig } from './config.js';
export { MAX_CARD_BYTES, renderReportCard } from './render/report-card.js';

export function createTeamsApp(options: {
  config: TeamsConfig;
  triageService: TriageService;
  feedbackStore: FeedbackStore;
  logger: Logger;
  trackBackgroundTask?: (task: Promise<unknown>) => void;
}): { route: HttpRoute } {
  const logger = options.logger.child({ component: 'teams' });
  const bot = new TeamsBot({ ...options, logger });
  return { route: createTeamsRoute({ config: options.config, bot, logger }) };
}
