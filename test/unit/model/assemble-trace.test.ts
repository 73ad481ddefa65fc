import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { readTrace, readTraces } from '../../../src/formats/index.js';
import type { RawTrace } from '../../../src/formats/trace-reader.js';
import { assembleTrace, compareCausal } from '../../../src/model/assemble-trace.js';
import { createSpan } from '../../../src/model/create-span.js';
import type { Span } from '../../../src/model/span.js';
import type { Trace } from '../../../src/model/trace.js';

/** Spans as a reader hands them over: `sourceIndex` is the position in the source. */
function raw(
  spans: Array<{ id: string; parentId?: string | null; startTime?: number | null }>,
  extra: Partial<RawTrace> = {},
): RawTrace {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spans: spans.map((span, index) =>
      createSpan({
        id: span.id,
        name: `step ${span.id}`,
        parentId: span.parentId ?? null,
        startTime: span.startTime === undefined ? 1_000 + index : span.startTime,
        sourceIndex: index,
      }),
    ),
    warnings: [],
    traceUrl: null,
    ...extra,
  };
}

function warningCodes(trace: Trace): string[] {
  return trace.warnings.map((warning) => warning.code);
}

function byId(trace: Trace, id: string): Span {
  const span = trace.spans.find((each) => each.id === id);
  if (span === undefined) throw new Error(`no span ${id}`);
  return span;
}

/** True when following parents from every span ends at a root (no cycle survives). */
function isAcyclic(trace: Trace): boolean {
  const spans = new Map(trace.spans.map((span) => [span.id, span]));
  for (const span of trace.spans) {
    const seen = new Set<string>();
    let current: Span | undefined = span;
    while (current !== undefined) {
      if (seen.has(current.id)) return false;
      seen.add(current.id);
      current = current.parentId === null || current.orphan ? undefined : spans.get(current.parentId);
    }
  }
  return true;
}

