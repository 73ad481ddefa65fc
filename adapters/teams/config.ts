import { z } from 'zod';
import { TracehoundError } from '../../src/errors/index.js';

/** Teams adapter settings. Bot Framework's own names win; the upper-snake-case forms are accepted too. */
export interface TeamsConfig {
  appId: string | null;
  appPassword: string | null;
  tenantId: string | null;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  allowUnauthenticated: boolean;
  /** Largest personal-chat file attachment accepted, in bytes. */
  maxFileBytes: number;
  /** Backend UI hosts whose links are unfurled (composeExtension/queryLink). */
  unfurlDomains: string[];
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? null : value))
  .optional();

const environmentSchema = z.object({
  appId: optionalText,
  appPassword: optionalText,
  tenantId: optionalText,
  appType: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  allowUnauthenticated: z.enum(['true', 'false', '']).optional(),
});

/** Reads `MicrosoftAppId`/`MICROSOFT_APP_ID`, `MicrosoftAppPassword`/`MICROSOFT_APP_PASSWORD`,
 * `MicrosoftAppTenantId`/`MICROSOFT_APP_TENANT_ID`, `MicrosoftAppType`/`MICROSOFT_APP_TYPE`, `TEAMS_ALLOW_UNAUTHENTICATED`. */
export function readTeamsConfig(
  environment: Record<string, string | undefined>,
  extra: { unfurlDomains?: string[]; maxFileBytes?: number } = {},
): TeamsConfig {
  const pick = (camel: string, snake: string): string | undefined => environment[camel] ?? environment[snake];
  const parsed = environmentSchema.safeParse({
    appId: pick('MicrosoftAppId', 'MICROSOFT_APP_ID'),
    appPassword: pick('MicrosoftAppPassword', 'MICROSOFT_APP_PASSWORD'),
    tenantId: pick('MicrosoftAppTenantId', 'MICROSOFT_APP_TENANT_ID'),
    appType: pick('MicrosoftAppType', 'MICROSOFT_APP_TYPE'),
    allowUnauthenticated: environment.TEAMS_ALLOW_UNAUTHENTICATED,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracehoundError(
      'config_invalid',
      `Teams environment: ${issue?.path.join('.') ?? 'value'}: ${issue?.message ?? 'invalid'} (MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI; TEAMS_ALLOW_UNAUTHENTICATED must be true or false)`,
    );
  }
  const values = parsed.data;
  return {
    appId: values.appId ?? null,
    appPassword: values.appPassword ?? null,
    tenantId: values.tenantId ?? null,
    appType: values.appType ?? 'MultiTenant',
    allowUnauthenticated: values.allowUnauthenticated === 'true',
    maxFileBytes: extra.maxFileBytes ?? 20 * 1024 * 1024,
    unfurlDomains: extra.unfurlDomains ?? [],
  };
}
