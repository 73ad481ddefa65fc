import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { renderSlackManifest, slackManifestTemplatePath } from '../../../../adapters/slack/manifest.js';
import {
  botEvents,
  botScopes,
  messageShortcutCallbackId,
  messageShortcutName,
  slashCommand,
} from '../../../../adapters/slack/surface.js';

const repositoryRoot = fileURLToPath(new URL('../../../..', import.meta.url));
const adapterDirectory = path.join(repositoryRoot, 'adapters/slack');

const manifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140) }),
  features: z.object({
    bot_user: z.object({ display_name: z.string().max(80) }),
    slash_commands: z.array(
      z.object({ command: z.string().regex(/^\/.{1,31}$/), description: z.string(), url: z.string().optional() }),
    ),
    shortcuts: z.array(
      z.object({
        name: z.string().max(24),
        type: z.enum(['message', 'global']),
        callback_id: z.string(),
        description: z.string().max(150),
      }),
    ),
    unfurl_domains: z.array(z.string()).min(1).max(5).optional(),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: z.string().optional(), bot_events: z.array(z.string()) }),
    interactivity: z.object({ is_enabled: z.boolean(), request_url: z.string().optional() }),
    socket_mode_enabled: z.boolean(),
  }),
});

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(path.join(directory, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(directory, entry.name)]
        : [],
  );
}

/** What the adapter's code does, read from its source, in Slack's terms (events subscribed, API methods called). */
function usedByCode(): {
  events: Set<string>;
  methods: Set<string>;
  commands: number;
  shortcuts: number;
  downloads: boolean;
} {
  const source = sourceFiles(adapterDirectory)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const events = new Set([...source.matchAll(/app\.event\('([a-z_]+)'/g)].map((match) => match[1] as string));
  // app.message listens to `message` events; the handler answers only channel_type 'im'.
  if (/app\.message\(/.test(source) && /channel_type !== 'im'/.test(source)) events.add('message.im');
  const methods = new Set(
    [...source.matchAll(/client\.([a-z]+)\.([a-zA-Z]+)\(/g)].map((match) => `${match[1]}.${match[2]}`),
  );
  return {
    events,
    methods,
    commands: [...source.matchAll(/app\.command\(slashCommand/g)].length,
    shortcuts: [...source.matchAll(/app\.shortcut\(messageShortcutCallbackId/g)].length,
    downloads: /url_private_download/.test(source),
  };
}

/** Slack's scope for each Web API method and event the code uses (api.slack.com/methods, /events). */
const scopeOfMethod: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.unfurl': ['links:write'],
  'conversations.replies': ['channels:history', 'groups:history'],
};
const scopeOfEvent: Record<string, string> = {
  app_mention: 'app_mentions:read',
  link_shared: 'links:read',
  'message.im': 'im:history',
};

describe('manifests/slack/manifest.yaml', () => {
  const manifest = manifestSchema.parse(parse(readFileSync(slackManifestTemplatePath(), 'utf8')));
  const code = usedByCode();

  it('declares the one slash command and the one message shortcut the code registers', () => {
    expect(code.commands).toBe(1);
    expect(code.shortcuts).toBe(1);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([slashCommand]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({ type: 'message', callback_id: messageShortcutCallbackId, name: messageShortcutName }),
    ]);
  });

  it('subscribes to exactly the events the handlers listen to', () => {
    expect(new Set(manifest.settings.event_subscriptions.bot_events)).toEqual(code.events);
    expect(new Set<string>(botEvents)).toEqual(code.events);
  });

  it('requests exactly the scopes the code needs, and nothing more', () => {
    const needed = new Set<string>(['commands']);
    for (const method of code.methods) {
      const scopes = scopeOfMethod[method];
      expect(scopes, `no known scope for ${method}`).toBeDefined();
      for (const scope of scopes ?? []) needed.add(scope);
    }
    for (const event of code.events) needed.add(scopeOfEvent[event] as string);
    if (code.downloads) needed.add('files:read');
    expect(new Set(manifest.oauth_config.scopes.bot)).toEqual(needed);
    expect(new Set(Object.keys(botScopes))).toEqual(needed);
  });

  it('has unfurl domain placeholders and interactivity on', () => {
    expect(manifest.features.unfurl_domains?.length).toBeGreaterThanOrEqual(1);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
});

describe('renderSlackManifest', () => {
  it('fills the public URL into every request URL and sets the unfurl domains', () => {
    const rendered = manifestSchema.parse(
      parse(
        renderSlackManifest({
          publicUrl: 'https://tracehound.acme.dev',
          unfurlDomains: ['https://Grafana.acme.dev/explore', 'jaeger.acme.dev'],
          socketMode: false,
        }),
      ),
    );
    const url = 'https://tracehound.acme.dev/slack/events';
    expect(rendered.features.slash_commands[0]?.url).toBe(url);
    expect(rendered.settings.event_subscriptions.request_url).toBe(url);
    expect(rendered.settings.interactivity.request_url).toBe(url);
    expect(rendered.features.unfurl_domains).toEqual(['grafana.acme.dev', 'jaeger.acme.dev']);
    expect(rendered.settings.socket_mode_enabled).toBe(false);
  });

  it('drops request URLs in Socket Mode, and link unfurling when there are no domains', () => {
    const rendered = manifestSchema.parse(
      parse(renderSlackManifest({ publicUrl: null, unfurlDomains: [], socketMode: true })),
    );
    expect(rendered.settings.socket_mode_enabled).toBe(true);
    expect(rendered.settings.event_subscriptions.request_url).toBeUndefined();
    expect(rendered.features.slash_commands[0]?.url).toBeUndefined();
    expect(rendered.features.unfurl_domains).toBeUndefined();
    expect(rendered.settings.event_subscriptions.bot_events).not.toContain('link_shared');
    expect(rendered.oauth_config.scopes.bot).not.toContain('links:write');
  });

  it('refuses an http public URL and more than five unfurl domains', () => {
    expect(() => renderSlackManifest({ publicUrl: 'http://x.acme.dev', unfurlDomains: [], socketMode: false })).toThrow(
      /https/,
    );
    expect(() =>
      renderSlackManifest({
        publicUrl: 'https://x.acme.dev',
        unfurlDomains: ['a.dev', 'b.dev', 'c.dev', 'd.dev', 'e.dev', 'f.dev'],
        socketMode: false,
      }),
    ).toThrow(/at most 5/);
  });
});
