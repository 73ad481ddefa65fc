import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace } from '../build-trace.js';

const request =
  'Move my Friday dinner reservation at Osteria Lupa from seven to Saturday evening at half past eight, change the guest count to six adults plus two children in high chairs, and tell me the corkage fee policy for wine.';

function retrievalTrace(document: string) {
  return buildTrace([
    agentSpan('root', request, 'Done. Corkage is 15 EUR per bottle.'),
    {
      id: 'search',
      parentId: 'root',
      name: 'retrieve',
      role: 'retrieval',
      retrieval: { query: request, documents: [{ id: 'd1', content: document, score: 0.8, metadata: null }] },
    },
  ]);
}

describe('retrieval-off-topic: a request with several parts', () => {
  it('restaurant reservations: documents about one part of the request are on topic', () => {
    const report = attributeRootCause(
      retrievalTrace('Corkage fee policy: guests may bring their own wine; the corkage fee is 15 EUR per bottle.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'retrieval-off-topic')).toEqual([]);
  });

  it('documents about none of the parts are off-topic', () => {
    const report = attributeRootCause(
      retrievalTrace('The underground garage opens at 6:00 and closes at midnight; monthly passes cost 90 EUR.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'retrieval-off-topic' });
  });
});
