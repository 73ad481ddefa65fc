import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import {
  agentSpan,
  assistant,
  buildTrace,
  retrievalSpan,
  retrievedDocument,
  toolCall,
  toolSpan,
} from '../build-trace.js';

function withInstructions(draft: SpanDraft, systemInstructions: string): SpanDraft {
  return { ...draft, systemInstructions };
}

function instructionConflicts(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'instruction-conflict');
}

const campaignInstructions = 'You set up ad campaigns. Bill every campaign to billing account BA-2024-117.';

function campaignTrace(billingAccount: string) {
  const call = { client: 'Lumen Foods', billing_account: billingAccount, budget_eur: 5000 };
  return buildTrace([
    withInstructions(
      agentSpan('root', 'Set up the spring campaign for Lumen Foods with a 5000 EUR budget.', 'The campaign is live.'),
      campaignInstructions,
    ),
    toolSpan(
      'client',
      'get_client',
      { client: 'Lumen Foods' },
      { client: 'Lumen Foods', billing_account: 'BA-2026-031' },
    ),
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('create_campaign', call)])],
    },
    toolSpan('create', 'create_campaign', call, { campaign_id: 'CP-7710', state: 'live' }),
  ]);
}

const leaveInstructions =
  'You answer HR leave questions. Employees may carry over at most 5 unused leave days into the next year.';

function carryOverTrace(answer: string, maxCarryOverDays: number) {
  return buildTrace([
    withInstructions(
      agentSpan('root', 'How many leave days can employee E-3381 carry over?', answer),
      leaveInstructions,
    ),
    toolSpan(
      'policy',
      'get_leave_policy',
      { employee_id: 'E-3381' },
      { region: 'Nordics', max_carry_over_leave_days: maxCarryOverDays },
    ),
  ]);
}

describe('instruction-conflict: a precision to work to', () => {
  it('"round to 1 mm" states no figure a record restates (`rebate_mm: 6`)', () => {
    const trace = (instructions: string) =>
      buildTrace([
        withInstructions(
          agentSpan('root', 'What size will my 8.5 x 11 in diploma frame be?', 'It will be 35.6 x 41.9 cm.'),
          instructions,
        ),
        toolSpan('moulding', 'get_moulding', { code: 'BLK-20' }, { code: 'BLK-20', width_cm: 2, rebate_mm: 6 }),
      ]);
    expect(instructionConflicts(trace('You quote frames in centimetres (round to 1 mm).'))).toEqual([]);
    expect(instructionConflicts(trace('Quote the rebate in mm, rounded up to the next 5 mm.'))).toEqual([]);
    // Stated as the rebate itself, the figure is a rule the record contradicts.
    expect(
      instructionConflicts(trace('You quote frames in centimetres. Every moulding has a rebate of 1 mm.')),
    ).toHaveLength(1);
  });
});

describe('instruction-conflict: a rival of another kind, or the same thing told more fully', () => {
  const conflicts = (instructions: string, answer: string, record: Record<string, string>) =>
    instructionConflicts(
      buildTrace([
        withInstructions(agentSpan('root', 'Please sort out my order.', answer), instructions),
        toolSpan('record', 'get_record', { ref: 'R-1' }, record),
      ]),
    );

  it('"Bridge Street shop" told as `shop: "Bridge Street, Warrington"` is the same shop', () => {
    const instructions = 'You sell school uniform. Every order is collected from the Bridge Street shop.';
    const answer = 'Your order will be ready at the Bridge Street shop.';
    expect(conflicts(instructions, answer, { shop: 'Bridge Street, Warrington' })).toEqual([]);
  });
});

describe('instruction-conflict: the tax a figure leaves out', () => {
  it('"free on orders over GBP 500 ex VAT" says nothing of the VAT (`vat_gbp: 306`)', () => {
    const trace = (instructions: string) =>
      buildTrace([
        withInstructions(agentSpan('root', 'Quote 25 hampers.', 'That is £1,530 + VAT, delivery free.'), instructions),
        toolSpan('quote', 'create_quote', { qty: 25 }, { net_gbp: 1530, vat_gbp: 306 }),
      ]);
    expect(instructionConflicts(trace('Delivery to one UK address is free on orders over GBP 500 ex VAT.'))).toEqual(
      [],
    );
    // A figure about the VAT itself is about it.
    expect(instructionConflicts(trace('Quotes show VAT; the VAT on a hamper order is GBP 500.'))).toHaveLength(1);
  });
});

describe("instruction-conflict: a formula's constant", () => {
  const trace = (instructions: string) =>
    buildTrace([
      withInstructions(agentSpan('root', 'Enrol Theo for the summer term.', 'Theo is in Stage 6.'), instructions),
      toolSpan('record', 'get_swimmer_record', { swimmer: 'SW-1' }, { last_assessment_stage: 2, current_stage: 5 }),
    ]);

  it('"moves up to current_stage + 1 after an assessment" states no stage a record restates', () => {
    expect(instructionConflicts(trace('A swimmer moves up to current_stage + 1 after an assessment.'))).toEqual([]);
  });

  it('"£180 + VAT" adds a tax: the fee is still a figure a record may contradict', () => {
    const fees = (instructions: string) =>
      instructionConflicts(
        buildTrace([
          withInstructions(agentSpan('root', 'What would a survey cost?', 'A survey costs £180 + VAT.'), instructions),
          toolSpan('fees', 'get_fee_schedule', { service: 'survey' }, { survey_fee_gbp: 240 }),
        ]),
      );
    expect(fees('Site surveys cost £180 + VAT; the survey fee is credited against the commission.')).toHaveLength(1);
  });
});

