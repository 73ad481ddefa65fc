import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { buildTrace, toolSpan } from '../build-trace.js';

function planned(request: string, plan: string[], answer: string) {
  return buildTrace(
    [
      { id: '0', name: 'user.request', role: 'agent', userRequest: request },
      { id: '1', name: 'agent.plan', role: 'plan', plan },
      ...plan.map((step, index) => toolSpan(String(index + 2), step.replace(/\(.*$/, ''), {}, { ok: true })),
      { id: 'answer', name: 'model.summarise', role: 'llm', output: answer },
    ],
    { withTimes: false },
  );
}

const planGaps = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'plan-gap');

describe('plan-gap: what covers a clause', () => {
  it('a verb the rules do not know is covered by a step that names all of what it acts on', () => {
    const report = attributeRootCause(
      planned('Build the pick list for order SO-1182.', ['get_order', 'create_pick_list'], 'Pick list PL-7 is ready.'),
    );
    expect(planGaps(report)).toEqual([]);
  });

  it('a setting a successful call carried by the clause\'s own words ("skate hire", `skate_hire: 32`) covers it', () => {
    const run = (hire: JsonValue, request = 'Quote for Brackenfield Primary: 28 pupils. Everyone needs skate hire.') =>
      buildTrace(
        [
          { id: '0', name: 'user.request', role: 'agent', userRequest: request },
          { id: '1', name: 'agent.plan', role: 'plan', plan: ['get_group_rates', 'create_group_quote'] },
          toolSpan('2', 'get_group_rates', {}, { pupil_gbp: 5 }),
          toolSpan('3', 'create_group_quote', { pupils: 28, skate_hire: hire }, { quote: 'GQ-1', total_gbp: 140 }),
          { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Quote GQ-1: £140, skate hire included.' },
        ],
        { withTimes: false },
      );
    expect(planGaps(attributeRootCause(run(28)))).toEqual([]);
    // Carried as nothing, it was not taken up.
    expect(planGaps(attributeRootCause(run(false)))).toHaveLength(1);
    // A setting does no check: "check the skate hire is free" still needs a step that looks.
    expect(
      planGaps(
        attributeRootCause(run(28, 'Quote for Brackenfield Primary. Check the skate hire is still free first.')),
      ),
    ).toHaveLength(1);
  });

  it('moving a booking to another event is done by transferring it, with the deposit it carried', () => {
    const request = 'Please move me to the Late Summer retreat, and put my existing deposit towards it.';
    const run = (steps: string[], args: Record<string, JsonValue>) =>
      buildTrace(
        [
          { id: '0', name: 'user.request', role: 'agent', userRequest: request },
          { id: '1', name: 'agent.plan', role: 'plan', plan: steps },
          toolSpan('2', steps[0] as string, args, { status: 'ok' }),
          { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Moved, with your deposit carried over.' },
        ],
        { withTimes: false },
      );
    expect(
      planGaps(attributeRootCause(run(['transfer_booking'], { to_retreat: 'LSR', carry_deposit_gbp: 200 }))),
    ).toEqual([]);
    // A transfer that carries no deposit leaves the second clause undone.
    expect(planGaps(attributeRootCause(run(['transfer_booking'], { to_retreat: 'LSR' })))).toHaveLength(1);
  });

  it('rotating a key is covered by creating a new one and revoking the old', () => {
    const request = 'Rotate the API key for integration billing-sync and tell the owner.';
    expect(
      planGaps(attributeRootCause(planned(request, ['create_key', 'revoke_key', 'notify_owner'], 'Key rotated.'))),
    ).toEqual([]);
    // Creating alone leaves the old key live: not a rotation.
    const gaps = planGaps(attributeRootCause(planned(request, ['create_key', 'notify_owner'], 'Key rotated.')));
    expect(gaps.map((finding) => finding.message)).toEqual([
      expect.stringContaining('"Rotate the API key for integration billing-sync"'),
    ]);
  });

  it('a clause about a record a step works on by the same code is covered', () => {
    const report = attributeRootCause(
      planned(
        'Write the briefing, citing memo LM-2026-031.',
        ['search_memos for LM-2026-031', 'draft_briefing'],
        'Briefing drafted.',
      ),
    );
    expect(planGaps(report)).toEqual([]);
  });

  it('a verb the rules do not know, whose object no step names, is still a gap', () => {
    const report = attributeRootCause(
      planned('Compile the audit pack for vendor V-77.', ['get_vendor', 'send_email'], 'Audit pack compiled and sent.'),
    );
    expect(planGaps(report).map((finding) => finding.spanId)).toEqual(['1']);
  });

  it('a clause whose codes a successful call carried was done by that call, whatever its verb', () => {
    const trace = buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: 'Hold 14 rooms under group code WED-ASHWORTH.' },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['check_availability', 'create_group_block'] },
        toolSpan('2', 'create_group_block', { group_code: 'WED-ASHWORTH', rooms: 14 }, { block_id: 'GB-1' }),
        { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Block GB-1 holds 14 rooms.' },
      ],
      { withTimes: false },
    );
    expect(planGaps(attributeRootCause(trace))).toEqual([]);
  });
});

