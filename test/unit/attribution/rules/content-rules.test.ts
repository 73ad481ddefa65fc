import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

describe('upstream-data', () => {
  it('a negative price that the answer repeats is upstream-data at the tool', () => {
    const trace = buildTrace([
      agentSpan('root', 'Price 2 seats of Contoso Analytics.', '2 seats cost -80.00 USD.'),
      toolSpan('price', 'get_price', { product: 'Contoso Analytics' }, { unit_price: -40, currency: 'USD' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'price', layer: 'upstream-data' });
  });

  it('logistics: a tariff that had expired before the run, quoted faithfully, is upstream-data at the tool', () => {
    const runTime = Date.parse('2026-11-25T09:00:00Z');
    const at = (offset: number) => ({ startTime: runTime + offset, endTime: runTime + offset + 5 });
    const quote = (answer: string) =>
      buildTrace([
        { ...agentSpan('root', 'Quote 2 pallets Rotterdam to Lyon for pickup on 1 December.', answer), ...at(0) },
        {
          ...toolSpan(
            'rate',
            'get_freight_rate',
            { origin: 'NLRTM', destination: 'FRLYS', pallets: 2 },
            { rate_per_pallet_eur: 185, tariff_version: '2023-Q1', valid_until: '2023-03-31' },
          ),
          ...at(10),
        },
      ]);
    const stale = attributeRootCause(quote('EUR 370.00 all-in (EUR 185.00 per pallet).'));
    expect(stale.rootCause).toMatchObject({ spanId: 'rate', layer: 'upstream-data' });
    expect(stale.rootCause?.evidence[0]).toMatchObject({ field: 'result.valid_until', actual: '2023-03-31' });
    // An answer that says the tariff expired is honest about it.
    expect(
      attributeRootCause(quote('The only tariff on file expired on 2023-03-31; I cannot quote.')).rootCause,
    ).toBeNull();
  });

  it('an entity whose own expiry has passed (a passport) is a fact to act on, not stale data', () => {
    const runTime = Date.parse('2026-11-25T09:00:00Z');
    const trace = buildTrace([
      {
        ...agentSpan(
          'root',
          'Check the passport of customer C-4410.',
          'Passport P-778210 for C-4410: expired, ask for a new one.',
        ),
        startTime: runTime,
        endTime: runTime + 5,
      },
      {
        ...toolSpan('get', 'get_document', { customer: 'C-4410' }, { number: 'P-778210', expiry_date: '2026-03-02' }),
        startTime: runTime + 10,
        endTime: runTime + 15,
      },
    ]);
    expect(attributeRootCause(trace).findings.filter((finding) => finding.layer === 'upstream-data')).toEqual([]);
  });

  it('a negative balance is a legitimate value, not bad data', () => {
    const trace = buildTrace([
      agentSpan('root', 'What is my balance?', 'Your balance is -40 USD.'),
      toolSpan('balance', 'get_balance', { account: 'me' }, { balance: -40, currency: 'USD' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });
});

describe('retrieval-quality', () => {
  const retrieval = (documents: string[]) => ({
    id: 'retrieve',
    parentId: 'root',
    name: 'retrieve',
    role: 'retrieval' as const,
    retrieval: {
      query: 'question',
      documents: documents.map((content, index) => ({ id: `d${index}`, content, score: 0.7, metadata: null })),
    },
  });

  it('documents about a sibling entity are retrieval, even when the model repeats them faithfully', () => {
    const trace = buildTrace([
      agentSpan('root', 'What is the refund window for the Premium Plan?'),
      retrieval(['The Basic Plan refund window is 14 days.']),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('The refund window is 14 days.')],
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'retrieve', layer: 'retrieval' });
  });

  it('a document about a near-miss code (CS210 for CS201) is the wrong record retrieved', () => {
    const trace = buildTrace([
      agentSpan('root', 'What are the prerequisites for CS201?'),
      retrieval(['CS210 Operating Systems requires CS150 and MATH120.']),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('You need CS150 and MATH120.')],
      },
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'retrieve', layer: 'retrieval', rule: 'retrieval-wrong-entity' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'CS201', actual: 'CS210' });
  });

  it('a document that names the asked code among others is the right record', () => {
    const trace = buildTrace([
      agentSpan('root', 'What are the prerequisites for CS201?'),
      retrieval(['CS201 Data Structures requires CS101; it is a prerequisite of CS210.']),
      { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant('You need CS101.')] },
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });

  it('legal: documents whose metadata contradicts the filter the call asked for are retrieval', () => {
    const search = (jurisdictions: string[]) => ({
      id: 'search',
      parentId: 'root',
      name: 'search case-law',
      role: 'retrieval' as const,
      input: { query: 'non-compete enforceability', filters: { jurisdiction: 'CA' } },
      retrieval: {
        query: 'non-compete enforceability',
        documents: jurisdictions.map((jurisdiction, index) => ({
          id: `d${index}`,
          content: `A covenant not to compete is enforceable when reasonable (${jurisdiction} authority ${index}).`,
          score: 0.7,
          metadata: { jurisdiction },
        })),
      },
    });
    const answer = {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm' as const,
      outputMessages: [assistant('Yes, a reasonable non-compete is enforceable.')],
    };
    const asked = 'Is a 24-month non-compete enforceable for our California employee?';
    const wrong = attributeRootCause(buildTrace([agentSpan('root', asked), search(['TX', 'TX']), answer]));
    expect(wrong.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-wrong-entity' });
    expect(wrong.rootCause?.evidence[0]).toMatchObject({ expected: 'jurisdiction CA', actual: 'jurisdiction TX' });
    const right = attributeRootCause(buildTrace([agentSpan('root', asked), search(['CA', 'TX']), answer]));
    expect(right.findings.filter((finding) => finding.layer === 'retrieval')).toEqual([]);
  });

  it('FinOps: a figure from a 2023-2025 contract answering a question about 2026 is the wrong period retrieved', () => {
    const asked = 'What discount do we get on Compute Savings Plans under our 2026 enterprise agreement?';
    const model = (text: string) => ({
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm' as const,
      outputMessages: [assistant(text)],
    });
    const stale = attributeRootCause(
      buildTrace([
        agentSpan('root', asked),
        retrieval(['Enterprise Agreement 2023-2025, Schedule B: Compute Savings Plans get an extra 12% discount.']),
        model('Compute Savings Plans get an extra 12% discount.'),
      ]),
    );
    expect(stale.rootCause).toMatchObject({ spanId: 'retrieve', layer: 'retrieval' });
    expect(stale.rootCause?.evidence[0]).toMatchObject({
      expected: 'the 2026 period',
      actual: 'the 2023–2025 period',
    });
    const current = attributeRootCause(
      buildTrace([
        agentSpan('root', asked),
        retrieval(['Enterprise Agreement 2026-2028: Compute Savings Plans get an extra 15% discount.']),
        model('Compute Savings Plans get an extra 15% discount.'),
      ]),
    );
    expect(current.rootCause).toBeNull();
    const unused = attributeRootCause(
      buildTrace([
        agentSpan('root', asked),
        retrieval(['Enterprise Agreement 2023-2025, Schedule B: Compute Savings Plans get an extra 12% discount.']),
        model('I could not find the 2026 agreement.'),
      ]),
    );
    expect(unused.findings.filter((finding) => finding.layer === 'retrieval' && finding.severity === 'error')).toEqual(
      [],
    );
  });

  it('a year inside a code the request names ("quote Q-2025-10-0388") is no period asked about', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'What is the price including VAT for quote Q-2025-10-0388?'),
        retrieval(['Residential installations are zero-rated (0% VAT) until 31 March 2027.']),
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('Residential installations are zero-rated (0% VAT), so no VAT is added.')],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.layer === 'retrieval')).toEqual([]);
    // The same year written as a year is asked about, and the document covers another.
    const asked = attributeRootCause(
      buildTrace([
        agentSpan('root', 'What VAT rate applies to quotes in 2025?'),
        retrieval(['Residential installations are zero-rated (0% VAT) from 1 April 2027.']),
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('Residential installations are zero-rated (0% VAT) from 1 April.')],
        },
      ]),
    );
    expect(asked.rootCause).toMatchObject({ spanId: 'retrieve', layer: 'retrieval' });
  });

  it('the year in a law’s name ("Employment Rights Act 1996") is no period the document covers', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'My employment ended on 14 January 2026. What is the last day to claim in 2026?'),
        retrieval(['Employment Rights Act 1996 s.111(2): a complaint must be presented within three months.']),
        {
          id: 'llm',
          parentId: 'root',
          name: 'chat',
          role: 'llm',
          outputMessages: [assistant('Under s.111(2) you have three months: the last day is 13 April 2026.')],
        },
      ]),
    );
    expect(report.findings.filter((finding) => finding.layer === 'retrieval')).toEqual([]);
  });

  it('on-topic documents are fine', () => {
    const trace = buildTrace([
      agentSpan('root', 'What is the refund window for the Premium Plan?'),
      retrieval(['The Premium Plan refund window is 30 days from purchase.']),
      { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant('30 days from purchase.')] },
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });

  it('empty retrieval followed by an honest "I don\'t know" is not a failure', () => {
    const trace = buildTrace([
      agentSpan('root', 'What is the parking policy at the Lisbon office?'),
      retrieval([]),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant("I couldn't find anything about parking in Lisbon.")],
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });
});