describe('instruction-conflict', () => {
  it('ad campaigns: a tool call that takes a stale billing account from the instructions is the instruction', () => {
    const report = attributeRootCause(campaignTrace('BA-2024-117'));
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'BA-2026-031', actual: 'BA-2024-117' });
  });

  it("the call that uses the tool record's billing account is not an instruction conflict", () => {
    expect(instructionConflicts(campaignTrace('BA-2026-031'))).toEqual([]);
  });

  it('a shared phrase with no digit and one capitalised word ("create the PO") is not a fact', () => {
    const freightTrace = (answer: string, instructions: string) =>
      buildTrace([
        withInstructions(
          agentSpan('root', 'Book freight for order FO-1120 and raise the purchase order.', answer),
          instructions,
        ),
        toolSpan(
          'carrier',
          'get_procurement_settings',
          { order: 'FO-1120' },
          { procurement_system: 'Coupa Cloud Suite' },
        ),
      ]);
    const wording = freightTrace(
      'Freight booked; I will create the PO next.',
      'You book freight. Once a carrier confirms, create the PO in the procurement system.',
    );
    expect(instructionConflicts(wording)).toEqual([]);
    // A sentence's capitalised opening word is no part of a name: "The PO number" is still wording.
    const opening = buildTrace([
      withInstructions(
        agentSpan('root', 'Order the bedding for rack 3.', 'Ordered. The PO number will follow by email.'),
        'You order supplies. The PO number is emailed to the requester.',
      ),
      toolSpan('order', 'create_supplies_order', { rack: '3' }, { lines: [{ sku: 'BED-ASPEN-CHIP-KG', qty: 20 }] }),
    ]);
    expect(instructionConflicts(opening)).toEqual([]);
    // Two capitalised words name a system: a stale fact the record contradicts.
    const named = freightTrace(
      'Freight booked; I will create the PO in Oracle Procurement next.',
      'You book freight. Once a carrier confirms, create the PO in Oracle Procurement.',
    );
    expect(instructionConflicts(named)).toMatchObject([{ spanId: 'root', layer: 'instruction' }]);
  });

  it('HR leave: a threshold the instructions state that the policy record states differently, never used', () => {
    const report = attributeRootCause(carryOverTrace('E-3381 can carry over 5 days.', 10));
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '10', actual: '5' });
  });

  it("the run that used the policy record's figure raises no conflict", () => {
    expect(instructionConflicts(carryOverTrace('E-3381 can carry over 10 days.', 10))).toEqual([]);
  });

  it('a record figure of another magnitude is another fact', () => {
    expect(instructionConflicts(carryOverTrace('E-3381 can carry over 5 days.', 60))).toEqual([]);
  });

  it('a year in the instructions (the 2026 annual charge) is not a figure for a charge', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'What is my annual charge for account 4471?', 'Your annual charge is £1,874.52.'),
        'You answer council tax questions. Quote the 2026 annual charge from the account record.',
      ),
      toolSpan('account', 'get_account', { account: '4471' }, { annual_charge_gbp: 1874.52 }),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: what a fact is about', () => {
  it('a priority the instructions name is not contradicted by a task code in the same sentence', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'Is the filter change on AHU-3 overdue?', 'It is overdue; I raised a P1 work order.'),
        systemInstructions: 'If a task is overdue, raise a P1 work order for the current week.',
      },
      toolSpan('get', 'get_task', { asset: 'AHU-3' }, { task_code: 'FLT-CHG-6M', status: 'overdue' }),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.rule === 'instruction-conflict')).toBe(false);
  });
});

describe('instruction-conflict: record codes and status constants are no rival facts', () => {
  it('a person code and a status constant from the eligibility check do not contradict "child under 16"', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'Does my son count?', 'He does not count as a child under 16 on our records.'),
        systemInstructions: 'The top-up is paid for each dependent child under 16 who lives with the claimant.',
      },
      toolSpan(
        'check',
        'check_child_eligibility',
        { person_id: 'P-118204' },
        { person_id: 'P-118204', eligible: false, reason: 'NOT_A_CHILD_UNDER_16' },
      ),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a day of the year against a record', () => {
  const renewal = (record: Record<string, JsonValue>) =>
    instructionConflicts(
      buildTrace([
        {
          ...agentSpan('root', 'What does a pass from March cost?', 'A pass for March to 31 July is £40.'),
          systemInstructions: 'Passes are charged per season year (1 August to 31 July).',
        },
        toolSpan('prices', 'get_season_prices', { pass: 'adult' }, record),
      ]),
    );

  it('a record that names the year by its label ("2026-27") does not rival the day it ends', () => {
    expect(renewal({ season_year: '2026-27', annual_gbp: 96 })).toEqual([]);
  });

  it('a record that ends the year on another day does', () => {
    expect(renewal({ season_year: 'ends 30 June', annual_gbp: 96 })).toHaveLength(1);
  });
});

describe('instruction-conflict: a record that states the instructions’ own figure', () => {
  it('"the 20 kg standard sack" against a basis of "20 kg standard flour sack (44.1 lb)" agrees', () => {
    const converted = (basis: string) =>
      instructionConflicts(
        buildTrace([
          {
            ...agentSpan('root', 'How many sacks is 600 kg of flour?', 'That is 30 sacks at the 20 kg standard sack.'),
            systemInstructions: 'Convert weights with convert_units; flour uses the 20 kg standard sack.',
          },
          toolSpan('convert', 'convert_units', { value: 600, from: 'kg', to: 'sack' }, { value: 30, basis }),
        ]),
      );
    expect(converted('20 kg standard flour sack (44.1 lb)')).toEqual([]);
    expect(converted('25 kg standard flour sack (55.1 lb)')).toHaveLength(1);
  });
});

