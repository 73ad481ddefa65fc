import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { valuesNamedFor } from '../../../../src/attribution/rules/contradicted-argument.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

const instructions = "You operate cluster aks-01, which hosts the namespaces 'staging' and 'production'.";

function run(request: string, namespace: string): ReturnType<typeof buildTrace> {
  const root: SpanDraft = {
    ...agentSpan('root', request, 'Done: scaled to 2 replicas.'),
    systemInstructions: instructions,
  };
  return buildTrace([
    root,
    {
      id: 'model',
      name: 'chat',
      role: 'llm',
      outputMessages: [assistant('', [toolCall('scale_deployment', { namespace, deployment: 'web', replicas: 2 })])],
    },
    toolSpan('scale', 'scale_deployment', { namespace, deployment: 'web', replicas: 2 }, { replicas: 2 }),
  ]);
}

describe('valuesNamedFor', () => {
  it('reads the value a request gives a field by name', () => {
    expect(valuesNamedFor('Scale web in the staging namespace back down', 'namespace')).toEqual(['staging']);
    // "~3 GB of memory per task": a rate's word, no value of `task`.
    expect(valuesNamedFor('showing ~3 GB of memory per task on the dashboard', 'task')).toEqual([]);
    expect(valuesNamedFor('Deploy to env: prod now', 'target_env')).toEqual(['prod']);
    expect(valuesNamedFor('Start it in region eu-west-1', 'region')).toEqual(['eu-west-1']);
  });

  it('reads no value from words that only sit beside the field name', () => {
    expect(valuesNamedFor('Create a new namespace for the team', 'namespace')).toEqual([]);
    expect(valuesNamedFor('Scale the namespace back down', 'namespace')).toEqual([]);
    // `from` is a preposition in a request, not the field.
    expect(valuesNamedFor('Find a flight from Porto', 'from')).toEqual([]);
    // "a PE teacher" is a kind of teacher, not the teacher the call must name.
    expect(valuesNamedFor('Move it, as long as a PE teacher is free then', 'teacher')).toEqual([]);
    expect(valuesNamedFor('Move it, as long as the PE teacher is free then', 'teacher')).toEqual(['PE']);
    // "Can you quote it in euro?": the subject of the sentence is no quote currency.
    expect(valuesNamedFor('Can you quote the package in euro?', 'quote')).toEqual([]);
    // "We have no stone" says how much stone, not which.
    expect(valuesNamedFor('We have no stone, so it will need buying in.', 'stone')).toEqual([]);
  });
});

describe('contradicted-argument', () => {
  it('a call in the production namespace when the request names staging is the model’s tool-args', () => {
    const report = attributeRootCause(run('Scale web in the staging namespace down to 2 replicas.', 'production'));
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'tool-args', rule: 'contradicted-argument' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'staging', actual: 'production' });
  });

  it('a call across every namespace (`ALL`) widens the one the request names; it names no other', () => {
    const report = attributeRootCause(run('Scale web in the staging namespace down to 2 replicas.', 'ALL'));
    expect(report.findings.filter((finding) => finding.rule === 'contradicted-argument')).toEqual([]);
  });

  it('the namespace the request names, or its short form, is fine', () => {
    expect(attributeRootCause(run('Scale web in the staging namespace down to 2 replicas.', 'staging')).verdict).toBe(
      'ok',
    );
    expect(attributeRootCause(run('Scale web in the production namespace down to 2 replicas.', 'prod')).verdict).toBe(
      'ok',
    );
  });

  it('a code for the named thing is how a call names it, not a contradiction', () => {
    const trace = buildTrace([
      agentSpan('root', 'How many cases are in the Rotterdam warehouse?', 'There are 40 cases.'),
      toolSpan('list', 'list_warehouses', {}, { warehouses: ['RTM-01 Rotterdam', 'ANR-02 Antwerp'] }),
      toolSpan('stock', 'check_stock', { warehouse: 'RTM-01' }, { cases: 40 }),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });

  it('an unquoted word that names no option of the run is not taken for a value', () => {
    const trace = buildTrace([
      agentSpan('root', 'Put the job in the overnight queue.', 'Queued.'),
      toolSpan('enqueue', 'enqueue_job', { queue: 'batch' }, { queued: true }),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.rule === 'contradicted-argument')).toBe(false);
  });
});

