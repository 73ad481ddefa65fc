import type { Report } from '../../../src/report/report.js';
import { actionIds } from '../surface.js';
import { type Block, code, escapeText, section, shortValue, slackLimits } from './mrkdwn.js';
import { spanLabel } from './report-blocks.js';

/**
 * The compact card shown under a pasted trace link (pure): root-cause span and layer, one line of
 * evidence, and a button that runs the full triage in the message's thread.
 */
export function renderUnfurlBlocks(report: Report, url: string): Block[] {
  let line: string;
  if (report.verdict === 'failed' && report.rootCause) {
    const rootCause = report.rootCause;
    line = `*Root cause* ${spanLabel(report, rootCause.spanId)} · layer \`${rootCause.layer}\``;
    const evidence = rootCause.evidence[0];
    if (evidence) {
      const expected = evidence.expected === null ? '_nothing_' : code(shortValue(evidence.expected, 80));
      const actual = evidence.actual === null ? '_nothing_' : code(shortValue(evidence.actual, 80));
      line += `\n${code(evidence.field)}: expected ${expected}, actual ${actual}`;
    } else {
      line += `\n${escapeText(shortValue(rootCause.summary, 200))}`;
    }
  } else if (report.verdict === 'ok') {
    line = '*No failure found* in this trace.';
  } else {
    line = `*Suspicious*: ${report.candidates.length} candidate span(s), no root cause established.`;
  }
  if (report.partial) line += '\n_Spans may still be arriving._';
  const blocks: Block[] = [section(`:mag: ${line}`, 'unfurl_summary')];
  if (url.length <= slackLimits.buttonValue) {
    blocks.push({
      type: 'actions',
      block_id: 'unfurl_actions',
      elements: [
        {
          type: 'button',
          action_id: actionIds.triageInThread,
          text: { type: 'plain_text', text: 'Full triage in thread' },
          value: url,
        },
      ],
    });
  }
  return blocks;
}
