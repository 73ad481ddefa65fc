import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function bookingTrace(confirmedTime: string) {
  return buildTrace([
    agentSpan('root', 'Book a table for 4 at Casa Verde on Friday at 19:30.', 'Your table is booked for 19:30.'),
    toolSpan(
      'book',
      'book_table',
      { restaurant: 'Casa Verde', day: 'Friday', time: '19:30', party_size: 4 },
      { booking_id: 'BK-2231', restaurant: 'Casa Verde', time: confirmedTime, party_size: 4 },
    ),
  ]);
}

describe('ignored-argument: times written with digits only', () => {
  it('restaurant reservations: a booking asked for 19:30 and confirmed at 07:30 is the tool', () => {
    const report = attributeRootCause(bookingTrace('07:30'));
    expect(report.rootCause).toMatchObject({ spanId: 'book', layer: 'tool', rule: 'ignored-argument' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.time', expected: '19:30', actual: '07:30' });
  });

  it('a confirmation that adds seconds (19:30:00) is the same time', () => {
    const report = attributeRootCause(bookingTrace('19:30:00'));
    expect(report.findings.filter((finding) => finding.rule === 'ignored-argument')).toEqual([]);
  });
});
