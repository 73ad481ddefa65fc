import { hexId } from './ids.js';
import { type PlacedSpan, placeSpans } from './layout.js';
import type { CorpusFormat, Scenario, ScenarioSpan, WrittenTrace } from './scenario.js';

type Attributes = Record<string, string | number | boolean | string[]>;

const nanos = (ms: number): string => `${Math.round(ms)}000000`;
const json = (value: unknown): string => JSON.stringify(value);

function userMessage(text: string): unknown {
  return { role: 'user', parts: [{ type: 'text', content: text }] };
}

/** OTel GenAI attributes for one span (current semantic conventions, JSON strings for structured content). */
function genAiAttributes(span: ScenarioSpan, scenario: Scenario): Attributes {
  const attributes: Attributes = {};
  switch (span.kind) {
    case 'agent':
      attributes['gen_ai.operation.name'] = 'invoke_agent';
      attributes['gen_ai.agent.name'] = span.name;
      if (span.request) attributes['gen_ai.input.messages'] = json([userMessage(span.request)]);
      if (span.instructions)
        attributes['gen_ai.system_instructions'] = json([{ type: 'text', content: span.instructions }]);
      if (span.answer !== undefined)
        attributes['gen_ai.output.messages'] = json([
          { role: 'assistant', parts: [{ type: 'text', content: span.answer }], finish_reason: 'stop' },
        ]);
      break;
    case 'llm': {
      attributes['gen_ai.operation.name'] = 'chat';
      attributes['gen_ai.provider.name'] = 'openai';
      attributes['gen_ai.request.model'] = 'gpt-4o';
      const request = scenario.spans[0]?.request;
      const input: unknown[] = [];
      for (const message of span.prompt ?? []) {
        if (message.role === 'system') input.push({ role: 'system', parts: [{ type: 'text', content: message.text }] });
        else if (message.role === 'tool')
          input.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_0', response: message.text }] });
        else input.push(userMessage(message.text));
      }
      if (request && !(span.prompt ?? []).some((message) => message.role === 'user'))
        input.unshift(userMessage(request));
      attributes['gen_ai.input.messages'] = json(input);
      const parts: unknown[] = [];
      if (span.output) parts.push({ type: 'text', content: span.output });
      for (const [index, call] of (span.toolCalls ?? []).entries()) {
        parts.push({ type: 'tool_call', id: `call_${index}`, name: call.name, arguments: call.args });
      }
      const finish = span.finishReason ?? (span.toolCalls?.length ? 'tool_calls' : 'stop');
      if (!span.error)
        attributes['gen_ai.output.messages'] = json([{ role: 'assistant', parts, finish_reason: finish }]);
      attributes['gen_ai.response.finish_reasons'] = [span.error ? 'error' : finish];
      attributes['gen_ai.usage.input_tokens'] = 400 + (span.name.length % 9) * 13;
      attributes['gen_ai.usage.output_tokens'] = 30 + (span.name.length % 7) * 11;
      break;
    }
    case 'tool':
    case 'handoff':
      attributes['gen_ai.operation.name'] = 'execute_tool';
      attributes['gen_ai.tool.name'] = span.name;
      attributes['gen_ai.tool.type'] = 'function';
      attributes['gen_ai.tool.call.id'] = `call_${span.key}`;
      if (span.args !== undefined) attributes['gen_ai.tool.call.arguments'] = json(span.args);
      if (span.result !== undefined) attributes['gen_ai.tool.call.result'] = json(span.result);
      break;
    case 'retrieval':
      attributes['gen_ai.operation.name'] = 'retrieval';
      attributes['gen_ai.data_source.id'] = span.name;
      if (span.query) attributes['gen_ai.retrieval.query.text'] = span.query;
      attributes['gen_ai.retrieval.documents'] = json(span.documents ?? []);
      break;
    case 'plan':
      attributes['agent.plan'] = json(span.steps ?? []);
      break;
    case 'http':
      attributes['http.request.method'] = 'GET';
      attributes['url.full'] = `https://api.internal.test/${span.name.replace(/\s+/g, '-')}`;
      break;
  }
  if (span.httpStatus !== undefined) attributes['http.response.status_code'] = span.httpStatus;
  if (span.error) attributes['error.type'] = span.httpStatus ? String(span.httpStatus) : 'Error';
  return attributes;
}

