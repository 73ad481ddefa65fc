import type { Report } from './report.js';

const codes = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  cyan: [36, 39],
} as const;
type Style = keyof typeof codes;

const verdictMark = { ok: '✓', suspect: '?', bad: '✗', absent: '·' } as const;

/** The report for a terminal: root cause first, then evidence, blast radius, walkthrough and fix. */
export function renderReportText(report: Report, options: { color: boolean }): string {
  const style = (name: Style, text: string): string =>
    options.color ? `\u001b[${codes[name][0]}m${text}\u001b[${codes[name][1]}m` : text;
  const name = (spanId: string): string => {
    const spanName = report.spanNames[spanId];
    return spanName ? `${spanName} (${spanId})` : spanId;
  };
  const lines: string[] = [];
  const header = report.traceId ? `trace ${report.traceId}` : 'trace';
  const verdictStyle: Style =
    report.verdict === 'failed' ? 'red' : report.verdict === 'suspicious' ? 'yellow' : 'green';
  lines.push(
    `${style('bold', header)} [${report.format}]  ${style(verdictStyle, report.verdict.toUpperCase())}${report.partial ? style('yellow', '  (partial: spans may still be arriving)') : ''}`,
  );
  if (report.traceUrl) lines.push(style('dim', report.traceUrl));
  lines.push('');
  const root = report.rootCause;
  if (root) {
    lines.push(
      `${style('bold', 'Root cause')}  ${style('red', root.layer)}  at ${style('bold', name(root.spanId))}  (${root.rule}, confidence ${root.confidence.toFixed(2)})`,
    );
    lines.push(`  ${root.summary}`);
    for (const evidence of root.evidence) {
      lines.push(
        `  ${style('cyan', evidence.field)}: expected ${evidence.expected === null ? '(no source)' : JSON.stringify(evidence.expected)}, actual ${JSON.stringify(evidence.actual)}  ${style('dim', `← ${evidence.source}`)}`,
      );
    }
    if (report.surfacedSpanId && report.surfacedSpanId !== root.spanId)
      lines.push(`  surfaced at ${name(report.surfacedSpanId)}`);
  } else if (report.verdict === 'suspicious') {
    lines.push(`${style('bold', 'No decisive root cause.')} Candidates:`);
    for (const candidate of report.candidates)
      lines.push(
        `  ${candidate.layer} at ${name(candidate.spanId)} (${candidate.rule}, ${candidate.confidence.toFixed(2)})`,
      );
  } else {
    lines.push(style('green', 'No failure found: every value traced to a source and no span failed for good.'));
  }
  if (report.blastRadius.length > 0) {
    lines.push('', style('bold', 'Blast radius'));
    for (const entry of report.blastRadius) lines.push(`  ${name(entry.spanId)}: ${entry.note}`);
  }
  lines.push('', style('bold', 'Walkthrough'));
  for (const step of report.walkthrough)
    lines.push(`  ${verdictMark[step.verdict]} ${step.step.padEnd(9)} ${step.note}`);
  const others = report.findings.filter(
    (finding) => finding.severity !== 'info' && !(root && finding.spanId === root.spanId && finding.rule === root.rule),
  );
  if (others.length > 0) {
    lines.push('', style('bold', 'Other findings'));
    for (const finding of others.slice(0, 10))
      lines.push(`  [${finding.severity}] ${finding.layer} at ${name(finding.spanId)}: ${finding.message}`);
  }
  if (report.missingCapture.length > 0) {
    lines.push('', style('bold', 'Not captured'));
    for (const entry of report.missingCapture.slice(0, 5)) lines.push(`  ${name(entry.spanId)}: ${entry.what}`);
  }
  if (report.suggestedFix)
    lines.push('', `${style('bold', 'Suggested fix')} (${root?.layer ?? ''}): ${report.suggestedFix}`);
  return `${lines.join('\n')}\n`;
}
