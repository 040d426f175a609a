import { kpiTargetMetrics, type KpiTargetMetric } from '@stationdesk/core';
import { z } from 'zod';

/** A target as a ratio (0.95 = 95 %); core's kpiTargetIssues says which ratios make sense per metric. */
const target = z.number().min(0).max(1);

/** Every target metric's line (packages/core/src/kpi/dashboard.ts: kpiTargetMetrics). */
export const kpiTargetsShape = z.object(Object.fromEntries(kpiTargetMetrics.map((m) => [m, target])) as Record<KpiTargetMetric, typeof target>);

/** kpiTarget.get: the targets the tenant's figures are coloured against, and whether it set them itself. */
export const getKpiTargetsOutput = z.object({
  targets: kpiTargetsShape,
  /** false: the tenant never set its own, core's defaults apply. */
  custom: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type GetKpiTargetsOutput = z.infer<typeof getKpiTargetsOutput>;

/** kpiTarget.update: all targets at once. */
export const updateKpiTargetsInput = z.object({ targets: kpiTargetsShape.strict() }).strict();
export type UpdateKpiTargetsInput = z.infer<typeof updateKpiTargetsInput>;
export const updateKpiTargetsOutput = getKpiTargetsOutput;
