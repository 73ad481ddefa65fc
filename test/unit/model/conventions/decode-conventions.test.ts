import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConventionInput, decodeConventions } from '../../../../src/model/conventions/index.js';
import type { JsonValue } from '../../../../src/model/json-value.js';
import type { Message, SpanEvent } from '../../../../src/model/span.js';
import { externalFixtures } from '../../fixture-paths.js';

function attributesFrom(file: string): Record<string, JsonValue> {
  return JSON.parse(readFileSync(path.join(externalFixtures, 'openinference', file), 'utf8'));
}

function decode(attributes: Record<string, JsonValue>, extra: Partial<ConventionInput> = {}) {
  return decodeConventions({ name: 'span', kind: 'internal', attributes, events: [], ...extra });
}

/** Role, text and tool calls: what must agree across conventions (call IDs and per-message finish reasons may not be recorded). */
function conversation(messages: Message[]) {
  return messages.map((message) => ({
    role: message.role,
    text: message.text,
    toolCalls: message.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments })),
  }));
}

describe('the same conversation in three conventions', () => {
  const openInference = decode(attributesFrom('openinference_client_span_tool_calls.json'));
  const genAi = decode(attributesFrom('otel_genai_client_span_tool_calls.json'));
  const deprecated = decode(attributesFrom('otel_genai_deprecated_client_span_tool_calls.json'));

  it('decodes every one as an LLM span with the model and usage', () => {
    for (const content of [openInference, genAi, deprecated]) {
      expect(content.role).toBe('llm');
      expect(content.model).toBe('gpt-4-0613');
      expect(content.usage?.inputTokens).toBe(97);
      expect(content.usage?.outputTokens).toBe(52);
      expect(content.notCaptured).toEqual([]);
    }
    expect(genAi.finishReason).toBe('stop');
  });

  it('decodes to the same input messages, with the tool call arguments parsed and the tool result', () => {
    const expected = [
      { role: 'user', text: 'Weather in Paris?', toolCalls: [] },
      {
        role: 'assistant',
        text: 'Absolutely! Let me check the weather for you.',
        toolCalls: [{ name: 'get_weather', arguments: { location: 'Paris' } }],
      },
      { role: 'tool', text: 'rainy, 57°F', toolCalls: [] },
    ];
    expect(conversation(openInference.inputMessages)).toEqual(expected);
    expect(conversation(genAi.inputMessages)).toEqual(expected);
    expect(conversation(deprecated.inputMessages)).toEqual(expected);
    for (const content of [openInference, genAi, deprecated]) {
      expect(content.inputMessages[1]?.toolCalls[0]?.id).toBe('1234');
      expect(content.inputMessages[2]?.toolCallId).toBe('1234');
    }
  });

  it('decodes to the same output message', () => {
    const expected = [
      { role: 'assistant', text: 'The weather in Paris is currently rainy with a temperature of 57°F.', toolCalls: [] },
    ];
    expect(conversation(openInference.outputMessages)).toEqual(expected);
    expect(conversation(genAi.outputMessages)).toEqual(expected);
    expect(conversation(deprecated.outputMessages)).toEqual(expected);
  });

  it('reads an OpenInference span that recorded only input.value and output.value', () => {
    const content = decode(attributesFrom('openinference_client_span_input_output_only.json'));
    expect(conversation(content.inputMessages)).toEqual(conversation(genAi.inputMessages));
    expect(content.outputMessages[0]?.text).toBe('The weather in Paris is currently rainy with a temperature of 57°F.');
    expect(content.usage?.totalTokens).toBe(149);
  });

  it('reads an execute_tool span: name, call ID, parsed arguments and result', () => {
    const content = decode(attributesFrom('otel_genai_tool_execution_span.json'));
    expect(content.role).toBe('tool');
    expect(content.tool).toEqual({
      name: 'get_weather',
      callId: '1234',
      arguments: { city: 'New York' },
      result: {
        status: 'success',
        report: 'The weather in New York is sunny with a temperature of 25 degrees Celsius (77 degrees Fahrenheit).',
      },
    });
    expect(content.notCaptured).toEqual([]);
  });
});

