import type { Report } from '../../../src/report/report.js';
import type { SimilarRuns } from '../../../src/triage/triage-service.js';
import { escapeCardText, truncateText } from './escape-card-text.js';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/** Teams rejects cards over 28 KB. */
export const MAX_CARD_BYTES = 28 * 1024;

const safe = (text: string, limit = 600): string => escapeCardText(truncateText(text, limit));

function textBlock(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

function spanLabel(report: Report, spanId: string): string {
  const name = report.spanNames[spanId];
  return name === undefined ? `span ${safe(spanId, 80)}` : `${safe(name, 120)} (${safe(spanId, 80)})`;
}

export interface ReportCardOptions {
  /** Longest text shown per value before truncation (the card shrinks further when over 28 KB). */
  limit?: number;
  /** The key the feedback buttons carry (ReportCache); without it the card has no feedback buttons. */
  reportKey?: string;
  /** Runs sharing this failure mode, from the analysis history. */
  similarRuns?: SimilarRuns | null;
  /** The link or ID as typed, for "Run again" on a partial trace. */
  reference?: string;
}

/** An Action.Execute (Universal Actions, answered by an `adaptiveCard/action` invoke) that older clients send as Action.Submit. */
export function executeAction(title: string, verb: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    fallback: { type: 'Action.Submit', title, data },
  };
}

/** Report → Adaptive Card 1.5 for messages, root cause first; shrinks until it fits in 28 KB. */
export function renderReportCard(report: Report, options: ReportCardOptions = {}): AdaptiveCard {
  for (const limit of [options.limit ?? 600, 200, 60]) {
    const card = buildCard(report, options, limit);
    if (Buffer.byteLength(JSON.stringify(card)) <= MAX_CARD_BYTES) return card;
  }
  return buildCard(report, options, 30, true);
}

function similarRunsLine(similarRuns: SimilarRuns | null | undefined): string | null {
  if (!similarRuns || similarRuns.count <= 1) return null;
  return `Seen in ${similarRuns.count} runs in the last ${similarRuns.windowDays} days: ${safe(similarRuns.label, 200)}`;
}

function buildCard(report: Report, options: ReportCardOptions, limit: number, minimal = false): AdaptiveCard {
  const body: Record<string, unknown>[] = [];
  const root = report.rootCause;
  if (root === null) {
    body.push(textBlock(`Verdict: ${report.verdict}. No root cause found.`, { weight: 'Bolder' }));
  } else {
    body.push(
      textBlock(`Root cause: ${spanLabel(report, root.spanId)} \u2014 layer \`${root.layer}\``, {
        weight: 'Bolder',
        size: 'Medium',
      }),
    );
    body.push(textBlock(safe(root.summary, limit)));
    const seen = similarRunsLine(options.similarRuns);
    if (seen !== null) body.push(textBlock(seen, { isSubtle: true }));
    const evidence = minimal ? root.evidence.slice(0, 1) : root.evidence.slice(0, 5);
    for (const item of evidence) {
      body.push({
        type: 'FactSet',
        facts: [
          { title: 'Expected', value: safe(item.expected ?? '(none)', limit) },
          { title: 'Actual', value: safe(item.actual ?? '(none)', limit) },
          { title: 'Source', value: safe(item.source, 120) },
        ],
      });
    }
    if (root.evidence.length > evidence.length) {
      body.push(
        textBlock(`(${root.evidence.length - evidence.length} more evidence items not shown)`, { isSubtle: true }),
      );
    }
  }
  if (report.surfacedSpanId !== null) body.push(textBlock(`Surfaced at: ${spanLabel(report, report.surfacedSpanId)}`));
  if (report.blastRadius.length > 0) {
    const shown = report.blastRadius.slice(0, minimal ? 3 : 10);
    const lines = shown.map((entry) => `- ${spanLabel(report, entry.spanId)}: ${safe(entry.note, limit)}`);
    if (report.blastRadius.length > shown.length)
      lines.push(`(${report.blastRadius.length - shown.length} more not shown)`);
    body.push(textBlock(`Blast radius:\n${lines.join('\n')}`));
  }
  if (!minimal && report.walkthrough.length > 0) {
    body.push({
      type: 'FactSet',
      facts: report.walkthrough.map((step) => ({
        title: step.step,
        value: `${step.verdict}: ${safe(step.note, limit)}`,
      })),
    });
  }
  if (report.suggestedFix !== null) body.push(textBlock(`Suggested fix: ${safe(report.suggestedFix, limit)}`));
  if (report.partial)
    body.push(
      textBlock('Spans may still be arriving; run the triage again for a complete report.', { isSubtle: true }),
    );
  const actions: Record<string, unknown>[] = [];
  if (report.traceUrl !== null && report.traceUrl.length <= 2_048 && /^https:\/\//.test(report.traceUrl)) {
    actions.push({ type: 'Action.OpenUrl', title: 'Open trace', url: report.traceUrl });
  }
  // A reference too long to carry whole gets no button rather than a broken one.
  if (report.partial && options.reference !== undefined && options.reference.length <= 1_500) {
    actions.push(executeAction('Run again', 'rerun', { tracehound: 'rerun', reference: options.reference }));
  }
  if (options.reportKey !== undefined) {
    for (const [verdict, title] of [
      ['right', 'Right'],
      ['wrong-span', 'Wrong span'],
      ['wrong-layer', 'Wrong layer'],
    ] as const) {
      actions.push(executeAction(title, 'feedback', { tracehound: 'feedback', verdict, reportKey: options.reportKey }));
    }
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions,
  };
}
