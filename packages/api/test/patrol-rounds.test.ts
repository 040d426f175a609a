import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, weekdayOf, zonedTimeToInstant } from '@stationdesk/core';
import { withTenant } from '@stationdesk/db';
import { fireReminder, flushInbox, generateRounds, generateRoundsForAllTenants } from '@stationdesk/services';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Patrol rounds (issue 19): plans checked against their station, rounds generated from them —
 * idempotent, caught up, holidays skipped, round-robin —, walked point by point with the phone's
 * client ids, finished by the rule, reminded while unfinished, refused to the wrong people.
 */
const TZ = 'Asia/Shanghai';
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff1: Client;
let staff2: Client;
let staffElsewhere: Client;
let enterpriseAdmin: Client;
let foreignManager: Client;
const ids = { staff1: '', staff2: '', staffElsewhere: '' };
let today: string;
let station0: string;
let tower: string; // station 0's first building, 5 floors with a basement
let annex: string; // station 0's second building, floors unknown

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
/** 09:00 local on `date`: what the generator takes as now. */
const at = (date: string, minutes = 9 * 60) => new Date(zonedTimeToInstant(date, minutes, TZ));
const generate = (date: string, tenantId = tenant.tenantId) => withTenant(t.db, tenantId, (trx) => generateRounds({ trx, tenantId, timezone: TZ }, { now: at(date) }));
const roundsOf = (planId: string) =>
  q<{ id: string; round_date: string; status: string; assignee_id: string }>(`select id, to_char(round_date, 'YYYY-MM-DD') as round_date, status, assignee_id from patrol_rounds where plan_id = $1 order by round_date`, [planId]);
const clientId = () => `c-${uid()}${uid()}`;

const basePlan = () => ({
  stationId: station0,
  name: `日常巡查-${uid()}`,
  frequency: 'daily' as const,
  assignment: 'fixed' as const,
  staffIds: [ids.staff1],
  buildings: [{ buildingId: tower, floors: ['B1', '1F', '2'] }],
  checklist: ['消防通道畅通', '无群租迹象'],
});

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  const m = await makeMember(t.owner, tenant, 'manager');
  const s1 = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  const s2 = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0, 1] });
  const s3 = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] });
  ids.staff1 = s1.id;
  ids.staff2 = s2.id;
  ids.staffElsewhere = s3.id;
  // One after the other: sign-ins from one address at once are throttled.
  manager = await signedIn(deps, m.email);
  staff1 = await signedIn(deps, s1.email);
  staff2 = await signedIn(deps, s2.email);
  staffElsewhere = await signedIn(deps, s3.email);
  enterpriseAdmin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin')).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  station0 = tenant.stations[0]!.id;
  [tower, annex] = tenant.stations[0]!.buildingIds as [string, string];
  await q(`update buildings set floors = 5, floor_labels = '{B1,1F,2F,3F,4F,5F}' where id = $1`, [tower]);
  today = localDate(new Date(), TZ);
});
afterAll(() => t.close());