describe('OpenTelemetry GenAI, current', () => {
  it('reads system instructions, tool-call parts and the finish reason of the output', () => {
    const content = decode({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'Refund only verified orders.' }]),
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Refund #1234' }] }]),
      'gen_ai.output.messages': JSON.stringify([
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'call_1', name: 'lookup_order', arguments: { order_id: '1243' } }],
          finish_reason: 'tool_call',
        },
      ]),
    });
    expect(content.systemInstructions).toBe('Refund only verified orders.');
    expect(content.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_1', name: 'lookup_order', arguments: { order_id: '1243' } },
    ]);
    expect(content.finishReason).toBe('tool_call');
    expect(content.userRequest).toBeNull();
  });

  it('reads messages recorded as an array of JSON strings, one message each', () => {
    const content = decode({
      'gen_ai.operation.name': 'chat',
      'gen_ai.output.messages': [
        JSON.stringify({ role: 'assistant', parts: [{ type: 'text', content: 'Your refund is GBP 33.33.' }] }),
      ],
      'gen_ai.input.messages': [
        JSON.stringify({ role: 'user', parts: [{ type: 'text', content: 'Refund line 2.' }] }),
        '{"not": "a message"}',
      ],
    });
    expect(content.outputMessages.map((message) => [message.role, message.text])).toEqual([
      ['assistant', 'Your refund is GBP 33.33.'],
    ]);
    // A string that is JSON but no message stays the text it was.
    expect(content.inputMessages.map((message) => message.text)).toEqual(['Refund line 2.', '{"not": "a message"}']);
  });

  it('keeps bad JSON as the raw string instead of throwing', () => {
    const content = decode({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.call.arguments': '{"order_id": 12',
    });
    expect(content.tool?.arguments).toBe('{"order_id": 12');
    const messages = decode({ 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': '[{"role":"user"' });
    expect(messages.inputMessages).toEqual([
      { role: 'user', text: '[{"role":"user"', toolCalls: [], toolCallId: null, finishReason: null },
    ]);
  });

  it('records what an LLM or tool span did not capture', () => {
    expect(decode({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' }).notCaptured).toEqual([
      'input-messages',
      'output-messages',
    ]);
    expect(decode({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'send_email' }).notCaptured).toEqual([
      'tool-arguments',
      'tool-result',
    ]);
  });

  it('reads a retrieval span: query and documents with scores', () => {
    const content = decode({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.retrieval.query.text': 'warranty X200',
      'gen_ai.retrieval.documents': JSON.stringify([{ id: 'd1', score: 0.8, content: 'Two years.' }]),
    });
    expect(content.role).toBe('retrieval');
    expect(content.retrieval).toEqual({
      query: 'warranty X200',
      documents: [{ id: 'd1', content: 'Two years.', score: 0.8, metadata: null }],
    });
  });

  it('takes the user request from the first user message of an agent span', () => {
    const content = decode({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.input.messages': JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: 'Cancel order 77' }] },
      ]),
    });
    expect(content.role).toBe('agent');
    expect(content.userRequest).toBe('Cancel order 77');
    expect(content.systemInstructions).toBe('Be brief.');
  });
});

describe('OpenTelemetry GenAI, deprecated forms', () => {
  it('reads indexed gen_ai.prompt.N / gen_ai.completion.N with tool calls (OpenLLMetry)', () => {
    const content = decode({
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.prompt.0.role': 'system',
      'gen_ai.prompt.0.content': 'You issue refunds.',
      'gen_ai.prompt.1.role': 'user',
      'gen_ai.prompt.1.content': 'Refund order 1234',
      'gen_ai.completion.0.role': 'assistant',
      'gen_ai.completion.0.finish_reason': 'tool_calls',
      'gen_ai.completion.0.tool_calls.0.id': 'call_9',
      'gen_ai.completion.0.tool_calls.0.name': 'issue_refund',
      'gen_ai.completion.0.tool_calls.0.arguments': '{"order_id":"1234"}',
      'gen_ai.usage.prompt_tokens': 30,
      'gen_ai.usage.completion_tokens': 8,
    });
    expect(content.role).toBe('llm');
    expect(content.systemInstructions).toBe('You issue refunds.');
    expect(content.inputMessages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(content.outputMessages[0]?.toolCalls).toEqual([
      { id: 'call_9', name: 'issue_refund', arguments: { order_id: '1234' } },
    ]);
    expect(content.finishReason).toBe('tool_calls');
    expect(content.usage).toEqual({ inputTokens: 30, outputTokens: 8, totalTokens: null });
  });

  it('reads per-message events and the choice event', () => {
    const events: SpanEvent[] = [
      { name: 'gen_ai.system.message', time: 1, attributes: { content: 'Answer in French.' } },
      { name: 'gen_ai.user.message', time: 2, attributes: { content: 'Weather in Paris?' } },
      {
        name: 'gen_ai.choice',
        time: 3,
        attributes: {
          message: JSON.stringify({ role: 'assistant', content: 'Il pleut.' }),
          finish_reason: 'stop',
        },
      },
    ];
    const content = decode({ 'gen_ai.operation.name': 'chat' }, { events });
    expect(conversation(content.inputMessages)).toEqual([
      { role: 'system', text: 'Answer in French.', toolCalls: [] },
      { role: 'user', text: 'Weather in Paris?', toolCalls: [] },
    ]);
    expect(content.outputMessages[0]?.text).toBe('Il pleut.');
    expect(content.systemInstructions).toBe('Answer in French.');
  });

  it('reads Azure AI / Semantic Kernel events that carry gen_ai.event.content', () => {
    const events: SpanEvent[] = [
      {
        name: 'gen_ai.user.message',
        time: 1,
        attributes: { 'gen_ai.event.content': '{"content":"Book a flight to Lisbon"}' },
      },
      {
        name: 'gen_ai.choice',
        time: 2,
        attributes: {
          'gen_ai.event.content': JSON.stringify({
            finish_reason: 'tool_calls',
            message: {
              tool_calls: [
                { id: 'c1', type: 'function', function: { name: 'search_flights', arguments: '{"to":"LIS"}' } },
              ],
            },
          }),
        },
      },
    ];
    const content = decode({ 'gen_ai.operation.name': 'chat' }, { events });
    expect(content.inputMessages[0]?.text).toBe('Book a flight to Lisbon');
    expect(content.outputMessages[0]?.toolCalls).toEqual([
      { id: 'c1', name: 'search_flights', arguments: { to: 'LIS' } },
    ]);
    expect(content.finishReason).toBe('tool_calls');
  });
});

describe('OpenInference', () => {
  it('reads a retriever span with flattened documents and the query from input.value', () => {
    const content = decode({
      'openinference.span.kind': 'RETRIEVER',
      'input.value': 'refund policy',
      'retrieval.documents.0.document.id': 'p-1',
      'retrieval.documents.0.document.content': 'Refunds within 30 days.',
      'retrieval.documents.0.document.score': 0.7,
      'retrieval.documents.1.document.content': 'Shipping is free.',
    });
    expect(content.role).toBe('retrieval');
    expect(content.retrieval?.query).toBe('refund policy');
    expect(content.retrieval?.documents.map((document) => [document.id, document.content, document.score])).toEqual([
      ['p-1', 'Refunds within 30 days.', 0.7],
      [null, 'Shipping is free.', null],
    ]);
  });

  it('reads a reranker span from its output documents', () => {
    const content = decode({
      'openinference.span.kind': 'RERANKER',
      'reranker.query': 'refund policy',
      'reranker.output_documents.0.document.content': 'Refunds within 30 days.',
      'reranker.output_documents.0.document.score': 0.93,
    });
    expect(content.role).toBe('rerank');
    expect(content.retrieval).toEqual({
      query: 'refund policy',
      documents: [{ id: null, content: 'Refunds within 30 days.', score: 0.93, metadata: null }],
    });
  });

  it('reads a tool span from tool.name and a JSON input.value', () => {
    const content = decode({
      'openinference.span.kind': 'TOOL',
      'tool.name': 'lookup_order',
      'input.value': '{"order_id": "1243"}',
      'input.mime_type': 'application/json',
      'output.value': 'not found',
    });
    expect(content.tool).toEqual({
      name: 'lookup_order',
      callId: null,
      arguments: { order_id: '1243' },
      result: 'not found',
    });
  });

  it('takes the user request from an agent span input', () => {
    const content = decode({ 'openinference.span.kind': 'AGENT', 'input.value': 'Refund order #1234' });
    expect(content.userRequest).toBe('Refund order #1234');
  });
});

describe('OpenLLMetry and the Vercel AI SDK', () => {
  it('reads traceloop tool input, unwrapping {args, kwargs}', () => {
    const content = decode({
      'traceloop.span.kind': 'tool',
      'traceloop.entity.name': 'send_email',
      'traceloop.entity.input': JSON.stringify({ args: [], kwargs: { to: 'a@b.org' } }),
      'traceloop.entity.output': '"sent"',
    });
    expect(content.role).toBe('tool');
    expect(content.tool?.name).toBe('send_email');
    expect(content.tool?.arguments).toEqual({ to: 'a@b.org' });
  });

  it('reads a Vercel doGenerate span and a toolCall span', () => {
    const generate = decode(
      {
        'ai.model.id': 'gpt-4o',
        'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'Weather in Oslo?' }] }]),
        'ai.response.toolCalls': JSON.stringify([{ toolCallId: 't1', toolName: 'weather', args: '{"city":"Oslo"}' }]),
        'ai.response.finishReason': 'tool-calls',
        'ai.usage.promptTokens': 12,
      },
      { name: 'ai.generateText.doGenerate' },
    );
    expect(generate.role).toBe('llm');
    expect(generate.model).toBe('gpt-4o');
    expect(generate.inputMessages[0]?.text).toBe('Weather in Oslo?');
    expect(generate.outputMessages[0]?.toolCalls).toEqual([{ id: 't1', name: 'weather', arguments: { city: 'Oslo' } }]);
    expect(generate.finishReason).toBe('tool-calls');

    const call = decode(
      {
        'ai.toolCall.name': 'weather',
        'ai.toolCall.id': 't1',
        'ai.toolCall.args': '{"city":"Oslo"}',
        'ai.toolCall.result': '{"temp":3}',
      },
      { name: 'ai.toolCall' },
    );
    expect(call.tool).toEqual({ name: 'weather', callId: 't1', arguments: { city: 'Oslo' }, result: { temp: 3 } });
  });
});

describe('roles, HTTP status and exceptions', () => {
  it('follows the D.6 precedence: an explicit Langfuse type wins over OpenInference and gen_ai', () => {
    expect(
      decode({ 'langfuse.observation.type': 'tool', 'openinference.span.kind': 'LLM', 'gen_ai.operation.name': 'chat' })
        .role,
    ).toBe('tool');
    expect(decode({ 'openinference.span.kind': 'LLM', 'gen_ai.operation.name': 'execute_tool' }).role).toBe('llm');
    expect(decode({ 'gen_ai.tool.name': 'x', 'gen_ai.request.model': 'm' }).role).toBe('tool');
  });

  it('types protocol spans and spans named for a role', () => {
    expect(
      decode({ 'http.request.method': 'GET', 'http.response.status_code': 503 }, { kind: 'client' }),
    ).toMatchObject({
      role: 'http',
      httpStatus: 503,
    });
    expect(decode({ 'db.system': 'postgresql' }).role).toBe('db');
    expect(decode({}, { name: 'agent.plan' }).role).toBe('plan');
    expect(decode({}, { name: 'transfer_to_billing' }).role).toBe('handoff');
    expect(decode({}, { name: 'input_guardrail' }).role).toBe('guardrail');
    expect(decode({}, { name: 'cohere.rerank' }).role).toBe('rerank');
    expect(decode({}, { name: 'compute' }).role).toBe('other');
  });

  it('reads exceptions from exception events', () => {
    const content = decode(
      {},
      {
        events: [
          {
            name: 'exception',
            time: 1,
            attributes: {
              'exception.type': 'TimeoutError',
              'exception.message': 'read timed out',
              'exception.stacktrace': 'at x',
            },
          },
        ],
      },
    );
    expect(content.exceptions).toEqual([{ type: 'TimeoutError', message: 'read timed out', stacktrace: 'at x' }]);
  });
});

describe('the user request of a root span', () => {
  const messages = JSON.stringify([
    { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
    { role: 'user', parts: [{ type: 'text', content: 'Refund order 1234' }] },
  ]);

  it('is the first user message of a root LLM span, and nothing on a nested one', () => {
    const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': messages };
    expect(decode(attributes, { isRoot: true }).userRequest).toBe('Refund order 1234');
    expect(decode(attributes, { isRoot: false }).userRequest).toBeNull();
    expect(decode(attributes).userRequest).toBeNull();
  });

  it('is recorded as not captured when a root agent span has no input', () => {
    expect(decode({ 'gen_ai.operation.name': 'invoke_agent' }, { isRoot: true }).notCaptured).toContain('user-request');
    expect(decode({ 'gen_ai.operation.name': 'invoke_agent' }).notCaptured).not.toContain('user-request');
  });
});

describe('a planner recorded as a chain step', () => {
  const steps = ['list_overdue_patients(overdue_months=6)', 'send_recall_sms(patient_ids)'];

  it('is a plan span whose steps come from its output, when no plan attribute is set', () => {
    const content = decode(
      {
        'openinference.span.kind': 'CHAIN',
        'input.value': 'Send recall reminders to overdue patients.',
        'output.value': JSON.stringify({ steps }),
        'output.mime_type': 'application/json',
      },
      { name: 'plan' },
    );
    expect(content.role).toBe('plan');
    expect(content.plan).toEqual(steps);
  });

  it('stays an agent when the chain is named for something else, and a named agent stays an agent', () => {
    expect(decode({ 'openinference.span.kind': 'CHAIN' }, { name: 'summarise' }).role).toBe('agent');
    expect(decode({ 'openinference.span.kind': 'AGENT' }, { name: 'planner' }).role).toBe('agent');
  });
});
