/** The Teams app manifest (schema v1.24), filled from config; `tracehound manifest teams` prints it. */
export const TEAMS_MANIFEST_SCHEMA_VERSION = '1.24';

/** The bot commands the bot understands (parseTeamsCommand in teams-bot.ts); the manifest lists the same. */
export const TEAMS_BOT_COMMANDS = [
  { title: 'triage', description: 'Triage a trace: triage <link or trace ID>' },
  { title: 'cluster', description: 'Group recent failures: cluster [window]' },
  { title: 'help', description: 'How to use tracehound' },
] as const;

export const TRIAGE_MESSAGE_ACTION_ID = 'triageThisTrace';
/** The message action form's one field; submitAction carries it in `value.data`. */
export const MESSAGE_ACTION_TRACE_PARAMETER = 'trace';

export interface TeamsManifestOptions {
  botId: string;
  /** The Teams app ID (a GUID); defaults to the bot ID. */
  appId?: string;
  /** Backend UI hosts (no scheme) whose links are unfurled. */
  domains: string[];
  version?: string;
  developerName?: string;
  websiteUrl?: string;
}

export function renderTeamsManifest(options: TeamsManifestOptions): Record<string, unknown> {
  const websiteUrl = options.websiteUrl ?? 'https://github.com/tracehound/tracehound';
  const domains = [...new Set(options.domains.map((domain) => domain.toLowerCase()))];
  return {
    $schema: `https://developer.microsoft.com/en-us/json-schemas/teams/v${TEAMS_MANIFEST_SCHEMA_VERSION}/MicrosoftTeams.schema.json`,
    manifestVersion: TEAMS_MANIFEST_SCHEMA_VERSION,
    version: options.version ?? '1.0.0',
    id: options.appId ?? options.botId,
    developer: {
      name: options.developerName ?? 'tracehound',
      websiteUrl,
      privacyUrl: `${websiteUrl}#privacy`,
      termsOfUseUrl: `${websiteUrl}#terms`,
    },
    name: { short: 'tracehound', full: 'tracehound: agent trace triage' },
    description: {
      short: 'Finds the span where an agent run went wrong.',
      full: 'Mention tracehound with a trace link or ID, or attach an exported trace in a personal chat, to get the root-cause span, its layer, the blast radius and a suggested fix.',
    },
    icons: { color: 'color.png', outline: 'outline.png' },
    accentColor: '#1F6FEB',
    bots: [
      {
        botId: options.botId,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: true,
        isNotificationOnly: false,
        commandLists: [
          {
            scopes: ['personal', 'team', 'groupChat'],
            commands: TEAMS_BOT_COMMANDS.map((command) => ({ ...command })),
          },
        ],
      },
    ],
    composeExtensions: [
      {
        botId: options.botId,
        commands: [
          {
            id: TRIAGE_MESSAGE_ACTION_ID,
            type: 'action',
            title: 'Triage this trace',
            description: 'Triage the trace linked in this message; the answer goes in its thread',
            context: ['message'],
            // Teams shows this one optional field, then sends composeExtension/submitAction with the message.
            fetchTask: false,
            parameters: [
              {
                name: MESSAGE_ACTION_TRACE_PARAMETER,
                title: 'Trace link or ID (optional)',
                description: 'Leave empty to triage the link or ID in the message',
                inputType: 'text',
              },
            ],
          },
        ],
        ...(domains.length > 0 ? { messageHandlers: [{ type: 'link', value: { domains } }] } : {}),
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: domains,
  };
}
