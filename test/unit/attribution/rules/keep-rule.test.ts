import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

function plannedRun(request: string, plan: string[]) {
  return buildTrace([
    agentSpan('root', request, 'Your broadband plan is now Basic.'),
    { id: 'plan', parentId: 'root', name: 'agent.plan', role: 'plan', plan },
    toolSpan('downgrade', 'downgrade_plan', { account: 'BB-3310', tier: 'basic' }, { tier: 'basic' }),
    toolSpan('cancel', 'cancel_addons', { account: 'BB-3310' }, { cancelled: ['storage'] }),
  ]);
}

function forbiddenActionFindings(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'forbidden-action');
}

describe('forbidden-action: "keep the X"', () => {
  it('utilities: a plan step that cancels the add-on the user said to keep is a plan fault', () => {
    const report = attributeRootCause(
      plannedRun('Downgrade broadband account BB-3310 to Basic but keep the storage add-on.', [
        'downgrade_plan(tier=basic)',
        'cancel_addons(account=BB-3310)',
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'plan', layer: 'plan', rule: 'forbidden-action' });
  });

  it('a plan written as JSON in a model output is blamed at that model span', () => {
    const trace = buildTrace([
      agentSpan('root', 'Downgrade broadband account BB-3310 to Basic but keep the storage add-on.', 'Done.'),
      {
        id: 'planner',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('{"steps": ["downgrade_plan(tier=basic)", "cancel_addons(account=BB-3310)"]}')],
      },
      toolSpan('cancel', 'cancel_addons', { account: 'BB-3310' }, { cancelled: ['storage'] }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'planner',
      layer: 'plan',
      rule: 'forbidden-action',
    });
  });

  it('"keep me posted" rules out nothing the plan cancels', () => {
    expect(
      forbiddenActionFindings(
        plannedRun('Downgrade broadband account BB-3310 to Basic and cancel the add-ons. Keep me posted.', [
          'downgrade_plan(tier=basic)',
          'cancel_addons(account=BB-3310)',
        ]),
      ),
    ).toEqual([]);
  });

  it('keeping one thing does not rule out cancelling another', () => {
    expect(
      forbiddenActionFindings(
        plannedRun('Downgrade broadband account BB-3310 to Basic, cancel the TV bundle, but keep the static IP.', [
          'downgrade_plan(tier=basic)',
          'cancel_tv_bundle(account=BB-3310)',
        ]),
      ),
    ).toEqual([]);
  });
});
