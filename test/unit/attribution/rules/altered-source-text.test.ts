import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, assistant, buildTrace, user } from '../build-trace.js';

function rewriteRun(request: string, output: string): SpanDraft[] {
  return [
    agentSpan('root', request, output),
    {
      id: 'llm',
      parentId: 'root',
      name: 'chat',
      role: 'llm',
      inputMessages: [user(request)],
      outputMessages: [assistant(output)],
    },
  ];
}

describe('altered-source-text', () => {
  it('a translation that changes one figure is the model, with the figure as evidence', () => {
    const report = attributeRootCause(
      buildTrace(
        rewriteRun(
          'Translate into German: "Store below 25 °C. Shake 10 seconds before use; apply 2 drops twice a day."',
          'Unter 25 °C lagern. Vor Gebrauch 10 Sekunden schütteln; zweimal täglich 3 Tropfen auftragen.',
        ),
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'altered-source-text' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '2', actual: '3' });
  });

  it('accepts other decimal and thousands separators as the same number', () => {
    const report = attributeRootCause(
      buildTrace(
        rewriteRun(
          'Translate to Spanish: The deposit is 1,500 EUR and the fee is 2.5 percent.',
          'El depósito es de 1.500 EUR y la comisión es del 2,5 por ciento.',
        ),
      ),
    );
    expect(report.findings.some((finding) => finding.rule === 'altered-source-text')).toBe(false);
    expect(report.verdict).toBe('ok');
  });

  it('says nothing when the request is a question rather than a rewrite', () => {
    const report = attributeRootCause(
      buildTrace(
        rewriteRun(
          'Our plan has 3 seats at 12 EUR each: what would 4 seats cost?',
          'Four seats would cost 48 EUR a month, 4 x 12 EUR.',
        ),
      ),
    );
    expect(report.findings.some((finding) => finding.rule === 'altered-source-text')).toBe(false);
  });
});