describe('contradicted-argument: a reference the run looked up', () => {
  // The request names a claim by its own reference; the repair is booked against the policy the claim is filed under.
  const repair = (claim: { claim_ref: string; policy_ref: string }) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', 'Book the windscreen repair for ref CLM-55810.', 'Booked.'),
        toolSpan('claim', 'get_claim', { claim_ref: 'CLM-55810' }, claim),
        toolSpan('book', 'book_repair', { policy_ref: 'POL-20931' }, { booked: true }),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-argument');

  it('the other reference of the record the request named is a lookup, not a contradiction', () => {
    expect(repair({ claim_ref: 'CLM-55810', policy_ref: 'POL-20931' })).toEqual([]);
  });

  it('the same reference taken from another record still contradicts the request', () => {
    expect(repair({ claim_ref: 'CLM-55811', policy_ref: 'POL-20931' })).toHaveLength(1);
  });
});

describe('contradicted-argument: a slot written as a code', () => {
  function signUp(slot: string) {
    return buildTrace([
      agentSpan('root', 'Sign me up for the harvest shift on Saturday, morning slot please.', 'Signed up.'),
      toolSpan('slots', 'list_slots', { shift: 'harvest' }, { slots: ['morning (AM)', 'afternoon (PM)'] }),
      toolSpan('sign', 'sign_up_shift', { shift: 'harvest', slot }, { confirmation: 'FO-4471', slot }),
    ]);
  }

  it('AM is the morning slot', () => {
    expect(attributeRootCause(signUp('AM')).findings.some((finding) => finding.rule === 'contradicted-argument')).toBe(
      false,
    );
  });

  it('PM is not', () => {
    expect(attributeRootCause(signUp('PM')).rootCause).toMatchObject({
      spanId: 'sign',
      rule: 'contradicted-argument',
    });
  });
});

describe('contradicted-argument: a branch code made of the named place’s letters', () => {
  function stock(branch: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'Do you have four tyres in stock at the Stockport branch?', 'Yes.'),
        toolSpan('branches', 'list_branches', {}, { branches: ['Stockport (STK)', 'Cheadle (CHD)'] }),
        toolSpan('stock', 'check_stock', { branch, qty: 4 }, { items: [{ sku: 'T-1', qty: 6 }] }),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-argument');
  }

  it('STK is Stockport', () => {
    expect(stock('STK')).toEqual([]);
  });

  it('CHD is not', () => {
    expect(stock('CHD')).toHaveLength(1);
  });
});

describe('contradicted-argument: a code of the whole name the named word ends', () => {
  function availability(terminal: string) {
    return attributeRootCause(
      buildTrace([
        agentSpan('root', 'Can we get 4 flat wagons at Felixstowe North Terminal on Thursday?', 'Yes: 7 are free.'),
        toolSpan('terminals', 'list_terminals', {}, { terminals: ['North (FXN)', 'South (FXS)'] }),
        toolSpan('check', 'check_availability', { terminal, count: 4 }, { available: 7 }),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-argument');
  }

  it('FXN is Felixstowe North', () => {
    expect(availability('FXN')).toEqual([]);
  });
});

describe('contradicted-argument: a default that selects the user’s own', () => {
  it('`calendar: primary` for "put it in my Outlook calendar" names no other calendar', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Book Booth B for Tuesday 10:00 and put it in my Outlook calendar.', 'Booked and added.'),
        toolSpan(
          'cal',
          'add_calendar_event',
          { calendar: 'primary', subject: 'Booth B' },
          { web_link: 'https://outlook.office.com/calendar/item/1' },
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-argument');
    expect(report).toEqual([]);
  });
});

describe('contradicted-argument: a code a document names as the thing the request describes', () => {
  const run = (document: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'We ran a folk night under the live music tariff: £980 box office. What do we owe?',
          'GBP 34.00.',
        ),
        toolSpan('docs', 'search_tariffs', { q: 'live music tariff' }, { text: document }),
        toolSpan('fee', 'calculate_fee', { tariff: 'LP', gross_receipts_gbp: 980 }, { payable_gbp: 34 }),
      ]),
    ).findings.filter((finding) => finding.rule === 'contradicted-argument');

  it('"Tariff LP - Live popular music events" says LP is the music tariff', () => {
    expect(run('Tariff LP - Live popular music events (2026). Fee: 3.0% of gross box office receipts.')).toEqual([]);
  });

  it('two names given as alternatives ("tariffs LP and music") say nothing of the kind', () => {
    expect(run('Tariffs LP and music are listed; LP covers dance events only.')).toHaveLength(1);
  });
});
