import type { JsonValue } from '../model/json-value.js';
import type { Span } from '../model/span.js';
import type { AnalysisContext } from './analysis-context.js';

/** One tool call as a span constructed it: by a model writing it, or by the tool span that ran it. */
export interface ConstructedCall {
  span: Span;
  name: string;
  arguments: { [key: string]: JsonValue };
}

function asRecord(value: JsonValue | null | undefined): { [key: string]: JsonValue } | null {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) ? value : null;
}

/** The tool calls one span constructed: the calls a model span wrote, or the arguments a tool span ran with. */
export function callsOfSpan(span: Span): ConstructedCall[] {
  const calls: ConstructedCall[] = [];
  if (span.role === 'llm') {
    for (const message of span.outputMessages)
      for (const call of message.toolCalls) {
        const args = asRecord(call.arguments);
        if (args) calls.push({ span, name: call.name, arguments: args });
      }
  }
  const args = asRecord(span.tool?.arguments);
  if (span.tool && args) calls.push({ span, name: span.tool.name, arguments: args });
  return calls;
}

/**
 * The calls of each analysis, gathered once: several rules ask, and on a large trace each would otherwise
 * walk every span and build a call per tool span again.
 */
const callsByContext = new WeakMap<AnalysisContext, readonly ConstructedCall[]>();

/**
 * Every tool call of the run in causal order: the model's call comes before the tool span that ran it.
 * Shared between the rules that ask, so callers must not change it.
 */
export function constructedCalls(context: AnalysisContext): readonly ConstructedCall[] {
  let calls = callsByContext.get(context);
  if (calls === undefined) {
    const gathered: ConstructedCall[] = [];
    for (const span of context.spans) for (const call of callsOfSpan(span)) gathered.push(call);
    calls = gathered;
    callsByContext.set(context, calls);
  }
  return calls;
}

/** A string an argument object holds, with its key path (`matchers.cluster` is under `matchers`). */
export interface StringArgument {
  field: string;
  text: string;
}

/** Every string in a call's arguments, with its key path; nesting is read six levels deep. */
export function stringArguments(
  value: JsonValue | null,
  field = '',
  found: StringArgument[] = [],
  depth = 0,
): StringArgument[] {
  if (value === null || depth > 6) return found;
  if (typeof value === 'string') found.push({ field, text: value });
  else if (Array.isArray(value)) for (const item of value) stringArguments(item, field, found, depth + 1);
  else if (typeof value === 'object')
    for (const key of Object.keys(value))
      stringArguments(value[key] as JsonValue, field ? `${field}.${key}` : key, found, depth + 1);
  return found;
}

/** Whether any string `stringArguments` would list passes `test`: read as it reads them, without listing them. */
export function someStringArgument(value: JsonValue | null, test: (text: string) => boolean, depth = 0): boolean {
  if (value === null || depth > 6) return false;
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((item) => someStringArgument(item, test, depth + 1));
  if (typeof value === 'object')
    for (const key of Object.keys(value)) if (someStringArgument(value[key] as JsonValue, test, depth + 1)) return true;
  return false;
}

/** A number an argument object or record holds (or a string that is only a number), with its key path. */
export interface NumberArgument {
  field: string;
  amount: number;
}

/** Every number in a call's arguments or a record, with its key path; nesting is read six levels deep. */
export function numberArguments(
  value: JsonValue | null,
  field = '',
  found: NumberArgument[] = [],
  depth = 0,
): NumberArgument[] {
  if (value === null || depth > 6) return found;
  if (typeof value === 'number' && Number.isFinite(value)) found.push({ field, amount: value });
  else if (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value.trim()))
    found.push({ field, amount: Number(value) });
  else if (Array.isArray(value)) for (const item of value) numberArguments(item, field, found, depth + 1);
  else if (typeof value === 'object')
    for (const key of Object.keys(value))
      numberArguments(value[key] as JsonValue, field ? `${field}.${key}` : key, found, depth + 1);
  return found;
}
