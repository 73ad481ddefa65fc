import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import type { Message } from '../../../../src/model/span.js';
import { agentSpan, assistant, buildTrace, toolSpan, user } from '../build-trace.js';

function toolMessage(text: string): Message {
  return { role: 'tool', text, toolCallId: null, toolCalls: [], finishReason: null };
}

function answerRun(request: string, result: { [key: string]: JsonValue }, answer: string) {
  const model: SpanDraft = {
    id: 'llm',
    parentId: 'root',
    name: 'chat',
    role: 'llm',
    inputMessages: [user(request), toolMessage(JSON.stringify(result))],
    outputMessages: [assistant(answer)],
  };
  return attributeRootCause(
    buildTrace([agentSpan('root', request, answer), toolSpan('draft', 'create_invoice_draft', {}, result), model]),
  );
}

const contradictions = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'contradicted-figure');

const invoice = {
  draft_id: 'INV-2026-031',
  funded_hours: 60,
  lines: [
    { desc: 'Childcare hours', qty: 92, unit_gbp: 6.5, amount_gbp: 598 },
    { desc: 'Meals', qty: 19, unit_gbp: 2.75, amount_gbp: 52.25 },
  ],
  total_gbp: 650.25,
};
const request = "Draft Maisie's March invoice and tell me what her parents owe.";

describe('contradicted-figure: what is owed in all, against the record total', () => {
  it('"her parents owe £710.25" against total_gbp 650.25 is the model', () => {
    const report = answerRun(
      request,
      invoice,
      'Invoice INV-2026-031 is drafted. Her parents owe £710.25, due 14 April.',
    );
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: '650.25', actual: '£710.25' });
  });

  it('the total as the record states it is no contradiction', () => {
    const report = answerRun(
      request,
      invoice,
      'Invoice INV-2026-031 is drafted. Her parents owe £650.25, due 14 April.',
    );
    expect(contradictions(report)).toEqual([]);
  });

  it('an owed figure beside a total of a part (`labour_total_gbp`) is not linked to it', () => {
    const report = answerRun(
      request,
      { draft_id: 'INV-2026-031', labour_total_gbp: 598, meals_gbp: 52.25 },
      'Invoice INV-2026-031 is drafted. Her parents owe £710.25, due 14 April.',
    );
    expect(contradictions(report)).toEqual([]);
  });
});

describe('contradicted-figure: an estimate that rounds a figure of the record', () => {
  const quote = {
    walling_gbp: 5504,
    total_ex_vat_gbp: 7240,
    effective_rate_gbp_per_m: 226.25,
    vat_gbp: 1448,
    total_inc_vat_gbp: 8688,
  };
  const ask = 'Could I get a quote for rebuilding 32 m of our roadside wall?';

  it('"about £226 per metre" for 226.25 restates the rate, whatever else the sentence names', () => {
    const report = answerRun(
      ask,
      quote,
      'The rebuild comes to £7,240.00 ex VAT (£8,688.00 inc VAT), which works out at about £226 per metre.',
    );
    expect(contradictions(report)).toEqual([]);
  });

  it('an estimate that rounds no figure of the record is still compared', () => {
    const report = answerRun(ask, quote, 'The rebuild comes to £7,240.00 ex VAT, and the VAT on it is about £1,148.');
    expect(contradictions(report)).toHaveLength(1);
  });
});

describe('contradicted-figure: a time told against a range of times in a record', () => {
  const booking = { stand: 'B14', setup: 'Friday 17 April 16:00-21:00', breakdown: 'Sunday 19 April after 16:30' };
  const ask = 'What time can we get in on the Friday to set up?';

  it('"get in from 14:00 … to set up" against `setup: … 16:00-21:00` is the model', () => {
    const report = answerRun(ask, booking, 'You can get in from 14:00 on Friday 17 April to set up your layout.');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'model', rule: 'contradicted-figure' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: '14:00' });
  });

  it('the start of the range as recorded is no contradiction', () => {
    const report = answerRun(ask, booking, 'You can get in from 16:00 on Friday 17 April to set up your layout.');
    expect(contradictions(report)).toEqual([]);
  });
});
