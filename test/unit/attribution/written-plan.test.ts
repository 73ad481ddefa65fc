import { describe, expect, it } from 'vitest';
import { writtenPlanSteps } from '../../../src/attribution/analysis-context.js';
import { attributeRootCause } from '../../../src/attribution/index.js';
import { assistant, buildTrace, toolSpan, user } from './build-trace.js';

describe('writtenPlanSteps: a plan a model wrote out as numbered tool calls', () => {
  it('reads the numbered calls after the word "plan"', () => {
    expect(
      writtenPlanSteps('Plan:\n1. get_policy(policy=HX-4) to load it.\n2. cancel_policy(policy=HX-4).\nStarting now.'),
    ).toEqual(['get_policy(policy=HX-4) to load it.', 'cancel_policy(policy=HX-4).']);
  });

  it('a step that only reports back is left out; the calls are the plan', () => {
    expect(writtenPlanSteps('Plan:\n1. get_stock(unit=R3)\n2. log_loss(unit=R3)\n3. Confirm to the user.')).toEqual([
      'get_stock(unit=R3)',
      'log_loss(unit=R3)',
    ]);
    expect(writtenPlanSteps('{"steps":["fetch_config(pr=1)","validate_config(pr=1)","report"]}')).toEqual([
      'fetch_config(pr=1)',
      'validate_config(pr=1)',
    ]);
    // Prose that does work is still no plan of calls.
    expect(writtenPlanSteps('Plan:\n1. get_stock(unit=R3)\n2. log_loss(unit=R3)\n3. Restock the shelf.')).toBeNull();
  });

  it('numbered prose, or a list not introduced as a plan, is not a plan', () => {
    expect(writtenPlanSteps('Plan:\n1. Look at the policy first.\n2. Then cancel it.')).toBeNull();
    expect(writtenPlanSteps('Options:\n1. get_policy(policy=HX-4)\n2. cancel_policy(policy=HX-4)')).toBeNull();
    expect(writtenPlanSteps('Plan: 1. get_policy(policy=HX-4)')).toBeNull();
  });
});

describe('a written plan is compared with the request like a recorded one', () => {
  const request = 'Book me into the Thursday yoga class and pay for it, but only if Thursday has a free place.';
  const planText = (steps: string[]) => `Plan:\n${steps.map((step, index) => `${index + 1}. ${step}`).join('\n')}`;

  function run(steps: string[]) {
    return buildTrace(
      [
        { id: 'root', name: 'invoke_agent', role: 'agent', userRequest: request },
        {
          id: 'planner',
          name: 'chat',
          role: 'llm',
          parentId: 'root',
          inputMessages: [user(request)],
          outputMessages: [assistant(planText(steps))],
        },
        ...steps.map((step, index) => toolSpan(`t${index}`, step.replace(/\(.*$/, ''), {}, { ok: true })),
      ],
      { withTimes: false },
    );
  }

  it('work planned before the check the request made it wait for is the plan, at the model span that wrote it', () => {
    const report = attributeRootCause(
      run(['book_class(day=thursday)', 'pay_class(day=thursday)', 'get_free_places(day=thursday)']),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'planner', layer: 'plan' });
  });

  it('a written plan that checks first is fine', () => {
    const report = attributeRootCause(
      run(['get_free_places(day=thursday)', 'book_class(day=thursday)', 'pay_class(day=thursday)']),
    );
    expect(report.findings.filter((finding) => finding.layer === 'plan')).toEqual([]);
  });
});

describe('a planning sub-agent', () => {
  it('its plan, handed back as JSON, is compared with the request at its span', () => {
    const request = 'Raise the isolation permit for CB-07 first, and once it is issued dispatch a technician.';
    const plan = JSON.stringify({
      plan: [
        { tool: 'dispatch_technician', args: { asset: 'CB-07' } },
        { tool: 'raise_permit', args: { asset: 'CB-07' } },
      ],
    });
    const report = attributeRootCause(
      buildTrace(
        [
          { id: 'root', name: 'invoke_agent', role: 'agent', userRequest: request },
          {
            id: 'planner',
            name: 'invoke_agent planner',
            role: 'agent',
            parentId: 'root',
            outputMessages: [assistant(plan)],
          },
          toolSpan('t1', 'dispatch_technician', { asset: 'CB-07' }, { work_order: 'WO-1' }),
          toolSpan('t2', 'raise_permit', { asset: 'CB-07' }, { permit: 'PTW-1', status: 'pending' }),
        ],
        { withTimes: false },
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'planner', layer: 'plan' });
  });
});

describe('writtenPlanSteps: a plan a model wrote as JSON', () => {
  it('reads `{"plan": [{"tool", "args"}]}` as one step per call', () => {
    expect(
      writtenPlanSteps(
        '{"plan":[{"step":1,"tool":"get_order","args":{"order_id":"CC-4"}},{"step":2,"tool":"change_slot","args":{"order_id":"CC-4"}}]}',
      ),
    ).toEqual(['get_order({"order_id":"CC-4"})', 'change_slot({"order_id":"CC-4"})']);
  });

  it('JSON that is not a plan of calls is no plan', () => {
    expect(writtenPlanSteps('{"answer":"The order ships on Friday."}')).toBeNull();
    expect(writtenPlanSteps('{"plan":[{"note":"look at the order"},{"note":"then move it"}]}')).toBeNull();
    expect(writtenPlanSteps('{"plan":[{"tool":"get_order"}]}')).toBeNull();
  });

  it('a JSON plan that leaves out a clause of the request is the plan, at the model span', () => {
    const request = 'Move my order CC-448 to Saturday and add two cartons of oat milk to it.';
    const plan = JSON.stringify({
      plan: [
        { tool: 'get_order', args: { order_id: 'CC-448' } },
        { tool: 'change_slot', args: { order_id: 'CC-448', day: 'saturday' } },
      ],
    });
    const report = attributeRootCause(
      buildTrace(
        [
          { id: 'root', name: 'invoke_agent', role: 'agent', userRequest: request },
          {
            id: 'planner',
            name: 'chat',
            role: 'llm',
            parentId: 'root',
            inputMessages: [user(request)],
            outputMessages: [assistant(plan)],
          },
          toolSpan('t1', 'get_order', { order_id: 'CC-448' }, { order_id: 'CC-448' }),
          toolSpan('t2', 'change_slot', { order_id: 'CC-448', day: 'saturday' }, { status: 'amended' }),
          {
            id: 'answer',
            name: 'chat',
            role: 'llm',
            parentId: 'root',
            outputMessages: [assistant('Your order is moved to Saturday and I added two cartons of oat milk.')],
          },
        ],
        { withTimes: false },
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'planner', layer: 'plan', rule: 'plan-gap' });
  });
});
