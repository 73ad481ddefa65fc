import { z } from 'zod';
import { TracehoundError } from '../../src/errors/index.js';

/** Trace files larger than this are refused before download (the core's own cap is larger). */
export const defaultMaxFileBytes = 25 * 1024 * 1024;

const environmentSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (the bot token from OAuth & Permissions, xoxb-…)' })
    .regex(/^xoxb-/, { error: 'must be a bot token starting with xoxb-' }),
  SLACK_SIGNING_SECRET: z.string().min(1, { error: 'must not be empty' }).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, { error: 'must be an app-level token starting with xapp-' })
    .optional(),
  SLACK_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://slack.com/api/' })
    .optional(),
  SLACK_PERSONAL_DATA: z
    .enum(['redact', 'show'], { error: 'must be "redact" (the default) or "show"' })
    .optional()
    .default('redact'),
  SLACK_MAX_FILE_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int({ error: 'must be a whole number of bytes' })
    .positive({ error: 'must be positive' })
    .optional(),
});

export interface SlackConfig {
  botToken: string;
  /** Required in HTTP mode; Socket Mode does not sign requests. */
  signingSecret: string | null;
  /** When set, the app connects with Socket Mode instead of serving `/slack/events`. */
  appToken: string | null;
  /** Web API base URL, always ending with `/`. */
  apiUrl: string;
  /** Whether personal data (emails, names, phone numbers) found in traces is shown in replies or redacted. */
  personalData: 'redact' | 'show';
  maxFileBytes: number;
}

/** Reads the Slack settings from the environment; a missing or malformed variable is named in the error. */
export function readSlackConfig(environment: Record<string, string | undefined>): SlackConfig {
  // Empty strings are how unset variables often arrive from container configs.
  const present = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => name.startsWith('SLACK_') && value !== ''),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new TracehoundError('config_invalid', `Slack settings in the environment: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  if (!values.SLACK_APP_TOKEN && !values.SLACK_SIGNING_SECRET) {
    throw new TracehoundError(
      'config_invalid',
      'Slack settings in the environment: SLACK_SIGNING_SECRET is required in HTTP mode (Basic Information → Signing Secret); set SLACK_APP_TOKEN instead to use Socket Mode',
    );
  }
  const apiUrl = values.SLACK_API_URL ?? 'https://slack.com/api/';
  return {
    botToken: values.SLACK_BOT_TOKEN,
    signingSecret: values.SLACK_SIGNING_SECRET ?? null,
    appToken: values.SLACK_APP_TOKEN ?? null,
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    personalData: values.SLACK_PERSONAL_DATA,
    maxFileBytes: values.SLACK_MAX_FILE_BYTES ?? defaultMaxFileBytes,
  };
}
