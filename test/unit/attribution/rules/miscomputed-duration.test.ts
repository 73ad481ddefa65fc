import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function shiftTrace(args: Record<string, string | number>, result: JsonValue) {
  return buildTrace([
    agentSpan('root', 'How long did the outage on line L-4 last?', 'It lasted 6 hours.'),
    toolSpan('calc', 'calc_downtime', args, result),
  ]);
}

describe('miscomputed-duration: a tool that gets end minus start wrong', () => {
  const window = { started_at: '2026-03-02T08:00:00Z', ended_at: '2026-03-02T17:30:00Z' };

  it('a duration other than the span between its own start and end is the tool', () => {
    const report = attributeRootCause(shiftTrace(window, { line: 'L-4', elapsed_hours: 6 }));
    expect(report.rootCause).toMatchObject({ spanId: 'calc', layer: 'tool', rule: 'miscomputed-duration' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '9.5', actual: '6' });
  });

  it('the right duration, in minutes too, is no finding', () => {
    const results: JsonValue[] = [{ elapsed_hours: 9.5 }, { duration_minutes: 570 }];
    for (const result of results) {
      const report = attributeRootCause(shiftTrace(window, result));
      expect(report.findings.filter((finding) => finding.rule === 'miscomputed-duration')).toEqual([]);
    }
  });

  it('a duration with breaks passed in is not judged', () => {
    const report = attributeRootCause(shiftTrace({ ...window, breaks: 2 }, { elapsed_hours: 7.5 }));
    expect(report.findings.filter((finding) => finding.rule === 'miscomputed-duration')).toEqual([]);
  });
});
