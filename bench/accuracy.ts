/**
 * Accuracy of the attribution engine against labelled runs (`npm run bench:accuracy [-- --dir X]`).
 * Prints one line per wrong run, then span / layer / joint accuracy over failed runs and the
 * false-alarm rate over healthy runs, overall and per labelled layer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { attributeRootCause } from '../src/attribution/index.js';
import { readTrace } from '../src/formats/index.js';
import { layerSchema } from '../src/report/report.js';

const labelSchema = z.object({
  case: z.string(),
  format: z.string(),
  traceId: z.string().nullable(),
  verdict: z.enum(['failed', 'ok', 'suspicious']),
  rootCause: z.object({ spanIds: z.array(z.string()).min(1), layers: z.array(layerSchema).min(1) }).nullable(),
  surfacedSpanId: z.string().nullable().optional(),
  note: z.string().optional(),
});
type Label = z.infer<typeof labelSchema>;

function directoryFromArguments(argv: string[]): string {
  const index = argv.indexOf('--dir');
  const given = index >= 0 ? argv[index + 1] : undefined;
  if (given) return path.resolve(given);
  return path.resolve(fileURLToPath(new URL('..', import.meta.url)), 'test/fixtures/labelled');
}

interface Tally {
  failed: number;
  span: number;
  layer: number;
  joint: number;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;
}

const directory = directoryFromArguments(process.argv.slice(2));
const files = readdirSync(directory);
const labelFiles = files.filter((name) => name.endsWith('.label.json')).sort();
const overall: Tally = { failed: 0, span: 0, layer: 0, joint: 0 };
const perLayer = new Map<string, Tally>();
let healthy = 0;
let falseAlarms = 0;
let wrong = 0;

for (const labelFile of labelFiles) {
  const name = labelFile.slice(0, -'.label.json'.length);
  const labelPath = path.join(directory, labelFile);
  const parsed = labelSchema.safeParse(JSON.parse(readFileSync(labelPath, 'utf8')));
  if (!parsed.success) {
    console.log(`${name}: label ${labelPath} does not parse: ${parsed.error.message}`);
    wrong += 1;
    continue;
  }
  const label: Label = parsed.data;
  const traceFile = files.find((candidate) => candidate.startsWith(`${name}.`) && !candidate.endsWith('.label.json'));
  if (!traceFile) {
    console.log(`${name}: no trace file beside the label`);
    wrong += 1;
    continue;
  }
  let verdict: string;
  let spanId: string | null = null;
  let layer: string | null = null;
  try {
    const trace = readTrace(readFileSync(path.join(directory, traceFile)), {
      source: traceFile,
      ...(label.traceId ? { traceId: label.traceId } : {}),
    });
    const report = attributeRootCause(trace);
    verdict = report.verdict;
    spanId = report.rootCause?.spanId ?? null;
    layer = report.rootCause?.layer ?? null;
  } catch (error) {
    console.log(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    wrong += 1;
    if (label.rootCause) overall.failed += 1;
    else healthy += 1;
    continue;
  }
  if (!label.rootCause || label.verdict !== 'failed') {
    healthy += 1;
    if (verdict === 'failed') {
      falseAlarms += 1;
      wrong += 1;
      console.log(`${name}: healthy, but reported failed at ${spanId} (${layer})`);
    }
    continue;
  }
  const spanRight = spanId !== null && label.rootCause.spanIds.includes(spanId);
  const layerRight = layer !== null && label.rootCause.layers.includes(layerSchema.parse(layer));
  const tallies = [
    overall,
    ...label.rootCause.layers.map((labelled) => {
      const existing = perLayer.get(labelled) ?? { failed: 0, span: 0, layer: 0, joint: 0 };
      perLayer.set(labelled, existing);
      return existing;
    }),
  ];
  for (const tally of tallies) {
    tally.failed += 1;
    if (spanRight) tally.span += 1;
    if (layerRight) tally.layer += 1;
    if (spanRight && layerRight) tally.joint += 1;
  }
  if (!(spanRight && layerRight)) {
    wrong += 1;
    console.log(
      `${name}: expected ${label.rootCause.spanIds.join('|')} (${label.rootCause.layers.join('|')}), got ${verdict} ${spanId} (${layer})`,
    );
  }
}

console.log('');
console.log(`runs: ${labelFiles.length} in ${path.basename(directory)}, wrong: ${wrong}`);
console.log(`failed runs: ${overall.failed}`);
console.log(`  span accuracy:  ${percent(overall.span, overall.failed)}`);
console.log(`  layer accuracy: ${percent(overall.layer, overall.failed)}`);
console.log(`  joint accuracy: ${percent(overall.joint, overall.failed)}`);
console.log(`healthy runs: ${healthy}, false-alarm rate: ${percent(falseAlarms, healthy)}`);
console.log('per layer (span / layer / joint):');
for (const [labelled, tally] of [...perLayer.entries()].sort(([left], [right]) => left.localeCompare(right))) {
  console.log(
    `  ${labelled.padEnd(15)} ${percent(tally.span, tally.failed)} / ${percent(tally.layer, tally.failed)} / ${percent(tally.joint, tally.failed)}`,
  );
}
