import { generationRange, localDate, planRoundReminders, planRounds, roundDates, type PatrolSchedule, type RoundFloor, type WorkCalendar } from '@stationdesk/core';
import { sql } from 'kysely';
import { withSystemScan, withTenant, type Db, type Tx } from '@stationdesk/db';
import type { ScopedContext } from '../context.ts';
import { loadCalendar } from '../calendar/working-time.ts';
import { applyPlans } from '../reminders/schedule.ts';

export interface GenerationResult {
  /** Rounds written (planned today, missed for the past days a late run reached). */
  created: number;
  /** Rounds of past days left planned, now marked missed. */
  missed: number;
}

/** A plan's floors in walking order: its buildings by name, each building's floors in the building's own order. */
export async function planFloors(trx: Tx, planIds: readonly string[]): Promise<Map<string, RoundFloor[]>> {
  const out = new Map<string, RoundFloor[]>();
  if (planIds.length === 0) return out;
  const rows = await trx
    .selectFrom('patrol_plan_floors as f')
    .innerJoin('buildings as b', (j) => j.onRef('b.tenant_id', '=', 'f.tenant_id').onRef('b.id', '=', 'f.building_id'))
    .select(['f.plan_id', 'f.building_id', 'f.floor', 'b.name', 'b.floor_labels'])
    .where('f.plan_id', 'in', planIds)
    .execute();
  const rank = (r: (typeof rows)[number]) => {
    const i = r.floor_labels?.indexOf(r.floor) ?? -1;
    if (i >= 0) return i;
    // Without a list: basements first (B2 before B1), then 1F … nF, the roof last.
    if (r.floor === 'RF') return 100_000;
    return r.floor.startsWith('B') ? -Number(r.floor.slice(1)) : Number(r.floor.slice(0, -1));
  };
  rows.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.building_id.localeCompare(b.building_id) || rank(a) - rank(b));
  for (const r of rows) {
    const list = out.get(r.plan_id) ?? [];
    list.push({ buildingId: r.building_id, floor: r.floor });
    out.set(r.plan_id, list);
  }
  return out;
}

/**
 * Writes the rounds of the tenant's active plans up to today (local): each plan from the day after
 * the last one it was generated for — so a day the worker did not run is caught up, its past days
 * recorded as missed — and marks rounds of past days nobody started as missed. Idempotent: a round
 * is unique per plan and day, so a second run (or two at once) writes nothing more. Today's new
 * rounds get their reminders. `planIds` limits it to some plans (a plan just saved).
 */
