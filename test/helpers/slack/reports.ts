import type { Report, RootCause } from '../../../src/report/report.js';

/** The worked example's root cause (span 2, `tool-args`), for tests that vary it. */
export function workedExampleRootCause(overrides: Partial<RootCause> = {}): RootCause {
  return {
    spanId: '2',
    spanName: 'tool.lookup_order',
    layer: 'tool-args',
    rule: 'value-drift',
    summary: 'The goal says order 1234; the first tool call used 1243 (two digits transposed).',
    confidence: 0.9,
    evidence: [{ spanId: '2', field: 'args.order_id', expected: '1234', actual: '1243', source: 'user request' }],
    ...overrides,
  };
}

/** The worked example of BRIEF.md, as the report contract describes it. */
export function workedExampleReport(overrides: Partial<Report> = {}): Report {
  return {
    traceId: null,
    format: 'text',
    traceUrl: null,
    verdict: 'failed',
    rootCause: workedExampleRootCause(),
    surfacedSpanId: '5',
    blastRadius: [
      { spanId: '3', note: 'refunded order 1243 (money moved)' },
      { spanId: '4', note: 'mailed customer@example.com, an address no upstream span produced' },
      { spanId: '5', note: 'claims success that no span supports' },
    ],
    suggestedFix:
      'Pass the order ID from the request unchanged, and add a plan step that compares the looked-up order with the requested one.',
    candidates: [],
    missingCapture: [],
    findings: [
      { rule: 'value-drift', spanId: '2', layer: 'tool-args', severity: 'error', message: 'order_id 1243 ≠ 1234' },
    ],
    walkthrough: [
      { step: 'goal', verdict: 'ok', note: 'Refund order #1234, send confirmation email' },
      { step: 'plan', verdict: 'suspect', note: 'no verification step' },
      { step: 'tools', verdict: 'bad', note: 'lookup_order called with 1243' },
      { step: 'retrieval', verdict: 'absent', note: 'no retrieval' },
      { step: 'model', verdict: 'suspect', note: 'summary claims success' },
      { step: 'answer', verdict: 'bad', note: 'Refund processed successfully.' },
    ],
    partial: false,
    spanNames: {
      '0': 'user.request',
      '1': 'agent.plan',
      '2': 'tool.lookup_order',
      '3': 'tool.issue_refund',
      '4': 'tool.send_email',
      '5': 'model.summarise',
    },
    ...overrides,
  };
}
