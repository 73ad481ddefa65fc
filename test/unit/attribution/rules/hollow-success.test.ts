import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function courtBooking(result: Record<string, string | number | null>, answer: string) {
  return buildTrace([
    agentSpan('root', 'Book court 3 at the tennis club for Saturday 10:00.', answer),
    toolSpan('book', 'book_court', { court: 3, slot: '2026-11-28T10:00' }, result),
  ]);
}

describe('hollow-success', () => {
  it('sports club: a booking call that says ok while booking nothing is the tool', () => {
    const report = attributeRootCause(
      courtBooking({ status: 'ok', booking_id: 'BK-5512', courts_booked: 0 }, 'Court 3 is booked for Saturday 10:00.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'book', layer: 'tool', rule: 'hollow-success' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.courts_booked', actual: '0' });
  });

  it('says nothing when something was booked, or when the answer reports the failure', () => {
    const booked = courtBooking(
      { status: 'ok', booking_id: 'BK-5512', courts_booked: 1 },
      'Court 3 is booked for Saturday 10:00.',
    );
    expect(attributeRootCause(booked).findings.some((finding) => finding.rule === 'hollow-success')).toBe(false);
    const honest = courtBooking(
      { status: 'ok', booking_id: null, courts_booked: 0 },
      "I couldn't book court 3: the club system booked nothing.",
    );
    expect(attributeRootCause(honest).findings.some((finding) => finding.rule === 'hollow-success')).toBe(false);
  });

  it('reads-only calls that count nothing are not hollow', () => {
    const trace = buildTrace([
      agentSpan('root', 'Any courts free on Saturday at 10:00?', 'No courts are free then.'),
      toolSpan('find', 'find_courts', { slot: '2026-11-28T10:00' }, { status: 'ok', courts_available: 0 }),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.rule === 'hollow-success')).toBe(false);
  });
});

describe('upstream-data: a figure another record states a power of ten apart', () => {
  function rideTrace(distanceKm: number) {
    return buildTrace([
      agentSpan('root', 'How long is the Lakes 80 audax at my usual pace?', 'It is a long day out.'),
      toolSpan(
        'event',
        'get_event',
        { event: 'Lakes 80' },
        { name: 'Lakes 80', description: 'An 80 km loop from Keswick' },
      ),
      toolSpan('route', 'get_route', { route_id: 'lakes-80' }, { route_id: 'lakes-80', distance_km: distanceKm }),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm' as const,
        outputMessages: [
          {
            role: 'assistant',
            text: `The route is ${distanceKm} km.`,
            toolCalls: [],
            toolCallId: null,
            finishReason: null,
          },
        ],
      },
    ]);
  }

  it('a route of 800 km described elsewhere as an 80 km loop is upstream data at the route', () => {
    const report = attributeRootCause(rideTrace(800));
    expect(report.rootCause).toMatchObject({ spanId: 'route', layer: 'upstream-data' });
    expect(report.rootCause?.summary).toContain('80 km');
  });

  it('the same distance, or one not a power of ten apart, is fine', () => {
    expect(attributeRootCause(rideTrace(80)).rootCause).toBeNull();
    expect(attributeRootCause(rideTrace(84)).rootCause).toBeNull();
  });
});
