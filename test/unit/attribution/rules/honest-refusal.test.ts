import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolSpan } from '../build-trace.js';

const request = 'Close maintenance job MJ-3307 as complete.';

function closeTrace(message: string, answer: string, httpStatus = 409) {
  return buildTrace([
    agentSpan('root', request, answer),
    toolSpan('get', 'get_job', { job: 'MJ-3307' }, { job: 'MJ-3307', status: 'open', attachments: [] }),
    toolSpan('close', 'close_job', { job: 'MJ-3307' }, null, {
      id: 'close',
      name: 'x',
      status: { code: 'error', message },
      httpStatus,
    }),
  ]);
}

describe('span-error: a refusal in the record’s present state, honestly reported', () => {
  it('a 409 precondition refusal the answer reports is no failure of the run', () => {
    const report = attributeRootCause(
      closeTrace(
        '409 Conflict: the safety certificate must be attached before closure',
        'I could not close MJ-3307: the system needs the safety certificate attached first.',
      ),
    );
    expect(report.verdict).toBe('ok');
    expect(report.findings).toContainEqual(expect.objectContaining({ rule: 'honest-refusal', severity: 'info' }));
  });

  it('the same refusal with an answer that claims success is still a failure', () => {
    const report = attributeRootCause(
      closeTrace('409 Conflict: the safety certificate must be attached before closure', 'MJ-3307 is closed.'),
    );
    expect(report.verdict).toBe('failed');
  });

  it('a TLS certificate failure is still infrastructure', () => {
    const tls = attributeRootCause(
      closeTrace('x509: certificate has expired or is not yet valid', 'I could not close MJ-3307.', 502),
    );
    expect(tls.rootCause).toMatchObject({ spanId: 'close', layer: 'infrastructure' });
  });

  it('a refusal caused by a date the model stated without a source is the model span', () => {
    const trace = buildTrace([
      agentSpan('root', 'Reserve the first free bay for truck TR-88 from 3 March 2026.', 'I could not reserve bay B4.'),
      toolSpan('bays', 'list_bays', { from: '2026-03-03' }, { bays: [{ id: 'B4', free_from: '2026-03-13' }] }),
      {
        id: 'pick',
        parentId: 'root',
        name: 'select_bay',
        role: 'llm',
        outputMessages: [assistant('Bay B4 is free from 2026-03-05, so book it then.')],
      },
      toolSpan('reserve', 'reserve_bay', { bay: 'B4', start: '2026-03-05' }, null, {
        id: 'reserve',
        name: 'x',
        status: { code: 'error', message: 'conflict: B4 is occupied until 2026-03-13' },
        httpStatus: 409,
      }),
    ]);
    expect(attributeRootCause(trace).rootCause).toMatchObject({
      spanId: 'pick',
      layer: 'model',
      rule: 'rejected-model-value',
    });
  });
});
