import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import type { RetrievedDocument } from '../../../../src/model/span.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function document(id: string, content: string, metadata: JsonValue = null): RetrievedDocument {
  return { id, content, score: 0.8, metadata };
}

const scopeFindings = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'retrieval-wrong-scope');

describe('retrieval-wrong-scope: the store returned documents its own filter excludes', () => {
  const request = 'What are the gym opening hours at our Leeds Dock office (LDS-DK)?';
  const answer = 'The gym is open 06:30 to 21:00 on weekdays and 08:00 to 16:00 at weekends.';
  const run = (site: string, metadata: Record<string, string>) =>
    buildTrace([
      agentSpan('root', request, answer),
      {
        id: 'search',
        parentId: 'root',
        name: 'retrieve',
        role: 'retrieval',
        attributes: { metadata: JSON.stringify({ index: 'handbooks', filter: { site_code: 'LDS-DK' } }) },
        retrieval: {
          query: 'gym opening hours',
          documents: [
            document('gym', 'Gym: open 06:30 to 21:00 on weekdays, 08:00 to 16:00 at weekends.', {
              site_code: site,
              ...metadata,
            }),
            document('gym-rules', 'Gym: book induction before first use.', { site_code: site }),
          ],
        },
      },
    ]);

  it('every document tagged with another value of the filtered field: the retrieval is the root', () => {
    const report = attributeRootCause(run('BRS-TQ', {}));
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-wrong-scope' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'site_code LDS-DK', actual: 'site_code BRS-TQ' });
  });

  it('documents tagged with the filtered value are quiet', () => {
    expect(scopeFindings(attributeRootCause(run('LDS-DK', {})))).toEqual([]);
  });
});

describe('retrieval-wrong-scope: the app recorded where the user is, and the filter says elsewhere', () => {
  const documents = [
    document('terms/credits', 'Flex plan: 6 hours of meeting-room credit per month at this location.'),
    document('terms/guests', 'Flex plan: 2 day guests per month.'),
  ];
  const answer = 'Your Flex plan includes 6 hours of meeting-room credit per month.';
  const search = (location: string) => ({
    id: 'search',
    parentId: 'root',
    name: 'retrieve',
    role: 'retrieval' as const,
    input: { query: 'Flex meeting-room credit', filter: { location } },
    retrieval: { query: 'Flex meeting-room credit', documents },
  });

  it('a profile field that qualifies the filter’s field (`home_location`) contradicts it', () => {
    const profile = toolSpan('profile', 'get_member', { member_id: 'M-1' }, { home_location: 'harbourside' });
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'How many meeting-room hours does my Flex plan give me?', answer),
        profile,
        search('old-town'),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'location harbourside' });
  });

  it('session metadata on the agent span names the user’s site', () => {
    const root = {
      ...agentSpan('root', 'How many meeting-room hours does my Flex plan give me?', answer),
      attributes: { metadata: JSON.stringify({ location: 'harbourside', channel: 'app' }) },
    };
    const report = attributeRootCause(buildTrace([root, search('old-town')]));
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
  });

  it('a filter on the recorded location is quiet', () => {
    const profile = toolSpan('profile', 'get_member', { member_id: 'M-1' }, { home_location: 'harbourside' });
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'How many meeting-room hours does my Flex plan give me?', answer),
        profile,
        search('harbourside'),
      ]),
    );
    expect(scopeFindings(report)).toEqual([]);
  });
});

