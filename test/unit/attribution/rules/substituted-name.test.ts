import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { SpanDraft } from '../../../../src/model/create-span.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace } from '../build-trace.js';

const request = 'Patient on warfarin has just been prescribed fluconazole. Anything to flag?';

function checked(args: { [key: string]: JsonValue }) {
  const call: SpanDraft = {
    id: 'check',
    name: 'check_interactions',
    role: 'tool',
    tool: { name: 'check_interactions', callId: null, arguments: args, result: { interactions: [] } },
  };
  return buildTrace([agentSpan('root', request, 'Moderate interaction: watch for bleeding.'), call]);
}

describe('substituted-name', () => {
  it('a look-alike drug in the list beside one the request names is tool-args at the call', () => {
    const report = attributeRootCause(checked({ drugs: ['warfarin', 'fluoxetine'] }));
    expect(report.rootCause).toMatchObject({ spanId: 'check', layer: 'tool-args', rule: 'substituted-name' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'fluconazole', actual: 'fluoxetine' });
  });

  it('the names the request gave, or an inflection of one, are fine', () => {
    expect(attributeRootCause(checked({ drugs: ['warfarin', 'fluconazole'] })).verdict).toBe('ok');
    expect(
      attributeRootCause(checked({ note: 'prescribed', drugs: ['warfarin', 'fluconazole'] })).findings.some(
        (finding) => finding.rule === 'substituted-name',
      ),
    ).toBe(false);
  });

  it('free text that is neither a name field nor a list beside the request’s names is left alone', () => {
    const report = attributeRootCause(checked({ drugs: ['warfarin', 'fluconazole'], comment: 'flagged' }));
    expect(report.findings.some((finding) => finding.rule === 'substituted-name')).toBe(false);
  });
});
