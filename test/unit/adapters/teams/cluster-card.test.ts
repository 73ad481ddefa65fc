import { describe, expect, it } from 'vitest';
import {
  renderBadWindowCard,
  renderClusterCard,
  renderClusterProgressCard,
} from '../../../../adapters/teams/render/cluster-card.js';
import { MAX_CARD_BYTES } from '../../../../adapters/teams/render/report-card.js';
import type { ChatClusterSummary } from '../../../../src/cluster/summarise-for-chat.js';

const summary: ChatClusterSummary = {
  headline: '14 of 40 runs failed, in 2 failure modes plus 1 one-off.',
  clusters: [
    {
      label: 'tool-args: order_id drifted by transposition in lookup_order',
      layer: 'tool-args',
      count: 12,
      sharePercent: 86,
      lastSeen: '2026-11-24T10:00:00.000Z',
      suggestedFix: 'Echo-check identifiers against the request before acting.',
      examples: [
        { traceId: 'aa'.repeat(16), traceUrl: `https://jaeger.example.com/trace/${'aa'.repeat(16)}` },
        { traceId: 'bb'.repeat(16), traceUrl: null },
      ],
    },
    {
      label: 'infrastructure: 429 from the model provider',
      layer: 'infrastructure',
      count: 1,
      sharePercent: 7,
      lastSeen: null,
      suggestedFix: 'Retry with backoff.',
      examples: [{ traceId: 'cc'.repeat(16), traceUrl: 'http://insecure.example.com/trace/cc' }],
    },
  ],
  footnote: '3 runs could not be read or analysed.',
};

type Node = Record<string, unknown>;
function collect(node: unknown, type: string, found: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const item of node) collect(item, type, found);
  else if (typeof node === 'object' && node !== null) {
    const record = node as Node;
    if (record.type === type) found.push(record);
    for (const value of Object.values(record)) collect(value, type, found);
  }
  return found;
}

describe('the cluster card', () => {
  it('shows the headline, then per mode its label, layer token, count and share, fix and example links', () => {
    const card = renderClusterCard(summary, '7d');
    const text = JSON.stringify(card).replace(/\\\\(.)/g, '$1');
    expect(text).toContain('Failure modes, last 7d');
    expect(text).toContain(summary.headline);
    expect(text).toContain('1. tool-args: order_id drifted by transposition in lookup_order');
    expect(text).toContain('`tool-args`');
    expect(text).toContain('12 (86% of failures)');
    expect(text).toContain('Echo-check identifiers against the request before acting.');
    expect(text).toContain(`Examples: ${'bb'.repeat(16)}`);
    expect(text).toContain('3 runs could not be read or analysed.');
    const links = collect(card, 'Action.OpenUrl');
    // Only https links become buttons.
    expect(links.map((link) => link.url)).toEqual([`https://jaeger.example.com/trace/${'aa'.repeat(16)}`]);
    expect(links[0]?.title).toBe('Open trace');
  });

  it('stays within 28 KB with many long modes', () => {
    const long = 'y'.repeat(20_000);
    const big: ChatClusterSummary = {
      ...summary,
      headline: long,
      clusters: Array.from({ length: 5 }, (_, index) => ({
        ...summary.clusters[0],
        label: `${index} ${long}`,
        layer: 'retrieval',
        count: 5,
        sharePercent: 20,
        lastSeen: null,
        suggestedFix: long,
        examples: Array.from({ length: 5 }, (_, example) => ({
          traceId: `${example}`.repeat(32),
          traceUrl: `https://jaeger.example.com/trace/${long}`,
        })),
      })),
    };
    const card = renderClusterCard(big, '2w');
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(JSON.stringify(card)).toContain('truncated');
  });

  it('shows progress counts and a bad-window explanation', () => {
    expect(JSON.stringify(renderClusterProgressCard('12h', { done: 30, total: 120, failed: 7 }))).toContain(
      '30 of 120 runs analysed, 7 failed so far.',
    );
    expect(JSON.stringify(renderBadWindowCard('soon'))).toContain('30m, 12h, 7d or 2w');
  });
});
