import { notFound, type ItemFacts, type WorkItemStatus } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { canSeeWorkItem } from '../access/work-item.ts';

/** Loads the item (locked for a change when asked) and checks visibility; NOT_FOUND otherwise. */
export async function requireWorkItem(ctx: TenantContext, id: string, opts: { lock?: boolean } = {}) {
  let q = ctx.trx.selectFrom('work_items').selectAll().where('id', '=', id);
  // NOWAIT: a second person moving the same item at the same moment gets a conflict, not a queue.
  if (opts.lock) q = q.forUpdate().noWait();
  const item = await q.executeTakeFirst();
  if (!item || !canSeeWorkItem(ctx.actor, item)) throw notFound('errors.workItem.notFound');
  return item;
}

export type WorkItemRow = Awaited<ReturnType<typeof requireWorkItem>>;

/** What core's action rules (allowedItemActions, extraActionRefusal) read of an item. */
export function itemFacts(item: WorkItemRow): ItemFacts {
  return {
    kind: item.kind,
    status: item.status as WorkItemStatus,
    assigneeId: item.assignee_id,
    enterpriseId: item.enterprise_id,
    contacted: item.first_contact_at !== null,
    extensionRequested: item.extension_requested_at !== null,
    resolutionDueAt: item.resolution_due_at === null ? null : new Date(item.resolution_due_at),
  };
}
