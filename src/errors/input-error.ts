import { type ErrorCode, TracehoundError, type TracehoundErrorOptions } from './tracehound-error.js';

export interface InputErrorLocation {
  /** The file name, `-` for standard input, or a description such as `attachment trace.json`. */
  source: string;
  /** Where in the input: a line and column, a byte offset, or a field path such as `resourceSpans[0].scopeSpans[1].spans[3].spanId`. */
  position?: string;
  /** What was expected there. */
  expected?: string;
}

/** Input that cannot be read as a trace. The message always names the source, the position and what was expected. */
export class InputError extends TracehoundError {
  readonly location: InputErrorLocation;

  constructor(
    message: string,
    location: InputErrorLocation,
    options: TracehoundErrorOptions & {
      code?: Extract<ErrorCode, 'input_unreadable' | 'input_too_large' | 'input_ambiguous'>;
    } = {},
  ) {
    const parts = [location.source];
    if (location.position) parts.push(location.position);
    const where = parts.join(': ');
    const expected = location.expected ? ` (expected ${location.expected})` : '';
    super(options.code ?? 'input_unreadable', `${where}: ${message}${expected}`, options);
    this.name = 'InputError';
    this.location = location;
  }
}
