import { describe, expect, it } from 'vitest';
import { escapeText, slackLimits, truncate } from '../../../../../adapters/slack/render/mrkdwn.js';
import { renderReportBlocks } from '../../../../../adapters/slack/render/report-blocks.js';
import { renderUnfurlBlocks } from '../../../../../adapters/slack/render/unfurl-blocks.js';
import { reportSchema } from '../../../../../src/report/report.js';
import { workedExampleReport, workedExampleRootCause } from '../../../../helpers/slack/reports.js';

type AnyBlock = { type: string; text?: { type: string; text: string }; elements?: Array<Record<string, unknown>> };

function allTexts(blocks: readonly unknown[]): string[] {
  const texts: string[] = [];
  for (const block of blocks as AnyBlock[]) {
    if (block.text) texts.push(block.text.text);
    for (const element of block.elements ?? []) {
      if (typeof element.text === 'string') texts.push(element.text);
      else if (element.text && typeof element.text === 'object') texts.push((element.text as { text: string }).text);
    }
  }
  return texts;
}

function assertWithinLimits(blocks: readonly unknown[]): void {
  expect(blocks.length).toBeLessThanOrEqual(slackLimits.blocksPerMessage);
  for (const block of blocks as AnyBlock[]) {
    if (block.type === 'section') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(slackLimits.sectionText);
    if (block.type === 'header') expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(slackLimits.headerText);
    if (block.type === 'context') expect(block.elements?.length ?? 0).toBeLessThanOrEqual(slackLimits.contextElements);
  }
}

