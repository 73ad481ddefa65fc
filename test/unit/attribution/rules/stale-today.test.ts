import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** The run happened on 2026-11-25: every span starts that morning, 10 ms after the previous one. */
const runStart = Date.UTC(2026, 10, 25, 9, 0, 0);

function onRunDay(drafts: SpanDraft[]): SpanDraft[] {
  return drafts.map((draft, index) => ({
    ...draft,
    startTime: runStart + index * 10,
    endTime: runStart + index * 10 + 5,
  }));
}

function meterTrace(pinnedDay: string, usageArguments: Record<string, string>) {
  return buildTrace(
    onRunDay([
      {
        ...agentSpan('root', 'How much electricity did meter M-4410 use last week?', 'Meter M-4410 used 182 kWh.'),
        systemInstructions: `You answer utility billing questions. Today's date is ${pinnedDay}.`,
      },
      toolSpan('usage', 'get_meter_usage', usageArguments, { meter_id: 'M-4410', usage_kwh: 182 }),
    ]),
  );
}

function instructionConflicts(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'instruction-conflict');
}

describe('instruction-conflict: instructions that pin today to another day', () => {
  it('utilities: "today is 2026-10-25" in a run on 2026-11-25, and last week worked out from it', () => {
    const report = attributeRootCause(
      meterTrace('2026-10-25', { meter_id: 'M-4410', from: '2026-10-18', to: '2026-10-24' }),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-11-25', actual: '2026-10-25' });
  });

  it("instructions that pin the run's own day are right", () => {
    const trace = meterTrace('2026-11-25', { meter_id: 'M-4410', from: '2026-11-18', to: '2026-11-24' });
    expect(instructionConflicts(trace)).toEqual([]);
  });

  it('a stale pinned day that no call used a date from is not the cause', () => {
    const trace = meterTrace('2026-10-25', { meter_id: 'M-4410', from: '2026-11-18', to: '2026-11-24' });
    expect(instructionConflicts(trace)).toEqual([]);
  });
});
