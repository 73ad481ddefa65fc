import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

type Report = ReturnType<typeof attributeRootCause>;
const offsets = (report: Report) => report.findings.filter((finding) => finding.rule === 'wrong-clock-offset');

/** A run where a model writes one call, optionally after a lookup whose result it read. */
function run(
  request: string,
  call: { name: string; args: Record<string, string | number> },
  options: { instructions?: string; lookup?: SpanDraft['output'] } = {},
): Report {
  const drafts: SpanDraft[] = [agentSpan('root', request, 'Done.')];
  if (options.lookup !== undefined) drafts.push(toolSpan('lookup', 'get_record', { id: 'R-1' }, options.lookup));
  drafts.push(
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      ...(options.instructions ? { systemInstructions: options.instructions } : {}),
      outputMessages: [assistant('', [toolCall(call.name, call.args)])],
    },
    toolSpan('tool', call.name, call.args, { status: 'confirmed' }),
  );
  return attributeRootCause(buildTrace(drafts));
}

describe('wrong-clock-offset', () => {
  it('a clock the request gives in a named zone, sent as the same clock in UTC on a summer day, is the root', () => {
    const request = 'Cover the on-call shift on Saturday 11 July 2026, 09:00-21:00 Dublin time.';
    const covered = (start: string) => run(request, { name: 'create_override', args: { user_id: 'PU7K3QX', start } });
    const report = covered('2026-07-11T09:00:00Z');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'wrong-clock-offset' });
    expect(report.rootCause?.evidence[0]?.expected).toBe('2026-07-11T08:00:00Z');
    expect(offsets(covered('2026-07-11T08:00:00Z'))).toEqual([]);
    expect(offsets(covered('2026-07-11T09:00:00+01:00'))).toEqual([]);
  });

  it('reads an abbreviation after the clock ("14:00 ET"), with daylight saving on the day', () => {
    const request = 'Schedule the webinar for 2 March 2026 at 14:00 ET.';
    const scheduled = (at: string) => run(request, { name: 'schedule_webinar', args: { at } });
    expect(offsets(scheduled('2026-03-02T14:00:00Z'))).toHaveLength(1);
    expect(offsets(scheduled('2026-03-02T19:00:00Z'))).toEqual([]);
    // After the change to daylight time ET is UTC-4: 18:00Z is right, 14:00-05:00 is an hour off.
    const summer = (at: string) =>
      run('Schedule the webinar for 20 March 2026 at 14:00 ET.', { name: 'schedule_webinar', args: { at } });
    expect(offsets(summer('2026-03-20T18:00:00Z'))).toEqual([]);
    expect(offsets(summer('2026-03-20T14:00:00-05:00'))).toHaveLength(1);
  });

  it('takes the zone from the instructions when the request only says "local time"', () => {
    const instructions = 'You book tastings at our cellar door in Adelaide (time zone Australia/Adelaide).';
    const request = 'Book a tasting for 4 on 5 May 2026 at 11:00 local time.';
    const tasting = (start: string) =>
      run(request, { name: 'book_tasting', args: { start, guests: 4 } }, { instructions });
    expect(offsets(tasting('2026-05-05T11:00:00Z'))).toHaveLength(1);
    expect(offsets(tasting('2026-05-05T11:00:00+09:30'))).toEqual([]);
    expect(offsets(tasting('2026-05-05T01:30:00Z'))).toEqual([]);
  });

  it("takes the zone from a record read before the call, and the place's zone in the instructions over it", () => {
    const request = 'Reserve a kayak for 10:30 tomorrow.';
    const lookup = { member: 'M-7', timezone: 'America/Vancouver' };
    const reserved = (start: string, instructions?: string) =>
      run(request, { name: 'reserve_kayak', args: { start } }, { lookup, ...(instructions ? { instructions } : {}) });
    expect(offsets(reserved('2026-08-14T10:30:00Z'))).toHaveLength(1);
    expect(offsets(reserved('2026-08-14T17:30:00Z'))).toEqual([]);
    // The shop is in Europe/Oslo: the member's own zone is not the clock the booking is in.
    const instructions = 'All rentals are at our Oslo fjord base (Europe/Oslo). Send times with their UTC offset.';
    expect(offsets(reserved('2026-08-14T10:30:00-07:00', instructions))).toHaveLength(1);
    expect(offsets(reserved('2026-08-14T10:30:00+02:00', instructions))).toEqual([]);
  });

  it("a record's local clock written as UTC is a slip; a shifted time and a copied instant are not", () => {
    const lookup = {
      shift_id: 'S-4',
      site_tz: 'Europe/Berlin',
      start_local: '2026-02-09T07:45',
      start_utc: '2026-02-09T06:45Z',
    };
    const request = 'Assign Priya to shift S-4 at its usual start time.';
    const assigned = (start_utc: string) => run(request, { name: 'assign_shift', args: { start_utc } }, { lookup });
    expect(offsets(assigned('2026-02-09T07:45Z'))).toHaveLength(1);
    expect(offsets(assigned('2026-02-09T06:45Z'))).toEqual([]);
    expect(offsets(assigned('2026-02-09T07:15Z'))).toEqual([]);
  });

  it('stays quiet without a zone, with a clock in UTC, with disagreeing zones, or when the call names its zone', () => {
    expect(
      offsets(
        run('Start the backup at 02:00 on 3 June 2026.', { name: 'schedule', args: { at: '2026-06-03T02:00:00Z' } }),
      ),
    ).toEqual([]);
    expect(
      offsets(
        run(
          'Start the backup at 02:00 UTC on 3 June 2026.',
          { name: 'schedule', args: { at: '2026-06-03T02:00:00Z' } },
          { instructions: 'Our team is in Europe/Paris.' },
        ),
      ),
    ).toEqual([]);
    expect(
      offsets(
        run(
          'Call me at 16:00 on 3 June 2026.',
          { name: 'schedule_call', args: { at: '2026-06-03T16:00:00Z' } },
          { lookup: { caller_tz: 'Asia/Tokyo', agent_tz: 'America/Denver' } },
        ),
      ),
    ).toEqual([]);
    expect(
      offsets(
        run('Book the court at 18:00 Madrid time on 3 June 2026.', {
          name: 'book_court',
          args: { at: '2026-06-03T18:00:00Z', tz: 'Europe/Madrid' },
        }),
      ),
    ).toEqual([]);
  });

  it('a right conversion that reads like another asked clock written as UTC stays quiet', () => {
    const request = 'Move the release freeze on 10 June 2026 from 21:30 to 23:30 Amsterdam time.';
    expect(offsets(run(request, { name: 'update_freeze', args: { starts_at: '2026-06-10T21:30:00Z' } }))).toEqual([]);
  });
});

describe('wrong-clock-offset: an end time that reads like the start', () => {
  it('a call that converts the start rightly writes its end an hour on, not the start as UTC', () => {
    const request = 'Move my interpreter booking to Thursday 16 April 2026 at 14:00 London time, one hour as before.';
    const moved = (start: string, end: string) =>
      run(request, { name: 'reschedule_booking', args: { new_start_utc: start, new_end_utc: end } });
    expect(offsets(moved('2026-04-16T13:00:00Z', '2026-04-16T14:00:00Z'))).toEqual([]);
    expect(offsets(moved('2026-04-16T14:00:00Z', '2026-04-16T15:00:00Z'))).toHaveLength(1);
  });
});