/** Slack control syntax that escaping must neutralise: a `<` not written as `&lt;`. */
function hasLiveControlSyntax(text: string): boolean {
  return /<[!@#]|<https?:/.test(text);
}

describe('renderReportBlocks', () => {
  it('renders the worked example: root-cause span name, ID and layer first, then evidence, blast radius, fix, buttons', () => {
    const report = workedExampleReport({ traceUrl: 'https://grafana.example.net/explore?trace=abc' });
    const { text, blocks } = renderReportBlocks(report, { reportKey: 'key-1' });
    expect(reportSchema.parse(report)).toBeTruthy();
    expect(text).toBe(
      'Root cause: tool.lookup_order (span 2), layer tool-args. The goal says order 1234; the first tool call used 1243 (two digits transposed).',
    );
    const [first, second] = blocks as AnyBlock[];
    expect(first?.type).toBe('header');
    expect(first?.text?.text).toBe('Root cause: tool.lookup_order [tool-args]');
    expect(second?.text?.text).toContain('*Root-cause span* `tool.lookup_order` (`2`)');
    expect(second?.text?.text).toContain('*Layer* `tool-args`');
    const joined = allTexts(blocks).join('\n');
    expect(joined).toContain('`args.order_id` at `2`: expected `1234` (from user request), actual `1243`');
    expect(joined).toContain('*Surfaced at* `model.summarise` (`5`)');
    expect(joined).toContain('`tool.issue_refund` (`3`) refunded order 1243 (money moved)');
    expect(joined).toMatch(/:x: \*tools\* lookup_order called with 1243/);
    expect(joined).toContain('*Suggested fix*');
    const actions = (blocks as AnyBlock[]).at(-1);
    expect(actions?.type).toBe('actions');
    expect(actions?.elements?.map((element) => element.action_id)).toEqual([
      'tracehound_open_trace',
      'tracehound_feedback_right',
      'tracehound_feedback_wrong_span',
      'tracehound_feedback_wrong_layer',
    ]);
    expect(actions?.elements?.[0]?.url).toBe('https://grafana.example.net/explore?trace=abc');
    expect(actions?.elements?.[1]?.value).toBe('key-1');
    assertWithinLimits(blocks);
  });

  it('keeps every limit and says so when the content is very long', () => {
    const long = 'x'.repeat(10_000);
    const report = workedExampleReport({
      rootCause: workedExampleRootCause({
        spanName: `agent.${'very_long_name_'.repeat(30)}`,
        summary: long,
        evidence: Array.from({ length: 40 }, (_, index) => ({
          spanId: String(index),
          field: `args.field_${index}`,
          expected: long,
          actual: long,
          source: 'user request',
        })),
      }),
      blastRadius: Array.from({ length: 200 }, (_, index) => ({ spanId: String(index), note: long })),
      walkthrough: Array.from({ length: 60 }, () => ({ step: 'tools' as const, verdict: 'bad' as const, note: long })),
      suggestedFix: long,
      missingCapture: Array.from({ length: 30 }, (_, index) => ({ spanId: String(index), what: long })),
      findings: Array.from({ length: 500 }, (_, index) => ({
        rule: 'r',
        spanId: String(index),
        layer: 'tool' as const,
        severity: 'warning' as const,
        message: long,
      })),
      partial: true,
    });
    const { text, blocks } = renderReportBlocks(report, {
      reportKey: 'k',
      reference: 'https://grafana.example.net/t/1',
    });
    assertWithinLimits(blocks);
    expect(text.length).toBeLessThanOrEqual(slackLimits.fallbackText);
    const joined = allTexts(blocks).join('\n');
    expect(joined).toContain('truncated: open the trace for the rest');
    expect(joined).toContain('… and 190 more (see the trace)');
    const header = (blocks as AnyBlock[])[0];
    // The span name is shortened, the layer token is kept.
    expect(header?.text?.text).toMatch(/^Root cause: agent\.very_long_name_.*… \[tool-args\]$/);
    const actionIds = (blocks as AnyBlock[]).at(-1)?.elements?.map((element) => element.action_id);
    expect(actionIds).toContain('tracehound_rerun');
  });

  it('renders trace content inert: no @channel ping, no forged link, in blocks and in the fallback text', () => {
    const hostile = 'Hi <!channel> see <https://evil.example|your bank> & <@U123>';
    const report = workedExampleReport({
      rootCause: workedExampleRootCause({
        spanName: hostile,
        summary: hostile,
        evidence: [{ spanId: '2', field: hostile, expected: hostile, actual: hostile, source: hostile }],
      }),
      blastRadius: [{ spanId: '3', note: hostile }],
      walkthrough: [{ step: 'answer', verdict: 'bad', note: hostile }],
      suggestedFix: hostile,
      spanNames: { '2': hostile, '3': hostile, '5': hostile },
    });
    const { text, blocks } = renderReportBlocks(report, { reportKey: 'k' });
    for (const piece of [text, ...allTexts(blocks)]) expect(hasLiveControlSyntax(piece)).toBe(false);
    expect(text).toContain('&lt;!channel&gt;');
    expect(allTexts(blocks).join('\n')).toContain('&lt;https://evil.example|your bank&gt; &amp;');
    for (const piece of allTexts(renderUnfurlBlocks(report, 'https://x.example/t'))) {
      expect(hasLiveControlSyntax(piece)).toBe(false);
    }
  });

  it('renders a healthy run and a suspicious one without a root cause', () => {
    const healthy = renderReportBlocks(
      workedExampleReport({ verdict: 'ok', rootCause: null, surfacedSpanId: null, blastRadius: [] }),
      { reportKey: 'k' },
    );
    expect(healthy.text).toBe('No failure found.');
    const suspicious = renderReportBlocks(
      workedExampleReport({
        verdict: 'suspicious',
        rootCause: null,
        candidates: [{ spanId: '5', layer: 'model', rule: 'unsupported-claim', confidence: 0.4 }],
      }),
      { reportKey: 'k' },
    );
    expect(suspicious.text).toContain('1 candidate span(s)');
    expect(allTexts(suspicious.blocks).join('\n')).toContain('`model.summarise` (`5`) layer `model`');
  });
});

describe('mrkdwn helpers', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeText(`a & b <c> "d" 'e'`)).toBe(`a &amp; b &lt;c&gt; "d" 'e'`);
  });

  it('never cuts an entity in half when truncating', () => {
    const cut = truncate(escapeText('<'.repeat(100)), 50, '…');
    expect(cut).toMatch(/^(&lt;)+…$/);
    expect(cut.length).toBeLessThanOrEqual(50);
  });
});
