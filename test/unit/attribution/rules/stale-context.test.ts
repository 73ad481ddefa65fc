import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { RetrievedDocument } from '../../../../src/model/span.js';
import { agentSpan, assistant, buildTrace, retrievalSpan, user } from '../build-trace.js';

const question = 'How much is the annual membership for a family at Riverside Rowing Club?';
const current: RetrievedDocument = {
  id: 'fees/2026',
  content: 'Riverside Rowing Club fees from 1 January 2026: adult EUR 240 per year, family EUR 410 per year.',
  score: 0.8,
  metadata: { status: 'current' },
};
const outdated: RetrievedDocument = {
  id: 'fees/2022',
  content: 'Riverside Rowing Club fees 2022: adult EUR 190 per year, family EUR 330 per year.',
  score: 0.79,
  metadata: { status: 'superseded', superseded_by: 'fees/2026' },
};

function rowingTrace(retrieved: RetrievedDocument[], kept: RetrievedDocument[] | null, answer: string) {
  const context = (kept ?? retrieved).map((document) => document.content).join('\n');
  return buildTrace([
    agentSpan('root', question, answer),
    retrievalSpan('search', question, retrieved),
    ...(kept ? [retrievalSpan('rerank', question, kept, 'rerank')] : []),
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      inputMessages: [user(`Context: ${context}\n\nQuestion: ${question}`)],
      outputMessages: [assistant(answer)],
    },
  ]);
}

describe('stale-context: an answer built on an outdated document', () => {
  it('a reranker that kept the superseded version and dropped the current one is the root', () => {
    const report = attributeRootCause(
      rowingTrace([current, outdated], [outdated], 'A family membership costs EUR 330 per year.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'stale-context' });
    expect(report.rootCause?.evidence[0]?.expected).toContain('fees/2026');
  });

  it('a retriever that found only the superseded version is the root', () => {
    const report = attributeRootCause(rowingTrace([outdated], null, 'A family membership costs EUR 330 per year.'));
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'stale-context' });
  });

  it('a model that had both versions and quoted the old one is the root, in the model layer', () => {
    const report = attributeRootCause(
      rowingTrace([current, outdated], null, 'A family membership costs EUR 330 per year.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'stale-context' });
  });

  it('a current document on another subject beside the outdated one is not blamed on the model', () => {
    const opening: RetrievedDocument = {
      id: 'club/opening-hours',
      content: 'The boathouse opens at 07:00 on weekdays and 08:00 at weekends.',
      score: 0.6,
      metadata: { status: 'current' },
    };
    const report = attributeRootCause(
      rowingTrace([outdated, opening], null, 'A family membership costs EUR 330 per year.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'stale-context' });
  });

  it('an answer from the current version is not a finding, even with the old one in context', () => {
    const report = attributeRootCause(
      rowingTrace([current, outdated], null, 'A family membership costs EUR 410 per year.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'stale-context')).toEqual([]);
    expect(report.verdict).toBe('ok');
  });

  it('a document past its own validity date counts as outdated', () => {
    const expired: RetrievedDocument = {
      ...outdated,
      metadata: { valid_until: '1970-01-01' },
    };
    const report = attributeRootCause(rowingTrace([expired], null, 'A family membership costs EUR 330 per year.'));
    expect(report.rootCause).toMatchObject({ spanId: 'search', rule: 'stale-context' });
    expect(report.rootCause?.evidence[0]?.actual).toContain('valid only until');
  });
});

describe('stale-context: a dated answer built on an undated outdated rule', () => {
  it('the answer’s "28 February 2027" is the outdated document’s "28 February"', () => {
    const easement: RetrievedDocument = {
      id: 'kb/deadlines-2021-easement',
      content: 'No late filing penalty for returns received by 28 February.',
      score: 0.9,
      metadata: { status: 'superseded', superseded_by: 'kb/deadlines' },
    };
    const report = attributeRootCause(
      rowingTrace([easement], null, 'There is no penalty if your return arrives by 28 February 2027.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'search', layer: 'retrieval', rule: 'stale-context' });
  });
});
