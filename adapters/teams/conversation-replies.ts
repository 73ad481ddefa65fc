import { CardFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AdaptiveCard } from './render/report-card.js';

/** Where the replies of one piece of background work go. */
export interface ReplyTarget {
  /** The conversation (for a channel thread, its id ends in `;messageid=<root>`), from the incoming activity. */
  reference: Partial<ConversationReference>;
  /** The message the replies answer, so they stay in its reply chain; null posts into the conversation. */
  replyToId: string | null;
}

/** Posting a card and updating it in place: all the background work needs from Bot Framework. */
export interface CardReplies {
  /** Posts a card; resolves to the new message's ID (null when the channel gave none). */
  post(card: AdaptiveCard): Promise<string | null>;
  update(activityId: string, card: AdaptiveCard): Promise<void>;
}

export type RunInConversation = (target: ReplyTarget, work: (replies: CardReplies) => Promise<void>) => Promise<void>;

/**
 * Runs work after the turn's HTTP request was answered, through `continueConversationAsync`, so a slow
 * backend never holds the turn. The continuation's own activity has a fresh ID, so the reply chain is
 * set on every outgoing activity explicitly.
 */
export function createConversationRunner(adapter: CloudAdapter, botAppId: string): RunInConversation {
  return (target, work) =>
    adapter.continueConversationAsync(botAppId, target.reference, async (context) => {
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) {
          if (target.replyToId === null) delete activity.replyToId;
          else activity.replyToId = target.replyToId;
        }
        return next();
      });
      await work({
        async post(card) {
          const response = await context.sendActivity({
            type: 'message',
            attachments: [CardFactory.adaptiveCard(card)],
          });
          return response?.id ? response.id : null;
        },
        async update(activityId, card) {
          await context.updateActivity({
            id: activityId,
            type: 'message',
            attachments: [CardFactory.adaptiveCard(card)],
          });
        },
      });
    });
}
