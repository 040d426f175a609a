import type { TenantContext } from '../context.ts';
import type { ListNotificationsInput, ListNotificationsOutput, MarkNotificationsReadInput, MarkNotificationsReadOutput, UnreadCountOutput } from './inbox.schema.ts';

/** The signed-in person's inbox: newest first, with the unread count for the bell. */
export async function listNotifications(ctx: TenantContext, input: ListNotificationsInput = {}): Promise<ListNotificationsOutput> {
  const base = ctx.trx.selectFrom('notifications').where('user_id', '=', ctx.actor.userId);
  const items = await base
    .select(['id', 'kind', 'title', 'body', 'items', 'created_at', 'read_at'])
    .$if(input.unreadOnly === true, (q) => q.where('read_at', 'is', null))
    .orderBy('created_at', 'desc')
    .limit(input.limit ?? 30)
    .execute();
  const unread = await base.select((eb) => eb.fn.countAll<number>().as('n')).where('read_at', 'is', null).executeTakeFirstOrThrow();
  return {
    unread: Number(unread.n),
    items: items.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      items: n.items.map((i) => ({ id: i.id, number: i.number, title: i.title, link: i.link, dueAt: i.dueAt })),
      createdAt: n.created_at,
      readAt: n.read_at,
    })),
  };
}

export async function unreadCount(ctx: TenantContext): Promise<UnreadCountOutput> {
  const r = await ctx.trx
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', ctx.actor.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return { count: Number(r.n) };
}

export async function markNotificationsRead(ctx: TenantContext, input: MarkNotificationsReadInput): Promise<MarkNotificationsReadOutput> {
  let q = ctx.trx.updateTable('notifications').set({ read_at: new Date() }).where('user_id', '=', ctx.actor.userId).where('read_at', 'is', null);
  if (input.ids) q = q.where('id', 'in', input.ids.length ? input.ids : ['00000000-0000-0000-0000-000000000000']);
  const r = await q.executeTakeFirst();
  return { marked: Number(r.numUpdatedRows) };
}