describe('patrolPlan.create and update', () => {
  it('creates a plan with the default checklist and plans today’s round at once', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create({ ...basePlan(), checklist: undefined }));
    const [plan] = (await manager.call((api) => api.patrolPlan.list({ stationId: station0 }))).filter((p) => p.id === id);
    expect(plan!.checklist.map((c) => c.label)).toEqual(['消防通道畅通', '无群租迹象', '无无证经营', '消防设施完好', '环境卫生整洁', '无安全隐患']);
    // "2" reads as 2F; the building's own order (basement first).
    expect(plan!.buildings).toEqual([{ buildingId: tower, name: expect.any(String), nameEn: null, floors: ['B1', '1F', '2F'] }]);
    expect(plan!.generatedThrough).toBe(today);
    const rounds = await roundsOf(id);
    expect(rounds).toEqual([{ id: expect.any(String), round_date: today, status: 'planned', assignee_id: ids.staff1 }]);
    const round = await staff1.call((api) => api.patrolRound.get({ id: rounds[0]!.id }));
    expect(round.floorList.map((f) => f.floor)).toEqual(['B1', '1F', '2F']);
    expect(round).toMatchObject({ total: 18, checked: 0, status: 'planned', allowed: ['start', 'check'] });
  });

  it('refuses buildings of another station, floors a building does not have, staff of another station', async () => {
    const wrongBuilding = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), buildings: [{ buildingId: tenant.stations[1]!.buildingIds[0]!, floors: ['1F'] }] })));
    expect(keyOf(wrongBuilding)).toBe('errors.patrolRounds.buildingNotInStation');
    const foreignBuilding = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), buildings: [{ buildingId: other.stations[0]!.buildingIds[0]!, floors: ['1F'] }] })));
    expect(keyOf(foreignBuilding)).toBe('errors.patrolRounds.buildingNotInStation');
    const noFloor = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), buildings: [{ buildingId: tower, floors: ['6F'] }] })));
    expect(keyOf(noFloor)).toBe('errors.patrolRounds.floorNotInBuilding');
    expect((noFloor.cause as { params?: Record<string, string> }).params).toMatchObject({ floor: '6F' });
    const noBasement = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), buildings: [{ buildingId: tower, floors: ['B2'] }] })));
    expect(keyOf(noBasement)).toBe('errors.patrolRounds.floorNotInBuilding');
    const wrongStaff = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), staffIds: [ids.staffElsewhere] })));
    expect(keyOf(wrongStaff)).toBe('errors.patrolRounds.staffNotInStation');
    const fixedTwo = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), staffIds: [ids.staff1, ids.staff2] })));
    expect(keyOf(fixedTwo)).toBe('errors.patrolRounds.fixedNeedsOne');
    const noDays = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), frequency: 'weekly', weekdays: [] })));
    expect(keyOf(noDays)).toBe('errors.patrolRounds.noWeekdays');
    const past = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), startsOn: addDays(today, -1) })));
    expect(keyOf(past)).toBe('errors.patrolRounds.startsInPast');
    const dup = await error(manager.call((api) => api.patrolPlan.create({ ...basePlan(), checklist: ['消防通道畅通', '消防通道畅通'] })));
    expect(keyOf(dup)).toBe('errors.patrolRounds.duplicatePoint');
    expect(Number((await q(`select count(*)::int as n from patrol_plans where tenant_id = $1 and name like '日常巡查-%'`, [tenant.tenantId]))[0]!.n)).toBe(1);
  });

  it('takes a building whose floors are unknown with any well-formed label', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create({ ...basePlan(), buildings: [{ buildingId: annex, floors: ['负一层', '12楼'] }], startsOn: addDays(today, 1) }));
    const [plan] = (await manager.call((api) => api.patrolPlan.list())).filter((p) => p.id === id);
    expect(plan!.buildings[0]!.floors).toEqual(['B1', '12F']);
    expect(await roundsOf(id)).toEqual([]);
  });

  it('is the managers’: staff, enterprise admins and other tenants are refused', async () => {
    expect((await error(staff1.call((api) => api.patrolPlan.create(basePlan())))).code).toBe('FORBIDDEN');
    expect((await error(staff1.call((api) => api.patrolPlan.list()))).code).toBe('FORBIDDEN');
    expect((await error(enterpriseAdmin.call((api) => api.patrolPlan.options()))).code).toBe('FORBIDDEN');
    const [plan] = await manager.call((api) => api.patrolPlan.list());
    expect((await error(foreignManager.call((api) => api.patrolPlan.update({ id: plan!.id, name: '改名' })))).code).toBe('NOT_FOUND');
    expect(await foreignManager.call((api) => api.patrolPlan.list())).toEqual([]);
  });

  it('edits the checklist (rename, add, archive) and plans today’s unstarted round again from it', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create(basePlan()));
    const [plan] = (await manager.call((api) => api.patrolPlan.list())).filter((p) => p.id === id);
    const [first, second] = plan!.checklist;
    const updated = await manager.call((api) =>
      api.patrolPlan.update({ id, checklist: [{ id: second!.id, label: '无群租、隔断迹象' }, { label: '电动车未进楼入户' }], staffIds: [ids.staff2] }),
    );
    expect(updated.checklist.map((c) => c.label)).toEqual(['无群租、隔断迹象', '电动车未进楼入户']);
    expect(updated.staff.map((s) => s.userId)).toEqual([ids.staff2]);
    // Archived, not deleted: past checks still name it.
    expect((await q(`select archived_at is not null as archived from patrol_plan_checklist where id = $1`, [first!.id]))[0]).toEqual({ archived: true });
    const rounds = await roundsOf(id);
    expect(rounds).toHaveLength(1);
    expect(rounds[0]!.assignee_id).toBe(ids.staff2);
    const round = await staff2.call((api) => api.patrolRound.get({ id: rounds[0]!.id }));
    expect(round.points.map((p) => p.label)).toEqual(['无群租、隔断迹象', '电动车未进楼入户']);
    // Switched off: today's unstarted round goes; on again: today only, the days off are not missed.
    await manager.call((api) => api.patrolPlan.update({ id, active: false }));
    expect(await roundsOf(id)).toEqual([]);
    await manager.call((api) => api.patrolPlan.update({ id, active: true }));
    expect((await roundsOf(id)).map((r) => [r.round_date, r.status])).toEqual([[today, 'planned']]);
  });
});

