import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES, renderReportCard } from '../../../../adapters/teams/render/report-card.js';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { readTrace } from '../../../../src/formats/index.js';
import type { Report } from '../../../../src/report/report.js';
import { repositoryRoot } from '../../fixture-paths.js';

/** The worked example of BRIEF.md, analysed by the real engine. */
function workedExample(): Report {
  const bytes = readFileSync(path.join(repositoryRoot, 'examples/worked-example.txt'));
  return attributeRootCause(readTrace(bytes, { source: 'worked-example.txt' }));
}

type Block = { type: string; text?: string; facts?: { title: string; value: string }[] };
type Action = {
  type: string;
  title: string;
  url?: string;
  verb?: string;
  data?: Record<string, unknown>;
  fallback?: { type: string; data: unknown };
};

const withoutEscapes = (text: string | undefined) => (text ?? '').replace(/\\(.)/g, '$1');

describe('the report card', () => {
  it('renders the worked example root cause first: span 2, tool-args, expected #1234 vs actual 1243', () => {
    const card = renderReportCard(workedExample(), { reportKey: 'key-1' });
    expect(card.version).toBe('1.5');
    const body = card.body as Block[];
    expect(withoutEscapes(body[0]?.text)).toBe('Root cause: tool.lookup_order (2) — layer `tool-args`');
    const facts = body.flatMap((block) => block.facts ?? []);
    expect(facts).toContainEqual({ title: 'Expected', value: '\\#1234' });
    expect(facts).toContainEqual({ title: 'Actual', value: '1243' });
    const all = body.map((block) => withoutEscapes(block.text)).join('\n');
    expect(all).toContain('Surfaced at: model.summarise (5)');
    expect(all).toContain('tool.issue_refund (3): issue_refund ran with order_id 1243');
    expect(all).toMatch(/Suggested fix: Verify identifiers/);
    const walkthrough = facts.filter((fact) =>
      ['goal', 'plan', 'tools', 'retrieval', 'model', 'answer'].includes(fact.title),
    );
    expect(walkthrough.map((fact) => fact.title)).toEqual(['goal', 'plan', 'tools', 'retrieval', 'model', 'answer']);
  });

  it('offers feedback as Action.Execute with an Action.Submit fallback carrying the report key', () => {
    const card = renderReportCard(workedExample(), { reportKey: 'key-2' });
    const actions = card.actions as Action[];
    const feedback = actions.filter((action) => action.verb === 'feedback');
    expect(feedback.map((action) => action.data?.verdict)).toEqual(['right', 'wrong-span', 'wrong-layer']);
    for (const action of feedback) {
      expect(action.type).toBe('Action.Execute');
      expect(action.data).toMatchObject({ tracehound: 'feedback', reportKey: 'key-2' });
      expect(action.fallback).toEqual({ type: 'Action.Submit', title: action.title, data: action.data });
    }
    expect(renderReportCard(workedExample()).actions).toEqual([]);
  });

  it('opens the trace in its own UI over https only', () => {
    const linked = renderReportCard({ ...workedExample(), traceUrl: 'https://jaeger.example.com/trace/abc' });
    expect((linked.actions as Action[])[0]).toEqual({
      type: 'Action.OpenUrl',
      title: 'Open trace',
      url: 'https://jaeger.example.com/trace/abc',
    });
    const plain = renderReportCard({ ...workedExample(), traceUrl: 'javascript:alert(1)' });
    expect((plain.actions as Action[]).some((action) => action.type === 'Action.OpenUrl')).toBe(false);
  });

  it('mentions the failure mode when other recent runs share it', () => {
    const similarRuns = {
      clusterId: 'sig_0123456789ab',
      label: 'tool-args: order_id drifted',
      count: 12,
      windowDays: 7,
    };
    const texts = (renderReportCard(workedExample(), { similarRuns }).body as Block[]).map((block) =>
      withoutEscapes(block.text),
    );
    expect(texts).toContain('Seen in 12 runs in the last 7 days: tool-args: order_id drifted');
    const alone = JSON.stringify(renderReportCard(workedExample(), { similarRuns: { ...similarRuns, count: 1 } }));
    expect(alone).not.toContain('Seen in');
  });

  it('offers "Run again" on a partial trace triaged from a reference', () => {
    const card = renderReportCard(
      { ...workedExample(), partial: true },
      { reference: 'https://jaeger.example.com/trace/abc' },
    );
    const rerun = (card.actions as Action[]).find((action) => action.verb === 'rerun');
    expect(rerun?.data).toEqual({ tracehound: 'rerun', reference: 'https://jaeger.example.com/trace/abc' });
    expect(JSON.stringify(card)).toContain('Spans may still be arriving');
  });

  it('escapes mentions, HTML and markdown from trace text', () => {
    const card = renderReportCard({
      ...workedExample(),
      suggestedFix: '<at>Everyone</at> **bold** [x](https://evil.test)',
    });
    const text = JSON.stringify(card);
    expect(text).not.toContain('<at>');
    expect(text).not.toContain('**bold**');
    expect(text).not.toContain('[x](');
  });

  it('stays within 28 KB with very long content, and says what was left out', () => {
    const base = workedExample();
    const long = 'x'.repeat(50_000);
    const root = base.rootCause;
    if (root === null) throw new Error('the worked example has a root cause');
    const report: Report = {
      ...base,
      suggestedFix: long,
      rootCause: {
        ...root,
        summary: long,
        evidence: Array.from({ length: 50 }, (_, index) => ({
          ...root.evidence[0],
          spanId: `${index}`,
          field: 'f',
          expected: long,
          actual: long,
          source: long,
        })),
      },
      blastRadius: Array.from({ length: 400 }, (_, index) => ({ spanId: `s${index}`, note: long })),
      walkthrough: base.walkthrough.map((step) => ({ ...step, note: long })),
      spanNames: Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`s${index}`, long])),
    };
    const card = renderReportCard(report, { reportKey: 'key-3' });
    const serialized = JSON.stringify(card);
    expect(Buffer.byteLength(serialized)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(serialized).toContain('truncated');
    expect(serialized).toContain('more not shown');
    expect(withoutEscapes((card.body as Block[])[0]?.text)).toMatch(/^Root cause: .* — layer `tool-args`$/);
    expect((card.actions as Action[]).filter((action) => action.verb === 'feedback')).toHaveLength(3);
  });
});