describe('plan-gap', () => {
  it('a requested step no plan step covers is a plan fault at the plan span', () => {
    const trace = buildTrace(
      [
        {
          id: '0',
          name: 'user.request',
          role: 'agent',
          userRequest: 'Restart the ingest workers after draining the queue.',
        },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['restart(ingest-workers)'] },
        toolSpan('2', 'restart', { target: 'ingest-workers' }, { ok: true }),
      ],
      { withTimes: false },
    );
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: '1', layer: 'plan', rule: 'plan-gap' });
  });

  it('a plan that deletes where the request says restart contradicts it', () => {
    const trace = buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: 'Restart the staging database.' },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['delete_database(staging)'] },
      ],
      { withTimes: false },
    );
    expect(attributeRootCause(trace).findings.map((finding) => finding.rule)).toContain('plan-contradiction');
  });

  it('a plan whose steps name the requested actions in other words is fine', () => {
    const trace = buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: 'Verify the backup, then restore it to staging.' },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['check_backup', 'restore_backup'] },
      ],
      { withTimes: false },
    );
    expect(attributeRootCause(trace).findings.filter((finding) => finding.layer === 'plan')).toEqual([]);
  });
});

describe('plan-gap: work named by its object', () => {
  it('"Run the KYC refresh" is covered by a kyc_check step, and a 400 on an empty argument is the root', () => {
    const trace = buildTrace(
      [
        {
          id: '0',
          name: 'user.request',
          role: 'agent',
          userRequest: 'Run the KYC refresh for customer C-88231 and tell me if anything is missing.',
        },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['get_customer', 'kyc_check', 'summarise'] },
        toolSpan('2', 'get_customer', { customer_id: 'C-88231' }, { kyc_profile: 'KP-40912' }),
        toolSpan(
          '3',
          'kyc_check',
          { profile_id: '' },
          { error: 'profile_id is required' },
          { id: '3', name: 'kyc_check', httpStatus: 400 },
        ),
        {
          id: '4',
          name: 'model.summarise',
          role: 'llm',
          outputMessages: [assistant('The KYC refresh could not run: the verification service rejected the request.')],
        },
      ],
      { withTimes: false },
    );
    const report = attributeRootCause(trace);
    expect(report.findings.filter((finding) => finding.layer === 'plan')).toEqual([]);
    expect(report.rootCause).toMatchObject({ spanId: '3', layer: 'tool-args' });
    expect(report.rootCause?.summary).toContain('profile_id is required');
  });

  it('a generic verb whose object no step names is still a gap, and an answer reporting failure claims nothing', () => {
    const trace = buildTrace(
      [
        { id: '0', name: 'user.request', role: 'agent', userRequest: 'Run the failover drill for the EU cluster.' },
        { id: '1', name: 'agent.plan', role: 'plan', plan: ['get_cluster_status', 'summarise'] },
        { id: '2', name: 'model.summarise', role: 'llm', outputMessages: [assistant('I could not run the drill.')] },
      ],
      { withTimes: false },
    );
    const gap = attributeRootCause(trace).findings.find((finding) => finding.rule === 'plan-gap');
    expect(gap?.message).toContain('failover drill');
    expect(gap?.message).not.toContain('claims');
  });
});

