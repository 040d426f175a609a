import { z } from 'zod';
import { line, text } from '../schema.ts';

/** The most warnings acknowledged in one go: two pages' worth, so one note still fits them all. */
export const maxWarningsPerAcknowledgement = 100;

/** warning.list: newest first, filtered by level, station and state. */
export const listWarningsInput = z
  .object({
    level: z.enum(['yellow', 'red']).nullable().optional(),
    stationId: z.uuid().nullable().optional(),
    state: z.enum(['open', 'acknowledged']).nullable().optional(),
    cursor: line(500).nullable().optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict()
  .optional();
export type ListWarningsInput = z.infer<typeof listWarningsInput>;

const warningRow = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  number: z.string(),
  title: z.string(),
  stationId: z.uuid(),
  enterpriseName: z.string().nullable(),
  level: z.string(),
  score: z.number().int(),
  reason: z.string(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgement: z.string().nullable(),
});
export const listWarningsOutput = z.object({ items: z.array(warningRow), nextCursor: z.string().nullable() });
export type ListWarningsOutput = z.infer<typeof listWarningsOutput>;

/** warning.openCount: how many still wait for a manager. */
export const openWarningCountOutput = z.object({ count: z.number().int() });

/** warning.acknowledge: 签收 one or several warnings with one note, all or none. */
export const acknowledgeWarningsInput = z.object({ ids: z.array(z.uuid()).min(1).max(maxWarningsPerAcknowledgement), note: text(2000, { min: 1 }) }).strict();
export type AcknowledgeWarningsInput = z.infer<typeof acknowledgeWarningsInput>;
export const acknowledgeWarningsOutput = z.object({ acknowledged: z.number().int() });
