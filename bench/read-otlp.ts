/**
 * Reading cost: `readTraces` of a generated 100,000-span OTLP JSON file against plain `JSON.parse` of
 * the same bytes. Target: reading costs at most 2x JSON.parse. Run: npm run bench:read [-- --spans N]
 */
import { parseArgs } from 'node:util';
import { readTraces } from '../src/formats/index.js';
import { collectGarbage, generateOtlpTrace, median } from './generate-otlp.js';

const { values } = parseArgs({
  options: { spans: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' } },
});
const spanCount = Number(values.spans);
const text = generateOtlpTrace(spanCount);
const bytes = Buffer.from(text);
console.log(`OTLP JSON: ${spanCount} spans, ${(bytes.length / 1024 / 1024).toFixed(1)} MiB`);

const parseTimes: number[] = [];
const readTimes: number[] = [];
let peakRss = process.memoryUsage().rss;
for (let run = 0; run < Number(values.runs); run += 1) {
  collectGarbage();
  let started = performance.now();
  JSON.parse(bytes.toString('utf8'));
  parseTimes.push(performance.now() - started);
  collectGarbage();
  started = performance.now();
  const traces = readTraces(bytes, { source: 'bench' });
  readTimes.push(performance.now() - started);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (traces[0]?.spans.length !== spanCount)
    throw new Error(`read ${traces[0]?.spans.length} spans, expected ${spanCount}`);
}
const parse = median(parseTimes);
const read = median(readTimes);
// The range shows how noisy the machine was: compare medians of several runs, not single figures.
const range = (times: number[]): string => `${Math.min(...times).toFixed(0)}–${Math.max(...times).toFixed(0)}`;
console.log(`JSON.parse      ${parse.toFixed(0)} ms (median of ${parseTimes.length}, range ${range(parseTimes)})`);
console.log(`readTraces      ${read.toFixed(0)} ms (median of ${readTimes.length}, range ${range(readTimes)})`);
console.log(`ratio           ${(read / parse).toFixed(2)}x  (target ≤ 2x)`);
console.log(`peak RSS        ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
