import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { HttpRoute } from '../../src/server/http-route.js';
import { verifySlackSignature } from './verify-signature.js';

export const slackEventsPath = '/slack/events';

/** Slack's request bodies are small; anything larger is not from Slack. */
const maxBodyBytes = 1024 * 1024;
/** Slack gives up after 3 s; an unacknowledged request is answered just before, so Slack does not retry it. */
const unacknowledgedAfterMs = 2_800;

const payloadObjectSchema = z.record(z.string(), z.unknown());

export interface SlackRouteReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Work that continues after the HTTP answer (the listeners), so shutdown can wait for it. */
  trackBackgroundTask: (task: Promise<unknown>) => void;
  nowSeconds?: () => number;
}

class BodyTooLargeError extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    total += buffer.byteLength;
    if (total > maxBodyBytes) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function endWith(response: ServerResponse, status: number, body?: string, contentType = 'text/plain'): void {
  if (response.headersSent) return;
  if (body === undefined) {
    response.writeHead(status).end();
  } else {
    response.writeHead(status, { 'content-type': `${contentType}; charset=utf-8` }).end(body);
  }
}

/** JSON for the Events API, form-encoded for commands, `payload=<json>` for interactivity. */
function parseBody(raw: Buffer, contentType: string): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (contentType.includes('application/json')) return payloadObjectSchema.parse(JSON.parse(text));
  const form = new URLSearchParams(text);
  const payload = form.get('payload');
  if (payload !== null) return payloadObjectSchema.parse(JSON.parse(payload));
  return Object.fromEntries(form.entries());
}

/**
 * A Bolt receiver that takes its requests from the service's one HTTP server: the route verifies the
 * signature (refusing timestamps more than five minutes away in either direction), answers Slack as
 * soon as a listener acknowledges, and lets the listener's work run on after the answer.
 */
export class SlackRouteReceiver implements Receiver {
  readonly route: HttpRoute;
  #app: App | null = null;
  readonly #options: SlackRouteReceiverOptions;

  constructor(options: SlackRouteReceiverOptions) {
    this.#options = options;
    this.route = {
      method: 'POST',
      path: slackEventsPath,
      handle: (request, response) => this.#handle(request, response),
    };
  }

  init(app: App): void {
    this.#app = app;
  }

  // The service's server owns the port, so there is nothing to start or stop here.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const logger = this.#options.logger;
    let raw: Buffer;
    try {
      raw = await readBody(request);
    } catch (error) {
      endWith(response, error instanceof BodyTooLargeError ? 413 : 400);
      return;
    }
    const check = verifySlackSignature({
      signingSecret: this.#options.signingSecret,
      timestamp: header(request, 'x-slack-request-timestamp'),
      signature: header(request, 'x-slack-signature'),
      rawBody: raw,
      ...(this.#options.nowSeconds ? { nowSeconds: this.#options.nowSeconds() } : {}),
    });
    if (!check.valid) {
      logger.warn({ component: 'slack', reason: check.reason }, 'refused a Slack request: signature check failed');
      endWith(response, 401);
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, header(request, 'content-type') ?? '');
    } catch {
      endWith(response, 400, 'the body is not a Slack payload (JSON, form fields, or payload=<JSON>)');
      return;
    }
    if (body.ssl_check === '1') {
      endWith(response, 200);
      return;
    }
    if (body.type === 'url_verification' && typeof body.challenge === 'string') {
      endWith(response, 200, JSON.stringify({ challenge: body.challenge }), 'application/json');
      return;
    }
    const app = this.#app;
    if (!app) {
      endWith(response, 503, 'the Slack app is not initialised yet');
      return;
    }

    let acknowledged = false;
    let resolveAcknowledged: () => void = () => {};
    const acknowledgedPromise = new Promise<void>((resolve) => {
      resolveAcknowledged = resolve;
    });
    const acknowledge = (responseBody?: unknown): void => {
      if (acknowledged) return;
      acknowledged = true;
      if (responseBody === undefined || responseBody === '') endWith(response, 200);
      else if (typeof responseBody === 'string') endWith(response, 200, responseBody);
      else endWith(response, 200, JSON.stringify(responseBody), 'application/json');
      resolveAcknowledged();
    };
    const timer = setTimeout(() => {
      if (acknowledged) return;
      logger.warn({ component: 'slack', type: body.type }, 'no listener acknowledged a Slack request in time');
      acknowledge();
    }, unacknowledgedAfterMs);
    timer.unref();

    const retryHeader = header(request, 'x-slack-retry-num');
    const retryReason = header(request, 'x-slack-retry-reason');
    const event: ReceiverEvent = {
      body,
      ack: async (responseBody?: unknown) => acknowledge(responseBody),
      ...(retryHeader !== undefined && /^\d+$/.test(retryHeader) ? { retryNum: Number(retryHeader) } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    };
    const processing = app
      .processEvent(event)
      .catch((error: unknown) => {
        logger.error(
          { component: 'slack', eventId: body.event_id, error: error instanceof Error ? error.message : String(error) },
          'a Slack listener failed',
        );
        if (!acknowledged) {
          acknowledged = true;
          endWith(response, 500);
          resolveAcknowledged();
        }
      })
      .finally(() => clearTimeout(timer));
    this.#options.trackBackgroundTask(processing);
    await Promise.race([acknowledgedPromise, processing]);
    if (!acknowledged) acknowledge();
  }
}
