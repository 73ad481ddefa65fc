import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** A retrieval with its own query (the request may leave the year to it) and the answer built on it. */
function datedTrace(request: string, query: string, documents: string[], answer: string, after: SpanDraft[] = []) {
  return buildTrace([
    agentSpan('root', request, answer),
    {
      id: 'search',
      parentId: 'root',
      name: 'retrieve',
      role: 'retrieval',
      retrieval: {
        query,
        documents: documents.map((content, index) => ({ id: `doc-${index}`, content, score: 0.8, metadata: null })),
      },
    },
    ...after,
  ]);
}

function periodFindings(report: ReturnType<typeof attributeRootCause>) {
  return report.findings.filter((finding) => finding.rule === 'retrieval-wrong-entity');
}

describe('retrieval-wrong-entity: last year’s dated calendar for this year’s question', () => {
  const request = 'When does the library close over Easter this year?';
  const query = 'library Easter 2026 closure dates';
  const answer = 'The library closes on Thursday 17 April and reopens on Tuesday 22 April.';

  it('a calendar dated the year before, whose days the answer gives, is the root', () => {
    const report = attributeRootCause(
      datedTrace(
        request,
        query,
        ['Easter 2025: the library closes on Thursday 17 April 2025 and reopens on Tuesday 22 April 2025.'],
        answer,
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'the 2026 period', actual: 'the 2025 period' });
  });

  it('a calendar for the asked year is quiet, and so is a date in the following year', () => {
    const current = datedTrace(
      request,
      query,
      ['Easter 2026: the library closes on Thursday 2 April 2026 and reopens on Tuesday 7 April 2026.'],
      'The library closes on Thursday 2 April and reopens on Tuesday 7 April.',
    );
    expect(periodFindings(attributeRootCause(current))).toEqual([]);
    const following = datedTrace(
      'When does the library reopen after the winter break this year?',
      'library winter break 2025 reopening',
      ['Winter break 2025: the library closes on 24 December 2025 and reopens on 5 January 2026.'],
      'It reopens on 5 January.',
    );
    expect(periodFindings(attributeRootCause(following))).toEqual([]);
  });
});

describe('retrieval-wrong-entity: a timestamp quoted from another year’s meeting', () => {
  const request = 'Did the mayor promise new cycle lanes at the 3 March 2026 cabinet meeting? Give the timestamp.';
  const answer = 'Yes: the mayor promised new cycle lanes (recording 00:41:12).';

  it('a transcript from 2025 whose timestamp the answer quotes is the root', () => {
    const report = attributeRootCause(
      datedTrace(
        request,
        request,
        ['[Cabinet, 4 March 2025, 00:41:12] MAYOR: We will build new cycle lanes on the ring road.'],
        answer,
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval' });
  });

  it('the transcript of the asked meeting is quiet', () => {
    const report = attributeRootCause(
      datedTrace(
        request,
        request,
        ['[Cabinet, 3 March 2026, 00:41:12] MAYOR: We will build new cycle lanes on the ring road.'],
        answer,
      ),
    );
    expect(periodFindings(report)).toEqual([]);
  });
});

describe('retrieval: a document that tells of the case in a year the run’s records give', () => {
  const request = 'When will Shipments API v3 stop working for us? I thought it would be September 2026.';
  const policy = [
    'Deprecated API versions are sunset 12 months after their deprecation date. Shipments API v3 was deprecated on 1 September 2025.',
  ];
  const answer = 'v3 was deprecated on 1 September 2025, and your contract moves its 12-month sunset to 1 March 2027.';
  const withRecord = (deprecatedOn: string) =>
    datedTrace(request, 'Shipments API v3 sunset policy', policy, answer, [
      toolSpan(
        'client',
        'get_client_sunset',
        { client: 'cl_5c21e8' },
        { deprecated_on: deprecatedOn, sunset_override: '2027-03-01' },
      ),
    ]);

  it('a 2025 deprecation the client record also dates is no other period, and "Deprecated API versions …" no stale title', () => {
    const report = attributeRootCause(withRecord('2025-09-01'));
    expect(periodFindings(report)).toEqual([]);
    expect(report.findings.filter((finding) => finding.rule === 'stale-context')).toEqual([]);
  });

  it('with no record in that year, the 2025 document for a 2026 question is still another period', () => {
    expect(periodFindings(attributeRootCause(withRecord('2026-09-01')))).toHaveLength(1);
  });
});
