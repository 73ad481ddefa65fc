import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** A tool span whose arguments hold a list of recipients (toolSpan takes flat arguments only). */
function batchSpan(id: string, name: string, args: JsonValue, result: JsonValue): SpanDraft {
  return {
    id,
    name: `execute_tool ${name}`,
    role: 'tool',
    parentId: 'root',
    tool: { name, callId: null, arguments: args, result },
  };
}

const lessonRequest = 'Tell the parents of the Tuesday Dolphins swimming group that the 17:00 lesson moves to pool 2.';
const claimedAnswer = 'All three Dolphins parents were told about the move to pool 2.';
const roster = {
  group: 'Tuesday Dolphins',
  parents: [
    { child: 'Amira', email: 'hana.saleh@brightmail.org' },
    { child: 'Leo', email: 'tom.brandt@fjordpost.no' },
    { child: 'Ines', email: 'carla.ruiz@brightmail.org' },
  ],
};
const recipients = ['hana.saleh@brightmail.org', 'tom.brandt@fjordpost.no', 'carla.ruiz@brightmail.org'];

function lessonTrace(sendResult: JsonValue) {
  return buildTrace([
    agentSpan('root', lessonRequest, claimedAnswer),
    toolSpan('roster', 'get_group_roster', { group: 'Tuesday Dolphins' }, roster),
    batchSpan('notify', 'send_notice', { to: recipients, subject: 'Dolphins lesson moves to pool 2' }, sendResult),
  ]);
}

describe('span errors: partial failures', () => {
  it('swimming lessons: a bounced parent address copied from the roster is upstream data at the roster', () => {
    const report = attributeRootCause(
      lessonTrace({
        sent: 2,
        bounced: ['tom.brandt@fjordpost.no'],
        bounce_reason: '550 5.1.2 tom.brandt@fjordpost.no: domain fjordpost.no does not accept mail',
      }),
    );
    expect(report.verdict).toBe('failed');
    expect(report.rootCause).toMatchObject({ spanId: 'roster', layer: 'upstream-data', rule: 'rejected-record-value' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: 'tom.brandt@fjordpost.no' });
  });

  it('printer fleets: a failed list with a failure_reason is an error of that span, with the reason as evidence', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Push firmware 4.2 to the printers PR-0417 and PR-0418 on floor 3.',
        'Firmware 4.2 is on both printers.',
      ),
      batchSpan(
        'push',
        'push_firmware',
        { printers: ['PR-0417', 'PR-0418'], version: '4.2' },
        {
          updated: ['PR-0418'],
          failed: ['PR-0417'],
          failure_reason: 'PR-0417 did not answer: the device is powered off',
        },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.verdict).toBe('failed');
    expect(report.rootCause).toMatchObject({ spanId: 'push' });
    expect(report.rootCause?.evidence[0]?.actual).toBe('PR-0417 did not answer: the device is powered off');
  });

  it('an empty bounced list beside a reason field is no error', () => {
    const report = attributeRootCause(lessonTrace({ sent: 3, bounced: [], bounce_reason: 'none' }));
    expect(report.verdict).toBe('ok');
    expect(report.rootCause).toBeNull();
    expect(report.findings.filter((finding) => finding.rule === 'rejected-record-value')).toEqual([]);
  });
  it('a bounced address the user typed, not copied from a record, is not blamed on the roster', () => {
    const request = 'Send the Dolphins lesson notice to tom.brandt@fjordpost.no as well as the roster.';
    const trace = buildTrace([
      agentSpan('root', request, claimedAnswer),
      toolSpan('roster', 'get_group_roster', { group: 'Tuesday Dolphins' }, { group: 'Tuesday Dolphins', parents: [] }),
      batchSpan(
        'notify',
        'send_notice',
        { to: ['tom.brandt@fjordpost.no'], subject: 'Dolphins lesson moves to pool 2' },
        {
          sent: 0,
          bounced: ['tom.brandt@fjordpost.no'],
          bounce_reason: '550 5.1.2 domain fjordpost.no does not accept mail',
        },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.verdict).toBe('failed');
    expect(report.findings.filter((finding) => finding.rule === 'rejected-record-value')).toEqual([]);
    expect(report.rootCause?.spanId).not.toBe('roster');
  });
});
