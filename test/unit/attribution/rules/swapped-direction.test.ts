import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { requestedDirection } from '../../../../src/attribution/rules/swapped-direction.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

const request = 'Please move £250 from my savings account (ending 4471) into my current account (ending 0926).';
const accounts = {
  accounts: [
    { account_id: 'acc_8812', type: 'savings', last4: '4471' },
    { account_id: 'acc_3307', type: 'current', last4: '0926' },
  ],
};

function transfer(from: string, to: string) {
  const args = { from_account_id: from, to_account_id: to, amount: 250 };
  return buildTrace([
    agentSpan('root', request, 'Done: £250 moved from savings to current.'),
    toolSpan('list', 'list_accounts', {}, accounts),
    { id: 'model', name: 'chat', role: 'llm', outputMessages: [assistant('', [toolCall('transfer_funds', args)])] },
    toolSpan('move', 'transfer_funds', args, { status: 'completed' }),
  ]);
}

describe('requestedDirection', () => {
  it('reads the two sides of "from … into …"', () => {
    expect(requestedDirection(request)).toEqual({
      from: 'my savings account (ending 4471)',
      to: 'my current account (ending 0926)',
    });
    expect(requestedDirection('Book a table for two at 8pm')).toBeNull();
  });
});

describe('swapped-direction', () => {
  it('a transfer whose source is the account the request moves money into is the model’s tool-args', () => {
    const report = attributeRootCause(transfer('acc_3307', 'acc_8812'));
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'tool-args', rule: 'swapped-direction' });
  });

  it('a transfer the right way round is fine', () => {
    expect(attributeRootCause(transfer('acc_8812', 'acc_3307')).verdict).toBe('ok');
  });

  it('sides the records cannot tell apart give no finding', () => {
    const trace = buildTrace([
      agentSpan('root', 'Copy the report from the shared drive to my folder.', 'Copied.'),
      toolSpan('copy', 'copy_file', { source: 'drv_1', target: 'drv_2' }, { copied: true }),
    ]);
    expect(attributeRootCause(trace).findings.some((finding) => finding.rule === 'swapped-direction')).toBe(false);
  });
});
