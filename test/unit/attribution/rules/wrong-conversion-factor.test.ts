import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function advised(instructions: string, answer: string) {
  return attributeRootCause(
    buildTrace([
      {
        ...agentSpan('root', 'Which plan should customer C-5521 be on, given last month’s data use?', answer),
        systemInstructions: instructions,
      },
      toolSpan('usage', 'get_usage', { customer: 'C-5521', month: '2026-10' }, { customer: 'C-5521', data_mb: 4830 }),
      toolSpan('plan', 'set_plan', { customer: 'C-5521', plan: '50GB' }, { ok: true }),
    ]),
  );
}

const wrongFactor = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'wrong-conversion-factor');

describe('wrong-conversion-factor', () => {
  it.each([
    'Usage comes in MB; to report it in GB, divide the MB figure by 100.',
    'Remember that 1 GB = 100 MB.',
    'Convert with MB ÷ 100 = GB.',
    'There are 100 MB in a GB.',
  ])('instructions that say "%s", applied by the run, are the root', (instructions) => {
    const report = advised(instructions, 'C-5521 used 48.3 GB last month, so the 50 GB plan fits.');
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'wrong-conversion-factor' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: '1 GB = 1000 or 1024 MB',
      actual: '1 GB = 100 MB',
    });
  });

  it('a true factor, decimal or binary, is fine', () => {
    expect(
      wrongFactor(advised('To report usage in GB, divide the MB figure by 1000.', 'C-5521 used 4.83 GB.')),
    ).toEqual([]);
    expect(wrongFactor(advised('1 GB = 1024 MB.', 'C-5521 used 4.72 GB.'))).toEqual([]);
  });

  it('a wrong factor the run never applied is not what went wrong', () => {
    expect(wrongFactor(advised('There are 100 MB in a GB.', 'C-5521 used 4.83 GB.'))).toEqual([]);
  });

  it('other dimensions: a mile taken as 1.2 km', () => {
    const report = attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'How far is the ride in km?', 'The ride is 60 km.'),
          systemInstructions: 'Routes are stored in miles; 1 mile = 1.2 km.',
        },
        toolSpan('route', 'get_route', { ride: 'R-77' }, { ride: 'R-77', distance_miles: 50 }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ layer: 'instruction', rule: 'wrong-conversion-factor' });
  });
});
