/** Text from traces goes into TextBlocks that Teams renders as markdown; neutralise markup, mentions and HTML. */
export function escapeCardText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]()#+\-.!|~])/g, '\\$1');
}

/** Cuts to `limit` characters, saying so, so nobody mistakes a truncated value for the whole. */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (truncated, ${text.length - limit} more characters)`;
}
