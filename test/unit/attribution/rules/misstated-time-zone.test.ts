import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

const utcInstructions =
  'You answer questions about ferry bookings. Departure times from get_sailing are in UTC: add 2 hours to give local time.';

function run(result: JsonValue, answer: string, instructions = utcInstructions) {
  return attributeRootCause(
    buildTrace([
      {
        ...agentSpan('root', 'When does my ferry on booking FB-7731 leave?', answer),
        systemInstructions: instructions,
      },
      toolSpan('lookup', 'get_sailing', { booking: 'FB-7731' }, result),
    ]),
  );
}

const ruleFindings = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'misstated-time-zone');

describe('misstated-time-zone', () => {
  it('instructions that call local times UTC, followed by the answer, are the root', () => {
    const report = run(
      { booking: 'FB-7731', departs: '14:05', departs_tz: 'Europe/Athens', port: 'Piraeus' },
      'Your ferry leaves Piraeus at 16:05.',
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'misstated-time-zone' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: expect.stringContaining('14:05'),
      actual: '16:05',
    });
  });

  it('reads the local zone from an offset in a date-time too', () => {
    const report = run({ booking: 'FB-7731', departs_at: '2026-08-03T14:05:00+03:00' }, 'It leaves at 4:05 pm.');
    expect(ruleFindings(report)).toHaveLength(1);
  });

  it('stays quiet when the tool does give UTC, when the answer kept the local time, or with no shift ordered', () => {
    expect(ruleFindings(run({ departs: '14:05', departs_tz: 'UTC' }, 'It leaves at 16:05.'))).toEqual([]);
    expect(ruleFindings(run({ departs: '14:05', departs_tz: 'Europe/Athens' }, 'It leaves at 14:05.'))).toEqual([]);
    expect(
      ruleFindings(
        run(
          { departs: '14:05', departs_tz: 'Europe/Athens' },
          'It leaves at 16:05.',
          'Departure times from get_sailing are in UTC.',
        ),
      ),
    ).toEqual([]);
  });
});
