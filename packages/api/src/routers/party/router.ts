import { exportPartyStats, exportPartyStatsInput, exportPartyStatsOutput, partyStats, partyStatsInput, partyStatsOutput } from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';

/** party: the party-mass statistics (党群服务统计) for managers (every station) and staff (theirs). */
export const partyRouter = router({
  stats: staffProcedure
    .input(partyStatsInput)
    .output(partyStatsOutput)
    .query(({ ctx, input }) => partyStats(ctx.tenant, input)),
  exportStats: staffProcedure
    .input(exportPartyStatsInput)
    .output(exportPartyStatsOutput)
    .mutation(({ ctx, input }) => exportPartyStats(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