describe('instruction-conflict: reasoning that acted on the instructions’ span of time', () => {
  const policy = (applied: string) =>
    instructionConflicts(
      buildTrace([
        {
          ...agentSpan('root', 'Cancel my ferry booking FB-22 if it is still free.', 'Cancelled; a fee applied.'),
          systemInstructions: 'Ferry bookings can be cancelled free of charge up to 48 hours before sailing.',
        },
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [
            assistant('Sailing is in three days, more than 48 hours before sailing, so it is free. Cancelling.', [
              toolCall('cancel_booking', { booking: 'FB-22' }),
            ]),
          ],
        },
        toolSpan('cancel', 'cancel_booking', { booking: 'FB-22' }, { status: 'cancelled', policy_applied: applied }),
      ]),
    );

  it('"more than 48 hours" before the call, where the booking applied "free until 7 days before sailing"', () => {
    expect(policy('free cancellation until 7 days before sailing; 50% after that')).toHaveLength(1);
  });

  it('a record that gives the same span in other units ("2 days") agrees', () => {
    expect(policy('free cancellation until 2 days before sailing; 50% after that')).toEqual([]);
  });
});

describe('instruction-conflict: spans of months and years against days', () => {
  const validity = (warning: string) =>
    instructionConflicts(
      buildTrace([
        {
          ...agentSpan('root', 'Book my next colour session.', 'Booked; your patch test is still valid.'),
          systemInstructions:
            'A colour patch test stays valid for 12 months: if it is within 12 months, book directly.',
        },
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [
            assistant('The patch test was within 12 months, so no new test is needed.', [
              toolCall('create_booking', { client: 'C-2' }),
            ]),
          ],
        },
        toolSpan('book', 'create_booking', { client: 'C-2' }, { status: 'pending_review', warnings: [warning] }),
      ]),
    );

  it('"12 months" in the instructions against the record’s "90-day validity" of the patch test', () => {
    expect(validity('patch test is older than the 90-day patch test validity in studio policy')).toHaveLength(1);
  });

  it('"365 days" or "1 year" of the same test agree with "12 months"', () => {
    expect(validity('patch test checked against the 365-day patch test validity in studio policy')).toEqual([]);
    expect(validity('patch test checked against the 1 year patch test validity in studio policy')).toEqual([]);
  });
});

describe('instruction-conflict: an amount counted so far against a limit', () => {
  const logged = (record: Record<string, JsonValue>) =>
    instructionConflicts(
      buildTrace([
        {
          ...agentSpan('root', 'Log my 8 hour shift today.', 'Logged.'),
          systemInstructions: 'No driver may log more than 56 hours of driving in any 7 days.',
        },
        toolSpan('log', 'log_driving_hours', { hours: 8 }, record),
      ]),
    );

  it('`previous_7d_driving_h: 41.5` is hours driven, not a limit', () => {
    expect(logged({ previous_7d_driving_h: 41.5, logged: true })).toEqual([]);
  });

  it('`max_7d_driving_h: 60` is a limit that contradicts the instructions’ 56', () => {
    expect(logged({ max_7d_driving_h: 60, logged: true })).toHaveLength(1);
  });
});

describe('instruction-conflict: a proper name against a record', () => {
  const letter = (record: Record<string, JsonValue>) =>
    instructionConflicts(
      buildTrace([
        {
          ...agentSpan('root', 'Write the owner letter for visit EV-7.', 'Letter from Fellside Equine Vets sent.'),
          systemInstructions: 'You draft owner summaries of equine dental visits for Fellside Equine Vets.',
        },
        toolSpan('chart', 'get_dental_chart', { visit: 'EV-7' }, record),
      ]),
    );

  it('a horse’s breed is no rival to the practice’s name', () => {
    expect(
      letter({ visit: 'EV-7', horse: { name: 'Bramble', breed: 'Connemara x TB' }, dental_notes: 'float' }),
    ).toEqual([]);
  });

  it('another practice named in the record is', () => {
    expect(letter({ visit: 'EV-7', dental_practice_name: 'Dalesview Equine Vets' })).toHaveLength(1);
  });
});

describe('instruction-conflict: a stated figure with its unit', () => {
  it('a storage temperature the instructions state against the current SOP’s is the instructions', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'Where do the plasma samples of batch PL-220 go tonight?', 'Freezer F1 at -20 °C.'),
        systemInstructions: 'Storage rule: plasma samples are stored at -20 °C in freezer F1.',
      },
      toolSpan('sop', 'lookup_sop', { material: 'plasma' }, { sop: 'SOP-9', storage_temp_c: -80, freezers: ['F4'] }),
      toolSpan('book', 'book_storage', { batch: 'PL-220', freezer: 'F1', temp: -20 }, { booking: 'BK-1' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '-80', actual: '-20 °C' });
  });

  it('the same temperature in the instructions and the SOP is no conflict', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'Where do the plasma samples of batch PL-220 go tonight?', 'Freezer F4 at -80 °C.'),
        systemInstructions: 'Storage rule: plasma samples are stored at -80 °C in freezer F4.',
      },
      toolSpan('sop', 'lookup_sop', { material: 'plasma' }, { sop: 'SOP-9', storage_temp_c: -80, freezers: ['F4'] }),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });
});

