import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '@stationdesk/core';
import { seedPatrolFindings, withTenant } from '@stationdesk/db';
import { readTable } from '@stationdesk/services';
import { apiDeps, error, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * patrol.stats (issue 19, 巡查统计): every figure equals an independent SQL count over findings and
 * rounds made in a fresh tenant; staff read their stations only, another tenant nothing, enterprise
 * admins are refused; the .xlsx holds the same figures; a number drills down to exactly its findings.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let foreign: TestTenant;
let manager: Client;
let staff: Client; // station 0
let admin: Client;
let foreignManager: Client;
let building0: string;
let from: string;
let to: string;
const tz = 'Asia/Shanghai';

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

/** The findings of the period (and stations) as SQL reads them, independently of the use case. */
const inPeriod = (stationIds: string[] | null) => `
  from patrol_findings f join work_items w on w.tenant_id = f.tenant_id and w.id = f.item_id
  where f.tenant_id = $1
    and f.created_at >= ($2::date)::timestamp at time zone '${tz}'
    and f.created_at < ($3::date + 1)::timestamp at time zone '${tz}'
    ${stationIds ? `and w.station_id = any('{${stationIds.join(',')}}'::uuid[])` : ''}`;
async function grouped(expr: string, stationIds: string[] | null = null): Promise<Record<string, number>> {
  const rows = await q<{ k: string; n: string }>(`select ${expr} as k, count(*) as n ${inPeriod(stationIds)} group by 1`, [tenant.tenantId, from, to]);
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
}
const nonZero = (rows: { key: string; count: number }[]) => Object.fromEntries(rows.filter((r) => r.count > 0).map((r) => [r.key, r.count]));

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const staffUser = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staff = await signedIn(deps, staffUser.email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, foreign, 'manager')).email);
  building0 = tenant.stations[0]!.buildingIds[0]!;
  await q(`update buildings set floors = 12 where tenant_id = $1`, [tenant.tenantId]);
  const managerId = (await q<{ user_id: string }>(`select user_id from memberships where tenant_id = $1 and role = 'manager'`, [tenant.tenantId]))[0]!.user_id;
  // A few dozen findings of every tier, category, source and stage over the last 60 days (the demo's factory) …
  await withTenant(t.owner, tenant.tenantId, (trx) =>
    seedPatrolFindings(trx, tenant.tenantId, { count: 40, seed: 19, now: new Date(), handlersByStation: new Map([[tenant.stations[0]!.id, staffUser.id]]), fallbackHandler: managerId }),
  );
  // … four on one floor by the staff member (a repeat location), one of them overdue …
  const made: string[] = [];
  for (const tier of ['red', 'yellow', 'blue', 'blue'] as const) {
    const f = await staff.call((api) =>
      api.patrolFinding.create({ buildingId: building0, floor: '3F', category: 'fire_safety', tier, description: '楼道堆放杂物，堵塞消防通道。', idempotencyKey: crypto.randomUUID() }),
    );
    made.push(f.id);
  }
  await q(`update work_items set resolution_due_at = now() - interval '1 hour' where id = $1`, [made[0]]);
  // … and one long before the period, which no figure may count.
  await q(`update patrol_findings set created_at = now() - interval '200 days' where item_id = $1`, [made[3]]);
  to = localDate(new Date(), tz);
  from = addDays(to, -60);
  // Rounds: a plan per station, rounds in the period in every state and some outside it.
  for (const [i, s] of tenant.stations.entries()) {
    const [plan] = await q<{ id: string }>(
      `insert into patrol_plans (tenant_id, station_id, name, frequency, assignment, starts_on) values ($1, $2, $3, 'daily', 'fixed', $4) returning id`,
      [tenant.tenantId, s.id, `计划${i}`, addDays(to, -100)],
    );
    const states = i === 0 ? ['done', 'done', 'done', 'missed', 'planned', 'in_progress'] : ['done', 'missed', 'missed'];
    const days = [...states.map((st, d) => ({ st, day: addDays(to, -d - 1) })), { st: 'done', day: addDays(to, -90) }, { st: 'planned', day: addDays(to, 3) }];
    for (const { st, day } of days) {
      await q(`insert into patrol_rounds (tenant_id, plan_id, station_id, round_date, assignee_id, status, floors, point_ids) values ($1, $2, $3, $4, $5, $6, '[]', '{}')`, [
        tenant.tenantId,
        plan!.id,
        s.id,
        day,
        managerId,
        st,
      ]);
    }
  }
});

