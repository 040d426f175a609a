import { z } from 'zod';
import { localDay } from './cases.schema.ts';

/** How the managers' counts are grouped (one table, one chart each). */
export const disputeCountGroups = ['station_month', 'type', 'source', 'outcome', 'risk_level'] as const;
export type DisputeCountGroup = (typeof disputeCountGroups)[number];

/** Local dates, both inclusive: disputes filed in this period; at one station, or every one the actor sees. */
export const disputePeriodInput = z.object({ from: localDay, to: localDay, stationId: z.uuid().nullable().optional() }).strict();
export type DisputePeriodInput = z.infer<typeof disputePeriodInput>;

/** dispute.counts */
export const disputeCountsInput = disputePeriodInput.extend({ groupBy: z.enum(disputeCountGroups) }).strict();
export type DisputeCountsInput = z.infer<typeof disputeCountsInput>;

const countRow = z.object({
  /** station_month: `${stationId}|${YYYY-MM}`; other groups: the value ('pending' for no outcome yet). */
  key: z.string(),
  stationId: z.uuid().nullable(),
  stationName: z.string().nullable(),
  month: z.string().nullable(),
  value: z.string().nullable(),
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
});
export type DisputeCountRow = z.infer<typeof countRow>;

const summary = z.object({
  total: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  byLevel: z.object({ green: z.number().int(), yellow: z.number().int(), red: z.number().int() }),
  warningsRaised: z.number().int(),
  warningsAcknowledged: z.number().int(),
  agreements: z.number().int(),
  performed: z.object({ full: z.number().int(), partial: z.number().int(), none: z.number().int(), unknown: z.number().int() }),
  /** Median local calendar days from filing to outcome over the period's closed disputes; null if none closed. */
  medianDaysToClose: z.number().nullable(),
});
export type DisputeSummary = z.infer<typeof summary>;

export const disputeCountsOutput = z.object({ groupBy: z.enum(disputeCountGroups), rows: z.array(countRow), summary });
export type DisputeCountsOutput = z.infer<typeof disputeCountsOutput>;
