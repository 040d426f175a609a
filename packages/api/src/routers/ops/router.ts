import { opsOverview, opsOverviewOutput } from '@stationdesk/services';
import { platformProcedure, router } from '../../trpc.ts';

/** Platform operators: queue depths, reminder lag and failures across tenants — figures only. */
export const opsRouter = router({
  queues: platformProcedure.output(opsOverviewOutput).query(({ ctx }) => opsOverview({ db: ctx.db, backend: ctx.queue?.backend ?? null })),
});
