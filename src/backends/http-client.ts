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

/**
 * The one HTTP path for every backend client: origin check, no redirects, size cap, bounded retries for 429
 * and 5xx, cancellation, and distinct TracehoundErrors. Messages name the backend and path, never headers.
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
    const bytes = await this.requestBytes(call);
    try {
      return JSON.parse(new TextDecoder('utf-8').decode(bytes));
    } catch (error) {
      throw new TracehoundError(
        'backend_failed',
        `${call.backendName}: the response to ${call.url.pathname} is not complete JSON (truncated or malformed)`,
        { cause: error },
      );
    }
  }

  async requestBytes(call: HttpCall): Promise<Uint8Array> {
    if (!call.allowedOrigins.includes(call.url.origin) || !/^https?:$/.test(call.url.protocol)) {
      throw new TracehoundError('link_refused', `${call.backendName}: ${call.url.host} is not this backend's host`);
    }
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.#attempt(call);
      if (outcome.kind === 'body') return outcome.bytes;
      const retryable = outcome.status === 429 || outcome.status >= 500;
      if (!retryable || attempt >= this.#maxRetries) throw this.#statusError(call, outcome.status);
      const wait = Math.min(outcome.retryAfterMs ?? this.#baseRetryDelayMs * 2 ** attempt, this.#maxRetryDelayMs);
      await delay(wait, call.signal);
    }
  }

  #statusError(call: HttpCall, status: number): TracehoundError {
    const where = `${call.backendName}: HTTP ${status} for ${call.url.pathname}`;
    const details = { backend: call.backendName, status };
    if (status === 404) return new TracehoundError('trace_not_found', where, { details });
    if (status === 401 || status === 403) {
      return new TracehoundError('backend_auth', `${where} (check the configured credentials)`, { details });
    }
    if (status === 429) return new TracehoundError('backend_rate_limited', `${where} after retries`, { details });
    if (status >= 300 && status < 400) {
      return new TracehoundError('backend_failed', `${where}: redirects are not followed`, { details });
    }
    return new TracehoundError('backend_failed', where, { details });
  }

  async #attempt(
    call: HttpCall,
  ): Promise<{ kind: 'body'; bytes: Uint8Array } | { kind: 'status'; status: number; retryAfterMs?: number }> {
    const timeoutSignal = AbortSignal.timeout(call.timeoutMs ?? defaultTimeoutMs);
    const signal = call.signal ? AbortSignal.any([call.signal, timeoutSignal]) : timeoutSignal;
    try {
      const response = await request(call.url, {
        dispatcher: this.#dispatcher,
        method: call.method ?? 'GET',
        headers: { accept: 'application/json', ...call.headers },
        ...(call.body !== undefined ? { body: call.body } : {}),
        signal,
      });
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
        throw new TracehoundError(
          'backend_failed',
          `${call.backendName}: the response to ${call.url.pathname} was truncated (${total} of ${declared} bytes)`,
        );
      }
      return { kind: 'body', bytes: Buffer.concat(chunks) };
    } catch (error) {
      if (TracehoundError.isInstance(error)) throw error;
      if (call.signal?.aborted) throw call.signal.reason;
      if (timeoutSignal.aborted || timeoutCodes.has(errorCode(error) ?? '')) {
        throw new TracehoundError('backend_timeout', `${call.backendName}: no answer from ${call.url.host} in time`, {
          cause: error,
          details: { backend: call.backendName },
        });
      }
      const truncated =
        errorCode(error) === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || errorCode(error) === 'UND_ERR_SOCKET';
      throw new TracehoundError(
        'backend_failed',
        truncated
          ? `${call.backendName}: the response to ${call.url.pathname} was truncated`
          : `${call.backendName}: request to ${call.url.host} failed (${errorCode(error) ?? 'network error'})`,
        { cause: error, details: { backend: call.backendName } },
      );
    }
  }

  #tooLarge(call: HttpCall): TracehoundError {
    return new TracehoundError(
      'backend_failed',
      `${call.backendName}: the response to ${call.url.pathname} is larger than ${this.#maxBodyBytes} bytes`,
    );
  }
}
