/** A large, realistic OTLP JSON trace: an agent loop of model calls, tool calls and HTTP children with GenAI attributes. */
export function generateOtlpTrace(spanCount: number): string {
  const traceId = '5b8efff798038103d269b633813fc60c';
  const hex = (value: number): string => value.toString(16).padStart(16, '0');
  const start = 1_764_000_000_000_000_000n;
  const spans: unknown[] = [];
  const attribute = (key: string, value: string | number) =>
    typeof value === 'number' ? { key, value: { intValue: String(value) } } : { key, value: { stringValue: value } };
  spans.push({
    traceId,
    spanId: hex(1),
    parentSpanId: '',
    name: 'invoke_agent ops-agent',
    kind: 1,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + BigInt(spanCount) * 1_000_000n),
    attributes: [
      attribute('gen_ai.operation.name', 'invoke_agent'),
      attribute(
        'gen_ai.input.messages',
        JSON.stringify([
          {
            role: 'user',
            parts: [{ type: 'text', content: 'Restart the pods of deployment search-api in namespace prod-7' }],
          },
        ]),
      ),
    ],
    status: {},
  });
  for (let index = 2; index <= spanCount; index += 1) {
    const kind = index % 3;
    const begin = start + BigInt(index) * 1_000_000n;
    const common = {
      traceId,
      spanId: hex(index),
      parentSpanId: kind === 2 ? hex(index - 1) : hex(1),
      kind: kind === 0 ? 3 : 1,
      startTimeUnixNano: String(begin),
      endTimeUnixNano: String(begin + 900_000n),
      status: {},
    };
    if (kind === 0) {
      spans.push({
        ...common,
        name: 'chat gpt-4o',
        attributes: [
          attribute('gen_ai.operation.name', 'chat'),
          attribute('gen_ai.request.model', 'gpt-4o'),
          attribute(
            'gen_ai.input.messages',
            JSON.stringify([
              {
                role: 'tool',
                parts: [
                  {
                    type: 'tool_call_response',
                    id: `call_${index}`,
                    response: `{"pod":"search-api-${index}","phase":"Running"}`,
                  },
                ],
              },
            ]),
          ),
          attribute(
            'gen_ai.output.messages',
            JSON.stringify([
              {
                role: 'assistant',
                parts: [
                  {
                    type: 'tool_call',
                    id: `call_${index}`,
                    name: 'get_pod',
                    arguments: { pod: `search-api-${index + 1}`, namespace: 'prod-7' },
                  },
                ],
                finish_reason: 'tool_calls',
              },
            ]),
          ),
          attribute('gen_ai.usage.input_tokens', 812),
          attribute('gen_ai.usage.output_tokens', 41),
        ],
      });
    } else if (kind === 1) {
      spans.push({
        ...common,
        name: 'execute_tool get_pod',
        attributes: [
          attribute('gen_ai.operation.name', 'execute_tool'),
          attribute('gen_ai.tool.name', 'get_pod'),
          attribute('gen_ai.tool.call.arguments', JSON.stringify({ pod: `search-api-${index}`, namespace: 'prod-7' })),
          attribute(
            'gen_ai.tool.call.result',
            JSON.stringify({ pod: `search-api-${index}`, phase: 'Running', restarts: index % 4 }),
          ),
        ],
      });
    } else {
      spans.push({
        ...common,
        name: 'GET /api/v1/namespaces/prod-7/pods',
        attributes: [
          attribute('http.request.method', 'GET'),
          attribute('url.full', `https://k8s.internal/api/v1/namespaces/prod-7/pods/search-api-${index}`),
          attribute('http.response.status_code', 200),
        ],
      });
    }
  }
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [attribute('service.name', 'ops-agent')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * Collects garbage before a timed section when the process runs with `--expose-gc` (the npm scripts
 * do), so that neither side of a comparison pays for the other's garbage.
 */
export function collectGarbage(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
}
