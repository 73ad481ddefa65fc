import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES, renderReportCard } from '../../../../adapters/teams/render/report-card.js';
import type { Report } from '../../../../src/report/report.js';

function report(overrides: Partial<Report> = {}): Report {
  return {
    traceId: 'abc123',
    format: 'otlp',
    traceUrl: 'https://traces.example.test/trace/abc123',
    verdict: 'failed',
    rootCause: {
      spanId: 's2',
      spanName: 'search_flights',
      layer: 'tool-args',
      rule: 'arg-drift',
      summary: 'destination was LHR but the user asked for LIS',
      confidence: 0.9,
      evidence: [{ spanId: 's2', field: 'destination', expected: 'LIS', actual: 'LHR', source: 'user request' }],
    },
    surfacedSpanId: 's5',
    blastRadius: [{ spanId: 's3', note: 'booked the wrong flight' }],
    suggestedFix: 'Pass the destination from the user request.',
    candidates: [],
    missingCapture: [],
    findings: [],
    walkthrough: [{ step: 'tools', verdict: 'bad', note: 'wrong destination' }],
    partial: false,
    spanNames: { s2: 'search_flights', s3: 'book_flight', s5: 'answer' },
    ...overrides,
  } as Report;
}

describe('renderReportCard', () => {
  it('puts the root-cause span, ID and layer first and includes expected vs actual and an Open trace action', () => {
    const card = renderReportCard(report());
    expect(card.version).toBe('1.5');
    const body = card.body as { text?: string; facts?: { title: string; value: string }[] }[];
    expect(body[0]?.text).toContain('search\\_flights');
    expect(body[0]?.text).toContain('s2');
    expect(body[0]?.text).toContain('`tool-args`');
    const facts = body.flatMap((block) => block.facts ?? []);
    expect(facts).toContainEqual({ title: 'Expected', value: 'LIS' });
    expect(facts).toContainEqual({ title: 'Actual', value: 'LHR' });
    const actions = card.actions as { type: string; url?: string; data?: { verdict: string } }[];
    expect(actions[0]).toMatchObject({ type: 'Action.OpenUrl', url: 'https://traces.example.test/trace/abc123' });
    expect(actions.map((action) => action.data?.verdict).filter(Boolean)).toEqual([
      'right',
      'wrong-span',
      'wrong-layer',
    ]);
  });

  it('escapes mentions, HTML and markdown from trace text', () => {
    const card = renderReportCard(report({ suggestedFix: '<at>Everyone</at> **bold** [x](https://evil.test)' }));
    const text = JSON.stringify(card);
    expect(text).not.toContain('<at>');
    expect(text).not.toContain('**bold**');
    expect(text).not.toContain('[x](');
  });

  it('stays under 28 KB with very long content and says what was truncated', () => {
    const long = 'x'.repeat(50_000);
    const blastRadius = Array.from({ length: 400 }, (_, index) => ({ spanId: `s${index}`, note: long }));
    const card = renderReportCard(report({ suggestedFix: long, blastRadius }));
    const serialized = JSON.stringify(card);
    expect(Buffer.byteLength(serialized)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(serialized).toContain('truncated');
    expect(serialized).toContain('more not shown');
  });
});
