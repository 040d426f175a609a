import { sql } from 'kysely';
import { formatWorkItemNumber, localDate, type WorkItemKind } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

/** What an item is inserted with until `numberItem` gives it its number (unique, never shown). */
export const unnumbered = sql<string>`'~' || gen_random_uuid()`;

/**
 * Gives a new item its human number (ZX-2026-000123), gap-free per tenant, kind and year: the
 * counter row is incremented in the creating transaction, which holds its lock until commit —
 * concurrent creations queue on it and get consecutive numbers; a rollback gives the number back.
 * Called as the creation's last step, so the lock is held for little more than the commit.
 */
export async function numberItem(ctx: TenantContext, itemId: string, kind: WorkItemKind, at: Date): Promise<string> {
  const year = Number(localDate(at, ctx.timezone).slice(0, 4));
  const { rows } = await sql<{ last_value: number }>`
    insert into work_item_counters (tenant_id, kind, year, last_value) values (${ctx.tenantId}, ${kind}, ${year}, 1)
    on conflict (tenant_id, kind, year) do update set last_value = work_item_counters.last_value + 1
    returning last_value`.execute(ctx.trx);
  const number = formatWorkItemNumber(kind, year, rows[0]!.last_value);
  await ctx.trx.updateTable('work_items').set({ number }).where('id', '=', itemId).execute();
  return number;
}
