import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { clusterResultSchema } from '../../../src/cluster/index.js';
import { openStore, otlpExportRequestSchema } from '../../../src/store/index.js';
import { devFixtures } from '../../unit/fixture-paths.js';

let folder: string | null = null;
afterEach(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('tracehound cluster --since', () => {
  it('clusters every run the embedded store received in the window', async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'tracehound-cluster-'));
    const store = openStore(folder, { pruneIntervalMs: 0, retentionDays: 100_000 });
    for (const name of ['d-seed-refund-otlp.otlp.json', 'd-tool-422.otlp.json', 'd-healthy-lookup.otlp.json']) {
      store.traces.insertExport(
        otlpExportRequestSchema.parse(JSON.parse(readFileSync(path.join(devFixtures, name), 'utf8'))),
      );
    }
    store.close();
    const stdout = new PassThrough();
    let output = '';
    stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    const status = await runCli(['cluster', '--since', '5000d', '--json'], {
      stdin: Readable.from([]),
      stdout,
      stderr: new PassThrough(),
      env: { TRACEHOUND_DATA_DIR: folder },
      cwd: folder,
    });
    expect(status).toBe(0);
    const result = clusterResultSchema.parse(JSON.parse(output));
    expect(result.failed + result.healthy).toBe(3);
    expect(result.healthy).toBe(1);
    expect(result.failed).toBe(2);
    expect(result.unreadable).toEqual([]);
  });
});
