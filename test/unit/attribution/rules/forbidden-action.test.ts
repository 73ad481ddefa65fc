import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

const request = 'Do a dry run of the November payroll for Lisbon and send me the totals. Don’t submit anything yet.';

describe('forbidden-action', () => {
  it('payroll: a plan written as model text that submits after "don’t submit" is a plan fault at that span', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'Dry run for Lisbon: net EUR 812,430.55.'),
      {
        id: 'planner',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [
          assistant(
            'Plan:\n1. compute_payroll(office=LIS, dry_run=true)\n2. submit_payroll(office=LIS)\n3. Reply with totals.',
          ),
        ],
      },
      {
        id: 'caller',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('submit_payroll', { office: 'LIS' })])],
      },
      toolSpan('submit', 'submit_payroll', { office: 'LIS' }, { batch_id: 'PB-11', status: 'submitted' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'planner', layer: 'plan', rule: 'forbidden-action' });
    expect(report.rootCause?.summary).toContain('submit_payroll carried it out');
  });

  it('a run that keeps to the dry run is fine, and "don’t know" forbids nothing', () => {
    const trace = buildTrace([
      agentSpan('root', request, 'Dry run for Lisbon: net EUR 812,430.55. I don’t know the December figures yet.'),
      toolSpan('compute', 'compute_payroll', { office: 'LIS', mode: 'dry-run' }, { net_total_eur: 812430.55 }),
    ]);
    expect(attributeRootCause(trace).findings.filter((finding) => finding.rule === 'forbidden-action')).toEqual([]);
  });
});

describe('forbidden-action: the booking left to the requester', () => {
  const quoted = (request: string) =>
    attributeRootCause(
      buildTrace(
        [
          { id: '0', name: 'user.request', role: 'agent', userRequest: request },
          { id: '1', name: 'agent.plan', role: 'plan', plan: ['get_price_list', 'book_bench_slot', 'take_deposit'] },
          toolSpan('2', 'get_price_list', {}, { price: 95 }),
          toolSpan('3', 'book_bench_slot', { customer: 'C-1' }, { booking_id: 'BK-1' }),
          toolSpan('4', 'take_deposit', { booking_id: 'BK-1' }, { charged: true }),
        ],
        { withTimes: false },
      ),
    ).findings.filter((finding) => finding.rule === 'forbidden-action');

  it('"Just a quote for now, I will book once I know my shifts" rules the booking out', () => {
    expect(
      quoted('How much for a bone nut and a setup? Just a quote for now please, I will book once I know my shifts.'),
    ).toHaveLength(1);
  });

  it('"I will book once …" in a request that asks for the booking rules nothing out', () => {
    expect(quoted('Book the earliest slot for a bone nut; I will book the setup once I know my shifts.')).toEqual([]);
  });
});

describe('forbidden-action: a call that only reads', () => {
  it('`get_event_pricing` after "Don\'t book anything yet" books nothing, though "event" is a booking word', () => {
    const request = "What would the York Walls hunt cost for four of us? Don't book anything yet.";
    const run = (call: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', request, 'It is £86.50 for four.'),
          {
            id: 'caller',
            parentId: 'root',
            name: 'chat',
            role: 'llm',
            outputMessages: [assistant('', [toolCall(call, { players: 4 })])],
          },
          toolSpan('call', call, { players: 4 }, { total_gbp: 86.5 }),
        ]),
      ).findings.filter((finding) => finding.rule === 'forbidden-action');
    expect(run('get_event_pricing')).toEqual([]);
    expect(run('book_event')).toHaveLength(1);
  });
});
