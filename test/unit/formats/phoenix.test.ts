import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { phoenixReader } from '../../../src/formats/phoenix.js';
import type { ParsedInput } from '../../../src/formats/trace-reader.js';
import { ownFixtures } from '../fixture-paths.js';

const page = JSON.parse(readFileSync(path.join(ownFixtures, 'formats/phoenix-rest-page.json'), 'utf8'));
const json = (value: unknown): ParsedInput => ({ kind: 'json', value });

describe('Phoenix REST spans', () => {
  const [trace, ...others] = phoenixReader.read(json(page), { source: 'phoenix' });
  const byName = (name: string) => trace?.spans.find((span) => span.name === name);

  it('reads one trace with hex IDs from context and parents from parent_id', () => {
    expect(others).toHaveLength(0);
    expect(trace?.traceId).toBe(page.data[0].context.trace_id);
    expect(trace?.spans.map((span) => span.id)).toEqual(
      page.data.map((span: { context: { span_id: string } }) => span.context.span_id),
    );
    expect(trace?.spans.map((span) => span.parentId)).toEqual(
      page.data.map((span: { parent_id: string | null }) => span.parent_id),
    );
    expect(trace?.spans.map((span) => span.sourceIndex)).toEqual([0, 1, 2, 3]);
    expect(trace?.warnings).toEqual([]);
  });

  it('types each span from span_kind and decodes the flattened OpenInference attributes', () => {
    expect(trace?.spans.map((span) => span.role)).toEqual(['agent', 'retrieval', 'llm', 'tool']);
    expect(byName('support_agent')?.userRequest).toBe('What is the warranty period for the X200 kettle?');
    expect(byName('retrieve_docs')?.retrieval?.documents.map((document) => [document.id, document.score])).toEqual([
      ['kb-4411', 0.91],
      ['kb-0173', 0.42],
    ]);
    const llm = byName('ChatCompletion');
    expect(llm?.systemInstructions).toBe('You answer product questions using the knowledge base only.');
    expect(llm?.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_Q8x1', name: 'lookup_product', arguments: { sku: 'X200' } },
    ]);
    expect(llm?.usage).toEqual({ inputTokens: 212, outputTokens: 24, totalTokens: 236 });
  });

  it('reads status_code, status_message, ISO times and exception events', () => {
    const tool = byName('lookup_product');
    expect(tool?.status).toEqual({ code: 'error', message: 'ProductNotFound: no product with sku X200' });
    expect(tool?.exceptions[0]).toMatchObject({ type: 'ProductNotFound', message: 'no product with sku X200' });
    expect(tool?.tool?.arguments).toEqual({ sku: 'X200' });
    expect(tool?.startTime).toBe(Date.parse('2025-10-02T09:14:05.150Z'));
    expect(byName('support_agent')?.status).toEqual({ code: 'ok', message: null });
  });

  it('reads a bare array, groups by trace, and flags a page that has more behind its cursor', () => {
    const second = {
      ...page.data[1],
      context: { trace_id: 'ABCDEF0123456789ABCDEF0123456789', span_id: '00000000000000aa' },
      parent_id: null,
    };
    const traces = phoenixReader.read(json([page.data[0], second]), { source: 'array' });
    expect(traces.map((item) => item.traceId)).toEqual([
      page.data[0].context.trace_id,
      'abcdef0123456789abcdef0123456789',
    ]);
    const [partial] = phoenixReader.read(json({ data: page.data, next_cursor: 'U3BhbjoxMDU=' }), { source: 'paged' });
    expect(partial?.warnings.map((warning) => warning.code)).toEqual(['partial']);
  });

  it('does not claim other formats, and names the field when an ID is wrong', () => {
    expect(phoenixReader.detect(json({ resourceSpans: [] }))).toBe(false);
    expect(
      phoenixReader.detect(
        json([{ name: 'x', context: { span_id: '0x1', trace_id: '0x2' }, kind: 'SpanKind.INTERNAL' }]),
      ),
    ).toBe(false);
    const broken = {
      data: [{ ...page.data[0], context: { trace_id: 'not hex', span_id: 'a1b2c3d4e5f60718' } }],
      next_cursor: null,
    };
    expect(() => phoenixReader.read(json(broken), { source: 'broken.json' })).toThrow(InputError);
    expect(() => phoenixReader.read(json(broken), { source: 'broken.json' })).toThrow(/data\[0\]\.context\.trace_id/);
  });
});
