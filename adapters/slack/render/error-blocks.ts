import { TracehoundError } from '../../../src/errors/index.js';
import { code, escapeText, section, shortValue } from './mrkdwn.js';
import type { RenderedMessage } from './report-blocks.js';

interface Explanation {
  title: string;
  advice: string;
}

function detailList(error: TracehoundError, key: string): string | null {
  const value = error.details[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function explain(error: unknown): Explanation {
  if (!TracehoundError.isInstance(error)) {
    return {
      title: 'Something went wrong on our side',
      advice:
        'This is a bug in tracehound; the error is in its log. Try again, or run `tracehound analyze` on an export.',
    };
  }
  switch (error.code) {
    case 'trace_not_found': {
      const tried = detailList(error, 'backends');
      return {
        title: 'Trace not found',
        advice: `${tried ? `Tried: ${escapeText(tried)}. ` : ''}Check the ID, or wait a minute if the run just finished (spans can arrive late), or paste the trace's link from its own UI.`,
      };
    }
    case 'access_denied':
      // Says nothing about whether the trace exists.
      return {
        title: 'Not available here',
        advice:
          'This channel may not read traces from that backend. Ask in a channel that may, or ask an admin to allow it.',
      };
    case 'link_refused':
      return {
        title: 'That link points to a host tracehound is not configured for',
        advice:
          'Paste a link from one of the configured trace backends, a bare trace ID, or attach the exported trace file.',
      };
    case 'link_unsupported':
      return {
        title: 'That link is not a trace link tracehound can read',
        advice:
          'Paste the link of a single trace (not a search or a dashboard), its trace ID, or attach the exported file.',
      };
    case 'backend_timeout':
      return {
        title: 'The trace backend is slow to answer',
        advice: 'It did not reply in time. Try again in a minute; if it keeps happening, check the backend’s health.',
      };
    case 'backend_unavailable':
      return {
        title: 'The trace backend failed: it is down or erroring',
        advice:
          'It kept answering with a server error (or could not be reached) after retries. Check the backend’s health and try again in a few minutes, or attach the exported trace file instead.',
      };
    case 'backend_bad_response':
      return {
        title: 'The trace backend’s answer could not be read',
        advice:
          detailList(error, 'reason') === 'too_large'
            ? 'The trace is larger than tracehound’s response limit. Attach the exported trace file (gzip is fine) instead.'
            : 'It was cut short or not in the shape its API documents (a proxy in the way, or an unsupported backend version). Try again; if it keeps happening, attach the exported trace file instead and tell whoever runs tracehound.',
      };
    case 'backend_failed':
      return {
        title: 'The trace backend refused the request',
        advice:
          'It rejected tracehound’s request or redirected it elsewhere (redirects are not followed). Ask whoever runs tracehound to check the backend’s configured `url`, or attach the exported trace file instead.',
      };
    case 'backend_auth':
      return {
        title: 'tracehound could not sign in to the trace backend',
        advice: 'Its credentials were refused. Ask whoever runs tracehound to check the backend’s token or password.',
      };
    case 'backend_rate_limited': {
      const seconds = error.details.retryAfterSeconds;
      return {
        title: 'The trace backend is rate-limiting tracehound',
        advice:
          typeof seconds === 'number'
            ? `It asked to wait ${seconds} s. Try again after that.`
            : 'Try again in a few minutes.',
      };
    }
    case 'input_too_large':
      return {
        title: 'That file is too large',
        advice: `${escapeText(error.message)}. Export only the one trace you want triaged, or compress it with gzip.`,
      };
    case 'input_unreadable':
    case 'input_ambiguous':
      return {
        title: 'That file could not be read as a trace',
        advice: `${escapeText(shortValue(error.message, 600))}. Attach an OTLP, Jaeger, Zipkin or Langfuse JSON export, JSON Lines, or a span list (gzip is fine).`,
      };
    case 'config_invalid':
      return {
        title: 'tracehound is misconfigured',
        advice: 'Ask whoever runs it to check its configuration and log.',
      };
    case 'internal':
      return {
        title: 'Something went wrong on our side',
        advice:
          'This is a bug in tracehound; the error is in its log. Try again, or run `tracehound analyze` on an export.',
      };
  }
}

/** An error as a reply that says what happened and what to do (pure). */
export function renderErrorBlocks(error: unknown, subject: string | null): RenderedMessage {
  const { title, advice } = explain(error);
  const about = subject ? ` (${code(shortValue(subject, 150))})` : '';
  const text = `:warning: *${title}*${about}\n${advice}`;
  return {
    text: `${title}${subject ? `: ${escapeText(shortValue(subject, 150))}` : ''}`,
    blocks: [section(text, 'error')],
  };
}

/** The reply when a message holds no link, trace ID or trace file. */
export function renderNothingToTriage(): RenderedMessage {
  const text =
    'Nothing to triage here: I found no trace link, trace ID or trace file in the message (or in the thread’s first message). Mention me with a link from your trace UI, a trace ID, or attach an exported trace (JSON, JSON Lines, text; gzip is fine).';
  return { text, blocks: [section(`:mag: ${text}`, 'nothing_to_triage')] };
}

/** The "triaging …" placeholder posted at once and replaced in place by the report. */
export function renderPlaceholder(subject: string): RenderedMessage {
  const text = `:hourglass_flowing_sand: Triaging ${code(shortValue(subject, 200))}…`;
  return { text: `Triaging ${escapeText(shortValue(subject, 200))}…`, blocks: [section(text, 'placeholder')] };
}

/** `/triage help`, and the answer to a direct message that holds nothing to triage. */
export function renderHelp(command: string): RenderedMessage {
  const text = [
    '*tracehound* finds the span where a failed agent run first went wrong, and names its layer.',
    `• \`${command} <trace link or ID>\`: triage a trace; the answer goes in a thread under a new message.`,
    `• \`${command} private <trace link or ID>\`: only you see the answer.`,
    `• \`${command} cluster [window]\`: the failure modes of the last 7 days (or \`30m\`, \`12h\`, \`2w\`), failed runs grouped by root cause, each with its layer, count, fix and example traces. \`${command} private cluster\` answers only you; \`@tracehound cluster 7d\` answers in a thread.`,
    '• Mention me in a thread with a link, an ID or an attached trace file (or in a thread whose first message has one).',
    '• Use the message shortcut *Triage this trace* on any message with a link, an ID or a file.',
    '• Send me a direct message with a link, an ID or a trace file.',
  ].join('\n');
  return { text: 'tracehound help', blocks: [section(text, 'help')] };
}
