import type { Span } from '../model/span.js';
import type { TraceFormat, TraceWarning } from '../model/trace.js';

/** The input after the generic decoding step (gunzip, UTF-8, JSON / JSON Lines / concatenated objects / text). */
export type ParsedInput =
  | { kind: 'json'; value: unknown }
  /** JSON Lines, or pretty-printed objects concatenated (the OTel Python console exporter). */
  | { kind: 'json-sequence'; values: unknown[] }
  | { kind: 'text'; text: string };

export interface ReadContext {
  /** File name, `-`, or a backend name: every InputError names it. */
  source: string;
}

/** One trace as a reader found it, before `assembleTrace` orders it and checks its structure. */
export interface RawTrace {
  traceId: string | null;
  /** Spans with `sourceIndex` set to their position in the source. */
  spans: Span[];
  warnings: TraceWarning[];
  traceUrl: string | null;
}

/** One module per format implements this (src/formats/<format>.ts). */
export interface TraceReader {
  readonly format: TraceFormat;
  /** A cheap structural test on the parsed input; never throws. */
  detect(input: ParsedInput): boolean;
  /**
   * Reads every trace in the input; throws InputError naming the field and what was expected. The
   * input is consumed: a reader may let go of the parts it has read (a large read then holds less).
   */
  read(input: ParsedInput, context: ReadContext): RawTrace[];
}
