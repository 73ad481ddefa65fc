import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

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
