import { z } from 'zod';
import { TracehoundError } from '../../src/errors/index.js';

/** Teams adapter settings. Bot Framework's own names win; the upper-snake-case forms are accepted too. */
export interface TeamsConfig {
  appId: string | null;
  appPassword: string | null;
  tenantId: string | null;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  allowUnauthenticated: boolean;
  /** `redact` (default) masks emails and phone numbers in posted reports; secrets are always masked. */
  personalData: 'redact' | 'show';
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
  personalData: z.enum(['redact', 'show', ''], { error: 'must be "redact" (the default) or "show"' }).optional(),
  maxFileBytes: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int({ error: 'must be a whole number of bytes' })
    .positive({ error: 'must be positive' })
    .optional(),
});

/** The variable each field comes from, for error messages. */
const variableNames: Record<string, string> = {
  appId: 'MicrosoftAppId',
  appPassword: 'MicrosoftAppPassword',
  tenantId: 'MicrosoftAppTenantId',
  appType: 'MicrosoftAppType',
  allowUnauthenticated: 'TEAMS_ALLOW_UNAUTHENTICATED',
  maxFileBytes: 'TEAMS_MAX_FILE_BYTES',
  personalData: 'TEAMS_PERSONAL_DATA',
};

/** Reads `MicrosoftAppId`/`MICROSOFT_APP_ID`, `MicrosoftAppPassword`/`MICROSOFT_APP_PASSWORD`,
 * `MicrosoftAppTenantId`/`MICROSOFT_APP_TENANT_ID`, `MicrosoftAppType`/`MICROSOFT_APP_TYPE`, `TEAMS_ALLOW_UNAUTHENTICATED`,
 * `TEAMS_MAX_FILE_BYTES` (an explicit `extra.maxFileBytes` wins), `TEAMS_PERSONAL_DATA`. */
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
    maxFileBytes: environment.TEAMS_MAX_FILE_BYTES === '' ? undefined : environment.TEAMS_MAX_FILE_BYTES,
    personalData: environment.TEAMS_PERSONAL_DATA,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracehoundError(
      'config_invalid',
      `Teams environment: ${variableNames[String(issue?.path[0] ?? '')] ?? 'value'}: ${issue?.message ?? 'invalid'} (MicrosoftAppType must be MultiTenant, SingleTenant or UserAssignedMSI; TEAMS_ALLOW_UNAUTHENTICATED must be true or false; TEAMS_MAX_FILE_BYTES a positive whole number; TEAMS_PERSONAL_DATA redact or show)`,
    );
  }
  const values = parsed.data;
  return {
    appId: values.appId ?? null,
    appPassword: values.appPassword ?? null,
    tenantId: values.tenantId ?? null,
    appType: values.appType ?? 'MultiTenant',
    allowUnauthenticated: values.allowUnauthenticated === 'true',
    personalData: values.personalData === 'show' ? 'show' : 'redact',
    maxFileBytes: extra.maxFileBytes ?? values.maxFileBytes ?? 20 * 1024 * 1024,
    unfurlDomains: extra.unfurlDomains ?? [],
  };
}
