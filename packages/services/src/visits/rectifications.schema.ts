import { ratings, rectificationStates, workItemKinds, workItemStatuses } from '@stationdesk/core';
import { z } from 'zod';
import { line, text } from '../schema.ts';

/**
 * visit.rectifications: the 整改 a 不满意 rating (or 重办) opened — owed ones by deadline, the
 * soonest (and overdue) first; done ones latest first.
 */
export const listRectificationsInput = z
  .object({
    state: z.enum(['open', 'done']).optional(),
    stationId: z.uuid().optional(),
    cursor: line(500).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type ListRectificationsInput = z.infer<typeof listRectificationsInput>;

export const listRectificationsOutput = z.object({
  items: z.array(
    z.object({
      itemId: z.uuid(),
      number: z.string(),
      kind: z.enum(workItemKinds),
      title: z.string(),
      status: z.enum(workItemStatuses),
      stationId: z.uuid(),
      stationName: z.string(),
      enterpriseName: z.string().nullable(),
      assigneeName: z.string().nullable(),
      /** The rating that opened it (none when a redo was asked for without one). */
      rating: z.enum(ratings).nullable(),
      ratingSource: z.enum(['portal', 'phone']).nullable(),
      ratedAt: z.string().nullable(),
      /** What the enterprise said with it. */
      ratingComment: z.string().nullable(),
      dueAt: z.string(),
      /** open, overdue (past the deadline, not done) or done — core's rectificationState, now. */
      state: z.enum(rectificationStates).exclude(['none']),
      rectifiedAt: z.string().nullable(),
      rectifiedByName: z.string().nullable(),
      rectificationNote: z.string().nullable(),
      /** Staff may mark it done here (owed, and the item not in rework after 重办). */
      canMarkRectified: z.boolean(),
    }),
  ),
  nextCursor: z.string().nullable(),
  /** How many in this list (owed, or done), in this scope. */
  total: z.number().int(),
});
export type ListRectificationsOutput = z.infer<typeof listRectificationsOutput>;

/** visit.markRectified: 整改完成, with what was done. */
export const markRectifiedInput = z
  .object({
    itemId: z.uuid(),
    note: text(2000, { min: 1 }),
  })
  .strict();
export type MarkRectifiedInput = z.infer<typeof markRectifiedInput>;
export const markRectifiedOutput = z.object({ itemId: z.uuid(), rectifiedAt: z.string(), onTime: z.boolean() });
export type MarkRectifiedOutput = z.infer<typeof markRectifiedOutput>;
