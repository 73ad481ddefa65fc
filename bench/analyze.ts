/**
 * Times reading + analysing generated OTLP JSON traces (GenAI conventions):
 * - one 100,000-span trace, against JSON.parse of the same bytes (target: at most 3x);
 * - a typical 200-span run, many times, p50/p99 (target: p99 under 20 ms).
 * Prints figures only; nothing here fails a build.
 */
import { performance } from 'node:perf_hooks';
import { attributeRootCause } from '../src/attribution/index.js';
import { readTrace } from '../src/formats/index.js';
import { generateTrace } from './generate-agent-run.js';
import { collectGarbage, median } from './generate-otlp.js';

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1));
  return sorted[index] ?? Number.NaN;
}

function timeOnce(work: () => void): number {
  const begin = performance.now();
  work();
  return performance.now() - begin;
}

const large = generateTrace(100_000, 7);
const largeBytes = Buffer.from(large);
// Warm both paths once so JIT compilation does not count against either side.
JSON.parse(largeBytes.toString('utf8'));
attributeRootCause(readTrace(largeBytes, { source: 'bench-large' }));

// The baseline is what bench:read uses: JSON.parse of the same bytes (decoded), median of the runs.
const parseTimes: number[] = [];
const analyseTimes: number[] = [];
let verdict = '';
for (let repeat = 0; repeat < 5; repeat += 1) {
  collectGarbage();
  parseTimes.push(timeOnce(() => JSON.parse(largeBytes.toString('utf8'))));
  collectGarbage();
  analyseTimes.push(
    timeOnce(() => {
      verdict = attributeRootCause(readTrace(largeBytes, { source: 'bench-large' })).verdict;
    }),
  );
}
// The analysis alone, on a trace read once: where the time goes between reading and attribution.
const readOnce = readTrace(largeBytes, { source: 'bench-large' });
const attributionTimes: number[] = [];
for (let repeat = 0; repeat < 5; repeat += 1) {
  collectGarbage();
  attributionTimes.push(timeOnce(() => attributeRootCause(readOnce)));
}
const parseMedian = median(parseTimes);
const analyseMedian = median(analyseTimes);
const attributionMedian = median(attributionTimes);
console.log(`100,000-span trace: ${(largeBytes.length / 1_048_576).toFixed(1)} MiB, verdict ${verdict}`);
console.log(`  JSON.parse:        ${parseMedian.toFixed(1)} ms (median of ${parseTimes.length})`);
console.log(`  read + analyse:    ${analyseMedian.toFixed(1)} ms (median of ${analyseTimes.length})`);
console.log(
  `  analyse only:      ${attributionMedian.toFixed(1)} ms (median of ${attributionTimes.length}), ${(attributionMedian / parseMedian).toFixed(2)}x parse`,
);
console.log(`  ratio:             ${(analyseMedian / parseMedian).toFixed(2)}x (target <= 3x)`);

const typical = Buffer.from(generateTrace(200, 11));
for (let warm = 0; warm < 50; warm += 1) attributeRootCause(readTrace(typical, { source: 'bench-typical' }));
const typicalTimes: number[] = [];
for (let run = 0; run < 500; run += 1) {
  typicalTimes.push(timeOnce(() => attributeRootCause(readTrace(typical, { source: 'bench-typical' }))));
}
typicalTimes.sort((left, right) => left - right);
console.log(`200-span run, ${typicalTimes.length} runs of read + analyse:`);
console.log(
  `  p50 ${percentile(typicalTimes, 0.5).toFixed(2)} ms, p99 ${percentile(typicalTimes, 0.99).toFixed(2)} ms (target p99 < 20 ms)`,
);
