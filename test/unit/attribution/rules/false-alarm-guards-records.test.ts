import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** A request, records read, and an answer; `instructions` on the root when given. */
function answeredRun(
  request: string,
  records: { [key: string]: JsonValue }[],
  answer: string,
  instructions?: string,
  extra: SpanDraft[] = [],
) {
  const root = agentSpan('root', request, answer);
  return attributeRootCause(
    buildTrace([
      instructions === undefined ? root : { ...root, systemInstructions: instructions },
      ...records.map((record, index) => toolSpan(`read-${index}`, `get_record_${index}`, { ref: 'VH-0311' }, record)),
      ...extra,
    ]),
  );
}

describe('healthy runs that must stay quiet: how records are read', () => {
  const booking = {
    booking_ref: 'VH-0311',
    charges: [
      { item: 'Nave hire (3 h)', gbp: 285 },
      { item: 'Organ fee', gbp: 90 },
      { item: 'Charity discount 25% on nave', gbp: -71.25 },
    ],
    total_gbp: 303.75,
  };

  it('"nave £285.00 + organ £90.00, less the 25% charity discount of £71.25" swaps nothing and flips no sign', () => {
    const report = answeredRun(
      'What do we owe for the recital, booking VH-0311?',
      [booking],
      'Your recital comes to £303.75 (nave £285.00 + organ £90.00, less the 25% charity discount of £71.25).',
    );
    expect(report.verdict).not.toBe('failed');
  });

  it('a total that counts an empty list beside it is that list, not the sum of another field', () => {
    const report = answeredRun(
      'Find a halal, en-suite homestay within 30 minutes of Headingley campus.',
      [{ hosts: [], total: 0, nearest_relaxed: { max_travel_min: 45, matches: 1 } }],
      'Sorry, there is no host within 30 minutes; relaxing to 45 minutes would give one match.',
    );
    expect(report.verdict).not.toBe('failed');
  });

  it('an instruction figure ("up to 150 servings") is rivalled neither by a window of clock times nor by a registration', () => {
    const request = 'Could we have the van at the cricket club on Sunday 26 July from half two until five?';
    const answer = 'You are booked from 14:30 to 17:00, serving up to 150 on our Standard package.';
    const availability = {
      date: '2026-07-26',
      window: '14:30-17:00',
      vans_free: [{ van: 'Primrose', reg: 'OU68 KXB' }],
    };
    const report = attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', request, answer),
          systemInstructions: 'Standard package: 1 van, up to 150 servings, up to 3 hours on site, £495.00 ex VAT.',
        },
        toolSpan('check', 'check_van_availability', { date: '2026-07-26' }, availability),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'instruction-conflict')).toEqual([]);
  });

  it('"still with the M30T" names the aircraft by its model; it drops no qualifier of `M30T-01`', () => {
    const report = answeredRun(
      'Forecast for Tuesday at Harlow Mill looks wet all morning. Can you move booking FAS-0052 to Thursday 12 February?',
      [{ booking: 'FAS-0052', date: '2026-02-12', aircraft: 'M30T-01', status: 'confirmed' }],
      'Done: FAS-0052 has moved to Thursday 12 February, still with Leah Fenwick and the M30T.',
    );
    expect(report.verdict).not.toBe('failed');
  });
});

describe('healthy runs that must stay quiet: working shown in prose', () => {
  it('"the extra 1,500 litres … (15 x £6.50 = £97.50)" works from the record; 15 is no slip of 1,500', () => {
    const report = answeredRun(
      'Why is my quote for emptying the tank more than £265?',
      [{ tank_l: 5500, extra_l: 1500, extra_per_100l_gbp: 6.5, total_gbp: 412.5 }],
      'The extra 1,500 litres is charged at £6.50 per 100 litres (15 x £6.50 = £97.50). £265 + £97.50 + £50 = £412.50.',
    );
    expect(report.verdict).not.toBe('failed');
  });
});
