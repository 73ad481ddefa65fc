import { describe, expect, it } from 'vitest';
import { createAnalysisContext } from '../../../src/attribution/analysis-context.js';
import type { JsonValue } from '../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from './build-trace.js';

/** The status provenance gives the answer's figure `raw`. */
function statusOfAnswerFigure(result: { [key: string]: JsonValue }, answer: string, raw: string): string | undefined {
  const trace = buildTrace([
    agentSpan('root', 'What do her parents owe for March?', answer),
    toolSpan('draft', 'create_invoice_draft', {}, result),
  ]);
  return createAnalysisContext(trace).provenance.checks.find(
    (check) => check.spanId === 'root' && check.value.raw === raw,
  )?.status;
}

describe('computeProvenance: figures worked out from others', () => {
  it('a sum of an amount and a count of hours is no amount: £710.25 is not worked out from £650.25 and 60 hours', () => {
    expect(statusOfAnswerFigure({ funded_hours: 60, total_gbp: 650.25 }, 'They owe £710.25.', '£710.25')).toBe(
      'unsourced',
    );
  });

  it('a sum of two amounts, or of an amount and a figure of no stated unit, is worked out', () => {
    expect(statusOfAnswerFigure({ deposit_gbp: 60, total_gbp: 650.25 }, 'They owe £710.25.', '£710.25')).toBe(
      'derived',
    );
    expect(statusOfAnswerFigure({ extras: 60, total_gbp: 650.25 }, 'They owe £710.25.', '£710.25')).toBe('derived');
  });

  it('a product of hours and a rate is an amount', () => {
    expect(statusOfAnswerFigure({ hours: 92, rate_gbp: 6.5 }, 'The hours come to £598.00.', '£598.00')).toBe('derived');
  });

  it('a share the same text applies to a figure it writes is worked out', () => {
    expect(
      statusOfAnswerFigure(
        { amount_gbp: 1200 },
        'Benefits may be worth £25 plus 5% of the £1,100 above £100, which is £55.',
        '£55',
      ),
    ).toBe('derived');
  });
});

describe('computeProvenance: a search window that opens the day after the asked day', () => {
  const request = "We can't make Saturday 13 June 2026 any more. Could you move us to the next Saturday with room?";
  const statusOf = (call: string, args: { [key: string]: JsonValue }) => {
    const trace = buildTrace([agentSpan('root', request), toolSpan('call', call, args, { ok: true })]);
    return createAnalysisContext(trace).provenance.checks.find(
      (check) => check.spanId === 'call' && check.value.type === 'date',
    )?.status;
  };

  it('a lookup from the 14th, for what comes after the 13th, is no slip of the 13th', () => {
    expect(statusOf('list_sessions', { from: '2026-06-14', weekday: 'Saturday' })).not.toBe('drifted');
  });

  it('a booking for the 14th is still a day off the 13th', () => {
    expect(statusOf('book_session', { date: '2026-06-14' })).toBe('drifted');
  });
});

describe('computeProvenance: a sum the text writes out near another figure', () => {
  it('"£128.00 and £54.00, so £182.00" is worked out, not a transposed £128', () => {
    const prices = { lines: [{ price_gbp: 128 }, { price_gbp: 54 }] };
    expect(statusOfAnswerFigure(prices, 'Foils £128.00 and a cut £54.00, so £182.00 in total.', '£182.00')).toBe(
      'derived',
    );
    // Without its parts written beside it, £182.00 is a transposition of £128.
    expect(statusOfAnswerFigure(prices, 'Foils come to £182.00.', '£182.00')).toBe('drifted');
  });
});

describe('computeProvenance: a figure the text converts from another it writes', () => {
  it('"10x8 in (25.4 x 20.3 cm)" is converted, not a slipped 2.54 of the instructions', () => {
    const trace = buildTrace([
      {
        ...agentSpan('root', 'What size are the prints in cm?', 'The print is 10x8 in (25.4 x 20.3 cm).'),
        systemInstructions: 'Give sizes in inches and in cm (1 in = 2.54 cm, to 1 decimal place).',
      },
      toolSpan('pack', 'get_pack', { pack: 'C' }, { prints: [{ size_in: '10x8' }] }),
    ]);
    const check = createAnalysisContext(trace).provenance.checks.find(
      (found) => found.spanId === 'root' && found.value.raw === '25.4 cm',
    );
    expect(check?.status).toBe('derived');
  });
});