/** OpenInference attributes (Phoenix, Arize, many Langfuse integrations): flattened lists, input.value/output.value. */
function openInferenceAttributes(span: ScenarioSpan, scenario: Scenario): Attributes {
  const attributes: Attributes = {};
  const kind = {
    agent: 'AGENT',
    llm: 'LLM',
    tool: 'TOOL',
    retrieval: 'RETRIEVER',
    plan: 'CHAIN',
    http: 'CHAIN',
    handoff: 'TOOL',
  }[span.kind];
  attributes['openinference.span.kind'] = kind;
  if (span.kind === 'agent') {
    if (span.request) attributes['input.value'] = span.request;
    if (span.answer !== undefined) attributes['output.value'] = span.answer;
  } else if (span.kind === 'llm') {
    attributes['llm.model_name'] = 'gpt-4o';
    attributes['llm.provider'] = 'openai';
    const messages: Array<{ role: string; text: string }> = [];
    const request = scenario.spans[0]?.request;
    for (const message of span.prompt ?? []) messages.push({ role: message.role, text: message.text });
    if (request && !(span.prompt ?? []).some((message) => message.role === 'user'))
      messages.unshift({ role: 'user', text: request });
    messages.forEach((message, index) => {
      attributes[`llm.input_messages.${index}.message.role`] = message.role;
      attributes[`llm.input_messages.${index}.message.content`] = message.text;
    });
    if (!span.error) {
      attributes['llm.output_messages.0.message.role'] = 'assistant';
      if (span.output) {
        attributes['llm.output_messages.0.message.content'] = span.output;
        attributes['output.value'] = span.output;
      }
      (span.toolCalls ?? []).forEach((call, index) => {
        attributes[`llm.output_messages.0.message.tool_calls.${index}.tool_call.id`] = `call_${index}`;
        attributes[`llm.output_messages.0.message.tool_calls.${index}.tool_call.function.name`] = call.name;
        attributes[`llm.output_messages.0.message.tool_calls.${index}.tool_call.function.arguments`] = json(call.args);
      });
    }
    if (span.finishReason) attributes['llm.finish_reason'] = span.finishReason;
    attributes['llm.token_count.prompt'] = 412;
    attributes['llm.token_count.completion'] = 57;
  } else if (span.kind === 'tool' || span.kind === 'handoff') {
    attributes['tool.name'] = span.name;
    if (span.args !== undefined) {
      attributes['input.value'] = json(span.args);
      attributes['input.mime_type'] = 'application/json';
    }
    if (span.result !== undefined) {
      attributes['output.value'] = json(span.result);
      attributes['output.mime_type'] = 'application/json';
    }
  } else if (span.kind === 'retrieval') {
    if (span.query) attributes['input.value'] = span.query;
    if ((span.documents ?? []).length === 0) attributes['output.value'] = '[]';
    (span.documents ?? []).forEach((document, index) => {
      attributes[`retrieval.documents.${index}.document.id`] = document.id;
      attributes[`retrieval.documents.${index}.document.content`] = document.content;
      attributes[`retrieval.documents.${index}.document.score`] = document.score;
    });
  } else if (span.kind === 'plan') {
    attributes['agent.plan'] = json(span.steps ?? []);
  }
  if (span.httpStatus !== undefined) attributes['http.status_code'] = span.httpStatus;
  return attributes;
}

function otlpValue(value: string | number | boolean | string[]): unknown {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
  if (typeof value === 'number') return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return { stringValue: value };
}

