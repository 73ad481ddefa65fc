import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { readTraces } from '../../../src/formats/index.js';
import { devFixtures, repositoryRoot } from '../fixture-paths.js';

const seeds = [
  path.join(devFixtures, 'd-seed-refund-otlp.otlp.json'),
  path.join(devFixtures, 'd-ticket-drift.jaeger.json'),
  path.join(devFixtures, 'd-service-down.zipkin.json'),
  path.join(devFixtures, 'd-model-wrong-number.langfuse.json'),
  path.join(repositoryRoot, 'examples/worked-example.txt'),
  path.join(repositoryRoot, 'test/fixtures/formats/otel-console-python.txt'),
];

/** Either a trace comes out or an InputError does: never another error, never a hang. */
function readsOrRefuses(input: string | Uint8Array): void {
  try {
    const traces = readTraces(input, { source: 'mutant', maxBytes: 1_000_000 });
    for (const trace of traces) expect(trace.spans.length).toBeGreaterThan(0);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
}

describe.each(seeds)('mutations of %s', (file) => {
  const original = readFileSync(file, 'utf8');

  it('survives truncation at every length step', () => {
    for (let length = 0; length < original.length; length += Math.max(1, Math.floor(original.length / 300)))
      readsOrRefuses(original.slice(0, length));
  });

  it('survives random edits, insertions and deletions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(original.length), fc.nat(6), fc.string({ maxLength: 8 })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          let mutated = original;
          for (const [at, remove, insert] of edits)
            mutated = mutated.slice(0, at) + insert + mutated.slice(at + remove);
          readsOrRefuses(mutated);
        },
      ),
      { numRuns: 600, seed: 42 },
    );
  });

  // Only inputs that are JSON have JSON values to swap (the span list is plain text).
  const isJson = /^\s*[[{]/.test(original) && !/^\s*\[\s*span/i.test(original);
  it.runIf(isJson)('survives JSON values swapped for other types', () => {
    const replacements = ['null', '0', '-1', '""', '[]', '{}', 'true', '"\\u0000"', '1e309', '"zz"'];
    fc.assert(
      fc.property(fc.nat(10_000), fc.constantFrom(...replacements), (seed, replacement) => {
        const values = [...original.matchAll(/:\s*("(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null)/g)];
        const target = values[seed % Math.max(1, values.length)];
        if (!target || target.index === undefined) return;
        const start = target.index + target[0].indexOf(target[1] as string);
        readsOrRefuses(original.slice(0, start) + replacement + original.slice(start + (target[1] as string).length));
      }),
      { numRuns: 600, seed: 7 },
    );
  });
});

describe('arbitrary bytes', () => {
  it('never crash a reader', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), (bytes) => readsOrRefuses(bytes)),
      { numRuns: 1_000, seed: 3 },
    );
  });

  it('arbitrary JSON never crashes a reader', () => {
    fc.assert(
      fc.property(fc.json({ depthSize: 'small' }), (text) => readsOrRefuses(text)),
      { numRuns: 1_000, seed: 5 },
    );
  });
});
