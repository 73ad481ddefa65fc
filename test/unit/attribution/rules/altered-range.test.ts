import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, retrievalSpan, retrievedDocument } from '../build-trace.js';

const notice =
  'PSN-2026-018 CT-DBL heated underblanket. Affected: CT-DBL underblankets with batch codes 2403 to 2438, printed on the label.';

function answered(answer: string, document = notice) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', 'Is my CT-DBL underblanket, batch 2431, part of the recall?', answer),
      retrievalSpan('notices', 'CT-DBL underblanket recall batch', [retrievedDocument('psn-1', document, 0.9)]),
      { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
    ]),
  );
}

const altered = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'altered-range');

describe('altered-range', () => {
  it('a range quoted with one end changed ("2403 to 2428" for "2403 to 2438") is the model', () => {
    const report = answered('The recall covers batch codes 2403 to 2428, so batch 2431 is not affected.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'altered-range' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2403 to 2438', actual: '2403 to 2428' });
  });

  it('the range as the source gives it, a range about something else, or clock times are no finding', () => {
    expect(altered(answered('The recall covers batch codes 2403 to 2438, so batch 2431 is affected.'))).toEqual([]);
    expect(altered(answered('Call 0333 016 4470 between 9 to 5, batch 2431 is affected.'))).toEqual([]);
    expect(
      altered(
        answered('Open 08:00-09:00 only.', 'The helpline is open 08:00-10:00 on weekdays, batches 2403 to 2438.'),
      ),
    ).toEqual([]);
  });
});