function spanIdsFor(scenario: Scenario, format: CorpusFormat): Record<string, string> {
  const ids: Record<string, string> = {};
  scenario.spans.forEach((span, index) => {
    ids[span.key] = format === 'text' ? String(index) : hexId(`${scenario.name}:${format}:${span.key}`, 8);
  });
  return ids;
}

function writeOtlp(scenario: Scenario, convention: 'genai' | 'openinference'): WrittenTrace {
  const format: CorpusFormat = convention === 'genai' ? 'otlp-genai' : 'otlp-openinference';
  const traceId = hexId(`${scenario.name}:${format}`, 16);
  const ids = spanIdsFor(scenario, format);
  const spans = placeSpans(scenario).map(({ span, start, end, parent }: PlacedSpan) => {
    const attributes =
      convention === 'genai' ? genAiAttributes(span, scenario) : openInferenceAttributes(span, scenario);
    const events = span.error
      ? [
          {
            timeUnixNano: nanos(end),
            name: 'exception',
            attributes: [{ key: 'exception.message', value: { stringValue: span.error } }],
          },
        ]
      : [];
    return {
      traceId,
      spanId: ids[span.key],
      parentSpanId: parent ? ids[parent] : '',
      name: convention === 'genai' ? genAiSpanName(span) : span.name,
      kind: span.kind === 'llm' || span.kind === 'http' ? 3 : 1,
      startTimeUnixNano: nanos(start),
      endTimeUnixNano: nanos(end),
      attributes: Object.entries(attributes).map(([key, value]) => ({ key, value: otlpValue(value) })),
      events,
      status: span.error ? { code: 2, message: span.error } : {},
    };
  });
  const document = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: scenario.service } }] },
        scopeSpans: [
          {
            scope: {
              name:
                convention === 'genai'
                  ? 'opentelemetry.instrumentation.openai_v2'
                  : 'openinference.instrumentation.openai',
              version: '0.1.0',
            },
            spans,
          },
        ],
      },
    ],
  };
  return { extension: 'otlp.json', content: `${JSON.stringify(document, null, 1)}\n`, traceId, spanIds: ids };
}

function genAiSpanName(span: ScenarioSpan): string {
  switch (span.kind) {
    case 'agent':
      return `invoke_agent ${span.name}`;
    case 'llm':
      return 'chat gpt-4o';
    case 'tool':
    case 'handoff':
      return `execute_tool ${span.name}`;
    case 'retrieval':
      return `retrieval ${span.name}`;
    default:
      return span.name;
  }
}

function tagFor(key: string, value: string | number | boolean | string[]): unknown {
  if (typeof value === 'number') return { key, type: Number.isInteger(value) ? 'int64' : 'float64', value };
  if (typeof value === 'boolean') return { key, type: 'bool', value };
  return { key, type: 'string', value: Array.isArray(value) ? json(value) : value };
}

function writeJaeger(scenario: Scenario): WrittenTrace {
  const traceId = hexId(`${scenario.name}:jaeger`, 16);
  const ids = spanIdsFor(scenario, 'jaeger');
  const spans = placeSpans(scenario).map(({ span, start, end, parent }) => {
    const attributes = genAiAttributes(span, scenario);
    const tags = Object.entries(attributes).map(([key, value]) => tagFor(key, value));
    tags.push(tagFor('span.kind', span.kind === 'llm' || span.kind === 'http' ? 'client' : 'internal'));
    if (span.error) {
      tags.push(
        tagFor('otel.status_code', 'ERROR'),
        tagFor('otel.status_description', span.error),
        tagFor('error', true),
      );
    }
    return {
      traceID: traceId,
      spanID: ids[span.key],
      operationName: genAiSpanName(span),
      references: parent ? [{ refType: 'CHILD_OF', traceID: traceId, spanID: ids[parent] }] : [],
      flags: 1,
      startTime: Math.round(start * 1000),
      duration: Math.round((end - start) * 1000),
      tags,
      logs: span.error
        ? [
            {
              timestamp: Math.round(end * 1000),
              fields: [tagFor('event', 'exception'), tagFor('exception.message', span.error)],
            },
          ]
        : [],
      processID: 'p1',
      warnings: null,
    };
  });
  const document = {
    data: [{ traceID: traceId, spans, processes: { p1: { serviceName: scenario.service, tags: [] } }, warnings: null }],
    total: 0,
    limit: 0,
    offset: 0,
    errors: null,
  };
  return { extension: 'jaeger.json', content: `${JSON.stringify(document, null, 1)}\n`, traceId, spanIds: ids };
}