describe('generating rounds', () => {
  it('is idempotent: running again, or twice at once, writes nothing more', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create({ ...basePlan(), startsOn: addDays(today, 1) }));
    const tomorrow = addDays(today, 1);
    const first = await generate(tomorrow);
    expect(first.created).toBeGreaterThanOrEqual(1);
    const again = await Promise.all([generate(tomorrow), generate(tomorrow)]);
    expect(again.map((r) => r.created)).toEqual([0, 0]);
    expect((await roundsOf(id)).map((r) => r.round_date)).toEqual([tomorrow]);
    // Today's reminders were planned once, for the assignee at 15:00 and the managers at 17:30.
    const reminders = await q<{ kind: string; due_at: string }>(`select kind, due_at from reminders where subject_type = 'patrol_round' and subject_id = $1 order by due_at`, [(await roundsOf(id))[0]!.id]);
    expect(reminders.map((r) => [r.kind, new Date(r.due_at).toISOString()])).toEqual([
      ['patrol_round_unfinished', at(tomorrow, 15 * 60).toISOString()],
      ['patrol_round_unwalked', at(tomorrow, 17 * 60 + 30).toISOString()],
    ]);
  });

  it('catches up the days it did not run, recording them missed, and marks an unwalked past round missed', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create(basePlan()));
    const later = addDays(today, 3);
    const r = await generate(later);
    expect(r.created).toBeGreaterThanOrEqual(3);
    expect((await roundsOf(id)).map((x) => [x.round_date, x.status])).toEqual([
      [today, 'missed'],
      [addDays(today, 1), 'missed'],
      [addDays(today, 2), 'missed'],
      [later, 'planned'],
    ]);
    // The worker's run over every tenant changes nothing more for these days.
    const all = await generateRoundsForAllTenants(t.db, at(later));
    expect(all.tenants).toBeGreaterThanOrEqual(2);
    expect((await roundsOf(id)).map((x) => x.status)).toEqual(['missed', 'missed', 'missed', 'planned']);
  });

  it('skips holidays and walks make-up days (调休) on a working-day plan, in round-robin turns by the sequence of rounds', async () => {
    // A week from a Monday at least a week ahead: Wednesday a holiday, Saturday a make-up working day.
    let monday = addDays(today, 7);
    while (weekdayOf(monday) !== 1) monday = addDays(monday, 1);
    const holiday = addDays(monday, 2);
    const makeup = addDays(monday, 5);
    await q(`insert into calendar_days (tenant_id, day, kind, name) values ($1, $2, 'holiday', '测试假日'), ($1, $3, 'workday', null)`, [tenant.tenantId, holiday, makeup]);
    const { id } = await manager.call((api) =>
      api.patrolPlan.create({ ...basePlan(), frequency: 'working_days', assignment: 'round_robin', staffIds: [ids.staff1, ids.staff2], startsOn: monday }),
    );
    await generate(makeup);
    const rounds = await roundsOf(id);
    expect(rounds.map((x) => x.round_date)).toEqual([monday, addDays(monday, 1), addDays(monday, 3), addDays(monday, 4), makeup]);
    expect(rounds.map((x) => x.assignee_id)).toEqual([ids.staff1, ids.staff2, ids.staff1, ids.staff2, ids.staff1]);
    expect(rounds.map((x) => x.status)).toEqual(['missed', 'missed', 'missed', 'missed', 'planned']);
    // The next run goes on with the turn where it stopped (Sunday off, Monday to staff2).
    await generate(addDays(monday, 7));
    const next = (await roundsOf(id)).at(-1)!;
    expect([next.round_date, next.assignee_id]).toEqual([addDays(monday, 7), ids.staff2]);
  });

  it('passes over a member of staff who has left the plan’s station', async () => {
    const { id } = await manager.call((api) =>
      api.patrolPlan.create({ ...basePlan(), frequency: 'daily', assignment: 'round_robin', staffIds: [ids.staff2, ids.staff1], startsOn: addDays(today, 40) }),
    );
    // staff2 moves to station 1 only.
    await q(`delete from membership_stations ms using memberships m where m.id = ms.membership_id and m.user_id = $1 and ms.station_id = $2`, [ids.staff2, station0]);
    try {
      await generate(addDays(today, 41));
      expect((await roundsOf(id)).map((r) => r.assignee_id)).toEqual([ids.staff1, ids.staff1]);
    } finally {
      await q(`insert into membership_stations (tenant_id, membership_id, station_id) select m.tenant_id, m.id, $2 from memberships m where m.user_id = $1`, [ids.staff2, station0]);
    }
  });

  it('walks a weekly plan on its chosen days only', async () => {
    let monday = addDays(today, 21);
    while (weekdayOf(monday) !== 1) monday = addDays(monday, 1);
    const { id } = await manager.call((api) => api.patrolPlan.create({ ...basePlan(), frequency: 'weekly', weekdays: [5, 2], startsOn: monday }));
    await generate(addDays(monday, 6));
    expect((await roundsOf(id)).map((x) => weekdayOf(x.round_date))).toEqual([2, 5]);
  });
});