describe('instruction-conflict', () => {
  it('a fact from the system instructions that a tool contradicts is an instruction fault', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'What number do I call for support?', 'Call our support line on 0800 555 123.'),
        systemInstructions: 'You are the help bot. The support line number is 0800 555 123.',
      },
      toolSpan('tool', 'get_support_line', {}, { number: '0800 777 900', updated: '2026-09-01' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'root', layer: 'instruction' });
  });

  it('instructions that agree with the tool are fine', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'What number do I call for support?', 'Call our support line on 0800 555 123.'),
        systemInstructions: 'You are the help bot. The support line number is 0800 555 123.',
      },
      toolSpan('tool', 'get_support_line', {}, { number: '0800 555 123' }),
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });

  it('a tool call that takes the stale fact from the instructions is caught even when the answer does not repeat it', () => {
    const depot = 'Unit 4 Riverside Park, Leeds LS10 1AB';
    const trace = buildTrace([
      {
        ...agentSpan('root', 'Schedule the van service for VAN-118.', 'Service booked: job SVC-7712.'),
        systemInstructions: `You manage the fleet. Vans are serviced at our depot, ${depot}.`,
      },
      toolSpan('depot', 'get_service_depot', { region: 'north' }, { address: '9 Mill Lane, Wakefield WF1 2QA' }),
      toolSpan('book', 'book_service', { van: 'VAN-118', address: depot }, { job: 'SVC-7712' }),
    ]);
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'instruction-conflict' });
    expect(report.rootCause?.evidence[0]?.expected).toBe('9 Mill Lane, Wakefield WF1 2QA');
  });
});

