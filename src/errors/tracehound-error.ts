/**
 * Every error that crosses a module boundary is a TracehoundError with a string code, so that the
 * CLI can pick an exit status and the chat adapters can pick a user-facing reply without parsing
 * messages. Subclasses live one per file.
 */
export const errorCodes = [
  'input_unreadable',
  'input_too_large',
  'input_ambiguous',
  'link_refused',
  'link_unsupported',
  'trace_not_found',
  'access_denied',
  // The backend refused the request in a way no retry fixes: an unexpected 4xx, or a redirect (never followed).
  'backend_failed',
  // 5xx after retries, or the backend could not be reached at all (connection refused, DNS).
  'backend_unavailable',
  // The answer arrived but cannot be used: cut short, not JSON, the wrong shape, or over the size cap.
  'backend_bad_response',
  'backend_timeout',
  'backend_auth',
  'backend_rate_limited',
  'config_invalid',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

const brand = Symbol.for('tracehound.error');

export interface TracehoundErrorOptions {
  cause?: unknown;
  /** Key/value details safe to show to a user (never credentials or trace contents). */
  details?: Record<string, string | number | boolean | null>;
}

export class TracehoundError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, string | number | boolean | null>;
  constructor(code: ErrorCode, message: string, options: TracehoundErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TracehoundError';
    this.code = code;
    this.details = options.details ?? {};
    Object.defineProperty(this, brand, { value: true });
  }

  /** Works across duplicated copies of this module, unlike `instanceof`. */
  static isInstance(value: unknown): value is TracehoundError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** The CLI's exit status for an error code (see the README's "Exit status"). */
export function exitStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'input_unreadable':
    case 'input_too_large':
    case 'input_ambiguous':
    case 'link_refused':
    case 'link_unsupported':
    case 'access_denied':
    case 'config_invalid':
      return 2;
    case 'trace_not_found':
      return 3;
    case 'backend_failed':
    case 'backend_unavailable':
    case 'backend_bad_response':
    case 'backend_timeout':
    case 'backend_auth':
    case 'backend_rate_limited':
      return 4;
    case 'internal':
      return 1;
  }
}
