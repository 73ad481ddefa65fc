import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import type { RetrievedDocument } from '../../../../src/model/span.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function document(id: string, content: string, metadata: JsonValue = null): RetrievedDocument {
  return { id, content, score: 0.8, metadata };
}

/** An agent that retrieved `documents` with the call input `input` (a filter, a namespace) and answered. */
function scopedTrace(
  request: string,
  documents: RetrievedDocument[],
  answer: string,
  input: JsonValue = null,
  earlier: Parameters<typeof buildTrace>[0] = [],
) {
  return buildTrace([
    agentSpan('root', request, answer),
    ...earlier,
    {
      id: 'search',
      parentId: 'root',
      name: 'retrieve',
      role: 'retrieval',
      input,
      retrieval: { query: request, documents },
    },
  ]);
}

function scopeFindings(report: ReturnType<typeof attributeRootCause>) {
  return report.findings.filter((finding) => finding.rule === 'retrieval-wrong-scope');
}

describe('retrieval-wrong-scope: an earlier record names another value of the scope', () => {
  const request = 'What deposit do I need to pay for my holiday let booking BK-2231?';
  const booking = toolSpan(
    'lookup',
    'get_booking',
    { booking_id: 'BK-2231' },
    { booking_id: 'BK-2231', region: 'wales' },
  );
  const documents = (region: string) => [
    document('terms/deposit', 'Holiday lets: a deposit of 25% of the stay is taken at booking.', { region }),
    document('terms/balance', 'The balance is due 6 weeks before arrival.', { region }),
  ];
  const answer = 'You need to pay a deposit of 25% of the stay at booking; the balance is due 6 weeks before arrival.';

  it('the documents are all tagged with another region than the booking record: the retrieval is the root', () => {
    const report = attributeRootCause(scopedTrace(request, documents('cornwall'), answer, null, [booking]));
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-wrong-scope' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'region wales', actual: 'region cornwall' });
  });

  it('documents tagged with the record region are quiet', () => {
    expect(
      scopeFindings(attributeRootCause(scopedTrace(request, documents('wales'), answer, null, [booking]))),
    ).toEqual([]);
  });

  it('documents of several regions, one of them the record’s, are quiet', () => {
    const mixed = [...documents('cornwall'), ...documents('wales')];
    expect(scopeFindings(attributeRootCause(scopedTrace(request, mixed, answer, null, [booking])))).toEqual([]);
  });

  it('a field that means something else in each record (`status`) is no scope', () => {
    const order = toolSpan(
      'lookup',
      'get_booking',
      { booking_id: 'BK-2231' },
      { booking_id: 'BK-2231', status: 'paid' },
    );
    const published = [
      document('terms/deposit', 'Holiday lets: a deposit of 25% of the stay is taken at booking.', { status: 'live' }),
    ];
    expect(scopeFindings(attributeRootCause(scopedTrace(request, published, answer, null, [order])))).toEqual([]);
  });

  it('a record value inside the scope (`wales` in `england-wales`) is the same scope', () => {
    expect(
      scopeFindings(attributeRootCause(scopedTrace(request, documents('england-wales'), answer, null, [booking]))),
    ).toEqual([]);
  });
});