describe('retrieval-wrong-scope: a scope the request names a sibling of, or never named', () => {
  const search = (filter: Record<string, string>, documents: RetrievedDocument[], query = 'opening hours') => ({
    id: 'search',
    parentId: 'root',
    name: 'retrieve',
    role: 'retrieval' as const,
    input: { query, filter },
    retrieval: { query, documents },
  });

  it('`crop: winter_wheat` for a question about "spring wheat"', () => {
    const documents = [
      document('wheat#rate', 'Sow at 350 seeds per square metre in October.', { crop: 'winter_wheat' }),
    ];
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'What seed rate for spring wheat on the top field?', 'Sow at 350 seeds per square metre.'),
        search({ crop: 'winter_wheat' }, documents, 'wheat seed rate'),
      ]),
    );
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'spring wheat', actual: 'crop winter_wheat' });
  });

  it('a request that names both siblings is quiet', () => {
    const documents = [
      document('wheat#rate', 'Sow at 350 seeds per square metre in October.', { crop: 'winter_wheat' }),
    ];
    const report = attributeRootCause(
      buildTrace([
        agentSpan(
          'root',
          'Is the seed rate for winter wheat higher than for spring wheat?',
          'Winter wheat: 350 seeds per square metre.',
        ),
        search({ crop: 'winter_wheat' }, documents, 'wheat seed rate'),
      ]),
    );
    expect(scopeFindings(report)).toEqual([]);
  });

  const hours = [
    document('sites/bath/hours', 'Open 12:00 to 22:00; the kitchen closes at 21:00.', { site_id: 'bath-abbey' }),
  ];

  it('a site filter the request never names, while the place it names is in no document', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'When does the kitchen close at the Bristol restaurant?', 'The kitchen closes at 21:00.'),
        search({ site_id: 'bath-abbey' }, hours),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'Bristol' });
  });

  it('the same filter when the request names that site is quiet', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'When does the kitchen close at the Bath Abbey restaurant?', 'The kitchen closes at 21:00.'),
        search({ site_id: 'bath-abbey' }, hours),
      ]),
    );
    expect(scopeFindings(report)).toEqual([]);
  });

  it('a staging namespace, asked for nothing unpublished, served the answer', () => {
    const documents = [
      document('RB-7#first', 'Power off the host at once, then isolate its network port and call the duty lead.', {
        namespace: 'playbooks-staging',
      }),
    ];
    const trace = buildTrace([
      agentSpan(
        'root',
        'What does our playbook say to do first with host WS-12?',
        'Power off the host at once, isolate its network port and call the duty lead.',
      ),
      {
        id: 'search',
        parentId: 'root',
        name: 'retrieve',
        role: 'retrieval',
        input: { query: 'first step host', namespace: 'playbooks-staging' },
        retrieval: { query: 'first step host', documents },
      },
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
  });

  it('a staging namespace the request asks about is quiet', () => {
    const documents = [
      document('RB-7#first', 'Power off the host at once, then isolate its network port and call the duty lead.', {
        namespace: 'playbooks-staging',
      }),
    ];
    const trace = buildTrace([
      agentSpan(
        'root',
        'What does the staging draft of our playbook say to do first?',
        'Power off the host at once, isolate its network port and call the duty lead.',
      ),
      {
        id: 'search',
        parentId: 'root',
        name: 'retrieve',
        role: 'retrieval',
        input: { query: 'first step host', namespace: 'playbooks-staging' },
        retrieval: { query: 'first step host', documents },
      },
    ]);
    expect(scopeFindings(attributeRootCause(trace))).toEqual([]);
  });
});

describe('retrieval-wrong-scope: a jurisdiction filter for another nation of the same country', () => {
  const documents = [
    document('felling#limits', 'You can fell up to 5 cubic metres per calendar quarter without a licence.', {
      jurisdiction: 'england',
    }),
  ];
  const run = (request: string) =>
    buildTrace([
      agentSpan('root', request, 'Up to 5 cubic metres per calendar quarter without a licence.'),
      {
        id: 'search',
        parentId: 'root',
        name: 'retrieve',
        role: 'retrieval',
        input: { query: 'felling licence limit', filter: { jurisdiction: 'england' } },
        retrieval: { query: 'felling licence limit', documents },
      },
    ]);

  it('"my woodland in Wales" answered from English guidance', () => {
    expect(
      attributeRootCause(run('How much timber can I fell from my woodland in Wales without a licence?')).rootCause,
    ).toMatchObject({
      spanId: 'search',
      layer: 'retrieval',
    });
  });

  it('a street or village inside the filtered nation is no contradiction', () => {
    expect(
      scopeFindings(
        attributeRootCause(run('How much timber can I fell from my woodland near Hebden Bridge without a licence?')),
      ),
    ).toEqual([]);
  });
});
