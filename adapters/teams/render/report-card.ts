import type { Report } from '../../../src/report/report.js';
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

/** Report → Adaptive Card 1.5 for messages, root cause first; shrinks until it fits in 28 KB. */
export function renderReportCard(report: Report, options: { limit?: number } = {}): AdaptiveCard {
  for (const limit of [options.limit ?? 600, 200, 60]) {
    const card = buildCard(report, limit);
    if (Buffer.byteLength(JSON.stringify(card)) <= MAX_CARD_BYTES) return card;
  }
  const card = buildCard(report, 30, true);
  return card;
}

function buildCard(report: Report, limit: number, minimal = false): AdaptiveCard {
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
  if (report.traceUrl !== null && /^https:\/\//.test(report.traceUrl)) {
    actions.push({ type: 'Action.OpenUrl', title: 'Open trace', url: report.traceUrl });
  }
  for (const [verdict, title] of [
    ['right', 'Right'],
    ['wrong-span', 'Wrong span'],
    ['wrong-layer', 'Wrong layer'],
  ] as const) {
    actions.push({ type: 'Action.Submit', title, data: { tracehound: 'feedback', verdict, traceId: report.traceId } });
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions,
  };
}
