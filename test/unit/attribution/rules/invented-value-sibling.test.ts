import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

function silenced(request: string, args: Record<string, JsonValue>) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, 'Silenced.'),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [{ id: 'call_1', name: 'create_silence', arguments: args }])],
      },
      {
        id: 'tool',
        parentId: 'root',
        name: 'execute_tool create_silence',
        role: 'tool',
        tool: { name: 'create_silence', callId: 'call_1', arguments: args, result: { silenceID: 'b7e2' } },
      },
    ]),
  );
}

describe('invented-value: a sibling of the scope the request names', () => {
  const request = 'Silence KubePodCrashLooping for namespace ledger on prod-eu-2 for 90 minutes.';

  it('a cluster one part from the named one, written as a matcher, is tool-args at the span that wrote it', () => {
    const report = silenced(request, {
      matchers: [
        { name: 'namespace', value: 'ledger' },
        { name: 'cluster', value: 'prod-us-2' },
      ],
    });
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'invented-value' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ expected: 'prod-eu-2', actual: 'prod-us-2' });
  });

  it('the region a named zone lies in (`us-east-1` for `us-east-1b`) is no sibling of it', () => {
    const zoned = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Check that cache-us-1 can fail over.', 'It can.'),
        toolSpan(
          'group',
          'describe_replication_group',
          { group: 'cache-us-1', region: 'us-east-1' },
          { primary_az: 'us-east-1b' },
        ),
      ]),
    );
    expect(
      zoned.findings.filter((finding) => finding.rule === 'invented-value' && finding.severity === 'error'),
    ).toEqual([]);
  });

  it('the named cluster, or an unrelated code in a field that picks no scope, is no sibling finding', () => {
    expect(silenced(request, { matchers: [{ name: 'cluster', value: 'prod-eu-2' }] }).verdict).toBe('ok');
    const other = silenced(request, { cluster: 'prod-eu-2', comment_ref: 'prod-us-2' });
    expect(other.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

describe('ignored-argument: hand-offs', () => {
  it('a hand-off whose payload carries a changed date is tool-args', () => {
    const report = attributeRootCause(
      buildTrace([
        agentSpan('root', 'Hire a 20 kVA generator from Friday 6 March 2026.', 'Booked.'),
        toolSpan(
          'handoff',
          'handoff_to_hire_desk',
          { on_hire: '2026-03-06' },
          { accepted: true, on_hire: '2026-06-03' },
        ),
      ]),
    );
    expect(report.rootCause).toMatchObject({ spanId: 'handoff', layer: 'tool-args' });
  });
});

describe('invented-value: unit codes', () => {
  it('a unit code a conversion tool takes (`ft2`) is vocabulary, not an invented record value', () => {
    const converted = (from: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'The roof is 420 sq ft. How many 1.95 m2 panels fit?', '21 panels fit.'),
          toolSpan('tool', 'convert_units', { value: 420, from, to: 'm2' }, { value: 39.02, unit: 'm2' }),
        ]),
      ).findings.filter((finding) => finding.rule === 'invented-value');
    expect(converted('ft2')).toEqual([]);
    expect(converted('RF-4471')).toHaveLength(1);
  });
});
