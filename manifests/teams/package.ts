/**
 * `npm run package:teams`: fills the manifest from env (MicrosoftAppId/MICROSOFT_APP_ID for the bot,
 * TEAMS_APP_ID optional, TEAMS_DOMAINS comma-separated backend UI hosts), validates it offline against the
 * schema of its version shipped in @microsoft/app-manifest, with that package's own validator, and writes
 * dist/teams-app.zip.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';
import { colorIconPng, outlineIconPng } from '../../adapters/teams/icon-png.js';
import { renderTeamsManifest, TEAMS_MANIFEST_SCHEMA_VERSION } from '../../adapters/teams/manifest.js';

const require = createRequire(import.meta.url);

type ValidatedManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
type ManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

/** Schema problems of a manifest (empty when valid), checked against the schema file in node_modules, never fetched. */
export async function validateTeamsManifest(manifest: unknown): Promise<string[]> {
  const schemaPath = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${TEAMS_MANIFEST_SCHEMA_VERSION}/MicrosoftTeams.schema.json`,
  );
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as ManifestSchema;
  return AppManifestUtils.validateAgainstSchema(manifest as ValidatedManifest, schema);
}

export async function buildTeamsPackage(environment: Record<string, string | undefined>): Promise<Uint8Array> {
  const botId = environment.MicrosoftAppId ?? environment.MICROSOFT_APP_ID;
  if (botId === undefined || botId === '') {
    throw new Error('package:teams: set MicrosoftAppId (or MICROSOFT_APP_ID) to the bot’s Entra app ID');
  }
  const domains = (environment.TEAMS_DOMAINS ?? '')
    .split(',')
    .map((domain) => domain.trim())
    .filter((domain) => domain !== '');
  const appId = environment.TEAMS_APP_ID;
  const manifest = renderTeamsManifest({ botId, domains, ...(appId ? { appId } : {}) });
  const problems = await validateTeamsManifest(manifest);
  if (problems.length > 0) throw new Error(`package:teams: manifest is not schema-valid:\n${problems.join('\n')}`);
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': colorIconPng(),
    'outline.png': outlineIconPng(),
  });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const zip = await buildTeamsPackage(process.env);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'teams-app.zip'), zip);
  process.stdout.write(`wrote dist/teams-app.zip (${zip.length} bytes)\n`);
}
