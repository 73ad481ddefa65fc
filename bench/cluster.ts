/**
 * Clustering benchmark: generates the corpus when missing, clusters it with the real readers and
 * engine, and prints the adjusted Rand index against the generator's labels, time and memory.
 *
 *   npm run bench:cluster                 (1,200 runs: ARI target ≥ 0.9)
 *   npm run bench:cluster -- --runs 10000 (time target: under 10 s on this 2-core machine)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { attributeRootCause } from '../src/attribution/index.js';
import { adjustedRandIndex, clusterRuns, runSourcesFromPaths } from '../src/cluster/index.js';
import { generateClusterCorpus } from './generate-cluster-corpus.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1200' }, regenerate: { type: 'boolean', default: false } },
});
const runs = Number(values.runs);
const folder = path.join('bench/corpus', `clusters-${runs}`);
if (values.regenerate || !existsSync(path.join(folder, 'labels.json'))) {
  const started = performance.now();
  generateClusterCorpus(folder, runs);
  console.log(`generated ${runs} runs in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const labels = JSON.parse(readFileSync(path.join(folder, 'labels.json'), 'utf8')) as Record<string, string>;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);
const started = performance.now();
const fileOfTrace = new Map<string, string>();
const sources = await runSourcesFromPaths([folder]);
const result = await clusterRuns(sources, {
  analyze: attributeRootCause,
  concurrency: 16,
  onFailedRun: (run) => fileOfTrace.set(run.traceId, path.basename(run.source)),
});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss);

// Each labelled failing file gets the ID of its cluster; a file the engine did not call failed, or an
// outlier, is a cluster of its own — both count against the index.
const clusterOfFile = new Map<string, string>();
for (const cluster of result.clusters)
  for (const traceId of cluster.traceIds) clusterOfFile.set(fileOfTrace.get(traceId) ?? traceId, cluster.id);
const truth: string[] = [];
const predicted: string[] = [];
for (const [file, mode] of Object.entries(labels)) {
  if (mode === 'healthy') continue;
  truth.push(mode);
  predicted.push(clusterOfFile.get(file) ?? `alone:${file}`);
}
const total = Object.keys(labels).length;
console.log(
  `runs ${total}: ${truth.length} failing from ${new Set(truth).size} modes, ${total - truth.length} healthy`,
);
console.log(`engine: ${result.failed} failed, ${result.healthy} healthy, ${result.unreadable.length} unreadable`);
console.log(`clusters ${result.clusters.length}, outliers ${result.outliers.length}`);
console.log(`adjusted Rand index ${adjustedRandIndex(truth, predicted).toFixed(3)} (target ≥ 0.9)`);
console.log(
  `time ${seconds.toFixed(2)} s for ${total} runs, read + analyse + cluster (${((seconds * 1000) / total).toFixed(2)} ms per run); peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB`,
);
for (const cluster of result.clusters.slice(0, 20))
  console.log(`  ${String(cluster.count).padStart(5)}  ${cluster.label}`);
