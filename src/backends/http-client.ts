import { Agent, type Dispatcher, request } from 'undici';
import { TracehoundError } from '../errors/index.js';

export interface HttpClientOptions {
  /** Injected in tests (MockAgent); production uses a keep-alive Agent with connect and body timeouts. */
  dispatcher?: Dispatcher;
  maxBodyBytes?: number;
  maxRetries?: number;
  /** Upper bound on any one wait, including a server's Retry-After. */
  maxRetryDelayMs?: number;
  baseRetryDelayMs?: number;
}

export interface HttpCall {
  backendName: string;
  url: URL;
  /** Origins this backend is configured with; a URL elsewhere is refused before any request (no SSRF). */
  allowedOrigins: readonly string[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const defaultTimeoutMs = 15_000;

function createDefaultDispatcher(): Dispatcher {
  return new Agent({
    keepAliveTimeout: 10_000,
    connect: { timeout: 5_000 },
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
}

function delay(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds or an HTTP date, as RFC 9110 allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}

/** Why a response that did arrive cannot be used (the `reason` detail of `backend_bad_response`). */
export type BadResponseReason = 'truncated' | 'malformed' | 'unexpected_shape' | 'too_large' | 'empty';

/** `backend_bad_response`: the message names the backend, the path and what was wrong, never the body itself. */
export function badResponseError(
  backendName: string,
  message: string,
  reason: BadResponseReason,
  options: { cause?: unknown } = {},
): TracehoundError {
  return new TracehoundError('backend_bad_response', `${backendName}: ${message}`, {
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
    details: { backend: backendName, reason },
  });
}

function describeWait(milliseconds: number): string {
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000} s` : `${(milliseconds / 1000).toFixed(1)} s`;
}

type Attempt =
  | { kind: 'body'; bytes: Uint8Array; contentType: string | undefined }
  | { kind: 'status'; status: number; retryAfterMs?: number };

/**
 * The one HTTP path for every backend client: origin check, no redirects, size cap, bounded retries for 429
 * and 5xx, cancellation, and distinct TracehoundErrors. Messages name the backend and path, never headers or
 * bodies (an error body may echo a credential, a response body holds trace contents).
 */
export class HttpClient {
  readonly #dispatcher: Dispatcher;
  readonly #maxBodyBytes: number;
  readonly #maxRetries: number;
  readonly #maxRetryDelayMs: number;
  readonly #baseRetryDelayMs: number;

  constructor(options: HttpClientOptions = {}) {
    this.#dispatcher = options.dispatcher ?? createDefaultDispatcher();
    this.#maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
    this.#maxRetries = options.maxRetries ?? 2;
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 5_000;
    this.#baseRetryDelayMs = options.baseRetryDelayMs ?? 250;
  }

  async requestJson(call: HttpCall): Promise<unknown> {
    const { bytes, contentType } = await this.#request(call);
    const where = `the response to ${call.url.pathname}`;
    if (bytes.byteLength === 0) throw badResponseError(call.backendName, `${where} is empty (expected JSON)`, 'empty');
    try {
      return JSON.parse(new TextDecoder('utf-8').decode(bytes));
    } catch {
      // The parser's message quotes the body, which may hold trace contents: it is dropped (not even kept as the
      // cause, which loggers print), and only the size and content type are named.
      const type = contentType === undefined ? '' : `, content type ${contentType.split(';')[0]?.trim()}`;
      throw badResponseError(
        call.backendName,
        `${where} is not valid JSON (${bytes.byteLength} bytes${type})`,
        'malformed',
      );
    }
  }

  async requestBytes(call: HttpCall): Promise<Uint8Array> {
    return (await this.#request(call)).bytes;
  }

  async #request(call: HttpCall): Promise<{ bytes: Uint8Array; contentType: string | undefined }> {
    if (!call.allowedOrigins.includes(call.url.origin) || !/^https?:$/.test(call.url.protocol)) {
      throw new TracehoundError('link_refused', `${call.backendName}: ${call.url.host} is not this backend's host`);
    }
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(call);
      if (outcome.kind === 'body') return outcome;
      const retryable = outcome.status === 429 || outcome.status >= 500;
      // A server that asks for a longer wait than the cap is not retried early: the error says how long it asked.
      const waitTooLong = outcome.retryAfterMs !== undefined && outcome.retryAfterMs > this.#maxRetryDelayMs;
      if (!retryable || attempt >= this.#maxRetries || waitTooLong) {
        throw this.#statusError(call, outcome.status, attempt + 1, outcome.retryAfterMs);
      }
      const wait = outcome.retryAfterMs ?? Math.min(this.#baseRetryDelayMs * 2 ** attempt, this.#maxRetryDelayMs);
      await delay(wait, call.signal);
    }
  }

  #statusError(call: HttpCall, status: number, attempts: number, retryAfterMs: number | undefined): TracehoundError {
    const where = `${call.backendName}: HTTP ${status} for ${call.url.pathname}`;
    const details = { backend: call.backendName, status };
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    const asked = retryAfterMs === undefined ? '' : `; it asked to wait ${describeWait(retryAfterMs)}`;
    if (status === 404) {
      return new TracehoundError('trace_not_found', `${where}: not found on this backend`, { details });
    }
    if (status === 401) {
      return new TracehoundError(
        'backend_auth',
        `${where}: the backend refused the configured credentials (check the token or key tracehound is given)`,
        { details },
      );
    }
    if (status === 403) {
      return new TracehoundError(
        'backend_auth',
        `${where}: the configured credentials may not read this (check their permissions or scopes)`,
        { details },
      );
    }
    if (status === 429) {
      return new TracehoundError('backend_rate_limited', `${where}: rate-limited after ${tries}${asked}`, {
        details: {
          ...details,
          ...(retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) } : {}),
        },
      });
    }
    if (status >= 500) {
      return new TracehoundError(
        'backend_unavailable',
        `${where} after ${tries}${asked}: the backend is failing or overloaded (check its health)`,
        { details },
      );
    }
    if (status >= 300 && status < 400) {
      return new TracehoundError(
        'backend_failed',
        `${where}: redirects are not followed (point the backend's \`url\` at the API itself)`,
        { details },
      );
    }
    return new TracehoundError('backend_failed', `${where}: the backend rejected the request`, { details });
  }

  async #attempt(call: HttpCall): Promise<Attempt> {
    const timeoutMs = call.timeoutMs ?? defaultTimeoutMs;
    const timeoutSignal = AbortSignal.timeout(timeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeoutSignal]) : timeoutSignal;
    let answered = false;
    try {
      const response = await request(call.url, {
        dispatcher: this.#dispatcher,
        method: call.method ?? 'GET',
        headers: { accept: 'application/json', ...call.headers },
        ...(call.body !== undefined ? { body: call.body } : {}),
        signal,
      });
      answered = true;
      if (response.statusCode < 200 || response.statusCode >= 300) {
        // Drain so the connection can be reused; the body of an error is not shown (it may echo secrets).
        await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
        return { kind: 'status', status: response.statusCode, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
      }
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > this.#maxBodyBytes) {
        response.body.destroy();
        throw this.#tooLarge(call);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        total += chunk.byteLength;
        if (total > this.#maxBodyBytes) {
          response.body.destroy();
          throw this.#tooLarge(call);
        }
        chunks.push(chunk);
      }
      if (Number.isFinite(declared) && declared !== total) {
        throw this.#truncated(call, `${total} of ${declared} bytes`);
      }
      const contentType = response.headers['content-type'];
      return {
        kind: 'body',
        bytes: Buffer.concat(chunks),
        contentType: Array.isArray(contentType) ? contentType[0] : contentType,
      };
    } catch (error) {
      if (TracehoundError.isInstance(error)) throw error;
      if (call.signal?.aborted) throw call.signal.reason;
      if (timeoutSignal.aborted || timeoutCodes.has(errorCode(error) ?? '')) {
        throw new TracehoundError(
          'backend_timeout',
          `${call.backendName}: no complete answer from ${call.url.host} within ${timeoutMs} ms (for ${call.url.pathname})`,
          { cause: error, details: { backend: call.backendName, timeoutMs } },
        );
      }
      const code = errorCode(error) ?? 'network error';
      // The connection broke after the status line: the body we hold is incomplete.
      if (answered || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') throw this.#truncated(call, code, error);
      throw new TracehoundError(
        'backend_unavailable',
        `${call.backendName}: could not reach ${call.url.host} (${code}); check that the backend is up and its \`url\` is right`,
        { cause: error, details: { backend: call.backendName } },
      );
    }
  }

  #truncated(call: HttpCall, what: string, cause?: unknown): TracehoundError {
    return badResponseError(
      call.backendName,
      `the response to ${call.url.pathname} was cut short (${what}); try again`,
      'truncated',
      cause === undefined ? {} : { cause },
    );
  }

  #tooLarge(call: HttpCall): TracehoundError {
    return badResponseError(
      call.backendName,
      `the response to ${call.url.pathname} is larger than the ${this.#maxBodyBytes}-byte limit`,
      'too_large',
    );
  }
}