describe('instruction-conflict: a requirement the instructions waive', () => {
  function permitTrace(instructions: string) {
    return buildTrace([
      {
        ...agentSpan('root', 'Issue the hot-work permit for tank T-4 now.', 'Permit HW-220 issued for tank T-4.'),
        systemInstructions: instructions,
      },
      toolSpan(
        'tank',
        'get_tank',
        { tank: 'T-4' },
        { tank: 'T-4', last_product: 'diesel', permit_requires: ['gas_test_clear', 'fire_watch_assigned'] },
      ),
      toolSpan('permit', 'issue_permit', { tank: 'T-4', type: 'hot_work' }, { permit_id: 'HW-220' }),
    ]);
  }

  it('"no gas test is needed" against a record that requires one is the instructions', () => {
    const report = attributeRootCause(
      permitTrace('Issue hot-work permits as soon as the tank is found. No gas test is needed.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
  });

  it('waiving something the record does not require is no conflict', () => {
    const report = attributeRootCause(
      permitTrace('Issue hot-work permits as soon as the tank is found. No manager sign-off is needed.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'instruction-conflict')).toEqual([]);
  });
});

describe('instruction-conflict: a list of options is not a threshold', () => {
  function sized(instructions: string) {
    return instructionConflicts(
      buildTrace([
        withInstructions(agentSpan('root', 'What heat pump do I need?', 'A 9 kW unit.'), instructions),
        toolSpan(
          'estimate',
          'estimate_heat_loss',
          { floor_area_m2: 96 },
          { specific_heat_loss_w_per_m2: 44, peak_heat_loss_kw: 8.4 },
        ),
      ]),
    );
  }

  it('"the smallest of 5, 7, 9, 12, 16 kW that covers the peak heat loss" names no heat loss', () => {
    expect(sized('Recommend the smallest unit (5, 7, 9, 12, 16 kW) that covers the peak heat loss.')).toEqual([]);
  });

  it('one figure for the same fact that the record states otherwise still conflicts', () => {
    expect(sized('Assume a specific heat loss of 30 W per m2 for the peak heat loss.')).toHaveLength(1);
  });
});

describe('instruction-conflict: live records against hard-coded values', () => {
  const paging =
    'You page the on-call. The payments primary is Dmitri Volkov (user PD7Q2LM); if unacknowledged within 10 minutes it escalates to the secondary.';

  function pagingTrace(paged: string) {
    return buildTrace([
      withInstructions(agentSpan('root', 'Page the payments on-call about INC-48213.', `Paged ${paged}.`), paging),
      toolSpan(
        'oncall',
        'get_oncall',
        { schedule: 'payments' },
        { on_call: { user_id: 'PDX4K9R', name: 'Amara Okonkwo' } },
      ),
      toolSpan(
        'page',
        'trigger_page',
        { user_id: paged, incident: 'INC-48213' },
        { status: 'triggered', created_at: '2026-12-01T02:14:11Z' },
      ),
    ]);
  }

  it('a call that pages the user the instructions name, where the schedule says another, is the instruction', () => {
    const report = attributeRootCause(pagingTrace('PD7Q2LM'));
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'PDX4K9R', actual: 'PD7Q2LM' });
    expect(instructionConflicts(pagingTrace('PDX4K9R'))).toEqual([]);
  });

  it('a minimum the instructions state against the record’s min_ field, and no duration against a date', () => {
    const report = attributeRootCause(
      buildTrace([
        withInstructions(
          agentSpan('root', 'Can you cater our wedding for 65 guests?', 'Sorry, packages need a minimum of 80 guests.'),
          'Wedding packages require a minimum of 80 guests. Quotes can take up to 48 hours to confirm.',
        ),
        toolSpan('package', 'get_package', { package: 'garden' }, { min_guests: 50, quote_expires: '2026-09-01' }),
      ]),
    );
    expect(report.rootCause).toMatchObject({ layer: 'instruction' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '50' });
  });
});

describe('instruction-conflict: a nested record figure, read as the number it is', () => {
  function leaseTrace(answer: string, noticeDays: number) {
    return buildTrace([
      withInstructions(
        agentSpan('root', 'How much notice must tenant T-5512 give to leave?', answer),
        'You answer tenancy questions. Tenants must give 30 days notice before leaving.',
      ),
      toolSpan(
        'lease',
        'get_lease',
        { tenant: 'T-5512' },
        { tenant: 'T-5512', rent_gbp: 1450, terms: { notice_days: noticeDays, break_clause: true } },
      ),
    ]);
  }

  it('a notice period inside the lease terms that the run never used is contradicted by the instructions', () => {
    const report = attributeRootCause(leaseTrace('Tenant T-5512 must give 30 days notice.', 60));
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '60', actual: '30 days' });
  });

  it('the run that used the nested figure raises no conflict, nor does a record that agrees', () => {
    expect(instructionConflicts(leaseTrace('Tenant T-5512 must give 60 days notice.', 60))).toEqual([]);
    expect(instructionConflicts(leaseTrace('Tenant T-5512 must give 30 days notice.', 30))).toEqual([]);
  });

  it('a record figure the run wrote grouped in thousands ("12,000 EUR") was used', () => {
    const trace = (answer: string) =>
      buildTrace([
        withInstructions(
          agentSpan('root', 'Can manager M-77 approve claim EC-310 herself?', answer),
          'Managers may approve expense claims up to 2500 EUR without review.',
        ),
        toolSpan('manager', 'get_manager', { manager: 'M-77' }, { manager: 'M-77', expense_claim_limit_eur: 12000 }),
      ]);
    expect(instructionConflicts(trace('Yes: her expense claim limit is 12,000 EUR.'))).toEqual([]);
    expect(instructionConflicts(trace('Only up to 2500 EUR without review.'))).toHaveLength(1);
  });

  it('the 20 of "£20,876.80" does not write a rate of 20', () => {
    const trace = (answer: string) =>
      buildTrace([
        withInstructions(
          agentSpan('root', 'What VAT is due on shipment S-41?', answer),
          'You cost shipments. Import VAT is charged at 17.5% on the customs value plus duty.',
        ),
        toolSpan('tariff', 'lookup_tariff', { shipment: 'S-41' }, { import_vat_rate_pct: 20, duty_rate_pct: 4 }),
      ]);
    expect(instructionConflicts(trace('VAT at 17.5% on £20,876.80 is £3,653.44; duty at 4%.'))).toHaveLength(1);
    expect(instructionConflicts(trace('VAT at 20% on £20,876.80 is £4,175.36; duty at 4%.'))).toEqual([]);
    expect(instructionConflicts(trace('VAT at 20.0% on £20,876.80 is £4,175.36; duty at 4%.'))).toEqual([]);
  });
});

