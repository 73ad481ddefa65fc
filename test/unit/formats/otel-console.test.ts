import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../../src/formats/index.js';
import { ownFixtures } from '../fixture-paths.js';

describe('OTel Python console exporter output', () => {
  const file = path.join(ownFixtures, 'formats/otel-console-python.txt');
  const trace = readTrace(readFileSync(file), { source: file });

  it('reads concatenated pretty-printed spans with 0x IDs, SpanKind names and ISO times', () => {
    expect(trace.format).toBe('otel-console');
    expect(trace.traceId).toBe('9d3bbb758ba7f927a853e02dec1eff08');
    expect(trace.spans.map((span) => span.id)).toEqual(['67c2b091b045c896', 'e282144355bb65c5']);
    expect(trace.spans[1]?.parentId).toBe('67c2b091b045c896');
    expect(trace.spans[0]?.kind).toBe('internal');
    expect(trace.spans[0]?.startTime).toBe(Date.parse('2025-11-24T16:00:00Z'));
  });

  it('decodes the GenAI attributes and the error status', () => {
    const [agent, tool] = trace.spans;
    expect(agent?.role).toBe('agent');
    expect(agent?.userRequest).toBe('Refund order #1234');
    expect(agent?.status).toEqual({ code: 'error', message: 'refund failed' });
    expect(agent?.exceptions[0]?.type).toBe('RuntimeError');
    expect(tool?.tool).toMatchObject({ name: 'lookup_order', arguments: { order_id: '1243' } });
  });
});
