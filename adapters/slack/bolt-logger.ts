import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

function describe(parts: unknown[]): string {
  return parts
    .map((part) => {
      if (part instanceof Error) return `${part.name}: ${part.message}`;
      if (typeof part === 'string') return part;
      // Objects Bolt logs can hold payloads; only their shape is kept, never their contents.
      return typeof part === 'object' && part !== null ? `[${part.constructor?.name ?? 'object'}]` : String(part);
    })
    .join(' ');
}

/** The Web API client logs whole request bodies at debug; those hold trace contents and stay out of the log. */
function withoutBodies(text: string): string {
  const body = /^(http (?:request|response) body)\b/i.exec(text);
  return body ? `${body[1]} (omitted)` : text;
}

/**
 * Bolt and the Web API client log through this: their messages go to pino under `component: slack`.
 * Bolt's `info` lines ("Now connected", …) are operational noise, so they are kept at debug.
 */
export function boltLoggerFrom(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.INFO;
  return {
    debug: (...parts: unknown[]) => child.debug(withoutBodies(describe(parts))),
    info: (...parts: unknown[]) => child.debug(withoutBodies(describe(parts))),
    warn: (...parts: unknown[]) => child.warn(describe(parts)),
    error: (...parts: unknown[]) => child.error(describe(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