describe('walking a round', () => {
  let roundId: string;
  let pointIds: string[];

  beforeAll(async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create({ ...basePlan(), buildings: [{ buildingId: tower, floors: ['1F', '2F'] }] }));
    roundId = (await roundsOf(id))[0]!.id;
    pointIds = (await staff1.call((api) => api.patrolRound.get({ id: roundId }))).points.map((p) => p.id);
  });

  it('shows the assignee today’s round; not to others', async () => {
    const mine = await staff1.call((api) => api.patrolRound.today());
    expect(mine.today).toBe(today);
    expect(mine.rounds.map((r) => r.id)).toContain(roundId);
    expect((await staff2.call((api) => api.patrolRound.today())).rounds.map((r) => r.id)).not.toContain(roundId);
    expect(keyOf(await error(staff2.call((api) => api.patrolRound.get({ id: roundId }))))).toBe('errors.patrolRounds.notYourRound');
    expect(keyOf(await error(staffElsewhere.call((api) => api.patrolRound.start({ id: roundId }))))).toBe('errors.patrolRounds.notYourRound');
    expect((await error(enterpriseAdmin.call((api) => api.patrolRound.today()))).code).toBe('FORBIDDEN');
    expect((await error(foreignManager.call((api) => api.patrolRound.get({ id: roundId })))).code).toBe('NOT_FOUND');
    expect((await error(foreignManager.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '1F', pointId: pointIds[0]!, result: 'ok', clientId: clientId() })))).code).toBe('NOT_FOUND');
  });

  it('refuses a floor or point outside the round', async () => {
    const floor = await error(staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '3F', pointId: pointIds[0]!, result: 'ok', clientId: clientId() })));
    expect(keyOf(floor)).toBe('errors.patrolRounds.notInRound');
    const building = await error(staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: annex, floor: '1F', pointId: pointIds[0]!, result: 'ok', clientId: clientId() })));
    expect(keyOf(building)).toBe('errors.patrolRounds.notInRound');
    const point = await error(staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '1F', pointId: crypto.randomUUID(), result: 'ok', clientId: clientId() })));
    expect(keyOf(point)).toBe('errors.patrolRounds.notInRound');
    const foreign = await error(staff2.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '1F', pointId: pointIds[0]!, result: 'ok', clientId: clientId() })));
    expect(foreign.code).toBe('FORBIDDEN');
    const noFinding = await error(staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '1F', pointId: pointIds[0]!, result: 'finding', clientId: clientId() })));
    expect(keyOf(noFinding)).toBe('errors.patrolRounds.findingRequired');
    expect((await q(`select count(*)::int as n from patrol_round_checks where round_id = $1`, [roundId]))[0]!.n).toBe(0);
    expect((await q(`select status from patrol_rounds where id = $1`, [roundId]))[0]).toEqual({ status: 'planned' });
  });

  it('a check sent twice with the same client id is one check; its first tick starts the round', async () => {
    const cid = clientId();
    const input = { id: roundId, buildingId: tower, floor: '1F', pointId: pointIds[0]!, result: 'ok' as const, clientId: cid };
    const [a, b] = await Promise.all([staff1.call((api) => api.patrolRound.check(input)), staff1.call((api) => api.patrolRound.check(input))]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect(a.checkId).toBe(b.checkId);
    const again = await staff1.call((api) => api.patrolRound.check({ ...input, floor: '1' }));
    expect(again).toMatchObject({ replayed: true, checkId: a.checkId, checked: 1, total: 4, status: 'in_progress' });
    expect((await q(`select count(*)::int as n from patrol_round_checks where round_id = $1`, [roundId]))[0]!.n).toBe(1);
    const reused = await error(staff1.call((api) => api.patrolRound.check({ ...input, pointId: pointIds[1]! })));
    expect(keyOf(reused)).toBe('errors.patrolRounds.clientIdReused');
    const round = await staff1.call((api) => api.patrolRound.get({ id: roundId }));
    expect(round).toMatchObject({ status: 'in_progress', walkedByName: expect.any(String), checked: 1, allowed: ['check', 'finish'] });
    // Another tick of the same point (another client id) is the same check.
    expect(await staff1.call((api) => api.patrolRound.check({ ...input, clientId: clientId() }))).toMatchObject({ checkId: a.checkId, checked: 1 });
  });

  it('turns a point into a finding: a patrol work item on the checked floor, made once however often the check is sent', async () => {
    const cid = clientId();
    const input = {
      id: roundId,
      buildingId: tower,
      floor: '2F',
      pointId: pointIds[0]!,
      result: 'finding' as const,
      clientId: cid,
      finding: { category: 'fire_safety', tier: 'red' as const, description: '2F 东侧消防通道堆放纸箱', location: '东侧楼梯间' },
    };
    const first = await staff1.call((api) => api.patrolRound.check(input));
    const again = await staff1.call((api) => api.patrolRound.check(input));
    expect(again).toMatchObject({ replayed: true, checkId: first.checkId, findingItemId: first.findingItemId });
    const items = await q<{ number: string; kind: string; priority: string; station_id: string; building_id: string; floor: string }>(
      `select i.number, i.kind, i.priority, i.station_id, f.building_id, f.floor from work_items i join patrol_findings f on f.tenant_id = i.tenant_id and f.item_id = i.id where i.id = $1`,
      [first.findingItemId],
    );
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'patrol', priority: 'urgent', station_id: station0, building_id: tower, floor: '2F' });
    expect(items[0]!.number).toMatch(/^XC-\d{4}-/);
    expect((await q(`select count(*)::int as n from patrol_findings where tenant_id = $1 and building_id = $2 and floor = '2F'`, [tenant.tenantId, tower]))[0]!.n).toBe(1);
    const detail = await staff1.call((api) => api.patrolRound.get({ id: roundId }));
    expect(detail.checks.find((c) => c.findingItemId === first.findingItemId)).toMatchObject({ result: 'finding', findingNumber: items[0]!.number, floor: '2F' });
    // A finding stays a finding: ticking the point OK again is refused.
    const ok = await error(staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '2F', pointId: pointIds[0]!, result: 'ok', clientId: clientId() })));
    expect(keyOf(ok)).toBe('errors.patrolRounds.findingLocked');
    // A finding made elsewhere on another floor cannot be linked here.
    const wrongFloor = await error(
      staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '1F', pointId: pointIds[1]!, result: 'finding', clientId: clientId(), findingItemId: first.findingItemId! })),
    );
    expect(keyOf(wrongFloor)).toBe('errors.patrolRounds.findingNotFound');
    // A bad finding writes nothing: no item, no check.
    const before = (await q(`select count(*)::int as n from work_items where tenant_id = $1 and kind = 'patrol'`, [tenant.tenantId]))[0]!.n;
    const bad = await error(staff1.call((api) => api.patrolRound.check({ ...input, pointId: pointIds[1]!, clientId: clientId(), finding: { ...input.finding, category: 'no_such_category' } })));
    expect(keyOf(bad)).toBe('errors.patrol.categoryNotFound');
    expect((await q(`select count(*)::int as n from work_items where tenant_id = $1 and kind = 'patrol'`, [tenant.tenantId]))[0]!.n).toBe(before);
  });

  it('finishes only when every point is ticked, or with a reason for what was not walked', async () => {
    const refused = await error(staff1.call((api) => api.patrolRound.finish({ id: roundId })));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(keyOf(refused)).toBe('errors.patrolRounds.pointsUnchecked');
    for (const floor of ['1F', '2F']) {
      for (const pointId of pointIds) {
        if (floor === '2F' && pointId === pointIds[0]) continue; // the finding above
        await staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor, pointId, result: 'ok', clientId: clientId() }));
      }
    }
    const done = await staff1.call((api) => api.patrolRound.finish({ id: roundId }));
    expect(done).toMatchObject({ status: 'done', checked: 4, total: 4, findings: 1 });
    const row = (await q<{ floors_covered: unknown; finish_note: string | null; finished_at: Date | null }>(`select floors_covered, finish_note, finished_at from patrol_rounds where id = $1`, [roundId]))[0]!;
    expect(row.floors_covered).toEqual([
      { buildingId: tower, floor: '1F' },
      { buildingId: tower, floor: '2F' },
    ]);
    expect(row.finish_note).toBeNull();
    const late = await error(staff1.call((api) => api.patrolRound.check({ id: roundId, buildingId: tower, floor: '1F', pointId: pointIds[0]!, result: 'ok', clientId: clientId() })));
    expect(keyOf(late)).toBe('errors.patrolRounds.roundDone');
    expect(keyOf(await error(staff1.call((api) => api.patrolRound.finish({ id: roundId }))))).toBe('errors.patrolRounds.roundDone');
    // Its reminders went with it.
    expect(await q(`select status from reminders where subject_type = 'patrol_round' and subject_id = $1 and status = 'scheduled'`, [roundId])).toEqual([]);
  });

  it('a manager may walk and finish with a reason; the reason is kept', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create({ ...basePlan(), staffIds: [ids.staff2] }));
    const round = (await roundsOf(id))[0]!;
    const points = (await manager.call((api) => api.patrolRound.get({ id: round.id }))).points;
    await manager.call((api) => api.patrolRound.start({ id: round.id }));
    await manager.call((api) => api.patrolRound.check({ id: round.id, buildingId: tower, floor: 'B1', pointId: points[0]!.id, result: 'ok', clientId: clientId() }));
    const finished = await manager.call((api) => api.patrolRound.finish({ id: round.id, reason: '1F、2F 装修封闭，无法进入' }));
    expect(finished).toMatchObject({ status: 'done', checked: 1, total: 6 });
    const detail = await staff2.call((api) => api.patrolRound.get({ id: round.id }));
    expect(detail).toMatchObject({ finishNote: '1F、2F 装修封闭，无法进入', status: 'done', allowed: [], missing: 5 });
  });
});

