import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, retrievalSpan, retrievedDocument, user } from '../build-trace.js';

const rule =
  'Returned cold-chain products that were outside +2 to +8 °C for more than 30 minutes must NOT be returned to saleable stock.';

function run(request: string, answer: string) {
  return buildTrace([
    agentSpan('root', request, answer),
    retrievalSpan('search', 'returns cold chain excursion', [retrievedDocument('sop', rule, 0.9)]),
    {
      id: 'model',
      name: 'chat',
      role: 'llm',
      inputMessages: [user(`${rule}\n\nQuestion: ${request}`)],
      outputMessages: [assistant(answer)],
    },
  ]);
}

describe('overlooked-limit', () => {
  it('an answer that says go ahead past a bound its context forbids is the model', () => {
    const report = attributeRootCause(
      run(
        'The boxes were out of the fridge for about 3 hours. Can they go back into stock?',
        'Yes. 3 hours is within the allowed window.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'overlooked-limit' });
  });

  it('a quantity inside the bound, or an answer that says no, is fine', () => {
    expect(
      attributeRootCause(
        run(
          'They were out for about 20 minutes. Can they go back into stock?',
          'Yes, 20 minutes is within the allowed window.',
        ),
      ).verdict,
    ).toBe('ok');
    expect(
      attributeRootCause(
        run(
          'They were out for about 3 hours. Can they go back into stock?',
          'No: more than 30 minutes out means quarantine.',
        ),
      ).findings.some((finding) => finding.rule === 'overlooked-limit'),
    ).toBe(false);
  });
});
