import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, retrievalSpan, retrievedDocument } from '../build-trace.js';

/** A one-document retrieval under an agent that answered `answer` to `question`. */
function retrievalTrace(question: string, document: string, answer: string) {
  return buildTrace([
    agentSpan('root', question, answer),
    {
      id: 'search',
      parentId: 'root',
      name: 'retrieve',
      role: 'retrieval',
      retrieval: { query: question, documents: [{ id: 'document-1', content: document, score: 0.7, metadata: null }] },
    },
  ]);
}

const query = 'When will the power outage on Alder Street in Millbrook be fixed?';

function noticeTrace(document: string) {
  return retrievalTrace(query, document, 'Supply on Alder Street should be back by 18:00.');
}

describe('retrieval-off-topic: the names match, the subject does not', () => {
  it('utilities: a water notice for the same street, asked about its power, is off-topic', () => {
    const report = attributeRootCause(
      noticeTrace('Alder Street, Millbrook: water main repair. Water supply interrupted until 18:00 on Tuesday.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-off-topic' });
  });

  it('a notice about the power outage on that street is on topic', () => {
    const report = attributeRootCause(
      noticeTrace('Alder Street, Millbrook: power outage after a cable fault. Crews expect it fixed by 18:00.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-off-topic')).toEqual([]);
  });
});

describe('retrieval-wrong-entity: a season that leaves out the month asked about', () => {
  const ask = 'When does the last bus leave Kendal for Ambleside on a Sunday in February?';
  const timetableTrace = (document: string, answer: string) => retrievalTrace(ask, document, answer);

  it('a summer timetable (April to September) answering a February question is the root', () => {
    const report = attributeRootCause(
      timetableTrace(
        'Kendal - Ambleside summer timetable, 6 April - 28 September: last Sunday bus 21:10.',
        'The last Sunday bus in February leaves at 21:10.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
    expect(report.rootCause?.evidence[0]?.expected).toBe('February');
  });

  it('a winter timetable that wraps the year (November to March) covers February', () => {
    const report = attributeRootCause(
      timetableTrace(
        'Kendal - Ambleside winter timetable, 3 November - 30 March: last Sunday bus 18:40.',
        'The last Sunday bus in February leaves at 18:40.',
      ),
    );
    expect(report.verdict).toBe('ok');
  });
});

describe('retrieval-wrong-entity: another route from the same place', () => {
  const ask = 'How long is the train from Leeds to York on weekdays?';
  const routeTrace = (document: string, answer: string) => retrievalTrace(ask, document, answer);

  it('a Leeds - Harrogate timetable answering a Leeds to York question is the root', () => {
    const report = attributeRootCause(
      routeTrace('Leeds - Harrogate, weekday service: journey time 37 minutes.', 'The journey takes 37 minutes.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: 'the Leeds–York route',
      actual: 'the Leeds–Harrogate route',
    });
  });

  it('the route asked about is not a finding', () => {
    const report = attributeRootCause(
      routeTrace('Leeds - York, weekday service: journey time 23 minutes.', 'The journey takes 23 minutes.'),
    );
    expect(report.verdict).toBe('ok');
  });
});

describe('retrieval-wrong-entity: a row scoped to a sibling served as the answer', () => {
  const question = 'How long must the cherries in orchard 4 wait before picking after a Sulfotec spray?';
  const query = 'Sulfotec pre-harvest interval cherries';

  function labelTrace(documents: string[], answer: string) {
    return buildTrace([
      agentSpan('root', question, answer),
      retrievalSpan(
        'search',
        query,
        documents.map((content, index) => retrievedDocument(`label#${index}`, content, 0.8)),
      ),
    ]);
  }

  it('the query names cherries, no document does, and the answer uses the grapes row', () => {
    const report = attributeRootCause(
      labelTrace(
        ['Sulfotec label. Table grapes: apply 2 kg/ha. Pre-harvest interval: 21 days.'],
        'Wait 21 days after spraying before picking.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-wrong-entity' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'cherries', actual: 'Table grapes' });
  });

  it('a figure that a document for the asked-about entity also states is no sibling row', () => {
    const report = attributeRootCause(
      labelTrace(
        [
          'Cherries: Sulfotec pre-harvest interval 21 days.',
          'Sulfotec label. Table grapes: apply 2 kg/ha. Pre-harvest interval: 21 days.',
        ],
        'Wait 21 days after spraying before picking.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-wrong-entity')).toEqual([]);
  });

  it('an answer that names the scope of the row it used tells it apart: no sibling row', () => {
    const report = attributeRootCause(
      labelTrace(
        ['Sulfotec label. Table grapes: apply 2 kg/ha. Pre-harvest interval: 21 days.'],
        'The label only gives 21 days for table grapes; it has no interval for cherries.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-wrong-entity')).toEqual([]);
  });
});

describe('retrieval-wrong-entity: a table with the row asked about beside a sibling row', () => {
  const question = 'How much would family coverage on the HDHP take out of each paycheck in 2026?';
  const rates =
    'HDHP with HSA: Employee only $720; Family $3,380. PPO 750: Employee only $1,560; Family $6,240. Contributions are deducted in equal amounts each pay period (26 for biweekly payroll).';
  const answered = (answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', question, answer),
        retrievalSpan('search', '2026 HDHP family contribution per paycheck', [
          retrievedDocument('rates#1', rates, 0.9),
        ]),
      ]),
    ).findings.filter((finding) => finding.rule === 'retrieval-wrong-entity');

  it('an answer built on the requested row, with a figure stated for every row, is no wrong entity', () => {
    expect(answered('Family HDHP coverage is $3,380 a year: over 26 paychecks that is $130.00 each.')).toEqual([]);
  });

  it('an answer built on the sibling row still is', () => {
    expect(answered('Family coverage is $6,240 a year: over 26 paychecks that is $240.00 each.')).toHaveLength(1);
  });
});

