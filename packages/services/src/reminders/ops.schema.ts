import { z } from 'zod';

const count = z.number().int().min(0);
/** Seconds between due and fired; null when nothing fired in the window. */
const seconds = z.number().min(0).nullable();

/** ops.queues: the operators' figures across tenants — queue depths, reminder lag, failures, workers. */
export const opsOverviewOutput = z.object({
  generatedAt: z.string(),
  queueBackend: z.enum(['redis', 'postgres']).nullable(),
  /** Why queue figures are missing (the queue did not answer), else null. */
  queueError: z.string().nullable(),
  queues: z.array(z.object({ name: z.string(), waiting: count, delayed: count, active: count, failed: count })),
  /** Reminders fired in the hour before: how many, the lag's quantiles and its bars. */
  lag: z.object({
    count,
    p50: seconds,
    p95: seconds,
    p99: seconds,
    max: seconds,
    /** Reminders per bar: ≤ 5 s, ≤ 30 s, ≤ 1 min, ≤ 5 min, ≤ 15 min, above (`le` null). */
    buckets: z.array(z.object({ le: z.number().nullable(), count })),
  }),
  deliveries24h: z.object({ failed: count, uncertain: count }),
  workers: z.array(
    z.object({ id: z.string(), host: z.string(), pid: z.number().int(), backend: z.string(), startedAt: z.string(), seenAt: z.string(), alive: z.boolean() }),
  ),
});
export type OpsOverview = z.infer<typeof opsOverviewOutput>;
