import { sql } from 'kysely';
import {
  addDays,
  AppError,
  badRequest,
  conflict,
  finishRefusal,
  forbidden,
  inRound,
  localDate,
  normalizeFloorLabel,
  notFound,
  roundActionRefusal,
  roundActions,
  roundProgress,
  weekStart,
  type RoundAction,
  type RoundFloor,
  type RoundStatus,
} from '@stationdesk/core';
import type { TenantContext } from '../context.ts';
import { applyPlans } from '../reminders/schedule.ts';
import { createPatrolFinding } from '../patrol/findings.ts';
import type {
  CheckRoundInput,
  CheckRoundOutput,
  FinishRoundInput,
  GetRoundInput,
  ListRoundsInput,
  ListRoundsOutput,
  RoundDetail,
  RoundSummary,
  StartRoundInput,
  TodayRounds,
} from './rounds.schema.ts';

const NO_ID = '00000000-0000-0000-0000-000000000000';
const today = (ctx: TenantContext) => localDate(new Date(), ctx.timezone);

/** Rounds with their plan, station and assignee, and what has been ticked (counted live). */
function roundsQuery(ctx: TenantContext) {
  return ctx.trx
    .selectFrom('patrol_rounds as r')
    .innerJoin('patrol_plans as p', (j) => j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.id', '=', 'r.plan_id'))
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.id', '=', 'r.station_id'))
    .innerJoin('users as u', 'u.id', 'r.assignee_id')
    .select([
      'r.id',
      'r.plan_id',
      'p.name as plan_name',
      'r.station_id',
      's.name as station_name',
      's.name_en as station_name_en',
      'r.round_date',
      'r.assignee_id',
      'u.display_name as assignee_name',
      'r.status',
      'r.started_at',
      'r.finished_at',
      'r.floors',
      'r.point_ids',
    ])
    .select(sql<number>`(select count(*) from patrol_round_checks c where c.tenant_id = r.tenant_id and c.round_id = r.id)::int`.as('checked'))
    .select(sql<number>`(select count(*) from patrol_round_checks c where c.tenant_id = r.tenant_id and c.round_id = r.id and c.result = 'finding')::int`.as('findings'));
}

type RoundRow = Awaited<ReturnType<ReturnType<typeof roundsQuery>['execute']>>[number];

const summaryOf = (r: RoundRow): RoundSummary => ({
  id: r.id,
  planId: r.plan_id,
  planName: r.plan_name,
  stationId: r.station_id,
  stationName: r.station_name,
  stationNameEn: r.station_name_en,
  roundDate: r.round_date,
  assigneeId: r.assignee_id,
  assigneeName: r.assignee_name,
  status: r.status,
  floors: r.floors.length,
  total: r.floors.length * r.point_ids.length,
  checked: r.checked,
  findings: r.findings,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** patrolRound.today: the caller's rounds of today, and their own earlier ones still in progress. */
export async function todayRounds(ctx: TenantContext): Promise<TodayRounds> {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const day = today(ctx);
  const rows = await roundsQuery(ctx)
    .where('r.assignee_id', '=', ctx.actor.userId)
    .where((eb) => eb.or([eb('r.round_date', '=', day), eb.and([eb('r.status', '=', 'in_progress'), eb('r.round_date', '<', day)])]))
    .orderBy('r.round_date')
    .orderBy('p.name')
    .orderBy('r.id')
    .execute();
  return { today: day, rounds: rows.map(summaryOf) };
}

/**
 * The round for `action`, locked when it is to be written; refused unless the caller is its
 * assignee or a manager. Another tenant's round is not found (row-level security).
 */
async function loadRound(ctx: TenantContext, id: string, lock: boolean) {
  if (ctx.actor.role === 'enterprise_admin') throw forbidden('errors.roleNotAllowed');
  const round = await ctx.trx
    .selectFrom('patrol_rounds')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
  if (!round) throw notFound('errors.patrolRounds.roundNotFound');
  if (ctx.actor.role !== 'manager' && round.assignee_id !== ctx.actor.userId) throw forbidden('errors.patrolRounds.notYourRound');
  return round;
}

type LoadedRound = Awaited<ReturnType<typeof loadRound>>;

function refuse(ctx: TenantContext, action: RoundAction, round: LoadedRound): void {
  const key = roundActionRefusal(action, { status: round.status, assigneeId: round.assignee_id, roundDate: round.round_date }, { userId: ctx.actor.userId, role: ctx.actor.role }, today(ctx));
  if (!key) return;
  throw new AppError(key === 'errors.roleNotAllowed' || key === 'errors.patrolRounds.notYourRound' ? 'FORBIDDEN' : 'CONFLICT', key);
}

/** patrolRound.get: the round to walk, its floors in order, the checklist, the ticks, and what the caller may do. */
export async function getRound(ctx: TenantContext, input: GetRoundInput): Promise<RoundDetail> {
  await loadRound(ctx, input.id, false);
  const row = await roundsQuery(ctx)
    .leftJoin('users as w', 'w.id', 'r.walked_by')
    .select(['w.display_name as walked_by_name', 'r.finish_note'])
    .where('r.id', '=', input.id)
    .executeTakeFirstOrThrow();
  const points = await ctx.trx.selectFrom('patrol_plan_checklist').select(['id', 'label']).where('id', 'in', row.point_ids.length ? row.point_ids : [NO_ID]).execute();
  const labelOf = new Map(points.map((p) => [p.id, p.label]));
  const buildingIds = [...new Set(row.floors.map((f) => f.buildingId))];
  const buildings = buildingIds.length ? await ctx.trx.selectFrom('buildings').select(['id', 'name', 'name_en']).where('id', 'in', buildingIds).execute() : [];
  const buildingOf = new Map(buildings.map((b) => [b.id, b]));
  const checks = await ctx.trx
    .selectFrom('patrol_round_checks as c')
    .innerJoin('users as u', 'u.id', 'c.checked_by')
    .leftJoin('work_items as i', (j) => j.onRef('i.tenant_id', '=', 'c.tenant_id').onRef('i.id', '=', 'c.finding_item_id'))
    .select(['c.id', 'c.building_id', 'c.floor', 'c.point_id', 'c.result', 'c.note', 'c.finding_item_id', 'i.number', 'c.checked_at', 'u.display_name', 'c.client_id'])
    .where('c.round_id', '=', input.id)
    .orderBy('c.checked_at')
    .orderBy('c.id')
    .execute();
  const progress = roundProgress({ floors: row.floors, pointIds: row.point_ids }, checks.map((c) => ({ buildingId: c.building_id, floor: c.floor, pointId: c.point_id, result: c.result })));
  const day = today(ctx);
  const allowed = roundActions.filter(
    (a) =>
      roundActionRefusal(a, { status: row.status, assigneeId: row.assignee_id, roundDate: row.round_date }, { userId: ctx.actor.userId, role: ctx.actor.role }, day) === null &&
      // Starting is for a round nobody started; a check starts one by itself.
      (a !== 'start' || row.status === 'planned'),
  );
  return {
    ...summaryOf(row),
    walkedByName: row.walked_by_name,
    finishNote: row.finish_note,
    points: row.point_ids.map((id) => ({ id, label: labelOf.get(id) ?? '' })),
    floorList: row.floors.map((f) => ({ buildingId: f.buildingId, buildingName: buildingOf.get(f.buildingId)?.name ?? '', buildingNameEn: buildingOf.get(f.buildingId)?.name_en ?? null, floor: f.floor })),
    checks: checks.map((c) => ({
      id: c.id,
      buildingId: c.building_id,
      floor: c.floor,
      pointId: c.point_id,
      result: c.result,
      note: c.note,
      findingItemId: c.finding_item_id,
      findingNumber: c.number,
      checkedAt: c.checked_at,
      checkedByName: c.display_name,
      clientId: c.client_id,
    })),
    allowed,
    missing: progress.missing.length,
  };
}

/** Marks the round started by the caller (its first check does the same). */
async function markStarted(ctx: TenantContext, round: LoadedRound): Promise<string> {
  if (round.status !== 'planned') return round.started_at!;
  const now = new Date().toISOString();
  await ctx.trx.updateTable('patrol_rounds').set({ status: 'in_progress', started_at: now, walked_by: ctx.actor.userId }).where('id', '=', round.id).execute();
  return now;
}

/** patrolRound.start: the assignee (or a manager) sets out. Starting a started round changes nothing. */
export async function startRound(ctx: TenantContext, input: StartRoundInput): Promise<{ status: RoundStatus; startedAt: string }> {
  const round = await loadRound(ctx, input.id, true);
  refuse(ctx, 'start', round);
  const startedAt = await markStarted(ctx, round);
  return { status: 'in_progress', startedAt };
}

async function progressOf(ctx: TenantContext, round: { id: string; floors: RoundFloor[]; point_ids: string[] }) {
  const checks = await ctx.trx.selectFrom('patrol_round_checks').select(['building_id', 'floor', 'point_id', 'result']).where('round_id', '=', round.id).execute();
  return roundProgress({ floors: round.floors, pointIds: round.point_ids }, checks.map((c) => ({ buildingId: c.building_id, floor: c.floor, pointId: c.point_id, result: c.result })));
}

/**
 * patrolRound.check: one point of one floor, OK or a finding. The same client id again answers
 * what it answered first and writes nothing (even once the round is finished: the phone may send
 * its queue late). A point is recorded once; a point ticked OK may still be turned into a finding,
 * a finding stays (it is followed up as its own item).
 */
export async function checkRound(ctx: TenantContext, input: CheckRoundInput): Promise<CheckRoundOutput> {
  const round = await loadRound(ctx, input.id, true);
  const answer = async (check: { id: string; result: 'ok' | 'finding'; finding_item_id: string | null }, replayed: boolean, status: RoundStatus): Promise<CheckRoundOutput> => {
    const p = await progressOf(ctx, round);
    return { checkId: check.id, result: check.result, findingItemId: check.finding_item_id, replayed, status, checked: p.checked, total: p.total };
  };
  const sent = await ctx.trx.selectFrom('patrol_round_checks').select(['id', 'building_id', 'floor', 'point_id', 'result', 'finding_item_id']).where('round_id', '=', round.id).where('client_id', '=', input.clientId).executeTakeFirst();
  const floor = normalizeFloorLabel(input.floor) ?? input.floor;
  if (sent) {
    if (sent.building_id !== input.buildingId || sent.floor !== floor || sent.point_id !== input.pointId || sent.result !== input.result) throw conflict('errors.patrolRounds.clientIdReused');
    return answer(sent, true, round.status);
  }
  refuse(ctx, 'check', round);
  const key = { buildingId: input.buildingId, floor, pointId: input.pointId };
  if (!inRound({ floors: round.floors, pointIds: round.point_ids }, key)) throw badRequest('errors.patrolRounds.notInRound');

  // A finding names one: made now, or made before. An OK names none.
  if (input.result === 'finding' && Boolean(input.finding) === Boolean(input.findingItemId)) throw badRequest('errors.patrolRounds.findingRequired');
  if (input.result === 'ok' && (input.finding || input.findingItemId)) throw badRequest('errors.invalidInput');
  const before = await ctx.trx
    .selectFrom('patrol_round_checks')
    .select(['id', 'result'])
    .where('round_id', '=', round.id)
    .where('building_id', '=', key.buildingId)
    .where('floor', '=', key.floor)
    .where('point_id', '=', key.pointId)
    .executeTakeFirst();
  if (before?.result === 'finding') throw conflict('errors.patrolRounds.findingLocked');
  await markStarted(ctx, round);
  if (before && input.result === 'ok') return answer({ id: before.id, result: 'ok', finding_item_id: null }, false, 'in_progress');

  // The finding: made here, in the check's transaction (patrol/'s use case), or one already made on this floor.
  let findingItemId: string | null = null;
  if (input.finding) findingItemId = (await createPatrolFinding(ctx, { ...input.finding, buildingId: key.buildingId, floor: key.floor })).id;
  else if (input.findingItemId) findingItemId = await checkFindingOnFloor(ctx, round.station_id, key, input.findingItemId);

  let check: { id: string; result: 'ok' | 'finding'; finding_item_id: string | null };
  if (before) {
    // A second look found a problem: the OK becomes a finding (the later client id is kept).
    check = await ctx.trx
      .updateTable('patrol_round_checks')
      .set({ result: 'finding', finding_item_id: findingItemId, note: input.note ?? null, checked_by: ctx.actor.userId, checked_at: new Date(), client_id: input.clientId })
      .where('id', '=', before.id)
      .returning(['id', 'result', 'finding_item_id'])
      .executeTakeFirstOrThrow();
  } else {
    check = await ctx.trx
      .insertInto('patrol_round_checks')
      .values({
        tenant_id: ctx.tenantId,
        round_id: round.id,
        building_id: key.buildingId,
        floor: key.floor,
        point_id: key.pointId,
        result: input.result,
        finding_item_id: findingItemId,
        note: input.note ?? null,
        checked_by: ctx.actor.userId,
        client_id: input.clientId,
      })
      .returning(['id', 'result', 'finding_item_id'])
      .executeTakeFirstOrThrow();
  }
  return answer(check, false, 'in_progress');
}

/** A finding named by a check: a patrol finding of the round's station, on the checked building and floor. */
async function checkFindingOnFloor(ctx: TenantContext, stationId: string, at: RoundFloor, itemId: string): Promise<string> {
  const finding = await ctx.trx
    .selectFrom('work_items as i')
    .innerJoin('patrol_findings as f', (j) => j.onRef('f.tenant_id', '=', 'i.tenant_id').onRef('f.item_id', '=', 'i.id'))
    .select('i.id')
    .where('i.id', '=', itemId)
    .where('i.kind', '=', 'patrol')
    .where('i.station_id', '=', stationId)
    .where('f.building_id', '=', at.buildingId)
    .where('f.floor', '=', at.floor)
    .executeTakeFirst();
  if (!finding) throw badRequest('errors.patrolRounds.findingNotFound');
  return finding.id;
}

/**
 * patrolRound.finish: done — every point ticked OK or a finding, or, with points left, a reason
 * (kept with the round). Records the floors covered and the counts; the round's reminders go.
 */
export async function finishRound(ctx: TenantContext, input: FinishRoundInput): Promise<{ status: RoundStatus; finishedAt: string; checked: number; total: number; findings: number }> {
  const round = await loadRound(ctx, input.id, true);
  refuse(ctx, 'finish', round);
  const progress = await progressOf(ctx, round);
  const refusal = finishRefusal(progress, input.reason);
  if (refusal) throw new AppError('PRECONDITION_FAILED', refusal, { missing: progress.missing.length });
  const finishedAt = new Date().toISOString();
  await ctx.trx
    .updateTable('patrol_rounds')
    .set({
      status: 'done',
      finished_at: finishedAt,
      floors_covered: JSON.stringify(progress.floorsCovered),
      checked: progress.checked,
      findings: progress.findings,
      finish_note: progress.missing.length ? (input.reason?.trim() ?? null) : null,
    })
    .where('id', '=', round.id)
    .execute();
  await applyPlans(ctx, 'patrol_round', [{ id: round.id, plan: [] }]);
  return { status: 'done', finishedAt, checked: progress.checked, total: progress.total, findings: progress.findings };
}

/**
 * patrolRound.list (managers): a week's rounds, Monday to Sunday — per station planned against
 * walked (and walked in full, in progress, not started, missed) — and the rounds themselves,
 * unfinished first.
 */
export async function listRounds(ctx: TenantContext, input?: ListRoundsInput): Promise<ListRoundsOutput> {
  if (ctx.actor.role !== 'manager') throw forbidden('errors.roleNotAllowed');
  const day = today(ctx);
  const from = weekStart(input?.week ?? day);
  const to = addDays(from, 6);
  let q = roundsQuery(ctx).where('r.round_date', '>=', from).where('r.round_date', '<=', to);
  if (input?.stationId) q = q.where('r.station_id', '=', input.stationId);
  const rows = await q.orderBy('r.round_date').orderBy('s.code').orderBy('p.name').orderBy('r.id').execute();
  const all = rows.map(summaryOf);
  const stations = await ctx.trx
    .selectFrom('stations')
    .select(['id', 'name', 'name_en'])
    .$if(input?.stationId !== undefined, (s) => s.where('id', '=', input!.stationId!))
    .orderBy('code')
    .execute();
  const openFirst = (r: RoundSummary) => (r.status === 'in_progress' ? 0 : r.status === 'planned' ? 1 : r.status === 'missed' ? 2 : 3);
  return {
    weekStart: from,
    weekEnd: to,
    today: day,
    stations: stations.map((s) => {
      const mine = all.filter((r) => r.stationId === s.id);
      return {
        stationId: s.id,
        stationName: s.name,
        stationNameEn: s.name_en,
        planned: mine.length,
        done: mine.filter((r) => r.status === 'done').length,
        complete: mine.filter((r) => r.status === 'done' && r.checked === r.total).length,
        inProgress: mine.filter((r) => r.status === 'in_progress').length,
        notStarted: mine.filter((r) => r.status === 'planned').length,
        missed: mine.filter((r) => r.status === 'missed').length,
      };
    }),
    rounds: all.filter((r) => !input?.status || r.status === input.status).sort((a, b) => openFirst(a) - openFirst(b) || a.roundDate.localeCompare(b.roundDate)),
  };
}