describe('plan-gap: verbs people use for the tools’ actions', () => {
  it('moving a visit is rescheduling it, and texting someone is sending them a message', () => {
    const report = attributeRootCause(
      planned(
        'Move the boiler service at 9 Elm Road from Tuesday 3 March to Tuesday 10 March and text the customer the new date.',
        ['find_appointment', 'reschedule_appointment', 'send_sms'],
        'Moved to 10 March and texted the customer.',
      ),
    );
    expect(planGaps(report)).toEqual([]);
  });

  it('texting with no messaging step is still a gap', () => {
    const report = attributeRootCause(
      planned(
        'Move the boiler service at 9 Elm Road to Tuesday 10 March and text the customer the new date.',
        ['find_appointment', 'reschedule_appointment'],
        'Moved to 10 March and texted the customer.',
      ),
    );
    expect(planGaps(report).map((finding) => finding.message)).toEqual([
      expect.stringContaining('"text the customer the new date"'),
    ]);
  });

  it('reporting a fault is done by opening a request for it', () => {
    const report = attributeRootCause(
      planned(
        'Report the broken streetlight outside 12 Mill Lane and send the reference to me.',
        ['find_asset', 'create_service_request', 'send_acknowledgement'],
        'Request SR-2201 raised; the reference is on its way.',
      ),
    );
    expect(planGaps(report)).toEqual([]);
  });

  it('a request that opens by saying what happened ("Locked out at …") asks for nothing in that clause', () => {
    const report = attributeRootCause(
      planned(
        'Locked out at 14 Mill Lane. Send a locksmith before 5pm.',
        ['find_locksmith', 'book_callout', 'send_sms'],
        'A locksmith arrives at 15:40.',
      ),
    );
    expect(planGaps(report)).toEqual([]);
  });
});

