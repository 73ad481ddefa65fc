import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors/index.js';
import { appInsightsReader } from '../../../src/formats/appinsights.js';
import type { ParsedInput } from '../../../src/formats/trace-reader.js';
import { ownFixtures } from '../fixture-paths.js';

const load = (name: string) => JSON.parse(readFileSync(path.join(ownFixtures, 'formats', name), 'utf8'));
const json = (value: unknown): ParsedInput => ({ kind: 'json', value });

describe('Application Insights, classic tables through union withsource=tbl', () => {
  const result = load('appinsights-classic.json');
  const [trace, ...others] = appInsightsReader.read(json(result), { source: 'classic' });
  const byName = (name: string) => trace?.spans.find((span) => span.name === name);

  it('turns requests and dependencies into spans, and nothing else', () => {
    expect(appInsightsReader.detect(json(result))).toBe(true);
    expect(others).toHaveLength(0);
    expect(trace?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(trace?.spans.map((span) => [span.id, span.parentId, span.role])).toEqual([
      ['b7ad6b7169203331', null, 'agent'],
      ['3a1f5c6e8b9d0e21', 'b7ad6b7169203331', 'llm'],
      ['4c2e6d7f9a0b1c32', 'b7ad6b7169203331', 'tool'],
      ['5d3f7e8a0b1c2d43', '4c2e6d7f9a0b1c32', 'http'],
    ]);
  });

  it('reads customDimensions given as a JSON string, and times from timestamp + duration', () => {
    const agent = byName('invoke_agent TravelPlanner');
    expect(agent?.userRequest).toBe('Find me a flight from Oslo to Lisbon on 12 December');
    expect(agent?.startTime).toBe(Date.parse('2025-11-04T10:20:00.100Z'));
    expect(agent?.endTime).toBeCloseTo(Date.parse('2025-11-04T10:20:00.100Z') + 5820.4, 3);
    expect(agent?.kind).toBe('server');
  });

  it('makes trace rows events of their parent span, decoded as message events', () => {
    const chat = byName('chat gpt-4o');
    expect(chat?.events.map((event) => event.name)).toEqual(['gen_ai.user.message', 'gen_ai.choice']);
    expect(chat?.inputMessages[0]?.text).toBe('Find me a flight from Oslo to Lisbon on 12 December');
    expect(chat?.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_fs01', name: 'search_flights', arguments: { from: 'OSL', to: 'LIS', date: '2025-12-12' } },
    ]);
    expect(chat?.usage?.inputTokens).toBe(312);
    expect(chat?.finishReason).toBe('tool_calls');
    expect(chat?.httpStatus).toBeNull();
  });

  it('makes exception rows exceptions of their parent, and success=false an error', () => {
    const tool = byName('execute_tool search_flights');
    expect(tool?.status.code).toBe('error');
    expect(tool?.exceptions).toEqual([
      { type: 'System.TimeoutException', message: 'The flight search did not answer within 3.8 s', stacktrace: null },
    ]);
    expect(tool?.tool?.arguments).toEqual({ from: 'OSL', to: 'LIS', date: '2025-12-12' });
    expect(byName('GET /v2/flights')?.httpStatus).toBe(504);
  });
});

describe('Log Analytics workspace tables', () => {
  const result = load('appinsights-workspace.json');
  const [trace] = appInsightsReader.read(json(result), { source: 'workspace' });
  const byName = (name: string) => trace?.spans.find((span) => span.name === name);

  it('reads Id, ParentId, OperationId, Properties (an object), DurationMs and AppRoleName', () => {
    expect(trace?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(trace?.spans.map((span) => span.role)).toEqual(['http', 'retrieval', 'llm']);
    expect(trace?.spans.every((span) => span.service === 'support-bot')).toBe(true);
    expect(byName('POST /chat')?.parentId).toBeNull();
    expect(byName('POST /chat')?.httpStatus).toBe(200);
    expect(byName('retrieval kb-index')?.endTime).toBe(Date.parse('2025-11-05T16:40:12.050Z') + 180);
  });

  it('decodes retrieval documents and the chat span content from Properties', () => {
    expect(byName('retrieval kb-index')?.retrieval).toEqual({
      query: 'reset router admin password',
      documents: [
        {
          id: 'doc-88',
          content: 'To reset the admin password hold the reset button for 10 seconds.',
          score: 0.87,
          metadata: null,
        },
      ],
    });
    const chat = byName('chat gpt-4.1');
    expect(chat?.systemInstructions).toBe('Answer from the retrieved documents only.');
    expect(chat?.outputMessages[0]?.text).toBe('Hold the reset button for 30 seconds.');
    expect(chat?.events.map((event) => event.name)).toEqual(['answer.sent']);
  });

  it('splits rows of several operations into several traces', () => {
    const rows = result.tables[0].rows.map((row: unknown[]) => [...row]);
    const operationColumn = result.tables[0].columns.findIndex(
      (column: { name: string }) => column.name === 'OperationId',
    );
    rows[1][operationColumn] = 'ffffffffffffffffffffffffffffffff';
    const traces = appInsightsReader.read(json({ tables: [{ ...result.tables[0], rows }] }), { source: 'two' });
    expect(traces.map((item) => item.spans.length)).toEqual([2, 1]);
  });

  it('rejects a result without span rows or with a malformed row, naming the position', () => {
    expect(
      appInsightsReader.detect(json({ tables: [{ name: 'PrimaryResult', columns: [{ name: 'x' }], rows: [] }] })),
    ).toBe(false);
    const malformed = { tables: [{ ...result.tables[0], rows: [result.tables[0].rows[0], 'oops'] }] };
    expect(() => appInsightsReader.read(json(malformed), { source: 'bad.json' })).toThrow(/tables\[0\]\.rows\[1\]/);
    const noSpans = { tables: [{ ...result.tables[0], rows: [result.tables[0].rows[3]] }] };
    expect(() => appInsightsReader.read(json(noSpans), { source: 'bad.json' })).toThrow(InputError);
  });
});
