import { AppError, assertExtraAction, badRequest, forbidden, isOpen, type WorkItemStatus } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { itemFacts, requireWorkItem } from './access.ts';
import { recordEvent } from './events.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { ok, type Ok } from '../schema.ts';
import type { DeleteCannedReplyInput, RecordFirstContactInput, ReplyToItemInput, ReplyToItemOutput, SaveCannedReplyInput } from './conversation.schema.ts';

/**
 * A message on the item: public replies the enterprise sees, internal notes it never does. A
 * closed item takes no more messages. A station's first public reply is its first contact.
 */
export async function replyToItem(ctx: TenantContext, input: ReplyToItemInput): Promise<ReplyToItemOutput> {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  if (!isOpen(item.status as WorkItemStatus)) throw new AppError('CONFLICT', 'errors.workItem.closed');
  const fromEnterprise = ctx.actor.role === 'enterprise_admin';
  if (fromEnterprise && input.visibility === 'internal') throw forbidden('errors.workItem.internalNotesStaffOnly');
  const attachments = [...new Set(input.attachmentIds ?? [])];
  if (attachments.length) {
    const files = await ctx.trx
      .selectFrom('files')
      .select(['id', 'uploaded_by', 'purpose'])
      .where('id', 'in', attachments)
      .execute();
    const ok = files.length === attachments.length && files.every((f) => f.purpose === 'attachment' && f.uploaded_by === ctx.actor.userId);
    if (!ok) throw badRequest('errors.workItem.badAttachment');
  }
  const now = new Date();
  const row = await ctx.trx
    .insertInto('work_item_messages')
    .values({ tenant_id: ctx.tenantId, item_id: item.id, author_id: ctx.actor.userId, visibility: input.visibility, body: input.body, attachment_ids: attachments, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!fromEnterprise && input.visibility === 'public' && !item.first_contact_at) {
    await ctx.trx.updateTable('work_items').set({ first_contact_at: now, updated_at: now }).where('id', '=', item.id).execute();
    await recordEvent(ctx, item.id, { action: 'first_contact', data: { via: 'reply' } });
    await syncItemReminders(ctx, item.id);
  }
  return { id: row.id };
}

/** "Contacted the requester" (by phone or in person) without writing a reply. */
export async function recordFirstContact(ctx: TenantContext, input: RecordFirstContactInput): Promise<Ok> {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  const now = new Date();
  assertExtraAction('recordContact', itemFacts(item), ctx.actor, now);
  await ctx.trx.updateTable('work_items').set({ first_contact_at: now, updated_at: now }).where('id', '=', item.id).execute();
  await recordEvent(ctx, item.id, { action: 'first_contact', note: input.note ?? null, data: { via: 'contact' } });
  await syncItemReminders(ctx, item.id);
  return ok;
}

export async function listCannedReplies(ctx: TenantContext) {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return ctx.trx.selectFrom('canned_replies').select(['id', 'title', 'body']).orderBy('title').execute();
}

export async function saveCannedReply(ctx: TenantContext, input: SaveCannedReplyInput) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  if (input.id) {
    const row = await ctx.trx.updateTable('canned_replies').set({ title: input.title, body: input.body }).where('id', '=', input.id).returning(['id', 'title', 'body']).executeTakeFirst();
    if (!row) throw badRequest('errors.notFound');
    return row;
  }
  return ctx.trx
    .insertInto('canned_replies')
    .values({ tenant_id: ctx.tenantId, title: input.title, body: input.body, created_by: ctx.actor.userId })
    .returning(['id', 'title', 'body'])
    .executeTakeFirstOrThrow();
}

export async function deleteCannedReply(ctx: TenantContext, input: DeleteCannedReplyInput): Promise<Ok> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  await ctx.trx.deleteFrom('canned_replies').where('id', '=', input.id).execute();
  return ok;
}
