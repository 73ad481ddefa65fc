import { TracehoundError } from '../errors/index.js';
import { readTraces } from '../formats/index.js';
import type { Trace } from '../model/trace.js';
import type { TraceStore } from '../store/trace-store.js';
import type { FetchOptions, TimeWindow, TraceBackend } from './trace-backend.js';

/** Traces received by this service's own OTLP endpoint, read from the embedded store. */
export class LocalBackend implements TraceBackend {
  readonly name: string;
  readonly type = 'local' as const;
  readonly #store: TraceStore;

  constructor(store: TraceStore, name = 'local') {
    this.#store = store;
    this.name = name;
  }

  async fetchTrace(traceId: string, options: FetchOptions = {}): Promise<Trace> {
    options.signal?.throwIfAborted();
    const normalised = traceId.trim().toLowerCase();
    const document = /^[0-9a-f]{32}$/.test(normalised) ? this.#store.getTraceSpans(normalised) : null;
    if (document === null) {
      throw new TracehoundError('trace_not_found', `trace ${traceId} is not in the local store`, {
        details: { backend: this.name, traceId },
      });
    }
    const trace = readTraces(JSON.stringify(document), { source: this.name }).find(
      (candidate) => candidate.traceId === normalised,
    );
    if (!trace) {
      throw new TracehoundError('trace_not_found', `trace ${traceId} is not in the local store`, {
        details: { backend: this.name, traceId },
      });
    }
    if (this.#store.isTracePossiblyPartial(normalised)) {
      // The report says so and the chat reply offers to run again once the rest has arrived.
      trace.partial = true;
      trace.warnings.push({
        code: 'partial',
        message: 'spans of this trace arrived moments ago; more may still be on their way',
        spanId: null,
      });
    }
    return trace;
  }

  async searchFailedTraces(window: TimeWindow, limit: number, options: FetchOptions = {}): Promise<string[]> {
    options.signal?.throwIfAborted();
    return this.#store
      .listTraces({ start: window.start, end: window.end, status: 'error', limit })
      .map((summary) => summary.traceId);
  }

  traceUrl(_traceId: string): string | null {
    return null;
  }
}
