import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

describe('span-error', () => {
  it('a 429 from the model provider is infrastructure at the model span', () => {
    const trace = buildTrace([
      agentSpan('root', 'Summarise the incident channel.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat gpt-4o',
        role: 'llm',
        status: { code: 'error', message: 'Rate limit reached for requests' },
        httpStatus: 429,
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'infrastructure',
      rule: 'infrastructure-error',
    });
  });

  it('a 500 on arguments that all have a source is the tool itself', () => {
    const trace = buildTrace([
      agentSpan('root', 'Where is shipment SHP-88213?', 'Sorry, tracking failed.'),
      toolSpan('tool', 'track_shipment', { shipment: 'SHP-88213' }, null, {
        id: 'tool',
        name: 'x',
        status: { code: 'error', message: 'NullPointerException in CarrierAdapter' },
        httpStatus: 500,
      }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'tool', layer: 'tool' });
  });

  it('an internal error in a 200 body is the tool failing, even when its words say "does not exist"', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'What is the status of build 7781?',
        'I could not get the status of build 7781: the build service reported an internal error.',
      ),
      toolSpan(
        'tool',
        'get_build_status',
        { build_id: '7781' },
        { error: 'internal error: relation "builds_v2" does not exist', build_id: '7781' },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.verdict).toBe('failed');
    expect(report.rootCause).toMatchObject({ spanId: 'tool', layer: 'tool' });
  });

  it('a 422 is tool-args at the model span that wrote the call', () => {
    const trace = buildTrace([
      agentSpan('root', 'Create a user account for Dana.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('create_user', { name: 'Dana', role: 'superuser' })])],
      },
      toolSpan('tool', 'create_user', { name: 'Dana', role: 'superuser' }, null, {
        id: 'tool',
        name: 'x',
        status: { code: 'error', message: 'role must be one of admin, member' },
        httpStatus: 422,
      }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'tool-args',
      rule: 'rejected-arguments',
    });
  });

  it('an error hidden in a 200 body counts', () => {
    const trace = buildTrace([
      agentSpan('root', 'Restart the checkout pods.'),
      toolSpan(
        'tool',
        'restart_deployment',
        { deployment: 'checkout' },
        { ok: false, error: 'upstream connect error: connection refused' },
        { id: 'tool', name: 'x', httpStatus: 200 },
      ),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'tool', layer: 'infrastructure' });
  });

  it('a failure that a retry fixed does not fail the run', () => {
    const trace = buildTrace([
      agentSpan('root', 'Get the weather in Oslo.', 'It is 4 °C in Oslo.'),
      toolSpan('first', 'get_weather', { city: 'Oslo' }, null, {
        id: 'first',
        name: 'x',
        status: { code: 'error', message: '503 Service Unavailable' },
        httpStatus: 503,
      }),
      toolSpan('retry', 'get_weather', { city: 'Oslo' }, { temperature_c: 4 }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.verdict).toBe('ok');
    expect(report.findings.find((finding) => finding.rule === 'recovered-error')?.spanId).toBe('first');
  });

  it('an honest not-found answer is not a failure', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'What is the status of order 99120?',
        "I couldn't find order 99120. Could you check the number?",
      ),
      toolSpan('tool', 'get_order', { order_id: '99120' }, null, {
        id: 'tool',
        name: 'x',
        status: { code: 'error', message: 'order not found' },
        httpStatus: 404,
      }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toBeNull();
    expect(report.findings.find((finding) => finding.rule === 'honest-not-found')?.severity).toBe('info');
  });

  it('blames the deepest failing span, not the parents that failed because of it', () => {
    const trace = buildTrace([
      agentSpan('root', 'List open invoices.'),
      {
        ...toolSpan('tool', 'list_invoices', { state: 'open' }, null),
        status: { code: 'error', message: 'dependency failed' },
      },
      {
        id: 'http',
        parentId: 'tool',
        name: 'GET /invoices',
        role: 'http',
        status: { code: 'error', message: 'connect ETIMEDOUT' },
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'http', layer: 'infrastructure' });
  });

  it('a limit the instructions state and the service contradicts is the instruction layer', () => {
    const call = { destination: 'Lisbon', travellers: 9 };
    const trace = buildTrace([
      {
        ...agentSpan('root', 'Book the team offsite trip to Lisbon for 9 travellers.', 'The booking failed.'),
        systemInstructions: 'You book group travel. A group booking may include up to 12 travellers.',
      },
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('book_group', call)])],
      },
      toolSpan('tool', 'book_group', call, null, {
        id: 'tool',
        name: 'x',
        status: { code: 'error', message: 'group size exceeds the maximum of 8 travellers' },
        httpStatus: 422,
      }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-limit' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: 'exceeds the maximum of 8 travellers',
      actual: 'up to 12 travellers',
    });
  });

  it('a value the service rejects that came from an earlier record is upstream data at that record', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Send supplier S-2291 the signed purchase order PO-7781.',
        'I could not send PO-7781: the message to the supplier bounced.',
      ),
      toolSpan(
        'lookup',
        'get_supplier',
        { supplier_id: 'S-2291' },
        { name: 'Acme Tools', email: 'orders@acme-tols.com' },
      ),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('send_email', { to: 'orders@acme-tols.com', document: 'PO-7781' })])],
      },
      toolSpan(
        'send',
        'send_email',
        { to: 'orders@acme-tols.com', document: 'PO-7781' },
        { status: 'bounced', reason: '550 5.1.2 host acme-tols.com not found' },
      ),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'lookup', layer: 'upstream-data', rule: 'rejected-record-value' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'result.email', actual: 'orders@acme-tols.com' });
  });

  it('a refusal about how many the call asked for is not blamed on the record whose date it names', () => {
    const booked = (drivers: number) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Book one driver place on the footplate day for my dad on Saturday 18 April 2026.'),
          toolSpan('check', 'check_availability', { day: 'sat' }, { date: '2026-04-18', driver_places_left: 1 }),
          toolSpan('book', 'create_booking', { date: '2026-04-18', drivers }, null, {
            id: 'book',
            name: 'x',
            status: {
              code: 'error',
              message: `409 Conflict: only 1 driver place left on 2026-04-18 (requested ${drivers})`,
            },
            httpStatus: 409,
          }),
        ]),
      ).findings.filter((finding) => finding.rule === 'rejected-record-value');
    expect(booked(2)).toEqual([]);
  });

  it('a rejected value the user gave is not blamed on a record that repeated it', () => {
    const call = { customer: 'C-88120', plan: 'gold-annual' };
    const trace = buildTrace([
      agentSpan('root', 'Move customer C-88120 to the gold-annual plan.'),
      toolSpan('lookup', 'get_customer', { customer: 'C-88120' }, { customer: 'C-88120', plan: 'silver' }),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('change_plan', call)])],
      },
      toolSpan('tool', 'change_plan', call, null, {
        id: 'tool',
        name: 'x',
        status: { code: 'error', message: 'customer C-88120: plan gold-annual is not allowed' },
        httpStatus: 422,
      }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'llm', rule: 'rejected-arguments' });
  });

  it('an SMTP code in an error message is not read as an HTTP status', () => {
    const trace = buildTrace([
      agentSpan('root', 'Email the invoice to billing@contoso.com.', 'The invoice was sent.'),
      toolSpan('send', 'send_email', { to: 'billing@contoso.com' }, null, {
        id: 'send',
        name: 'x',
        status: { code: 'error', message: '550 mailbox unavailable: quota exceeded for this sender' },
      }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause?.layer).toBe('infrastructure');
    expect(report.rootCause?.summary).not.toContain('HTTP 550');
  });
});

