import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

// Friday 12 June 2026, 14:00 UTC.
const friday = Date.parse('2026-06-12T14:00:00Z');

function silenced(request: string, args: Record<string, string | number>, earlier: JsonValue = { alerts: [] }) {
  const drafts: SpanDraft[] = [
    agentSpan('root', request, 'Done.'),
    toolSpan('list', 'list_alerts', { alertname: 'DiskSpaceLow' }, earlier),
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('create_silence', args)])],
    },
    toolSpan('tool', 'create_silence', args, { silenceID: 'b7e2', state: 'active' }),
  ];
  // The run happens on that Friday afternoon.
  return attributeRootCause(
    buildTrace(
      drafts.map((draft, index) => ({ ...draft, startTime: friday + index * 10, endTime: friday + index * 10 + 5 })),
    ),
  );
}

const slips = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'wrong-weekday');

describe('wrong-weekday', () => {
  const request = 'Silence DiskSpaceLow on db-03 until Monday 09:00 UTC.';

  it('a date the day after the named weekday is tool-args at the span that wrote the call', () => {
    const report = silenced(request, { startsAt: '2026-06-12T14:05:00Z', endsAt: '2026-06-16T09:00:00Z' });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'wrong-weekday' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: '2026-06-15 (Monday)',
      actual: '2026-06-16 (Tuesday)',
    });
  });

  it('the right Monday, a date an earlier result supplied, or a weekday with its date are not slips', () => {
    expect(slips(silenced(request, { endsAt: '2026-06-15T09:00:00Z' }))).toEqual([]);
    expect(slips(silenced(request, { endsAt: '2026-06-16T09:00:00Z' }, { next_window: '2026-06-16' }))).toEqual([]);
    expect(slips(silenced('Silence DiskSpaceLow until Monday 16 June.', { endsAt: '2026-06-16T09:00:00Z' }))).toEqual(
      [],
    );
    expect(slips(silenced('Silence DiskSpaceLow on Mondays.', { endsAt: '2026-06-16T09:00:00Z' }))).toEqual([]);
    expect(slips(silenced('Silence DiskSpaceLow until after Monday.', { endsAt: '2026-06-16T09:00:00Z' }))).toEqual([]);
    // "last Monday (15 June)" dates the weekday in brackets.
    expect(
      slips(silenced('Silence DiskSpaceLow from last Monday (15 June 2026).', { endsAt: '2026-06-16T09:00:00Z' })),
    ).toEqual([]);
    // "a Monday" or "any Monday" is any one of them, not one day.
    expect(
      slips(silenced('Silence DiskSpaceLow for a Monday morning in June.', { endsAt: '2026-06-16T09:00:00Z' })),
    ).toEqual([]);
  });
});

describe('wrong-weekday: a request that writes the new date itself', () => {
  it('"the engineer is off on Monday, move it from Mon 15 Jun to Tue 16 Jun" is no slip from Monday', () => {
    const moved = (request: string) =>
      slips(silenced(request, { startsAt: '2026-06-12T14:05:00Z', endsAt: '2026-06-16T09:00:00Z' }));
    expect(
      moved('The on-call engineer is off on Monday, so keep DiskSpaceLow silenced until Tue 16 Jun 09:00 UTC.'),
    ).toEqual([]);
    expect(moved('The on-call engineer is off on Monday, so keep DiskSpaceLow silenced until then.')).toHaveLength(1);
  });
});

describe('wrong-weekday: a run that keeps a calendar of its own', () => {
  it('instructions whose today has another weekday than the calendar gives it check no weekday', () => {
    const request = 'Silence DiskSpaceLow on db-03 until Monday 09:00 UTC.';
    const args = { startsAt: '2026-06-12T14:05:00Z', endsAt: '2026-06-16T09:00:00Z' };
    const withToday = (today: string) =>
      attributeRootCause(
        buildTrace(
          [
            { ...agentSpan('root', request, 'Done.'), systemInstructions: `You manage alerts. Today is ${today}.` },
            toolSpan('tool', 'create_silence', args, { silenceID: 'b7e2', state: 'active' }),
          ].map((draft, index) => ({ ...draft, startTime: friday + index * 10, endTime: friday + index * 10 + 5 })),
        ),
      );
    // 12 June 2026 is a Friday: the run's calendar is the real one, and Tuesday 16 June is no Monday.
    expect(slips(withToday('Friday 12 June 2026'))).toHaveLength(1);
    expect(slips(withToday('Thursday 12 June 2026'))).toEqual([]);
  });
});
