import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../src/attribution/index.js';
import { readTrace } from '../../../src/formats/index.js';
import { reportSchema } from '../../../src/report/report.js';
import { repositoryRoot } from '../fixture-paths.js';

describe('the worked example in the brief', () => {
  const file = path.join(repositoryRoot, 'examples/worked-example.txt');
  const report = attributeRootCause(readTrace(readFileSync(file), { source: file }));

  it('names span 2, tool-args, with 1234 vs 1243 from the user request as evidence', () => {
    expect(reportSchema.parse(report)).toEqual(report);
    expect(report.verdict).toBe('failed');
    expect(report.rootCause?.spanId).toBe('2');
    expect(report.rootCause?.layer).toBe('tool-args');
    expect(report.rootCause?.evidence[0]).toMatchObject({
      expected: '#1234',
      actual: '1243',
      source: 'user request',
      field: 'args.order_id',
    });
    expect(report.rootCause?.summary).toContain('transposition');
  });

  it('puts the refund of the wrong order in the blast radius', () => {
    const refund = report.blastRadius.find((entry) => entry.spanId === '3');
    expect(refund?.note).toContain('1243');
  });

  it('flags the placeholder email and the success claim as findings, not as the root', () => {
    const invented = report.findings.find((finding) => finding.rule === 'invented-value');
    expect(invented).toMatchObject({ spanId: '4', layer: 'tool-args' });
    expect(invented?.message).toContain('customer@example.com');
    const claim = report.findings.find(
      (finding) => finding.rule === 'unsupported-claim' || finding.message.includes('Refund processed'),
    );
    expect(claim?.spanId).toBe('5');
  });

  it('walks through the run in reading order with the tools step marked bad', () => {
    expect(report.walkthrough.map((step) => step.step)).toEqual([
      'goal',
      'plan',
      'tools',
      'retrieval',
      'model',
      'answer',
    ]);
    expect(report.walkthrough.find((step) => step.step === 'tools')?.verdict).toBe('bad');
    expect(report.walkthrough.find((step) => step.step === 'retrieval')?.verdict).toBe('absent');
    expect(report.suggestedFix).toMatch(/verify|validate/i);
  });
});
