/** Text made literal inside a regular expression: `1.5` matches "1.5", not "145". */
export function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
