import { z } from 'zod';

/** Everything the launcher reads from the environment, with defaults (README lists them). */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url().optional(),
  APP_DATABASE_URL: z.string().url().optional(),
  APP_DB_ROLE: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/).default('stationdesk_app'),
  APP_DB_PASSWORD: z.string().min(8).default('stationdesk-app-dev'),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().regex(/^[a-zA-Z0-9_-]+$/).default('sd'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  EMBEDDED_PG_PASSWORD: z.string().min(8).default('stationdesk-owner-dev'),
  DATA_DIR: z.string().default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
});

export type LauncherEnv = z.infer<typeof schema>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): LauncherEnv {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid environment:\n${lines}`);
  }
  if (parsed.data.NODE_ENV === 'production' && !env.APP_DB_PASSWORD && !env.APP_DATABASE_URL) {
    throw new Error('APP_DB_PASSWORD (or APP_DATABASE_URL) must be set in production');
  }
  return parsed.data;
}
