import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

const branches = {
  branches: [
    { branch: 'Northgate', loans_out: 412, holds_waiting: 57 },
    { branch: 'Riverside', loans_out: 238, holds_waiting: 31 },
  ],
};

function branchTrace(request: string, answer: string) {
  return buildTrace([
    agentSpan('root', request, answer),
    toolSpan('stats', 'get_branch_loan_stats', { library: 'City Libraries' }, branches),
    { id: 'llm', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
  ]);
}

function wrongRecordChoices(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.rule === 'wrong-record-choice');
}

const riversideRequest = 'How many books are on loan at the Riverside branch, and how many holds are waiting?';

describe('wrong-record-choice: an answer read from the wrong row', () => {
  it("library loans: the answer gives Northgate's figures where the request names Riverside", () => {
    const report = attributeRootCause(
      branchTrace(riversideRequest, 'Riverside has 412 books on loan and 57 holds waiting.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'wrong-record-choice' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '238, 31', actual: '412, 57' });
  });

  it("the answer that gives the named branch's figures is right", () => {
    const trace = branchTrace(riversideRequest, 'Riverside has 238 books on loan and 31 holds waiting.');
    expect(wrongRecordChoices(trace)).toEqual([]);
  });

  it('a request that names no branch picks no row', () => {
    const trace = branchTrace(
      'Which of our library branches is the busiest right now?',
      'The busiest branch has 412 books on loan and 57 holds waiting.',
    );
    expect(wrongRecordChoices(trace)).toEqual([]);
  });

  it('a named row of small figures only (5 and 3) gives no evidence that the answer missed it', () => {
    const smallRow = {
      branches: [
        { branch: 'Northgate', loans_out: 412, holds_waiting: 57 },
        { branch: 'Riverside', loans_out: 5, holds_waiting: 3 },
      ],
    };
    const trace = buildTrace([
      agentSpan('root', riversideRequest),
      toolSpan('stats', 'get_branch_loan_stats', { library: 'City Libraries' }, smallRow),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('Northgate: 412 on loan, 57 holds. Riverside: 5 on loan, 3 holds.')],
      },
    ]);
    expect(wrongRecordChoices(trace)).toEqual([]);
  });
});
