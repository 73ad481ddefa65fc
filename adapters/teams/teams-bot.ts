import {
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type AppBasedLinkQuery,
  CardFactory,
  type MessagingExtensionActionResponse,
  type MessagingExtensionResponse,
  TeamsActivityHandler,
  TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { FeedbackStore } from '../../src/store/feedback-store.js';
import type { TriageScope, TriageService } from '../../src/triage/triage-service.js';
import {
  activitySchema,
  type CardActionData,
  cardActionDataSchema,
  channelIdOf,
  commandText,
  conversationKind,
  fileAttachmentsOf,
  hasUnreadableFile,
  isAddressedToBot,
  messageActionSchema,
  queryLinkSchema,
  type TeamsActivity,
  teamIdOf,
} from './activity.js';
import type { TeamsConfig } from './config.js';
import type { CardReplies, ReplyTarget, RunInConversation } from './conversation-replies.js';
import { ActivityDeduplicator } from './deduplicator.js';
import { isMicrosoftFileHost } from './download-file.js';
import { MESSAGE_ACTION_TRACE_PARAMETER, TRIAGE_MESSAGE_ACTION_ID } from './manifest.js';
import { renderUnfurlCard } from './render/unfurl-card.js';
import { type FlowContext, replyWithClusters, replyWithTriage, type TriageSubject } from './reply-flows.js';

export interface TeamsBotOptions {
  config: TeamsConfig;
  triageService: TriageService;
  feedbackStore: FeedbackStore;
  logger: Logger;
  flow: FlowContext;
  /** Runs work after the turn, in the conversation (continueConversationAsync). */
  runInConversation: RunInConversation;
  /** Tracks background work (for whenIdle and graceful shutdown). */
  track: (task: Promise<unknown>) => void;
}

/** At most this many traces are triaged for one message, so a pasted list cannot flood a thread. */
export const maxSubjectsPerMessage = 3;

// No angle brackets: Teams renders message text as markdown with HTML, and would swallow `<link>`.
export const HELP_TEXT = [
  'tracehound finds the span where a failed agent run first went wrong, and names its layer.',
  '- **triage** followed by a trace link or ID (a bare link or ID works too): the answer goes in this thread.',
  '- **cluster** with an optional window (30m, 12h, 7d by default, 2w): the failures of that window grouped by root cause.',
  '- **help**: this text.',
  'In a personal chat with me you can also send an exported trace file (JSON, JSON Lines, text; gzip is fine).',
  'On any message, "More actions" > "Triage this trace" triages the link or ID in it.',
].join('\n\n');

export const NOTHING_TO_TRIAGE_TEXT =
  'I found no trace link or trace ID in that message. Mention me with a link from your trace UI or a trace ID (type "help" for more).';

/** Files in channels and group chats live in SharePoint, which a bot cannot read through the Bot Framework. */
export function shareFileText(where: 'personal' | 'groupChat' | 'channel'): string {
  if (where === 'personal') {
    return 'That is a link to a file on SharePoint/OneDrive, which I do not open. Attach the file itself to a message to me here, or paste the trace link or trace ID.';
  }
  return 'I cannot read files shared in channels or group chats (Teams keeps them in SharePoint). Paste the trace link or trace ID here, or send the file to me in a personal chat (open a chat with tracehound and attach it).';
}

export type TeamsCommand =
  | { kind: 'help' }
  | { kind: 'cluster'; window: string | null }
  | { kind: 'triage'; text: string };

/** `help`, `cluster [window]`, `triage <link|ID>`, or a bare link/ID, from the text without mentions (pure). */
export function parseTeamsCommand(text: string): TeamsCommand {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const first = words[0]?.toLowerCase();
  if (first === undefined || first === 'help' || first === '/help') return { kind: 'help' };
  if (first === 'cluster' || first === '/cluster') return { kind: 'cluster', window: words[1] ?? null };
  if (first === 'triage' || first === '/triage') {
    return words.length > 1 ? { kind: 'triage', text: words.slice(1).join(' ') } : { kind: 'help' };
  }
  return { kind: 'triage', text };
}

function isFileLink(reference: string): boolean {
  try {
    return isMicrosoftFileHost(new URL(reference).hostname);
  } catch {
    return false;
  }
}

function scopeOf(activity: TeamsActivity): TriageScope {
  return { platform: 'teams', workspaceId: teamIdOf(activity), channelId: channelIdOf(activity) };
}

function deliveryKey(activity: TeamsActivity): string | null {
  return activity.id === undefined ? null : `${activity.conversation.id}|${activity.id}`;
}

/** A message shown to the invoking user, closing nothing (the Universal Actions "message" response). */
function invokeMessage(text: string): AdaptiveCardInvokeResponse {
  // The schema types `value` as an object, but Teams' message response carries the text itself.
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

function taskMessage(text: string): MessagingExtensionActionResponse {
  return { task: { type: 'message', value: text } };
}

/**
 * The Teams bot: receives activities through botbuilder, parses the fields it uses with zod, answers
 * within the turn only what is quick (typing, help, feedback), and does triage and clustering after the
 * turn in the conversation's reply chain.
 */
export class TeamsBot extends TeamsActivityHandler {
  readonly #options: TeamsBotOptions;
  readonly #deduplicator = new ActivityDeduplicator();
  readonly #logger: Logger;

  constructor(options: TeamsBotOptions) {
    super();
    this.#options = options;
    this.#logger = options.logger;
    this.onMessage(async (context, next) => {
      await this.#handleMessage(context);
      await next();
    });
  }

  #parse(context: TurnContext): TeamsActivity | null {
    const parsed = activitySchema.safeParse(context.activity);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    this.#logger.warn(
      { field: issue?.path.join('.') ?? '', problem: issue?.message ?? 'invalid' },
      'ignored a Teams activity that does not have the expected shape',
    );
    return null;
  }

  #firstSeen(activity: TeamsActivity): boolean {
    const key = deliveryKey(activity);
    if (key === null || this.#deduplicator.firstSeen(key)) return true;
    this.#logger.debug({ activityId: activity.id }, 'ignored a repeated Teams delivery');
    return false;
  }

  #startWork(target: ReplyTarget, label: string, work: (replies: CardReplies) => Promise<void>): void {
    const task = this.#options.runInConversation(target, work).catch((error: unknown) => {
      const statusCode =
        typeof error === 'object' && error !== null && 'statusCode' in error
          ? String((error as { statusCode: unknown }).statusCode)
          : null;
      this.#logger.error(
        { work: label, statusCode, error: error instanceof Error ? error.name : typeof error },
        'a Teams reply could not be completed',
      );
    });
    this.#options.track(task);
  }

  #startTriage(
    target: ReplyTarget,
    subject: TriageSubject,
    scope: TriageScope,
    existingActivityId: string | null = null,
  ): void {
    this.#startWork(target, 'triage', (replies) =>
      replyWithTriage(this.#options.flow, replies, subject, scope, existingActivityId),
    );
  }

  async #handleMessage(context: TurnContext): Promise<void> {
    const activity = this.#parse(context);
    if (activity === null || !this.#firstSeen(activity)) return;
    const cardAction = cardActionDataSchema.safeParse(activity.value);
    if (cardAction.success) {
      // Action.Submit (older clients' fallback for Action.Execute) arrives as a message with a value.
      const text = this.#handleCardAction(context, activity, cardAction.data);
      if (text !== null) await context.sendActivity(text);
      return;
    }
    if (!isAddressedToBot(activity)) return;
    const kind = conversationKind(activity);
    const files = kind === 'personal' ? fileAttachmentsOf(activity) : [];
    // The command word comes from the plain text; links are found in the text as sent (HTML unwrapped there).
    const text = (activity.text ?? '').replace(/<at>[^<]*<\/at>/g, ' ');
    const command = parseTeamsCommand(commandText(text));
    const scope = scopeOf(activity);
    const target: ReplyTarget = {
      reference: TurnContext.getConversationReference(context.activity),
      replyToId: activity.id ?? null,
    };
    if (command.kind === 'cluster') {
      await context.sendActivity({ type: 'typing' });
      this.#startWork(target, 'cluster', (replies) =>
        replyWithClusters(this.#options.flow, replies, command.window, scope),
      );
      return;
    }
    if (command.kind === 'help' && files.length === 0) {
      await context.sendActivity(HELP_TEXT);
      return;
    }
    const references = command.kind === 'triage' ? this.#options.triageService.findReferences(text) : [];
    const traceReferences = references.filter((reference) => !isFileLink(reference));
    const subjects: TriageSubject[] = [
      ...files.map((file): TriageSubject => ({ kind: 'file', file })),
      ...traceReferences.map((text): TriageSubject => ({ kind: 'reference', text })),
    ].slice(0, maxSubjectsPerMessage);
    if (subjects.length === 0) {
      const fileShared =
        references.length > traceReferences.length ||
        (kind !== 'personal' && hasUnreadableFile(activity, isMicrosoftFileHost));
      await context.sendActivity(fileShared ? shareFileText(kind) : NOTHING_TO_TRIAGE_TEXT);
      return;
    }
    await context.sendActivity({ type: 'typing' });
    for (const subject of subjects) this.#startTriage(target, subject, scope);
  }

  /** Feedback and "Run again" from a card; returns what to tell the user (null: the card itself updates). */
  #handleCardAction(context: TurnContext, activity: TeamsActivity, data: CardActionData): string | null {
    if (data.tracehound === 'rerun') {
      const target: ReplyTarget = {
        reference: TurnContext.getConversationReference(context.activity),
        replyToId: activity.replyToId ?? null,
      };
      this.#startTriage(
        target,
        { kind: 'reference', text: data.reference },
        scopeOf(activity),
        activity.replyToId ?? null,
      );
      return null;
    }
    const cached = this.#options.flow.reports.find(data.reportKey);
    if (cached === undefined) return 'That report is too old to rate here; run the triage again and rate the new one.';
    this.#options.feedbackStore.recordFeedback({
      platform: 'teams',
      userId: activity.from.aadObjectId ?? activity.from.id,
      traceId: cached.traceId,
      verdict: data.verdict,
      report: cached.report,
      recordedAt: Date.now(),
    });
    return `Thanks: recorded "${data.verdict}" for this report.`;
  }

  /** Universal Actions (Action.Execute): feedback and "Run again", answered with a message to the clicker. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const activity = this.#parse(context);
    const data = cardActionDataSchema.safeParse(invokeValue.action.data);
    if (activity === null || !data.success) {
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'This card action is not one tracehound knows.' },
      };
    }
    if (!this.#firstSeen(activity)) {
      return invokeMessage(
        data.data.tracehound === 'rerun' ? 'Running the triage again…' : 'Thanks, already recorded.',
      );
    }
    const text = this.#handleCardAction(context, activity, data.data);
    return invokeMessage(text ?? 'Running the triage again; this card will update.');
  }

  /** "Triage this trace" with a task module first (manifest `fetchTask: true`). */
  protected override async handleTeamsMessagingExtensionFetchTask(
    context: TurnContext,
  ): Promise<MessagingExtensionActionResponse> {
    return this.#messageAction(context, 'fetchTask');
  }

  /** "Triage this trace" submitted (manifest `fetchTask: false`: the static form, or none). */
  protected override async handleTeamsMessagingExtensionSubmitAction(
    context: TurnContext,
  ): Promise<MessagingExtensionActionResponse> {
    return this.#messageAction(context, 'submitAction');
  }

  /**
   * The message action: the trace reference typed in the form, or else the one in the message (its HTML
   * unwrapped), triaged in the message's own thread. The invoke is answered at once: a submit with an
   * empty response (which closes the dialog), a fetch with a short message.
   */
  async #messageAction(
    context: TurnContext,
    via: 'fetchTask' | 'submitAction',
  ): Promise<MessagingExtensionActionResponse> {
    const activity = this.#parse(context);
    const value = messageActionSchema.safeParse(context.activity.value);
    if (activity === null || !value.success || value.data.commandId !== TRIAGE_MESSAGE_ACTION_ID) {
      return taskMessage('tracehound does not know that command.');
    }
    const payload = value.data.messagePayload;
    const form = z.looseObject({ [MESSAGE_ACTION_TRACE_PARAMETER]: z.string().optional() }).safeParse(value.data.data);
    const typed = form.success ? (form.data[MESSAGE_ACTION_TRACE_PARAMETER] ?? '').trim() : '';
    const source = typed !== '' ? typed : (payload?.body?.content ?? '');
    const references = this.#options.triageService.findReferences(source);
    const traceReferences = references.filter((reference) => !isFileLink(reference));
    if (traceReferences.length === 0) {
      return taskMessage(references.length > 0 ? shareFileText(conversationKind(activity)) : NOTHING_TO_TRIAGE_TEXT);
    }
    const subjects = traceReferences.slice(0, maxSubjectsPerMessage);
    if (this.#firstSeen(activity)) {
      const reference = TurnContext.getConversationReference(context.activity);
      let replyToId: string | null = null;
      if (payload !== undefined) {
        replyToId = payload.id;
        if (conversationKind(activity) === 'channel') {
          // The message's thread: its root is the message itself, or the message it replies to.
          const root = payload.replyToId || payload.id;
          const channel = activity.conversation.id.split(';')[0] ?? activity.conversation.id;
          reference.conversation = {
            ...activity.conversation,
            id: `${channel};messageid=${root}`,
          } as typeof reference.conversation;
        }
      }
      const target: ReplyTarget = { reference, replyToId };
      for (const text of subjects) this.#startTriage(target, { kind: 'reference', text }, scopeOf(activity));
    }
    if (via === 'fetchTask') {
      return taskMessage(`Triaging ${subjects.join(', ')}: the answer will appear in the message's thread.`);
    }
    return {};
  }

  /** Link unfurling for configured backend UI domains (the manifest's messageHandlers). */
  protected override async handleTeamsAppBasedLinkQuery(
    _context: TurnContext,
    query: AppBasedLinkQuery,
  ): Promise<MessagingExtensionResponse> {
    const parsed = queryLinkSchema.safeParse(query);
    if (!parsed.success) return {};
    let url: URL;
    try {
      url = new URL(parsed.data.url);
    } catch {
      return {};
    }
    const domains = this.#options.config.unfurlDomains.map((domain) => domain.toLowerCase());
    if (!domains.includes(url.hostname.toLowerCase())) return {};
    // The trace ID as the link's path or query names it (the whole link is a reference of its own).
    const idText = `${url.pathname} ${url.search}`.replace(/[/?&=]/g, ' ');
    const traceId = this.#options.triageService.findReferences(idText)[0] ?? null;
    const card = CardFactory.adaptiveCard(renderUnfurlCard(parsed.data.url, traceId));
    const preview = CardFactory.thumbnailCard(traceId === null ? 'Trace link' : `Trace ${traceId.slice(0, 64)}`);
    return { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [{ ...card, preview }] } };
  }
}
