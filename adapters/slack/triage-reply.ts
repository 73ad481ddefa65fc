import { TracehoundError } from '../../src/errors/index.js';
import type { Report } from '../../src/report/report.js';
import type { SimilarRuns, TriageInput, TriageScope } from '../../src/triage/triage-service.js';
import { downloadSlackFile, type SlackFileReference } from './download-file.js';
import type { HandlerContext, SlackClient } from './handler-context.js';
import { renderErrorBlocks, renderPlaceholder } from './render/error-blocks.js';
import { type RenderedMessage, renderReportBlocks } from './render/report-blocks.js';
import { type MessageLike, traceFilesOf, withoutMentions } from './slack-payloads.js';

/** At most this many traces are triaged for one message, so a pasted list cannot flood a thread. */
export const maxSubjectsPerMessage = 3;

const maxRememberedReplies = 20_000;

/** One thing to triage: a link or ID as typed, or an attached file (downloaded only when its turn comes). */
export type TriageSubject = { kind: 'reference'; text: string } | { kind: 'file'; file: SlackFileReference };

export function subjectLabel(subject: TriageSubject): string {
  return subject.kind === 'reference' ? subject.text : subject.file.name;
}

/** The trace files first, then the links and IDs, in order of appearance. */
export function subjectsOf(context: HandlerContext, message: Pick<MessageLike, 'text' | 'files'>): TriageSubject[] {
  const files = traceFilesOf(message.files).map((file): TriageSubject => ({ kind: 'file', file }));
  const references = context.triageService
    .findReferences(withoutMentions(message.text ?? ''))
    .map((text): TriageSubject => ({ kind: 'reference', text }));
  return [...files, ...references].slice(0, maxSubjectsPerMessage);
}

async function inputFor(context: HandlerContext, subject: TriageSubject, signal?: AbortSignal): Promise<TriageInput> {
  if (subject.kind === 'reference') return { kind: 'reference', text: subject.text };
  const bytes = await downloadSlackFile(subject.file, {
    botToken: context.config.botToken,
    maxBytes: context.config.maxFileBytes,
    fetch: context.fetch,
    ...(signal ? { signal } : {}),
  });
  return { kind: 'file', name: subject.file.name, bytes };
}

export type TriageOutcome =
  | { ok: true; report: Report; similarRuns: SimilarRuns | null; rendered: RenderedMessage }
  | { ok: false; rendered: RenderedMessage };

/** Runs the core on one subject and renders the result or the error; never throws for a TracehoundError. */
export async function triageAndRender(
  context: HandlerContext,
  subject: TriageSubject,
  scope: TriageScope,
  eventId: string,
): Promise<TriageOutcome> {
  try {
    const input = await inputFor(context, subject);
    const result = await context.triageService.triage(input, scope);
    const report = context.redact(result.report);
    const reportKey = context.reports.remember({ report, traceId: report.traceId ?? result.trace.traceId });
    const reference = subject.kind === 'reference' ? subject.text : undefined;
    const rendered = renderReportBlocks(report, {
      reportKey,
      similarRuns: result.similarRuns,
      ...(reference ? { reference } : {}),
    });
    return { ok: true, report, similarRuns: result.similarRuns, rendered };
  } catch (error) {
    if (TracehoundError.isInstance(error)) {
      context.logger.info({ component: 'slack', eventId, code: error.code }, 'triage ended with an error reply');
    } else {
      context.logger.error(
        { component: 'slack', eventId, error: error instanceof Error ? error.name : typeof error },
        'triage failed unexpectedly',
      );
    }
    return { ok: false, rendered: renderErrorBlocks(error, subjectLabel(subject)) };
  }
}

export interface ThreadReplyTarget {
  channel: string;
  threadTs: string;
  /** Update this message instead of posting one (a "Run again" click). */
  existingTs?: string;
}

/**
 * The reply flow: "triaging …" posted in the thread at once, then that same message updated in place
 * with the report or the error. A trace asked about again in the same thread updates the earlier
 * message rather than adding a second one.
 */
export async function replyInThread(
  context: HandlerContext,
  client: SlackClient,
  target: ThreadReplyTarget,
  subject: TriageSubject,
  scope: TriageScope,
  eventId: string,
): Promise<void> {
  const label = subjectLabel(subject);
  const replyKey = `${target.channel}:${target.threadTs}:${subject.kind}:${label}`;
  const placeholder = renderPlaceholder(label);
  let ts = target.existingTs ?? context.threadReplies.get(replyKey);
  if (ts) {
    await client.chat.update({ channel: target.channel, ts, text: placeholder.text, blocks: placeholder.blocks });
  } else {
    const posted = await client.chat.postMessage({
      channel: target.channel,
      thread_ts: target.threadTs,
      text: placeholder.text,
      blocks: placeholder.blocks,
    });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    ts = posted.ts;
  }
  context.threadReplies.set(replyKey, ts);
  if (context.threadReplies.size > maxRememberedReplies) {
    const oldest = context.threadReplies.keys().next();
    if (!oldest.done) context.threadReplies.delete(oldest.value);
  }
  const outcome = await triageAndRender(context, subject, scope, eventId);
  await client.chat.update({
    channel: target.channel,
    ts,
    text: outcome.rendered.text,
    blocks: outcome.rendered.blocks,
  });
}
