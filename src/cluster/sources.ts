import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FetchOptions, TimeWindow, TraceBackend } from '../backends/trace-backend.js';
import { InputError } from '../errors/index.js';
import { readTraces } from '../formats/index.js';
import type { TraceStore } from '../store/trace-store.js';
import type { RunSource } from './cluster-runs.js';

const traceFileSuffixes = ['.json', '.jsonl', '.ndjson', '.txt', '.json.gz', '.jsonl.gz', '.txt.gz'];

export interface FileSourceOptions {
  maxBytes?: number;
}

/**
 * One source per trace file under the given paths (folders are walked, sorted by name so runs are
 * reproducible). Label files (`*.label.json`) beside traces are skipped.
 */
export async function runSourcesFromPaths(
  paths: readonly string[],
  options: FileSourceOptions = {},
): Promise<RunSource[]> {
  const files: string[] = [];
  for (const entry of paths) {
    let information: Awaited<ReturnType<typeof stat>>;
    try {
      information = await stat(entry);
    } catch {
      throw new InputError('no such file or folder', {
        source: entry,
        expected: 'a trace file or a folder of trace files',
      });
    }
    if (information.isDirectory()) files.push(...(await listTraceFiles(entry)));
    else files.push(entry);
  }
  return files.map((file) => fileSource(file, options));
}

async function listTraceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((left, right) => left.name.localeCompare(right.name))) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await listTraceFiles(full)));
    else if (
      entry.isFile() &&
      !entry.name.endsWith('.label.json') &&
      entry.name !== 'labels.json' &&
      traceFileSuffixes.some((suffix) => entry.name.endsWith(suffix))
    ) {
      files.push(full);
    }
  }
  return files;
}

function fileSource(file: string, options: FileSourceOptions): RunSource {
  return {
    source: file,
    load: async () => {
      const bytes = await readFile(file);
      return readTraces(bytes, {
        source: file,
        ...(options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }),
      });
    },
  };
}

/** One source per failed trace a backend's search finds in the window. */
export async function runSourcesFromBackend(
  backend: TraceBackend,
  window: TimeWindow,
  limit: number,
  options: FetchOptions = {},
): Promise<RunSource[]> {
  if (!backend.searchFailedTraces) return [];
  const traceIds = await backend.searchFailedTraces(window, limit, options);
  return traceIds.map((traceId) => ({
    source: `${backend.name}:${traceId}`,
    load: async (signal) => [await backend.fetchTrace(traceId, signal ? { signal } : options)],
  }));
}

/** `30m`, `12h`, `7d`, `2w` → milliseconds. */
export function parseWindow(text: string, source = '--since'): number {
  const match = /^([1-9]\d{0,5})\s*(m|h|d|w)$/i.exec(text.trim());
  if (!match) {
    throw new InputError(`'${text}' is not a time window`, {
      source,
      expected: 'a number and a unit: 30m, 12h, 7d or 2w',
    });
  }
  const amount = Number(match[1]);
  const unit = (match[2] ?? 'd').toLowerCase();
  const minutes = { m: 1, h: 60, d: 60 * 24, w: 60 * 24 * 7 }[unit as 'm' | 'h' | 'd' | 'w'];
  return amount * minutes * 60_000;
}

/**
 * One source per run the embedded store received in the window, failed or not: a drifted argument
 * fails a run without any error status, so a status search would miss it.
 */
export function runSourcesFromStore(
  store: TraceStore,
  backend: TraceBackend,
  window: TimeWindow,
  limit: number,
): RunSource[] {
  return store.listTraces({ start: window.start, end: window.end, limit }).map((summary) => ({
    source: `${backend.name}:${summary.traceId}`,
    load: async (signal) => [await backend.fetchTrace(summary.traceId, signal ? { signal } : {})],
  }));
}
