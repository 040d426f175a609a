import { z } from 'zod';

/** The worker's configuration; nothing else in the worker reads process.env. */
const schema = z.object({
  APP_DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().default('sd'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Reminder jobs running at once: they wait for each other to be fired in batches, so many. */
  FIRE_CONCURRENCY: z.coerce.number().int().min(1).max(2000).default(1000),
  /** A fire batch waits this long for more due reminders (part of every reminder's lag)… */
  FIRE_BATCH_MS: z.coerce.number().int().min(0).max(1000).default(20),
  /** …or until it has this many (a backlog goes in big batches: more reminders per tenant and transaction). */
  FIRE_BATCH_MAX: z.coerce.number().int().min(1).max(2000).default(500),
  /** Database connections: enough for the queues' concurrent jobs not to wait for one (CPU-bound beyond). */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(100).default(24),
  /** The window a flush gathers deliveries over before sending: one message per person and window. */
  BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  RECONCILE_EVERY_MS: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  /** How often the patrol rounds are generated: a tenant's new day has its rounds within this long after midnight. */
  PATROL_ROUNDS_EVERY_MS: z.coerce.number().int().min(1000).max(3_600_000).default(300_000),
  /** How often every tenant's automatic-finding rules run (besides at start and after a change). */
  PATROL_RULES_EVERY_MS: z.coerce.number().int().min(1000).max(86_400_000).default(3_600_000),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(587),
  SMTP_SECURE: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().default('StationDesk <noreply@stationdesk.local>'),
  /** Robot hosts allowed although not public (a local mock robot); unset in production. */
  WEBHOOK_ALLOW_HOSTS: z.string().optional(),
});

export type WorkerEnv = z.infer<typeof schema>;
export const readWorkerEnv = (env: NodeJS.ProcessEnv = process.env): WorkerEnv => schema.parse(env);
