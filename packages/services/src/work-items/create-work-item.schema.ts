import { priorities, workItemKinds } from '@stationdesk/core';
import { z } from 'zod';
import { idempotencyKey, line, text } from '../schema.ts';

/** How a request reached the station. */
export const channels = ['walk_in', 'phone', 'portal', 'wechat', 'patrol', 'referral'] as const;
export type Channel = (typeof channels)[number];
export const consultationCategories = ['policy', 'tax', 'hr', 'registration', 'property', 'other'] as const;

/** Staff taking an item on at once (a walk-in at the counter), a named person, or the station's round robin. */
export const assignOnCreate = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('self') }),
  z.object({ mode: z.literal('round_robin') }),
  z.object({ mode: z.literal('user'), userId: z.uuid() }),
]);

/** workItem.create */
export const createWorkItemInput = z
  .object({
    kind: z.enum(workItemKinds),
    enterpriseId: z.uuid().nullable().optional(),
    stationId: z.uuid().nullable().optional(),
    title: line(200, { min: 2 }),
    description: text(20_000).optional(),
    priority: z.enum(priorities).optional(),
    channel: z.enum(channels),
    category: z.enum(consultationCategories).nullable().optional(),
    requesterName: line(100).nullable().optional(),
    requesterPhone: line(40).nullable().optional(),
    assign: assignOnCreate.optional(),
    idempotencyKey: idempotencyKey.optional(),
  })
  .strict();
export type CreateWorkItemInput = z.infer<typeof createWorkItemInput>;
export const createWorkItemOutput = z.object({ id: z.uuid(), number: z.string() });
export type CreateWorkItemOutput = z.infer<typeof createWorkItemOutput>;
