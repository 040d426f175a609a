import { z } from 'zod';

/** The web process's configuration; nothing else in the web app reads process.env. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  APP_DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().default('sd'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.string().url().optional(),
  /** Proxies of ours in front of the app (true = 1); the client address is read past exactly these. */
  TRUST_PROXY: z
    .union([z.enum(['true', 'false']).transform((v) => (v === 'true' ? 1 : 0)), z.coerce.number().int().min(0).max(10)])
    .default(0),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
  /** Production: processes serving the port (node:cluster); 0 = one per CPU core. */
  WEB_PROCESSES: z.coerce.number().int().min(0).max(64).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  METRICS_TOKEN: z.string().min(16).optional(),
  REQUEST_LOG: z.enum(['0', '1']).default('0').transform((v) => v === '1'),
  /** Keep session scopes and queue pages in memory until Postgres notifies a change (ADR 010); 0 = always read. */
  READ_CACHE: z.enum(['0', '1']).default('1').transform((v) => v === '1'),
  /** Robot hosts allowed although not public (a local mock robot); unset in production. */
  WEBHOOK_ALLOW_HOSTS: z.string().optional(),
  /** SMTP for password reset links (the worker's settings, same names); unset: the link is logged for operators. */
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('StationDesk <noreply@stationdesk.local>'),
});

export type WebEnv = z.infer<typeof schema>;

export function readWebEnv(env: NodeJS.ProcessEnv = process.env): WebEnv {
  return schema.parse(env);
}
