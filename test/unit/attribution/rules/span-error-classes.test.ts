import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

const tableCall = { restaurant: 'Casa Verde', date: '2026-12-04', party_size: 6 };

function allocationTrace(failure: Pick<SpanDraft, 'status' | 'httpStatus'>) {
  return buildTrace([
    agentSpan('root', 'Book a table for 6 at Casa Verde on 2026-12-04.', 'Sorry, the booking failed.'),
    toolSpan('allocate', 'allocate_table', tableCall, null, { id: 'allocate', name: 'x', ...failure }),
  ]);
}

describe('span errors: which layer an error names', () => {
  it('restaurant reservations: a named exception in the service code is the tool, though "Capacity" appears', () => {
    const report = attributeRootCause(
      allocationTrace({
        status: { code: 'error', message: 'NullReferenceException at SlotAllocator.ResolveCapacityRule' },
        httpStatus: 500,
      }),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'allocate', layer: 'tool' });
  });

  // ServiceUnavailableError fails: codeFaultPattern skips it (Unavailable), but infrastructurePattern only
  // knows "service unavailable" with a space, so it falls through to `tool` (tool-error); see the report.
  // UnauthorizedError was infrastructure before codeFaultPattern (whose lookahead excludes "Auth" case-sensitively);
  // the others never matched infrastructurePattern, which wants spaces ("too many requests"); see the report.
  it.each([
    'ConnectionTimeoutError',
    'ServiceUnavailableError',
    'UnauthorizedError: jwt expired',
    'TooManyRequestsError',
    'UnknownHostException: api.seatplan.io',
    'SSLHandshakeException: PKIX path building failed',
  ])('an exception named %s, with no HTTP status, stays infrastructure', (name) => {
    const report = attributeRootCause(allocationTrace({ status: { code: 'error', message: name }, httpStatus: null }));
    expect(report.rootCause).toMatchObject({
      spanId: 'allocate',
      layer: 'infrastructure',
      rule: 'infrastructure-error',
    });
  });

  it('cloud billing: a parse error about a field named quota_gb is not a quota failure', () => {
    const trace = buildTrace([
      agentSpan('root', 'What storage quota does cloud account CA-3310 have?', 'I could not read the quota.'),
      toolSpan(
        'quota',
        'get_storage_plan',
        { account_id: 'CA-3310' },
        { error: 'failed to parse response: quota_gb is not a number' },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'quota', layer: 'tool' });
  });

  it('a quota failure named as such is still infrastructure', () => {
    const trace = buildTrace([
      agentSpan('root', 'What storage quota does cloud account CA-3310 have?', 'I could not read the quota.'),
      toolSpan('quota', 'get_storage_plan', { account_id: 'CA-3310' }, { error: 'daily API quota exceeded' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'quota', layer: 'infrastructure' });
  });
});

function leaveTrace(message: string) {
  const call = { employee_id: 'E-4410', leave_type: 'sabbatical', days: 20 };
  return buildTrace([
    agentSpan('root', 'Request 20 days of sabbatical leave for employee E-4410.', 'The request was rejected.'),
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('create_leave_request', call)])],
    },
    toolSpan('create', 'create_leave_request', call, null, {
      id: 'create',
      name: 'x',
      status: { code: 'error', message },
      httpStatus: 422,
    }),
  ]);
}

describe('span-error: the evidence of a refusal', () => {
  it('HR leave: a refusal that quotes an argument value names that argument', () => {
    const report = attributeRootCause(leaveTrace("leave_type 'sabbatical' is not one of: annual, sick, parental"));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'rejected-arguments' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      spanId: 'create',
      field: 'args.leave_type',
      actual: 'sabbatical',
    });
  });

  it('a refusal that quotes no argument names the arguments as a whole', () => {
    const report = attributeRootCause(leaveTrace('request body failed validation'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'rejected-arguments' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ spanId: 'create', field: 'args' });
  });

  it('a runtime error inside the service in a 200 body is the tool, though it says "out of range"', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Reserve the 10:00 collect slot for order FM-2093.', 'The slot is booked.'),
        toolSpan(
          'reserve',
          'reserve_collect_slot',
          { order_id: 'FM-2093', slot_id: '0412-1000' },
          {
            ok: false,
            error: { code: 'INTERNAL', message: 'slot allocator: runtime error: index out of range [3] with length 3' },
          },
        ),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'reserve', layer: 'tool' });
  });

  it('a quantity out of range is still the arguments', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Reserve 400 seats for order FM-2093.', 'Failed.'),
        toolSpan(
          'reserve',
          'reserve_seats',
          { order_id: 'FM-2093', seats: 400 },
          { ok: false, error: 'seats out of range (1-50)' },
        ),
      ]),
    );
    expect(report.rootCause?.layer).not.toBe('tool');
  });
});
