import {
  exportKpi,
  exportKpiInput,
  exportKpiOutput,
  kpiByStaff,
  kpiByStaffInput,
  kpiByStaffOutput,
  kpiByStation,
  kpiByStationInput,
  kpiByStationOutput,
  kpiDrill,
  kpiDrillInput,
  kpiDrillOutput,
  kpiDurations,
  kpiDurationsInput,
  kpiDurationsOutput,
  kpiSummary,
  kpiSummaryInput,
  kpiSummaryOutput,
  kpiTrend,
  kpiTrendInput,
  kpiTrendOutput,
} from '@stationdesk/services';
import { managerProcedure, router, staffProcedure } from '../../trpc.ts';

/** The managers' KPIs (issue 18): staff read their own stations', managers every station's and every handler's. */
export const kpiRouter = router({
  summary: staffProcedure.input(kpiSummaryInput).output(kpiSummaryOutput).query(({ ctx, input }) => kpiSummary(ctx.tenant, input)),
  trend: staffProcedure.input(kpiTrendInput).output(kpiTrendOutput).query(({ ctx, input }) => kpiTrend(ctx.tenant, input)),
  byStation: staffProcedure.input(kpiByStationInput).output(kpiByStationOutput).query(({ ctx, input }) => kpiByStation(ctx.tenant, input)),
  byStaff: managerProcedure.input(kpiByStaffInput).output(kpiByStaffOutput).query(({ ctx, input }) => kpiByStaff(ctx.tenant, input)),
  durations: staffProcedure.input(kpiDurationsInput).output(kpiDurationsOutput).query(({ ctx, input }) => kpiDurations(ctx.tenant, input)),
  drill: staffProcedure.input(kpiDrillInput).output(kpiDrillOutput).query(({ ctx, input }) => kpiDrill(ctx.tenant, input)),
  /** The station × rate table as .xlsx. */
  export: staffProcedure.input(exportKpiInput).output(exportKpiOutput).mutation(({ ctx, input }) => exportKpi(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
