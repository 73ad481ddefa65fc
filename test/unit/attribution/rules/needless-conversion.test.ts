import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

type Report = ReturnType<typeof attributeRootCause>;
const byRule = (report: Report, rule: string) => report.findings.filter((finding) => finding.rule === rule);

/** A run where a model writes one call, optionally after a lookup whose result it read. */
function run(request: string, args: Record<string, string | number>, lookup?: SpanDraft['output']): Report {
  const drafts: SpanDraft[] = [agentSpan('root', request, 'Done.')];
  if (lookup !== undefined) drafts.push(toolSpan('lookup', 'get_record', { id: 'R-1' }, lookup));
  drafts.push(
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('submit', args)])],
    },
    toolSpan('tool', 'submit', args, { status: 'accepted' }),
  );
  return attributeRootCause(buildTrace(drafts));
}

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
