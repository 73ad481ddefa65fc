import { z } from 'zod';

export const backendTypes = [
  'jaeger',
  'tempo',
  'grafana-tempo',
  'zipkin',
  'langfuse',
  'phoenix',
  'langsmith',
  'appinsights',
  'loganalytics',
  'local',
] as const;

const environmentVariableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');

const authKinds = ['basic', 'bearer', 'header', 'entra'] as const;

/**
 * `{ "basic": { "usernameEnv": …, "passwordEnv": … } }` (the documented shape) and
 * `{ "type": "basic", "usernameEnv": …, … }` are the same thing: the first is turned into the second.
 */
function normaliseAuthShape(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'type' in value) return value;
  const keys = Object.keys(value);
  const kind = keys[0];
  if (keys.length !== 1 || !authKinds.includes(kind as (typeof authKinds)[number])) return value;
  const inner = (value as Record<string, unknown>)[kind as string];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? { type: kind, ...inner } : value;
}

/** Credentials are never in the file: only the names of the environment variables that hold them. */
const authVariantsSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('basic'),
    usernameEnv: environmentVariableName,
    passwordEnv: environmentVariableName,
  }),
  z.strictObject({ type: z.literal('bearer'), tokenEnv: environmentVariableName }),
  z.strictObject({ type: z.literal('header'), name: z.string().min(1), valueEnv: environmentVariableName }),
  z.strictObject({
    type: z.literal('entra'),
    tenantIdEnv: environmentVariableName,
    clientIdEnv: environmentVariableName,
    clientSecretEnv: environmentVariableName,
  }),
]);
export const authConfigSchema = z.preprocess(normaliseAuthShape, authVariantsSchema);

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

export const backendConfigSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a name of letters, digits, `.`, `_`, `-`'),
  type: z.enum(backendTypes),
  url: httpUrl.optional(),
  uiUrl: httpUrl.optional(),
  auth: authConfigSchema.optional(),
  orgId: z.string().min(1).optional(),
  datasourceUid: z.string().min(1).optional(),
  projectId: z.string().min(1).optional(),
  appId: z.string().min(1).optional(),
  workspaceId: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  /** Jaeger and Zipkin: the services to search for failed runs; without it Jaeger lists them from its API and Zipkin searches all. */
  services: z.array(z.string().min(1)).min(1).optional(),
  /** Application Insights / Log Analytics: the Azure resource ID, for links into the Azure portal. */
  resourceId: z
    .string()
    .regex(
      /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+$/i,
      'an Azure resource ID (/subscriptions/…/resourceGroups/…/providers/…/…/…)',
    )
    .optional(),
  timeoutMs: z.number().int().positive().max(300_000).optional(),
});

/** Restricts which backends a Slack workspace / Teams team (optionally one channel) may use. */
export const accessRuleSchema = z.strictObject({
  platform: z.enum(['slack', 'teams']),
  /** Slack team ID or Teams tenant/team ID. */
  workspace: z.string().min(1),
  channel: z.string().min(1).optional(),
  backends: z.array(z.string().min(1)),
});

export const tracehoundConfigSchema = z.strictObject({
  backends: z.array(backendConfigSchema).default([]),
  access: z.array(accessRuleSchema).default([]),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;
export type BackendConfig = z.infer<typeof backendConfigSchema>;
export type AccessRule = z.infer<typeof accessRuleSchema>;
export type TracehoundConfig = z.infer<typeof tracehoundConfigSchema>;
