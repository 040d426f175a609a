import { badRequest, conflict } from '@stationdesk/core';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import { requireWorkItem } from './access.ts';
import { applyTransition } from './transition.ts';
import type { AssignWorkItemInput, AssignWorkItemOutput, ListAssigneesInput, ListAssigneesOutput } from './assign.schema.ts';

/** Staff of a station who can take an item now: on duty and below their open-item limit. */
async function candidates(ctx: TenantContext, stationId: string) {
  const { rows } = await sql<{ user_id: string; open_items: number; max_open_items: number }>`
    select m.user_id, m.max_open_items,
           (select count(*) from work_items w where w.tenant_id = m.tenant_id and w.assignee_id = m.user_id and w.status <> 'closed')::int as open_items
      from memberships m
      join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
     where ms.station_id = ${stationId} and m.role = 'staff' and m.on_duty
     order by m.user_id`.execute(ctx.trx);
  return rows;
}

/**
 * Dispatch (派单): to a named person of the item's station (staff of it, or a manager), or round
 * robin among the station's staff on duty, skipping anyone at their open-item limit. The station
 * row is locked so two dispatches at once do not pick the same person.
 */
export async function assignItem(ctx: TenantContext, itemId: string, to: { userId: string } | { roundRobin: true }, opts: { note?: string | null; version?: number | undefined } = {}) {
  const item = await requireWorkItem(ctx, itemId);
  let userId: string;
  if ('roundRobin' in to) {
    const station = await ctx.trx
      .selectFrom('stations')
      .select(['id', 'last_assigned_user_id'])
      .where('id', '=', item.station_id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const free = (await candidates(ctx, item.station_id)).filter((c) => c.open_items < c.max_open_items);
    if (free.length === 0) throw conflict('errors.workItem.noStaffAvailable');
    const after = free.findIndex((c) => c.user_id > (station.last_assigned_user_id ?? ''));
    userId = free[after === -1 ? 0 : after]!.user_id;
    await ctx.trx.updateTable('stations').set({ last_assigned_user_id: userId }).where('id', '=', station.id).execute();
  } else {
    const member = await ctx.trx
      .selectFrom('memberships as m')
      .select(['m.role', 'm.id'])
      .select((eb) =>
        eb
          .exists(eb.selectFrom('membership_stations as ms').select('ms.station_id').whereRef('ms.membership_id', '=', 'm.id').where('ms.station_id', '=', item.station_id))
          .as('at_station'),
      )
      .where('m.user_id', '=', to.userId)
      .executeTakeFirst();
    if (!member || !(member.role === 'manager' || (member.role === 'staff' && member.at_station))) throw badRequest('errors.workItem.assigneeNotAtStation');
    userId = to.userId;
  }
  // A stale version fails there, and the round robin's pointer moves back with the rollback.
  return applyTransition(ctx, itemId, { action: 'assign', assigneeId: userId, note: opts.note ?? null, ...(opts.version !== undefined ? { version: opts.version } : {}) });
}

/** Dispatch as a person asks for it (workItem.assign): the item's new state and handler. */
export async function assignWorkItem(ctx: TenantContext, input: AssignWorkItemInput): Promise<AssignWorkItemOutput> {
  const to = 'roundRobin' in input ? { roundRobin: true as const } : { userId: input.assigneeId };
  const item = await assignItem(ctx, input.id, to, { note: input.note ?? null, version: input.version });
  return { status: item.status, version: item.version, assigneeId: item.assignee_id };
}

/** Who the item can be dispatched to: the station's staff with their load, and the managers. */
export async function listAssignees(ctx: TenantContext, input: ListAssigneesInput): Promise<ListAssigneesOutput> {
  const item = await requireWorkItem(ctx, input.id);
  const { rows } = await sql<{ user_id: string; name: string; role: string; on_duty: boolean; open_items: number; max_open_items: number }>`
    select m.user_id, u.display_name as name, m.role, m.on_duty, m.max_open_items,
           (select count(*) from work_items w where w.tenant_id = m.tenant_id and w.assignee_id = m.user_id and w.status <> 'closed')::int as open_items
      from memberships m join users u on u.id = m.user_id
     where m.role = 'manager'
        or (m.role = 'staff' and exists (select 1 from membership_stations ms where ms.tenant_id = m.tenant_id and ms.membership_id = m.id and ms.station_id = ${item.station_id}))
     order by m.role desc, u.display_name`.execute(ctx.trx);
  return rows.map((r) => ({ userId: r.user_id, name: r.name, role: r.role as 'staff' | 'manager', onDuty: r.on_duty, openItems: r.open_items, maxOpenItems: r.max_open_items }));
}
