import { sql } from 'kysely';
import {
  addDays,
  badRequest,
  buildingFloorLabels,
  defaultPatrolChecklist,
  floorOfBuilding,
  forbidden,
  localDate,
  notFound,
  scheduleProblems,
  staffProblems,
  type PatrolAssignmentMode,
} from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { applyPlans } from '../reminders/schedule.ts';
import { generateRounds, planFloors } from './generate.ts';
import type { CreatePatrolPlanInput, ListPatrolPlansInput, PatrolPlanOptions, PatrolPlanView, UpdatePatrolPlanInput } from './plans.schema.ts';

/** Plans are the managers' (staff walk the rounds made from them). */
function requireManager(ctx: TenantContext) {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The buildings and floors a plan names, checked against its station: each building must be the
 * station's, each floor one the building has (labels as people type them: "3" is 3F, "-1" B1).
 * Returns the floors as stored, each once.
 */
async function checkFloors(ctx: TenantContext, stationId: string, buildings: CreatePatrolPlanInput['buildings']): Promise<{ buildingId: string; floor: string }[]> {
  const ids = [...new Set(buildings.map((b) => b.buildingId))];
  const rows = await ctx.trx.selectFrom('buildings').select(['id', 'station_id', 'name', 'floors', 'floor_labels']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, { buildingId: string; floor: string }>();
  for (const b of buildings) {
    const building = byId.get(b.buildingId);
    if (!building || building.station_id !== stationId) throw badRequest('errors.patrolRounds.buildingNotInStation');
    for (const typed of b.floors) {
      const floor = floorOfBuilding({ floors: building.floors, floorLabels: building.floor_labels }, typed);
      if (!floor) throw badRequest('errors.patrolRounds.floorNotInBuilding', { building: building.name, floor: typed });
      out.set(`${b.buildingId}:${floor}`, { buildingId: b.buildingId, floor });
    }
  }
  if (out.size === 0) throw badRequest('errors.patrolRounds.noFloors');
  return [...out.values()];
}

/** The plan's staff: each a staff member of its station, as many as the mode takes. */
async function checkStaff(ctx: TenantContext, stationId: string, mode: PatrolAssignmentMode, staffIds: readonly string[]): Promise<void> {
  const problem = staffProblems(mode, staffIds)[0];
  if (problem) throw badRequest(problem);
  const { rows } = await sql<{ user_id: string }>`
    select m.user_id from memberships m
      join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
     where m.tenant_id = ${ctx.tenantId} and m.role = 'staff' and ms.station_id = ${stationId} and m.user_id = any(${[...staffIds]}::uuid[])`.execute(ctx.trx);
  if (new Set(rows.map((r) => r.user_id)).size !== staffIds.length) throw badRequest('errors.patrolRounds.staffNotInStation');
}

function checkSchedule(frequency: PatrolPlanView['frequency'], weekdays: readonly number[]): number[] {
  const days = frequency === 'weekly' ? [...weekdays].sort((a, b) => a - b) : [];
  const problem = scheduleProblems({ frequency, weekdays: frequency === 'weekly' ? weekdays : [] })[0];
  if (problem) throw badRequest(problem);
  return days;
}

function checkLabels(labels: readonly string[]): void {
  const seen = new Set<string>();
  for (const label of labels) {
    if (seen.has(label)) throw badRequest('errors.patrolRounds.duplicatePoint', { label });
    seen.add(label);
  }
}

/** patrolPlan.create: a plan, its floors, staff and checklist; today's round at once if today is due. */
export async function createPatrolPlan(ctx: TenantContext, input: CreatePatrolPlanInput): Promise<{ id: string }> {
  requireManager(ctx);
  const today = localDate(new Date(), ctx.timezone);
  const startsOn = input.startsOn ?? today;
  if (startsOn < today) throw badRequest('errors.patrolRounds.startsInPast');
  const station = await ctx.trx.selectFrom('stations').select('id').where('id', '=', input.stationId).executeTakeFirst();
  if (!station) throw notFound();
  const weekdays = checkSchedule(input.frequency, input.weekdays ?? []);
  const floors = await checkFloors(ctx, input.stationId, input.buildings);
  await checkStaff(ctx, input.stationId, input.assignment, input.staffIds);
  const checklist = input.checklist ?? [...defaultPatrolChecklist];
  checkLabels(checklist);

  const plan = await ctx.trx
    .insertInto('patrol_plans')
    .values({
      tenant_id: ctx.tenantId,
      station_id: input.stationId,
      name: input.name,
      frequency: input.frequency,
      weekdays,
      assignment: input.assignment,
      starts_on: startsOn,
      created_by: ctx.actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ctx.trx.insertInto('patrol_plan_floors').values(floors.map((f) => ({ tenant_id: ctx.tenantId, plan_id: plan.id, building_id: f.buildingId, floor: f.floor }))).execute();
  await ctx.trx.insertInto('patrol_plan_staff').values(input.staffIds.map((userId, position) => ({ tenant_id: ctx.tenantId, plan_id: plan.id, user_id: userId, position }))).execute();
  await ctx.trx.insertInto('patrol_plan_checklist').values(checklist.map((label, position) => ({ tenant_id: ctx.tenantId, plan_id: plan.id, label, position }))).execute();
  await generateRounds(ctx, { planIds: [plan.id] });
  return { id: plan.id };
}

/**
 * patrolPlan.update: what is given replaces what the plan had. Rounds already made keep their
 * floors and points; today's, if nobody has started it, is made again from the plan as saved (or
 * dropped, when the plan was switched off or today is no longer due). A plan switched on again
 * starts from today: the days it was off are not missed rounds.
 */
export async function updatePatrolPlan(ctx: TenantContext, input: UpdatePatrolPlanInput): Promise<PatrolPlanView> {
  requireManager(ctx);
  const plan = await ctx.trx.selectFrom('patrol_plans').selectAll().where('id', '=', input.id).forUpdate().executeTakeFirst();
  if (!plan) throw notFound('errors.patrolRounds.planNotFound');
  const today = localDate(new Date(), ctx.timezone);
  const frequency = input.frequency ?? plan.frequency;
  const weekdays = checkSchedule(frequency, input.weekdays ?? plan.weekdays);
  const assignment = input.assignment ?? plan.assignment;
  const floors = input.buildings ? await checkFloors(ctx, plan.station_id, input.buildings) : null;
  const staffIds =
    input.staffIds ?? (await ctx.trx.selectFrom('patrol_plan_staff').select('user_id').where('plan_id', '=', plan.id).orderBy('position').execute()).map((s) => s.user_id);
  if (input.staffIds || input.assignment) await checkStaff(ctx, plan.station_id, assignment, staffIds);
  if (input.checklist) checkLabels(input.checklist.map((p) => p.label));

  const active = input.active ?? plan.active;
  const reactivated = active && !plan.active;
  const yesterday = addDays(today, -1);
  await ctx.trx
    .updateTable('patrol_plans')
    .set({
      name: input.name ?? plan.name,
      frequency,
      weekdays,
      assignment,
      active,
      updated_at: new Date(),
      ...(reactivated && (plan.generated_through === null || plan.generated_through < yesterday) && plan.starts_on <= yesterday ? { generated_through: yesterday } : {}),
    })
    .where('id', '=', plan.id)
    .execute();
  if (floors) {
    await ctx.trx.deleteFrom('patrol_plan_floors').where('plan_id', '=', plan.id).execute();
    await ctx.trx.insertInto('patrol_plan_floors').values(floors.map((f) => ({ tenant_id: ctx.tenantId, plan_id: plan.id, building_id: f.buildingId, floor: f.floor }))).execute();
  }
  if (input.staffIds) {
    await ctx.trx.deleteFrom('patrol_plan_staff').where('plan_id', '=', plan.id).execute();
    await ctx.trx.insertInto('patrol_plan_staff').values(input.staffIds.map((userId, position) => ({ tenant_id: ctx.tenantId, plan_id: plan.id, user_id: userId, position }))).execute();
  }
  if (input.checklist) await saveChecklist(ctx, plan.id, input.checklist);

  // Today's round, not started: made again from the plan as it now is.
  const unstarted = await ctx.trx
    .deleteFrom('patrol_rounds')
    .where('plan_id', '=', plan.id)
    .where('round_date', '=', today)
    .where('status', '=', 'planned')
    .returning('id')
    .executeTakeFirst();
  if (unstarted) {
    await applyPlans(ctx, 'patrol_round', [{ id: unstarted.id, plan: [] }]);
    await ctx.trx.updateTable('patrol_plans').set({ generated_through: yesterday }).where('id', '=', plan.id).where('generated_through', '>=', today).execute();
  }
  await generateRounds(ctx, { planIds: [plan.id] });
  const [view] = await planViews(ctx, { ids: [plan.id] });
  return view!;
}

/** The whole checklist in order: kept (renamed, moved), added, or archived when left out. */
async function saveChecklist(ctx: TenantContext, planId: string, points: NonNullable<UpdatePatrolPlanInput['checklist']>): Promise<void> {
  const current = await ctx.trx.selectFrom('patrol_plan_checklist').select(['id', 'label', 'position']).where('plan_id', '=', planId).where('archived_at', 'is', null).execute();
  const known = new Set(current.map((p) => p.id));
  for (const p of points) if (p.id && !known.has(p.id)) throw badRequest('errors.patrolRounds.unknownPoint');
  const kept = new Set(points.flatMap((p) => (p.id ? [p.id] : [])));
  const gone = current.filter((p) => !kept.has(p.id)).map((p) => p.id);
  if (gone.length) await ctx.trx.updateTable('patrol_plan_checklist').set({ archived_at: new Date() }).where('id', 'in', gone).execute();
  for (const [position, p] of points.entries()) {
    if (p.id) await ctx.trx.updateTable('patrol_plan_checklist').set({ label: p.label, position }).where('id', '=', p.id).execute();
    else await ctx.trx.insertInto('patrol_plan_checklist').values({ tenant_id: ctx.tenantId, plan_id: planId, label: p.label, position }).execute();
  }
}

/** patrolPlan.list: the plans with their floors, staff and checklist, by station and name. */
export async function listPatrolPlans(ctx: TenantContext, input?: ListPatrolPlansInput): Promise<PatrolPlanView[]> {
  requireManager(ctx);
  return planViews(ctx, input?.stationId ? { stationId: input.stationId } : {});
}

async function planViews(ctx: TenantContext, where: { ids?: string[]; stationId?: string }): Promise<PatrolPlanView[]> {
  const plans = await ctx.trx
    .selectFrom('patrol_plans as p')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'p.tenant_id').onRef('s.id', '=', 'p.station_id'))
    .select(['p.id', 'p.station_id', 's.name as station_name', 's.name_en as station_name_en', 's.code', 'p.name', 'p.frequency', 'p.weekdays', 'p.assignment', 'p.active', 'p.starts_on', 'p.generated_through'])
    .$if(where.ids !== undefined, (q) => q.where('p.id', 'in', where.ids!.length ? where.ids! : [NO_ID]))
    .$if(where.stationId !== undefined, (q) => q.where('p.station_id', '=', where.stationId!))
    .orderBy('s.code')
    .orderBy('p.name')
    .orderBy('p.id')
    .execute();
  if (plans.length === 0) return [];
  const ids = plans.map((p) => p.id);
  const floors = await planFloors(ctx.trx, ids);
  const buildingIds = [...new Set([...floors.values()].flatMap((fs) => fs.map((f) => f.buildingId)))];
  const buildings = buildingIds.length ? await ctx.trx.selectFrom('buildings').select(['id', 'name', 'name_en']).where('id', 'in', buildingIds).execute() : [];
  const buildingOf = new Map(buildings.map((b) => [b.id, b]));
  const staff = await ctx.trx
    .selectFrom('patrol_plan_staff as ps')
    .innerJoin('users as u', 'u.id', 'ps.user_id')
    .select(['ps.plan_id', 'ps.user_id', 'u.display_name'])
    .where('ps.plan_id', 'in', ids)
    .orderBy('ps.position')
    .execute();
  const points = await ctx.trx.selectFrom('patrol_plan_checklist').select(['plan_id', 'id', 'label']).where('plan_id', 'in', ids).where('archived_at', 'is', null).orderBy('position').execute();
  return plans.map((p) => {
    const grouped: PatrolPlanView['buildings'] = [];
    for (const f of floors.get(p.id) ?? []) {
      let g = grouped.find((b) => b.buildingId === f.buildingId);
      if (!g) {
        const b = buildingOf.get(f.buildingId);
        g = { buildingId: f.buildingId, name: b?.name ?? '', nameEn: b?.name_en ?? null, floors: [] };
        grouped.push(g);
      }
      g.floors.push(f.floor);
    }
    return {
      id: p.id,
      stationId: p.station_id,
      stationName: p.station_name,
      stationNameEn: p.station_name_en,
      name: p.name,
      frequency: p.frequency,
      weekdays: p.weekdays,
      assignment: p.assignment,
      active: p.active,
      startsOn: p.starts_on,
      generatedThrough: p.generated_through,
      buildings: grouped,
      staff: staff.filter((s) => s.plan_id === p.id).map((s) => ({ userId: s.user_id, name: s.display_name })),
      checklist: points.filter((c) => c.plan_id === p.id).map((c) => ({ id: c.id, label: c.label })),
    };
  });
}

/** patrolPlan.options: every station with its buildings (their floors) and its staff, for the plan form. */
export async function patrolPlanOptions(ctx: TenantContext): Promise<PatrolPlanOptions> {
  requireManager(ctx);
  const stations = await ctx.trx.selectFrom('stations').select(['id', 'name', 'name_en']).orderBy('code').execute();
  const buildings = await ctx.trx.selectFrom('buildings').select(['id', 'station_id', 'name', 'name_en', 'floors', 'floor_labels']).orderBy('name').execute();
  const { rows: staff } = await sql<{ station_id: string; user_id: string; name: string }>`
    select ms.station_id, m.user_id, u.display_name as name from memberships m
      join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
      join users u on u.id = m.user_id
     where m.tenant_id = ${ctx.tenantId} and m.role = 'staff'
     order by u.display_name, m.user_id`.execute(ctx.trx);
  return stations.map((s) => ({
    id: s.id,
    name: s.name,
    nameEn: s.name_en,
    buildings: buildings
      .filter((b) => b.station_id === s.id)
      .map((b) => ({ id: b.id, name: b.name, nameEn: b.name_en, floors: buildingFloorLabels({ floors: b.floors, floorLabels: b.floor_labels }) })),
    staff: staff.filter((m) => m.station_id === s.id).map((m) => ({ userId: m.user_id, name: m.name })),
  }));
}
