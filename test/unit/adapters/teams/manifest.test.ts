import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { colorIconPng, outlineIconPng } from '../../../../adapters/teams/icon-png.js';
import { renderTeamsManifest, TEAMS_BOT_COMMANDS } from '../../../../adapters/teams/manifest.js';
import { buildTeamsPackage, validateTeamsManifest } from '../../../../manifests/teams/package.js';

function pngSize(bytes: Uint8Array): { width: number; height: number; colorType: number } {
  const view = Buffer.from(bytes);
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20), colorType: view[25] ?? -1 };
}

describe('Teams manifest', () => {
  const botId = '00000000-0000-0000-0000-000000000001';

  it('is valid against the v1.24 schema and lists the commands and link domains', () => {
    const manifest = renderTeamsManifest({ botId, domains: ['langfuse.example.com', 'Jaeger.example.com'] });
    expect(validateTeamsManifest(manifest)).toEqual([]);
    const bots = manifest.bots as { commandLists: { commands: { title: string }[] }[]; supportsFiles: boolean }[];
    expect(bots[0]?.commandLists[0]?.commands.map((command) => command.title)).toEqual(['triage', 'cluster', 'help']);
    expect(bots[0]?.supportsFiles).toBe(true);
    expect(manifest.validDomains).toEqual(['langfuse.example.com', 'jaeger.example.com']);
    const extension = (manifest.composeExtensions as { messageHandlers: { value: { domains: string[] } }[] }[])[0];
    expect(extension?.messageHandlers[0]?.value.domains).toEqual(['langfuse.example.com', 'jaeger.example.com']);
    expect(TEAMS_BOT_COMMANDS).toHaveLength(3);
  });

  it('reports schema problems', () => {
    const manifest = { ...renderTeamsManifest({ botId, domains: [] }), manifestVersion: 'nope' };
    expect(validateTeamsManifest(manifest).join('\n')).toContain('manifestVersion');
  });

  it('draws icons of 192x192 and 32x32 with alpha', () => {
    expect(pngSize(colorIconPng())).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngSize(outlineIconPng())).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('packages manifest and two icons', () => {
    const files = unzipSync(buildTeamsPackage({ MicrosoftAppId: botId, TEAMS_DOMAINS: 'langfuse.example.com' }));
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { id: string };
    expect(manifest.id).toBe(botId);
    expect(() => buildTeamsPackage({})).toThrow(/MicrosoftAppId/);
  });
});
