import { AppError, assertExtraAction } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { itemFacts, requireWorkItem } from '../work-items/access.ts';
import { openAgencyCase } from './cases.ts';
import { recordEvent } from '../work-items/events.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { applyTransition } from '../work-items/transition.ts';
import type { ConvertToAgencyInput } from './convert-consultation.schema.ts';

/**
 * A consultation that turns out to need the station to act (a permit, a registration change)
 * becomes an agency case of the chosen type (其他 by default), linked both ways. The conversion is
 * the consultation's own outcome (转办): closed with the reason 'converted', neither resolved nor
 * rated — no 办结, no rating invitation; the enterprise sees in the portal where its request went.
 * The case stays with the consultation's handler.
 */
export async function convertToAgency(ctx: TenantContext, input: ConvertToAgencyInput): Promise<{ id: string; number: string }> {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  const now = new Date();
  assertExtraAction('convertToAgency', itemFacts(item), ctx.actor, now);
  const type = await ctx.trx
    .selectFrom('agency_types')
    .select('id')
    .where(input.typeId ? 'id' : 'code', '=', input.typeId ?? 'other')
    .where('active', '=', true)
    .executeTakeFirst();
  if (!type) throw new AppError('BAD_REQUEST', 'errors.agency.typeNotFound');
  const agency = await openAgencyCase(ctx, {
    typeId: type.id,
    enterpriseId: item.enterprise_id!,
    title: item.title,
    description: item.description,
    priority: item.priority,
    channel: item.channel,
    requesterName: item.requester_name,
    requesterPhone: item.requester_phone,
    linkedItemId: item.id,
    ...(item.assignee_id ? { assign: { mode: 'user' as const, userId: item.assignee_id } } : {}),
  });
  // The same request, already in hand: the case starts where the consultation was — contacted,
  // accepted (签收) by its handler, in progress if it was — rather than waiting to be accepted again.
  await ctx.trx.updateTable('work_items').set({ first_contact_at: item.first_contact_at ?? now }).where('id', '=', agency.id).execute();
  if (item.assignee_id) {
    await applyTransition(ctx, agency.id, { action: 'accept' });
    if (item.status === 'in_progress') await applyTransition(ctx, agency.id, { action: 'start' });
  }
  await ctx.trx
    .updateTable('work_items')
    .set({
      status: 'closed',
      closed_at: now,
      closed_reason: 'converted',
      linked_item_id: agency.id,
      // Telling the enterprise where its request went is a contact, as an answer is.
      first_contact_at: item.first_contact_at ?? now,
      updated_at: now,
      version: item.version + 1,
    })
    .where('id', '=', item.id)
    .execute();
  await recordEvent(ctx, item.id, {
    action: 'converted',
    from: item.status,
    to: 'closed',
    note: input.note?.trim() || null,
    data: { agencyId: agency.id, agencyNumber: agency.number },
  });
  // Closed: its first-contact and deadline reminders go; none for a rating is planned.
  await syncItemReminders(ctx, item.id);
  return agency;
}
