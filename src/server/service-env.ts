import path from 'node:path';
import { z } from 'zod';
import { TracehoundError } from '../errors/index.js';

const integer = (name: string, minimum: number) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .refine((value) => value >= minimum, `${name} must be at least ${minimum}`);

const serviceEnvSchema = z.object({
  PORT: integer('PORT', 0)
    .refine((value) => value <= 65535, 'PORT must be at most 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  TRACEHOUND_DATA_DIR: z.string().min(1).optional(),
  TRACEHOUND_RETENTION_DAYS: integer('TRACEHOUND_RETENTION_DAYS', 1).default(30),
  TRACEHOUND_MAX_BODY_BYTES: integer('TRACEHOUND_MAX_BODY_BYTES', 1024).default(16 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface ServiceEnv {
  port: number;
  host: string;
  dataDir: string;
  retentionDays: number;
  maxBodyBytes: number;
  logLevel: z.infer<typeof serviceEnvSchema>['LOG_LEVEL'];
}

/** The service's environment variables; errors name the variable and what was expected. */
export function readServiceEnv(env: Record<string, string | undefined>, cwd: string): ServiceEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = serviceEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new TracehoundError('config_invalid', `environment variable ${variable}: ${issue?.message ?? 'invalid'}`, {
      details: { variable },
    });
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(cwd, values.TRACEHOUND_DATA_DIR ?? '.tracehound'),
    retentionDays: values.TRACEHOUND_RETENTION_DAYS,
    maxBodyBytes: values.TRACEHOUND_MAX_BODY_BYTES,
    logLevel: values.LOG_LEVEL,
  };
}
