import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

function booked(request: string, args: Record<string, string | number>) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, 'Booked.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('book_table', args)])],
      },
      toolSpan('tool', 'book_table', args, { booking: 'BK-1', status: 'confirmed' }),
    ]),
  );
}

const slips = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'slipped-clock-time');

describe('slipped-clock-time', () => {
  it('a pm time sent as am is tool-args at the span that wrote the call', () => {
    const report = booked('Book a table for 4 at 7:45 pm on 14 March 2026.', { party: 4, at: '2026-03-14T07:45:00' });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'slipped-clock-time' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '7:45 pm', actual: '2026-03-14T07:45:00' });
  });

  it('a changed tens digit of the hour (09:30 sent as 19:30) is a slip', () => {
    expect(
      slips(booked('Book a table for 2 at 09:30 on 14 March 2026.', { party: 2, at: '2026-03-14T19:30:00' })),
    ).toHaveLength(1);
  });

  it('leaves alone the asked time, a window that starts at it, another day, and other offsets', () => {
    const request = 'Book the hall from 09:30 on 14 March 2026.';
    expect(slips(booked(request, { start: '2026-03-14T09:30:00' }))).toEqual([]);
    expect(slips(booked(request, { start: '2026-03-14T09:30:00', end: '2026-03-14T19:30:00' }))).toEqual([]);
    // A search over the whole day holds the time the request names: its midnight start is no slip.
    const event = 'The GPU failed at 14:07 UTC on 2 December 2025. Find the job running on it then.';
    expect(slips(booked(event, { starttime: '2025-12-02T00:00:00', endtime: '2025-12-02T23:59:59' }))).toEqual([]);
    expect(slips(booked(event, { starttime: '2025-12-02T04:07:00', endtime: '2025-12-02T05:00:00' }))).toHaveLength(1);
    expect(slips(booked(request, { start: '2026-03-15T21:30:00' }))).toEqual([]);
    expect(slips(booked(request, { start: '2026-03-14T10:00:00' }))).toEqual([]);
  });

  it('reads spoken times ("quarter past three in the afternoon"), and leaves a time with no am or pm alone', () => {
    expect(
      slips(
        booked('Pick me up at quarter past three in the afternoon on 19 March 2026.', { at: '2026-03-19T03:15:00' }),
      ),
    ).toHaveLength(1);
    expect(slips(booked('Pick me up at 3:15 on 19 March 2026.', { at: '2026-03-19T15:15:00' }))).toEqual([]);
  });

  it('the time a move asks for, booked as a time nothing in the run gave, is a slip; a slot a result offered is not', () => {
    const request = 'Move booking RB-77120 on 13 March 2026 from 19:00 to 20:30.';
    const moved = (time: string, offered: string[]) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request, 'Moved.'),
          toolSpan('free', 'check_availability', { date: '2026-03-13' }, { free: offered }),
          toolSpan(
            'tool',
            'modify_booking',
            { booking_ref: 'RB-77120', date: '2026-03-13', time },
            { status: 'confirmed' },
          ),
        ]),
      );
    expect(slips(moved('20:00', ['20:30']))).toHaveLength(1);
    expect(slips(moved('20:15', ['20:15', '21:00']))).toEqual([]);
  });

  it("a time asked in one named zone and booked in the call's own zone is the conversion, not a slip", () => {
    const request =
      'The trucks reach the dock at 09:30 Amsterdam time on Friday 12 June 2026. Book a slot for their arrival.';
    const bookedAt = (start: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request, 'Booked.'),
          toolSpan(
            'tool',
            'book_dock_slot',
            { date: '2026-06-12', start, tz: 'Europe/London' },
            { status: 'confirmed' },
          ),
        ]),
      );
    expect(slips(bookedAt('08:30'))).toEqual([]);
    expect(slips(bookedAt('07:30'))).toHaveLength(1);
  });

  it('a time asked in a named zone, sent as the UTC instant it is, is no slip', () => {
    const request = 'Move episode 88 so it goes out Thursday 10 December 2026 at 9am New York time.';
    const moved = (publishAt: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request, 'Rescheduled.'),
          toolSpan('tool', 'update_episode_schedule', { episode_id: 'ep_7H', publish_at: publishAt }, { ok: true }),
        ]),
      );
    expect(slips(moved('2026-12-10T14:00:00Z'))).toEqual([]);
    expect(slips(moved('2026-12-10T13:00:00Z'))).toHaveLength(1);
  });

  it('a window asked in the zone the instructions give, sent in UTC, is the conversion of both its ends', () => {
    const hire = (start: string, end: string) =>
      attributeRootCause(
        buildTrace([
          {
            ...agentSpan('root', 'Book the rowing boat on Sunday 14 June 2026 from 9am until 6pm.', 'Booked.'),
            systemInstructions: 'Members give local times (Europe/Lisbon); the hire API takes UTC timestamps.',
          },
          toolSpan('tool', 'book_boat', { boat: 'R-2', start, end }, { booking: 'BT-6' }),
        ]),
      ).findings.filter((finding) => finding.rule === 'slipped-clock-time');
    // Lisbon is UTC+1 in June: 9am is 08:00Z, which is also 6pm with its hour's tens digit changed.
    expect(hire('2026-06-14T08:00:00Z', '2026-06-14T17:00:00Z')).toEqual([]);
    expect(hire('2026-06-14T19:00:00Z', '2026-06-14T17:00:00Z')).toHaveLength(1);
  });
});

describe('slipped-clock-time: a query at the time the run itself ran', () => {
  const at = (query: string) => {
    const ran = Date.parse('2026-02-09T09:52:18Z');
    const args = { query: 'slo:burn_rate', time: query };
    return slips(
      attributeRootCause(
        buildTrace([
          { ...agentSpan('root', 'Is the alert that fired at 09:14 UTC still burning?', 'No.'), startTime: ran },
          {
            id: 'llm',
            parentId: 'root',
            name: 'chat',
            role: 'llm',
            startTime: ran + 5,
            outputMessages: [assistant('', [toolCall('query_prometheus', args)])],
          },
          { ...toolSpan('tool', 'query_prometheus', args, { burn_rate: 0.4 }), startTime: ran + 800 },
        ]),
      ),
    );
  };

  it('"still burning?" asked of now (09:52, when the run ran) is no slip of 09:14', () => {
    expect(at('2026-02-09T09:52:00Z')).toEqual([]);
  });

  it('a time neither asked nor now, a digit off the asked one, is still a slip', () => {
    expect(at('2026-02-09T09:41:00Z')).toHaveLength(1);
  });
});
