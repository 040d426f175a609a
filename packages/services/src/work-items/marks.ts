import { assertExtraAction, checkExtensionRequest } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { itemFacts, requireWorkItem } from './access.ts';
import { markCalendarEstimate } from '../calendar/working-time.ts';
import { recordEvent } from './events.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import { ok, type Ok } from '../schema.ts';
import type { ChaseItemInput, DecideExtensionInput, RequestExtensionInput } from './marks.schema.ts';

/** 催办 / 督办: a manager's mark on an open item, counted and kept in the history. */
export async function chaseItem(ctx: TenantContext, input: ChaseItemInput): Promise<Ok> {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  const now = new Date();
  assertExtraAction('chase', itemFacts(item), ctx.actor, now);
  await ctx.trx
    .updateTable('work_items')
    .set({
      chase_level: item.chase_level === 'supervised' ? 'supervised' : input.level,
      chased_at: now,
      chase_count: item.chase_count + 1,
      updated_at: now,
    })
    .where('id', '=', item.id)
    .execute();
  await recordEvent(ctx, item.id, { action: input.level === 'supervised' ? 'supervise' : 'chase', note: input.note ?? null, internal: true });
  return ok;
}

/** The handler asks for more time before the deadline; a manager decides. */
export async function requestExtension(ctx: TenantContext, input: RequestExtensionInput) {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  const facts = itemFacts(item);
  const now = new Date();
  assertExtraAction('requestExtension', facts, ctx.actor, now);
  checkExtensionRequest({ requestedDueAt: new Date(input.dueAt), currentDueAt: facts.resolutionDueAt!, now, reason: input.reason });
  await ctx.trx
    .updateTable('work_items')
    .set({ extension_reason: input.reason, extension_requested_by: ctx.actor.userId, extension_requested_at: new Date() })
    .where('id', '=', item.id)
    .execute();
  // The requested date waits in the history until a manager decides.
  await recordEvent(ctx, item.id, { action: 'extension_requested', note: input.reason, data: { dueAt: input.dueAt }, internal: true });
  return { requestedDueAt: input.dueAt };
}

export async function decideExtension(ctx: TenantContext, input: DecideExtensionInput): Promise<Ok> {
  const item = await requireWorkItem(ctx, input.id, { lock: true });
  assertExtraAction('decideExtension', itemFacts(item), ctx.actor, new Date());
  const request = await ctx.trx
    .selectFrom('work_item_events')
    .select('data')
    .where('item_id', '=', item.id)
    .where('action', '=', 'extension_requested')
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const requested = new Date(String((request.data as { dueAt: string }).dueAt));
  const now = new Date();
  await ctx.trx
    .updateTable('work_items')
    .set({
      extension_requested_at: null,
      extension_requested_by: null,
      ...(input.approve ? { extension_due_at: requested, resolution_due_at: requested } : {}),
      updated_at: now,
      version: item.version + 1,
    })
    .where('id', '=', item.id)
    .execute();
  await recordEvent(ctx, item.id, {
    action: input.approve ? 'extension_approved' : 'extension_rejected',
    note: input.note ?? null,
    data: { dueAt: requested.toISOString() },
  });
  if (input.approve) {
    // A date a person chose is no estimate: only a first contact still running may remain one.
    await markCalendarEstimate(ctx.trx, ctx.timezone, item.id);
    await syncItemReminders(ctx, item.id);
  }
  return ok;
}