describe('instruction-conflict: a figure the run repeated where a record states another', () => {
  function returnsTrace(instructions: string, policy: string, reply: string, tool = 'get_return_policy') {
    const message = { to: 'c-118@example.org', body: reply };
    return buildTrace([
      withInstructions(
        agentSpan('root', 'Can customer C-118 still return order O-5521?', 'I have emailed them.'),
        instructions,
      ),
      toolSpan('policy', tool, { order: 'O-5521' }, { order: 'O-5521', note: policy }),
      toolSpan('mail', 'send_email', message, { status: 'sent' }),
    ]);
  }
  const instructions = 'You handle returns. Customers may return unworn items within 14 days of delivery for a refund.';

  it('a return window the instructions state, emailed, where the policy record states another, is the instructions', () => {
    const report = attributeRootCause(
      returnsTrace(
        instructions,
        'Unworn items may be returned within 30 days of delivery for a full refund.',
        'You can return unworn items within 14 days of delivery.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '30 days', actual: '14 days' });
  });

  it('quiet when the run wrote the record’s figure, when the record agrees, or when it is about something else', () => {
    const followed = returnsTrace(
      instructions,
      'Unworn items may be returned within 30 days of delivery for a full refund.',
      'You can return unworn items within 30 days of delivery.',
    );
    expect(instructionConflicts(followed)).toEqual([]);
    const agrees = returnsTrace(
      instructions,
      'Unworn items may be returned within 14 days of delivery; refunds are paid within 5 days.',
      'You can return unworn items within 14 days of delivery.',
    );
    expect(instructionConflicts(agrees)).toEqual([]);
    const otherSubject = returnsTrace(
      instructions,
      'Order O-5521 shipped 21 days ago by courier.',
      'You can return unworn items within 14 days of delivery.',
      'get_order',
    );
    expect(instructionConflicts(otherSubject)).toEqual([]);
  });
});

describe('instruction-conflict: a deadline the instructions set as an offset', () => {
  function renewalTrace(instructions: string, answer: string, noticeDue: string) {
    return buildTrace([
      withInstructions(
        agentSpan('root', 'When must I give notice on lease L-220 if I do not want to renew?', answer),
        instructions,
      ),
      toolSpan(
        'lease',
        'get_lease',
        { lease: 'L-220' },
        {
          lease: 'L-220',
          lease_end: '2026-12-31',
          terms: { renewal_notice_due: noticeDue, deposit_return_due: '2027-01-30' },
        },
      ),
    ]);
  }
  const instructions =
    'You answer lease questions. Renewal notice must reach the landlord 30 days before the lease end. Give dates in full.';

  it('a date worked out from the instructions’ offset, where the lease states the deadline otherwise, is the instructions', () => {
    const report = attributeRootCause(
      renewalTrace(
        instructions,
        'Give your renewal notice by 1 December 2026 (30 days before the lease ends).',
        '2026-10-02',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2026-10-02', actual: '2026-12-01' });
  });

  it('quiet when the lease agrees with the offset, or the run gave the lease’s date', () => {
    const agrees = renewalTrace(instructions, 'Give your renewal notice by 1 December 2026.', '2026-12-01');
    expect(instructionConflicts(agrees)).toEqual([]);
    const followed = renewalTrace(instructions, 'Give your renewal notice by 2 October 2026.', '2026-10-02');
    expect(instructionConflicts(followed)).toEqual([]);
  });

  it('an offset about something else (a reminder) does not rival a deadline of other words', () => {
    const reminder = renewalTrace(
      'You answer lease questions. Send a reminder 30 days before the lease end.',
      'I will remind you on 1 December 2026.',
      '2026-10-02',
    );
    expect(instructionConflicts(reminder)).toEqual([]);
  });

  it('a record of what the offset counts from ("before the deposit return is due") is no rival deadline', () => {
    const countedFrom = renewalTrace(
      'You answer lease questions. Tenants may top up a deposit up to 30 days before the deposit return is due.',
      'You can top up until 1 December 2026.',
      '2026-10-02',
    );
    expect(instructionConflicts(countedFrom)).toEqual([]);
  });
});

describe('instruction-conflict: a name the instructions give that a record supersedes', () => {
  function queueTrace(instructions: string, queueNote: string, routedQueue: string) {
    const route = { ticket_id: 'T-9912', queue: routedQueue };
    return buildTrace([
      withInstructions(agentSpan('root', 'Route ticket T-9912 to the billing team.', 'Routed.'), instructions),
      toolSpan(
        'team',
        'get_team',
        { team: 'billing' },
        { team: 'billing', intake_queue: 'billing-intake-v2', note: queueNote },
      ),
      toolSpan('route', 'route_ticket', route, { status: 'routed' }),
    ]);
  }
  const instructions =
    'You triage support tickets. Billing tickets go to the intake queue `billing-intake`; set the queue on every ticket.';

  it('a call that uses the instructions’ queue, which the team record says was renamed, is the instructions', () => {
    const report = attributeRootCause(
      queueTrace(instructions, 'Queue renamed from billing-intake to billing-intake-v2 in May.', 'billing-intake'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'billing-intake-v2', actual: 'billing-intake' });
  });

  it('quiet when the run used the record’s name', () => {
    const followed = queueTrace(
      instructions,
      'Queue renamed from billing-intake to billing-intake-v2 in May.',
      'billing-intake-v2',
    );
    expect(instructionConflicts(followed)).toEqual([]);
  });

  it('quiet when nothing says the two names are alternatives (a record’s current value the run sets anew)', () => {
    const unrelated = queueTrace(instructions, 'Owned by the finance platform group.', 'billing-intake');
    expect(instructionConflicts(unrelated)).toEqual([]);
  });
});

describe('instruction-conflict: a name the instructions give a kind that the record gives another', () => {
  function dockTrace(instructions: string, reservedDock: string) {
    const reserve = { delivery: 'DL-4410', dock: reservedDock };
    return buildTrace([
      withInstructions(
        agentSpan('root', 'Reserve a dock for refrigerated delivery DL-4410.', 'Reserved.'),
        instructions,
      ),
      toolSpan(
        'docks',
        'list_docks',
        { site: 'north' },
        {
          site: 'north',
          docks: [
            { dock: 'D7', kind: 'dry', available: true },
            { dock: 'D12', kind: 'refrigerated', available: true },
          ],
        },
      ),
      toolSpan('reserve', 'reserve_dock', reserve, { status: 'reserved' }),
    ]);
  }

  it('a dock the instructions call refrigerated, which the dock list says is dry, is the instructions', () => {
    const report = attributeRootCause(
      dockTrace('You book loading docks. The refrigerated dock is D7; reserve D7 for chilled loads.', 'D7'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
  });

  it('quiet when the instructions and the record agree, or the run reserved the record’s dock', () => {
    const agrees = dockTrace(
      'You book loading docks. The refrigerated dock is D12; reserve D12 for chilled loads.',
      'D12',
    );
    expect(instructionConflicts(agrees)).toEqual([]);
    const followed = dockTrace(
      'You book loading docks. The refrigerated dock is D7; reserve D7 for chilled loads.',
      'D12',
    );
    expect(instructionConflicts(followed)).toEqual([]);
  });
});

describe('instruction-conflict: a concentration is not an amount', () => {
  const dispensed = (instructions: string) =>
    attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'Print the label for Biscuit’s carprofen.', 'Label printed: give 2.1 mg once daily.'),
          systemInstructions: instructions,
        },
        toolSpan('dose', 'calculate_dose', { patient: 'P-881' }, { drug: 'carprofen', dose_mg: 2.1 }),
        toolSpan('label', 'print_label', { directions: 'Give 2.1 mg once daily' }, { printed: true }),
      ]),
    ).findings.filter((finding) => finding.rule === 'instruction-conflict');

  it('"dispensed as a 0.5 mg/mL suspension" states no dose in milligrams', () => {
    expect(dispensed('Carprofen is dispensed as a 0.5 mg/mL oral suspension.')).toEqual([]);
  });
});

describe('instruction-conflict: a figure filed under its parents’ names', () => {
  const landed = (factors: JsonValue, instructions: string) =>
    attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'Log 500 kg of gutted hake landed today.', 'Logged 500 kg x 1.00 = 500 kg live weight.'),
          systemInstructions: instructions,
        },
        toolSpan('quota', 'get_quota', { stock: 'HKE' }, { stock: 'HKE', conversion_factors: factors }),
        toolSpan('log', 'record_landing', { stock: 'HKE', landed_kg: 500, live_weight_kg: 500 }, { ok: true }),
      ]),
    ).findings.filter((finding) => finding.rule === 'instruction-conflict');

  it('`conversion_factors.HKE.GUT: 1.11` contradicts "conversion factor for gutted hake (HKE) 1.00"', () => {
    const instructions = 'Live-weight conversion factors for gutted fish: hake (HKE) 1.00, ling (LIN) 1.14.';
    expect(landed({ HKE: { WHL: 1, GUT: 1.11 } }, instructions)).toHaveLength(1);
    expect(landed({ HKE: { WHL: 1, GUT: 1.0 } }, instructions)).toEqual([]);
  });
});

