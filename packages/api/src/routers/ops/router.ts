import { z } from 'zod';
import { opsOverview } from '@stationdesk/services';
import { platformProcedure, router } from '../../trpc.ts';

const count = z.number().int().min(0);
const seconds = z.number().min(0).nullable();

/** Platform operators: queue depths, reminder lag and failures across tenants — figures only. */
export const opsRouter = router({
  queues: platformProcedure
    .output(
      z.object({
        generatedAt: z.string(),
        queueBackend: z.enum(['redis', 'postgres']).nullable(),
        queueError: z.string().nullable(),
        queues: z.array(z.object({ name: z.string(), waiting: count, delayed: count, active: count, failed: count })),
        lag: z.object({
          count,
          p50: seconds,
          p95: seconds,
          p99: seconds,
          max: seconds,
          buckets: z.array(z.object({ le: z.number().nullable(), count })),
        }),
        deliveries24h: z.object({ failed: count, uncertain: count }),
        workers: z.array(
          z.object({ id: z.string(), host: z.string(), pid: z.number().int(), backend: z.string(), startedAt: z.string(), seenAt: z.string(), alive: z.boolean() }),
        ),
      }),
    )
    .query(({ ctx }) => opsOverview({ db: ctx.db, backend: ctx.queue?.backend ?? null })),
});