describe('retrieval-wrong-entity: labels that scope nothing, and figures another search served', () => {
  const question = 'How much money do I need to show for a student visa in London?';
  const answered = (documents: string[][], answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', question, answer),
        ...documents.map((contents, index) =>
          retrievalSpan(
            `search-${index}`,
            'student visa money London living costs',
            contents.map((content, at) => retrievedDocument(`doc-${index}-${at}`, content, 0.9)),
          ),
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'retrieval-wrong-entity');

  it('"You\'ll need: £1,483 per month" introduces a list; it scopes no sibling', () => {
    const document =
      "How much you need depends on where you study. You'll need: £1,483 per month for courses in London.";
    expect(answered([[document]], 'You need £1,483 per month for 9 months.')).toEqual([]);
  });

  it('a figure that another search served unscoped is not the sibling row’s alone', () => {
    const scoped = 'Outside the capital: £1,136 per month for 9 months.';
    const plain = 'Living costs are counted for 9 months at most.';
    expect(answered([[scoped], [plain]], 'Count 9 months of living costs.')).toEqual([]);
    expect(answered([[scoped]], 'Count £1,136 a month for 9 months.')).toHaveLength(1);
  });
});

describe('retrieval-off-topic: documents that answer the query the request was turned into', () => {
  const request = 'I paid SoundNest £189 on 14 January and nothing has come. Is it too late to dispute it?';
  const report = (documents: string[]) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request, 'You can still dispute it until 30 June.'),
        retrievalSpan(
          'rules',
          'card dispute merchandise not received time limit expected delivery date',
          documents.map((content, index) => retrievedDocument(`rule-${index}`, content, 0.9)),
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'retrieval-off-topic');

  it('rules on non-receipt disputes and their time limit are on topic, in whatever words the request asked', () => {
    expect(
      report([
        'Non-receipt of merchandise - time limit. The dispute must be raised within 120 calendar days of the expected delivery date.',
      ]),
    ).toEqual([]);
  });

  it('documents that answer neither the request nor the query are still off topic', () => {
    expect(report(['Contactless payments are limited to £100 per transaction in the UK.'])).toHaveLength(1);
  });
});

describe('retrieval-off-topic: a query word the documents write in another form', () => {
  const request =
    'Mrs Adeyemi at 12 Park Row wants her old 30 gallon copper cylinder replaced by an unvented one at least as big. What size?';
  const report = (documents: string[]) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request, 'Fit the 150 litre cylinder.'),
        retrievalSpan(
          'kb',
          'unvented cylinder replacement requirements sizes',
          documents.map((content, index) => retrievedDocument(`kb-${index}`, content, 0.8)),
        ),
      ]),
    ).findings.filter((finding) => finding.rule === 'retrieval-off-topic');

  it('"cylinders" answers a query for a "cylinder": documents on unvented cylinders and their sizes are on topic', () => {
    expect(
      report([
        'Unvented hot water cylinders must be fitted by a G3-qualified engineer and notified to building control.',
        'Indirect unvented cylinders come in 125, 150, 170 and 210 litre sizes.',
      ]),
    ).toEqual([]);
  });

  it('documents on something else are still off topic', () => {
    expect(report(['Radiator valves come in straight and angled patterns, chrome or white.'])).toHaveLength(1);
  });
});

