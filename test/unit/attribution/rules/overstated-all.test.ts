import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

/** A registration record, then a model that reports on it with `text`. */
function reported(result: JsonValue, text: string) {
  return attributeRootCause(
    buildTrace([
      agentSpan('root', 'Register the six volunteers for Saturday’s beach clean and tell me who is in.'),
      toolSpan('register', 'register_volunteers', { event: 'BC-77', count: 6 }, result),
      { id: 'model', name: 'chat', role: 'llm', parentId: 'root', outputMessages: [assistant(text)] },
    ]),
  );
}

const overstated = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'overstated-all');

describe('overstated-all', () => {
  const partial = { event: 'BC-77', requested: 6, registered: ['Ama', 'Ben', 'Cy', 'Dee'], waitlisted: 2 };

  it('"all six registered" over a list of four is the model span that wrote it', () => {
    const report = reported(partial, 'All six volunteers are registered for the beach clean.');
    expect(report.rootCause).toMatchObject({ spanId: 'model', layer: 'model', rule: 'overstated-all' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ actual: 'all 6' });
  });

  it('a shortfall the record counts (`waitlisted: 2`) contradicts "all 6" whatever the verb', () => {
    expect(overstated(reported(partial, 'All 6 volunteers are sorted for Saturday.'))).toHaveLength(1);
  });

  it('all six, when the record has all six, or a claim about a number the record never counts, is fine', () => {
    const full = { event: 'BC-77', requested: 6, registered: ['Ama', 'Ben', 'Cy', 'Dee', 'Eli', 'Fay'] };
    expect(overstated(reported(full, 'All six volunteers are registered for the beach clean.'))).toEqual([]);
    expect(overstated(reported(partial, 'All 3 bin bags are in the shed; four volunteers are registered.'))).toEqual(
      [],
    );
    // A count of things, not of a state: "all 8 parents of the 6 volunteers" over `requested: 6`.
    const contacts = { event: 'BC-77', volunteers: 6, contacts_sent: 8 };
    expect(overstated(reported(contacts, 'The reminder went to all 8 parent contacts of the 6 volunteers.'))).toEqual(
      [],
    );
  });
});

describe('overstated-all: a count of another time', () => {
  it('`previous_run_registered: 0` says nothing about "all six registered" now', () => {
    const result = {
      event: 'BC-77',
      requested: 6,
      registered: ['Ama', 'Ben', 'Cy', 'Dee', 'Eli', 'Fay'],
      previous_run_registered: 0,
    };
    expect(overstated(reported(result, 'All six volunteers are registered for the beach clean.'))).toEqual([]);
    // The count of now still contradicts the claim.
    expect(
      overstated(reported({ ...result, registered: ['Ama', 'Ben'] }, 'All six volunteers are registered.')),
    ).toHaveLength(1);
  });
});
