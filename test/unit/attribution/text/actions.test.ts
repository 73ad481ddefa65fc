import { describe, expect, it } from 'vitest';
import { actionWords } from '../../../../src/attribution/text/actions.js';

describe('actionWords', () => {
  it('folds irregular past forms into their verb, so a claim matches the tool that did it', () => {
    expect(actionWords('Confirmation sent to the member.')).toContain('send');
    expect(actionWords('Invoice paid in full.')).toContain([...actionWords('charge_card')][0] as string);
    expect(actionWords('The migration was undone.')).toContain('rollback');
    // "Put the new ration on the schedule" is the work a `set_feed_plan` step does.
    expect([...actionWords('Put the new ration on the feeding schedule')][0]).toBe(
      [...actionWords('set_feed_plan')][0],
    );
  });

  it('reads a tool name as its verb, and drops words that hold digits', () => {
    expect([...actionWords('send_email')]).toEqual(['send']);
    expect(actionWords('get_employee E-1042')).toEqual(new Set(['lookup', 'employe']));
  });

  it('reads "roll … out" as a rollout, like "roll … back" as a rollback', () => {
    const rollout = [...actionWords('set_rollout')].find((word) => word !== [...actionWords('set')][0]) as string;
    expect(actionWords('Roll the dark-mode flag out to 10% of users')).toContain(rollout);
    expect(actionWords('Roll out the new pricing page')).toContain(rollout);
    expect(actionWords('Roll the dice')).not.toContain(rollout);
  });

  it('"raise a job sheet" makes one; "raise the limit" changes one', () => {
    const create = [...actionWords('create')][0] as string;
    expect(actionWords('Raise a job sheet for the inspection')).toContain(create);
    expect(actionWords('Raise the credit limit to 500')).not.toContain(create);
  });

  it('"enter the bullocks into the sale" makes an entry; "enter the code" does not', () => {
    const create = [...actionWords('create')][0] as string;
    expect(actionWords('Enter 9 bullocks into the Thursday store sale')).toContain(create);
    expect(actionWords('Enter the door code 4471')).not.toContain(create);
  });
});