describe('retrieval-wrong-entity: a sibling variant of the product asked about', () => {
  const question = 'Is my Halden Breeze 9 fan still under warranty? I bought it in May 2025.';

  function variantTrace(content: string, answer: string) {
    return buildTrace([
      agentSpan('root', question, answer),
      retrievalSpan('search', 'Halden Breeze 9 warranty', [retrievedDocument('policy/1', content, 0.8)]),
    ]);
  }

  it('documents that only name the Breeze 9 Max, whose figure the answer uses, are the wrong entity', () => {
    const report = attributeRootCause(
      variantTrace('Halden Breeze 9 Max: 36 months warranty from purchase.', 'Yes, the warranty runs 36 months.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-wrong-entity' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'Halden Breeze 9', actual: 'Halden Breeze 9 Max' });
  });

  it('documents that name the product itself are not', () => {
    const report = attributeRootCause(
      variantTrace(
        'Halden Breeze 9: 24 months warranty. Halden Breeze 9 Max: 36 months warranty.',
        'Yes, the warranty runs 24 months.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-wrong-entity')).toEqual([]);
  });
});

describe('retrieval-quality: documents of another academic year', () => {
  const question = 'When is the last day to drop a course for spring 2027 without a W?';
  const calendar = (year: string) =>
    `Academic calendar ${year}. Spring semester: last day to drop a course without a W: Friday 31 January ${year.slice(0, 4) === '2024' ? '2025' : '2027'}.`;

  it('a 2024-25 calendar for a spring 2027 question is the wrong period, even when the answer drops the year', () => {
    const trace = buildTrace([
      agentSpan('root', question, 'The last day to drop without a W is Friday, 31 January.'),
      retrievalSpan('search', 'drop deadline spring 2027', [retrievedDocument('cal', calendar('2024-25'), 0.9)]),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
  });

  it('the 2026-27 calendar covers 2027', () => {
    const trace = buildTrace([
      agentSpan('root', question, 'The last day to drop without a W is Friday, 31 January.'),
      retrievalSpan('search', 'drop deadline spring 2027', [retrievedDocument('cal', calendar('2026-27'), 0.9)]),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });
});

describe('retrieval-quality: documents of another jurisdiction', () => {
  const question = 'The breach happened in 2021 in Glasgow. Under Scots law, are we still in time to raise the action?';
  const englishAct =
    'Limitation Act 1980 (England and Wales), s.5: an action founded on simple contract shall not be brought after six years from the date of breach.';

  it('only England-and-Wales material for a question about Scots law is the retriever', () => {
    const trace = buildTrace([
      agentSpan('root', question, 'Yes: an action founded on contract must be brought within six years of the breach.'),
      retrievalSpan('search', 'limitation period contract Scots law', [retrievedDocument('ew', englishAct, 0.9)]),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
  });

  it('material qualified to the place the request names is fine', () => {
    const trace = buildTrace([
      agentSpan(
        'root',
        'Under the law of England and Wales, how long do we have to sue for a 2021 breach of contract?',
        'An action founded on contract must be brought within six years of the breach.',
      ),
      retrievalSpan('search', 'limitation period contract', [retrievedDocument('ew', englishAct, 0.9)]),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });
});

describe('retrieval-quality: a row labelled for a sibling of what the request names', () => {
  const question = 'How many SSO seats are included in the Team plan?';

  it('only Enterprise-plan rows for a Team-plan question, repeated by the answer, are the retriever', () => {
    const trace = buildTrace([
      agentSpan('root', question, 'The Team plan includes SSO for up to 500 seats.'),
      retrievalSpan('search', 'Team plan SSO seats', [
        retrievedDocument('ent', 'Enterprise plan: SSO included for up to 500 seats.', 0.6),
      ]),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
  });

  it('the row for the plan asked about is fine', () => {
    const trace = buildTrace([
      agentSpan('root', question, 'The Team plan includes SSO for up to 50 seats.'),
      retrievalSpan('search', 'Team plan SSO seats', [
        retrievedDocument('team', 'Team plan: SSO included for up to 50 seats.', 0.6),
        retrievedDocument('ent', 'Enterprise plan: SSO included for up to 500 seats.', 0.5),
      ]),
    ]);
    expect(attributeRootCause(trace).verdict).toBe('ok');
  });
});

describe('retrieval-wrong-entity: a sibling of a two-word name', () => {
  const leaflet = (document: string) =>
    attributeRootCause(
      retrievalTrace(
        'How do I prepare for a knee arthroscopy?',
        document,
        'Stop eating six hours before and bring loose shorts.',
      ),
    ).findings.filter((finding) => finding.rule === 'retrieval-wrong-entity');

  it('"knee arthroscopy" answered from a leaflet that only ever says "knee replacement" is the retriever', () => {
    expect(
      leaflet(
        'Knee replacement: preparation. Before your knee replacement stop eating six hours before. After knee replacement bring loose shorts.',
      ),
    ).toHaveLength(1);
  });

  it('a leaflet that names the arthroscopy itself is on topic', () => {
    expect(
      leaflet(
        'Knee arthroscopy: preparation. Before your knee arthroscopy stop eating six hours before. Bring loose shorts.',
      ),
    ).toEqual([]);
  });
});

describe('retrieval-wrong-entity: a property of the thing the documents name', () => {
  it('"written score" answered from "Written test:" bands is on topic: a score is the test’s, not a sibling', () => {
    const report = attributeRootCause(
      retrievalTrace(
        'My written score was 58; why was I placed in B2?',
        'Written test: bands out of 100, B1 41-60. The written test is one input; the written test band can be overridden by interview.',
        'Your written test gives B1, but the interview placed you at B2.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-wrong-entity')).toEqual([]);
  });
});

describe('retrieval-wrong-entity: labels of the record the request names', () => {
  it('"Hazard:" and "Remedy:" in the notice for the asked product (PB20-Q) are its fields, not siblings', () => {
    const notice =
      'RC-2026-0311 Voltara PB20-Q power bank. Hazard: cells can overheat. Remedy: refund of the original retail price ($64.99).';
    const findings = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'I bought a PB20-Q power bank for $39.99. How much refund will I get?',
          'You get $64.99 back.',
        ),
        retrievalSpan('recalls', 'PB20-Q recall refund amount', [retrievedDocument('rc-1', notice, 0.9)]),
      ]),
    ).findings.filter((finding) => finding.rule === 'retrieval-wrong-entity');
    expect(findings).toEqual([]);
  });
});

describe('retrieval: the entity the agent’s query names', () => {
  const wrongEntities = (request: string, query: string, document: string, answer: string) =>
    attributeRootCause(
      buildTrace([
        agentSpan('root', request, answer),
        retrievalSpan('search', query, [retrievedDocument('doc-1', document, 0.8)]),
      ]),
    ).findings.filter((finding) => finding.rule === 'retrieval-wrong-entity');

  it('a query for "Kirklees Council Warm Homes" answered with Wakefield Council’s scheme is retrieval', () => {
    const found = wrongEntities(
      'I live in Huddersfield (HD4) with 100 mm of loft insulation. Do I get a free top-up?',
      'Kirklees Council Warm Homes loft insulation top-up eligibility',
      'Wakefield Council Warm Homes 2026: free loft top-up below 150 mm for households on Pension Credit.',
      'Yes: homes with under 150 mm get a free top-up.',
    );
    expect(found.map((finding) => finding.message)).toEqual([
      expect.stringContaining('about Wakefield Council Warm Homes for a question about Kirklees Council Warm Homes'),
    ]);
  });

  it('a numbered model ("Lumara Cell 13.5") answered from another of its line ("Lumara Cell 5") is retrieval', () => {
    const found = wrongEntities(
      'What capacity is my Lumara Cell 13.5 guaranteed to keep after 10 years?',
      'Lumara Cell 13.5 warranty guaranteed capacity',
      'Lumara Cell 5 (5.0 kWh usable) limited warranty: 10 years; 60% of usable capacity guaranteed.',
      'At least 60% after 10 years.',
    );
    expect(found.map((finding) => finding.message)).toEqual([
      expect.stringContaining('about Lumara Cell 5 for a question about Lumara Cell 13.5'),
    ]);
  });

  it('the same name without its accent, or a code beside a word, is no sibling', () => {
    expect(
      wrongEntities(
        'Price for a private guide on the Vallée Blanche for 2 clients?',
        'private guide Vallee Blanche price 2 clients',
        'Vallée Blanche ski descent with a private guide: 1-2 clients EUR 620 per day.',
        'EUR 620 per day.',
      ),
    ).toEqual([]);
    expect(
      wrongEntities(
        'How soon must ONC-318 PK samples be centrifuged?',
        'ONC-318 PK sample centrifugation window',
        '6.2 Pharmacokinetic PK samples: centrifuge within 30 minutes of collection.',
        'Within 30 minutes.',
      ),
    ).toEqual([]);
  });
});
