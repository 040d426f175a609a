import { ratings } from '@stationdesk/core';
import { z } from 'zod';
import { text } from '../schema.ts';

/** workItem.rate (the enterprise, in the portal) and workItem.recordVisit (staff, after a call). */
export const rateWorkItemInput = z
  .object({
    id: z.uuid(),
    rating: z.enum(ratings),
    comment: text(2000).nullable().optional(),
    /**
     * 不满意 or worse: the enterprise confirmed it wants the work redone (重办). Without it the rating
     * is recorded and a rectification opened, but the item is not reopened. Refused with a satisfied rating.
     */
    reopen: z.boolean().optional(),
  })
  .strict();
export type RateWorkItemInput = z.infer<typeof rateWorkItemInput>;
/** The rectification's deadline when the rating opened one; the item's (new) due time. */
export const rateWorkItemOutput = z.object({ status: z.string(), rectificationDueAt: z.string().nullable(), resolutionDueAt: z.string().nullable() });
export type RateWorkItemOutput = z.infer<typeof rateWorkItemOutput>;
export const recordVisitInput = rateWorkItemInput;
export type RecordVisitInput = RateWorkItemInput;
export const recordVisitOutput = rateWorkItemOutput;
