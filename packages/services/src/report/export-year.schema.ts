import { z } from 'zod';
import { yearReportInput } from './year.schema.ts';

/** report.exportYear: the year report as .xlsx. */
export const exportYearReportInput = yearReportInput;
export type ExportYearReportInput = z.infer<typeof exportYearReportInput>;
export const exportYearReportOutput = z.object({ fileId: z.uuid(), fileName: z.string(), rows: z.number().int() });
export type ExportYearReportOutput = z.infer<typeof exportYearReportOutput>;
