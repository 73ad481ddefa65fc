import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { readTrace, readTraces } from '../../../src/formats/index.js';

function otlp(spans: Array<Record<string, unknown>>, traceId = '5b8efff798038103d269b633813fc60c'): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [] },
        scopeSpans: [
          {
            scope: { name: 't' },
            spans: spans.map((span) => ({
              traceId,
              name: 'x',
              startTimeUnixNano: '1000000000',
              endTimeUnixNano: '2000000000',
              ...span,
            })),
          },
        ],
      },
    ],
  });
}

function readError(input: string | Uint8Array, options: { maxBytes?: number; traceId?: string } = {}): InputError {
  try {
    readTrace(input, { source: 'input.json', ...options });
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('bad input gets a clear, specific error', () => {
  it.each([
    ['empty', '   \n', /input.json: the input is empty/],
    [
      'not JSON',
      '{"resourceSpans": [',
      /input.json: not valid JSON at line 1, column \d+ \(the file looks truncated\)/,
    ],
    [
      'a JSON document of no known format',
      '{"hello": "world"}',
      /input.json: top level: this JSON is not a trace format/,
    ],
    ['text that is not a span list', 'hello\nworld', /input.json: line 1: this text is not a trace/],
    ['zero spans', otlp([]), /input.json: the trace has no spans/],
    [
      'a span ID that is not hex',
      otlp([{ spanId: 'zz-not-an-id' }]),
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.spanId: found the string "zz-not-an-id" \(expected a 16-digit hex or base64 span ID\)/,
    ],
  ])('%s', (_name, input, message) => {
    expect(readError(input).message).toMatch(message);
  });

  it('refuses binary input', () => {
    const error = readError(new Uint8Array([0xff, 0xfe, 0x00, 0x81, 0x90, 0xc3]));
    expect(error.message).toContain('binary, not UTF-8 text');
  });

  it('refuses input over the size cap, also after gunzip', () => {
    const big = otlp([{ spanId: '00f067aa0ba902b7', name: 'x'.repeat(5_000) }]);
    expect(readError(big, { maxBytes: 1_000 }).code).toBe('input_too_large');
    expect(readError(gzipSync(big), { maxBytes: 1_000 }).code).toBe('input_too_large');
  });

  it('reads gzip transparently', () => {
    const trace = readTrace(gzipSync(otlp([{ spanId: '00f067aa0ba902b7' }])), { source: 'trace.json.gz' });
    expect(trace.spans.map((span) => span.id)).toEqual(['00f067aa0ba902b7']);
  });

  it('says so when one file holds several traces, and picks one by --trace', () => {
    const doc = JSON.stringify({
      resourceSpans: [
        JSON.parse(otlp([{ spanId: '00000000000000a1' }], 'a'.repeat(32))).resourceSpans[0],
        JSON.parse(otlp([{ spanId: '00000000000000b1' }], 'b'.repeat(32))).resourceSpans[0],
      ],
    });
    const error = readError(doc);
    expect(error.code).toBe('input_ambiguous');
    expect(error.message).toContain('a'.repeat(32));
    expect(readTrace(doc, { source: 'x', traceId: 'B'.repeat(32) }).spans[0]?.id).toBe('00000000000000b1');
    expect(readTraces(doc, { source: 'x' })).toHaveLength(2);
  });

  it('keeps strings of megabytes without choking', () => {
    const trace = readTrace(
      otlp([
        {
          spanId: '00f067aa0ba902b7',
          attributes: [{ key: 'input.value', value: { stringValue: 'a'.repeat(3_000_000) } }],
        },
      ]),
      { source: 'x' },
    );
    expect(trace.spans[0]?.attributes['input.value']).toHaveLength(3_000_000);
  });
});

describe('structural problems become warnings carried in the trace', () => {
  it('keeps orphans and marks them', () => {
    const trace = readTrace(otlp([{ spanId: '00000000000000a1', parentSpanId: '00000000000000ff' }]), { source: 'x' });
    expect(trace.spans[0]?.orphan).toBe(true);
    expect(trace.rootSpanIds).toEqual(['00000000000000a1']);
    expect(trace.warnings.map((warning) => warning.code)).toEqual(['orphan-span']);
  });

  it('breaks parent cycles', () => {
    const trace = readTrace(
      otlp([
        { spanId: '00000000000000a1', parentSpanId: '00000000000000a2' },
        { spanId: '00000000000000a2', parentSpanId: '00000000000000a1' },
      ]),
      { source: 'x' },
    );
    expect(trace.warnings.some((warning) => warning.code === 'parent-cycle')).toBe(true);
    expect(trace.rootSpanIds).toHaveLength(1);
  });

  it('keeps the first of duplicate span IDs', () => {
    const trace = readTrace(
      otlp([
        { spanId: '00000000000000a1', name: 'first' },
        { spanId: '00000000000000a1', name: 'second' },
      ]),
      { source: 'x' },
    );
    expect(trace.spans.map((span) => span.name)).toEqual(['first']);
    expect(trace.warnings[0]?.code).toBe('duplicate-span-id');
  });

  it('notes children that start before their parents', () => {
    const trace = readTrace(
      otlp([
        { spanId: '00000000000000a1', startTimeUnixNano: '5000000000' },
        { spanId: '00000000000000a2', parentSpanId: '00000000000000a1', startTimeUnixNano: '4000000000' },
      ]),
      { source: 'x' },
    );
    expect(trace.warnings.map((warning) => warning.code)).toContain('child-before-parent');
  });
});
