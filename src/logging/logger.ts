import { type DestinationStream, type Logger, pino } from 'pino';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  destination?: DestinationStream;
}

// Rule: trace contents (span attributes, prompts, tool output) are logged only at debug level or below;
// info and above carry IDs, counts and timings only. Credentials never appear: these paths are redacted.
const redactedPaths = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'request.headers.authorization',
  'request.headers.cookie',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.secret',
  '*.password',
  'token',
  'secret',
  'password',
  'cookie',
];

export function createLogger(options: LoggerOptions): Logger {
  const loggerOptions = { level: options.level, redact: { paths: redactedPaths, censor: '[redacted]' } };
  return options.destination ? pino(loggerOptions, options.destination) : pino(loggerOptions);
}
