import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function invoiceTrace(result: JsonValue, answer: string) {
  return buildTrace([
    agentSpan('root', 'What is the total of invoice INV-5521?', answer),
    toolSpan('invoice', 'get_invoice', { invoice_id: 'INV-5521' }, result),
  ]);
}

describe('upstream-data: a total that its own parts contradict', () => {
  it('a total ten times the sum of its lines is wrong at the source', () => {
    const report = attributeRootCause(
      invoiceTrace(
        {
          invoice_id: 'INV-5521',
          total: 1843.5,
          lines: [
            { sku: 'A-1', amount: 120.25 },
            { sku: 'B-2', amount: 64.1 },
          ],
        },
        'Invoice INV-5521 totals 1843.5.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'invoice', layer: 'upstream-data' });
    expect(report.rootCause?.evidence[0]?.expected).toContain('184.35');
  });

  it('a total off its parts with nothing else in the record to explain it is wrong at the source', () => {
    const report = attributeRootCause(
      invoiceTrace(
        { invoice_id: 'INV-5521', total: 250, by_category: { hardware: 120, services: 64 } },
        'Invoice INV-5521 totals 250.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'invoice', layer: 'upstream-data' });
  });

  it('a total that tax explains, or that equals its parts, is not a finding', () => {
    const results: { [key: string]: JsonValue; total: number }[] = [
      { invoice_id: 'INV-5521', total: 221.22, tax: 36.87, lines: [{ amount: 120.25 }, { amount: 64.1 }] },
      { invoice_id: 'INV-5521', total: 184.35, lines: [{ amount: 120.25 }, { amount: 64.1 }] },
    ];
    for (const result of results) {
      const report = attributeRootCause(invoiceTrace(result, `Invoice INV-5521 totals ${result.total}.`));
      expect(report.verdict).toBe('ok');
    }
  });

  it('a total that counts the results, or every page of them, is no amount', () => {
    const invoices = [{ amount: 86.4 }, { amount: 86.4 }, { amount: 86.4 }];
    const pages: JsonValue[] = [
      { results: invoices, total: 3 },
      { results: invoices, total: 41, page: 1, per_page: 3 },
    ];
    for (const result of pages) {
      const report = attributeRootCause(invoiceTrace(result, 'I found three invoices of 86.40 each.'));
      expect(report.findings.filter((finding) => finding.rule === 'upstream-data')).toEqual([]);
    }
  });
});
