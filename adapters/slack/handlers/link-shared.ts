import type { App, types } from '@slack/bolt';
import { TracehoundError } from '../../../src/errors/index.js';
import type { HandlerContext } from '../handler-context.js';
import { renderErrorBlocks } from '../render/error-blocks.js';
import { renderUnfurlBlocks } from '../render/unfurl-blocks.js';
import { envelopeSchema, linkSharedSchema } from '../slack-payloads.js';

/** Slack sends at most five links per event; each is one triage. */
const maxLinksPerEvent = 5;

/**
 * Errors for which a pasted link gets no card: a link tracehound does not handle, or one this channel
 * may not read (a card would reveal whether the trace exists).
 */
const silentCodes = new Set(['link_refused', 'link_unsupported', 'access_denied']);

/** A pasted trace link (`link_shared`) → `chat.unfurl` with a compact card per link. */
export function registerLinkShared(app: App, context: HandlerContext): void {
  app.event('link_shared', async ({ event, body, client }) => {
    const envelope = envelopeSchema.parse(body);
    const payload = linkSharedSchema.parse(event);
    const eventId = envelope.event_id ?? `link:${payload.channel}:${payload.message_ts}`;
    const scope = { platform: 'slack' as const, workspaceId: envelope.team_id ?? null, channelId: payload.channel };
    context.runInBackground(eventId, async () => {
      const unfurls: Record<string, { blocks: types.KnownBlock[] }> = {};
      const urls = [...new Set(payload.links.map((link) => link.url))].slice(0, maxLinksPerEvent);
      for (const url of urls) {
        try {
          const result = await context.triageService.triage({ kind: 'reference', text: url }, scope);
          unfurls[url] = { blocks: renderUnfurlBlocks(context.redact(result.report), url) };
        } catch (error) {
          const code = TracehoundError.isInstance(error) ? error.code : 'internal';
          context.logger.info({ component: 'slack', eventId, code }, 'no triage for a pasted link');
          if (!silentCodes.has(code)) unfurls[url] = { blocks: renderErrorBlocks(error, null).blocks };
        }
      }
      if (Object.keys(unfurls).length === 0) return;
      // Links typed in the composer carry unfurl_id + source instead of a posted message's ts.
      const target =
        payload.unfurl_id && payload.source
          ? { unfurl_id: payload.unfurl_id, source: payload.source as 'composer' | 'conversations_history' }
          : { channel: payload.channel, ts: payload.message_ts };
      await client.chat.unfurl({ ...target, unfurls });
    });
  });
}
