import { z } from 'zod';
import { listNotifications, markNotificationsRead, unreadCount } from '@stationdesk/services';
import { router, tenantProcedure } from '../../trpc.ts';

/** Links a message may carry: a work item or an enterprise file of the app, nothing else. */
const appLink = z
  .string()
  .optional()
  .transform((v) => (v && /^\/(items|enterprises)\/[0-9a-f-]{36}$/i.test(v) ? v : undefined));

const notificationOutput = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  items: z.array(
    z.object({
      id: z.string().optional(),
      number: z.string().optional(),
      title: z.string(),
      link: appLink,
      dueAt: z.string().nullable().optional(),
    }),
  ),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/** Everyone's own inbox (the bell): the services only ever touch the caller's notifications. */
export const notificationRouter = router({
  list: tenantProcedure
    .input(z.object({ unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(100).optional() }).strict().optional())
    .output(z.object({ unread: z.number().int(), items: z.array(notificationOutput) }))
    .query(({ ctx, input }) => listNotifications(ctx.tenant, input ?? {})),
  unreadCount: tenantProcedure.output(z.object({ count: z.number().int() })).query(async ({ ctx }) => ({ count: await unreadCount(ctx.tenant) })),
  markRead: tenantProcedure
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(200).optional() }).strict())
    .output(z.object({ marked: z.number().int() }))
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.tenant, input.ids ? { ids: input.ids } : {})),
});
