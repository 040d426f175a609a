import { AppError, assertExtraAction } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { itemFacts, requireWorkItem } from '../work-items/access.ts';
import { openAgencyCase } from './cases.ts';
import { recordEvent } from '../work-items/events.ts';
import { applyTransition } from '../work-items/transition.ts';
import type { ConvertToAgencyInput } from './convert-consultation.schema.ts';

/**
 * A consultation that turns out to need the station to act (a permit, a registration change)
 * becomes an agency case of the chosen type (其他 by default): created linked to it, keeping the
 * history link both ways, and the consultation resolved with that answer.
 */
export async function convertToAgency(ctx: TenantContext, input: ConvertToAgencyInput): Promise<{ id: string; number: string }> {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  assertExtraAction('convertToAgency', itemFacts(item), ctx.actor, new Date());
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
  await ctx.trx.updateTable('work_items').set({ linked_item_id: agency.id }).where('id', '=', item.id).execute();
  await recordEvent(ctx, item.id, { action: 'converted', data: { agencyId: agency.id, agencyNumber: agency.number } });
  await applyTransition(ctx, item.id, { action: 'resolve', note: input.note?.trim() || `→ ${agency.number}` });
  return agency;
}