describe('span errors: a batch is no retry of its failed item', () => {
  const invoice = (id: string, customer: string) =>
    toolSpan(id, 'create_invoice', { customer_id: customer }, { ok: true });
  const failed = toolSpan('failed', 'create_invoice', { customer_id: 'C-2' }, null, {
    id: 'failed',
    name: 'x',
    status: { code: 'error', message: '504 Gateway Timeout' },
    httpStatus: 504,
  });

  const batch = (...calls: SpanDraft[]) =>
    buildTrace([
      agentSpan('root', 'Raise the April invoices for our five liveries.', 'All five invoices are raised.'),
      ...calls,
    ]);

  it('one customer of five timed out, the next ones succeeded: the failure stands', () => {
    const trace = batch(invoice('one', 'C-1'), failed, invoice('three', 'C-3'), invoice('four', 'C-4'));
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'failed', layer: 'infrastructure' });
  });

  it('the same customer tried again, or one call with a corrected ID, recovers it', () => {
    const retried = batch(invoice('one', 'C-1'), failed, invoice('again', 'C-2'), invoice('three', 'C-3'));
    const recovered = (trace: ReturnType<typeof buildTrace>) =>
      attributeRootCause(trace).findings.find((finding) => finding.rule === 'recovered-error')?.spanId;
    expect(attributeRootCause(retried).verdict).not.toBe('failed');
    expect(recovered(retried)).toBe('failed');
    const corrected = buildTrace([
      agentSpan('root', 'Raise the invoice for our livery.', 'The invoice is raised.'),
      failed,
      invoice('fixed', 'C-20'),
    ]);
    expect(attributeRootCause(corrected).verdict).not.toBe('failed');
    expect(recovered(corrected)).toBe('failed');
  });
});
