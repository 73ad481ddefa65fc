/**
 * Text from traces goes into TextBlocks and facts that Teams renders as (a subset of) markdown. Only what can
 * start formatting is escaped, so values stay readable on clients that show escapes literally: emphasis, code,
 * links and strike-through anywhere (`\ * _ ` [ ] ~`), and block markers (`#`, `-`, `+`, `1.`) at the start
 * of a line. `<`, `>` and `&` become entities, so no `<at>` mention or HTML survives.
 */
export function escapeCardText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]~])/g, '\\$1')
    .replace(/^(\s*)([#+-])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.');
}

/** Cuts to `limit` characters, saying so, so nobody mistakes a truncated value for the whole. */
export function truncateText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (truncated, ${text.length - limit} more characters)`;
}
