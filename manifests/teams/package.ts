/**
 * `npm run package:teams`: fills the manifest from env (MicrosoftAppId/MICROSOFT_APP_ID for the bot,
 * TEAMS_APP_ID optional, TEAMS_DOMAINS comma-separated backend UI hosts), validates it against the
 * v1.24 schema shipped by @microsoft/app-manifest, and writes dist/teams-app.zip.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { zipSync } from 'fflate';
import { colorIconPng, outlineIconPng } from '../../adapters/teams/icon-png.js';
import { renderTeamsManifest, TEAMS_MANIFEST_SCHEMA_VERSION } from '../../adapters/teams/manifest.js';

const require = createRequire(import.meta.url);
// Both are CommonJS modules that also set `.default`; under NodeNext the default import is the module object.
const Ajv = AjvDraft04.default;
const addFormats = ajvFormats.default;

export function validateTeamsManifest(manifest: unknown): string[] {
  const schemaPath = require.resolve(
    `@microsoft/app-manifest/build/json-schemas/teams/v${TEAMS_MANIFEST_SCHEMA_VERSION}/MicrosoftTeams.schema.json`,
  );
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')) as object);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'invalid'}`);
}

export function buildTeamsPackage(environment: Record<string, string | undefined>): Uint8Array {
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
  const problems = validateTeamsManifest(manifest);
  if (problems.length > 0) throw new Error(`package:teams: manifest is not schema-valid:\n${problems.join('\n')}`);
  return zipSync({
    'manifest.json': new TextEncoder().encode(JSON.stringify(manifest, null, 2)),
    'color.png': colorIconPng(),
    'outline.png': outlineIconPng(),
  });
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const zip = buildTeamsPackage(process.env);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, 'dist', 'teams-app.zip'), zip);
  process.stdout.write(`wrote dist/teams-app.zip (${zip.length} bytes)\n`);
}