function writeZipkin(scenario: Scenario): WrittenTrace {
  const traceId = hexId(`${scenario.name}:zipkin`, 16);
  const ids = spanIdsFor(scenario, 'zipkin');
  const spans = placeSpans(scenario).map(({ span, start, end, parent }) => {
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(genAiAttributes(span, scenario)))
      tags[key] = Array.isArray(value) ? json(value) : String(value);
    if (span.error) {
      tags.error = span.error;
      tags['otel.status_code'] = 'ERROR';
    }
    return {
      traceId,
      id: ids[span.key],
      ...(parent ? { parentId: ids[parent] } : {}),
      name: genAiSpanName(span),
      ...(span.kind === 'llm' || span.kind === 'http' ? { kind: 'CLIENT' } : {}),
      timestamp: Math.round(start * 1000),
      duration: Math.round((end - start) * 1000),
      localEndpoint: { serviceName: scenario.service },
      tags,
    };
  });
  return { extension: 'zipkin.json', content: `${JSON.stringify(spans, null, 1)}\n`, traceId, spanIds: ids };
}

function writeLangfuse(scenario: Scenario): WrittenTrace {
  const traceId = hexId(`${scenario.name}:langfuse`, 16);
  const ids = spanIdsFor(scenario, 'langfuse');
  const root = scenario.spans[0];
  const placed = placeSpans(scenario);
  const iso = (ms: number): string => new Date(ms).toISOString();
  const typeOf = {
    agent: 'AGENT',
    llm: 'GENERATION',
    tool: 'TOOL',
    retrieval: 'RETRIEVER',
    plan: 'SPAN',
    http: 'SPAN',
    handoff: 'TOOL',
  } as const;
  // The trace stands for the root agent: its observations hang off the trace.
  const observations = placed
    .filter(({ span }) => span !== root)
    .map(({ span, start, end, parent }) => {
      const request = root?.request;
      let input: unknown = null;
      let output: unknown = null;
      if (span.kind === 'llm') {
        input = [
          ...(request && !(span.prompt ?? []).some((message) => message.role === 'user')
            ? [{ role: 'user', content: request }]
            : []),
          ...(span.prompt ?? []).map((message) => ({ role: message.role, content: message.text })),
        ];
        output = span.error
          ? null
          : {
              role: 'assistant',
              content: span.output ?? null,
              ...(span.toolCalls?.length
                ? {
                    tool_calls: span.toolCalls.map((call, index) => ({
                      id: `call_${index}`,
                      type: 'function',
                      function: { name: call.name, arguments: json(call.args) },
                    })),
                  }
                : {}),
            };
      } else if (span.kind === 'tool' || span.kind === 'handoff') {
        input = span.args ?? null;
        output = span.result ?? null;
      } else if (span.kind === 'retrieval') {
        input = { query: span.query ?? '' };
        output = span.documents ?? [];
      } else if (span.kind === 'plan') {
        input = request ?? null;
        output = { steps: span.steps ?? [] };
      }
      return {
        id: ids[span.key],
        traceId,
        name: span.kind === 'llm' ? 'chat gpt-4o' : span.name,
        startTime: iso(start),
        endTime: iso(end),
        parentObservationId: parent && parent !== root?.key ? ids[parent] : null,
        level: span.error ? 'ERROR' : 'DEFAULT',
        statusMessage: span.error ?? null,
        metadata: {
          ...(span.httpStatus ? { 'http.status_code': span.httpStatus } : {}),
          ...(span.finishReason ? { finish_reason: span.finishReason } : {}),
          ...(span.kind === 'plan' ? { attributes: { 'agent.plan': json(span.steps ?? []) } } : {}),
        },
        type: typeOf[span.kind],
        ...(span.kind === 'llm' ? { model: 'gpt-4o', usageDetails: { input: 412, output: 57 } } : {}),
        input,
        output,
      };
    });
  const document = {
    id: traceId,
    name: root?.name ?? 'agent',
    timestamp: iso(placed[0]?.start ?? 0),
    input: root?.request ?? null,
    output: root?.answer ?? null,
    metadata: root?.instructions ? { system_prompt: root.instructions } : {},
    tags: [],
    observations,
  };
  ids[root?.key ?? ''] = traceId;
  return { extension: 'langfuse.json', content: `${JSON.stringify(document, null, 1)}\n`, traceId, spanIds: ids };
}

