import { describe, expect, it } from 'vitest';
import { goalClauses, requestedAction, requiredOrders } from '../../../../src/attribution/text/goal-clauses.js';

describe('requestedAction', () => {
  it('a question that asks to be told something asks for no action', () => {
    expect(requestedAction('What excess mileage charge will I pay', false)).toBeNull();
    expect(requestedAction('How much will I pay for the upgrade', true)).toBeNull();
    expect(requestedAction('Did the refund go through', false)).toBeNull();
    expect(requestedAction('could I move in on 1 January', false)).toBeNull();
  });

  it('imperatives and polite requests still ask for their action', () => {
    expect(requestedAction('Pay invoice INV-88', true)).not.toBeNull();
    expect(requestedAction('Can you cancel order 5521', true)).not.toBeNull();
    expect(requestedAction('please send the receipt to me', false)).not.toBeNull();
  });

  it('a request that mixes a question with an instruction keeps the instruction', () => {
    const clauses = goalClauses('What do I owe on account A-7? Pay it from my savings.');
    expect(clauses.map((clause, index) => requestedAction(clause, index === 0) !== null)).toEqual([false, true]);
  });
});

describe('requiredOrders', () => {
  it('what is ordered follows a colon that introduces the steps', () => {
    const [order] = requiredOrders(
      'Offboard contractor C-20931 today: export her mailbox to the archive first, then disable her account.',
    );
    expect(order?.first.action).toBe('export');
    expect(order?.first.clause).toBe('export her mailbox to the archive first');
  });
});

describe('clauses that ask for nothing', () => {
  it.each([
    'he got a new phone',
    'cannot approve sign-ins',
    'my card was declined twice',
    'arriving Monday 30 March for two nights',
  ])('"%s" states a circumstance', (clause) => {
    expect(requestedAction(clause, false)).toBeNull();
  });

  it('a clause that opens with its subject but asks for work still asks', () => {
    expect(requestedAction('we need you to restart the ingest workers', false)).not.toBeNull();
    expect(requestedAction('email the voucher to me', false)).not.toBeNull();
  });
});

describe('gerunds', () => {
  it('a gerund that acts on something asks for it; a noun in -ing does not', () => {
    expect(requestedAction('draining the queue', false)).not.toBeNull();
    expect(requestedAction('morning slot', false)).toBeNull();
  });
});