describe('reminders of an unfinished round', () => {
  it('remind the assignee in the inbox with a link to the round, and are dropped once it is done', async () => {
    const { id } = await manager.call((api) => api.patrolPlan.create(basePlan()));
    const round = (await roundsOf(id))[0]!;
    const reminders = await q<{ id: string; kind: string; due_at: string }>(`select id, kind, due_at from reminders where subject_type = 'patrol_round' and subject_id = $1 order by due_at`, [round.id]);
    expect(reminders.map((r) => r.kind)).toEqual(['patrol_round_unfinished', 'patrol_round_unwalked']);
    const fired = await withTenant(t.db, tenant.tenantId, (trx) => fireReminder({ trx, tenantId: tenant.tenantId, timezone: TZ }, reminders[0]!.id, new Date(reminders[0]!.due_at)));
    expect(fired.outcome).toBe('sent');
    expect(fired.flush).toEqual([{ channel: 'inbox', target: ids.staff1 }]);
    await flushInbox(t.db, tenant.tenantId, { targets: [ids.staff1] });
    const inbox = await staff1.call((api) => api.notification.list());
    const note = inbox.items.find((n) => n.items.some((i) => i.link === `/patrol/rounds/${round.id}`));
    expect(note?.items[0]?.title).toContain('今日巡查尚未完成');

    // Finished before the managers' reminder: it is dropped when it fires.
    const points = (await staff1.call((api) => api.patrolRound.get({ id: round.id }))).points;
    await staff1.call((api) => api.patrolRound.check({ id: round.id, buildingId: tower, floor: '1F', pointId: points[0]!.id, result: 'ok', clientId: clientId() }));
    await staff1.call((api) => api.patrolRound.finish({ id: round.id, reason: '测试' }));
    await q(`update reminders set status = 'scheduled' where id = $1`, [reminders[1]!.id]);
    const late = await withTenant(t.db, tenant.tenantId, (trx) => fireReminder({ trx, tenantId: tenant.tenantId, timezone: TZ }, reminders[1]!.id, new Date(reminders[1]!.due_at)));
    expect(late.outcome).toBe('dropped');
  });
});