describe('assembleTrace', () => {
  it('keeps the trace identity, passes reader warnings through and is not partial', () => {
    const trace = assembleTrace(
      raw([{ id: 'a' }, { id: 'b', parentId: 'a' }], {
        traceUrl: 'https://jaeger.example.com/trace/4bf9',
        warnings: [{ code: 'legacy-format', message: 'instrumentationLibrarySpans', spanId: null }],
      }),
      'otlp',
      'trace.json',
    );
    expect(trace).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      format: 'otlp',
      source: 'trace.json',
      traceUrl: 'https://jaeger.example.com/trace/4bf9',
      partial: false,
      rootSpanIds: ['a'],
    });
    expect(warningCodes(trace)).toEqual(['legacy-format']);
  });

  it('refuses a trace with no spans with an InputError naming the source', () => {
    let caught: unknown;
    try {
      assembleTrace(raw([]), 'otlp', 'empty.json');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).code).toBe('input_unreadable');
    expect((caught as InputError).message).toContain('empty.json');
  });

  it('keeps orphans, marks them, counts them as roots and warns', () => {
    const trace = assembleTrace(
      raw([{ id: 'root' }, { id: 'lost', parentId: 'missing-parent' }, { id: 'child', parentId: 'lost' }]),
      'otlp',
      't',
    );
    expect(trace.spans).toHaveLength(3);
    expect(byId(trace, 'lost')).toMatchObject({ orphan: true, parentId: 'missing-parent' });
    expect(byId(trace, 'child').orphan).toBe(false);
    expect(byId(trace, 'root').orphan).toBe(false);
    expect(trace.rootSpanIds.sort()).toEqual(['lost', 'root']);
    expect(trace.warnings).toEqual([
      expect.objectContaining({
        code: 'orphan-span',
        spanId: 'lost',
        message: expect.stringContaining('missing-parent'),
      }),
    ]);
  });

  it('keeps the first of duplicate span IDs and warns once per extra copy', () => {
    const input = raw([{ id: 'a' }, { id: 'b', parentId: 'a' }, { id: 'b', parentId: null }, { id: 'b' }]);
    const firstB = input.spans[1];
    const trace = assembleTrace(input, 'jaeger', 't');
    expect(trace.spans.map((span) => span.id)).toEqual(['a', 'b']);
    expect(byId(trace, 'b')).toBe(firstB);
    expect(byId(trace, 'b').parentId).toBe('a');
    expect(warningCodes(trace)).toEqual(['duplicate-span-id', 'duplicate-span-id']);
  });

  it('breaks a span that is its own parent', () => {
    const trace = assembleTrace(
      raw([
        { id: 'a', parentId: 'a' },
        { id: 'b', parentId: 'a' },
      ]),
      'otlp',
      't',
    );
    expect(byId(trace, 'a').parentId).toBeNull();
    expect(byId(trace, 'b').parentId).toBe('a');
    expect(trace.rootSpanIds).toEqual(['a']);
    expect(trace.warnings).toEqual([expect.objectContaining({ code: 'parent-cycle', spanId: 'a' })]);
  });

  it('breaks a longer parent cycle by dropping exactly one link, keeping every span', () => {
    const trace = assembleTrace(
      raw([
        { id: 'a', parentId: 'c' },
        { id: 'b', parentId: 'a' },
        { id: 'c', parentId: 'b' },
        { id: 'd', parentId: 'b' },
      ]),
      'otlp',
      't',
    );
    expect(trace.spans).toHaveLength(4);
    expect(isAcyclic(trace)).toBe(true);
    expect(trace.spans.filter((span) => span.parentId === null)).toHaveLength(1);
    expect(trace.rootSpanIds).toHaveLength(1);
    expect(warningCodes(trace)).toEqual(['parent-cycle']);
    expect(byId(trace, 'd').parentId).toBe('b');
  });

  it('warns about a child that starts before its parent and still orders by start time', () => {
    const trace = assembleTrace(
      raw([
        { id: 'parent', startTime: 5_000 },
        { id: 'early-child', parentId: 'parent', startTime: 4_987.5 },
        { id: 'late-child', parentId: 'parent', startTime: 5_010 },
      ]),
      'zipkin',
      't',
    );
    expect(trace.spans.map((span) => span.id)).toEqual(['early-child', 'parent', 'late-child']);
    expect(trace.warnings).toEqual([
      expect.objectContaining({
        code: 'child-before-parent',
        spanId: 'early-child',
        message: expect.stringContaining('12.500 ms'),
      }),
    ]);
    expect(byId(trace, 'early-child').parentId).toBe('parent');
  });

  it('keeps source order for spans without times (plain-text lists)', () => {
    const trace = assembleTrace(
      raw([
        { id: '0', startTime: null },
        { id: '1', parentId: '0', startTime: null },
        { id: '2', parentId: '0', startTime: null },
      ]),
      'text',
      't',
    );
    expect(trace.spans.map((span) => span.id)).toEqual(['0', '1', '2']);
    expect(trace.warnings).toEqual([]);
  });

  it('assembles each trace of a multi-trace input on its own', () => {
    const first = assembleTrace(raw([{ id: 'a' }, { id: 'b', parentId: 'a' }]), 'otlp', 'both.json');
    const second = assembleTrace(
      raw([{ id: 'x' }, { id: 'y', parentId: 'a' }], { traceId: 'ffffffffffffffffffffffffffffffff' }),
      'otlp',
      'both.json',
    );
    expect(first.rootSpanIds).toEqual(['a']);
    // `a` lives in the other trace: here it is a missing parent, not a link across traces.
    expect(byId(second, 'y').orphan).toBe(true);
    expect(second.traceId).toBe('ffffffffffffffffffffffffffffffff');
  });

  it('holds its structural promises for any parent wiring (property)', () => {
    const identifiers = ['a', 'b', 'c', 'd', 'e', 'f'];
    const spanArbitrary = fc.record({
      id: fc.constantFrom(...identifiers),
      parentId: fc.option(fc.constantFrom(...identifiers, 'gone'), { nil: null }),
      startTime: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(spanArbitrary, { minLength: 1, maxLength: 12 }), (spans) => {
        const trace = assembleTrace(raw(spans), 'otlp', 'generated');
        const unique = new Set(spans.map((span) => span.id));
        expect(trace.spans.map((span) => span.id).sort()).toEqual([...unique].sort());
        expect(isAcyclic(trace)).toBe(true);
        const present = new Set(trace.spans.map((span) => span.id));
        for (const span of trace.spans) {
          expect(span.orphan).toBe(span.parentId !== null && !present.has(span.parentId));
        }
        expect(trace.rootSpanIds).toEqual(
          trace.spans.filter((span) => span.parentId === null || span.orphan).map((span) => span.id),
        );
        for (let index = 1; index < trace.spans.length; index += 1) {
          expect(compareCausal(trace.spans[index - 1] as Span, trace.spans[index] as Span)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('multiple traces in one input', () => {
  const otlpSpan = (traceId: string, spanId: string, parentSpanId: string, name: string) => ({
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: 1,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000001000000000',
  });
  const two = JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'agent' } }] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              otlpSpan('11111111111111111111111111111111', 'aaaaaaaaaaaaaaa1', '', 'run one'),
              otlpSpan('22222222222222222222222222222222', 'bbbbbbbbbbbbbbb1', '', 'run two'),
              otlpSpan('11111111111111111111111111111111', 'aaaaaaaaaaaaaaa2', 'aaaaaaaaaaaaaaa1', 'step of one'),
            ],
          },
        ],
      },
    ],
  });

  it('reads every trace separately', () => {
    const traces = readTraces(two, { source: 'two.json' });
    expect(traces.map((trace) => [trace.traceId, trace.spans.length])).toEqual([
      ['11111111111111111111111111111111', 2],
      ['22222222222222222222222222222222', 1],
    ]);
  });

  it('says so when one trace is wanted, naming the IDs, and picks one by ID', () => {
    let caught: unknown;
    try {
      readTrace(two, { source: 'two.json' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).code).toBe('input_ambiguous');
    expect((caught as InputError).message).toContain('22222222222222222222222222222222');
    const picked = readTrace(two, { source: 'two.json', traceId: '22222222222222222222222222222222' });
    expect(picked.spans.map((span) => span.name)).toEqual(['run two']);
  });
});