describe('plan-gap: paying someone', () => {
  it('a payout step pays the members, and a charge step pays an invoice', () => {
    const payout = attributeRootCause(
      planned('Pay each member of team Lumen their EUR 500 prize.', ['get_team_members', 'create_payout'], 'Paid.'),
    );
    expect(planGaps(payout)).toEqual([]);
    const invoice = attributeRootCause(
      planned('Pay invoice INV-88 from the card on file.', ['get_invoice', 'charge_card'], 'Paid.'),
    );
    expect(planGaps(invoice)).toEqual([]);
  });

  it('with no paying step, paying is a gap', () => {
    const report = attributeRootCause(
      planned('Pay each member of team Lumen their EUR 500 prize.', ['get_team_members', 'post_announcement'], 'Paid.'),
    );
    expect(planGaps(report)).toHaveLength(1);
  });

  it.each([
    ['Re-order 250 M6 bolts from Fixings Direct.', ['lookup_part', 'place_order', 'summarise']],
    ['Reassign ticket SUP-44190 to the billing queue.', ['reassign_ticket', 'reply']],
    ['Move the maintenance window mw-3391 to Sunday 02:00 UTC.', ['get_window', 'update_window', 'post_message']],
    ['Convert 350 USD from my wallet into euros.', ['get_quote', 'execute_conversion', 'summarise']],
  ])('"%s" is covered by %j', (request, plan) => {
    expect(planGaps(attributeRootCause(planned(request, plan, 'Done.')))).toEqual([]);
  });

  it('a repeated verb still needs a step that does it', () => {
    const report = attributeRootCause(
      planned('Re-order 250 M6 bolts from Fixings Direct.', ['lookup_part', 'summarise'], 'Ordered 300 bolts.'),
    );
    expect(planGaps(report)).toHaveLength(1);
  });

  it('paying with the card on file is done by a call that carried the payment method', () => {
    const request = 'Renew my bus pass from 1 March and pay with the card on file.';
    const trace = (args: Record<string, string>) =>
      buildTrace(
        [
          { id: '0', name: 'user.request', role: 'agent', userRequest: request },
          { id: '1', name: 'agent.plan', role: 'plan', plan: ['get_pass', 'renew_pass'] },
          toolSpan('2', 'get_pass', { card: '6337' }, { card: '6337', payment_token: 'pm_1' }),
          toolSpan('3', 'renew_pass', args, { order: 'TVB-1', price: 864 }),
          { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Renewed; £864.00 was charged to your card.' },
        ],
        { withTimes: false },
      );
    const paid = attributeRootCause(trace({ card: '6337', start: '2026-03-01', payment_token: 'pm_1' }));
    expect(planGaps(paid)).toEqual([]);
    expect(paid.findings.filter((finding) => finding.rule === 'unsupported-claim')).toEqual([]);
    expect(planGaps(attributeRootCause(trace({ card: '6337', start: '2026-03-01' })))).toHaveLength(1);
  });

  it('confirming a thing is covered by a step that reads it by name, not by one that only passes its name', () => {
    const request = 'Add o.adeyemi to team sre-editors and confirm her team permission is Editor.';
    expect(planGaps(attributeRootCause(planned(request, ['add_team_member', 'get_team_member'], 'Done.')))).toEqual([]);
    const vet = 'Check whether Biscuit’s rabies vaccination is still valid.';
    expect(planGaps(attributeRootCause(planned(vet, ['find_pet(name=Biscuit)'], 'It is valid.')))).toHaveLength(1);
  });

  it('topping something up is done by ordering it', () => {
    const request = 'Top up basmati rice at the Brixton kitchen to at least 30 kg.';
    expect(planGaps(attributeRootCause(planned(request, ['get_stock', 'place_order'], 'Ordered 3 bags.')))).toEqual([]);
    expect(planGaps(attributeRootCause(planned(request, ['get_stock'], 'Ordered 3 bags.')))).toHaveLength(1);
  });

  it('entering animals into a sale is creating a sale entry', () => {
    const request = 'Enter 6 Texel ewes from holding 12/345/6789 into the Friday breeding sale.';
    const gaps = (plan: string[]) => planGaps(attributeRootCause(planned(request, plan, 'Entered all 6 ewes.')));
    expect(gaps(['check_movement_status', 'create_sale_entry'])).toEqual([]);
    expect(gaps(['check_movement_status'])).toHaveLength(1);
  });

  it('entering pupils for an exam is submitting their entries; "tell me the fee to invoice" asks to be told', () => {
    const request =
      'Enter Sam Okafor and Lily Chen for Grade 2 Tap and tell me the total fee to invoice their parents.';
    const gaps = (plan: string[]) =>
      planGaps(attributeRootCause(planned(request, plan, 'Entered both: £98 in total.')));
    expect(gaps(['get_exam_fee', 'submit_entries'])).toEqual([]);
    expect(gaps(['get_exam_fee'])).toHaveLength(1);
  });

  it('renting kit beside a booking needs a step of its own; a clause ends at a stop, not inside an address', () => {
    const request =
      'Book the kayak tour for 2 on Sunday 8 March 2026 and rent wetsuits for both of us. Email it to ana.ruiz@mail.example.org';
    const gaps = (plan: string[]) =>
      planGaps(
        attributeRootCause(planned(request, plan, 'Booked, with two wetsuits, and emailed ana.ruiz@mail.example.org.')),
      );
    expect(gaps(['create_booking', 'add_rental_extras', 'send_email'])).toEqual([]);
    expect(gaps(['create_booking', 'send_email'])).toHaveLength(1);
  });

  it('raising a job sheet is creating one; raising a limit is not', () => {
    const gaps = (request: string, plan: string[]) =>
      planGaps(attributeRootCause(planned(request, plan, 'Done: JS-4 raised.')));
    expect(gaps('Raise a job sheet for the hull survey on Friday.', ['create_job_sheet'])).toEqual([]);
    expect(gaps('Raise the overdraft limit on account 4471 to 500.', ['create_job_sheet'])).toHaveLength(1);
  });

  it('"let me know when one comes in" is done by setting up an alert', () => {
    const request = 'Is there a size 9 wetsuit in stock? If not, let me know when one comes in.';
    const gaps = (plan: string[]) =>
      planGaps(attributeRootCause(planned(request, plan, 'None in stock; I will email you when one arrives.')));
    expect(gaps(['search_stock', 'create_alert'])).toEqual([]);
    expect(gaps(['search_stock'])).toHaveLength(1);
  });

  it('ordering is done by checking a basket out', () => {
    const request = 'Order 12 jars of the clover honey for the shop.';
    const gaps = (plan: string[]) => planGaps(attributeRootCause(planned(request, plan, 'Ordered 12 jars.')));
    expect(gaps(['search_catalog', 'add_to_basket', 'checkout'])).toEqual([]);
    expect(gaps(['search_catalog', 'add_to_basket'])).toHaveLength(1);
  });

  it('an honest refusal after lookups of what the clause names needs no step for the work refused', () => {
    const request = 'Please reorder the Frontline spray for my cat Mabel.';
    const run = (calls: ReturnType<typeof toolSpan>[], answer: string) =>
      planGaps(
        attributeRootCause(
          buildTrace(
            [
              { id: '0', name: 'user.request', role: 'agent', userRequest: request },
              { id: '1', name: 'agent.plan', role: 'plan', plan: ['find_patient', 'list_prescriptions'] },
              ...calls,
              { id: 'answer', name: 'model.summarise', role: 'llm', output: answer },
            ],
            { withTimes: false },
          ),
        ),
      );
    const lookups = [
      toolSpan('2', 'find_patient', { name: 'Mabel' }, { patient: 'P-4' }),
      toolSpan('3', 'list_prescriptions', { patient: 'P-4', drug: 'Frontline spray' }, { prescriptions: [] }),
    ];
    expect(
      run(lookups, 'I could not find an active prescription for Frontline spray, so I cannot reorder it.'),
    ).toEqual([]);
    // A run that acted, or claims the work, is still judged on the step it lacked.
    const acted = [...lookups, toolSpan('4', 'cancel_subscription', { patient: 'P-4' }, { ok: true })];
    expect(run(acted, 'I could not find an active prescription, so I cannot reorder it.')).toHaveLength(1);
    expect(run(lookups, 'Reordered Frontline spray for Mabel.')).toHaveLength(1);
  });

  it('"confirm it is gone" asks to be told a state: the lookups and the answer cover it, a check step does not need naming', () => {
    const request =
      'Does legacy-vpn.example.org still resolve anywhere? Confirm it is gone before I close ticket CHG-20931.';
    expect(
      planGaps(attributeRootCause(planned(request, ['dns_lookup', 'search_dns_zone'], 'It no longer resolves.'))),
    ).toEqual([]);
    // "Check that … has been vacated" asks for an inspection, which a step must do.
    const inspect = 'Check that room 214 has been vacated, and only then assign it to the guest.';
    expect(planGaps(attributeRootCause(planned(inspect, ['assign_room'], 'Room 214 is yours.')))).toHaveLength(1);
  });

  it('a participle that states an assumption ("keeping 25% clear, how many fit?") asks for no step', () => {
    const request =
      'The roof plane is 420 sq ft. Keeping 25% of the area clear for setbacks, how many 1.95 m2 panels fit?';
    expect(
      planGaps(attributeRootCause(planned(request, ['convert_units', 'calc_panel_fit'], '15 panels fit.'))),
    ).toEqual([]);
  });

  it('a question split at "and" ("what will her salary and monthly pay be?") asks for no step', () => {
    const request =
      'Her hours go down to three days a week from 1 May. What will her annual salary and monthly gross pay be from then?';
    expect(
      planGaps(attributeRootCause(planned(request, ['get_employee', 'calc_prorata_salary'], '25,200 a year.'))),
    ).toEqual([]);
  });

  it('"check the status of my application" is covered by a step that looks up the application', () => {
    const request = 'Check the status of my visa application, reference GWF071234567.';
    expect(planGaps(attributeRootCause(planned(request, ['lookup_application'], 'Not found.')))).toEqual([]);
    expect(planGaps(attributeRootCause(planned(request, ['lookup_passport'], 'Not found.')))).toHaveLength(1);
  });

  it("a fact-check is covered by a search given the claim's own subject", () => {
    const request = 'Fact-check: did harbourmaster Tomas Reyne say the breakwater will be finished by Easter?';
    const searched = (query: string) =>
      buildTrace(
        [
          { id: '0', name: 'user.request', role: 'agent', userRequest: request },
          { id: '1', name: 'agent.plan', role: 'plan', plan: ['search_archive', 'answer'] },
          toolSpan('2', 'search_archive', { query }, { hits: 0 }),
          { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Unverified: no source found.' },
        ],
        { withTimes: false },
      );
    expect(planGaps(attributeRootCause(searched('Tomas Reyne breakwater Easter')))).toEqual([]);
    expect(planGaps(attributeRootCause(searched('harbour budget 2026')))).toHaveLength(1);
  });

  it('a lookup given the start of the clause’s words ("Bravecto chewable" for "Bravecto chew") checks it', () => {
    const request = 'He now weighs 52 lb: please check his Bravecto chew is still the right size.';
    const looked = (product: string) =>
      buildTrace(
        [
          { id: '0', name: 'user.request', role: 'agent', userRequest: request },
          { id: '1', name: 'agent.plan', role: 'plan', plan: ['update_weight', 'get_product_bands', 'answer'] },
          toolSpan('2', 'update_weight', { weight_kg: 23.6 }, { ok: true }),
          toolSpan('3', 'get_product_bands', { product }, { bands: [] }),
          { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Recorded; the chew is still right.' },
        ],
        { withTimes: false },
      );
    expect(planGaps(attributeRootCause(looked('Bravecto chewable')))).toEqual([]);
    expect(planGaps(attributeRootCause(looked('NexGard Spectra')))).toHaveLength(1);
  });
});

describe('plan-gap: a confirmation sent checks nothing', () => {
  const steps = ['reserve_fish', 'book_tanker', 'send_confirmation'];

  it('"check the certificate is still valid" is not covered by a step that sends a confirmation', () => {
    const request =
      'Reserve 2,000 trout from batch BT-2611, delivery Wed 14 Oct. Before booking the tanker, check the batch health certificate is still valid.';
    const gaps = planGaps(attributeRootCause(planned(request, steps, 'Ordered and booked; certificate checked.')));
    expect(gaps.map((finding) => finding.message)).toEqual([
      expect.stringContaining('"check the batch health certificate is still valid"'),
    ]);
  });

  it('"confirm by email" is what sending the confirmation does', () => {
    const request = 'Reserve 2,000 trout from batch BT-2611 and book the tanker for Wed 14 Oct, then confirm by email.';
    expect(planGaps(attributeRootCause(planned(request, steps, 'Reserved, booked and confirmed.')))).toEqual([]);
  });
});

describe('plan-gap: a subject line that names the resource a call took up', () => {
  const trace = (request: string) =>
    buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: request },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['get_queue_depth(email.outbound)', 'scale_deployment'] },
        toolSpan('2', 'get_queue_depth', { queue: 'email.outbound' }, { messages_ready: 2140 }),
        { id: 'answer', name: 'model.summarise', role: 'llm', output: 'Backlog is 2,140 messages: no scaling needed.' },
      ],
      { withTimes: false },
    );

  it('"Backlog alert on email.outbound" is covered by the call that read email.outbound', () => {
    expect(
      planGaps(attributeRootCause(trace('Backlog alert on email.outbound. If over 20k, scale the consumer.'))),
    ).toEqual([]);
  });

  it('"Take a snapshot of email.outbound" is work of its own, not covered by reading it', () => {
    expect(
      planGaps(attributeRootCause(trace('Take a snapshot of email.outbound, then scale the consumer.'))),
    ).toHaveLength(1);
  });
});