describe('model-output', () => {
  it('a truncated answer is a model fault', () => {
    const trace = buildTrace([
      agentSpan('root', 'Write the migration plan.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        finishReason: 'length',
        outputMessages: [assistant('Step 1: freeze writes. Step 2: copy the')],
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'llm',
      layer: 'model',
      rule: 'truncated-output',
    });
  });

  it('tool-call arguments that are not JSON are a malformed tool call', () => {
    const trace = buildTrace([
      agentSpan('root', 'Book a room.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [{ id: 'c1', name: 'book_room', arguments: '{"room": "A1", ' }])],
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'llm', rule: 'malformed-tool-call' });
  });
});

describe('invented-value', () => {
  it('a placeholder email that no span produced is invented', () => {
    const trace = buildTrace([
      agentSpan('root', 'Email the receipt to the customer.'),
      toolSpan('mail', 'send_email', { to: 'user@example.com' }, { sent: true }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'mail',
      layer: 'tool-args',
      rule: 'invented-value',
    });
  });

  it('an unsourced real-looking address is not blamed when the lookup result was not captured', () => {
    const trace = buildTrace([
      agentSpan('root', 'Email the receipt to the customer of order 5521.'),
      toolSpan('lookup', 'lookup_order', { order_id: '5521' }, null),
      toolSpan('mail', 'send_email', { to: 'r.ito@fabrikam.jp' }, { sent: true }),
    ]);
    expect(attributeRootCause(trace).rootCause).toBeNull();
  });
});
