import { InputError } from '../errors/index.js';
import { createSpan } from '../model/create-span.js';
import type { JsonValue } from '../model/json-value.js';
import type { CaptureGap, Message, RetrievedDocument, Span, SpanRole } from '../model/span.js';
import { parseLenientValue, unquote } from './lenient-object.js';
import type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

/**
 * The span list engineers paste (BRIEF.md's worked example):
 * `[span 2] tool.lookup_order(args={ order_id: '1243' }) status=200`. Tolerant of `span 2:`,
 * missing brackets, quotes of either kind, JS-style objects, comments and blank lines.
 */
const spanLine = /^\s*(?:[-*]\s*)?\[?\s*span\s*#?\s*(\d+)\s*\]?\s*[:.)-]?\s*(.*)$/i;

function roleFor(kind: string, name: string): SpanRole {
  const lowerKind = kind.toLowerCase();
  const lowerName = name.toLowerCase();
  if (lowerKind === 'tool' || lowerKind === 'function') return 'tool';
  if (lowerKind === 'model' || lowerKind === 'llm' || lowerKind === 'chat') return 'llm';
  if (lowerKind.startsWith('retriev') || lowerKind === 'rag' || lowerKind === 'search') return 'retrieval';
  if (lowerKind === 'rerank' || lowerKind === 'reranker') return 'rerank';
  if (lowerKind === 'http') return 'http';
  if (lowerKind === 'db' || lowerKind === 'sql') return 'db';
  if (lowerKind === 'guardrail') return 'guardrail';
  if (lowerKind === 'handoff') return 'handoff';
  if (lowerName === 'plan' || lowerName.startsWith('plan')) return 'plan';
  if (lowerKind === 'agent' || lowerKind === 'user') return 'agent';
  return 'other';
}

/** Splits `key=value key2='a b' key3=[…]` respecting quotes and brackets. */
function readFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let index = 0;
  while (index < text.length) {
    const match = /([A-Za-z_][\w.-]*)\s*=\s*/y;
    match.lastIndex = index;
    const found = match.exec(text);
    if (!found) {
      index += 1;
      continue;
    }
    const key = (found[1] as string).toLowerCase();
    let end = match.lastIndex;
    const opener = text[end];
    if (opener === "'" || opener === '"' || opener === '`') {
      end += 1;
      // An apostrophe between letters ("couldn't", "it's") is part of the text people type, not its end.
      while (end < text.length && (text[end] !== opener || isApostrophe(text, end))) end += text[end] === '\\' ? 2 : 1;
      end += 1;
    } else if (opener === '{' || opener === '[' || opener === '(') {
      end = matchingBracket(text, end);
    } else {
      while (end < text.length && !/\s/.test(text[end] as string)) end += 1;
    }
    fields.set(key, text.slice(match.lastIndex, Math.min(end, text.length)).trim());
    index = end;
  }
  return fields;
}

function isApostrophe(text: string, at: number): boolean {
  return text[at] === "'" && /\p{L}/u.test(text[at - 1] ?? '') && /\p{L}/u.test(text[at + 1] ?? '');
}

function matchingBracket(text: string, start: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (quote) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = null;
      continue;
    }
    if (character === "'" || character === '"' || character === '`') quote = character;
    else if (character === '{' || character === '[' || character === '(') depth += 1;
    else if (character === '}' || character === ']' || character === ')') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return text.length;
}

function keywordArguments(text: string): JsonValue {
  const object: Record<string, JsonValue> = {};
  for (const [key, value] of readFields(text.replace(/,\s*(?=[A-Za-z_][\w.-]*\s*=)/g, ' ')))
    object[key] = parseLenientValue(value.replace(/,$/, ''));
  return object;
}

function recordOf(value: JsonValue | undefined): Record<string, JsonValue> | null {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

function firstString(record: Record<string, JsonValue> | null, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = record?.[key];
    if (typeof value === 'string') return value;
  }
  return null;
}

const documentTextKeys = ['content', 'text', 'page_content', 'pageContent', 'snippet', 'body', 'chunk'];

/** One retrieved document as a person writes it: a string, or `{ id, score, text | content, metadata }`. */
function documentOf(document: JsonValue): RetrievedDocument {
  const record = recordOf(document);
  const id = record?.id;
  const score = record?.score;
  return {
    id: typeof id === 'string' ? id : typeof id === 'number' ? String(id) : null,
    content:
      typeof document === 'string' ? document : (firstString(record, documentTextKeys) ?? JSON.stringify(document)),
    score: typeof score === 'number' ? score : null,
    metadata: record?.metadata ?? null,
  };
}

function textOf(value: string | undefined): string | null {
  if (value === undefined) return null;
  const parsed = parseLenientValue(value);
  return typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
}

function assistantMessage(text: string): Message {
  return { role: 'assistant', text, toolCalls: [], toolCallId: null, finishReason: null };
}

