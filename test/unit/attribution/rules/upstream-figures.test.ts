import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

function upstreamFindings(trace: ReturnType<typeof buildTrace>) {
  return attributeRootCause(trace).findings.filter((finding) => finding.layer === 'upstream-data');
}

function promoTrace(percentOff: number) {
  return buildTrace([
    agentSpan('root', 'Attach the promo code SPRING20 to ad campaign CP-4410.', 'SPRING20 is now attached to CP-4410.'),
    toolSpan('promo', 'get_promo_code', { code: 'SPRING20' }, { code: 'SPRING20', percent_off: percentOff }),
    toolSpan(
      'attach',
      'attach_promo',
      { campaign_id: 'CP-4410', code: 'SPRING20' },
      { campaign_id: 'CP-4410', attached: true },
    ),
  ]);
}

function paymentTrace(payment: Record<string, string | number>, answer: string) {
  return buildTrace([
    agentSpan('root', 'I paid £40 towards my gas bill yesterday. Is account GA-7720 in credit now?', answer),
    toolSpan('payments', 'get_recent_payments', { account_id: 'GA-7720' }, payment),
  ]);
}

describe('upstream-data: figures that cannot be right', () => {
  it('ad campaigns: a promo code stored as 150% off, acted on by its code, is upstream data', () => {
    const report = attributeRootCause(promoTrace(150));
    expect(report.rootCause).toMatchObject({ spanId: 'promo', layer: 'upstream-data' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: '150' });
  });

  it('a discount of 15% is plausible', () => {
    expect(upstreamFindings(promoTrace(15))).toEqual([]);
  });

  it("utilities: a payment stored a hundred times the user's own £40 is upstream data", () => {
    const trace = paymentTrace(
      { payment_id: 'PM-5521', amount_gbp: 4000, account_id: 'GA-7720' },
      'Your payment of £4,000 puts account GA-7720 well in credit.',
    );
    const report = attributeRootCause(trace);
    expect(report.rootCause).toMatchObject({ spanId: 'payments', layer: 'upstream-data' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: '4000' });
  });

  it('an amount in another currency is another figure', () => {
    const trace = paymentTrace(
      { payment_id: 'PM-5521', amount_eur: 4000, account_id: 'GA-7720' },
      'Your payment of €4,000 puts account GA-7720 well in credit.',
    );
    expect(upstreamFindings(trace)).toEqual([]);
  });

  it('an amount that is not a power of ten from the figure is another figure', () => {
    const trace = paymentTrace(
      { payment_id: 'PM-5521', amount_gbp: 4200, account_id: 'GA-7720' },
      'Your payment of £4,200 puts account GA-7720 well in credit.',
    );
    expect(upstreamFindings(trace)).toEqual([]);
  });

  it("an answer that says it could not find the user's figure has not taken the record's for it", () => {
    const trace = paymentTrace(
      { payment_id: 'PM-5521', amount_gbp: 4, account_id: 'GA-7720' },
      "I couldn't find a £40 payment on GA-7720; the only recent payment is £4.",
    );
    expect(upstreamFindings(trace)).toEqual([]);
  });

  it('a count beside a reference range (how many readings a logger took) is not judged by the range', () => {
    const logged = (record: Record<string, string | number>) =>
      upstreamFindings(
        buildTrace([
          agentSpan('root', 'What was the highest temperature on shipment SHP-5?', 'The highest was 7.4 °C.'),
          toolSpan('logger', 'get_logger_summary', { shipment_id: 'SHP-5' }, record),
        ]),
      );
    expect(logged({ shipment_id: 'SHP-5', max: 7.4, range: '2-8', readings: 2016 })).toEqual([]);
    expect(logged({ shipment_id: 'SHP-5', max: 74, range: '2-8', readings: 2016 })).toHaveLength(1);
  });
});

describe('upstream-data: a step to round by is no stated quantity', () => {
  const mixed = (request: string) =>
    upstreamFindings(
      buildTrace([
        agentSpan('root', request, 'Batch of 250 ml made up with 200 ml of base.'),
        toolSpan('recipe', 'get_recipe', { product: 'cough linctus' }, { recipe: 'R-3', per_100_ml: { base_ml: 80 } }),
        toolSpan('batch', 'create_batch', { recipe: 'R-3', volume_ml: 250, base_ml: 200 }, { batch: 'B-9' }),
      ]),
    );

  it('"round the batch up to the next 800 ml" leaves a recipe’s 80 ml per 100 ml alone', () => {
    expect(mixed('Make up linctus for 230 ml of doses and round the batch up to the next 800 ml.')).toEqual([]);
  });

  it('the same figure stated as a quantity still is one', () => {
    expect(mixed('Make up linctus with 800 ml of base.')).toHaveLength(1);
  });
});
