import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { attributeRootCause } from '../../attribution/index.js';
import { createBackends, fetchTraceByReference } from '../../backends/index.js';
import { LocalBackend } from '../../backends/local.js';
import { loadConfig } from '../../config/index.js';
import { InputError } from '../../errors/index.js';
import { readTraceFile } from '../../formats/index.js';
import type { Trace } from '../../model/trace.js';
import { redactReport } from '../../report/redact.js';
import { renderReportText } from '../../report/render-text.js';
import { readServiceEnv } from '../../server/service-env.js';
import { openStore } from '../../store/index.js';
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

/** True when the argument names a file (or `-`): anything else is a trace ID or a link. */
function isFileArgument(argument: string, cwd: string): boolean {
  return argument === '-' || existsSync(path.resolve(cwd, argument));
}

/**
 * Fetches a trace by ID or pasted link from the configured backends (with no configuration file, the
 * embedded store under TRACEHOUND_DATA_DIR). The CLI may use every backend the configuration names.
 */
async function fetchForAnalysis(reference: string, io: CommandIo): Promise<Trace> {
  const config = await loadConfig(io.env, { cwd: io.cwd });
  const needsStore = config.backends.some((backend) => backend.type === 'local');
  const store = needsStore ? openStore(readServiceEnv(io.env, io.cwd).dataDir, { pruneIntervalMs: 0 }) : null;
  try {
    const backends = createBackends(config, {
      environment: io.env,
      ...(store ? { local: new LocalBackend(store.traces) } : {}),
    });
    return await fetchTraceByReference(reference, { config, scope: { platform: 'cli' }, backends });
  } finally {
    store?.close();
  }
}

/** Files and `-` are read; trace IDs and links are fetched from the configured backends. */
export async function loadTraceForAnalysis(
  argument: string,
  io: CommandIo,
  options: { traceId?: string; maxBytes?: number },
): Promise<Trace> {
  if (!isFileArgument(argument, io.cwd)) return fetchForAnalysis(argument, io);
  return readTraceFile(argument === '-' ? '-' : path.resolve(io.cwd, argument), {
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