function textArgs(args: Record<string, unknown>): string {
  const parts = Object.entries(args).map(
    ([key, value]) => `${key}: ${typeof value === 'string' ? `'${value.replace(/'/g, "\\'")}'` : json(value)}`,
  );
  return `{ ${parts.join(', ')} }`;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "\\'")}'`;
}

function writeText(scenario: Scenario): WrittenTrace {
  const ids = spanIdsFor(scenario, 'text');
  const lines = scenario.spans.map((span, index) => {
    const prefix = `[span ${index}]`;
    switch (span.kind) {
      case 'agent':
        return span.request !== undefined
          ? `${prefix} user.request goal=${quote(span.request)}`
          : `${prefix} agent.answer response=${quote(span.answer ?? '')}`;
      case 'plan':
        return `${prefix} agent.plan steps=${json(span.steps ?? []).replace(/"/g, "'")}`;
      case 'tool':
      case 'handoff': {
        const status = span.httpStatus ?? (span.error ? 500 : 200);
        const result = span.result === undefined ? '' : ` result=${json(span.result)}`;
        const error = span.error ? ` error=${quote(span.error)}` : '';
        return `${prefix} tool.${span.name}(args=${textArgs(span.args ?? {})}) status=${status}${result}${error}`;
      }
      case 'retrieval':
        return `${prefix} retrieve.${span.name} query=${quote(span.query ?? '')} result=${json((span.documents ?? []).map((document) => ({ id: document.id, content: document.content })))}`;
      case 'llm': {
        if (span.error)
          return `${prefix} model.${span.name} status=${span.httpStatus ?? 500} error=${quote(span.error)}`;
        const finish = span.finishReason ? ` finish_reason=${span.finishReason}` : '';
        return `${prefix} model.${span.name} response=${quote(span.output ?? '')}${finish}`;
      }
      case 'http':
        return `${prefix} http.${span.name} status=${span.httpStatus ?? 200}${span.error ? ` error=${quote(span.error)}` : ''}`;
    }
    return prefix;
  });
  // A span list ends with the answer the user saw.
  const answer = scenario.spans[0]?.answer;
  if (answer !== undefined) {
    ids.answer = String(lines.length);
    lines.push(`[span ${lines.length}] agent.answer response=${quote(answer)}`);
  }
  return { extension: 'txt', content: `${lines.join('\n')}\n`, traceId: null, spanIds: ids };
}

export function writeScenario(scenario: Scenario, format: CorpusFormat): WrittenTrace {
  switch (format) {
    case 'otlp-genai':
      return writeOtlp(scenario, 'genai');
    case 'otlp-openinference':
      return writeOtlp(scenario, 'openinference');
    case 'jaeger':
      return writeJaeger(scenario);
    case 'zipkin':
      return writeZipkin(scenario);
    case 'langfuse':
      return writeLangfuse(scenario);
    case 'text':
      return writeText(scenario);
  }
}
