import { describe, expect, it } from 'vitest';
import type { attributeRootCause } from '../../../../src/attribution/index.js';
import { modelCallRun } from '../build-trace.js';

type Report = ReturnType<typeof attributeRootCause>;
const byRule = (report: Report, rule: string) => report.findings.filter((finding) => finding.rule === rule);

const run = modelCallRun;

describe('needless-conversion', () => {
  it('a figure already in the field unit, converted to another unit anyway, is the root', () => {
    const report = run('File the entry for booking B-1.', { gross_mass_kg: 2645.55 }, { gross_weight_kg: 1200 });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'needless-conversion' });
    expect(byRule(run('Log the 26.2 mi run.', { distance_mi: 42.16 }), 'needless-conversion')).toHaveLength(1);
  });

  it('stays quiet for the figure as given, a decimal shift, a different number, or a figure given as written', () => {
    expect(
      byRule(run('File the entry.', { gross_mass_kg: 1200 }, { gross_weight_kg: 1200 }), 'needless-conversion'),
    ).toEqual([]);
    expect(
      byRule(run('File the entry.', { gross_mass_kg: 1.2 }, { gross_weight_kg: 1200 }), 'needless-conversion'),
    ).toEqual([]);
    expect(
      byRule(run('File the entry.', { gross_mass_kg: 2650 }, { gross_weight_kg: 1200 }), 'needless-conversion'),
    ).toEqual([]);
    expect(
      byRule(
        run('File the entry: 2645.55 kg.', { gross_mass_kg: 2645.55 }, { gross_weight_kg: 1200 }),
        'needless-conversion',
      ),
    ).toEqual([]);
  });
});
