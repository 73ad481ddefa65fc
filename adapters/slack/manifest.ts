import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parseDocument } from 'yaml';
import { TracehoundError } from '../../src/errors/index.js';
import { slackEventsPath } from './receiver.js';

export interface SlackManifestOptions {
  /** The deployment's public base URL, e.g. `https://tracehound.acme.dev` (ignored in Socket Mode). */
  publicUrl: string | null;
  /** Hosts of the configured backends' UIs (1–5 in Slack; none turns link unfurling off). */
  unfurlDomains: readonly string[];
  socketMode: boolean;
}

/** Where `manifests/slack/manifest.yaml` is, from the source tree or from the built `dist/`. */
export function slackManifestTemplatePath(): string {
  const candidates = ['../../manifests/slack/manifest.yaml', '../../../manifests/slack/manifest.yaml'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found)
    throw new TracehoundError(
      'internal',
      `the Slack manifest template is missing (looked in ${candidates.join(', ')})`,
    );
  return found;
}

function normaliseDomain(domain: string): string {
  const trimmed = domain.trim().toLowerCase();
  const host = /^[a-z]+:\/\//.test(trimmed) ? new URL(trimmed).hostname : trimmed.replace(/\/.*$/, '');
  if (!/^[a-z0-9.-]+$/.test(host) || !host.includes('.')) {
    throw new TracehoundError(
      'config_invalid',
      `unfurl domain "${domain}" is not a host name (expected e.g. grafana.acme.dev)`,
    );
  }
  return host;
}

/**
 * The Slack manifest for this deployment (YAML): the template with the public URL in every request
 * URL (or none, with Socket Mode on), and the unfurl domains; without domains, link unfurling and
 * the scopes and event it needs are left out.
 */
export function renderSlackManifest(options: SlackManifestOptions, template?: string): string {
  const document = parseDocument(template ?? readFileSync(slackManifestTemplatePath(), 'utf8'));
  const domains = [...new Set(options.unfurlDomains.map(normaliseDomain))];
  if (domains.length > 5) {
    throw new TracehoundError(
      'config_invalid',
      `Slack allows at most 5 unfurl domains; the backends give ${domains.length}: ${domains.join(', ')}`,
    );
  }

  let requestUrl: string | null = null;
  if (!options.socketMode) {
    if (!options.publicUrl) {
      throw new TracehoundError(
        'config_invalid',
        'the Slack manifest needs the public URL in HTTP mode (or Socket Mode)',
      );
    }
    const base = new URL(options.publicUrl);
    if (base.protocol !== 'https:') {
      throw new TracehoundError(
        'config_invalid',
        `the public URL must be https (Slack refuses http): ${options.publicUrl}`,
      );
    }
    requestUrl = new URL(slackEventsPath, base).toString();
  }

  const commands = document.getIn(['features', 'slash_commands']);
  if (isSeq(commands)) {
    for (const command of commands.items) {
      if (!isMap(command)) continue;
      if (requestUrl) command.set('url', requestUrl);
      else command.delete('url');
    }
  }
  for (const path of [
    ['settings', 'event_subscriptions', 'request_url'],
    ['settings', 'interactivity', 'request_url'],
  ]) {
    if (requestUrl) document.setIn(path, requestUrl);
    else document.deleteIn(path);
  }
  document.setIn(['settings', 'socket_mode_enabled'], options.socketMode);

  if (domains.length > 0) {
    document.setIn(['features', 'unfurl_domains'], document.createNode(domains));
  } else {
    document.deleteIn(['features', 'unfurl_domains']);
    const events = document.getIn(['settings', 'event_subscriptions', 'bot_events']);
    if (isSeq(events)) events.items = events.items.filter((item) => String(item) !== 'link_shared');
    const scopes = document.getIn(['oauth_config', 'scopes', 'bot']);
    if (isSeq(scopes))
      scopes.items = scopes.items.filter((item) => !['links:read', 'links:write'].includes(String(item)));
  }
  return document.toString({ lineWidth: 0 });
}
