/**
 * Times reading + analysing generated OTLP JSON traces (GenAI conventions):
 * - one 100,000-span trace, against JSON.parse of the same bytes (target: at most 3x);
 * - a typical 200-span run, many times, p50/p99 (target: p99 under 20 ms).
 * Prints figures only; nothing here fails a build.
 */
import { performance } from 'node:perf_hooks';
import { attributeRootCause } from '../src/attribution/index.js';
import { readTrace } from '../src/formats/index.js';

type Attribute = { key: string; value: { stringValue?: string; intValue?: string } };

function text(key: string, value: string): Attribute {
  return { key, value: { stringValue: value } };
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** An agent run: a root agent span, then rounds of model call → tool call → retrieval, each carrying values. */
function generateTrace(spanCount: number, seed: number): string {
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

function percentile(sorted: readonly number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * fraction) - 1));
  return sorted[index] ?? Number.NaN;
}

function timeOnce(work: () => void): number {
  const begin = performance.now();
  work();
  return performance.now() - begin;
}

const large = generateTrace(100_000, 7);
const largeBytes = Buffer.from(large);
// Warm both paths once so JIT compilation does not count against either side.
JSON.parse(large);
attributeRootCause(readTrace(largeBytes, { source: 'bench-large' }));

const parseTimes: number[] = [];
const analyseTimes: number[] = [];
let verdict = '';
for (let repeat = 0; repeat < 3; repeat += 1) {
  parseTimes.push(timeOnce(() => JSON.parse(large)));
  analyseTimes.push(
    timeOnce(() => {
      verdict = attributeRootCause(readTrace(largeBytes, { source: 'bench-large' })).verdict;
    }),
  );
}
const parseBest = Math.min(...parseTimes);
const analyseBest = Math.min(...analyseTimes);
console.log(`100,000-span trace: ${(largeBytes.length / 1_048_576).toFixed(1)} MiB, verdict ${verdict}`);
console.log(`  JSON.parse:        ${parseBest.toFixed(1)} ms (best of 3)`);
console.log(`  read + analyse:    ${analyseBest.toFixed(1)} ms (best of 3)`);
console.log(`  ratio:             ${(analyseBest / parseBest).toFixed(2)}x (target <= 3x)`);

const typical = Buffer.from(generateTrace(200, 11));
for (let warm = 0; warm < 50; warm += 1) attributeRootCause(readTrace(typical, { source: 'bench-typical' }));
const typicalTimes: number[] = [];
for (let run = 0; run < 500; run += 1) {
  typicalTimes.push(timeOnce(() => attributeRootCause(readTrace(typical, { source: 'bench-typical' }))));
}
typicalTimes.sort((left, right) => left - right);
console.log(`200-span run, ${typicalTimes.length} runs of read + analyse:`);
console.log(
  `  p50 ${percentile(typicalTimes, 0.5).toFixed(2)} ms, p99 ${percentile(typicalTimes, 0.99).toFixed(2)} ms (target p99 < 20 ms)`,
);