describe('plan-gap: a step that names whom a thing is sent to and what for', () => {
  it('"send it to the landlord for approval" is what `request_landlord_approval` does', () => {
    const request = 'Get a glazier quote for job MJ-61644 and send it to the landlord for approval.';
    const steps = ['get_contractor_quote', 'request_landlord_approval'];
    expect(planGaps(attributeRootCause(planned(request, steps, 'Quote sent for approval.')))).toEqual([]);
    // A step for someone else does not send it to the landlord.
    const other = ['get_contractor_quote', 'request_tenant_access'];
    expect(planGaps(attributeRootCause(planned(request, other, 'Quote sent for approval.')))).toHaveLength(1);
  });
});

describe('plan-gap: an honest "there is none" after checks of the thing asked for', () => {
  it('"send me the catchment map for Ferndale Park Academy" answered "there is no map to send" is no gap', () => {
    const trace = buildTrace(
      [
        {
          id: '0',
          name: 'user.request',
          role: 'agent',
          userRequest: 'Please send me the catchment area map for Ferndale Park Academy.',
        },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['find_school', 'check_catchment', 'answer'] },
        toolSpan('2', 'find_school', { name: 'Ferndale Park Academy' }, { urn: '144870' }),
        toolSpan('3', 'check_catchment', { urn: '144870' }, { catchment: null }),
        {
          id: 'answer',
          name: 'model.answer',
          role: 'llm',
          output: 'There is no catchment map to send: Ferndale Park Academy does not operate a catchment area.',
        },
      ],
      { withTimes: false },
    );
    expect(planGaps(attributeRootCause(trace))).toEqual([]);
  });
});

