import { ratings } from '@stationdesk/core';
import { z } from 'zod';
import { text } from '../schema.ts';

/** workItem.rate (the enterprise, in the portal) and workItem.recordVisit (staff, after a call). */
export const rateWorkItemInput = z.object({ id: z.uuid(), rating: z.enum(ratings), comment: text(2000).nullable().optional() }).strict();
export type RateWorkItemInput = z.infer<typeof rateWorkItemInput>;
export const rateWorkItemOutput = z.object({ status: z.string(), rectificationDueAt: z.string().nullable() });
export type RateWorkItemOutput = z.infer<typeof rateWorkItemOutput>;
export const recordVisitInput = rateWorkItemInput;
export type RecordVisitInput = RateWorkItemInput;
export const recordVisitOutput = rateWorkItemOutput;
