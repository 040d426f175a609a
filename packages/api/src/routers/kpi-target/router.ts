import { getKpiTargets, getKpiTargetsOutput, updateKpiTargets, updateKpiTargetsInput, updateKpiTargetsOutput } from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

/** The lines the tenant's KPIs are coloured against (issue 18): staff read them, managers set them. */
export const kpiTargetRouter = router({
  get: staffProcedure.output(getKpiTargetsOutput).query(({ ctx }) => getKpiTargets(ctx.tenant)),
  update: managerProcedure.input(updateKpiTargetsInput).output(updateKpiTargetsOutput).mutation(({ ctx, input }) => updateKpiTargets(ctx.tenant, input)),
});
