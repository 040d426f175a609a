import type { RecipientRule, ReminderChannel } from '@stationdesk/core';
import type { ScopedContext } from '../context.ts';
import { resolveRecipients, type SubjectFacts } from './recipients.ts';
import { syncDocumentReminders, syncItemReminders } from './schedule.ts';

export interface FireResult {
  outcome: 'sent' | 'dropped' | 'not_due' | 'skipped';
  /** (channel, target) pairs with new pending deliveries: each gets a flush. */
  flush: { channel: ReminderChannel; target: string }[];
  dueAt?: string;
}

async function subjectFacts(ctx: ScopedContext, type: string, id: string | null): Promise<SubjectFacts | null> {
  if (!id) return { stationId: null, enterpriseId: null, assigneeId: null };
  if (type === 'work_item') {
    const item = await ctx.trx.selectFrom('work_items').select(['station_id', 'enterprise_id', 'assignee_id']).where('id', '=', id).executeTakeFirst();
    return item ? { stationId: item.station_id, enterpriseId: item.enterprise_id, assigneeId: item.assignee_id } : null;
  }
  if (type === 'dispute_warning') {
    const w = await ctx.trx
      .selectFrom('dispute_warnings as dw')
      .innerJoin('work_items as i', (j) => j.onRef('i.tenant_id', '=', 'dw.tenant_id').onRef('i.id', '=', 'dw.item_id'))
      .select(['i.station_id', 'i.enterprise_id', 'i.assignee_id'])
      .where('dw.id', '=', id)
      .executeTakeFirst();
    return w ? { stationId: w.station_id, enterpriseId: w.enterprise_id, assigneeId: w.assignee_id } : null;
  }
  if (type === 'enterprise_document') {
    const doc = await ctx.trx
      .selectFrom('enterprise_documents as d')
      .innerJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'd.tenant_id').onRef('e.id', '=', 'd.enterprise_id'))
      .select(['e.station_id', 'e.id as enterprise_id'])
      .where('d.id', '=', id)
      .executeTakeFirst();
    return doc ? { stationId: doc.station_id, enterpriseId: doc.enterprise_id, assigneeId: null } : null;
  }
  return { stationId: null, enterpriseId: null, assigneeId: null };
}

/**
 * A reminder's moment has come. Inside its tenant: re-plan its subject, lock it (another worker on
 * it → skip), and drop it if it no longer applies (the item was resolved, its due time
 * moved), else write one delivery per recipient and channel — unique, so a second firing adds
 * nothing — and mark it sent. Sending happens in the flush, batched per recipient.
 */
export async function fireReminder(ctx: ScopedContext, reminderId: string, now = new Date()): Promise<FireResult> {
  // Plan again from the subject as it is now, before locking this reminder on its own: the item's
  // reminder rows (this one among them) are then locked in the order a transition re-planning them
  // uses — taking this one first would deadlock with such a transition.
  const peek = await ctx.trx.selectFrom('reminders').select(['status', 'subject_type', 'subject_id']).where('id', '=', reminderId).executeTakeFirst();
  if (!peek || peek.status !== 'scheduled') return { outcome: 'skipped', flush: [] };
  if (peek.subject_type === 'work_item' && peek.subject_id) await syncItemReminders({ ...ctx, queue: null }, peek.subject_id);
  if (peek.subject_type === 'enterprise_document' && peek.subject_id) await syncDocumentReminders({ ...ctx, queue: null }, peek.subject_id);

  const r = await ctx.trx.selectFrom('reminders').selectAll().where('id', '=', reminderId).forUpdate().skipLocked().executeTakeFirst();
  // Cancelled: the plan no longer holds it. Otherwise sent meanwhile, or another worker has it.
  if (r?.status === 'cancelled') return { outcome: 'dropped', flush: [] };
  if (!r || r.status !== 'scheduled') return { outcome: 'skipped', flush: [] };
  if (new Date(r.due_at).getTime() > now.getTime() + 1000) return { outcome: 'not_due', flush: [], dueAt: r.due_at };
  const facts = await subjectFacts(ctx, r.subject_type, r.subject_id);
  if (!facts) {
    await ctx.trx.updateTable('reminders').set({ status: 'cancelled', updated_at: now }).where('id', '=', reminderId).execute();
    return { outcome: 'dropped', flush: [] };
  }

  const users = await resolveRecipients(ctx.trx, r.recipients as RecipientRule[], facts);
  const targets: { channel: ReminderChannel; target: string }[] = [];
  for (const channel of r.channels as ReminderChannel[]) {
    if (channel === 'webhook') {
      if (!facts.stationId) continue;
      const hooks = await ctx.trx.selectFrom('station_webhooks').select('id').where('station_id', '=', facts.stationId).where('enabled', '=', true).execute();
      for (const h of hooks) targets.push({ channel, target: h.id });
    } else {
      for (const u of users) targets.push({ channel, target: u });
    }
  }
  if (targets.length) {
    await ctx.trx
      .insertInto('deliveries')
      .values(targets.map((t) => ({ tenant_id: ctx.tenantId, reminder_id: reminderId, channel: t.channel, target: t.target })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await ctx.trx
    .updateTable('reminders')
    .set({ status: 'sent', fired_at: now, attempts: r.attempts + 1, updated_at: now })
    .where('id', '=', reminderId)
    .execute();
  return { outcome: 'sent', flush: targets };
}
