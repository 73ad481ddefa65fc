import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

/** The run happened on 2026-11-25: every span starts that morning, 10 ms after the previous one. */
const runStart = Date.UTC(2026, 10, 25, 9, 0, 0);

function onRunDay(drafts: SpanDraft[]): SpanDraft[] {
  return drafts.map((draft, index) => ({
    ...draft,
    startTime: runStart + index * 10,
    endTime: runStart + index * 10 + 5,
  }));
}

function waivedChecks(drafts: SpanDraft[]) {
  return attributeRootCause(buildTrace(onRunDay(drafts))).findings.filter((finding) => finding.rule === 'waived-check');
}

function rentalRun(instructions: string, licenceExpiry: string): SpanDraft[] {
  return [
    {
      ...agentSpan(
        'root',
        'Please confirm my van hire for Saturday, booking RB-20931.',
        'Your van hire RB-20931 is confirmed.',
      ),
      systemInstructions: instructions,
    },
    toolSpan(
      'licence',
      'get_driver_licence',
      { booking: 'RB-20931' },
      { holder: 'J. Okafor', licence_no: 'OKAFO812', expiry_date: licenceExpiry },
    ),
    toolSpan('confirm', 'confirm_booking', { booking: 'RB-20931' }, { status: 'confirmed' }),
  ];
}

function refundRun(instructions: string, blockedCategories: string[]): SpanDraft[] {
  return [
    {
      ...agentSpan(
        'root',
        'I want a refund for the opened earphones from order W-88120.',
        'Refund issued for W-88120.',
      ),
      systemInstructions: instructions,
    },
    toolSpan(
      'order',
      'get_order',
      { order: 'W-88120' },
      { order: 'W-88120', item: 'Wireless earphones', opened: true },
    ),
    toolSpan('terms', 'get_return_terms', { order: 'W-88120' }, { non_returnable: blockedCategories, window_days: 30 }),
    toolSpan('refund', 'issue_refund', { order: 'W-88120' }, { status: 'refunded' }),
  ];
}

describe('waived-check: instructions that accept what has expired', () => {
  it('vehicle hire: "a licence remains valid for 6 months after its expiry date", and a licence that lapsed in May', () => {
    const report = attributeRootCause(
      buildTrace(
        onRunDay(
          rentalRun(
            'You confirm van hires. A driving licence remains valid for 6 months after its expiry date.',
            '2026-05-14',
          ),
        ),
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'root', layer: 'instruction', rule: 'waived-check' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'expired on 2026-05-14' });
  });

  it('the same instructions with a licence still in date find nothing', () => {
    expect(
      waivedChecks(
        rentalRun(
          'You confirm van hires. A driving licence remains valid for 6 months after its expiry date.',
          '2029-05-14',
        ),
      ),
    ).toEqual([]);
  });

  it('instructions that refuse expired documents find nothing, even with an expired licence', () => {
    expect(
      waivedChecks(rentalRun('You confirm van hires. Refuse any licence past its expiry date.', '2026-05-14')),
    ).toEqual([]);
  });
});

describe('waived-check: instructions that switch a check off', () => {
  it('retail: "do not review the non-returnable list", which names the very item the user returned', () => {
    const findings = waivedChecks(
      refundRun('Refund requests under 50 GBP are approved at once; do not review the non-returnable list for these.', [
        'Opened earphones and headphones (hygiene)',
        'Gift cards',
      ]),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ spanId: 'root', layer: 'instruction' });
    expect(findings[0]?.message).toContain('non_returnable');
  });

  it('a skipped check whose data does not concern the request finds nothing', () => {
    expect(
      waivedChecks(
        refundRun(
          'Refund requests under 50 GBP are approved at once; do not review the non-returnable list for these.',
          ['Gift cards', 'Perishable food'],
        ),
      ),
    ).toEqual([]);
  });

  it('instructions that ask for the check find nothing', () => {
    expect(
      waivedChecks(
        refundRun('Always review the non-returnable list before any refund.', [
          'Opened earphones and headphones (hygiene)',
        ]),
      ),
    ).toEqual([]);
  });
});
