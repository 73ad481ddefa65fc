import type { ServerResponse } from 'node:http';
import type { HttpRoute } from './http-route.js';

export interface HealthState {
  /** True while the store is open and the service is not shutting down. */
  isReady(): boolean;
}

function sendJson(response: ServerResponse, status: number, body: object): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(payload);
}

/** `/healthz`: the process answers. `/readyz`: it can take work (store open, not shutting down). */
export function createHealthRoutes(state: HealthState): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      async handle(_request, response) {
        sendJson(response, 200, { status: 'ok' });
      },
    },
    {
      method: 'GET',
      path: '/readyz',
      async handle(_request, response) {
        const ready = state.isReady();
        sendJson(response, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
      },
    },
  ];
}
