import { z } from 'zod';
import type { BackendConfig } from '../config/index.js';
import { TracehoundError } from '../errors/index.js';
import type { Environment } from './backend-support.js';
import type { HttpClient } from './http-client.js';

const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });
const loginOrigin = 'https://login.microsoftonline.com';

/** Microsoft Entra client-credentials tokens for one backend, cached until a minute before they expire. */
export class EntraTokenSource {
  readonly #backend: BackendConfig;
  readonly #http: HttpClient;
  readonly #environment: Environment;
  readonly #scope: string;
  #cached: { token: string; expiresAt: number } | undefined;
  #pending: Promise<string> | undefined;

  constructor(backend: BackendConfig, http: HttpClient, environment: Environment, resource: string) {
    this.#backend = backend;
    this.#http = http;
    this.#environment = environment;
    this.#scope = `${resource}/.default`;
  }

  async token(signal?: AbortSignal): Promise<string> {
    if (this.#cached !== undefined && this.#cached.expiresAt > Date.now()) return this.#cached.token;
    // One request for concurrent callers.
    this.#pending ??= this.#request(signal).finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  #variable(name: string): string {
    const value = this.#environment[name];
    if (value === undefined || value === '') {
      throw new TracehoundError('config_invalid', `${this.#backend.name}: environment variable ${name} is not set`);
    }
    return value;
  }

  async #request(signal: AbortSignal | undefined): Promise<string> {
    const auth = this.#backend.auth;
    if (auth?.type !== 'entra') throw new TracehoundError('internal', `${this.#backend.name}: not an Entra backend`);
    const tenant = this.#variable(auth.tenantIdEnv);
    if (!/^[A-Za-z0-9.-]{1,100}$/.test(tenant)) {
      throw new TracehoundError('config_invalid', `${this.#backend.name}: ${auth.tenantIdEnv} is not a tenant ID`);
    }
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.#variable(auth.clientIdEnv),
      client_secret: this.#variable(auth.clientSecretEnv),
      scope: this.#scope,
    });
    const response = await this.#http.requestJson({
      backendName: this.#backend.name,
      url: new URL(`${loginOrigin}/${tenant}/oauth2/v2.0/token`),
      allowedOrigins: [loginOrigin],
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      ...(signal !== undefined ? { signal } : {}),
    });
    const parsed = tokenResponseSchema.safeParse(response);
    if (!parsed.success) {
      throw new TracehoundError('backend_auth', `${this.#backend.name}: the Entra token response has no access_token`);
    }
    this.#cached = {
      token: parsed.data.access_token,
      expiresAt: Date.now() + Math.max(0, parsed.data.expires_in - 60) * 1000,
    };
    return parsed.data.access_token;
  }
}
