import { parseArgs } from 'node:util';
import { InputError } from '../../errors/index.js';
import { readTraceFile } from '../../formats/index.js';
import type { Span } from '../../model/span.js';
import type { Trace } from '../../model/trace.js';
import type { Command } from '../command.js';

const usage = `Usage: tracehound show <file|-> [options]

Reads a trace in any supported format and prints it as tracehound sees it.

Options:
  --json          print the canonical trace model as JSON
  --trace ID      pick one trace when the file holds several
  --max-bytes N   refuse inputs larger than N bytes (default 100 MB)`;

function preview(span: Span): string {
  if (span.tool)
    return `${span.tool.name}(${span.tool.arguments === null ? '?' : JSON.stringify(span.tool.arguments)})${span.tool.result === null ? '' : ` → ${JSON.stringify(span.tool.result)}`}`;
  if (span.retrieval)
    return `query ${JSON.stringify(span.retrieval.query)} → ${span.retrieval.documents.length} documents`;
  const calls = span.outputMessages.flatMap((message) => message.toolCalls);
  if (calls.length > 0)
    return `calls ${calls.map((call) => `${call.name}(${JSON.stringify(call.arguments)})`).join(', ')}`;
  const text = span.outputMessages.map((message) => message.text).join(' ') || (span.userRequest ?? '');
  return text ? JSON.stringify(text) : '';
}

/** The span tree, children indented under their parents, in causal order. */
export function renderTraceTree(trace: Trace, color: boolean): string {
  const paint = (code: number, text: string): string => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const children = new Map<string | null, Span[]>();
  const ids = new Set(trace.spans.map((span) => span.id));
  for (const span of trace.spans) {
    const parent = span.parentId !== null && ids.has(span.parentId) ? span.parentId : null;
    const list = children.get(parent) ?? [];
    list.push(span);
    children.set(parent, list);
  }
  const lines = [`${trace.traceId ? `trace ${trace.traceId}` : 'trace'} [${trace.format}] ${trace.spans.length} spans`];
  const visit = (parent: string | null, depth: number): void => {
    for (const span of children.get(parent) ?? []) {
      const duration =
        span.startTime !== null && span.endTime !== null ? ` ${(span.endTime - span.startTime).toFixed(0)}ms` : '';
      const status =
        span.status.code === 'error' ? paint(31, ` ERROR${span.status.message ? `: ${span.status.message}` : ''}`) : '';
      const http = span.httpStatus !== null ? ` http ${span.httpStatus}` : '';
      const text = preview(span);
      const shown = text.length > 100 ? `${text.slice(0, 97)}…` : text;
      lines.push(
        `${'  '.repeat(depth)}${paint(36, span.role.padEnd(9))} ${span.name} ${paint(2, `(${span.id})`)}${duration}${http}${status}${shown ? `  ${shown}` : ''}`,
      );
      visit(span.id, depth + 1);
    }
  };
  visit(null, 0);
  for (const warning of trace.warnings.slice(0, 10)) lines.push(paint(33, `warning: ${warning.message}`));
  return `${lines.join('\n')}\n`;
}

export const showCommand: Command = {
  name: 'show',
  summary: 'print a trace as tracehound reads it (any supported format)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        trace: { type: 'string' },
        'max-bytes': { type: 'string' },
      },
    });
    const file = positionals[0];
    if (file === undefined || positionals.length > 1)
      throw new InputError('expected exactly one input', { source: 'tracehound show', expected: 'a file or -' });
    const maxBytes = values['max-bytes'] === undefined ? undefined : Number(values['max-bytes']);
    if (maxBytes !== undefined && (!Number.isSafeInteger(maxBytes) || maxBytes <= 0)) {
      throw new InputError(`'${values['max-bytes']}' is not a size`, {
        source: '--max-bytes',
        expected: 'a positive whole number of bytes',
      });
    }
    const trace = await readTraceFile(file, {
      stdin: io.stdin,
      ...(values.trace === undefined ? {} : { traceId: values.trace }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
    io.stdout.write(
      values.json
        ? `${JSON.stringify(trace, null, 2)}\n`
        : renderTraceTree(trace, io.stdout.isTTY === true && !io.env.NO_COLOR),
    );
    return 0;
  },
};
