import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MockAgent } from 'undici';
import { devFixtures, repositoryRoot } from '../../unit/fixture-paths.js';
import { jaegerApi } from './teams-test-server.js';

/** A labelled failing run in Jaeger's v1 API shape, and the trace ID it was recorded with. */
export const ticketDriftJaeger = readFileSync(path.join(devFixtures, 'd-ticket-drift.jaeger.json'), 'utf8');
export const ticketDriftTraceId = '3e6200b0a708557bb3ae1c479539b692';

export interface Label {
  traceId: string | null;
  verdict: string;
  rootCause?: { spanIds: string[]; layers: string[] };
}

export function readLabel(name: string): Label {
  return JSON.parse(readFileSync(path.join(devFixtures, `${name}.label.json`), 'utf8')) as Label;
}

export const workedExampleText = readFileSync(path.join(repositoryRoot, 'examples/worked-example.txt'));

/**
 * Jaeger answers as a v1 query service does: no v3 route (404), the trace on `/api/traces/{id}`.
 * `delayMs` holds the answer back, like a slow backend.
 */
export function serveJaegerTrace(agent: MockAgent, traceId: string, body: string | null, delayMs = 0): void {
  const pool = agent.get(jaegerApi);
  pool
    .intercept({ path: `/api/v3/traces/${traceId}`, method: 'GET' })
    .reply(404, { error: { httpCode: 404, message: 'trace not found' } });
  const v1 = pool.intercept({ path: `/api/traces/${traceId}`, method: 'GET' });
  const reply =
    body === null
      ? v1.reply(404, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] })
      : v1.reply(200, body, { headers: { 'content-type': 'application/json' } });
  if (delayMs > 0) reply.delay(delayMs);
}

/**
 * Jaeger answers this trace with an HTTP error on API v3 (as a query service behind an auth proxy does for a
 * 401/403), with a plain-text body like the proxy's.
 */
export function failJaegerTrace(agent: MockAgent, traceId: string, status: number): void {
  agent
    .get(jaegerApi)
    .intercept({ path: `/api/v3/traces/${traceId}`, method: 'GET' })
    .reply(status, `${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\n`, {
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
}

/** The drifted-ticket run under another trace ID: the same failure mode in a different run. */
export function ticketDriftAs(traceId: string): string {
  return ticketDriftJaeger.replaceAll(ticketDriftTraceId, traceId);
}

/** A Jaeger that holds no services yet (v3 GetServices), so a failed-run search finds nothing there. */
export function serveEmptyJaegerSearch(agent: MockAgent): void {
  agent
    .get(jaegerApi)
    .intercept({ path: '/api/v3/services', method: 'GET' })
    .reply(200, { services: [] }, { headers: { 'content-type': 'application/json' } })
    .persist();
}
