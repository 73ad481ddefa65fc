import {
  type AppBasedLinkQuery,
  CardFactory,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { TracehoundError } from '../../src/errors/index.js';
import { redactReport } from '../../src/report/redact.js';
import type { Report } from '../../src/report/report.js';
import type { FeedbackStore } from '../../src/store/feedback-store.js';
import type { TriageService } from '../../src/triage/triage-service.js';
import type { TeamsConfig } from './config.js';
import { errorReplyText, renderErrorCard } from './render/error-card.js';
import { renderReportCard } from './render/report-card.js';
import { renderUnfurlCard } from './render/unfurl-card.js';

export interface TeamsBotOptions {
  config: TeamsConfig;
  triageService: TriageService;
  feedbackStore: FeedbackStore;
  logger: Logger;
}

const HELP_TEXT =
  'Mention me with `triage <link or trace ID>`, `cluster [window]` or `help`. In a personal chat you can also attach an exported trace file.';

/** Strips `<at>…</at>` mentions and HTML Teams wraps around text. */
export function commandText(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

/** Each activity is handled once even if Teams delivers it again. */
class ActivityDeduplicator {
  private readonly seen = new Map<string, number>();
  constructor(private readonly ttlMilliseconds: number) {}
  firstTime(id: string): boolean {
    const now = Date.now();
    for (const [key, expires] of this.seen) if (expires < now) this.seen.delete(key);
    if (this.seen.has(id)) return false;
    this.seen.set(id, now + this.ttlMilliseconds);
    return true;
  }
}

const feedbackSchema = z.object({
  tracehound: z.literal('feedback'),
  verdict: z.enum(['right', 'wrong-span', 'wrong-layer']),
  traceId: z.string().nullable(),
});

export class TeamsBot extends TeamsActivityHandler {
  private readonly deduplicator = new ActivityDeduplicator(10 * 60 * 1000);
  /** Reports recently posted, by trace ID, so feedback records what the user judged. Bounded. */
  private readonly recentReports = new Map<string, Report>();
  constructor(private readonly options: TeamsBotOptions) {
    super();
    this.onMessage(async (context, next) => {
      const id = context.activity.id;
      if (id !== undefined && !this.deduplicator.firstTime(id)) return;
      await this.handleMessage(context);
      await next();
    });
  }

  /** Link unfurling for configured backend UI domains (the manifest's messageHandlers). */
  protected override async handleTeamsAppBasedLinkQuery(
    _context: TurnContext,
    query: AppBasedLinkQuery,
  ): Promise<MessagingExtensionResponse> {
    const url = query.url ?? '';
    let host = '';
    try {
      host = new URL(url).hostname.toLowerCase();
    } catch {
      host = '';
    }
    if (!this.options.config.unfurlDomains.map((domain) => domain.toLowerCase()).includes(host)) {
      return {};
    }
    const traceId = this.options.triageService.findReferences(url)[0] ?? null;
    const card = CardFactory.adaptiveCard(renderUnfurlCard(url, traceId));
    const preview = CardFactory.thumbnailCard(traceId === null ? 'Trace link' : `Trace ${traceId.slice(0, 64)}`);
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [{ ...card, preview }] } };
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const value: unknown = context.activity.value;
    const feedback = feedbackSchema.safeParse(value);
    if (feedback.success) {
      const report = feedback.data.traceId === null ? undefined : this.recentReports.get(feedback.data.traceId);
      if (report === undefined) {
        await context.sendActivity(
          'That report is too old for feedback now; run the triage again and rate the new one.',
        );
        return;
      }
      this.options.feedbackStore.recordFeedback({
        platform: 'teams',
        userId: context.activity.from.aadObjectId ?? context.activity.from.id,
        traceId: feedback.data.traceId,
        verdict: feedback.data.verdict,
        report,
        recordedAt: Date.now(),
      });
      await context.sendActivity('Thanks, your feedback was recorded.');
      return;
    }
    const text = commandText(context.activity.text ?? '');
    const [word, ...rest] = text.split(/\s+/);
    const command = (word ?? '').toLowerCase();
    if (command === '' || command === 'help') {
      await context.sendActivity(HELP_TEXT);
      return;
    }
    if (command === 'cluster') {
      await context.sendActivity('Clustering is not available yet.');
      return;
    }
    const reference = command === 'triage' ? rest.join(' ') : text;
    const references = this.options.triageService.findReferences(reference);
    const first = references[0];
    if (first === undefined) {
      await context.sendActivity(`I found no trace link or ID in that message. ${HELP_TEXT}`);
      return;
    }
    await context.sendActivity({ type: 'typing' });
    const placeholder = await context.sendActivity({
      attachments: [
        CardFactory.adaptiveCard({
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: 'Triaging…' }],
        }),
      ],
    });
    const conversation = context.activity.conversation;
    let card: Record<string, unknown>;
    try {
      const result = await this.options.triageService.triage(
        { kind: 'reference', text: first },
        {
          platform: 'teams',
          workspaceId: (context.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id ?? null,
          channelId: conversation.id.split(';')[0] ?? null,
        },
      );
      const report = redactReport(result.report, { personalData: true });
      if (report.traceId !== null) {
        this.recentReports.set(report.traceId, report);
        const oldest = this.recentReports.keys().next();
        if (this.recentReports.size > 500 && oldest.done !== true) this.recentReports.delete(oldest.value);
      }
      card = renderReportCard(report);
    } catch (error) {
      const code = TracehoundError.isInstance(error) ? error.code : 'unknown';
      this.options.logger.warn({ code }, 'teams triage failed');
      card = renderErrorCard(code);
    }
    const attachment = CardFactory.adaptiveCard(card);
    if (placeholder?.id !== undefined) {
      await context.updateActivity({ id: placeholder.id, type: 'message', attachments: [attachment] });
    } else {
      await context.sendActivity({ attachments: [attachment] });
    }
  }
}

export { errorReplyText };
