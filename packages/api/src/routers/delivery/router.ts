import { z } from 'zod';
import { deliveryAttention, deliveryChannels, deliveryStatuses, listDeliveries, retryDelivery, line } from '@stationdesk/services';
import { managerProcedure, router } from '../../trpc.ts';

const deliveryOutput = z.object({
  id: z.uuid(),
  channel: z.enum(deliveryChannels),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  reminderKind: z.string(),
  dueAt: z.string(),
  firedAt: z.string().nullable(),
  subject: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('work_item'), id: z.uuid(), number: z.string(), title: z.string() }),
      z.object({ type: z.literal('enterprise'), id: z.uuid(), name: z.string() }),
    ])
    .nullable(),
  recipient: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('user'), name: z.string() }),
      z.object({ type: z.literal('robot'), provider: z.enum(['wecom', 'dingtalk', 'feishu']), stationName: z.string(), stationNameEn: z.string().nullable() }),
    ])
    .nullable(),
});

/** The delivery log: what was sent to whom, what failed, and sending again (managers). */
export const deliveryRouter = router({
  list: managerProcedure
    .input(
      z
        .object({
          status: z.enum(deliveryStatuses).optional(),
          channel: z.enum(deliveryChannels).optional(),
          cursor: line(500).optional(),
          limit: z.number().int().min(1).max(100).optional(),
        })
        .strict()
        .optional(),
    )
    .output(z.object({ items: z.array(deliveryOutput), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listDeliveries(ctx.tenant, input ?? {})),
  attention: managerProcedure
    .output(z.object({ failed: z.number().int(), uncertain: z.number().int(), pending: z.number().int() }))
    .query(({ ctx }) => deliveryAttention(ctx.tenant)),
  retry: managerProcedure
    // An uncertain delivery may have arrived already: the caller says it knows before it goes again.
    .input(z.object({ id: z.uuid(), acknowledgeUncertain: z.boolean().optional() }).strict())
    .output(z.object({ id: z.uuid(), status: z.literal('pending') }))
    .mutation(({ ctx, input }) => retryDelivery(ctx.tenant, input)),
});
