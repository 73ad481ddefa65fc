import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** A list fetched with a date filter, then a call that acts on what came back. */
function listed(args: Record<string, JsonValue>, items: JsonValue[], acted: Record<string, JsonValue>) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', 'Withdraw every permit that lapses before 12 March 2026.', 'Done.'),
      toolSpan('list', 'list_permits', args, { permits: items }),
      toolSpan('act', 'withdraw_permits', acted, { withdrawn: true }),
    ]),
  );
}

const permits = [
  { permit: 'PM-101', lapses_on: '2026-03-09' },
  { permit: 'PM-102', lapses_on: '2026-05-01' },
  { permit: 'PM-103', lapses_on: '2026-03-11' },
];

describe('ignored-filter', () => {
  it('records past a `lapses_before` bound, acted on, are the tool ignoring its filter', () => {
    const report = listed({ lapses_before: '2026-03-12' }, permits, { permits: ['PM-101', 'PM-102', 'PM-103'] });
    expect(report.rootCause).toMatchObject({ spanId: 'list', layer: 'tool', rule: 'ignored-filter' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: 'lapses_on 2026-05-01' });
  });

  it('a season given as from and to, answered with last season, counted in a later call', () => {
    const visits = [
      { visit: 'V-1', date: '2024-12-04' },
      { visit: 'V-2', date: '2025-12-02' },
    ];
    const report = listed({ from: '2025-11-01', to: '2026-04-15' }, visits, { visits: 2 });
    expect(report.rootCause).toMatchObject({ spanId: 'list', rule: 'ignored-filter' });
  });

  it('records within the bound, or strays the run left out, are no finding', () => {
    const within = listed({ lapses_before: '2026-03-12' }, [permits[0], permits[2]] as JsonValue[], {
      permits: ['PM-101', 'PM-103'],
    });
    expect(within.findings.filter((finding) => finding.rule === 'ignored-filter')).toEqual([]);
    const leftOut = listed({ lapses_before: '2026-03-12' }, permits, { permits: ['PM-101', 'PM-103'] });
    expect(leftOut.findings.filter((finding) => finding.rule === 'ignored-filter')).toEqual([]);
  });
});

describe('ignored-filter: dates that point past the window', () => {
  it('`next_available` of items not free in the window answers it; it is no stray', () => {
    const cranes = [
      { supplier: 'Northern', crane: 'CR-50A', available: false, next_available: '2026-03-30' },
      { supplier: 'Pennine', crane: 'CR-50B', available: false, next_available: '2026-04-06' },
    ];
    const report = listed({ from: '2026-03-17', to: '2026-03-19' }, cranes, { crane: 'CR-50A', hold: true });
    expect(report.findings.filter((finding) => finding.rule === 'ignored-filter')).toEqual([]);
  });
});

describe('ignored-filter: a list the result names as lying past the window', () => {
  it('`next_available: [...]` beside an empty `slots` is the tool pointing past the window, as asked', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Get me an appointment before 20 October.',
          'None before 20 October; the earliest is in the Lounge B hall.',
        ),
        toolSpan(
          'slots',
          'find_slots',
          { from: '2026-10-06', to: '2026-10-19' },
          {
            slots: [],
            next_available: [
              { start: '2026-10-23T10:15', hall: 'Lounge B' },
              { start: '2026-10-27T09:00', hall: 'Main hall' },
            ],
          },
        ),
      ]),
    );
    expect(report.findings.filter((finding) => finding.rule === 'ignored-filter')).toEqual([]);
  });
});
