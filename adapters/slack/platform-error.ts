/** Slack's own error code (`not_in_channel`, `invalid_auth`, …) from a Web API error, or null for other errors. */
export function platformError(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('data' in error)) return null;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : null;
}
