import type { BackendConfig, TracehoundConfig } from './config-schema.js';

export interface AccessScope {
  platform: 'slack' | 'teams' | 'cli';
  workspace?: string;
  channel?: string;
}

/**
 * The backends a scope may use. The CLI may use all. A chat scope matched by no rule may use all
 * when no rule names its platform and workspace; a channel-specific rule wins over a workspace-wide one.
 */
export function backendsForScope(config: TracehoundConfig, scope: AccessScope): BackendConfig[] {
  if (scope.platform === 'cli' || config.access.length === 0) return config.backends;
  const workspaceRules = config.access.filter(
    (rule) => rule.platform === scope.platform && rule.workspace === scope.workspace,
  );
  const channelRule = workspaceRules.find((rule) => rule.channel !== undefined && rule.channel === scope.channel);
  const wideRule = workspaceRules.find((rule) => rule.channel === undefined);
  const rule = channelRule ?? wideRule;
  // A platform with rules but none for this workspace gets nothing: access is opt-in once configured.
  if (rule === undefined)
    return config.access.some((entry) => entry.platform === scope.platform) ? [] : config.backends;
  const allowed = new Set(rule.backends);
  return config.backends.filter((backend) => allowed.has(backend.name));
}
