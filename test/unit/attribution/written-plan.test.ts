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
