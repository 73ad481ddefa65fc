import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { nearMiss } from '../../../../src/attribution/values/compare-values.js';
import { type ExtractedValue, extractFromText } from '../../../../src/attribution/values/extract-values.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

function firstValue(text: string): ExtractedValue {
  const value = extractFromText(text)[0];
  if (!value) throw new Error(`no value in "${text}"`);
  return value;
}

function numberValue(raw: string, number: number, unit: string | null): ExtractedValue {
  return { type: 'number', raw, key: String(number), number, unit, field: null };
}

describe('compare-values: one number in two locales', () => {
  it('grants: 1,500 EUR and 1.500 EUR are the same amount, not a decimal shift', () => {
    expect(nearMiss(firstValue('1.500 EUR'), firstValue('1,500 EUR'))).toBeNull();
    expect(nearMiss(firstValue('1,500 EUR'), firstValue('1.500 EUR'))).toBeNull();
  });

  it('2,5 % and 2.5 % are the same rate even when one was read as 25', () => {
    expect(nearMiss(numberValue('2,5 %', 25, '%'), numberValue('2.5 %', 2.5, '%'))).toBeNull();
  });

  it('1.5 kg and 15 kg are still a decimal shift', () => {
    expect(nearMiss(firstValue('1.5 kg'), firstValue('15 kg'))).toBe('decimal shift');
  });

  it('150 EUR and 1,500 EUR are still a decimal shift', () => {
    expect(nearMiss(firstValue('150 EUR'), firstValue('1,500 EUR'))).toBe('decimal shift');
  });
});

describe('value-drift: a figure copied in another locale', () => {
  function budgetRun(budget: string) {
    return buildTrace([
      agentSpan('root', 'Set the daily budget of the Winter Sale campaign to 1,500 EUR.', 'Done.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [
          assistant('', [toolCall('set_campaign_budget', { campaign: 'Winter Sale', daily_budget: budget })]),
        ],
      },
      toolSpan('set', 'set_campaign_budget', { campaign: 'Winter Sale', daily_budget: budget }, { ok: true }),
    ]);
  }

  it('ad campaigns: 1.500 EUR for a requested 1,500 EUR is no drift', () => {
    const report = attributeRootCause(budgetRun('1.500 EUR'));
    expect(report.findings.filter((finding) => finding.rule === 'value-drift')).toEqual([]);
    expect(report.verdict).toBe('ok');
  });

  it('150 EUR for a requested 1,500 EUR is a drift at the span that wrote the call', () => {
    const report = attributeRootCause(budgetRun('150 EUR'));
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'value-drift' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '1,500 EUR', actual: '150 EUR' });
  });
});

describe('compare-values: digits swapped across the decimal point', () => {
  it('3222.82 written as 3228.22 is a transposition', () => {
    const [written] = extractFromText('Royalty payable: £3,228.22.');
    const [recorded] = extractFromText('3222.82');
    expect(written && recorded ? nearMiss(written, recorded) : null).toBe('transposition');
  });
});
