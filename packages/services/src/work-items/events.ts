import type { WorkItemEventAction } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

export interface EventInput {
  action: WorkItemEventAction;
  from?: string | null;
  to?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Hidden from the enterprise (internal notes, assignment between staff). */
  internal?: boolean;
}

/** Appends one line to the item's history (the table is append-only for the app role). */
export async function recordEvent(ctx: TenantContext, itemId: string, e: EventInput): Promise<void> {
  await ctx.trx
    .insertInto('work_item_events')
    .values({
      tenant_id: ctx.tenantId,
      item_id: itemId,
      actor_id: ctx.actor.userId,
      action: e.action,
      from_status: e.from ?? null,
      to_status: e.to ?? null,
      note: e.note ?? null,
      data: JSON.stringify(e.data ?? {}),
      internal: e.internal ?? false,
    })
    .execute();
}
