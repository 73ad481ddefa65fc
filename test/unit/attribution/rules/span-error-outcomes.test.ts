import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function depositTrace(result: Record<string, string | number>) {
  return buildTrace([
    agentSpan('root', 'Charge the deposit for reservation RS-5520 to the card on file.', 'The deposit was charged.'),
    toolSpan('pay', 'charge_deposit', { reservation: 'RS-5520', amount: 120 }, result),
  ]);
}

function invoiceTrace(message: string) {
  return buildTrace([
    agentSpan('root', 'What does utility account UT-5512 owe this month?', 'I could not read the bill.'),
    toolSpan('bill', 'get_invoice_summary', { account_id: 'UT-5512' }, { error: message }),
  ]);
}

describe('span errors: failed outcomes and response errors', () => {
  it('hotel bookings: delivery_status "bounced" is a failure, explained by its smtp_response', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Email the booking confirmation for HB-4471 to mira.olsen@harbourmail.net.',
        'The confirmation was sent to mira.olsen@harbourmail.net.',
      ),
      toolSpan(
        'send',
        'send_confirmation',
        { booking: 'HB-4471', to: 'mira.olsen@harbourmail.net' },
        { message_id: 'MSG-1', delivery_status: 'bounced', smtp_response: '550 5.1.1 mailbox unavailable' },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.verdict).toBe('failed');
    expect(report.rootCause).toMatchObject({ spanId: 'send' });
    expect(report.rootCause?.evidence[0]?.actual).toBe('550 5.1.1 mailbox unavailable');
  });

  it('restaurant reservations: payment_state "declined" is a failure, explained by its decline_reason', () => {
    const report = attributeRootCause(
      depositTrace({ payment_id: 'PY-88', payment_state: 'declined', decline_reason: 'card expired in 2025' }),
    );
    expect(report.verdict).toBe('failed');
    expect(report.rootCause).toMatchObject({ spanId: 'pay' });
    expect(report.rootCause?.evidence[0]?.actual).toBe('card expired in 2025');
  });

  it('a successful payment_state, beside a key that only records an earlier decline, is no failure', () => {
    const report = attributeRootCause(
      depositTrace({ payment_id: 'PY-88', payment_state: 'captured', first_attempt: 'declined' }),
    );
    expect(report.verdict).toBe('ok');
    expect(report.rootCause).toBeNull();
  });

  it('utilities: a field missing from the service response is the tool, not its arguments', () => {
    const report = attributeRootCause(invoiceTrace("missing field 'total_due' in upstream response"));
    expect(report.rootCause).toMatchObject({ spanId: 'bill', layer: 'tool' });
  });

  it('a required field missing from the request is still the arguments', () => {
    const report = attributeRootCause(invoiceTrace("missing required field 'account_id' in request"));
    expect(report.rootCause).toMatchObject({ spanId: 'bill', layer: 'tool-args', rule: 'rejected-arguments' });
  });

  // Other wordings of the same parse error; see the report to the lead.
  it.each([
    "missing required field 'total_due' in response",
    "response is missing required field 'total_due'",
    'failed to parse response: missing field `total_due`',
    "missing field 'quota_gb' in upstream response",
  ])('a response parse error worded "%s" is the tool', (message) => {
    expect(attributeRootCause(invoiceTrace(message)).rootCause).toMatchObject({ spanId: 'bill', layer: 'tool' });
  });
});

describe('span errors: a verdict is not a failed call', () => {
  const suiteRequest = 'Run the checkout regression suite against staging and tell me how it went.';

  it('a test run that counts what passed and lists what failed worked: the failures are its findings', () => {
    const trace = buildTrace([
      agentSpan('root', suiteRequest, 'The suite ran: 40 passed, 2 failed (card_decline_retry, coupon_timeout).'),
      toolSpan(
        'suite',
        'run_test_suite',
        { suite: 'checkout-regression', env: 'staging' },
        { passed: 40, failed: 2, failures: ['card_decline_retry', 'coupon_timeout'] },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.findings.filter((finding) => finding.spanId === 'suite' && finding.severity === 'error')).toEqual([]);
  });

  it('a batch that lists failures without counting passes is still a partial failure', () => {
    const trace = buildTrace([
      agentSpan('root', 'Send the rota to the three volunteers.', 'The rota went to all three volunteers.'),
      toolSpan('send', 'send_rota', { group: 'volunteers' }, { sent: 2, failures: ['ana@rotamail.org'] }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.findings.some((finding) => finding.spanId === 'send' && finding.severity === 'error')).toBe(true);
  });
});

describe('span errors: a lookup of a record whose own state is failed', () => {
  const lookup = (result: Record<string, string | number>) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Why did pipeline 7730 fail last night?', 'Pipeline 7730 failed in unit-tests.'),
        toolSpan('pipeline', 'get_pipeline', { pipeline_id: 7730 }, result),
      ]),
    );

  it('the pipeline asked for, found with `status: failed`, is the record’s content, not a failed call', () => {
    const report = lookup({ pipeline_id: 7730, ref: 'main', status: 'failed', failed_job: 'unit-tests' });
    expect(report.verdict).toBe('ok');
    expect(report.findings.filter((finding) => finding.rule === 'tool-error')).toEqual([]);
  });

  it('a lookup whose result is not the record asked for, saying failed, is still a failed call', () => {
    const report = lookup({ status: 'failed', message: 'upstream store unavailable' });
    expect(report.findings.filter((finding) => finding.rule === 'tool-error')).toHaveLength(1);
  });
});

describe('span errors: a lookup of a record whose own state lists failures', () => {
  const failures = [{ index: 'products-v12', shard_id: 1, reason: 'node es-data-04 left the cluster during snapshot' }];
  const lookup = (result: { [key: string]: string | number | typeof failures }) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Restore products from the 2 March snapshot.',
          'The 2 March snapshot is PARTIAL; nothing restored.',
        ),
        toolSpan('snapshot', 'get_snapshot', { repository: 's3-nightly', snapshot: 'nightly-2025.03.02' }, result),
      ]),
    );

  it('the snapshot asked for, `state: PARTIAL` with its shard failures, is the record’s content', () => {
    const report = lookup({ snapshot: 'nightly-2025.03.02', state: 'PARTIAL', failures });
    expect(report.findings.filter((finding) => finding.rule === 'tool-error')).toEqual([]);
  });

  it('failures in a result that is not the record asked for are still a failed call', () => {
    const report = lookup({ snapshot: 'nightly-2025.03.01', state: 'PARTIAL', failures });
    expect(report.findings.filter((finding) => finding.rule === 'tool-error')).toHaveLength(1);
  });
});

describe('span errors: a count of errors that is zero', () => {
  it('`errors: 0` in a job record counts none; `errors: 2` with a message is an error', () => {
    const job = (result: Record<string, string | number>) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Did backfill job bf-7f31c2 finish?', 'Yes, 168 windows written.'),
          toolSpan('job', 'get_job', { job_id: 'bf-7f31c2' }, result),
        ]),
      ).findings.filter((finding) => finding.rule === 'tool-error');
    expect(job({ job_id: 'bf-7f31c2', state: 'completed', windows_written: 168, errors: 0 })).toEqual([]);
    expect(job({ job_id: 'bf-7f31c2', state: 'completed', error: 'disk full on node 3' })).toHaveLength(1);
  });
});