function readLine(number: string, rest: string, sourceIndex: number): Span {
  const head = /^([A-Za-z_][\w-]*)(?:\.([\w.-]+))?\s*(\()?/.exec(rest);
  const kind = head?.[2] ? (head[1] as string) : '';
  const name = head?.[2] ?? head?.[1] ?? rest.split(/\s/)[0] ?? '';
  let fieldText = rest.slice(head ? head[0].length - (head[3] ? 1 : 0) : 0);
  let callArguments: JsonValue | undefined;
  if (head?.[3]) {
    const close = matchingBracket(fieldText, 0);
    const inner = fieldText.slice(1, close - 1).trim();
    fieldText = fieldText.slice(close);
    const argsMatch = /^(?:args|arguments|input)\s*=\s*([\s\S]*)$/i.exec(inner);
    if (argsMatch) callArguments = parseLenientValue(argsMatch[1] as string);
    // Keyword arguments, the way a Python call is written: `search(query='…', top_k=3)`.
    else if (/^[A-Za-z_][\w.-]*\s*=/.test(inner)) callArguments = keywordArguments(inner);
    else if (inner.length > 0) callArguments = parseLenientValue(inner);
  }
  const fields = readFields(fieldText);
  if (callArguments === undefined && fields.has('args'))
    callArguments = parseLenientValue(fields.get('args') as string);

  const role = roleFor(kind, name);
  const statusText = fields.get('status');
  const statusNumber = statusText && /^\d{3}$/.test(unquote(statusText)) ? Number(unquote(statusText)) : null;
  const isError =
    (statusNumber !== null && statusNumber >= 400) ||
    (statusText !== undefined && /error|fail/i.test(statusText)) ||
    fields.has('error');
  const resultText = fields.get('result') ?? fields.get('output') ?? fields.get('returned');
  const result = resultText === undefined ? null : parseLenientValue(resultText);
  const response = textOf(fields.get('response') ?? fields.get('answer') ?? fields.get('text'));
  const goal = textOf(fields.get('goal') ?? fields.get('request') ?? fields.get('query') ?? fields.get('prompt'));
  const notCaptured: CaptureGap[] = [];
  const attributes: Record<string, JsonValue> = {};
  for (const [key, value] of fields) attributes[key] = parseLenientValue(value);

  const span = createSpan({
    id: number,
    name: kind ? `${kind}.${name}` : name,
    role,
    sourceIndex,
    httpStatus: statusNumber,
    status: isError
      ? { code: 'error', message: textOf(fields.get('error')) ?? statusText ?? null }
      : statusNumber !== null
        ? { code: 'ok', message: null }
        : { code: 'unset', message: null },
    attributes,
  });

  if (kind.toLowerCase() === 'user' || (role === 'agent' && goal !== null && sourceIndex === 0)) {
    span.userRequest = goal;
    if (goal) span.inputMessages = [{ role: 'user', text: goal, toolCalls: [], toolCallId: null, finishReason: null }];
  }
  if (role === 'plan' || fields.has('steps')) {
    const steps = fields.has('steps') ? parseLenientValue(fields.get('steps') as string) : null;
    span.plan = Array.isArray(steps)
      ? steps.map((step) => (typeof step === 'string' ? step : JSON.stringify(step)))
      : steps === null
        ? null
        : [String(steps)];
  }
  if (role === 'tool') {
    span.tool = { name, callId: null, arguments: callArguments ?? null, result };
    if (callArguments === undefined) notCaptured.push('tool-arguments');
  } else if (role === 'retrieval' || role === 'rerank') {
    const documentsText = ['docs', 'documents', 'chunks', 'hits', 'results', 'context']
      .map((key) => fields.get(key))
      .find((value) => value !== undefined);
    const listed = result ?? (documentsText === undefined ? null : parseLenientValue(documentsText));
    const argumentQuery = firstString(recordOf(callArguments), ['query', 'q', 'question', 'text', 'search']);
    span.retrieval = {
      query:
        goal ??
        argumentQuery ??
        (typeof callArguments === 'string' ? callArguments : callArguments ? JSON.stringify(callArguments) : null),
      documents: Array.isArray(listed) ? listed.map(documentOf) : [],
    };
    if (callArguments !== undefined) span.input = callArguments;
    if (listed === null) notCaptured.push('retrieval-documents');
  } else if (result !== null) {
    span.output = result;
  }
  // `[span 1] agent.instructions text='You are …'` records the system instructions, not something said.
  if (instructionsLine.test(name) || kind.toLowerCase() === 'system') {
    span.systemInstructions = textOf(fields.get('instructions') ?? fields.get('system') ?? fields.get('text'));
  } else if (response !== null) {
    span.outputMessages = [assistantMessage(response)];
    span.output = response;
  }
  if (role === 'llm' && goal !== null && kind.toLowerCase() !== 'user') {
    span.inputMessages = [{ role: 'user', text: goal, toolCalls: [], toolCallId: null, finishReason: null }];
  }
  const finish = fields.get('finish_reason') ?? fields.get('finish');
  if (finish !== undefined) span.finishReason = unquote(finish);
  span.notCaptured = notCaptured;
  return span;
}

/** Span names that hold the system instructions: `agent.instructions`, `system.prompt`, `agent.system_prompt`. */
const instructionsLine = /^(?:instructions|system_?prompt|system_?instructions)$/i;

export const textReader: TraceReader = {
  format: 'text',
  detect(input: ParsedInput): boolean {
    return input.kind === 'text' && input.text.split(/\r?\n/).some((line) => spanLine.test(line));
  },
  read(input: ParsedInput, context: ReadContext): RawTrace[] {
    if (input.kind !== 'text') return [];
    const spans: Span[] = [];
    const lines = input.text.split(/\r?\n/);
    let current: { number: string; text: string } | null = null;
    const flush = (): void => {
      if (current) spans.push(readLine(current.number, current.text, spans.length));
      current = null;
    };
    lines.forEach((line, index) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith('//')) return;
      const match = spanLine.exec(line);
      if (match) {
        flush();
        current = { number: String(Number(match[1])), text: match[2] ?? '' };
      } else if (current) {
        // A long line the person wrapped: continue the previous span.
        current.text += ` ${trimmed}`;
      } else {
        throw new InputError(`this line is not a span`, {
          source: context.source,
          position: `line ${index + 1}`,
          expected: "lines like [span 0] user.request goal='…'",
        });
      }
    });
    flush();
    return [{ traceId: null, spans, warnings: [], traceUrl: null }];
  },
};
