import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;

/** Slack's limits (api.slack.com/reference/block-kit/blocks). */
export const slackLimits = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  fallbackText: 3000,
} as const;

/**
 * Escapes the three characters Slack treats as control syntax (`<!channel>`, `<@U1>`, `<url|label>`),
 * so text from a trace can neither ping anyone nor forge a link. Nothing else is entity-encoded.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped, inside a code span; backticks and line breaks would end the span early. */
export function code(text: string): string {
  const flat = text.replace(/`/g, "'").replace(/[\r\n]+/g, ' ');
  return `\`${escapeText(flat)}\``;
}

/** Cuts already-escaped text to `max` characters with an explicit note, never inside an `&…;` entity. */
export function truncate(text: string, max: number, note = '… (truncated: open the trace for the rest)'): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - note.length));
  cut = cut.replace(/&[a-z]*$/, '');
  return `${cut}${note}`;
}

/** A raw value from a trace, escaped and shortened to `max` characters (before escaping) for one-line use. */
export function shortValue(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function section(markdown: string, blockId?: string): types.SectionBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(markdown, slackLimits.sectionText) },
    ...(blockId ? { block_id: blockId } : {}),
  };
}

/** A header from raw text (escaped here). */
export function header(rawText: string): types.HeaderBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(escapeText(rawText), slackLimits.headerText, '…') },
  };
}

export function context(markdownElements: string[]): types.ContextBlock {
  const elements = markdownElements.slice(0, slackLimits.contextElements).map((text) => ({
    type: 'mrkdwn' as const,
    text: truncate(text, slackLimits.sectionText),
  }));
  return { type: 'context', elements };
}

/**
 * Keeps a message within 50 blocks: when there are more, the tail is replaced by a note saying how
 * many were left out, and the final actions block (buttons) is kept.
 */
export function fitBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= slackLimits.blocksPerMessage) return blocks;
  const last = blocks[blocks.length - 1];
  const keepActions = last?.type === 'actions';
  const room = slackLimits.blocksPerMessage - 1 - (keepActions ? 1 : 0);
  const kept = blocks.slice(0, room);
  const omitted = blocks.length - room - (keepActions ? 1 : 0);
  const note = context([
    `_${omitted} more blocks were left out to stay within Slack's limits; open the trace for the rest._`,
  ]);
  return keepActions && last ? [...kept, note, last] : [...kept, note];
}
