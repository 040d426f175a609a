import {
  exportSatisfaction,
  exportSatisfactionInput,
  exportSatisfactionOutput,
  listRectifications,
  listRectificationsInput,
  listRectificationsOutput,
  markRectified,
  markRectifiedInput,
  markRectifiedOutput,
  visitQueue,
  visitQueueInput,
  visitQueueOutput,
} from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';

/**
 * The follow-up desk (回访 and 整改, issue 18): staff of their stations, managers of all. The visit
 * itself is recorded on the item (workItem.recordVisit); a rectification is marked done here; the
 * satisfaction view's figures are kpi.byStation / kpi.byStaff, exported here.
 */
export const visitRouter = router({
  queue: staffProcedure.input(visitQueueInput).output(visitQueueOutput).query(({ ctx, input }) => visitQueue(ctx.tenant, input)),
  rectifications: staffProcedure.input(listRectificationsInput).output(listRectificationsOutput).query(({ ctx, input }) => listRectifications(ctx.tenant, input)),
  markRectified: staffProcedure.input(markRectifiedInput).output(markRectifiedOutput).mutation(({ ctx, input }) => markRectified(ctx.tenant, input)),
  /** Satisfaction by station and (managers) by handler, kpi.byStation / kpi.byStaff's figures, as .xlsx. */
  exportSatisfaction: staffProcedure.input(exportSatisfactionInput).output(exportSatisfactionOutput).mutation(({ ctx, input }) => exportSatisfaction(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
