import { z } from 'zod';

/** Links a message may carry: a work item, an enterprise file, a patrol round or a duty shift of the app, or the portal's duty page, nothing else. */
const appLink = z
  .string()
  .optional()
  .transform((v) => (v && (/^\/(items|enterprises|patrol\/rounds|party\/shifts)\/[0-9a-f-]{36}$/i.test(v) || v === '/portal/party') ? v : undefined));

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

/** notification.list: the caller's own inbox, newest first. */
export const listNotificationsInput = z.object({ unreadOnly: z.boolean().optional(), limit: z.number().int().min(1).max(100).optional() }).strict().optional();
export type ListNotificationsInput = z.infer<typeof listNotificationsInput>;
export const listNotificationsOutput = z.object({ unread: z.number().int(), items: z.array(notificationOutput) });
export type ListNotificationsOutput = z.input<typeof listNotificationsOutput>;

/** notification.unreadCount: the number on the bell. */
export const unreadCountOutput = z.object({ count: z.number().int() });
export type UnreadCountOutput = z.infer<typeof unreadCountOutput>;

/** notification.markRead: these (ids) or all of the caller's unread notifications. */
export const markNotificationsReadInput = z.object({ ids: z.array(z.uuid()).min(1).max(200).optional() }).strict();
export type MarkNotificationsReadInput = z.infer<typeof markNotificationsReadInput>;
export const markNotificationsReadOutput = z.object({ marked: z.number().int() });
export type MarkNotificationsReadOutput = z.infer<typeof markNotificationsReadOutput>;
