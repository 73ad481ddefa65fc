import type { z } from 'zod';
import type { AuthConfig, BackendConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import { readTrace } from '../formats/index.js';
import type { Trace } from '../model/trace.js';
import { badResponseError, type HttpClient } from './http-client.js';

export type Environment = Record<string, string | undefined>;

export interface BackendDependencies {
  http: HttpClient;
  environment: Environment;
}

function requireVariable(backend: BackendConfig, environment: Environment, name: string): string {
  const value = environment[name];
  if (value === undefined || value === '') {
    // Names the variable, never a value.
    throw new TracehoundError('config_invalid', `${backend.name}: environment variable ${name} is not set`);
  }
  return value;
}

/** Headers for basic, bearer and header auth; Entra is handled by the Azure clients. */
export function staticAuthHeaders(backend: BackendConfig, environment: Environment): Record<string, string> {
  const auth: AuthConfig | undefined = backend.auth;
  if (auth === undefined) return {};
  switch (auth.type) {
    case 'basic': {
      const user = requireVariable(backend, environment, auth.usernameEnv);
      const password = requireVariable(backend, environment, auth.passwordEnv);
      return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
    }
    case 'bearer':
      return { authorization: `Bearer ${requireVariable(backend, environment, auth.tokenEnv)}` };
    case 'header':
      return { [auth.name.toLowerCase()]: requireVariable(backend, environment, auth.valueEnv) };
    case 'entra':
      return {};
  }
}

export function requireUrl(backend: BackendConfig): URL {
  if (backend.url === undefined) throw new TracehoundError('config_invalid', `${backend.name}: \`url\` is required`);
  return new URL(backend.url);
}

/** `base` + path segments, keeping any base path prefix and encoding each segment. */
export function joinUrl(base: URL, path: string, query: Record<string, string | number | undefined> = {}): URL {
  const url = new URL(base.href.replace(/\/+$/, '') + path);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url;
}

export function originsOf(backend: BackendConfig): string[] {
  return [backend.url, backend.uiUrl]
    .filter((value): value is string => value !== undefined)
    .map((value) => new URL(value).origin);
}

/** Trace IDs go into URL paths: anything but an ID shape is refused rather than encoded into another route. */
export function assertTraceId(backend: BackendConfig, traceId: string): void {
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(traceId) || traceId === '.' || traceId === '..') {
    throw new TracehoundError('input_unreadable', `${backend.name}: "${traceId.slice(0, 40)}" is not a trace ID`);
  }
}

/** Where the first schema problem is, as `data[0].id: Invalid input: expected string, received number` (no values). */
function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'unexpected shape';
  const where = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`),
    '',
  );
  return `${where === '' ? 'the body' : where}: ${issue.message}`;
}

/**
 * `backend_bad_response` for JSON of the wrong shape: names the backend, the path, where the body first differs
 * and what was expected there.
 */
export function unexpectedShapeError(
  backendName: string,
  path: string,
  expected: string,
  error?: z.ZodError,
): TracehoundError {
  const found = error === undefined ? '' : ` (${describeFirstIssue(error)})`;
  return badResponseError(
    backendName,
    `${path} answered with JSON of an unexpected shape${found}; expected ${expected}`,
    'unexpected_shape',
    error === undefined ? {} : { cause: error },
  );
}

/**
 * Why a fetched body is not a trace: empty, not JSON at all (every backend API answers JSON), or JSON of another
 * shape. The reader's own message can quote span fields, so it stays in `cause`, out of replies.
 */
function unreadableTraceError(backend: BackendConfig, body: Uint8Array | string, cause: unknown): TracehoundError {
  const text = typeof body === 'string' ? body : new TextDecoder('utf-8').decode(body);
  if (text.trim() === '') {
    return badResponseError(backend.name, 'the response is empty (expected a JSON trace)', 'empty', { cause });
  }
  try {
    JSON.parse(text);
  } catch {
    return badResponseError(
      backend.name,
      `the response is not valid JSON (${text.length} characters); expected a ${backend.type} trace`,
      'malformed',
      { cause },
    );
  }
  return badResponseError(
    backend.name,
    `the response is JSON of an unexpected shape; expected a ${backend.type} trace tracehound can read`,
    'unexpected_shape',
    { cause },
  );
}

/** Hands the fetched bytes to the format readers; a response we cannot read is the backend's failure. */
export function traceFromResponse(
  backend: BackendConfig,
  body: Uint8Array | string,
  traceId: string,
  traceUrl: string | null,
): Trace {
  let trace: Trace;
  try {
    trace = readTrace(body, { source: `${backend.name} (${backend.type})` });
  } catch (error) {
    throw unreadableTraceError(backend, body, error);
  }
  if (trace.spans.length === 0) {
    throw new TracehoundError('trace_not_found', `${backend.name}: trace ${traceId} has no spans`, {
      details: { backend: backend.name },
    });
  }
  return { ...trace, traceUrl };
}

/** What every remote client holds: its configuration, the shared HTTP client and the environment. */
export abstract class RemoteBackend {
  readonly name: string;
  protected readonly config: BackendConfig;
  protected readonly dependencies: BackendDependencies;

  constructor(config: BackendConfig, dependencies: BackendDependencies) {
    this.name = config.name;
    this.config = config;
    this.dependencies = dependencies;
  }
}