afterAll(() => t.close());

describe('patrol.stats', () => {
  it('equals SQL counts for a manager: category, tier, source, status, overdue, heat table, repeat locations, rounds', async () => {
    const s = await manager.call((api) => api.patrol.stats({ from, to }));
    const total = Number((await q<{ n: string }>(`select count(*) as n ${inPeriod(null)}`, [tenant.tenantId, from, to]))[0]!.n);
    expect(total).toBeGreaterThan(20);
    expect(s.total).toBe(total);
    expect(nonZero(s.byCategory)).toEqual(await grouped('f.category'));
    expect(nonZero(s.byTier)).toEqual(await grouped('f.tier'));
    expect(nonZero(s.bySource)).toEqual(await grouped('f.source'));
    expect(Object.keys(nonZero(s.bySource)).sort()).toEqual(['automatic', 'external', 'staff']);
    expect(nonZero(s.byStatus)).toEqual(await grouped('w.status'));
    const overdue = Number(
      (await q<{ n: string }>(`select count(*) as n ${inPeriod(null)} and w.status not in ('resolved', 'visited', 'closed') and w.resolution_due_at < now()`, [tenant.tenantId, from, to]))[0]!.n,
    );
    expect(overdue).toBeGreaterThan(0);
    expect(s.overdue).toBe(overdue);

    const heat = await grouped(`f.building_id || '/' || coalesce(f.floor, '-')`);
    const fromStats: Record<string, number> = {};
    for (const b of s.heat.buildings) {
      for (const c of b.cells) if (c.count) fromStats[`${b.buildingId}/${c.floor}`] = c.count;
      if (b.noFloor) fromStats[`${b.buildingId}/-`] = b.noFloor;
      expect(b.total).toBe(b.cells.reduce((a, c) => a + c.count, 0) + b.noFloor);
    }
    expect(fromStats).toEqual(heat);
    expect(s.heat.max).toBe(Math.max(...Object.entries(heat).filter(([k]) => !k.endsWith('/-')).map(([, v]) => v)));

    const repeat = await q<{ building_id: string; floor: string; n: string }>(
      `select f.building_id, f.floor, count(*) as n ${inPeriod(null)} and f.floor is not null group by 1, 2 having count(*) >= 3 order by 3 desc`,
      [tenant.tenantId, from, to],
    );
    expect(s.repeatLocations.map((r) => `${r.buildingId}/${r.floor}:${r.count}`).sort()).toEqual(repeat.map((r) => `${r.building_id}/${r.floor}:${r.n}`).sort());
    expect(s.repeatLocations.map((r) => r.count)).toEqual([...s.repeatLocations.map((r) => r.count)].sort((a, b) => b - a));
    expect(s.repeatLocations.find((r) => r.buildingId === building0 && r.floor === '3F')?.count).toBeGreaterThanOrEqual(3);

    const rounds = await q<{ station_id: string; planned: string; done: string; missed: string; open: string }>(
      `select station_id, count(*) as planned, count(*) filter (where status = 'done') as done, count(*) filter (where status = 'missed') as missed,
              count(*) filter (where status in ('planned', 'in_progress')) as open
         from patrol_rounds where tenant_id = $1 and round_date between $2 and $3 group by 1`,
      [tenant.tenantId, from, to],
    );
    expect(s.rounds.map((r) => ({ station_id: r.stationId, planned: r.planned, done: r.done, missed: r.missed, open: r.open }))).toEqual(
      expect.arrayContaining(rounds.map((r) => ({ station_id: r.station_id, planned: Number(r.planned), done: Number(r.done), missed: Number(r.missed), open: Number(r.open) }))),
    );
    expect(s.rounds.find((r) => r.stationId === tenant.stations[0]!.id)).toMatchObject({ planned: 6, done: 3, missed: 1, open: 2 });
  });

  it('drills down: the findings list filtered as a number links gives exactly that many', async () => {
    const s = await manager.call((api) => api.patrol.stats({ from, to }));
    const all = async (filters: Record<string, unknown>) => {
      let n = 0;
      let cursor: string | null = null;
      do {
        const page: { items: unknown[]; nextCursor: string | null } = await manager.call((api) => api.patrolFinding.list({ from, to, ...filters, limit: 100, ...(cursor ? { cursor } : {}) }));
        n += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return n;
    };
    expect(await all({})).toBe(s.total);
    const spot = s.repeatLocations[0]!;
    expect(await all({ buildingId: spot.buildingId, floor: spot.floor })).toBe(spot.count);
    expect(await all({ status: 'overdue' })).toBe(s.overdue);
    for (const r of s.byTier) expect(await all({ tier: r.key })).toBe(r.count);
    for (const r of s.bySource) expect(await all({ source: r.key })).toBe(r.count);
  });

  it('staff read their own stations only; another station of theirs is refused', async () => {
    const mine = [tenant.stations[0]!.id];
    const s = await staff.call((api) => api.patrol.stats({ from, to }));
    expect(s.total).toBe(Number((await q<{ n: string }>(`select count(*) as n ${inPeriod(mine)}`, [tenant.tenantId, from, to]))[0]!.n));
    expect(nonZero(s.byCategory)).toEqual(await grouped('f.category', mine));
    expect(s.rounds.map((r) => r.stationId)).toEqual(mine);
    expect((await error(staff.call((api) => api.patrol.stats({ from, to, stationId: tenant.stations[1]!.id })))).code).toBe('FORBIDDEN');
    const other = await manager.call((api) => api.patrol.stats({ from, to, stationId: tenant.stations[1]!.id }));
    expect(s.total + other.total).toBe((await manager.call((api) => api.patrol.stats({ from, to }))).total);
  });

  it('another tenant sees none of it; an enterprise admin is refused; a reversed period is refused', async () => {
    const theirs = await foreignManager.call((api) => api.patrol.stats({ from, to }));
    expect(theirs.total).toBe(0);
    expect(theirs.heat.buildings).toEqual([]);
    expect(theirs.rounds.every((r) => r.planned === 0)).toBe(true);
    expect((await error(foreignManager.call((api) => api.patrol.stats({ from, to, stationId: tenant.stations[0]!.id })))).code).toBe('NOT_FOUND');
    expect((await error(admin.call((api) => api.patrol.stats({ from, to })))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.patrol.exportStats({ from, to })))).code).toBe('FORBIDDEN');
    expect((await error(manager.call((api) => api.patrol.stats({ from: to, to: from })))).code).toBe('BAD_REQUEST');
  });

  it('exports the same figures as .xlsx', async () => {
    const s = await manager.call((api) => api.patrol.stats({ from, to }));
    const file = await manager.call((api) => api.patrol.exportStats({ from, to }));
    expect(file.fileName).toMatch(/\.xlsx$/);
    const [stored] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [file.fileId]);
    const chunks: Buffer[] = [];
    for await (const c of await testStorage().get(stored!.storage_key)) chunks.push(c as Buffer);
    const table = await readTable(Buffer.concat(chunks), 'xlsx', { maxRows: 500 });
    expect(table.ok).toBe(true);
    const rows = (table as { rows: { cells: string[] }[] }).rows.map((r) => r.cells);
    const figure = (group: string, name: string) => Number(rows.find((c) => c[0] === group && c[1] === name)?.[2]);
    expect(figure('发现总数', '发现总数')).toBe(s.total);
    expect(figure('逾期未办结', '逾期未办结')).toBe(s.overdue);
    expect(figure('按等级', '红色')).toBe(s.byTier.find((r) => r.key === 'red')!.count);
    expect(figure('按来源', '人工巡查')).toBe(s.bySource.find((r) => r.key === 'staff')!.count);
    expect(figure('按来源', '平台自动发现')).toBe(s.bySource.find((r) => r.key === 'automatic')!.count);
    expect(figure('按类别', '消防安全')).toBe(s.byCategory.find((r) => r.key === 'fire_safety')!.count);
    expect(rows.reduce((a, c) => (c[0] === '按状态' ? a + Number(c[2]) : a), 0)).toBe(s.total);
  });
});
