import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { colorIconPng, outlineIconPng } from '../../../../adapters/teams/icon-png.js';
import {
  MESSAGE_ACTION_TRACE_PARAMETER,
  renderTeamsManifest,
  TEAMS_BOT_COMMANDS,
  TEAMS_MANIFEST_SCHEMA_VERSION,
  TRIAGE_MESSAGE_ACTION_ID,
} from '../../../../adapters/teams/manifest.js';
import { parseTeamsCommand } from '../../../../adapters/teams/teams-bot.js';
import { buildTeamsPackage, validateTeamsManifest } from '../../../../manifests/teams/package.js';
import { repositoryRoot } from '../../fixture-paths.js';

function pngSize(bytes: Uint8Array): { width: number; height: number; colorType: number } {
  const view = Buffer.from(bytes);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20), colorType: view[25] ?? -1 };
}

interface ManifestShape {
  manifestVersion: string;
  validDomains: string[];
  bots: {
    botId: string;
    supportsFiles: boolean;
    scopes: string[];
    commandLists: { commands: { title: string }[] }[];
  }[];
  composeExtensions: {
    botId: string;
    commands: { id: string; type: string; context: string[]; fetchTask: boolean; parameters: { name: string }[] }[];
    messageHandlers?: { type: string; value: { domains: string[] } }[];
  }[];
  authorization?: unknown;
}

const botId = '00000000-0000-0000-0000-000000000001';

describe('the Teams manifest', () => {
  it('is valid against the schema of its version shipped in @microsoft/app-manifest', async () => {
    const manifest = renderTeamsManifest({ botId, domains: ['langfuse.example.com', 'Jaeger.example.com'] });
    expect(manifest.manifestVersion).toBe(TEAMS_MANIFEST_SCHEMA_VERSION);
    expect(await validateTeamsManifest(manifest)).toEqual([]);
    expect(await validateTeamsManifest(renderTeamsManifest({ botId, domains: [] }))).toEqual([]);
  });

  it('reports schema problems', async () => {
    const manifest = { ...renderTeamsManifest({ botId, domains: [] }), manifestVersion: 'nope' };
    expect((await validateTeamsManifest(manifest)).join('\n')).toContain('manifestVersion');
  });

  it('lists exactly the bot commands the bot parses, in every scope, with files on', () => {
    const manifest = renderTeamsManifest({ botId, domains: [] }) as unknown as ManifestShape;
    const bot = manifest.bots[0];
    expect(bot?.supportsFiles).toBe(true);
    expect(bot?.scopes).toEqual(['personal', 'team', 'groupChat']);
    const titles = bot?.commandLists[0]?.commands.map((command) => command.title);
    expect(titles).toEqual(['triage', 'cluster', 'help']);
    expect(titles).toEqual(TEAMS_BOT_COMMANDS.map((command) => command.title));
    // Each listed command is one the bot understands (Teams inserts the title when a user picks it).
    expect(parseTeamsCommand('triage https://jaeger.example.com/trace/abc')).toEqual({
      kind: 'triage',
      text: 'https://jaeger.example.com/trace/abc',
    });
    expect(parseTeamsCommand('cluster 2w')).toEqual({ kind: 'cluster', window: '2w' });
    expect(parseTeamsCommand('help')).toEqual({ kind: 'help' });
  });

  it('declares the message action the bot handles, and link unfurling for the backends UI hosts', () => {
    const manifest = renderTeamsManifest({
      botId,
      domains: ['langfuse.example.com', 'Jaeger.example.com'],
    }) as unknown as ManifestShape;
    const extension = manifest.composeExtensions[0];
    expect(extension?.botId).toBe(botId);
    expect(extension?.commands).toHaveLength(1);
    expect(extension?.commands[0]).toMatchObject({
      id: TRIAGE_MESSAGE_ACTION_ID,
      type: 'action',
      context: ['message'],
      fetchTask: false,
    });
    expect(extension?.commands[0]?.parameters.map((parameter) => parameter.name)).toEqual([
      MESSAGE_ACTION_TRACE_PARAMETER,
    ]);
    expect(extension?.messageHandlers).toEqual([
      { type: 'link', value: { domains: ['langfuse.example.com', 'jaeger.example.com'] } },
    ]);
    expect(manifest.validDomains).toEqual(['langfuse.example.com', 'jaeger.example.com']);
    // No resource-specific consent: the bot needs only messages that mention it.
    expect(manifest.authorization).toBeUndefined();
  });

  it('matches the template committed in manifests/teams/manifest.json', () => {
    const template = JSON.parse(
      readFileSync(path.join(repositoryRoot, 'manifests/teams/manifest.json'), 'utf8'),
    ) as unknown;
    expect(template).toEqual(
      renderTeamsManifest({ botId: '{{BOT_ID}}', appId: '{{APP_ID}}', domains: ['{{backend_ui_domain}}'] }),
    );
  });

  it('draws icons of 192x192 and 32x32 with alpha', () => {
    expect(pngSize(colorIconPng())).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngSize(outlineIconPng())).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('packages the manifest and the two icons', async () => {
    const files = unzipSync(await buildTeamsPackage({ MicrosoftAppId: botId, TEAMS_DOMAINS: 'langfuse.example.com' }));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { id: string };
    expect(manifest.id).toBe(botId);
    expect(pngSize(files['color.png'] ?? new Uint8Array()).width).toBe(192);
    await expect(buildTeamsPackage({})).rejects.toThrow(/MicrosoftAppId/);
  });
});
