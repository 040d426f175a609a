import { sql } from 'kysely';
import { formatWorkItemNumber, localDate, type WorkItemKind } from '@stationdesk/core';
import type { TenantContext } from '../context.ts';

/**
 * The next human number (ZX-2026-000123), gap-free per tenant, kind and year: the counter row is
 * incremented in the creating transaction, which holds its lock until commit — concurrent
 * creations queue on it and get consecutive numbers; a rollback gives the number back.
 */
export async function nextNumber(ctx: TenantContext, kind: WorkItemKind, at: Date): Promise<string> {
  const year = Number(localDate(at, ctx.timezone).slice(0, 4));
  const { rows } = await sql<{ last_value: number }>`
    insert into work_item_counters (tenant_id, kind, year, last_value) values (${ctx.tenantId}, ${kind}, ${year}, 1)
    on conflict (tenant_id, kind, year) do update set last_value = work_item_counters.last_value + 1
    returning last_value`.execute(ctx.trx);
  return formatWorkItemNumber(kind, year, rows[0]!.last_value);
}
