import { listDuty, listDutyOutput, updateDuty, updateDutyInput, updateDutyOutput } from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';

/** Managers see and set everyone's; staff see their own line and may go on or off duty. */
export const dutyRouter = router({
  list: staffProcedure.output(listDutyOutput).query(({ ctx }) => listDuty(ctx.tenant)),
  update: staffProcedure.input(updateDutyInput).output(updateDutyOutput).mutation(({ ctx, input }) => updateDuty(ctx.tenant, input)),
});
