import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

const slots = {
  slots: [
    { date: '2026-03-10', day: 'Tuesday', window: '08:00-10:00' },
    { date: '2026-03-12', day: 'Thursday', window: '13:00-15:00' },
  ],
};
const request = 'Book a chimney sweep for both flues at 7 Alder Close, first slot after 3 March please.';

function booked(
  answer: string,
  confirmed: Record<string, string | number> = { booking_ref: 'SW-31874', date: '2026-03-10' },
) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, answer),
      toolSpan('find', 'find_slots', { postcode: 'NE46 3QT' }, slots),
      toolSpan('book', 'book_slot', { date: '2026-03-10', window: '08:00-10:00' }, confirmed),
      { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
    ]),
  );
}

describe('misreported-booking', () => {
  it('"Thursday 12 March", another listed slot, where the booking confirmed 10 March, is the model', () => {
    const report = booked('You are booked (SW-31874) for Thursday 12 March, 1pm to 3pm.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'misreported-booking' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-03-10', actual: 'Thursday 12 March' });
  });

  it('the confirmed day, or the other option offered beside it, is no misreport', () => {
    const rule = (answer: string) =>
      booked(answer).findings.filter((finding) => finding.rule === 'misreported-booking');
    expect(rule('You are booked (SW-31874) for Tuesday 10 March, 8am to 10am.')).toEqual([]);
    expect(rule('Booked for Tuesday 10 March; Thursday 12 March was the other option.')).toEqual([]);
  });
});
