import { exportPatrolStats, exportPatrolStatsInput, exportPatrolStatsOutput, patrolStats, patrolStatsInput, patrolStatsOutput } from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';

/** patrol: the patrol overview (巡查统计) for managers (every station) and staff (theirs). */
export const patrolRouter = router({
  stats: staffProcedure.input(patrolStatsInput).output(patrolStatsOutput).query(({ ctx, input }) => patrolStats(ctx.tenant, input)),
  exportStats: staffProcedure
    .input(exportPatrolStatsInput)
    .output(exportPatrolStatsOutput)
    .mutation(({ ctx, input }) => exportPatrolStats(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
