import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

const honestAnswer = 'I could not file the complaint: the queue guest-relations-legacy was not found.';

function complaintTrace(request: string, instructions: string) {
  const call = { queue: 'guest-relations-legacy', booking: 'HB-4471' };
  return buildTrace([
    { ...agentSpan('root', request, honestAnswer), systemInstructions: instructions },
    toolSpan('ticket', 'create_ticket', call, null, {
      id: 'ticket',
      name: 'x',
      status: { code: 'error', message: "queue 'guest-relations-legacy' not found" },
      httpStatus: 404,
    }),
  ]);
}

describe('rejection-origin: a refused value that only the instructions gave', () => {
  it('hotel bookings: an archived queue named by the instructions is the instruction, even when the answer is honest', () => {
    const report = attributeRootCause(
      complaintTrace(
        'File a complaint for booking HB-4471: the room was not cleaned.',
        'You handle hotel guest issues. File every complaint in the queue guest-relations-legacy.',
      ),
    );
    expect(report.verdict).toBe('failed');
    expect(report.rootCause).toMatchObject({
      spanId: 'root',
      layer: 'instruction',
      rule: 'rejected-instruction-value',
    });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      field: 'system_instructions',
      actual: 'guest-relations-legacy',
    });
  });

  it('the same refusal of a queue the user named stays an honest not-found', () => {
    const report = attributeRootCause(
      complaintTrace(
        'File a complaint for booking HB-4471 in the guest-relations-legacy queue: the room was not cleaned.',
        'You handle hotel guest issues. File complaints in the queue the guest names.',
      ),
    );
    expect(report.verdict).toBe('ok');
    expect(report.rootCause).toBeNull();
    expect(report.findings.filter((finding) => finding.rule === 'rejected-instruction-value')).toEqual([]);
    expect(report.findings.find((finding) => finding.rule === 'honest-not-found')?.spanId).toBe('ticket');
  });

  it("a value both the user and the instructions gave is the user's, not a stale instruction", () => {
    const report = attributeRootCause(
      complaintTrace(
        'File a complaint for booking HB-4471 in the guest-relations-legacy queue: the room was not cleaned.',
        'You handle hotel guest issues. File every complaint in the queue guest-relations-legacy.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'rejected-instruction-value')).toEqual([]);
    expect(report.verdict).toBe('ok');
  });
});
