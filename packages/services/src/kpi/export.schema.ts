import { z } from 'zod';
import { kpiByStationInput } from './figures.schema.ts';

/** kpi.export: the station × rate table of a period (kpi.byStation's rows) as .xlsx. */
export const exportKpiInput = kpiByStationInput;
export type ExportKpiInput = z.infer<typeof exportKpiInput>;
export const exportKpiOutput = z.object({
  fileId: z.uuid(),
  fileName: z.string(),
  rows: z.number().int(),
});
export type ExportKpiOutput = z.infer<typeof exportKpiOutput>;