describe('retrieval-wrong-scope: the request names another version, country or sibling', () => {
  const docs = [
    document('docs/limits', 'Connection pools allow at most 200 open connections per node.'),
    document('docs/pooling', 'Idle connections are closed after 300 seconds.'),
  ];
  const answer = 'Each node allows at most 200 open connections; idle ones are closed after 300 seconds.';

  it('a filter pinned to version 3.x for a request about 4.1 is the root', () => {
    const report = attributeRootCause(
      scopedTrace('We run Tidewater DB 4.1. How many open connections per node?', docs, answer, {
        query: 'open connections per node',
        filter: { doc_version: '3.x' },
      }),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', rule: 'retrieval-wrong-scope' });
  });

  it('the same filter for a request about 3.2 is quiet', () => {
    const report = attributeRootCause(
      scopedTrace('We run Tidewater DB 3.2. How many open connections per node?', docs, answer, {
        filter: { doc_version: '3.x' },
      }),
    );
    expect(scopeFindings(report)).toEqual([]);
  });

  it('a request that names no version is quiet', () => {
    const report = attributeRootCause(
      scopedTrace('How many open connections per node does Tidewater DB allow?', docs, answer, {
        filter: { doc_version: '3.x' },
      }),
    );
    expect(scopeFindings(report)).toEqual([]);
  });

  const customs = [
    document('customs/allowance', 'Travellers may bring 200 cigarettes duty free.', { country: 'JP' }),
    document('customs/alcohol', 'Up to 3 bottles of spirits may be brought in duty free.', { country: 'JP' }),
  ];
  const customsAnswer = 'You may bring 200 cigarettes and 3 bottles of spirits duty free.';

  it('a country filter for another country than the one the request names is the root', () => {
    const report = attributeRootCause(
      scopedTrace('What is the duty-free allowance when I fly into Canada?', customs, customsAnswer, {
        filter: { country: 'JP' },
      }),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', rule: 'retrieval-wrong-scope' });
  });

  it('a country filter for the country the request names is quiet', () => {
    const report = attributeRootCause(
      scopedTrace('What is the duty-free allowance when I fly into Japan?', customs, customsAnswer, {
        filter: { country: 'JP' },
      }),
    );
    expect(scopeFindings(report)).toEqual([]);
  });

  it('a filter on the sibling of what the request asks (outbound for inbound) is the root', () => {
    const report = attributeRootCause(
      scopedTrace(
        'What is the cut-off for inbound pallet deliveries at the depot?',
        [document('depot/cutoff', 'Pallets must be booked by 14:00 the day before.', { direction: 'outbound' })],
        'Pallets must be booked by 14:00 the day before.',
        { filter: { direction: 'outbound' } },
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', rule: 'retrieval-wrong-scope' });
  });

  it('a filter value the request shares only an ending with (`registration`, `administration`) is quiet', () => {
    const report = attributeRootCause(
      scopedTrace(
        'What is the fee for vehicle registration?',
        [document('fees/vehicle', 'The fee is 55 pounds, paid online.', { topic: 'administration' })],
        'The fee is 55 pounds, paid online.',
        { filter: { topic: 'administration' } },
      ),
    );
    expect(scopeFindings(report)).toEqual([]);
  });
});

describe('retrieval-wrong-scope: every document is tagged with a sibling code', () => {
  const tagged = (code: string) => [
    document('tariffs/a', 'Peak rate 34p per kWh, off-peak 12p per kWh.', { tariff: code }),
    document('tariffs/b', 'Standing charge 48p per day.', { tariff: code }),
  ];
  const answer = 'The peak rate is 34p per kWh and the standing charge is 48p per day.';

  it('documents tagged `EV-NIGHT-7` for a question about `EV-DAY-7` are the root', () => {
    const report = attributeRootCause(scopedTrace('What does the EV-DAY-7 tariff cost?', tagged('EV-NIGHT-7'), answer));
    expect(report.rootCause).toMatchObject({ spanId: 'search', rule: 'retrieval-wrong-scope' });
  });

  it('documents tagged with the asked code are quiet, and so is a filter the request allows among alternatives', () => {
    expect(
      scopeFindings(attributeRootCause(scopedTrace('What does the EV-DAY-7 tariff cost?', tagged('EV-DAY-7'), answer))),
    ).toEqual([]);
    const report = attributeRootCause(
      scopedTrace('What does the EV-DAY-7 tariff cost?', tagged('EV-DAY-7'), answer, {
        filter: { tariff: 'ev-day-7|ev-any' },
      }),
    );
    expect(scopeFindings(report)).toEqual([]);
  });

  it('an honest refusal built on nothing is quiet', () => {
    const report = attributeRootCause(
      scopedTrace(
        'What does the EV-DAY-7 tariff cost?',
        tagged('EV-NIGHT-7'),
        "I don't know; the context does not cover it.",
      ),
    );
    expect(scopeFindings(report)).toEqual([]);
  });
});

describe('retrieval-wrong-scope: a filter that kept out the term the request asks about', () => {
  const request = 'What is the minimum deposit for a shared-ownership purchase?';
  const query = { query: 'minimum deposit shared-ownership purchase', filter: { scheme: 'standard', status: 'live' } };
  const documents = (content: string) => [document('criteria/deposit', content, { scheme: 'standard' })];
  const answer = 'The minimum deposit is 5% of the purchase price.';

  it('documents without the asked term, behind a filter the request never names, are the root', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', request, answer),
        {
          id: 'search',
          parentId: 'root',
          name: 'retrieve',
          role: 'retrieval',
          input: query,
          retrieval: {
            query: query.query,
            documents: documents('Standard purchase: minimum deposit 5% of the purchase price.'),
          },
        },
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
    expect(scopeFindings(report)[0]?.message).toContain('shared-ownership');
  });

  it('documents that cover the asked term are quiet', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', request, answer),
        {
          id: 'search',
          parentId: 'root',
          name: 'retrieve',
          role: 'retrieval',
          input: query,
          retrieval: {
            query: query.query,
            documents: documents('Shared-ownership purchase: minimum deposit 5% of the share bought.'),
          },
        },
      ]),
    );
    expect(scopeFindings(report)).toEqual([]);
  });
});

describe('retrieval-wrong-scope: the documents are the version an earlier record says was replaced', () => {
  const request = 'What is the excess on my home policy HP-7781 for escape of water?';
  const policy = toolSpan(
    'policy',
    'get_policy',
    { policy_id: 'HP-7781' },
    { policy_id: 'HP-7781', wording: { edition: 'HW-2026', supersedes: 'HW-2023' } },
  );
  const answer = 'The escape of water excess is 350 pounds.';
  const wordingOf = (edition: string) =>
    document(`wordings/${edition}#water`, 'Escape of water: the excess is 350 pounds.', { edition });

  it('only the replaced edition came back and the answer used it: the retrieval is the root', () => {
    const report = attributeRootCause(scopedTrace(request, [wordingOf('HW-2023')], answer, null, [policy]));
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-wrong-scope' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'edition HW-2026' });
  });

  it('the current edition among the documents is quiet', () => {
    const report = attributeRootCause(
      scopedTrace(request, [wordingOf('HW-2023'), wordingOf('HW-2026')], answer, null, [policy]),
    );
    expect(scopeFindings(report)).toEqual([]);
  });
});
