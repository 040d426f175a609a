import { activityPromotions } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { notifyEnterprises } from './notify.ts';

/**
 * Moves the first waitlisted people (arrival order) into the free places, in the caller's
 * transaction — which holds the activity's row, so nobody else changes `confirmed` meanwhile — and
 * tells their enterprises in the inbox. Answers the ids promoted.
 */
export async function promoteWaitlist(ctx: TenantContext, a: { id: string; title: string; capacity: number; confirmed: number }): Promise<string[]> {
  const free = a.capacity - a.confirmed;
  if (free <= 0) return [];
  const waiting = await ctx.trx
    .selectFrom('activity_participants')
    .select(['id', 'seq', 'enterprise_id', 'name'])
    .where('activity_id', '=', a.id)
    .where('status', '=', 'waitlisted')
    .orderBy('seq')
    .limit(free)
    .execute();
  const moving = activityPromotions(a.capacity, a.confirmed, waiting);
  if (moving.length === 0) return [];
  const now = new Date();
  await ctx.trx
    .updateTable('activity_participants')
    .set({ status: 'confirmed', promoted_at: now })
    .where('id', 'in', moving.map((m) => m.id))
    .execute();
  await ctx.trx
    .updateTable('party_activities')
    .set((eb) => ({ confirmed: eb('confirmed', '+', moving.length) }))
    .where('id', '=', a.id)
    .execute();
  const byEnterprise = new Map<string, string[]>();
  for (const m of moving) byEnterprise.set(m.enterprise_id, [...(byEnterprise.get(m.enterprise_id) ?? []), m.name]);
  for (const [enterpriseId, names] of byEnterprise) {
    await notifyEnterprises(ctx, [enterpriseId], {
      kind: 'activity_promoted',
      titleKey: 'activities.inbox.promotedTitle',
      bodyKey: 'activities.inbox.promotedBody',
      params: { title: a.title, names: names.join('、') },
      activityId: a.id,
      title: a.title,
    });
  }
  return moving.map((m) => m.id);
}
