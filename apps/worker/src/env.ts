import { z } from 'zod';

/** The worker's configuration; nothing else in the worker reads process.env. */
const schema = z.object({
  APP_DATABASE_URL: z.string().url(),
  REDIS_URL: z.string().url().optional(),
  QUEUE_PREFIX: z.string().default('sd'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
});

export type WorkerEnv = z.infer<typeof schema>;
export const readWorkerEnv = (env: NodeJS.ProcessEnv = process.env): WorkerEnv => schema.parse(env);
