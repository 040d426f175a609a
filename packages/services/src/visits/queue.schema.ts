import { workItemKinds } from '@stationdesk/core';
import { z } from 'zod';
import { line } from '../schema.ts';

/** visit.queue: resolved items waiting for their follow-up (回访), oldest resolution first. */
export const visitQueueInput = z
  .object({
    stationId: z.uuid().optional(),
    kind: z.enum(workItemKinds).optional(),
    cursor: line(500).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type VisitQueueInput = z.infer<typeof visitQueueInput>;

export const visitQueueOutput = z.object({
  items: z.array(
    z.object({
      itemId: z.uuid(),
      number: z.string(),
      kind: z.enum(workItemKinds),
      title: z.string(),
      stationId: z.uuid(),
      stationName: z.string(),
      enterpriseId: z.uuid().nullable(),
      enterpriseName: z.string().nullable(),
      /** The handler who resolved it. */
      assigneeId: z.uuid().nullable(),
      assigneeName: z.string().nullable(),
      /** Whom to call back. */
      requesterName: z.string().nullable(),
      requesterPhone: z.string().nullable(),
      /** Since when it waits (the page says how long). */
      resolvedAt: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
  /** How many wait in all, in this scope. */
  total: z.number().int(),
});
export type VisitQueueOutput = z.infer<typeof visitQueueOutput>;
