import { badRequest, forbidden, notFound } from '@stationdesk/core';
import { repo } from '@stationdesk/db';
import { sql } from 'kysely';
import type { TenantContext } from '../context.ts';
import type { DutyOutput, UpdateDutyInput } from './duty.schema.ts';
import { requireCurrentVersion, settingsVersion } from './version.ts';

interface DutyRow {
  membership_id: string;
  user_id: string;
  name: string;
  email: string;
  on_duty: boolean;
  max_open_items: number;
  stations: DutyOutput['stations'] | null;
  open_items: number;
}

/**
 * Staff of the tenant with their stations, duty and load. The membership read policy also shows a
 * user their own memberships of other tenants, hence the explicit tenant filter.
 */
async function dutyRows(ctx: TenantContext, userId?: string): Promise<DutyRow[]> {
  const { rows } = await sql<DutyRow>`
    select m.id as membership_id, m.user_id, u.display_name as name, u.email, m.on_duty, m.max_open_items,
           (select json_agg(json_build_object('id', s.id, 'code', s.code, 'name', s.name, 'nameEn', s.name_en) order by s.code)
              from membership_stations ms join stations s on s.tenant_id = ms.tenant_id and s.id = ms.station_id
             where ms.tenant_id = m.tenant_id and ms.membership_id = m.id) as stations,
           coalesce(load.n, 0)::int as open_items
      from memberships m
      join users u on u.id = m.user_id
      left join (select assignee_id, count(*) as n from work_items
                  where tenant_id = ${ctx.tenantId} and status <> 'closed' and assignee_id is not null
                  group by assignee_id) load on load.assignee_id = m.user_id
     where m.tenant_id = ${ctx.tenantId} and m.role = 'staff'
       ${userId ? sql`and m.user_id = ${userId}` : sql``}
     order by u.display_name, m.user_id`.execute(ctx.trx);
  return rows;
}

const toView = (r: DutyRow): DutyOutput => ({
  userId: r.user_id,
  name: r.name,
  email: r.email,
  stations: (r.stations ?? []).map((s) => ({ id: s.id, code: s.code, name: s.name, nameEn: s.nameEn })),
  onDuty: r.on_duty,
  maxOpenItems: r.max_open_items,
  openItems: r.open_items,
  version: dutyVersion(r),
});

const dutyVersion = (r: Pick<DutyRow, 'on_duty' | 'max_open_items'>) => settingsVersion([r.on_duty, r.max_open_items]);

/** Managers see every staff member; staff see their own line. */
export async function listDuty(ctx: TenantContext): Promise<DutyOutput[]> {
  if (ctx.actor.role === 'manager') return (await dutyRows(ctx)).map(toView);
  if (ctx.actor.role === 'staff') return (await dutyRows(ctx, ctx.actor.userId)).map(toView);
  throw forbidden('errors.roleNotAllowed');
}

/** Managers set anyone's duty and open-item limit; staff may only go on or off duty themselves. */
export async function updateDuty(ctx: TenantContext, input: UpdateDutyInput): Promise<DutyOutput> {
  if (ctx.actor.role === 'staff') {
    if (input.userId !== ctx.actor.userId) throw forbidden('errors.duty.ownDutyOnly');
    if (input.maxOpenItems !== undefined) throw forbidden('errors.roleNotAllowed');
  } else if (ctx.actor.role !== 'manager') {
    throw forbidden('errors.roleNotAllowed');
  }
  if (input.maxOpenItems !== undefined && (!Number.isInteger(input.maxOpenItems) || input.maxOpenItems < 1 || input.maxOpenItems > 1000)) {
    throw badRequest('errors.duty.badLimit');
  }
  // The member's row, locked until the save commits: a second save waits, then compares versions.
  await ctx.trx
    .selectFrom('memberships')
    .select('id')
    .where('tenant_id', '=', ctx.tenantId)
    .where('user_id', '=', input.userId)
    .where('role', '=', 'staff')
    .forUpdate()
    .execute();
  const [before] = await dutyRows(ctx, input.userId);
  if (!before) throw notFound('errors.duty.memberNotFound');
  requireCurrentVersion(input.version, dutyVersion(before));
  const set = {
    ...(input.onDuty !== undefined ? { on_duty: input.onDuty } : {}),
    ...(input.maxOpenItems !== undefined ? { max_open_items: input.maxOpenItems } : {}),
  };
  if (Object.keys(set).length > 0) {
    await ctx.trx.updateTable('memberships').set(set).where('tenant_id', '=', ctx.tenantId).where('id', '=', before.membership_id).execute();
    await repo.recordAudit(ctx.trx, {
      tenantId: ctx.tenantId,
      actorUserId: ctx.actor.userId,
      action: 'duty.updated',
      subjectType: 'membership',
      subjectId: before.membership_id,
      data: {
        userId: input.userId,
        before: { onDuty: before.on_duty, maxOpenItems: before.max_open_items },
        after: { onDuty: input.onDuty ?? before.on_duty, maxOpenItems: input.maxOpenItems ?? before.max_open_items },
      },
      ip: ctx.actor.ip,
    });
  }
  return toView({ ...before, ...set });
}
