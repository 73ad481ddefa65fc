import { describe, expect, it } from 'vitest';
import { attributeRootCause } from '../../../../src/attribution/index.js';
import { agentSpan, assistant, buildTrace, toolCall, toolSpan } from '../build-trace.js';

function restarted(request: string, cluster: string) {
  const args = {
    action: 'rollout_restart',
    cluster,
    deployment: 'ingest-worker',
    reason: 'stuck on an old prod config',
  };
  return attributeRootCause(
    buildTrace([
      agentSpan('root', request, 'Restarted.'),
      toolSpan('inspect', 'get_deployment', { cluster: 'stg-eu-1' }, { cluster: 'stg-eu-1', replicas: 4 }),
      {
        id: 'llm',
        parentId: 'root',
        name: 'chat',
        role: 'llm',
        outputMessages: [assistant('', [toolCall('transfer_to_k8s_operator', args)])],
      },
      toolSpan('handoff', 'transfer_to_k8s_operator', args, { accepted: true }),
    ]),
  );
}

const ruled = (report: ReturnType<typeof attributeRootCause>) =>
  report.findings.filter((finding) => finding.rule === 'forbidden-target');

describe('forbidden-target', () => {
  const request = 'Do a rollout restart of ingest-worker in staging (stg-eu-1). Don’t touch prod.';

  it('a call written against the environment the request ruled out is tool-args where it was written', () => {
    const report = restarted(request, 'prod-eu-1');
    expect(report.rootCause).toMatchObject({ spanId: 'llm', layer: 'tool-args', rule: 'forbidden-target' });
    expect(report.rootCause?.evidence[0]).toMatchObject({ field: 'args.cluster', actual: 'prod-eu-1' });
    expect(ruled(restarted(request, 'production-eu'))).toHaveLength(1);
  });

  it('the allowed target, a mention in free text, or a request that also asks for the target are not findings', () => {
    expect(ruled(restarted(request, 'stg-eu-1'))).toEqual([]);
    expect(ruled(restarted('Restart ingest-worker in prod-eu-1 now; don’t touch prod-us.', 'prod-eu-1'))).toEqual([]);
  });
});
