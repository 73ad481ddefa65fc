import type { types } from '@slack/bolt';
import type { Report, WalkthroughStep } from '../../../src/report/report.js';
import type { SimilarRuns } from '../../../src/triage/triage-service.js';
import { actionIds } from '../surface.js';
import {
  type Block,
  code,
  context,
  escapeText,
  fitBlocks,
  header,
  section,
  shortValue,
  slackLimits,
  truncate,
} from './mrkdwn.js';

export interface RenderedMessage {
  /** Plain-text fallback for notifications and screen readers (escaped). */
  text: string;
  blocks: Block[];
}

export interface ReportRenderOptions {
  /** Opaque key the feedback buttons carry, so a click can find the report it judges. */
  reportKey: string;
  /** What the person asked for (a link, an ID, a file name); offered again by the re-run button of a partial trace. */
  reference?: string;
  /** Other recent runs with the same failure mode; mentioned when there is more than this one. */
  similarRuns?: SimilarRuns | null;
}

const listLimit = 10;

const verdictMarks: Record<WalkthroughStep['verdict'], string> = {
  ok: ':white_check_mark:',
  suspect: ':warning:',
  bad: ':x:',
  absent: ':heavy_minus_sign:',
};

/** `name` (`id`), both escaped: the two things a reader needs to find a span in the trace UI. */
export function spanLabel(report: Report, spanId: string): string {
  const name = report.spanNames[spanId];
  return name ? `${code(shortValue(name, 120))} (${code(shortValue(spanId, 80))})` : code(shortValue(spanId, 80));
}

function list<T>(items: readonly T[], render: (item: T) => string): string {
  const lines = items.slice(0, listLimit).map((item) => `• ${render(item)}`);
  if (items.length > listLimit) lines.push(`_… and ${items.length - listLimit} more (see the trace)_`);
  return lines.join('\n');
}

function rootCauseBlocks(report: Report): Block[] {
  const rootCause = report.rootCause;
  if (!rootCause) return [];
  const blocks: Block[] = [
    header(`Root cause: ${shortValue(rootCause.spanName, 100)} [${rootCause.layer}]`),
    section(
      `*Root-cause span* ${spanLabel(report, rootCause.spanId)}\n*Layer* \`${rootCause.layer}\` · rule ${code(rootCause.rule)} · confidence ${Math.round(rootCause.confidence * 100)}%\n${escapeText(rootCause.summary)}`,
      'root_cause',
    ),
  ];
  if (rootCause.evidence.length > 0) {
    const lines = list(rootCause.evidence, (evidence) => {
      const expected = evidence.expected === null ? '_nothing_' : code(shortValue(evidence.expected));
      const actual = evidence.actual === null ? '_nothing_' : code(shortValue(evidence.actual));
      return `${code(evidence.field)} at ${code(evidence.spanId)}: expected ${expected} (from ${escapeText(shortValue(evidence.source, 100))}), actual ${actual}`;
    });
    blocks.push(section(`*Expected vs actual*\n${lines}`, 'evidence'));
  }
  return blocks;
}

function verdictBlocks(report: Report): Block[] {
  if (report.verdict === 'failed') return rootCauseBlocks(report);
  if (report.verdict === 'ok') {
    return [header('No failure found'), section('Every step of this run looks sound; nothing to fix.', 'verdict')];
  }
  const blocks: Block[] = [
    header('Suspicious, no root cause established'),
    section('Nothing failed outright, but some spans look wrong. The likeliest places to look:', 'verdict'),
  ];
  if (report.candidates.length > 0) {
    const lines = list(
      report.candidates,
      (candidate) =>
        `${spanLabel(report, candidate.spanId)} layer \`${candidate.layer}\`, rule ${code(candidate.rule)}, confidence ${Math.round(candidate.confidence * 100)}%`,
    );
    blocks.push(section(`*Candidates*\n${lines}`, 'candidates'));
  }
  return blocks;
}

/** The line a single-trace reply carries when other recent runs failed the same way. */
export function similarRunsLine(similarRuns: SimilarRuns): string {
  const window = similarRuns.windowDays === 1 ? 'the last day' : `the last ${similarRuns.windowDays} days`;
  return `:repeat: Seen in ${similarRuns.count} runs in ${window}: ${escapeText(shortValue(similarRuns.label, 200))} (cluster ${code(similarRuns.clusterId)}). \`/triage cluster\` lists every mode.`;
}

function walkthroughText(steps: readonly WalkthroughStep[]): string {
  return steps
    .map((step) => `${verdictMarks[step.verdict]} *${step.step}* ${escapeText(shortValue(step.note, 160))}`)
    .join('\n');
}

