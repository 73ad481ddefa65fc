import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, buildTrace, toolSpan } from '../build-trace.js';

const request = 'What is the flood risk band for 14 Quay Street, Bideford EX39 2BL?';

function floodTrace(match: JsonValue, answer: string) {
  return buildTrace([
    agentSpan('root', request, answer),
    toolSpan('locate', 'find_address', { address: '14 Quay Street, Bideford EX39 2BL' }, match),
    toolSpan('risk', 'flood_risk', { uprn: '10023345871' }, { band: 'high', uprn: '10023345871' }),
  ]);
}

describe('degraded-result: a tool result that rates itself a poor match, used as exact', () => {
  it('a postcode-centroid fallback whose reference the next call uses is the root, in the tool layer', () => {
    const report = attributeRootCause(
      floodTrace(
        { uprn: '10023345871', match: { precision: 'postcode_centroid', score: 0.9 } },
        'The flood risk band for 14 Quay Street is high.',
      ),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'locate', layer: 'tool', rule: 'degraded-result' });
    expect(report.rootCause?.evidence[0]?.actual).toContain('postcode_centroid');
  });

  it('a confidence below one half counts too', () => {
    const report = attributeRootCause(
      floodTrace({ uprn: '10023345871', confidence: 0.32 }, 'The flood risk band for 14 Quay Street is high.'),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'locate', rule: 'degraded-result' });
  });

  it('an exact match is not a finding', () => {
    const report = attributeRootCause(
      floodTrace(
        { uprn: '10023345871', match: { precision: 'rooftop', score: 0.98 } },
        'The flood risk band for 14 Quay Street is high.',
      ),
    );
    expect(report.verdict).toBe('ok');
  });

  it('an answer that passes the doubt on to the user is honest, not a finding', () => {
    const report = attributeRootCause(
      floodTrace(
        { uprn: '10023345871', confidence: 0.32 },
        'I could not match the exact address; for the nearest match the band is high.',
      ),
    );
    expect(report.findings.filter((finding) => finding.rule === 'degraded-result')).toEqual([]);
  });
});
