import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

const rota = {
  shifts: [
    { shift_id: 'SH-101', day: 'Sat', start: '08:00', end: '14:00' },
    { shift_id: 'SH-205', day: 'Sun', start: '10:00', end: '16:00' },
  ],
};

function swapTrace(extra: { shift_id: string; day: string; start: string; end: string }, dropped = 'SH-300') {
  return buildTrace([
    agentSpan('root', `Can nurse N-7 take ${extra.shift_id} instead of ${dropped} without a clash?`, 'Yes, no clash.'),
    toolSpan('rota', 'get_rota', { nurse: 'N-7' }, rota),
    toolSpan('shift', 'get_shift', { shift_id: extra.shift_id }, extra),
    toolSpan('check', 'check_clash', { nurse: 'N-7', add: extra.shift_id, drop: dropped }, { clashes: [], ok: true }),
  ]);
}

describe('missed-overlap: a clash check that misses an overlap in the data the run holds', () => {
  it('a Saturday 12:00-18:00 shift against a kept Saturday 08:00-14:00 one is a clash the tool missed', () => {
    const report = attributeRootCause(swapTrace({ shift_id: 'SH-330', day: 'Sat', start: '12:00', end: '18:00' }));
    expect(report.rootCause).toMatchObject({ spanId: 'check', layer: 'tool', rule: 'missed-overlap' });
    expect(report.rootCause?.summary).toContain('SH-101');
  });

  it('back-to-back shifts, or an overlap only with the shift being dropped, are no clash', () => {
    const adjacent = attributeRootCause(swapTrace({ shift_id: 'SH-330', day: 'Sat', start: '14:00', end: '20:00' }));
    expect(adjacent.findings.filter((finding) => finding.rule === 'missed-overlap')).toEqual([]);
    const dropped = attributeRootCause(
      swapTrace({ shift_id: 'SH-330', day: 'Sun', start: '12:00', end: '18:00' }, 'SH-205'),
    );
    expect(dropped.findings.filter((finding) => finding.rule === 'missed-overlap')).toEqual([]);
  });
});
