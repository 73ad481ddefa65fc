import { describe, expect, it } from 'vitest';
import type { attributeRootCause } from '../../../../src/attribution/index.js';
import { modelCallRun } from '../build-trace.js';

const stays = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'miscounted-stay');

describe('miscounted-stay: a stay counted in nights, sent with an end that makes another count', () => {
  const request = 'Book the Willow yurt for 3 nights from Friday 12 June 2026 for 2 adults.';

  it('check_out on the 14th for three nights from the 12th is the call', () => {
    const report = modelCallRun(request, { unit: 'willow', check_in: '2026-06-12', check_out: '2026-06-14' });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'miscounted-stay' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-06-15', actual: '2026-06-14' });
  });

  it('the right end is fine', () => {
    expect(stays(modelCallRun(request, { check_in: '2026-06-12', check_out: '2026-06-15' }))).toEqual([]);
  });

  it('a stay from a day the request does not name, or a request that changes a stay, is left alone', () => {
    expect(stays(modelCallRun(request, { check_in: '2026-06-19', check_out: '2026-06-21' }))).toEqual([]);
    const extension = 'Add two more nights to my 3 nights from Friday 12 June 2026.';
    expect(stays(modelCallRun(extension, { check_in: '2026-06-12', check_out: '2026-06-17' }))).toEqual([]);
  });
});
