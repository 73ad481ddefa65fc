import { describe, expect, it } from 'vitest';
import { classifyDrift, normaliseField, normaliseName, signatureOf } from '../../../src/cluster/index.js';
import { analysedRun, toolSpan } from './cluster-fixtures.js';

describe('normaliseName', () => {
  it.each([
    ['lookup_order', 'lookup_order'],
    ['lookup_orders', 'lookup_order'],
    ['LookupOrder', 'lookup_order'],
    ['lookupOrders', 'lookup_order'],
    ['lookup-order-v2', 'lookup_order'],
    ['search_policies', 'search_policy'],
    ['HTTPClient', 'http_client'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });
});

describe('classifyDrift', () => {
  it.each([
    ['1234', '1243', 'transposition'],
    ['30', '300', 'decimal shift'],
    ['89.00', '8.90', 'decimal shift'],
    ['INC-20417', 'INC-2017', 'dropped character'],
    ['cus_4471', 'cus_44711', 'added character'],
    ['ZX4KLM', 'ZX4KLN', 'one edit'],
    ['12.00', '-12.00', 'sign flip'],
    ['alice@contoso.com', 'bob@fabrikam.com', 'other value'],
  ])('%s vs %s is a %s', (expected, actual, kind) => {
    expect(classifyDrift(expected, actual)).toBe(kind);
  });

  it('calls a value with no expected source invented', () => {
    expect(classifyDrift(null, 'customer@example.com')).toBe('no source');
  });
});

describe('normaliseField', () => {
  it('drops argument prefixes and indexes', () => {
    expect(normaliseField('args.items[2].sku')).toBe('items.sku');
    expect(normaliseField('arguments.order_id')).toBe('order_id');
  });
});

describe('signatureOf', () => {
  it('abstracts identifiers and numbers so two runs of one mode share an ID', () => {
    const first = analysedRun({
      traceId: 'a1',
      layer: 'tool-args',
      span: toolSpan('lookup_order'),
      evidence: { field: 'args.order_id', expected: '1234', actual: '1243' },
    });
    const second = analysedRun({
      traceId: 'b2',
      layer: 'tool-args',
      span: toolSpan('lookup_orders'),
      evidence: { field: 'args.order_id', expected: '99871', actual: '98971' },
    });
    const left = signatureOf(first.report, first.trace);
    const right = signatureOf(second.report, second.trace);
    expect(left?.id).toBe(right?.id);
    expect(left?.shape).toBe('order_id drifted by transposition');
    expect(left?.text).not.toMatch(/1234|1243|99871/);
  });

  it('separates different drift kinds in the same tool', () => {
    const transposed = analysedRun({
      traceId: 'c',
      layer: 'tool-args',
      span: toolSpan('issue_refund'),
      evidence: { field: 'args.amount', expected: '30', actual: '300' },
    });
    const invented = analysedRun({
      traceId: 'd',
      layer: 'tool-args',
      span: toolSpan('issue_refund'),
      evidence: { field: 'args.amount', expected: '30', actual: '31' },
    });
    expect(signatureOf(transposed.report, transposed.trace)?.id).not.toBe(
      signatureOf(invented.report, invented.trace)?.id,
    );
  });

  it('uses the HTTP status for infrastructure failures', () => {
    const run = analysedRun({
      traceId: 'e',
      layer: 'infrastructure',
      rule: 'infrastructure-error',
      span: { name: 'chat gpt-4o', role: 'llm', httpStatus: 429, attributes: { 'gen_ai.provider.name': 'openai' } },
      summary: 'rate limited by the model provider',
    });
    const signature = signatureOf(run.report, run.trace);
    expect(signature?.shape).toBe('http 429');
    // The provider is not recorded by every framework, so model failures group under "model".
    expect(signature?.subject).toBe('model');
  });

  it('falls back to the failure category when no status code is recorded', () => {
    const run = analysedRun({
      traceId: 'f',
      layer: 'infrastructure',
      rule: 'infrastructure-error',
      span: { name: 'call crm', role: 'http', status: { code: 'error', message: 'connect ETIMEDOUT 10.0.0.4:443' } },
      summary: 'the CRM timed out',
    });
    expect(signatureOf(run.report, run.trace)?.shape).toBe('timeout');
  });

  it('gives no signature to a run that did not fail', () => {
    const run = analysedRun({ traceId: 'g', layer: null, span: toolSpan('lookup_order') });
    expect(signatureOf(run.report, run.trace)).toBeNull();
  });
});

describe('classifyDrift on identifiers', () => {
  it('does not read a ticket ID as a number', () => {
    expect(classifyDrift('INC-12340', 'INC-1234')).toBe('dropped character');
  });
});
