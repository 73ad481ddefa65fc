import { parseArgs } from 'node:util';
import { renderSlackManifest } from '../../../adapters/slack/manifest.js';
import { renderTeamsManifest } from '../../../adapters/teams/manifest.js';
import { loadConfig } from '../../config/index.js';
import { InputError } from '../../errors/index.js';
import type { Command } from '../command.js';

const usage = `Usage: tracehound manifest slack|teams [options]

Fills in the app manifest for this deployment. Unfurl domains come from the configured backends' uiUrl.

Options (slack):
  --url URL         the deployment's public https URL (request URLs end in /slack/events)
  --socket-mode     a manifest for Socket Mode (no request URLs)
Options (teams):
  --bot-id GUID     the Azure Bot's Microsoft App ID (default: $MicrosoftAppId)
  --app-id GUID     the Teams app ID (default: the bot ID)`;

export const manifestCommand: Command = {
  name: 'manifest',
  summary: 'print the Slack or Teams app manifest for this deployment',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'socket-mode': { type: 'boolean', default: false },
        'bot-id': { type: 'string' },
        'app-id': { type: 'string' },
      },
    });
    const platform = positionals[0];
    const config = await loadConfig(io.env, { cwd: io.cwd });
    const domains = [
      ...new Set(
        config.backends.flatMap((backend) => {
          if (!backend.uiUrl) return [];
          return [new URL(backend.uiUrl).hostname.toLowerCase()];
        }),
      ),
    ];
    if (platform === 'slack') {
      io.stdout.write(
        renderSlackManifest({
          publicUrl: values.url ?? null,
          unfurlDomains: domains,
          socketMode: values['socket-mode'],
        }),
      );
      return 0;
    }
    if (platform === 'teams') {
      const botId = values['bot-id'] ?? io.env.MicrosoftAppId ?? io.env.MICROSOFT_APP_ID;
      if (!botId)
        throw new InputError('no bot ID', {
          source: '--bot-id',
          expected: "the Azure Bot's Microsoft App ID (or MicrosoftAppId in the environment)",
        });
      const manifest = renderTeamsManifest({
        botId,
        ...(values['app-id'] ? { appId: values['app-id'] } : {}),
        domains,
      });
      io.stdout.write(`${JSON.stringify(manifest, null, 2)}\n`);
      return 0;
    }
    throw new InputError(`unknown platform '${platform ?? ''}'`, {
      source: 'tracehound manifest',
      expected: 'slack or teams',
    });
  },
};
