import type { ErrorCode } from '../../../src/errors/index.js';
import type { AdaptiveCard } from './report-card.js';

/** What to tell a person for each failure, saying what to do next. */
export function errorReplyText(code: ErrorCode | 'unknown'): string {
  switch (code) {
    case 'trace_not_found':
      return 'I could not find that trace. Check the ID or link, or wait a minute if it was just recorded.';
    case 'link_refused':
      return 'That link points to a host that is not a configured trace backend, so I did not open it.';
    case 'link_unsupported':
      return 'I do not know how to read that link. Paste the trace ID, or attach an exported trace file in a personal chat.';
    case 'access_denied':
      return 'This team or channel is not allowed to read that backend. Ask an admin to grant access in the tracehound config.';
    case 'backend_timeout':
      return 'The trace backend did not answer in time. Try again in a minute.';
    case 'backend_failed':
      return 'The trace backend returned an error. Try again later, or attach an exported trace file.';
    case 'backend_auth':
      return 'tracehound could not sign in to the trace backend. Ask an admin to check its credentials.';
    case 'backend_rate_limited':
      return 'The trace backend is rate-limiting requests. Try again in a few minutes.';
    case 'input_unreadable':
      return 'I could not read that file as a trace. Supported: OTLP JSON/protobuf, Langfuse, LangSmith, Phoenix exports.';
    case 'input_too_large':
      return 'That trace is too large for me. Export a smaller time range or a single trace.';
    default:
      return 'Something went wrong while triaging this trace. The error has been logged; please try again.';
  }
}

export function renderErrorCard(code: ErrorCode | 'unknown'): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: errorReplyText(code), wrap: true }],
  };
}
