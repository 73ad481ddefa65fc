import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { RetrievedDocument } from '../../../../src/model/span.js';
import { agentSpan, assistant, buildTrace, retrievalSpan, retrievedDocument, user } from '../build-trace.js';

function rerankedTrace(question: string, retrieved: RetrievedDocument[], kept: RetrievedDocument[], answer: string) {
  const context = kept.map((document) => document.content).join('\n');
  return buildTrace([
    agentSpan('root', question, answer),
    retrievalSpan('search', question, retrieved),
    retrievalSpan('rerank', question, kept, 'rerank'),
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

const document = retrievedDocument;

const warrantyQuestion = 'How long is the warranty on a refurbished Falcon drill bought online?';
const refurbished = document(
  'warranty/refurbished',
  'Refurbished tools bought online carry a warranty of 6 months from delivery.',
  0.86,
);
const newTools = document('warranty/new', 'New tools bought online carry a warranty of 24 months from delivery.', 0.8);
const shipping = document('shipping/eu', 'Orders ship within 2 working days to EU addresses.', 0.5);

describe('dropped-document: a reranker that dropped the document that answered the request', () => {
  it('names the reranker when it dropped the better-ranked document matching the request and kept a sibling', () => {
    const report = attributeRootCause(
      rerankedTrace(warrantyQuestion, [refurbished, newTools, shipping], [newTools], 'The warranty is 24 months.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
    expect(report.rootCause?.evidence[0]?.expected).toContain('warranty/refurbished');
    expect(report.rootCause?.summary).toContain('24');
  });

  it('names the reranker when it dropped an amendment of the clause it kept', () => {
    const clause = document('msa#7.1', '7.1 Either party may end this agreement on ninety (90) days notice.', 0.8);
    const amendment = document(
      'amendment-2#1',
      'Amendment 2: clause 7.1 is deleted and replaced with: either party may end this agreement on thirty (30) days notice.',
      0.79,
    );
    const report = attributeRootCause(
      rerankedTrace(
        'What notice do we need to give to end the agreement with Harbour Freight?',
        [clause, amendment],
        [clause],
        'Either party may end it on 90 days notice (clause 7.1).',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
  });

  it('names the reranker when it dropped the only document stating the figure the request asks about', () => {
    const question = 'Check this claim: the Lakeside plant produced 4,800 tonnes in March 2026.';
    const march = document('reports/2026-03', 'Lakeside plant output for March 2026: 4,800 tonnes.', 0.84);
    const february = document('reports/2026-02', 'Lakeside plant output for February 2026: 4,350 tonnes.', 0.82);
    const report = attributeRootCause(
      rerankedTrace(question, [march, february], [february], 'Not supported: the report shows 4,350 tonnes.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
  });

  it('names the reranker when a lower-ranked dropped document matches more of what the query asked for', () => {
    const business = document(
      'rates/business',
      'Business customers: waste collection costs £41.50 per bin lift, for shops and offices.',
      0.78,
    );
    const household = document(
      'rates/household',
      'Household customers: waste collection costs £12.20 per bin lift.',
      0.8,
    );
    const trace = buildTrace([
      agentSpan('root', 'What does a bin lift cost for my shop?', 'A bin lift costs £12.20.'),
      retrievalSpan('search', 'bin lift cost business customers', [household, business]),
      retrievalSpan('rerank', 'bin lift cost business customers', [household], 'rerank'),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({ spanId: 'rerank', rule: 'dropped-document' });
  });

  it('names the reranker when only the dropped document is filed under the record the request names', () => {
    const own = document('plans/PR-4410/s2', 'Section 2: stock must be rotated within 3 days.', 0.9);
    const other = document('plans/PR-4401/s2', 'Section 2: stock must be rotated within 5 days.', 0.85);
    const report = attributeRootCause(
      rerankedTrace(
        'Under the plan of premises PR-4410, section 2, how soon must stock be rotated?',
        [own, other],
        [other],
        'Stock must be rotated within 5 days.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', rule: 'dropped-document' });
    expect(report.rootCause?.summary).toContain('PR-4410');
  });

  it('stays quiet when the dropped document was a lower-ranked sibling the request did not ask about', () => {
    const report = attributeRootCause(
      rerankedTrace(
        'How long is the warranty on a new Falcon drill bought online?',
        [newTools, refurbished, shipping],
        [newTools],
        'The warranty is 24 months.',
      ),
    );
    expect(report.findings.some((finding) => finding.rule === 'dropped-document')).toBe(false);
    expect(report.verdict).toBe('ok');
  });

  it('stays quiet when the answer used the figure the dropped document shares with the kept one', () => {
    const copy = document('warranty/refurbished-copy', refurbished.content.replace('online', 'in store'), 0.9);
    const report = attributeRootCause(
      rerankedTrace(warrantyQuestion, [copy, refurbished], [refurbished], 'The warranty is 6 months.'),
    );
    expect(report.findings.some((finding) => finding.rule === 'dropped-document')).toBe(false);
  });
});

describe('dropped-document: the exception to a kept rule', () => {
  const question = 'How long do refunds on sale items take?';
  const general = document(
    'refunds/general',
    'Refunds, general rule: refunds are paid within 14 days of the return.',
    0.8,
  );
  const exception = document(
    'refunds/sale',
    'Refunds on sale items (exception to the general rule): refunds are paid within 30 days of the return.',
    0.85,
  );
  const delivery = document('delivery', 'Deliveries arrive within 3 working days.', 0.4);

  it('a reranker that dropped the exception and kept the general rule is the root', () => {
    const report = attributeRootCause(
      rerankedTrace(question, [exception, general, delivery], [general, delivery], 'Refunds are paid within 14 days.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
  });

  it('keeping the exception is fine', () => {
    const report = attributeRootCause(
      rerankedTrace(question, [exception, general, delivery], [exception, general], 'No: sale refunds take 30 days.'),
    );
    expect(report.findings.some((finding) => finding.rule === 'dropped-document')).toBe(false);
  });
});

describe('dropped-document: a newer version of a kept document', () => {
  const question = 'What is the year 7 renewal fee if I pay online?';
  const current = document(
    'fees/renewals-2026.md',
    'Renewal fees (from April 2026), online: year 6 £120, year 7 £150.',
    0.84,
  );
  const previous = document(
    'fees/renewals-2021.md',
    'Renewal fees (from April 2021), online: year 6 £90, year 7 £110.',
    0.83,
  );
  const howTo = document('guides/paying-online.md', 'Sign in to your account and choose Renew.', 0.7);

  it('keeping the 2021 schedule over the 2026 one, and quoting it, is the reranker’s', () => {
    const report = attributeRootCause(
      rerankedTrace(question, [current, previous, howTo], [previous, howTo], 'The year 7 fee is £110 online.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
    expect(report.rootCause?.summary).toContain('newer version of fees/renewals-2021.md');
  });

  it('keeping the newer one is right', () => {
    const report = attributeRootCause(
      rerankedTrace(question, [current, previous, howTo], [current, howTo], 'The year 7 fee is £150 online.'),
    );
    expect(report.findings.filter((finding) => finding.rule === 'dropped-document')).toEqual([]);
  });
});

describe('dropped-document: the best match dropped, and the part of the question only it covered left unanswered', () => {
  const question = 'I am on medication for high blood pressure. Can I start the diving course next weekend?';
  const medical = document(
    'kb/medical',
    'Anyone taking medication for high blood pressure needs a doctor’s signed approval before any pool session.',
    0.83,
  );
  const course = document('kb/course', 'The diving course runs over two weekends, pool first.', 0.79);
  const deposit = document('kb/deposit', 'A deposit secures your place.', 0.5);

  it('an answer that ignores the medication, after the reranker dropped the only document about it, is retrieval', () => {
    const report = attributeRootCause(
      rerankedTrace(question, [medical, course, deposit], [course, deposit], 'Yes, the course starts next weekend.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
  });

  it('an answer that covers that part, or a kept document that covers it, is fine', () => {
    const answered = rerankedTrace(
      question,
      [medical, course, deposit],
      [course, deposit],
      'With blood pressure medication you need your doctor’s approval first.',
    );
    expect(attributeRootCause(answered).findings.filter((finding) => finding.rule === 'dropped-document')).toEqual([]);
    const keptIt = rerankedTrace(
      question,
      [medical, course, deposit],
      [medical, course],
      'Get a doctor’s approval first.',
    );
    expect(attributeRootCause(keptIt).findings.filter((finding) => finding.rule === 'dropped-document')).toEqual([]);
  });
});

describe('dropped-document: the reranker dropped the document for the scope the request names', () => {
  const tagged = (id: string, content: string, score: number, region: string): RetrievedDocument => ({
    id,
    content,
    score,
    metadata: { region },
  });
  const apac = tagged('sftp/apac', 'APAC accounts: the SFTP host is sftp.apac.example.net.', 0.9, 'apac');
  const emea = (region: string) =>
    tagged('sftp/default', 'Connect to the SFTP host sftp.example.net and sign in with your username.', 0.8, region);
  const answer = 'Connect to the SFTP host sftp.example.net and sign in with your username.';

  it('kept the other region’s document, which the answer used: the reranker is the root', () => {
    const question = 'Our account is in the APAC region. What SFTP server should we use?';
    const report = attributeRootCause(rerankedTrace(question, [apac, emea('emea')], [emea('emea')], answer));
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', layer: 'retrieval', rule: 'dropped-document' });
  });

  it('a request that names no region is quiet', () => {
    const question = 'What SFTP server should we use?';
    const report = attributeRootCause(rerankedTrace(question, [apac, emea('emea')], [emea('emea')], answer));
    expect(report.findings.some((finding) => finding.rule === 'dropped-document')).toBe(false);
  });
});

describe('dropped-document: the best match, dropped, covered more of the request than everything kept', () => {
  const question =
    'Do our quarterly invoices need the reverse-charge wording, or is the VAT number on the invoice enough?';
  const rule = document(
    'vat/reverse-charge',
    'Invoices to business customers abroad must state "reverse charge" and carry both VAT numbers; the VAT number alone is not enough.',
    0.9,
  );
  const template = document(
    'templates/invoice',
    'The quarterly invoice template shows our VAT number and address.',
    0.8,
  );
  const receipts = document('vat/receipts', 'Till receipts under 250 need no VAT number of the customer.', 0.7);

  it('names the reranker when the answer leaves out what only the dropped document covered', () => {
    const report = attributeRootCause(
      rerankedTrace(
        question,
        [rule, template, receipts],
        [template, receipts],
        'The quarterly invoice template shows our VAT number, so the invoice is fine as it is.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'rerank', rule: 'dropped-document' });
  });

  it('is quiet when the kept documents together cover as much of the request', () => {
    const wide = document(
      'templates/invoice',
      'The quarterly invoice template shows our VAT number; reverse-charge wording is added for customers abroad.',
      0.8,
    );
    const report = attributeRootCause(
      rerankedTrace(question, [rule, wide, receipts], [wide, receipts], 'The template adds the wording when needed.'),
    );
    expect(report.findings.some((finding) => finding.rule === 'dropped-document')).toBe(false);
  });
});
