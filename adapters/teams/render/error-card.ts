import { type ErrorCode, TracehoundError } from '../../../src/errors/index.js';
import { escapeCardText, truncateText } from './escape-card-text.js';
import type { AdaptiveCard } from './report-card.js';

/** What to tell a person for each failure, saying what to do next (the same advice as Slack's replies). */
export function errorReplyText(code: ErrorCode | 'unknown'): string {
  switch (code) {
    case 'trace_not_found':
      return 'I could not find that trace. Check the ID or link, or wait a minute if the run just finished (spans can arrive late).';
    case 'link_refused':
      return 'That link points to a host that is not a configured trace backend, so I did not open it. Paste a link from a configured backend, a bare trace ID, or send the exported file to me in a personal chat.';
    case 'link_unsupported':
      return 'I do not know how to read that link. Paste the link of a single trace (not a search or a dashboard), its trace ID, or send the exported file to me in a personal chat.';
    case 'access_denied':
      return 'This team or channel may not read traces from that backend. Ask in a channel that may, or ask an admin to allow it.';
    case 'backend_timeout':
      return 'The trace backend did not answer in time. Try again in a minute; if it keeps happening, check the backend’s health.';
    case 'backend_unavailable':
      return 'The trace backend is down or erroring: it kept answering with a server error (or could not be reached) after retries. Check its health and try again in a few minutes, or send me the exported trace file in a personal chat.';
    case 'backend_bad_response':
      return 'The trace backend’s answer could not be read: it was cut short, too large, or not in the shape its API documents. Try again; if it keeps happening, send me the exported trace file in a personal chat and tell whoever runs tracehound.';
    case 'backend_failed':
      return 'The trace backend refused the request or redirected it (redirects are not followed). Ask whoever runs tracehound to check the backend’s configured URL, or send me the exported trace file in a personal chat.';
    case 'backend_auth':
      return 'tracehound could not sign in to the trace backend. Ask whoever runs tracehound to check its credentials.';
    case 'backend_rate_limited':
      return 'The trace backend is rate-limiting requests. Try again in a few minutes.';
    case 'input_unreadable':
    case 'input_ambiguous':
      return 'I could not read that file as a trace. Send an OTLP, Jaeger, Zipkin or Langfuse JSON export, JSON Lines, or a span list (gzip is fine).';
    case 'input_too_large':
      return 'That file is too large for me. Export only the one trace you want triaged, or compress it with gzip.';
    case 'config_invalid':
      return 'tracehound is misconfigured. Ask whoever runs it to check its configuration and log.';
    default:
      return 'Something went wrong while triaging this trace. The error has been logged; please try again.';
  }
}

function codeOf(error: unknown): ErrorCode | 'unknown' {
  return TracehoundError.isInstance(error) ? error.code : 'unknown';
}

/** Input errors name the file, the place and what was expected, which helps the person fix the export. */
function detailOf(error: unknown): string | null {
  if (!TracehoundError.isInstance(error)) return null;
  if (error.code !== 'input_unreadable' && error.code !== 'input_too_large' && error.code !== 'input_ambiguous') {
    return null;
  }
  return escapeCardText(truncateText(error.message, 400));
}

/** An error as a card: what happened (about which subject) and what to do. */
export function renderErrorCard(
  error: unknown,
  options: { subject?: string | null; heading?: string } = {},
): AdaptiveCard {
  const code = codeOf(error);
  const heading = options.heading ?? 'Could not triage';
  const subject = options.subject ?? null;
  const body: Record<string, unknown>[] = [
    {
      type: 'Container',
      style: 'attention',
      items: [
        {
          type: 'TextBlock',
          text: subject === null ? heading : `${heading} ${escapeCardText(truncateText(subject, 150))}`,
          weight: 'Bolder',
          wrap: true,
        },
        { type: 'TextBlock', text: errorReplyText(code), wrap: true },
      ],
    },
  ];
  const detail = detailOf(error);
  if (detail !== null) body.push({ type: 'TextBlock', text: detail, wrap: true, isSubtle: true });
  return { type: 'AdaptiveCard', version: '1.5', body };
}

/** A short card with one line of text (placeholders, notices). */
export function renderNoticeCard(text: string, options: { subtle?: boolean } = {}): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text, wrap: true, ...(options.subtle ? { isSubtle: true } : {}) }],
  };
}

/** The "triaging …" placeholder posted at once and replaced in place by the report. */
export function renderPlaceholderCard(subject: string): AdaptiveCard {
  return renderNoticeCard(`Triaging ${escapeCardText(truncateText(subject, 200))}…`);
}
