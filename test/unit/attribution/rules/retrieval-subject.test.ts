import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace } from '../build-trace.js';

const query = 'When will the power outage on Alder Street in Millbrook be fixed?';

function noticeTrace(document: string) {
  return buildTrace([
    agentSpan('root', query, 'Supply on Alder Street should be back by 18:00.'),
    {
      id: 'search',
      parentId: 'root',
      name: 'retrieve',
      role: 'retrieval',
      retrieval: { query, documents: [{ id: 'notice-1', content: document, score: 0.81, metadata: null }] },
    },
  ]);
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
