import { AppError, forbidden, needsRectification, ratingStep } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { requireWorkItem } from './access.ts';
import { applyTransition } from './transition.ts';
import { syncItemReminders } from '../reminders/schedule.ts';
import type { RateWorkItemInput, RateWorkItemOutput, RecordVisitInput } from './follow-up.schema.ts';

/**
 * The follow-up (回访): a rating of the resolved item. Satisfied (非常满意 / 满意 / 基本满意) closes
 * the loop to "visited". 不满意 or worse opens a rectification (整改) with its deadline; it sends the
 * item back (重办, due again by the rectification rule) only when the enterprise confirmed it wants
 * the work redone (`reopen`), otherwise the rating is recorded and the loop closes unconfirmed.
 */
async function rate(ctx: TenantContext, input: RateWorkItemInput, source: 'portal' | 'phone'): Promise<RateWorkItemOutput> {
  const item = await requireWorkItem(ctx, input.id);
  if (item.status !== 'resolved') throw new AppError('CONFLICT', 'errors.workItem.notResolved');
  const action = ratingStep(input.rating, input.reopen ?? false);
  const note = input.comment?.trim() || null;
  const moved = await applyTransition(ctx, input.id, {
    action,
    // A redo must say why: the rating and what the enterprise wrote.
    note: action === 'visit' ? note : (note ?? `rating:${input.rating}`),
    rating: input.rating,
    data: { rating: input.rating, source },
  });
  await ctx.trx
    .updateTable('work_items')
    .set({ rating: input.rating, rating_comment: note, rated_at: new Date(), rating_source: source })
    .where('id', '=', input.id)
    .execute();
  await syncItemReminders(ctx, input.id);
  return {
    status: moved.status,
    // The rectification this rating opened (an earlier round's stays on the row but is not this answer's).
    rectificationDueAt: needsRectification(input.rating) ? moved.rectification_due_at : null,
    resolutionDueAt: moved.resolution_due_at,
  };
}

/** The enterprise rates in the portal: only the admin of the item's own enterprise. */
export async function rateWorkItem(ctx: TenantContext, input: RateWorkItemInput) {
  if (ctx.actor.role !== 'enterprise_admin') throw forbidden('errors.workItem.ratingEnterpriseOnly');
  return rate(ctx, input, 'portal');
}

/** Staff record the rating they were given on a follow-up phone call, on the enterprise's behalf. */
export async function recordVisit(ctx: TenantContext, input: RecordVisitInput) {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  return rate(ctx, input, 'phone');
}
