import { isRealDate, patrolSources, patrolTiers, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';

/** A local date 'YYYY-MM-DD' in the tenant's zone. */
const localDay = z.string().refine(isRealDate, { message: 'YYYY-MM-DD' });

/** patrol.stats: the patrol overview of a period (both ends inclusive, local days). */
export const patrolStatsInput = z.object({ from: localDay, to: localDay, stationId: z.uuid().optional() }).strict();
export type PatrolStatsInput = z.infer<typeof patrolStatsInput>;

const keyCount = z.object({ key: z.string(), count: z.number().int() });

export const patrolStatsOutput = z.object({
  from: z.string(),
  to: z.string(),
  stationId: z.uuid().nullable(),
  /** Findings raised in the period (by their creation time). */
  total: z.number().int(),
  /** Of those: not yet resolved and past their due time now. */
  overdue: z.number().int(),
  byCategory: z.array(keyCount),
  byTier: z.array(z.object({ key: z.enum(patrolTiers), count: z.number().int() })),
  bySource: z.array(z.object({ key: z.enum(patrolSources), count: z.number().int() })),
  byStatus: z.array(z.object({ key: z.enum(workItemStatuses), count: z.number().int() })),
  /** Building and floor with at least `repeatThreshold` findings in the period, most first. */
  repeatThreshold: z.number().int(),
  repeatLocations: z.array(z.object({ buildingId: z.uuid(), buildingName: z.string(), floor: z.string(), count: z.number().int() })),
  /** The heat table: buildings with findings (rows) × floors (columns, bottom to top); `noFloor` counts findings without a floor. */
  heat: z.object({
    floors: z.array(z.string()),
    buildings: z.array(
      z.object({
        buildingId: z.uuid(),
        buildingName: z.string(),
        total: z.number().int(),
        noFloor: z.number().int(),
        cells: z.array(z.object({ floor: z.string(), count: z.number().int() })),
      }),
    ),
    max: z.number().int(),
  }),
  /** Rounds dated in the period per station: planned (all generated), walked (done), missed, still open. */
  rounds: z.array(
    z.object({
      stationId: z.uuid(),
      stationName: z.string(),
      stationNameEn: z.string().nullable(),
      planned: z.number().int(),
      done: z.number().int(),
      missed: z.number().int(),
      open: z.number().int(),
    }),
  ),
});
export type PatrolStatsOutput = z.infer<typeof patrolStatsOutput>;

/** patrol.exportStats: the same figures as .xlsx. */
export const exportPatrolStatsInput = patrolStatsInput;
export type ExportPatrolStatsInput = PatrolStatsInput;
export const exportPatrolStatsOutput = z.object({ fileId: z.uuid(), fileName: z.string() });