describe('plan-gap: a request for a quote', () => {
  it('"Quote to fell and remove the cedar" asks for a price of the work, not for the work', () => {
    const request =
      'Quote to fell and remove the Atlas cedar at 2 Vicarage Close. A friend paid about 900 GBP for a similar job so I expect something near that.';
    const report = attributeRootCause(
      planned(request, ['get_site_survey', 'price_job'], 'Our quote Q-2291 is 3,420.00 GBP including VAT.'),
    );
    expect(planGaps(report)).toEqual([]);
  });

  it('work asked for after the quote’s sentence is still judged', () => {
    const request = 'Quote to fell the Atlas cedar at 2 Vicarage Close. Then email the quote to my surveyor.';
    const gaps = planGaps(
      attributeRootCause(planned(request, ['get_site_survey', 'price_job'], 'Our quote Q-2291 is 3,420.00 GBP.')),
    );
    expect(gaps.map((finding) => finding.message)).toEqual([expect.stringContaining('email the quote')]);
  });
});

describe('plan-gap: an honest "cannot" after looking up what the request names', () => {
  const request = 'Please order another 100 ml bottle of Loxicom 1.5 mg/ml oral suspension for my dog Hector.';
  const refused = (answer: string) =>
    buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: request },
        {
          id: '1',
          name: 'agent.plan',
          role: 'plan',
          plan: ['find_pet', 'get_prescriptions', 'request_repeat if repeats remain'],
        },
        toolSpan('2', 'find_pet', { name: 'Hector' }, { pet_id: 'PET-30577', name: 'Hector' }),
        toolSpan('3', 'get_prescriptions', { pet_id: 'PET-30577', drug: 'Loxicom' }, { status: 'expired' }),
        { id: 'answer', name: 'model.answer', role: 'llm', output: answer },
      ],
      { withTimes: false },
    );

  it('the drug and the pet, both looked up, then "I cannot order more" asks nothing of the plan', () => {
    const report = attributeRootCause(
      refused('I am sorry, I cannot order more Loxicom for Hector: the prescription has expired.'),
    );
    expect(planGaps(report)).toEqual([]);
    // A reply that claims the order was placed is still judged.
    expect(
      planGaps(attributeRootCause(refused('Done: another bottle of Loxicom is on order for Hector.'))),
    ).toHaveLength(1);
  });
});

describe('plan-gap: an honest "not found" for a thing named in lower case', () => {
  it('"the Q1 report for the ledger-export batch SLO", searched for by that name and not found, asks nothing more', () => {
    const request = 'Pull the Q1 2026 error-budget report for the ledger-export batch SLO.';
    const trace = buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: request },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['search_slos', 'get_budget_report', 'answer'] },
        toolSpan('2', 'search_slos', { query: 'ledger-export' }, { matches: [] }),
        {
          id: 'answer',
          name: 'model.answer',
          role: 'llm',
          output: 'I could not find an SLO for ledger-export, so there is no report.',
        },
      ],
      { withTimes: false },
    );
    expect(planGaps(attributeRootCause(trace))).toEqual([]);
  });
});
