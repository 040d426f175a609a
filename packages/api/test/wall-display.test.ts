import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { headlineMetrics, localDate, presetPeriod } from '@stationdesk/core';
import { withWallDisplay } from '@stationdesk/db';
import { apiDeps, client, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Wall displays (一屏观天下, issue 18): a manager's link shows, without a session, the figures of its
 * own tenant and station only, and no personal data; only the token's hash is stored; a revoked or
 * unknown link is not found; the screen's path is read-only and scoped by row-level security; the
 * figures are kept a few seconds per scope, the link is checked on every request.
 */
let t: ReturnType<typeof openTestDb>;
let a: TestTenant;
let b: TestTenant;
let manager: Client;
let staff: Client;
let otherManager: Client;
let screen: Client;
let thisMonth: { from: string; to: string };

/** Names of people, enterprises, parties and items in the fixture: none may reach a screen. */
const personal = ['王秀英', '李建国', '赵铁柱', '钱多多', '不该出现的咨询标题'];

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** `open` items received now at a station (the first `resolved` of them resolved now, the next `overdue` past due). */
async function items(tenant: TestTenant, station: number, n: { open: number; overdue: number; resolved: number }, prefix: string) {
  await q(
    `insert into work_items (tenant_id, kind, number, station_id, enterprise_id, title, channel, status, created_at, updated_at,
                             first_contact_at, first_contact_due_at, resolution_due_at, resolved_at, resolved_ok)
     select $1, 'consultation', $2 || g, $3::uuid, $4::uuid, '不该出现的咨询标题', 'phone',
            case when g <= $5 then 'resolved' else 'in_progress' end, now(), now(), now(), now() + interval '1 hour',
            case when g > $5 and g <= $5 + $6 then now() - interval '1 hour' else now() + interval '2 days' end,
            case when g <= $5 then now() end, case when g <= $5 then true end
       from generate_series(1, $7::int) g`,
    [tenant.tenantId, prefix, tenant.stations[station]!.id, tenant.enterpriseIds[station * 2]!, n.resolved, n.overdue, n.resolved + n.open],
  );
}

beforeAll(async () => {
  t = openTestDb();
  a = await makeTenant(t.owner, { stations: 2 });
  b = await makeTenant(t.owner, { stations: 1 });
  const deps = apiDeps(t.db);
  const managerUser = await makeMember(t.owner, a, 'manager');
  const staffUser = await makeMember(t.owner, a, 'staff', { stationIndexes: [0] });
  await q(`update users set display_name = '王秀英' where id = $1`, [managerUser.id]);
  await q(`update users set display_name = '李建国' where id = $1`, [staffUser.id]);
  manager = await signedIn(deps, managerUser.email);
  staff = await signedIn(deps, staffUser.email);
  otherManager = await signedIn(deps, (await makeMember(t.owner, b, 'manager')).email);
  screen = client(deps);
  await q(`update enterprises set name = '钱多多' || id::text || '科技有限公司' where tenant_id = $1`, [a.tenantId]);
  await q(`update stations set name = '乙街道独有工作站', name_en = 'Only in B' where tenant_id = $1`, [b.tenantId]);
  // Tenant A: station 1 — 4 received now, 1 resolved, 1 of the 3 open overdue; station 2 — 2 received, both open.
  await items(a, 0, { open: 3, overdue: 1, resolved: 1 }, 'WA1-');
  await items(a, 1, { open: 2, overdue: 0, resolved: 0 }, 'WA2-');
  // Tenant B: 7 received, 2 resolved, 5 open of which 4 overdue.
  await items(b, 0, { open: 5, overdue: 4, resolved: 2 }, 'WB1-');
  // A dispute party and an assigned item in A: their names must not reach the screen either.
  const [dispute] = await q<{ id: string }>(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, assignee_id)
     values ($1, 'dispute', 'WTJ-1', $2, '不该出现的咨询标题', 'walk_in', 'in_progress', $3) returning id`,
    [a.tenantId, a.stations[0]!.id, staffUser.id],
  );
  await q(`insert into dispute_cases (tenant_id, item_id, source, dispute_type, people_involved) values ($1, $2, 'party_application', 'wage_arrears', 1)`, [a.tenantId, dispute!.id]);
  await q(`insert into dispute_parties (tenant_id, item_id, side, kind, name) values ($1, $2, 'applicant', 'person', '赵铁柱')`, [a.tenantId, dispute!.id]);
  const [tz] = await q<{ timezone: string }>(`select timezone from tenants where id = $1`, [a.tenantId]);
  thisMonth = presetPeriod('thisMonth', localDate(new Date(), tz!.timezone));
});

afterAll(() => t.close());

const view = (token: string) => screen.call((api) => api.wallDisplay.view({ token }));

describe('wallDisplay.create / list / revoke', () => {
  it('a manager makes a link: the token is answered once, only its SHA-256 is stored — nowhere else', async () => {
    const { id, token } = await manager.call((api) => api.wallDisplay.create({ name: '一站大厅大屏', stationId: a.stations[0]!.id }));
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [row] = await q<Record<string, unknown>>(`select * from wall_displays where id = $1`, [id]);
    expect(row).toMatchObject({ tenant_id: a.tenantId, name: '一站大厅大屏', station_id: a.stations[0]!.id, token_hash: sha256(token), revoked_at: null });
    expect(JSON.stringify(row)).not.toContain(token);
    // Not in the audit log, not in a stored idempotent answer.
    const [{ n }] = (await q<{ n: number }>(
      `select ((select count(*) from audit_log where data::text like '%' || $1 || '%') + (select count(*) from idempotency_keys where response::text like '%' || $1 || '%'))::int as n`,
      [token],
    )) as [{ n: number }];
    expect(n).toBe(0);
    expect(await q(`select action, subject_id from audit_log where tenant_id = $1 and action = 'wallDisplay.created'`, [a.tenantId])).toEqual([{ action: 'wallDisplay.created', subject_id: id }]);
    const { rows } = await manager.call((api) => api.wallDisplay.list());
    expect(rows).toEqual([{ id, name: '一站大厅大屏', stationId: a.stations[0]!.id, stationName: '工作站1', createdAt: expect.any(String), revokedAt: null }]);
  });

  it('is for managers only; a station of another tenant is not found', async () => {
    expect(keyOf(await error(staff.call((api) => api.wallDisplay.create({ name: '大屏' }))))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(staff.call((api) => api.wallDisplay.list())))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(manager.call((api) => api.wallDisplay.create({ name: '大屏', stationId: b.stations[0]!.id }))))).toBe('errors.wallDisplay.stationNotFound');
    expect((await error(manager.call((api) => api.wallDisplay.create({ name: '  ' })))).code).toBe('BAD_REQUEST');
    expect((await otherManager.call((api) => api.wallDisplay.list())).rows).toEqual([]);
  });
});

describe('wallDisplay.view', () => {
  it("a station's link shows its tenant's and station's figures only, equal to the dashboard's", async () => {
    const { token } = await manager.call((api) => api.wallDisplay.create({ name: '一站', stationId: a.stations[0]!.id }));
    const wall = await view(token);
    expect(wall).toMatchObject({ name: '一站', station: { name: '工作站1', nameEn: 'Station 1' }, month: thisMonth });
    expect(wall.stations).toEqual([{ name: '工作站1', nameEn: 'Station 1', open: 4, overdue: 1 }]);
    expect(wall.todayCounts).toEqual({ received: 5, resolved: 1 });
    const summary = await manager.call((api) => api.kpi.summary({ ...thisMonth, stationId: a.stations[0]!.id }));
    for (const m of headlineMetrics) {
      expect(wall.figures[m], m).toEqual(summary.figures[m]);
      expect(wall.yearBefore[m]).toEqual(summary.yearBefore.figures[m]);
      expect(wall.periodBefore[m]).toEqual(summary.periodBefore.figures[m]);
    }
    expect(wall.figures.firstContact).toMatchObject({ numerator: 4, denominator: 4 });
    expect(wall.trend).toHaveLength(12);
    expect(wall.trend.at(-1)!.month).toBe(thisMonth.from.slice(0, 7));
    expect(wall.targets).toEqual(summary.targets);
  });

  it("the subdistrict's link shows every station of its own tenant, never another tenant's", async () => {
    const { token } = await manager.call((api) => api.wallDisplay.create({ name: '街道大屏' }));
    const wall = await view(token);
    expect(wall.station).toBeNull();
    expect(wall.stations).toEqual([
      { name: '工作站1', nameEn: 'Station 1', open: 4, overdue: 1 },
      { name: '工作站2', nameEn: 'Station 2', open: 2, overdue: 0 },
    ]);
    expect(wall.todayCounts).toEqual({ received: 7, resolved: 1 });
    expect(JSON.stringify(wall)).not.toContain('乙街道独有工作站');
    const other = await otherManager.call((api) => api.wallDisplay.create({ name: '乙' }));
    const theirs = await view(other.token);
    expect(theirs.stations).toEqual([{ name: '乙街道独有工作站', nameEn: 'Only in B', open: 5, overdue: 4 }]);
    expect(theirs.todayCounts).toEqual({ received: 7, resolved: 2 });
  });

  it('holds no personal data: no name of a person, an enterprise or a party, no item', async () => {
    const { token } = await manager.call((api) => api.wallDisplay.create({ name: '检查', stationId: a.stations[0]!.id }));
    const text = JSON.stringify(await view(token));
    const [enterprise] = await q<{ name: string }>(`select name from enterprises where id = $1`, [a.enterpriseIds[0]]);
    for (const name of [...personal, enterprise!.name, 'WA1-1', 'WTJ-1']) expect(text).not.toContain(name);
  });

  it('a revoked, unknown or malformed link is not found; revoking holds at once', async () => {
    const { id, token } = await manager.call((api) => api.wallDisplay.create({ name: '将停用', stationId: a.stations[0]!.id }));
    await view(token);
    await manager.call((api) => api.wallDisplay.revoke({ id }));
    expect(keyOf(await error(view(token)))).toBe('errors.wallDisplay.notFound');
    expect((await error(view(token))).code).toBe('NOT_FOUND');
    // Revoking again changes nothing; the list keeps it, revoked.
    await manager.call((api) => api.wallDisplay.revoke({ id }));
    expect((await manager.call((api) => api.wallDisplay.list())).rows.find((r) => r.id === id)).toMatchObject({ revokedAt: expect.any(String) });
    expect(await q(`select count(*)::int as n from audit_log where subject_id = $1 and action = 'wallDisplay.revoked'`, [id])).toEqual([{ n: 1 }]);
    expect((await error(view('A'.repeat(43)))).code).toBe('NOT_FOUND');
    expect((await error(view('not a token'))).code).toBe('BAD_REQUEST');
    // Another tenant's manager cannot revoke it (not found in their tenant).
    const mine = await manager.call((api) => api.wallDisplay.create({ name: '乙不能停用' }));
    expect(keyOf(await error(otherManager.call((api) => api.wallDisplay.revoke({ id: mine.id }))))).toBe('errors.wallDisplay.notFound');
    expect((await view(mine.token)).name).toBe('乙不能停用');
  });

  it("keeps a scope's figures a few seconds (a screen cannot hammer the database) but checks the link every time", async () => {
    const one = await manager.call((api) => api.wallDisplay.create({ name: '二站甲', stationId: a.stations[1]!.id }));
    const two = await manager.call((api) => api.wallDisplay.create({ name: '二站乙', stationId: a.stations[1]!.id }));
    const first = await view(one.token);
    expect(first.todayCounts.received).toBe(2);
    await items(a, 1, { open: 1, overdue: 0, resolved: 0 }, 'WA2-later-');
    const again = await view(two.token);
    expect(again).toEqual({ ...first, name: '二站乙' });
    await manager.call((api) => api.wallDisplay.revoke({ id: one.id }));
    expect((await error(view(one.token))).code).toBe('NOT_FOUND');
  });
});

describe("the screen's way in (withWallDisplay, sd_open_wall_display)", () => {
  it('is read-only and scoped to the link’s tenant by row-level security', async () => {
    const { token } = await manager.call((api) => api.wallDisplay.create({ name: '只读', stationId: a.stations[0]!.id }));
    await withWallDisplay(t.db, sha256(token), async (trx, scope) => {
      expect(scope).toMatchObject({ tenantId: a.tenantId, stationId: a.stations[0]!.id, name: '只读' });
      const tenants = await trx.selectFrom('stations').select('tenant_id').distinct().execute();
      expect(tenants).toEqual([{ tenant_id: a.tenantId }]);
      await expect(trx.insertInto('tags').values({ tenant_id: a.tenantId, name: '写不进' }).execute()).rejects.toMatchObject({ code: '25006' });
    });
    const unknown = await withWallDisplay(t.db, sha256('nothing'), async (trx, scope) => ({ scope, stations: await trx.selectFrom('stations').select('id').execute() }));
    expect(unknown).toEqual({ scope: null, stations: [] });
  });

  it('a token hash alone names one live link and nothing else', async () => {
    const { id, token } = await manager.call((api) => api.wallDisplay.create({ name: '仅此一行' }));
    const c = new pg.Client({ connectionString: inject('db').appUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(`select set_config('app.wall_token_hash', $1, true)`, [sha256(token)]);
      expect((await c.query('select id from wall_displays')).rows).toEqual([{ id }]);
      expect((await c.query('select count(*)::int as n from stations')).rows).toEqual([{ n: 0 }]);
      await c.query('rollback');
      await manager.call((api) => api.wallDisplay.revoke({ id }));
      await c.query('begin');
      await c.query(`select set_config('app.wall_token_hash', $1, true)`, [sha256(token)]);
      expect((await c.query('select id from wall_displays')).rows).toEqual([]);
      await c.query('rollback');
    } finally {
      await c.end();
    }
  });
});
