import { kpiMetrics, workItemKinds, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';
import { kpiSummaryInput } from './figures.schema.ts';

/** kpi.drill: the items (or, for ratings and returns, the history lines) behind one number. */
export const kpiDrillInput = kpiSummaryInput
  .extend({
    metric: z.enum(kpiMetrics),
    part: z.enum(['numerator', 'denominator']),
    /** One handler's rows, as kpi.byStaff counts them (managers only); null: the items nobody holds. */
    staffId: z.uuid().nullable().optional(),
    cursor: line(500).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type KpiDrillInput = z.infer<typeof kpiDrillInput>;

export const kpiDrillOutput = z.object({
  items: z.array(
    z.object({
      itemId: z.uuid(),
      number: z.string(),
      kind: z.enum(workItemKinds),
      title: z.string(),
      status: z.enum(workItemStatuses),
      stationId: z.uuid(),
      stationName: z.string(),
      /** The time the metric counts it at (due time, resolution, rating, return, receipt). */
      at: z.string(),
      /** In the numerator (on a denominator's list: the ones that scored). */
      scored: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type KpiDrillOutput = z.infer<typeof kpiDrillOutput>;
