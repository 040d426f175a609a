import { exportYearReport, exportYearReportInput, exportYearReportOutput, yearReport, yearReportInput, yearReportOutput } from '@stationdesk/services';
import { router, staffProcedure } from '../../trpc.ts';

/** The year report (年度工作统计, issue 18): staff read their own stations', managers every station's. */
export const reportRouter = router({
  year: staffProcedure.input(yearReportInput).output(yearReportOutput).query(({ ctx, input }) => yearReport(ctx.tenant, input)),
  /** The year report as .xlsx. */
  exportYear: staffProcedure.input(exportYearReportInput).output(exportYearReportOutput).mutation(({ ctx, input }) => exportYearReport(ctx.tenant, { storage: ctx.storage, lang: ctx.lang }, input)),
});
