import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

const request = 'Which of my two containers clears customs first, MSCU4471203 or TGHU8812056?';

function answered(answer: string) {
  return buildTrace([
    agentSpan('root', request, answer),
    toolSpan('first', 'get_status', { container: 'MSCU4471203' }, { container: 'MSCU4471203', clears: '2026-02-18' }),
    toolSpan('second', 'get_status', { container: 'TGHU8812056' }, { container: 'TGHU8812056', clears: '2026-02-11' }),
    { id: 'model', parentId: 'root', name: 'chat', role: 'llm', outputMessages: [assistant(answer)] },
  ]);
}

describe('misattributed-value', () => {
  it('a date pinned on the other record’s code is the model', () => {
    const report = attributeRootCause(
      answered('MSCU4471203 clears first, on 11 February. TGHU8812056 clears on 18 February.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'misattributed-value' });
  });

  it('each code with its own record’s date is fine', () => {
    expect(
      attributeRootCause(answered('TGHU8812056 clears first, on 11 February. MSCU4471203 clears on 18 February.'))
        .verdict,
    ).toBe('ok');
  });
});
