import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

function forbiddenActions(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'forbidden-action');
}

function storageTrace(steps: string[]) {
  return buildTrace([
    agentSpan('root', "Find out why our storage bill went up this month, but don't change anything.", 'Usage grew.'),
    { id: 'plan', parentId: 'root', name: 'agent.plan', role: 'plan', plan: steps },
  ]);
}

function flightTrace(plannerText: string) {
  return buildTrace([
    agentSpan(
      'root',
      "Find me flights from Lisbon to Oslo on 2026-12-03, but don't book anything until I confirm.",
      'Here are three flights.',
    ),
    { id: 'planner', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(plannerText)] },
  ]);
}

describe('forbidden-action: changes and JSON plans', () => {
  it('cloud billing: "don\'t change anything" and a planned quota increase is the plan', () => {
    const report = attributeRootCause(storageTrace(['get_storage_usage', 'request_quota_increase', 'summarise']));
    expect(report.rootCause).toMatchObject({ spanId: 'plan', layer: 'plan', rule: 'forbidden-action' });
  });

  it('a plan that only reads and summarises changes nothing', () => {
    expect(forbiddenActions(storageTrace(['get_storage_usage', 'get_quota_usage', 'summarise']))).toEqual([]);
  });

  it('travel: a planner whose JSON steps book a flight after "don\'t book anything" is the plan', () => {
    const report = attributeRootCause(flightTrace('{"steps":[{"tool":"search_flights"},{"tool":"book_flight"}]}'));
    expect(report.rootCause).toMatchObject({ spanId: 'planner', layer: 'plan', rule: 'forbidden-action' });
  });

  it('JSON steps that only search are fine', () => {
    expect(forbiddenActions(flightTrace('{"steps":[{"tool":"search_flights"}]}'))).toEqual([]);
  });

  it('JSON that is not a list of steps is not a plan', () => {
    expect(forbiddenActions(flightTrace('{"note":"the user may later want book_flight"}'))).toEqual([]);
  });
});

describe('forbidden-action: "keep X on the current …"', () => {
  const request =
    'Move my broadband only to the Fibre 500 plan - keep my landline on the current plan. Account AC-7720.';

  function planTrace(result: Record<string, string | string[]>) {
    return buildTrace([
      agentSpan('root', request, 'Done.'),
      { id: 'plan', parentId: 'root', name: 'agent.plan', role: 'plan', plan: ['get_account', 'switch_plan(bundle)'] },
      toolSpan('get', 'get_account', { account: 'AC-7720' }, { account: 'AC-7720' }),
      toolSpan('switch', 'switch_plan', { account: 'AC-7720', plan: 'FIBRE500', scope: 'bundle' }, result),
    ]);
  }

  it('a switch whose result moved the kept landline too is the plan that decided it', () => {
    const report = attributeRootCause(planTrace({ switched: ['broadband', 'landline'], plan: 'FIBRE500' }));
    expect(report.rootCause).toMatchObject({ spanId: 'plan', layer: 'plan', rule: 'forbidden-action' });
  });

  it('a switch that left the landline alone is fine', () => {
    const report = attributeRootCause(planTrace({ switched: ['broadband'], plan: 'FIBRE500' }));
    expect(report.findings.filter((finding) => finding.rule === 'forbidden-action')).toEqual([]);
  });
});
