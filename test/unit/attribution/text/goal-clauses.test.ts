import { describe, expect, it } from 'vitest';
import { actionWords } from '../../../../src/attribution/text/actions.js';
import {
  asksToBeTold,
  conditionalWork,
  goalClauses,
  requestedAction,
  requiredOrders,
} from '../../../../src/attribution/text/goal-clauses.js';

describe('requestedAction', () => {
  it('a question that asks to be told something asks for no action', () => {
    expect(requestedAction('What excess mileage charge will I pay', false)).toBeNull();
    expect(requestedAction('How much will I pay for the upgrade', true)).toBeNull();
    expect(requestedAction('Did the refund go through', false)).toBeNull();
    // An adverb before the question word still opens a question: "Roughly how long is a Class 66 in N gauge".
    expect(requestedAction('Roughly how long is a Class 66 in N gauge?', true)).toBeNull();
    // Consent to a cost asks for no work: "Happy to pay for the extra nights".
    expect(requestedAction('Happy to pay for the extra nights', false)).toBeNull();
    // The form the answer takes is shown by the answer: "wants it in m3" asks for no step of its own.
    expect(requestedAction('The water board report wants it in m3.', false)).toBeNull();
    // A customer's wish, opening the request, sets out the work; "to plant this weekend" is hers to do.
    expect(
      requestedAction('Customer at the till wants a specimen Acer at 150-175cm to plant this weekend', true),
    ).toBeNull();
    expect(requestedAction('could I move in on 1 January', false)).toBeNull();
    expect(requestedAction('whether it is flagged', false)).toBeNull();
    // A noun, then a preposition, opening the request names someone: "Tenant at 31 Carr Lane".
    expect(requestedAction('Tenant at 31 Carr Lane', true)).toBeNull();
    expect(requestedAction('showing the amount including VAT', false)).toBeNull();
    // What someone did, told as background: "The tribunal sent us the claim last week".
    expect(requestedAction('The tribunal sent us the claim last week', false)).toBeNull();
    expect(requestedAction('that visit request an enhanced DBS check for their lodger', false)).not.toBeNull();
    expect(requestedAction('Can you confirm my course start date', true)).toBeNull();
    expect(requestedAction('Can you confirm the booking with the guest', true)).not.toBeNull();
    // What an alert or a dashboard shows, opened by its ticket: background, not work.
    expect(
      requestedAction('INC-6177: the lag alert for group clickstream-agg on web.clicks says nearly 10 million', true),
    ).toBeNull();
    expect(requestedAction('The disk dashboard for db-3 shows 91% used', true)).toBeNull();
    // "Can you check where it is" asks to be told where; "can you check the boiler" asks for a visit.
    expect(requestedAction('Can you check where it is', false)).toBeNull();
    expect(requestedAction('Can you check the boiler pressure', true)).not.toBeNull();
    // "…, member no. MRC-30418, Open Women": a category in title case names, and asks for nothing.
    expect(requestedAction('Open Women', false)).toBeNull();
    expect(requestedAction('Gleadless Drop Shots)', false)).toBeNull();
    // An adjective and its noun open a statement of conditions, not an imperative.
    expect(requestedAction('Hard frost forecast all next week', true)).toBeNull();
    expect(requestedAction('Clear the frost warnings from the board', true)).not.toBeNull();
    expect(requestedAction('open the gate', false)).not.toBeNull();
    // A named place, then what happened to it: "Ashdown Mill has flooded".
    expect(requestedAction('Ashdown Mill has flooded', true)).toBeNull();
    // A ticket label before an imperative leaves the imperative asking for its work.
    expect(requestedAction('INC-6177: restart the clickstream-agg consumers', true)).not.toBeNull();
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

  it('a comma that groups thousands ("the 1,000-hour service") splits no clause', () => {
    expect(goalClauses('Push the 1,000-hour service for AMR-2207 to Monday, same slot')).toEqual([
      'Push the 1,000-hour service for AMR-2207 to Monday',
      'same slot',
    ]);
  });

  it('an event named after "before" ("the 10:00 change review") is a time, not work asked for', () => {
    const clauses = goalClauses('Why did pipeline 51120 fail? I need to know before the 10:00 change review.');
    expect(clauses.at(-1)).toBe('the 10:00 change review');
    expect(requestedAction('the 10:00 change review', false)).toBeNull();
    // A clause with a verb of its own still asks for its work.
    expect(requestedAction('the van needs to be booked', false)).not.toBeNull();
    expect(requestedAction('the DNO approves it', false)).not.toBeNull();
    // …and the event may say when it is.
    expect(requestedAction('the mail migration on Friday 20 March', true)).toBeNull();
  });

  it('"drop the TTL … to 300 seconds" lowers a setting; "drop the staging table" deletes', () => {
    expect(requestedAction('drop the TTL on the MX records for quillbrook.net to 300 seconds', false)).toBe(
      requestedAction('update the TTL', false),
    );
    expect(requestedAction('drop the staging table', false)).toBe(requestedAction('delete the staging table', false));
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

  it('in "A, B, then C" every listed piece of work comes before C', () => {
    const orders = requiredOrders(
      'Job TS-1: apply the corrections in AC-3, re-render the proof, then email the proof to the author.',
    );
    expect(orders.map((order) => [order.first.clause, order.second.clause])).toEqual([
      ['re-render the proof', 'email the proof to the author.'],
      ['apply the corrections in AC-3', 'email the proof to the author.'],
    ]);
    // A place or a name in the list is no work.
    expect(
      requiredOrders(
        'Submit the grant for 3 Wren Court, Hexham NE46 1SX (quote MQ-1), then email her the reference.',
      ).map((order) => order.first.clause),
    ).not.toContain('Hexham NE46 1SX');
  });

  it('a sentence opening with "Then" follows the work the sentence before asked for', () => {
    const [order] = requiredOrders(
      'From tomorrow please add the Harbour Deli to round 3, drop by 07:00, key code on file. Then send Kev the updated sheet.',
    );
    expect(order?.first.clause).toBe('From tomorrow please add the Harbour Deli to round 3');
    expect(order?.second.action).toBe([...actionWords('send')][0]);
    expect(
      requiredOrders('Log the 380 losses in R3: found this morning. Then recalculate the ration.')[0]?.first.clause,
    ).toBe('Log the 380 losses in R3');
  });

  it('"once it is issued" after a piece of work waits on that work', () => {
    const [order] = requiredOrders('Raise the isolation permit first, and once it is issued dispatch a technician.');
    expect(order?.first.clause).toBe('Raise the isolation permit first');
    expect(order?.second.action).toBe([...actionWords('dispatch')][0]);
  });

  it('in "A, B, then C" the work right before "then" is what must come first', () => {
    const [order] = requiredOrders('Build the release bundle, sign the installer, then upload it to the store.');
    expect(order?.first.clause).toBe('sign the installer');
    expect(order?.second.action).toBe([...actionWords('upload')][0]);
  });
});

describe('clauses that ask for nothing', () => {
  it.each([
    'he got a new phone',
    'cannot approve sign-ins',
    'my card was declined twice',
    'arriving Monday 30 March for two nights',
    'A PCN is about to be issued',
    'the van is being loaded now',
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

describe('conditionalWork', () => {
  it('a trailing condition waits the work just before it', () => {
    expect(
      conditionalWork('Reserve a port, run the line test, and activate the service only if the line test passes.'),
    ).toEqual([{ condition: 'the line test passes', antecedent: null, work: 'activate the service' }]);
  });

  it('a leading condition waits the work after its comma, and carries the check asked for before it', () => {
    expect(conditionalWork('Check the pressure test result first; only if it holds, refill the system.')).toEqual([
      { condition: 'it holds', antecedent: 'Check the pressure test result first', work: 'refill the system' },
    ]);
  });

  it('a "once" that opens its clause is a condition; inside a clause it only times the work', () => {
    expect(conditionalWork('Once the payoff has cleared, release the lien.')).toEqual([
      { condition: 'the payoff has cleared', antecedent: null, work: 'release the lien' },
    ]);
    expect(conditionalWork('Send the proof, and once they approve it get it cut.')).toEqual([]);
  });

  it('"Only <work> once <condition>" waits the work, whatever word times it', () => {
    expect(
      conditionalWork('Only cancel the 30 November one once 6 December is confirmed - I cannot lose both.'),
    ).toEqual([{ condition: '6 December is confirmed', antecedent: null, work: 'cancel the 30 November one' }]);
  });

  it('a clock time in the work is no clause break', () => {
    expect(
      conditionalWork('Book the robot for Pitch 2 on Friday, 09:00-12:00 - but only if nobody has Pitch 2 hired.'),
    ).toEqual([
      { condition: 'nobody has Pitch 2 hired', antecedent: null, work: 'Book the robot for Pitch 2 on Friday' },
    ]);
  });

  it('a check asked for as "run the validation" carries to "only if it passes <work>"', () => {
    expect(conditionalWork('Run otelcol validate on it first, and only if it passes roll the gateway.')).toEqual([
      { condition: 'it passes', antecedent: 'Run otelcol validate on it first', work: 'roll the gateway' },
    ]);
  });

  it('"if" after a verb that asks a question, and conditions that give room, are not conditions', () => {
    expect(conditionalWork('Let me know if the parcel arrived and check if the invoice is paid.')).toEqual([]);
    expect(conditionalWork('Call the plumber tomorrow if possible.')).toEqual([]);
  });
});

describe('requestedAction: someone’s report opening the request asks for nothing', () => {
  it.each([
    'Guest at the door says they booked a table for 4 under "Adebayo" at 19:30',
    'Customer on the phone claims the parcel never arrived',
    'The tenant in flat 3 reported a leak yesterday',
  ])('%s', (clause) => {
    expect(requestedAction(clause, true)).toBeNull();
  });

  it('a request made through the report still asks for work', () => {
    expect(requestedAction('Customer says please refund order 1182', true)).not.toBeNull();
  });
});

describe('asksToBeTold: a note in brackets before the question', () => {
  it('"(sent Mon 9 Mar 2026) What time is my valet on Thursday?" only asks to be told', () => {
    expect(asksToBeTold('(sent Mon 9 Mar 2026) What time is my mini valet on Thursday?')).toBe(true);
    expect(asksToBeTold('(sent Mon 9 Mar 2026) Book my mini valet for Thursday.')).toBe(false);
  });
});

describe("requestedAction: a named person's question passed on asks for an answer, not work", () => {
  it.each([
    'Rhodri Evans (farmer F-0455) asks why only 5 of his 6 lambs came back on the carcass return',
    'Mrs Priya Shah wants to know whether the March invoice includes the funded hours',
  ])('%s', (clause) => {
    expect(requestedAction(clause, true)).toBeNull();
  });

  it('a request that goes on to ask for work still does', () => {
    expect(requestedAction('Refund Rhodri Evans for the condemned lamb', true)).not.toBeNull();
  });
});

describe('requestedAction: a named subject and what it did states a fact', () => {
  it('"Quarry Data removed the Audit Log add-on on 24 November" asks for nothing', () => {
    expect(requestedAction('Quarry Data removed the Audit Log add-on on 2025-11-24', true)).toBeNull();
  });

  it('"Bentham mart have moved the sale to Friday" states what someone did', () => {
    expect(requestedAction('Bentham mart have moved the prime lamb sale from Thursday to Friday', true)).toBeNull();
  });

  it('an imperative opening the request still asks for work', () => {
    expect(requestedAction('Refund the unused 8 months pro rata', true)).not.toBeNull();
  });
});

describe('requestedAction: plural reports', () => {
  it('"Tenants at 14 Albion Street are moving furniture on Tuesday" asks for nothing', () => {
    expect(requestedAction('Tenants at 14 Albion Street are moving furniture on Tuesday 17 March', true)).toBeNull();
  });
});

describe('bracketed asides', () => {
  it("an aside's commas split no clause, and an aside on its own asks for nothing", () => {
    const clauses = goalClauses(
      'Please go ahead with the skin mount we discussed (replica head, open mouth) at the quoted £640. (Declan Moorhouse, Hay-on-Wye)',
    );
    expect(clauses).toHaveLength(1);
    expect(clauses[0]).toContain('replica head  open mouth) at the quoted £640');
  });

  it('an aside that opens as a request does is still split into its work', () => {
    expect(goalClauses('Book the Friday slot (and, if you can, cancel the Monday one)')).toHaveLength(3);
  });

  it('what an aside describes is no action asked for', () => {
    expect(requestedAction('Please go ahead with the skin mount we discussed (replica head, open mouth)', true)).toBe(
      null,
    );
    expect(requestedAction('Open the Friday slot (for Declan)', true)).toBe([...actionWords('open')][0]);
  });

  it('a condition runs past the commas of its aside', () => {
    const [found] = conditionalWork(
      'Once the hall booking BK-60488 (Saturday 21 March, 10am-1pm) is confirmed, publish it on the events page.',
    );
    expect(found?.condition).toMatch(/BK-60488 .* is confirmed$/);
    expect(found?.work).toBe('publish it on the events page');
  });
});

describe('a noun and "for" opening a statement', () => {
  it('"Forecast for Tuesday … looks wet" states a circumstance; "Cater for 40" still asks for work', () => {
    expect(requestedAction('Forecast for Tuesday at Harlow Mill looks wet all morning', true)).not.toBe('forecast');
    expect(requestedAction('Cater for 40 people on Friday', true)).toBe('cater');
  });
});

describe('items of a list', () => {
  it('"a two-seater sofa with its fire label" names an item; its nouns ask for nothing', () => {
    expect(requestedAction('a two-seater sofa with its fire label', false)).toBe(null);
    expect(requestedAction('a label printed and sent to the shop', false)).not.toBe(null);
  });
});
