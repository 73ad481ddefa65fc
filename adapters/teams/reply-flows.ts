import type { Logger } from 'pino';
import { TracehoundError } from '../../src/errors/index.js';
import type { Report } from '../../src/report/report.js';
import type { ReportCache } from '../../src/report/report-cache.js';
import type { TriageInput, TriageScope, TriageService } from '../../src/triage/triage-service.js';
import type { TeamsFileReference } from './activity.js';
import type { CardReplies } from './conversation-replies.js';
import { downloadTeamsFile } from './download-file.js';
import {
  type ClusterProgress,
  renderBadWindowCard,
  renderClusterCard,
  renderClusterProgressCard,
} from './render/cluster-card.js';
import { renderErrorCard, renderPlaceholderCard } from './render/error-card.js';
import { type AdaptiveCard, renderReportCard } from './render/report-card.js';

/** One thing to triage: a link or ID as typed, or a personal-chat file (downloaded when its turn comes). */
export type TriageSubject = { kind: 'reference'; text: string } | { kind: 'file'; file: TeamsFileReference };

export function subjectLabel(subject: TriageSubject): string {
  return subject.kind === 'reference' ? subject.text : subject.file.name;
}

/** What the reply flows share. */
export interface FlowContext {
  triageService: TriageService;
  reports: ReportCache;
  redact: (report: Report) => Report;
  logger: Logger;
  fetch: typeof globalThis.fetch;
  maxFileBytes: number;
  /** Least time between two progress updates of a cluster card. */
  progressIntervalMs: number;
}

async function inputFor(context: FlowContext, subject: TriageSubject): Promise<TriageInput> {
  if (subject.kind === 'reference') return { kind: 'reference', text: subject.text };
  const bytes = await downloadTeamsFile(subject.file, { maxBytes: context.maxFileBytes, fetch: context.fetch });
  return { kind: 'file', name: subject.file.name, bytes };
}

function logFailure(context: FlowContext, error: unknown, message: string): void {
  if (TracehoundError.isInstance(error)) {
    context.logger.info({ code: error.code }, message);
  } else {
    context.logger.error({ error: error instanceof Error ? error.name : typeof error }, `${message} (unexpected)`);
  }
}

/** Runs the core on one subject and renders the report or the error; never throws. */
export async function triageCard(
  context: FlowContext,
  subject: TriageSubject,
  scope: TriageScope,
): Promise<AdaptiveCard> {
  try {
    const result = await context.triageService.triage(await inputFor(context, subject), scope);
    const report = context.redact(result.report);
    const reportKey = context.reports.remember({ report, traceId: report.traceId ?? result.trace.traceId });
    return renderReportCard(report, {
      reportKey,
      similarRuns: result.similarRuns,
      ...(subject.kind === 'reference' ? { reference: subject.text } : {}),
    });
  } catch (error) {
    logFailure(context, error, 'teams triage ended with an error reply');
    return renderErrorCard(error, { subject: subjectLabel(subject) });
  }
}

/**
 * "Triaging …" posted in the reply chain at once (or the given card reset to it), then that same
 * message updated in place with the report or the error.
 */
export async function replyWithTriage(
  context: FlowContext,
  replies: CardReplies,
  subject: TriageSubject,
  scope: TriageScope,
  existingActivityId: string | null = null,
): Promise<void> {
  const placeholder = renderPlaceholderCard(subjectLabel(subject));
  let activityId = existingActivityId;
  if (activityId === null) activityId = await replies.post(placeholder);
  else await replies.update(activityId, placeholder);
  const card = await triageCard(context, subject, scope);
  if (activityId === null) await replies.post(card);
  else await replies.update(activityId, card);
}

function isBadWindow(error: unknown): boolean {
  if (!TracehoundError.isInstance(error)) return false;
  const code: string = error.code;
  return code.startsWith('input_') || code === 'invalid_input';
}

/** `cluster [window]`: a "clustering …" card updated with progress, then with the top failure modes. */
export async function replyWithClusters(
  context: FlowContext,
  replies: CardReplies,
  window: string | null,
  scope: TriageScope,
): Promise<void> {
  const windowText = window ?? '7d';
  const activityId = await replies.post(renderClusterProgressCard(windowText, null));
  // Progress updates go one at a time, at most one per interval, and all before the final card.
  let updates: Promise<void> = Promise.resolve();
  let lastUpdate = Number.NEGATIVE_INFINITY;
  const onProgress = (progress: ClusterProgress): void => {
    const now = Date.now();
    if (activityId === null || now - lastUpdate < context.progressIntervalMs) return;
    lastUpdate = now;
    const card = renderClusterProgressCard(windowText, progress);
    updates = updates
      .then(() => replies.update(activityId, card))
      .catch((error: unknown) => {
        context.logger.warn(
          { error: error instanceof Error ? error.name : typeof error },
          'cluster progress update failed',
        );
      });
  };
  let card: AdaptiveCard;
  try {
    const summary = await context.triageService.clusterFailures({ window: windowText, top: 5, onProgress }, scope);
    card = renderClusterCard(summary, windowText);
  } catch (error) {
    logFailure(context, error, 'teams cluster ended with an error reply');
    card = isBadWindow(error)
      ? renderBadWindowCard(windowText)
      : renderErrorCard(error, { heading: 'Could not cluster failures from the last', subject: windowText });
  }
  await updates;
  if (activityId === null) await replies.post(card);
  else await replies.update(activityId, card);
}