describe('patrolRound.list (managers)', () => {
  it('counts the week’s rounds per station as SQL does, unfinished first; refused to staff', async () => {
    const week = await manager.call((api) => api.patrolRound.list({ week: today }));
    const counts = await q<{ station_id: string; status: string; n: number }>(
      `select station_id, status, count(*)::int as n from patrol_rounds where tenant_id = $1 and round_date between $2 and $3 group by 1, 2`,
      [tenant.tenantId, week.weekStart, week.weekEnd],
    );
    for (const s of week.stations) {
      const n = (status: string) => counts.find((c) => c.station_id === s.stationId && c.status === status)?.n ?? 0;
      expect([s.done, s.inProgress, s.notStarted, s.missed]).toEqual([n('done'), n('in_progress'), n('planned'), n('missed')]);
      expect(s.planned).toBe(n('done') + n('in_progress') + n('planned') + n('missed'));
    }
    expect(week.stations.find((s) => s.stationId === station0)!.done).toBeGreaterThanOrEqual(2);
    expect(week.rounds.length).toBe(week.stations.reduce((a, s) => a + s.planned, 0));
    const order = week.rounds.map((r) => ['in_progress', 'planned', 'missed', 'done'].indexOf(r.status));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const missedOnly = await manager.call((api) => api.patrolRound.list({ week: today, status: 'missed' }));
    expect(missedOnly.rounds.every((r) => r.status === 'missed')).toBe(true);
    expect((await error(staff1.call((api) => api.patrolRound.list()))).code).toBe('FORBIDDEN');
    expect((await foreignManager.call((api) => api.patrolRound.list())).rounds).toEqual([]);
  });
});
