import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function extended(request: string, newDeparture: string) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, 'Extended.'),
      toolSpan('find', 'find_reservation', { room: '412' }, { reservation_id: 'HLF-5', departure: '2026-03-12' }),
      toolSpan(
        'extend',
        'extend_reservation',
        { reservation_id: 'HLF-5', new_departure: newDeparture },
        { status: 'confirmed' },
      ),
    ]),
  );
}

describe('miscounted-extension', () => {
  it('two more nights from a 12 March departure sent as 13 March is tool-args at the call', () => {
    const report = extended('We would love to stay two more nights. Can you extend my booking?', '2026-03-13');
    expect(report.rootCause).toMatchObject({ spanId: 'extend', layer: 'tool-args', rule: 'miscounted-extension' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-03-14', actual: '2026-03-13' });
  });

  it('the right new end, or a request for no extension, is no finding', () => {
    const rule = (report: ReturnType<typeof attributeRootCause>) =>
      report.findings.filter((finding) => finding.rule === 'miscounted-extension');
    expect(rule(extended('Please extend my booking by 2 nights.', '2026-03-14'))).toEqual([]);
    expect(rule(extended('Please move my departure to 13 March.', '2026-03-13'))).toEqual([]);
  });
});
