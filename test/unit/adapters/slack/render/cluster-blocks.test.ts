import { describe, expect, it } from 'vitest';
import {
  describeWindow,
  mrkdwnLink,
  renderClusterError,
  renderClusterProgress,
  renderClusterSummary,
} from '../../../../../adapters/slack/render/cluster-blocks.js';
import { slackLimits } from '../../../../../adapters/slack/render/mrkdwn.js';
import { renderReportBlocks, renderReportSummary } from '../../../../../adapters/slack/render/report-blocks.js';
import type { ChatClusterSummary } from '../../../../../src/cluster/index.js';
import { TracehoundError } from '../../../../../src/errors/index.js';
import { workedExampleReport } from '../../../../helpers/slack/reports.js';

type AnyBlock = {
  type: string;
  block_id?: string;
  text?: { type: string; text: string };
  elements?: Array<{ text?: string }>;
};

function textsOf(blocks: readonly unknown[]): string[] {
  return (blocks as AnyBlock[]).flatMap((block) => [
    ...(block.text ? [block.text.text] : []),
    ...(block.elements ?? []).flatMap((element) => (typeof element.text === 'string' ? [element.text] : [])),
  ]);
}

function cluster(
  overrides: Partial<ChatClusterSummary['clusters'][number]> = {},
): ChatClusterSummary['clusters'][number] {
  return {
    label: 'retrieval: retrieval returned 0 documents in search_kb',
    layer: 'retrieval',
    count: 12,
    sharePercent: 40,
    lastSeen: '2026-11-20T14:02:00.000Z',
    suggestedFix: 'Check the index and the query the retriever sends; fail loudly on an empty result.',
    examples: [
      { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', traceUrl: 'https://jaeger.example.com/trace/4bf92f3577b34da6' },
      { traceId: '0af7651916cd43dd8448eb211c80319c', traceUrl: null },
    ],
    ...overrides,
  };
}

describe('renderClusterSummary', () => {
  it('renders headline, each cluster with label, layer token, count, share, last seen, fix and examples, then the footnote', () => {
    const summary: ChatClusterSummary = {
      headline: '30 of 50 runs failed, in 2 failure modes.',
      clusters: [cluster(), cluster({ label: 'tool: http 503 in track_parcel', layer: 'tool', count: 3 })],
      footnote: '2 runs could not be read or analysed.',
    };
    const { text, blocks } = renderClusterSummary(summary, { window: '7d' });
    expect(text).toBe(
      'Failure modes in the last 7 days: 30 of 50 runs failed, in 2 failure modes. Top: retrieval: retrieval returned 0 documents in search_kb (12 runs).',
    );
    const typed = blocks as AnyBlock[];
    expect(typed[0]).toMatchObject({ type: 'header', text: { text: 'Failure modes in the last 7 days' } });
    expect(typed[1]?.text?.text).toBe('30 of 50 runs failed, in 2 failure modes.');
    const first = typed.find((block) => block.block_id === 'cluster_1')?.text?.text ?? '';
    expect(first).toBe(
      [
        '*1. retrieval: retrieval returned 0 documents in search_kb*',
        `layer \`retrieval\` · 12 runs · 40% of failures · last seen <!date^${Date.parse('2026-11-20T14:02:00Z') / 1000}^{date_short_pretty} {time}|2026-11-20 14:02 UTC>`,
        '*Fix:* Check the index and the query the retriever sends; fail loudly on an empty result.',
        '*Examples:* <https://jaeger.example.com/trace/4bf92f3577b34da6|4bf92f3577b34da6a3ce929d0e0e4736> · `0af7651916cd43dd8448eb211c80319c`',
      ].join('\n'),
    );
    expect(typed.find((block) => block.block_id === 'cluster_2')?.text?.text).toContain('layer `tool` · 3 runs');
    const footnote = typed.at(-1);
    expect(footnote?.type).toBe('context');
    expect(footnote?.elements?.[0]?.text).toContain('2 runs could not be read or analysed.');
  });

  it('says so when nothing failed, with no cluster sections', () => {
    const { blocks } = renderClusterSummary(
      { headline: 'No failed runs among 8 analysed.', clusters: [], footnote: null },
      { window: '12h' },
    );
    const typed = blocks as AnyBlock[];
    expect(typed[0]?.text?.text).toBe('Failure modes in the last 12 hours');
    expect(
      typed.filter((block) => block.block_id?.startsWith('cluster_') && block.block_id !== 'cluster_headline'),
    ).toEqual([]);
  });

  it('escapes trace-derived text so it cannot ping anyone or forge a link', () => {
    const { text, blocks } = renderClusterSummary(
      {
        headline: '1 of 1 runs failed, in 1 failure mode.',
        clusters: [
          cluster({
            label: 'tool-args: <!channel> drifted in <https://evil.example|bank>',
            suggestedFix: 'Tell <@U123> & <!here>',
            examples: [{ traceId: 'x|<!everyone>', traceUrl: 'https://jaeger.example.com/trace/a?b=1&c=<d>|e' }],
          }),
        ],
        footnote: null,
      },
      { window: '7d' },
    );
    for (const value of [text, ...textsOf(blocks)]) {
      // Live control syntax other than the date token this renderer writes itself.
      expect(value).not.toMatch(/<[@#]|<!(?!date\^)|<https:\/\/evil/);
    }
    const section = textsOf(blocks).find((value) => value.startsWith('*1.')) ?? '';
    expect(section).toContain('&lt;!channel&gt;');
    expect(section).toContain('Tell &lt;@U123&gt; &amp; &lt;!here&gt;');
    // The one live link is the trace UI's, its `|`, `<`, `>` percent-encoded and `&` escaped.
    expect(section).toContain('<https://jaeger.example.com/trace/a?b=1&amp;c=%3Cd%3E%7Ce|x &lt;!everyone&gt;>');
  });

  it('links only http(s) trace URLs', () => {
    expect(mrkdwnLink('javascript:alert(1)', 'x')).toBeNull();
    expect(mrkdwnLink('not a url', 'x')).toBeNull();
    expect(mrkdwnLink('https://grafana.example.com/explore?a=1&b=2', 'trace')).toBe(
      '<https://grafana.example.com/explore?a=1&amp;b=2|trace>',
    );
  });

  it('stays within Block Kit limits for many clusters with very long content', () => {
    const long = 'x'.repeat(20_000);
    const summary: ChatClusterSummary = {
      headline: `${long} headline`,
      clusters: Array.from({ length: 60 }, (_, index) =>
        cluster({
          label: `${long}${index}`,
          suggestedFix: long,
          examples: [1, 2, 3].map((number) => ({
            traceId: `${number}`.repeat(32),
            traceUrl: `https://grafana.example.com/explore?panes=${'%7B'.repeat(900)}`,
          })),
        }),
      ),
      footnote: long,
    };
    const { text, blocks } = renderClusterSummary(summary, { window: '2w' });
    expect(text.length).toBeLessThanOrEqual(slackLimits.fallbackText);
    expect(blocks.length).toBeLessThanOrEqual(slackLimits.blocksPerMessage);
    for (const block of blocks as AnyBlock[]) {
      if (block.type === 'section') expect(block.text?.text.length).toBeLessThanOrEqual(slackLimits.sectionText);
      if (block.type === 'header') expect(block.text?.text.length).toBeLessThanOrEqual(slackLimits.headerText);
      for (const element of block.elements ?? [])
        expect(element.text?.length ?? 0).toBeLessThanOrEqual(slackLimits.sectionText);
    }
    // A section whose links would not fit keeps every example as a bare ID rather than a cut link.
    const section = textsOf(blocks).find((value) => value.startsWith('*1.')) ?? '';
    expect(section).not.toContain('<https://');
    expect(section).toContain(`\`${'1'.repeat(32)}\``);
    expect(textsOf(blocks).join('\n')).toContain('blocks were left out');
  });
});

describe('renderClusterError', () => {
  it('says what went wrong with the search and what to do, in cluster terms', () => {
    const timeout = renderClusterError(
      new TracehoundError('backend_timeout', 'jaeger: timed out after 10000 ms'),
      '2w',
    );
    expect(timeout.text).toBe(
      'Failure modes in the last 2 weeks: A trace backend was too slow to answer the search for failed runs',
    );
    expect(JSON.stringify(timeout.blocks)).toContain('Try a shorter window');
    const denied = renderClusterError(new TracehoundError('access_denied', 'no backend for C1'), '7d');
    expect(denied.text).toBe('Not available here: cluster 7d');
    const bug = renderClusterError(new Error('boom'), '7d');
    expect(bug.text).toContain('Something went wrong on our side');
    expect(JSON.stringify(bug.blocks)).not.toContain('boom');
  });
});

describe('renderClusterProgress and describeWindow', () => {
  it('names the window in words and the counts so far', () => {
    expect(describeWindow('7d')).toBe('the last 7 days');
    expect(describeWindow('1d')).toBe('the last day');
    expect(describeWindow('30m')).toBe('the last 30 minutes');
    expect(describeWindow('2W')).toBe('the last 2 weeks');
    expect(renderClusterProgress('7d', null).text).toBe('Clustering runs from the last 7 days…');
    expect(renderClusterProgress('1h', { done: 40, total: 120, failed: 9 }).text).toBe(
      'Clustering runs from the last hour: 40 of 120 runs read and analysed, 9 failed so far…',
    );
  });
});

describe('the similar-runs line of a single-trace reply', () => {
  const similarRuns = {
    clusterId: 'sig_0123456789ab',
    label: 'tool-args: order_id drifted by transposition in <!channel>',
    count: 12,
    windowDays: 7,
  };

  it('says how many runs share the mode, with its escaped label and cluster ID, in the report and the summary', () => {
    const expected =
      ':repeat: Seen in 12 runs in the last 7 days: tool-args: order_id drifted by transposition in &lt;!channel&gt; (cluster `sig_0123456789ab`).';
    const report = renderReportBlocks(workedExampleReport(), { reportKey: 'k', similarRuns });
    expect(textsOf(report.blocks).some((value) => value.startsWith(expected))).toBe(true);
    // Right under the root cause, before the details.
    const index = (report.blocks as AnyBlock[]).findIndex((block) =>
      block.elements?.some((element) => element.text?.startsWith(':repeat:')),
    );
    expect((report.blocks as AnyBlock[])[index - 1]?.block_id).toBe('evidence');
    const summary = renderReportSummary(workedExampleReport(), similarRuns);
    expect(textsOf(summary.blocks).some((value) => value.startsWith(expected))).toBe(true);
  });

  it('says nothing when this run is the only one of its mode', () => {
    const report = renderReportBlocks(workedExampleReport(), {
      reportKey: 'k',
      similarRuns: { ...similarRuns, count: 1 },
    });
    expect(textsOf(report.blocks).join('\n')).not.toContain('Seen in');
    expect(textsOf(renderReportSummary(workedExampleReport(), null).blocks).join('\n')).not.toContain('Seen in');
  });
});
