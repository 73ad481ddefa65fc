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

  it('payroll: a site code in capitals abbreviates the office the request names; a look-alike name does not', () => {
    const enrolled = (site: string) =>
      attributeRootCause(
        buildTrace([
          agentSpan('root', 'Enrol employee E-2291 on the payroll at the Melbourne office from 1 December.'),
          {
            id: 'enrol',
            name: 'enrol_employee',
            role: 'tool',
            tool: {
              name: 'enrol_employee',
              callId: null,
              arguments: { employee_id: 'E-2291', site_name: site, start: '2026-12-01' },
              result: { enrolled: true },
            },
          },
        ]),
      );
    expect(enrolled('MEL-CENTRAL').findings.some((finding) => finding.rule === 'substituted-name')).toBe(false);
    expect(enrolled('melbury').rootCause).toMatchObject({ spanId: 'enrol', rule: 'substituted-name' });
    expect(enrolled('melbury').rootCause?.evidence[0]).toMatchObject({ expected: 'melbourne', actual: 'melbury' });
  });
});

describe('substituted-name: a code in capitals that shortens the name', () => {
  const substitutions = (drugs: string[]) =>
    attributeRootCause(checked({ drugs })).findings.filter((finding) => finding.rule === 'substituted-name');

  it('`FLUCONZL` keeps the letters of "fluconazole" in their order: a code for it', () => {
    expect(substitutions(['warfarin', 'FLUCONZL'])).toEqual([]);
  });

  it('a look-alike in capitals whose letters do not run in the name’s order is still a substitution', () => {
    expect(substitutions(['warfarin', 'FLUOXETINE'])).toHaveLength(1);
  });
});
