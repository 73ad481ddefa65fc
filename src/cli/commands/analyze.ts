import { parseArgs } from 'node:util';
import { attributeRootCause } from '../../attribution/index.js';
import { InputError } from '../../errors/index.js';
import { readTraceFile } from '../../formats/index.js';
import type { Trace } from '../../model/trace.js';
import { redactReport } from '../../report/redact.js';
import { renderReportText } from '../../report/render-text.js';
import type { Command, CommandIo } from '../command.js';

const usage = `Usage: tracehound analyze <file|-|trace-id|link> [options]

Finds the span where the bad value first entered the run, names its layer and shows the evidence.

Options:
  --json             print the report as one JSON object (the contract the chat apps render)
  --trace ID         pick one trace when the file holds several
  --redact           mask secrets in the output (always on in chat)
  --personal-data    with --redact, also mask emails and phone numbers
  --max-bytes N      refuse inputs larger than N bytes (default 100 MB)

Exit status: 0 analysed (whatever the verdict), 2 unreadable input or refused link,
3 trace not found, 4 backend failure or timeout, 1 a bug.`;

function parseMaxBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) {
    throw new InputError(`'${value}' is not a size`, {
      source: '--max-bytes',
      expected: 'a positive whole number of bytes',
    });
  }
  return number;
}

/** Files and `-`; trace IDs and links are fetched from the configured backends. */
export async function loadTraceForAnalysis(
  argument: string,
  io: CommandIo,
  options: { traceId?: string; maxBytes?: number },
): Promise<Trace> {
  return readTraceFile(argument, {
    stdin: io.stdin,
    ...(options.traceId === undefined ? {} : { traceId: options.traceId }),
    ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
  });
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'find the root-cause span of a failed agent run (file, -, trace ID or link)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        trace: { type: 'string' },
        redact: { type: 'boolean', default: false },
        'personal-data': { type: 'boolean', default: false },
        'max-bytes': { type: 'string' },
      },
    });
    const argument = positionals[0];
    if (argument === undefined || positionals.length > 1) {
      throw new InputError('expected exactly one input', {
        source: 'tracehound analyze',
        expected: 'a file, -, a trace ID or a trace link',
      });
    }
    const maxBytes = parseMaxBytes(values['max-bytes']);
    const trace = await loadTraceForAnalysis(argument, io, {
      ...(values.trace === undefined ? {} : { traceId: values.trace }),
      ...(maxBytes === undefined ? {} : { maxBytes }),
    });
    let report = attributeRootCause(trace);
    if (values.redact) report = redactReport(report, { personalData: values['personal-data'] });
    if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout.write(renderReportText(report, { color: io.stdout.isTTY === true && !io.env.NO_COLOR }));
    return 0;
  },
};
