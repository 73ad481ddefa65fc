import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backendsForScope, loadConfig } from '../../../src/config/index.js';

async function writeConfig(content: unknown): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'tracehound-config-'));
  await writeFile(path.join(directory, 'tracehound.config.json'), JSON.stringify(content));
  return directory;
}

describe('loadConfig', () => {
  it('uses the embedded store alone when there is no file', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'tracehound-config-'));
    const config = await loadConfig({}, { cwd });
    expect(config.backends).toEqual([{ name: 'local', type: 'local' }]);
  });

  it('reads tracehound.config.json from the working directory when TRACEHOUND_CONFIG is unset', async () => {
    const cwd = await writeConfig({
      backends: [{ name: 'prod-jaeger', type: 'jaeger', url: 'http://jaeger:16686' }],
    });
    const config = await loadConfig({}, { cwd });
    expect(config.backends.map((backend) => backend.name)).toEqual(['prod-jaeger']);
  });

  it('refuses a file named by TRACEHOUND_CONFIG that does not exist, naming it', async () => {
    const cwd = await mkdtemp(path.join(tmpdir(), 'tracehound-config-'));
    await expect(loadConfig({ TRACEHOUND_CONFIG: 'elsewhere.json' }, { cwd })).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(`${path.join(cwd, 'elsewhere.json')}: cannot read`),
    });
  });

  it('reads backends and applies per-backend URL overrides', async () => {
    const cwd = await writeConfig({
      backends: [
        {
          name: 'prod-jaeger',
          type: 'jaeger',
          url: 'http://jaeger:16686',
          auth: { type: 'bearer', tokenEnv: 'JAEGER_TOKEN' },
        },
      ],
    });
    const config = await loadConfig(
      { TRACEHOUND_CONFIG: 'tracehound.config.json', TRACEHOUND_BACKEND_PROD_JAEGER_URL: 'https://jaeger.example.com' },
      { cwd },
    );
    expect(config.backends[0]?.url).toBe('https://jaeger.example.com');
    expect(config.backends[0]?.auth).toEqual({ type: 'bearer', tokenEnv: 'JAEGER_TOKEN' });
  });

  it('names the file, the field path and the expectation on invalid input', async () => {
    const cwd = await writeConfig({ backends: [{ name: 'x', type: 'datadog' }] });
    await expect(loadConfig({ TRACEHOUND_CONFIG: 'tracehound.config.json' }, { cwd })).rejects.toThrow(
      /tracehound\.config\.json: backends\.0\.type/,
    );
  });

  it('replaces backends from TRACEHOUND_BACKENDS_JSON and rejects unknown access targets', async () => {
    const config = await loadConfig(
      {
        TRACEHOUND_BACKENDS_JSON: JSON.stringify([
          { name: 'tempo', type: 'tempo', url: 'http://tempo:3200', orgId: 'team-a' },
        ]),
      },
      { cwd: tmpdir() },
    );
    expect(config.backends.map((backend) => backend.name)).toEqual(['tempo']);
    const cwd = await writeConfig({ access: [{ platform: 'slack', workspace: 'T1', backends: ['missing'] }] });
    await expect(loadConfig({ TRACEHOUND_CONFIG: 'tracehound.config.json' }, { cwd })).rejects.toMatchObject({
      code: 'config_invalid',
    });
  });
});

describe('backendsForScope', () => {
  it('prefers a channel rule, then the workspace rule, and denies unlisted workspaces', async () => {
    const cwd = await writeConfig({
      backends: [
        { name: 'a', type: 'jaeger', url: 'http://a:16686' },
        { name: 'b', type: 'tempo', url: 'http://b:3200' },
      ],
      access: [
        { platform: 'slack', workspace: 'T1', backends: ['a'] },
        { platform: 'slack', workspace: 'T1', channel: 'C9', backends: ['b'] },
      ],
    });
    const config = await loadConfig({ TRACEHOUND_CONFIG: 'tracehound.config.json' }, { cwd });
    const names = (scope: Parameters<typeof backendsForScope>[1]) => backendsForScope(config, scope).map((b) => b.name);
    expect(names({ platform: 'slack', workspace: 'T1', channel: 'C1' })).toEqual(['a']);
    expect(names({ platform: 'slack', workspace: 'T1', channel: 'C9' })).toEqual(['b']);
    expect(names({ platform: 'slack', workspace: 'T2' })).toEqual([]);
    expect(names({ platform: 'cli' })).toEqual(['a', 'b']);
  });
});

describe('the documented auth shape', () => {
  it('accepts { "basic": { usernameEnv, passwordEnv } } as the issue writes it', async () => {
    const config = await loadConfig(
      {
        TRACEHOUND_BACKENDS_JSON: JSON.stringify([
          {
            name: 'langfuse',
            type: 'langfuse',
            url: 'https://cloud.langfuse.com',
            auth: { basic: { usernameEnv: 'LANGFUSE_PUBLIC_KEY', passwordEnv: 'LANGFUSE_SECRET_KEY' } },
          },
        ]),
      },
      { cwd: process.cwd() },
    );
    expect(config.backends[0]?.auth).toEqual({
      type: 'basic',
      usernameEnv: 'LANGFUSE_PUBLIC_KEY',
      passwordEnv: 'LANGFUSE_SECRET_KEY',
    });
  });
});
