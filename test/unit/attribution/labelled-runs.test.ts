import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { attributeRootCause } from '../../../src/attribution/index.js';
import { readTrace } from '../../../src/formats/index.js';
import { devFixtures, externalFixtures, ownFixtures } from '../fixture-paths.js';

const labelSchema = z.object({
  case: z.string(),
  verdict: z.enum(['ok', 'failed']),
  rootCause: z.object({ spanIds: z.array(z.string()).min(1), layers: z.array(z.string()).min(1) }).nullable(),
});

/** Every `NAME.label.json` beside its trace file, in any folder of that shape. */
function labelledRuns(folder: string): Array<{ name: string; trace: string; label: z.infer<typeof labelSchema> }> {
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder);
  return files
    .filter((file) => file.endsWith('.label.json'))
    .map((labelFile) => {
      const base = labelFile.slice(0, -'.label.json'.length);
      const trace = files.find((file) => file.startsWith(`${base}.`) && file !== labelFile);
      if (!trace) throw new Error(`${labelFile} has no trace beside it`);
      return {
        name: base,
        trace: path.join(folder, trace),
        label: labelSchema.parse(JSON.parse(readFileSync(path.join(folder, labelFile), 'utf8'))),
      };
    });
}

const corpora = [
  { title: 'the shared labelled sample', runs: labelledRuns(devFixtures) },
  { title: 'our own labelled corpus', runs: labelledRuns(path.join(ownFixtures, 'labelled')) },
].filter((corpus) => corpus.runs.length > 0);

describe.each(corpora)('$title', ({ runs }) => {
  it.each(runs)('$name comes out as labelled', ({ trace, label }) => {
    const report = attributeRootCause(readTrace(readFileSync(trace), { source: trace }));
    if (label.verdict === 'ok') {
      expect(report.rootCause).toBeNull();
      expect(report.verdict).not.toBe('failed');
    } else {
      expect(report.verdict).toBe('failed');
      expect(label.rootCause?.spanIds).toContain(report.rootCause?.spanId);
      expect(label.rootCause?.layers).toContain(report.rootCause?.layer);
    }
  });
});

describe('real healthy traces from public projects', () => {
  const folder = path.join(externalFixtures, 'langfuse');
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  it.each(files)('%s comes out ok', (file) => {
    const report = attributeRootCause(readTrace(readFileSync(path.join(folder, file)), { source: file }));
    expect(report.verdict).toBe('ok');
    expect(report.rootCause).toBeNull();
  });

  it('does not call the Jaeger UI GenAI run failed: its one HTTP 500 was retried successfully', () => {
    const file = path.join(externalFixtures, 'jaeger-ui/genaiTestTrace.json');
    const report = attributeRootCause(readTrace(readFileSync(file), { source: file }));
    expect(report.verdict).not.toBe('failed');
    const recovered = report.findings.find((finding) => finding.rule === 'recovered-error');
    expect(recovered?.severity).toBe('info');
  });
});
