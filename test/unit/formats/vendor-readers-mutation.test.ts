import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { appInsightsReader } from '../../../src/formats/appinsights.js';
import { langfuseReader } from '../../../src/formats/langfuse.js';
import { langsmithReader } from '../../../src/formats/langsmith.js';
import { phoenixReader } from '../../../src/formats/phoenix.js';
import type { TraceReader } from '../../../src/formats/trace-reader.js';
import { ownFixtures } from '../fixture-paths.js';

const cases: Array<[string, TraceReader]> = [
  ['phoenix-rest-page.json', phoenixReader],
  ['langsmith-runs-v1.json', langsmithReader],
  ['langsmith-runs-v2.json', langsmithReader],
  ['appinsights-classic.json', appInsightsReader],
  ['appinsights-workspace.json', appInsightsReader],
  ['langfuse-v2-observations.json', langfuseReader],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside the document, so a mutation can land anywhere. */
function paths(value: Json, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const found: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) found.push(...paths(item, [...prefix, index]));
  } else if (value !== null && typeof value === 'object')
    for (const key of Object.keys(value)) found.push(...paths(value[key] as Json, [...prefix, key]));
  return found;
}

function replaceAt(document: Json, at: Array<string | number>, replacement: Json | undefined): Json {
  if (at.length === 0) return replacement ?? null;
  const copy = structuredClone(document);
  let node = copy as Record<string | number, Json>;
  for (const segment of at.slice(0, -1)) node = node[segment] as Record<string | number, Json>;
  const last = at[at.length - 1] as string | number;
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

describe.each(cases)('mutated %s', (file, reader) => {
  const document = JSON.parse(readFileSync(path.join(ownFixtures, 'formats', file), 'utf8')) as Json;
  const allPaths = paths(document);

  it('reads to spans with IDs, or fails with an InputError: never another error', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            index: fc.nat({ max: allPaths.length - 1 }),
            replacement: fc.option(fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>, { nil: undefined }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (mutations) => {
          let mutated = document;
          for (const mutation of mutations) {
            const at = paths(mutated)[mutation.index % paths(mutated).length] ?? [];
            mutated = replaceAt(mutated, at, mutation.replacement);
          }
          const input = { kind: 'json' as const, value: mutated };
          if (!reader.detect(input)) {
            expect(() => reader.read(input, { source: file })).toThrow(InputError);
            return;
          }
          try {
            const traces = reader.read(input, { source: file });
            for (const trace of traces) for (const span of trace.spans) expect(span.id.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(InputError);
          }
        },
      ),
      { numRuns: 400, seed: 20_261_125 },
    );
  });
});
