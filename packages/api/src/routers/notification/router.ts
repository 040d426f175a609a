import {
  listNotifications,
  listNotificationsInput,
  listNotificationsOutput,
  markNotificationsRead,
  markNotificationsReadInput,
  markNotificationsReadOutput,
  unreadCount,
  unreadCountOutput,
} from '@stationdesk/services';
import { router, tenantProcedure } from '../../trpc.ts';

/** Everyone's own inbox (the bell): the services only ever touch the caller's notifications. */
export const notificationRouter = router({
  list: tenantProcedure.input(listNotificationsInput).output(listNotificationsOutput).query(({ ctx, input }) => listNotifications(ctx.tenant, input)),
  unreadCount: tenantProcedure.output(unreadCountOutput).query(({ ctx }) => unreadCount(ctx.tenant)),
  markRead: tenantProcedure.input(markNotificationsReadInput).output(markNotificationsReadOutput).mutation(({ ctx, input }) => markNotificationsRead(ctx.tenant, input)),
});
