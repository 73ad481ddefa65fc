import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TracehoundError } from '../errors/index.js';
import {
  type BackendConfig,
  backendConfigSchema,
  type TracehoundConfig,
  tracehoundConfigSchema,
} from './config-schema.js';

export interface LoadConfigOptions {
  cwd: string;
}

function describeIssues(source: string, error: z.ZodError): string {
  return error.issues
    .map((issue) => `${source}: ${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

/** The variable part of a per-backend override: `prod-jaeger` → `PROD_JAEGER`. */
export function environmentKeyFor(backendName: string): string {
  return backendName.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/** The file read when TRACEHOUND_CONFIG is unset. */
export const defaultConfigFile = 'tracehound.config.json';

async function readConfigText(file: string, required: boolean): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TracehoundError('config_invalid', `${file}: cannot read the configuration file`, { cause: error });
  }
}

/**
 * Reads the configuration. Environment overrides, applied in this order:
 * - `TRACEHOUND_CONFIG`: path of the JSON file (relative to `cwd`); unset → `tracehound.config.json` in `cwd` when
 *   it exists, else no file.
 * - `TRACEHOUND_BACKENDS_JSON`: a JSON array of backends replacing the file's `backends`.
 * - `TRACEHOUND_BACKEND_<NAME>_URL` / `TRACEHOUND_BACKEND_<NAME>_UI_URL`: replace one backend's `url` / `uiUrl`.
 * With no backends configured, the embedded store (`local`) is the only backend.
 */
export async function loadConfig(
  environment: Record<string, string | undefined>,
  options: LoadConfigOptions,
): Promise<TracehoundConfig> {
  let raw: unknown = {};
  let source = 'defaults';
  const configPath = environment.TRACEHOUND_CONFIG;
  const named = configPath !== undefined && configPath !== '';
  const candidate = path.resolve(options.cwd, named ? configPath : defaultConfigFile);
  // A file named by TRACEHOUND_CONFIG must exist; the default one is read when it is there.
  const text = await readConfigText(candidate, named);
  if (text !== null) {
    source = candidate;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      throw new TracehoundError('config_invalid', `${source}: expected JSON (${(error as Error).message})`, {
        cause: error,
      });
    }
  }
  const parsed = tracehoundConfigSchema.safeParse(raw);
  if (!parsed.success) throw new TracehoundError('config_invalid', describeIssues(source, parsed.error));
  const config = parsed.data;

  const backendsJson = environment.TRACEHOUND_BACKENDS_JSON;
  if (backendsJson !== undefined && backendsJson !== '') {
    let value: unknown;
    try {
      value = JSON.parse(backendsJson);
    } catch (error) {
      throw new TracehoundError('config_invalid', 'TRACEHOUND_BACKENDS_JSON: expected a JSON array of backends', {
        cause: error,
      });
    }
    const backends = z.array(backendConfigSchema).safeParse(value);
    if (!backends.success) {
      throw new TracehoundError('config_invalid', describeIssues('TRACEHOUND_BACKENDS_JSON', backends.error));
    }
    config.backends = backends.data;
  }

  config.backends = config.backends.map((backend) => applyUrlOverrides(backend, environment));
  if (config.backends.length === 0) config.backends = [{ name: 'local', type: 'local' }];

  const names = new Set<string>();
  for (const [index, backend] of config.backends.entries()) {
    if (names.has(backend.name)) {
      throw new TracehoundError(
        'config_invalid',
        `${source}: backends.${index}.name: duplicate name "${backend.name}"`,
      );
    }
    names.add(backend.name);
  }
  for (const [index, rule] of config.access.entries()) {
    for (const name of rule.backends) {
      if (!names.has(name)) {
        throw new TracehoundError('config_invalid', `${source}: access.${index}.backends: unknown backend "${name}"`);
      }
    }
  }
  return config;
}

function applyUrlOverrides(backend: BackendConfig, environment: Record<string, string | undefined>): BackendConfig {
  const key = environmentKeyFor(backend.name);
  const result = { ...backend };
  for (const [suffix, field] of [
    ['URL', 'url'],
    ['UI_URL', 'uiUrl'],
  ] as const) {
    const variable = `TRACEHOUND_BACKEND_${key}_${suffix}`;
    const value = environment[variable];
    if (value === undefined || value === '') continue;
    const url = backendConfigSchema.shape.url.safeParse(value);
    if (!url.success) throw new TracehoundError('config_invalid', `${variable}: expected an http(s) URL`);
    result[field] = url.data;
  }
  return result;
}