export async function generateRounds(ctx: ScopedContext, opts: { now?: Date; planIds?: readonly string[] } = {}): Promise<GenerationResult> {
  const today = localDate(opts.now ?? new Date(), ctx.timezone);
  // A suspended tenant's rounds wait (nothing written, nothing marked missed); once resumed, its
  // plans pick up from the day of resumption (core's generationRange), not the suspended days.
  const tenant = await ctx.trx.selectFrom('tenants').select(['status', 'status_changed_at']).where('id', '=', ctx.tenantId).executeTakeFirst();
  if (!tenant || tenant.status === 'suspended') return { created: 0, missed: 0 };
  const resumedOn = tenant.status_changed_at ? localDate(new Date(tenant.status_changed_at), ctx.timezone) : null;
  // A plan being edited is skipped (its save plans today itself); the next run takes it.
  const plans = await ctx.trx
    .selectFrom('patrol_plans')
    .select(['id', 'station_id', 'frequency', 'weekdays', 'assignment', 'starts_on', 'generated_through'])
    .where('active', '=', true)
    .where((eb) => eb.or([eb('generated_through', 'is', null), eb('generated_through', '<', today)]))
    .$if(opts.planIds !== undefined, (q) => q.where('id', 'in', opts.planIds!.length ? [...opts.planIds!] : ['00000000-0000-0000-0000-000000000000']))
    .orderBy('id')
    .forUpdate()
    .skipLocked()
    .execute();
  let created = 0;
  if (plans.length) {
    const ids = plans.map((p) => p.id);
    const floorsOf = await planFloors(ctx.trx, ids);
    const points = await ctx.trx.selectFrom('patrol_plan_checklist').select(['plan_id', 'id']).where('plan_id', 'in', ids).where('archived_at', 'is', null).orderBy('position').execute();
    // Only those still staff of the plan's station take turns (one moved elsewhere is passed over).
    const { rows: staff } = await sql<{ plan_id: string; user_id: string }>`
      select ps.plan_id, ps.user_id from patrol_plan_staff ps
        join patrol_plans p on p.tenant_id = ps.tenant_id and p.id = ps.plan_id
        join memberships m on m.tenant_id = ps.tenant_id and m.user_id = ps.user_id and m.role = 'staff' and m.deactivated_at is null
        join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id and ms.station_id = p.station_id
       where ps.plan_id = any(${ids}::uuid[])
       order by ps.position`.execute(ctx.trx);
    let calendar: WorkCalendar | null = null;
    const fresh: { id: string; round_date: string; status: 'planned' | 'missed' }[] = [];
    for (const plan of plans) {
      const range = generationRange({ startsOn: plan.starts_on, generatedThrough: plan.generated_through }, today, resumedOn);
      const floors = floorsOf.get(plan.id) ?? [];
      const pointIds = points.filter((p) => p.plan_id === plan.id).map((p) => p.id);
      const staffIds = staff.filter((s) => s.plan_id === plan.id).map((s) => s.user_id);
      // A plan whose staff have all left (or with nothing to walk) has no rounds until it is fixed.
      if (range && floors.length && pointIds.length && staffIds.length) {
        if (plan.frequency === 'working_days') calendar ??= await loadCalendar(ctx.trx, ctx.timezone);
        const schedule: PatrolSchedule = { frequency: plan.frequency, weekdays: plan.weekdays };
        const dates = roundDates(schedule, calendar, range.from, range.to);
        if (dates.length) {
          const before = await ctx.trx
            .selectFrom('patrol_rounds')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('plan_id', '=', plan.id)
            .where('round_date', '<', dates[0]!)
            .executeTakeFirstOrThrow();
          const rounds = planRounds({ mode: plan.assignment, staffIds }, dates, Number(before.n), today);
          const rows = await ctx.trx
            .insertInto('patrol_rounds')
            .values(
              rounds.map((r) => ({
                tenant_id: ctx.tenantId,
                plan_id: plan.id,
                station_id: plan.station_id,
                round_date: r.date,
                assignee_id: r.assigneeId,
                status: r.status,
                floors: JSON.stringify(floors),
                point_ids: pointIds,
              })),
            )
            .onConflict((oc) => oc.columns(['tenant_id', 'plan_id', 'round_date']).doNothing())
            .returning(['id', 'round_date', 'status'])
            .execute();
          created += rows.length;
          fresh.push(...rows.map((r) => ({ id: r.id, round_date: r.round_date, status: r.status as 'planned' | 'missed' })));
        }
      }
      await ctx.trx.updateTable('patrol_plans').set({ generated_through: today }).where('id', '=', plan.id).execute();
    }
    await applyPlans(
      ctx,
      'patrol_round',
      fresh.map((r) => ({ id: r.id, plan: planRoundReminders({ id: r.id, roundDate: r.round_date, status: r.status }, ctx.timezone) })),
      { created: true },
    );
  }
  const missed = await ctx.trx
    .updateTable('patrol_rounds')
    .set({ status: 'missed' })
    .where('status', '=', 'planned')
    .where('round_date', '<', today)
    .executeTakeFirst();
  return { created, missed: Number(missed.numUpdatedRows) };
}

/**
 * The worker's run (every few minutes and at start): every active tenant's rounds up to its own
 * today, a tenant at a time in its own transaction (a suspended one is skipped). Returns the totals.
 */
export async function generateRoundsForAllTenants(db: Db, now = new Date()): Promise<GenerationResult & { tenants: number }> {
  const tenants = await withSystemScan(db, 'reminders', (trx) => trx.selectFrom('tenants').select(['id', 'timezone']).where('status', '=', 'active').execute());
  const total = { tenants: tenants.length, created: 0, missed: 0 };
  for (const t of tenants) {
    const r = await withTenant(db, t.id, (trx) => generateRounds({ trx, tenantId: t.id, timezone: t.timezone }, { now }));
    total.created += r.created;
    total.missed += r.missed;
  }
  return total;
}
