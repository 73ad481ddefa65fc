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
