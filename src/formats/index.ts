import { open, readFile } from 'node:fs/promises';
import { InputError } from '../errors/index.js';
import { assembleTrace } from '../model/assemble-trace.js';
import type { Trace } from '../model/trace.js';
import { appInsightsReader } from './appinsights.js';
import { jaegerReader } from './jaeger.js';
import { langfuseReader } from './langfuse.js';
import { langsmithReader } from './langsmith.js';
import { otelConsoleReader } from './otel-console.js';
import { otlpReader } from './otlp.js';
import { defaultMaxBytes, parseInput } from './parse-input.js';
import { phoenixReader } from './phoenix.js';
import { textReader } from './text.js';
import type { ParsedInput, TraceReader } from './trace-reader.js';
import { zipkinReader } from './zipkin.js';

export { defaultMaxBytes } from './parse-input.js';
export type { ParsedInput, RawTrace, ReadContext, TraceReader } from './trace-reader.js';

/** Most specific first: the Langfuse and Jaeger envelopes would otherwise look like other things. */
const readers: readonly TraceReader[] = [
  otlpReader,
  langfuseReader,
  jaegerReader,
  phoenixReader,
  langsmithReader,
  appInsightsReader,
  zipkinReader,
  otelConsoleReader,
  textReader,
];

export interface ReadOptions {
  /** File name, `-`, or a backend name: named in every error. */
  source: string;
  maxBytes?: number;
}

function detectReader(input: ParsedInput, source: string): TraceReader {
  const reader = readers.find((candidate) => candidate.detect(input));
  if (reader) return reader;
  const expected =
    'an OTLP JSON export, Jaeger JSON, Zipkin v2 JSON, a Langfuse trace, Phoenix spans, LangSmith runs, an Application Insights query result, or a span list';
  if (input.kind === 'text') {
    throw new InputError('this text is not a trace: no line looks like a span', {
      source,
      position: 'line 1',
      expected,
    });
  }
  throw new InputError('this JSON is not a trace format tracehound knows', { source, position: 'top level', expected });
}

/** Every trace in the input (files may hold several). Throws InputError naming the source, the position and what was expected. */
export function readTraces(input: Uint8Array | string, options: ReadOptions): Trace[] {
  const parsed = parseInput(input, options.source, options.maxBytes ?? defaultMaxBytes);
  const reader = detectReader(parsed, options.source);
  const raws = reader.read(parsed, { source: options.source });
  if (raws.length === 0)
    throw new InputError('the trace has no spans', { source: options.source, expected: 'at least one span' });
  return raws.map((raw) => assembleTrace(raw, reader.format, options.source));
}

/** The one trace in the input, or the one named by `traceId` when the input holds several. */
export function readTrace(input: Uint8Array | string, options: ReadOptions & { traceId?: string }): Trace {
  const traces = readTraces(input, options);
  if (options.traceId) {
    const wanted = options.traceId.toLowerCase();
    const found = traces.find((trace) => trace.traceId === wanted);
    if (!found) {
      throw new InputError(`no trace ${options.traceId} in this input`, {
        source: options.source,
        expected: `one of ${traces.map((trace) => trace.traceId ?? '(no ID)').join(', ')}`,
      });
    }
    return found;
  }
  if (traces.length > 1) {
    const ids = traces.map((trace) => trace.traceId ?? '(no ID)');
    const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? `, … (${ids.length} in all)` : '');
    throw new InputError(
      `the input holds ${traces.length} traces: ${shown}`,
      { source: options.source, expected: 'one trace, or --trace ID to pick one' },
      { code: 'input_ambiguous' },
    );
  }
  return traces[0] as Trace;
}

/** Reads a file, or standard input for `-`, without loading more than the size cap. */
export async function readInputBytes(
  path: string,
  maxBytes = defaultMaxBytes,
  stdin: NodeJS.ReadableStream = process.stdin,
): Promise<Uint8Array> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stdin) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buffer.length;
      if (size > maxBytes) {
        throw new InputError(
          `standard input is over the ${maxBytes}-byte cap`,
          { source: '-', expected: `at most ${maxBytes} bytes` },
          { code: 'input_too_large' },
        );
      }
      chunks.push(buffer);
    }
    return Buffer.concat(chunks);
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a folder'
            : 'cannot be opened';
    throw new InputError(reason, { source: path, expected: 'a readable trace file' }, { cause: error });
  }
  try {
    const information = await handle.stat();
    if (information.isDirectory()) throw new InputError('is a folder', { source: path, expected: 'a trace file' });
    if (information.size > maxBytes) {
      throw new InputError(
        `the file is ${information.size} bytes, over the ${maxBytes}-byte cap`,
        { source: path, expected: `at most ${maxBytes} bytes (raise it with --max-bytes)` },
        { code: 'input_too_large' },
      );
    }
    return await readFile(handle);
  } finally {
    await handle.close();
  }
}

export async function readTraceFile(
  path: string,
  options: { maxBytes?: number; traceId?: string; stdin?: NodeJS.ReadableStream } = {},
): Promise<Trace> {
  const bytes = await readInputBytes(path, options.maxBytes, options.stdin);
  return readTrace(bytes, {
    source: path,
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
    ...(options.traceId === undefined ? {} : { traceId: options.traceId }),
  });
}
