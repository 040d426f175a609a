import type { z } from 'zod';
import { exportKpiOutput } from '../kpi/export.schema.ts';
import { kpiSummaryInput } from '../kpi/figures.schema.ts';

/** visit.exportSatisfaction: satisfaction by station (and, for managers, by handler) of a period, as .xlsx. */
export const exportSatisfactionInput = kpiSummaryInput;
export type ExportSatisfactionInput = z.infer<typeof exportSatisfactionInput>;
export const exportSatisfactionOutput = exportKpiOutput;
export type ExportSatisfactionOutput = z.infer<typeof exportSatisfactionOutput>;
