import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { reportSchema } from '../../../src/report/report.js';
import { devFixtures, repositoryRoot } from '../fixture-paths.js';

async function run(
  args: string[],
  stdin = '',
  options: { stderrIsTerminal?: boolean } = {},
): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr: PassThrough & { isTTY?: boolean } = new PassThrough();
  if (options.stderrIsTerminal) stderr.isTTY = true;
  const chunks = { stdout: '', stderr: '' };
  stdout.on('data', (chunk) => {
    chunks.stdout += String(chunk);
  });
  stderr.on('data', (chunk) => {
    chunks.stderr += String(chunk);
  });
  const status = await runCli(args, { stdin: Readable.from([stdin]), stdout, stderr, env: {}, cwd: repositoryRoot });
  return { status, ...chunks };
}

const worked = path.join(repositoryRoot, 'examples/worked-example.txt');

describe('tracehound analyze', () => {
  it('prints the report contract as JSON and exits 0 whatever the verdict', async () => {
    const result = await run(['analyze', worked, '--json']);
    expect(result.status).toBe(0);
    const report = reportSchema.parse(JSON.parse(result.stdout));
    expect(report.rootCause?.spanId).toBe('2');
    const healthy = await run(['analyze', path.join(devFixtures, 'd-healthy-lookup.otlp.json'), '--json']);
    expect(healthy.status).toBe(0);
    expect(JSON.parse(healthy.stdout).verdict).toBe('ok');
  });

  it('reads standard input for -', async () => {
    const { readFileSync } = await import('node:fs');
    const result = await run(['analyze', '-', '--json'], readFileSync(worked, 'utf8'));
    expect(JSON.parse(result.stdout).rootCause.layer).toBe('tool-args');
  });

  it('renders a terminal report without colour codes when stdout is not a TTY', async () => {
    const result = await run(['analyze', worked]);
    expect(result.stdout).toContain('Root cause  tool-args  at tool.lookup_order (2)');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('redacts secrets with --redact', async () => {
    const trace =
      "[span 0] user.request goal='Rotate key sk-proj-abcdefghijklmnopqrstuvwx1234 for order #5521'\n[span 1] tool.rotate(args={ order: '5512' }) status=200";
    const result = await run(['analyze', '-', '--json', '--redact'], trace);
    expect(result.stdout).not.toContain('sk-proj-abcdefghijklmnopqrstuvwx1234');
    expect(result.stdout).toContain('[REDACTED]');
  });

  it('exits 2 with one line naming the file and what was expected for unreadable input', async () => {
    const result = await run(['analyze', path.join(repositoryRoot, 'package.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('package.json');
    expect(result.stderr).toContain('expected');
  });

  it('exits 2 for a missing file and for bad options', async () => {
    expect((await run(['analyze', 'no-such-file.json'])).status).toBe(2);
    expect((await run(['analyze'])).status).toBe(2);
    expect((await run(['analyze', worked, '--max-bytes', 'lots'])).status).toBe(2);
  });
});

describe('tracehound show and help', () => {
  it('shows the span tree', async () => {
    const result = await run(['show', path.join(devFixtures, 'd-ticket-drift.jaeger.json')]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('trace 3e6200b0a708557bb3ae1c479539b692 [jaeger] 3 spans');
    expect(result.stdout).toMatch(/\n {2}llm\s+chat gpt-4o \(0b055e46667d0b34\)/);
  });

  it('lists the commands, and rejects an unknown one with exit 2', async () => {
    const help = await run(['--help']);
    expect(help.stdout).toContain('analyze');
    expect(help.stdout).toContain('cluster');
    expect((await run(['frobnicate'])).status).toBe(2);
  });

  it('clusters a folder as JSON', async () => {
    const result = await run(['cluster', devFixtures, '--json']);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.failed + output.healthy).toBe(15);
    expect(output.healthy).toBe(3);
    expect(output.unreadable).toEqual([]);
  });

  it('clusters a list of files and a JSON Lines file, with a progress line on a terminal', async () => {
    const files = ['d-tool-422.otlp.json', 'd-upstream-price.otlp.json', 'd-healthy-lookup.otlp.json'].map((name) =>
      path.join(devFixtures, name),
    );
    const jsonLines = path.join(repositoryRoot, 'test/fixtures/formats/otel-collector-file-exporter.jsonl');
    const result = await run(['cluster', ...files, jsonLines, '--json'], '', { stderrIsTerminal: true });
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.failed + output.healthy).toBe(4);
    expect(output.unreadable).toEqual([]);
    // The progress line is rewritten in place and ends with every input read.
    expect(result.stderr).toMatch(/\r4\/4 read, 4 analysed: \d+ failed, \d+ healthy, 0 unreadable\n$/);
  });

  it('lists an unreadable file in the JSON with the file and the error, and clusters the rest', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'tracehound-cluster-'));
    const broken = path.join(folder, 'broken.json');
    writeFileSync(broken, '{"resourceSpans": [');
    copyFileSync(path.join(devFixtures, 'd-tool-422.otlp.json'), path.join(folder, 'run.otlp.json'));
    const result = await run(['cluster', folder, '--json']);
    expect(result.status).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.failed).toBe(1);
    expect(output.unreadable).toEqual([{ file: broken, error: expect.stringContaining('broken.json') }]);
    expect(output.clusters.length + output.outliers.length).toBe(1);
  });
});
