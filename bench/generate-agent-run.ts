/** A generated OTLP JSON agent run for the analysis benchmark. */
type Attribute = { key: string; value: { stringValue?: string; intValue?: string } };

function text(key: string, value: string): Attribute {
  return { key, value: { stringValue: value } };
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** An agent run: a root agent span, then rounds of model call → tool call → retrieval, each carrying values. */
export function generateTrace(spanCount: number, seed: number): string {
  const traceId = hex(seed, 32);
  const start = 1_700_000_000_000_000_000n;
  const spans: unknown[] = [];
  const rootId = hex(1, 16);
  const customer = `cus_${4400 + (seed % 90)}`;
  spans.push({
    traceId,
    spanId: rootId,
    name: 'invoke_agent support',
    kind: 1,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + BigInt(spanCount) * 1_000_000n).toString(),
    attributes: [
      text('gen_ai.operation.name', 'invoke_agent'),
      text('gen_ai.system_instructions', 'You are a support agent. Verify the order before any refund.'),
      text(
        'gen_ai.input.messages',
        JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Refund order #1234 for ${customer}` }] }]),
      ),
    ],
    status: { code: 1 },
  });
  for (let index = 1; index < spanCount; index += 1) {
    const begin = start + BigInt(index) * 1_000_000n;
    const base = {
      traceId,
      spanId: hex(index + 1, 16),
      parentSpanId: rootId,
      kind: 1,
      startTimeUnixNano: begin.toString(),
      endTimeUnixNano: (begin + 900_000n).toString(),
      status: { code: 1 },
    };
    const round = index % 3;
    const order = 1234;
    if (round === 1) {
      spans.push({
        ...base,
        name: 'chat gpt-4o',
        attributes: [
          text('gen_ai.operation.name', 'chat'),
          text('gen_ai.request.model', 'gpt-4o'),
          text(
            'gen_ai.output.messages',
            JSON.stringify([
              { role: 'assistant', parts: [{ type: 'text', content: `Checking order ${order} step ${index}.` }] },
            ]),
          ),
        ],
      });
    } else if (round === 2) {
      spans.push({
        ...base,
        name: 'execute_tool lookup_order',
        attributes: [
          text('gen_ai.operation.name', 'execute_tool'),
          text('gen_ai.tool.name', 'lookup_order'),
          text('gen_ai.tool.call.arguments', JSON.stringify({ order_id: String(order), customer })),
          text(
            'gen_ai.tool.call.result',
            JSON.stringify({ order_id: String(order), customer, amount: 89.0, currency: 'USD', step: index }),
          ),
        ],
      });
    } else {
      spans.push({
        ...base,
        name: 'retrieve policies',
        attributes: [
          text('gen_ai.operation.name', 'retrieval'),
          text('gen_ai.retrieval.query.text', `refund policy for order ${order}`),
        ],
      });
    }
  }
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [text('service.name', 'bench-agent')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  });
}