function actionsBlock(report: Report, options: ReportRenderOptions): types.ActionsBlock {
  const elements: types.Button[] = [];
  if (report.traceUrl && report.traceUrl.length <= slackLimits.buttonUrl && /^https?:\/\//.test(report.traceUrl)) {
    elements.push({
      type: 'button',
      action_id: actionIds.openTrace,
      text: { type: 'plain_text', text: 'Open trace' },
      url: report.traceUrl,
    });
  }
  if (report.partial && options.reference && options.reference.length <= slackLimits.buttonValue) {
    elements.push({
      type: 'button',
      action_id: actionIds.rerun,
      text: { type: 'plain_text', text: 'Run again' },
      value: options.reference,
    });
  }
  const feedback: Array<[string, string]> = [
    [actionIds.feedbackRight, 'Right'],
    [actionIds.feedbackWrongSpan, 'Wrong span'],
    [actionIds.feedbackWrongLayer, 'Wrong layer'],
  ];
  for (const [actionId, label] of feedback) {
    elements.push({
      type: 'button',
      action_id: actionId,
      text: { type: 'plain_text', text: label },
      value: options.reportKey,
    });
  }
  return { type: 'actions', block_id: 'report_actions', elements };
}

/** The plain-text line shown in notifications: root cause name, ID and layer first. */
export function reportFallbackText(report: Report): string {
  const traceName = report.traceId ? ` for trace ${report.traceId}` : '';
  let text: string;
  if (report.verdict === 'failed' && report.rootCause) {
    const rootCause = report.rootCause;
    text = `Root cause${traceName}: ${rootCause.spanName} (span ${rootCause.spanId}), layer ${rootCause.layer}. ${rootCause.summary}`;
  } else if (report.verdict === 'ok') {
    text = `No failure found${traceName}.`;
  } else {
    text = `Suspicious run${traceName}: ${report.candidates.length} candidate span(s), no root cause established.`;
  }
  return truncate(escapeText(shortValue(text, 2000)), slackLimits.fallbackText);
}

/**
 * The full report in Block Kit (pure): root-cause span and layer first, expected vs actual, where it
 * surfaced, blast radius, the walkthrough in reading order, the suggested fix, then the buttons.
 * Everything from the trace is escaped and every text fits Slack's limits.
 */
export function renderReportBlocks(report: Report, options: ReportRenderOptions): RenderedMessage {
  const blocks: Block[] = [...verdictBlocks(report)];
  if (options.similarRuns && options.similarRuns.count > 1) {
    blocks.push(context([similarRunsLine(options.similarRuns)]));
  }
  if (report.surfacedSpanId) {
    blocks.push(section(`*Surfaced at* ${spanLabel(report, report.surfacedSpanId)}`, 'surfaced'));
  }
  if (report.blastRadius.length > 0) {
    const lines = list(
      report.blastRadius,
      (item) => `${spanLabel(report, item.spanId)} ${escapeText(shortValue(item.note))}`,
    );
    blocks.push(section(`*Blast radius*\n${lines}`, 'blast_radius'));
  }
  if (report.walkthrough.length > 0) {
    blocks.push(section(`*Walkthrough*\n${walkthroughText(report.walkthrough)}`, 'walkthrough'));
  }
  if (report.suggestedFix) {
    blocks.push(section(`*Suggested fix*\n${escapeText(report.suggestedFix)}`, 'suggested_fix'));
  }
  if (report.missingCapture.length > 0) {
    const lines = list(report.missingCapture, (item) => `${code(item.spanId)} ${escapeText(shortValue(item.what))}`);
    blocks.push(section(`*Not recorded in the trace*\n${lines}`, 'missing_capture'));
  }
  const footer = [`format ${code(report.format)}`];
  if (report.traceId) footer.unshift(`trace ${code(report.traceId)}`);
  if (report.findings.length > 0) footer.push(`${report.findings.length} finding(s)`);
  if (report.partial)
    footer.push(':hourglass_flowing_sand: spans may still be arriving; run it again for the full trace');
  blocks.push(context(footer));
  blocks.push(actionsBlock(report, options));
  return { text: reportFallbackText(report), blocks: fitBlocks(blocks) };
}

/** The short channel message that heads a `/triage` thread: one line of verdict, the details are in the thread. */
export function renderReportSummary(report: Report, similarRuns: SimilarRuns | null = null): RenderedMessage {
  const text = reportFallbackText(report);
  const blocks: Block[] = [section(`${text}\n_Details in the thread._`, 'summary')];
  if (similarRuns && similarRuns.count > 1) blocks.push(context([similarRunsLine(similarRuns)]));
  return { text, blocks };
}
