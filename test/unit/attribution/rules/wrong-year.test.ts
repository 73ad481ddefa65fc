import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { yearlessDates } from '../../../../src/attribution/values/written-dates.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

function booked(request: string, instructions: string, date: string) {
  const drafts: SpanDraft[] = [
    { ...agentSpan('root', request, `Booked for ${date}.`), systemInstructions: instructions },
    {
      id: 'model',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('book_crane', { site: 'SITE-WHARF', date })])],
    },
    toolSpan('book', 'book_crane', { site: 'SITE-WHARF', date }, { booking: 'CRH-778', date }),
  ];
  return attributeRootCause(buildTrace(drafts));
}

const wrongYears = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'wrong-year');

describe('yearlessDates', () => {
  it('reads days written without a year, with their weekday, and leaves dated ones out', () => {
    expect(yearlessDates('on Sunday 14 March, or March 21st; not 9 May 2026')).toEqual([
      { written: 'Sunday 14 March', month: 3, day: 14, weekday: 0 },
      { written: 'March 21st', month: 3, day: 21, weekday: null },
    ]);
  });
});

describe('wrong-year', () => {
  const request = 'Book the 60 t crane for Wharf Street on Sunday 14 March, 07:00 start.';

  it('a weekday that does not fall on the day in the year the call gives: the model that wrote it', () => {
    const report = booked(request, 'Current date: 2027-03-08 (Monday).', '2026-03-14');
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'tool-args', rule: 'wrong-year' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2027-03-14', actual: '2026-03-14' });
  });

  it('a day without a weekday put months before the run’s today', () => {
    const report = booked('Book the crane for Wharf Street on 14 March.', 'Today is 8 March 2027.', '2026-03-14');
    expect(report.rootCause).toMatchObject({ spanId: 'model', rule: 'wrong-year' });
  });

  it('the year that fits is fine', () => {
    expect(wrongYears(booked(request, 'Current date: 2027-03-08 (Monday).', '2027-03-14'))).toEqual([]);
    expect(wrongYears(booked('Book the crane on 14 March.', 'Today is 8 March 2027.', '2027-03-14'))).toEqual([]);
  });
});

describe('value-drift: the same day a year back', () => {
  it('a check-out dated a year before the one the availability call used is the second call’s slip', () => {
    const stay = { pet_id: 'P-3318', check_in: '2026-12-23', check_out: '2027-01-02' };
    const booking = { ...stay, check_out: '2026-01-02' };
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Book Biscuit (P-3318) in from 23 December to 2 January.'),
        {
          id: 'first',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('', [toolCall('check_availability', stay)])],
        },
        toolSpan('check', 'check_availability', stay, { available: true }),
        {
          id: 'second',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('', [toolCall('create_booking', booking)])],
        },
        toolSpan('create', 'create_booking', booking, null, {
          id: 'create',
          name: 'create_booking',
          status: { code: 'error', message: '422 Unprocessable Entity: check_out must be after check_in' },
        }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'second', layer: 'tool-args' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2027-01-02', actual: '2026-01-02' });
  });
});

describe('wrong-year: only a today the run states', () => {
  it('a span clock months after the day asked for does not make the year wrong', () => {
    const runDay = Date.UTC(2026, 10, 18, 9);
    const trace = buildTrace(
      [
        agentSpan('root', 'Quote a coach from Manchester to York on 12 June.', 'Quoted.'),
        toolSpan('quote', 'price_leg', { from: 'Manchester', to: 'York', date: '2026-06-12' }, { price_gbp: 685 }),
      ].map((draft, index) => ({ ...draft, startTime: runDay + index * 10, endTime: runDay + index * 10 + 5 })),
    );
    expect(wrongYears(attributeRootCause(trace))).toEqual([]);
  });
});
