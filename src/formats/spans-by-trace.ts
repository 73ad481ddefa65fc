import type { Span } from '../model/span.js';
import type { RawTrace } from './trace-reader.js';

/**
 * Collects spans per trace ID as a reader meets them (files may hold several traces; Collector JSON
 * Lines spread one trace over lines). Consecutive spans of one trace, the usual case, skip the lookup.
 */
export class SpansByTrace {
  readonly #byTrace = new Map<string, Span[]>();
  #lastTraceId: string | null = null;
  #lastList: Span[] = [];

  add(traceId: string, span: Span): void {
    if (traceId !== this.#lastTraceId) {
      let list = this.#byTrace.get(traceId);
      if (!list) {
        list = [];
        this.#byTrace.set(traceId, list);
      }
      this.#lastTraceId = traceId;
      this.#lastList = list;
    }
    this.#lastList.push(span);
  }

  /** One raw trace per trace ID, in order of first appearance; each span's sourceIndex is its position in its trace. */
  toRawTraces(): RawTrace[] {
    return [...this.#byTrace.entries()].map(([traceId, spans]) => {
      spans.forEach((span, index) => {
        span.sourceIndex = index;
      });
      return { traceId: traceId || null, spans, warnings: [], traceUrl: null };
    });
  }
}