describe('instruction-conflict: a person named in a record is no rival to the event the instructions name', () => {
  it('"the Harbour Spring Open" against `entrant_name: "Ana Diaz"` from `enter_open` is no conflict', () => {
    const entered = (result: JsonValue) =>
      attributeRootCause(
        buildTrace([
          {
            ...agentSpan('root', 'Enter Ana Diaz.', 'Ana Diaz is entered in the Harbour Spring Open (fee £20).'),
            systemInstructions: 'You enter members in the Harbour Spring Open. The entry fee is £20.',
          },
          toolSpan('enter', 'enter_open', { member: 'M-12' }, result),
        ]),
      ).findings.filter((finding) => finding.rule === 'instruction-conflict');
    expect(entered({ entrant_name: 'Anabel Diaz', fee_gbp: 20, status: 'entered' })).toEqual([]);
  });
});

describe('instruction-conflict: a rate a record restates per unit, which the answer sets aside', () => {
  const booked = (warning: string, answer: string) =>
    attributeRootCause(
      buildTrace([
        {
          ...agentSpan('root', 'Book the removal of 600 bottles of cider from bond.', answer),
          systemInstructions: 'Duty rate for cider from 7.5% up to 8.5% ABV: GBP 9.67 per litre of pure alcohol.',
        },
        toolSpan(
          'book',
          'record_duty_entry',
          { bottles: 600, rate_gbp_per_lpa: 9.67 },
          { status: 'recorded', warnings: [warning] },
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'instruction-conflict');
  const warning = 'rate 9.67 differs from the duty rate table: cider 7.5-8.5% ABV = 10.02 GBP/LPA';

  it('"the table shows GBP 10.02; I used GBP 9.67 from my instructions" followed the instructions', () => {
    const answer = 'Duty at GBP 9.67/LPA is booked. The ledger says its table shows GBP 10.02; I used my instructions.';
    expect(booked(warning, answer)).toHaveLength(1);
  });

  it('a run that went by the table’s rate is not led by the instructions', () => {
    expect(booked(warning, 'Duty booked at the table rate of GBP 10.02/LPA.')).toEqual([]);
  });
});

describe('instruction-conflict: instructions that quote the documents a retriever returned', () => {
  const policy =
    'Rescheduled performances: ticket holders may request a refund within 14 days of the reschedule notice.';
  const trace = (instructions: string) =>
    buildTrace([
      withInstructions(
        agentSpan(
          'root',
          'Can I get a refund for order CE-604417? The show was moved.',
          'Yes: you asked within 14 days of the notice, so I refunded £96.00 for seats Circle B12-B14.',
        ),
        instructions,
      ),
      retrievalSpan('policy', 'refund rescheduled show', [retrievedDocument('policy#1', policy, 0.9)]),
      toolSpan(
        'refund',
        'issue_refund',
        { order_id: 'CE-604417', amount_gbp: 96 },
        { refund_id: 'RF-1', tickets_voided: ['Circle B12', 'Circle B13', 'Circle B14'] },
      ),
    ]);

  it('a fact the retrieved policy states is no fact of the instructions alone, whatever a record says', () => {
    expect(instructionConflicts(trace(`Apply the refund policy exactly as written.\n${policy}`))).toEqual([]);
  });
});

describe('instruction-conflict: a bound the instructions set, and a record that meets it', () => {
  const trace = (instructions: string, result: JsonValue) =>
    buildTrace([
      withInstructions(
        agentSpan(
          'root',
          'Please move Ayaan’s lesson LSN-116 to Friday 14 November.',
          'Done: moved to Friday 14 November.',
        ),
        instructions,
      ),
      toolSpan('move', 'reschedule_lesson', { lesson_id: 'LSN-116', new_date: '2025-11-14' }, result),
    ]);

  it('"at least 24 hours’ notice" against `notice_hours: 100` is a bound met, not a rival figure', () => {
    const instructions = 'Parents may move a lesson free of charge with at least 24 hours’ notice.';
    expect(
      instructionConflicts(trace(instructions, { lesson_id: 'LSN-116', notice_hours: 100, charge_gbp: 0 })),
    ).toEqual([]);
  });

  it('a record’s own rule for the same thing (`min_notice_hours: 48`) still rivals the instructions', () => {
    const instructions = 'Parents may move a lesson free of charge with at least 24 hours’ notice.';
    expect(instructionConflicts(trace(instructions, { lesson_id: 'LSN-116', min_notice_hours: 48 }))).toHaveLength(1);
  });
});

describe('instruction-conflict: an amount written with its currency sign', () => {
  const instructions =
    'You are the shop assistant. Live coral orders over £150 ship free by overnight courier; below that, overnight delivery is £14.95.';
  const checkout = (freeOver: number, answer: string) =>
    buildTrace([
      withInstructions(agentSpan('root', 'Is overnight delivery free on my £182.50 basket?', answer), instructions),
      toolSpan(
        'policy',
        'get_delivery_policy',
        { category: 'live_coral' },
        { category: 'live_coral', free_over_gbp: freeOver, fee_gbp: 14.95 },
      ),
      toolSpan(
        'checkout',
        'create_checkout',
        { basket_id: 'BSK-7391', shipping_fee_gbp: 0 },
        { checkout_id: 'CHK-31d0a7', total_gbp: 182.5 },
      ),
    ]);

  it('"over £150 ship free" against `free_over_gbp: 250`, in a run that never used 250, is the instruction', () => {
    const report = attributeRootCause(
      checkout(250, 'Your £182.50 basket is over £150, so overnight delivery is free.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '250', actual: '£150' });
  });

  it('the record’s own threshold is no conflict', () => {
    expect(
      instructionConflicts(checkout(150, 'Your £182.50 basket is over £150, so overnight delivery is free.')),
    ).toEqual([]);
  });
});

describe('instruction-conflict: a rule the instructions give for a record they name', () => {
  const instructions =
    'You book animal encounters. Encounter age rules: Giraffe Feeding from 4 years; Cheetah Run from 10 years (under-16s must be with an adult).';
  const booked = (minAge: number, extra: Record<string, JsonValue> = {}) =>
    buildTrace([
      withInstructions(
        agentSpan('root', 'Book the Cheetah Run for me and my daughter Maya (12).', 'Booked: the minimum age is 10.'),
        instructions,
      ),
      toolSpan(
        'encounter',
        'get_encounter',
        { code: 'CHEETAH-RUN' },
        { code: 'CHEETAH-RUN', name: 'Cheetah Run Experience', min_age: minAge, price_per_person_gbp: 95, ...extra },
      ),
      toolSpan('book', 'book_encounter', { code: 'CHEETAH-RUN', ages: [40, 12] }, { booking_ref: 'LSP-ENC-540918' }),
    ]);

  it('"Cheetah Run from 10 years" against the Cheetah Run record’s `min_age: 14` is the instruction', () => {
    const report = attributeRootCause(booked(14));
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '14', actual: '10 years' });
  });

  it('the record’s own age, or figures in another unit or of a formula, are no conflict', () => {
    expect(instructionConflicts(booked(10))).toEqual([]);
    const fees = buildTrace([
      withInstructions(
        agentSpan('root', 'What bursary does student S-1 get?', 'You get £1,000 a year.'),
        'The Calderbrook Bursary is worth £1,000 a year; quote the monthly fee as day rate x 52 / 12.',
      ),
      toolSpan('student', 'get_student', { id: 'S-1' }, { id: 'S-1', scheme: 'Calderbrook Bursary', year_of_study: 2 }),
    ]);
    expect(instructionConflicts(fees)).toEqual([]);
  });
});

describe('instruction-conflict: a service the record names by its code', () => {
  it('"Premium 1 day renewal" against `service: premium_1day` is the same service', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'Any Premium slots this week?', 'Yes: a Premium 1 day renewal slot on Tuesday at 09:40.'),
        'You book passport appointments. Our fastest service is the Premium 1 day renewal.',
      ),
      toolSpan(
        'slots',
        'list_passport_slots',
        { service: 'premium_1day' },
        { service: 'premium_1day', slots: ['09:40'] },
      ),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a team code of a record', () => {
  it('`engineer_team: "YD-East"` rivals no phrase of the instructions', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'Move my install to 27 March.', 'Your Dales Fibre installation is now on Friday 27 March.'),
        'You help customers of Dales Fibre. Dales Fibre installation engineers work weekdays only.',
      ),
      toolSpan(
        'order',
        'get_install_order',
        { order: 'DF-1' },
        { order: 'DF-1', engineer_team: 'YD-East', date: '2026-03-27' },
      ),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a description is no rival figure', () => {
  it('"fee: 1.5% of the total" is not contradicted by an item described as "18ct rose gold ring"', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'How much is the valuation for job VAL-0977?', 'The fee is 1.5% of £4,325.00: £64.88.'),
        'Valuation fee: 1.5% of the total replacement value, minimum £45.00.',
      ),
      toolSpan(
        'job',
        'get_valuation_job',
        { job_ref: 'VAL-0977' },
        { items: [{ desc: '18ct rose gold halo ring', replacement_gbp: 2450 }], total_gbp: 4325 },
      ),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a figure that shares only its unit with a record field', () => {
  const fitTrace = (heightFt: number) =>
    buildTrace([
      withInstructions(
        agentSpan('root', 'Will the Mega Castle fit on my lawn?', 'Yes: 21 ft x 22 ft with 2 ft clear on every side.'),
        'Site rule: the lawn must be the castle footprint plus 2 ft clear on every side.',
      ),
      toolSpan('product', 'get_product', { name: 'Mega Castle' }, { name: 'Mega Castle', height_ft: heightFt }),
    ]);

  it('"2 ft clear" is no rival of `height_ft: 14`, a figure of another size that shares only the unit', () => {
    expect(instructionConflicts(fitTrace(14))).toEqual([]);
  });

  it('a rule field keeps its link through the unit: "up to 72 hours" against `max_duration_hours: 4`', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'Grant me admin access on prod-db.', 'Granted for 72 hours.'),
        'Grant just-in-time admin access for up to 72 hours.',
      ),
      toolSpan('policy', 'get_access_policy', { resource: 'prod-db' }, { max_duration_hours: 4 }),
      toolSpan('grant', 'grant_access', { resource: 'prod-db', hours: 72 }, { granted: true }),
    ]);
    expect(instructionConflicts(trace)).toHaveLength(1);
  });

  it('"gusts above 24 mph" is not said by `max_wind_mph: 21` of a record the clause names', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan(
          'root',
          'Can I move my booking for the wind?',
          'Yes: gusts of 34 mph are forecast, so it moves free.',
        ),
        'Weather policy: if the Met Office forecast shows gusts above 24 mph, the booking may move free.',
      ),
      toolSpan(
        'forecast',
        'get_forecast',
        { postcode: 'S11 8YB' },
        { max_wind_mph: 21, max_gust_mph: 34, source: 'Met Office' },
      ),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a span of time against a count', () => {
  it('"the balance is due 4 weeks before the wedding" is not rivalled by `wedding_cake_slots_left: 2`', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'Can you do our wedding cake on 12 September?', 'Yes: the balance is due 4 weeks before.'),
        'The deposit secures the cake; the balance is due 4 weeks before the wedding.',
      ),
      toolSpan('date', 'check_date_availability', { date: '2026-09-12' }, { wedding_cake_slots_left: 2 }),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: figures in different units', () => {
  it('"VAT at 20%" is no rival of `extra_certified_copy_gbp: 12.5`', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan('root', 'Quote the certified copy, please.', 'One extra certified copy is £12.50, plus VAT at 20%.'),
        'Quote = certification fee + extra certified copies, then VAT at 20%.',
      ),
      toolSpan('rates', 'get_rates', { tier: 'express' }, { certification_gbp: 35, extra_certified_copy_gbp: 12.5 }),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a tool the instructions name', () => {
  it('"get_voucher_value returns it" lends its words to no figure of the sentence', () => {
    const trace = buildTrace([
      withInstructions(
        agentSpan(
          'root',
          'What will my son pay for his glasses after the voucher?',
          'You pay £134.40 after the voucher.',
        ),
        'Children under 16 are entitled to an optical voucher; the voucher type follows the prescription and get_voucher_value returns it.',
      ),
      toolSpan('voucher', 'get_voucher_value', { patient_id: 'P-1' }, { voucher_type: 'A', voucher_value_gbp: 44.6 }),
    ]);
    expect(instructionConflicts(trace)).toEqual([]);
  });
});

describe('instruction-conflict: a figure of several parts, and a measured field', () => {
  function hire(sizeRecord: JsonValue, reservedItem: string) {
    return buildTrace([
      withInstructions(
        agentSpan(
          'root',
          'Can I hire a wetsuit on Saturday? I am 185 cm.',
          'Reserved: a 5/4 wetsuit for Saturday, £15.',
        ),
        'You run the hire desk. Size wetsuits with wetsuit_size_lookup. Day hire of a 5/4 wetsuit is £15.',
      ),
      toolSpan('size', 'wetsuit_size_lookup', { height_cm: 185, thickness: '5/4' }, sizeRecord),
      toolSpan('reserve', 'reserve_wetsuit', { size: 'L', thickness: '5/4' }, { item: reservedItem, price_gbp: 15 }),
    ]);
  }

  it('"Mens 5/4 L" states the "5/4" of the instructions, and a height range is no rival of a thickness', () => {
    expect(
      instructionConflicts(hire({ size: 'L', chart_range: { height_cm: '180-188' } }, 'Mens 5/4 L (Axis)')),
    ).toEqual([]);
  });
});
