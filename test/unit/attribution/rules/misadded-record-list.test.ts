import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { listSums, oneDigitApart } from '../../../../src/attribution/rules/misadded-record-list.js';
import type { Message } from '../../../../src/model/span.js';
import { agentSpan, assistant, buildTrace, toolSpan, user } from '../build-trace.js';

const payments = {
  grower_id: 'G-0233',
  season_value_gbp: 2364.5,
  payments: [
    { payment_id: 'PAY-0912', amount_gbp: 412.5, status: 'paid', date: '2026-09-29' },
    { payment_id: 'PAY-1004', amount_gbp: 388, status: 'paid', date: '2026-10-06' },
    { payment_id: 'PAY-1058', amount_gbp: 517.75, status: 'paid', date: '2026-10-13' },
    { payment_id: 'PAY-1121', amount_gbp: 1046.25, status: 'scheduled', date: '2026-10-20' },
  ],
};

function toolMessage(text: string): Message {
  return { role: 'tool', text, toolCallId: null, toolCalls: [], finishReason: null };
}

const request = 'How much have you paid me so far this season? Grower G-0233.';
const told = (answer: string) =>
  attributeRootCause(
    buildTrace([
      agentSpan('root', request, answer),
      toolSpan('list', 'list_payments', { grower_id: 'G-0233' }, payments),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        inputMessages: [user(request), toolMessage(JSON.stringify(payments))],
        outputMessages: [assistant(answer)],
      },
    ]),
  );

describe('listSums', () => {
  it('adds each numeric field over all items and over the items that share a value', () => {
    const sums = listSums(payments);
    expect(sums).toContainEqual({ sum: 2364.5, count: 4, described: 'amount_gbp' });
    expect(sums).toContainEqual({ sum: 1318.25, count: 3, described: 'amount_gbp where status is paid' });
    // Ids and dates differ on every item: they group nothing.
    expect(sums.some((entry) => entry.described.includes('payment_id'))).toBe(false);
  });
});

describe('oneDigitApart', () => {
  it('one digit changed, or two neighbours swapped, at the same decimals', () => {
    expect(oneDigitApart(1418.25, 1318.25, 2)).toBe(true);
    expect(oneDigitApart(1381.25, 1318.25, 2)).toBe(true);
    expect(oneDigitApart(1318.25, 1318.25, 2)).toBe(false);
    expect(oneDigitApart(1428.25, 1318.25, 2)).toBe(false);
    expect(oneDigitApart(318.25, 1318.25, 2)).toBe(false);
  });
});

describe('misadded-record-list', () => {
  it('"GBP 1,418.25 across three payments" where the three paid come to 1,318.25 is the model', () => {
    const report = told('So far we have paid you GBP 1,418.25 across three payments, with one more scheduled.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'misadded-record-list' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '1318.25', actual: 'GBP 1,418.25' });
  });

  it('the right sum, or a figure told with no count of the items, is left alone', () => {
    const rule = (answer: string) => told(answer).findings.filter((finding) => finding.rule === 'misadded-record-list');
    expect(rule('So far we have paid you GBP 1,318.25 across three payments, with one more scheduled.')).toEqual([]);
    expect(rule('Your next payment after GBP 1,418.25 in total is on 20 October.')).toEqual([]);
  });
});
