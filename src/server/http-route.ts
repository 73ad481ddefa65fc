import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One node:http server owns the port (BRIEF.md); each part contributes routes. A handler owns the
 * response once called: it must end it, also on error.
 */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
}
