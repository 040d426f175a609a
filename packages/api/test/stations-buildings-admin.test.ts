import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TRPCError } from '@trpc/server';
import { withTenant } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Stations and buildings kept by managers (issue 21): create, edit with the version read,
 * deactivate only with nothing open (refused with how many of each), reactivate; buildings with
 * their floors as an ordered list of labels, moved to another station with their enterprises —
 * new items go to the new station, open ones stay or go along as chosen. Another tenant's station,
 * another role, a stale form: refused, nothing written.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;
let foreignManager: Client;
let managerId: string;
let staffId: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const said = (e: TRPCError) => translator('zh-CN')(keyOf(e)!, (e.cause as { params?: Record<string, string | number> }).params);
const auditOf = (subjectId: string) => q<{ action: string; data: Record<string, unknown> }>(`select action, data from audit_log where subject_id = $1 order by at, id`, [subjectId]);

async function newStation(overrides: Record<string, unknown> = {}) {
  const code = `T${uid().slice(0, 6)}`;
  const { id } = await manager.call((api) => api.station.create({ code, name: `测试工作站-${code}`, nameEn: `Test station ${code}`, address: '虹桥路 1 号', phone: '021-12345678', ...overrides }));
  return id;
}

async function newBuilding(stationId: string, floors: string[] = ['B1', '1', '2', '3']) {
  const name = `测试大厦-${uid().slice(0, 8)}`;
  const { id } = await manager.call((api) => api.building.create({ stationId, name, nameEn: null, address: '申长路 988 号', floors }));
  return id;
}

async function newEnterprise(buildingId: string, stationId: string) {
  const [row] = await q<{ id: string }>(
    `insert into enterprises (tenant_id, name, credit_code, station_id, building_id) values ($1, $2, $3, $4, $5) returning id`,
    [tenant.tenantId, `迁移测试企业${uid().slice(0, 6)}有限公司`, `91310000${uid().replace(/[^0-9A-F]/gi, '').slice(0, 10).toUpperCase().padEnd(10, '0')}`, stationId, buildingId],
  );
  return row!.id;
}

const newItem = (enterpriseId: string, kind: 'consultation' | 'agency' | 'dispute' | 'patrol' = 'consultation') =>
  manager.call((api) => api.workItem.create({ kind, title: `测试事项-${kind}`, channel: 'phone', enterpriseId }));

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  const m = await makeMember(t.owner, tenant, 'manager');
  managerId = m.id;
  manager = await signedIn(deps, m.email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = s.id;
  staff = await signedIn(deps, s.email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin')).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
});
afterAll(() => t.close());

describe('station: create, edit, deactivate, reactivate', () => {
  it('creates a station with zh/en names, lists it, edits it with the version read, audited', async () => {
    const id = await newStation({ code: 'NEW-1', name: '新泾工作站', nameEn: 'Xinjing Station' });
    const listed = (await manager.call((api) => api.station.list())).find((s) => s.id === id);
    expect(listed).toMatchObject({ code: 'NEW-1', name: '新泾工作站', nameEn: 'Xinjing Station', active: true, version: 1, buildingCount: 0 });
    const saved = await manager.call((api) => api.station.update({ id, version: 1, code: 'NEW-1', name: '新泾镇工作站', nameEn: 'Xinjing Town Station', address: null, phone: '021-1' }));
    expect(saved).toMatchObject({ name: '新泾镇工作站', address: null, version: 2 });
    // A form read before that save is stale: refused, nothing written.
    const stale = await error(manager.call((api) => api.station.update({ id, version: 1, code: 'NEW-1', name: '又改名', nameEn: null, address: null, phone: null })));
    expect([stale.code, keyOf(stale)]).toEqual(['CONFLICT', 'errors.concurrentEdit']);
    expect((await q(`select name from stations where id = $1`, [id]))[0]).toEqual({ name: '新泾镇工作站' });
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['station.created', 'station.updated']);
    expect(audit[1]!.data).toMatchObject({ changes: { name: { from: '新泾工作站', to: '新泾镇工作站' }, address: { from: '虹桥路 1 号', to: null } } });
  });

  it('refuses a code or name already taken, and bad input', async () => {
    const id = await newStation();
    const [row] = await q<{ code: string; name: string }>(`select code, name from stations where id = $1`, [id]);
    expect(keyOf(await error(manager.call((api) => api.station.create({ code: row!.code.toLowerCase(), name: '别的名字', nameEn: null, address: null, phone: null }))))).toBe('errors.station.codeTaken');
    expect(keyOf(await error(manager.call((api) => api.station.create({ code: 'OTHER', name: row!.name, nameEn: null, address: null, phone: null }))))).toBe('errors.station.nameTaken');
    expect((await error(manager.call((api) => api.station.create({ code: 'a b', name: '', nameEn: null, address: null, phone: null })))).code).toBe('BAD_REQUEST');
  });

  it('is for managers only: staff and enterprise admins are refused; another tenant cannot see it', async () => {
    const id = await newStation();
    for (const c of [staff, admin]) {
      expect((await error(c.call((api) => api.station.create({ code: 'NOPE', name: '越权', nameEn: null, address: null, phone: null })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.station.deactivate({ id, version: 1 })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.station.get({ id })))).code).toBe('FORBIDDEN');
    }
    expect((await error(foreignManager.call((api) => api.station.deactivate({ id, version: 1 })))).code).toBe('NOT_FOUND');
    expect((await error(foreignManager.call((api) => api.station.update({ id, version: 1, code: 'X', name: '跨租户', nameEn: null, address: null, phone: null })))).code).toBe('NOT_FOUND');
    expect((await q(`select active, version from stations where id = $1`, [id]))[0]).toEqual({ active: true, version: 1 });
  });

  it('refuses deactivation while anything is open there, saying how many of each — the counts equal SQL’s', async () => {
    const station = await newStation();
    const building = await newBuilding(station);
    const enterprise = await newEnterprise(building, station);
    await newItem(enterprise, 'consultation');
    await newItem(enterprise, 'consultation');
    await newItem(enterprise, 'agency');
    await newItem(enterprise, 'dispute');
    // A duty shift not over yet at a post of the station, a patrol round planned.
    const [post] = await q<{ id: string }>(`insert into service_posts (tenant_id, station_id, name, location, services) values ($1, $2, $3, '一楼大厅', '{guidance}') returning id`, [tenant.tenantId, station, `岗-${uid()}`]);
    await q(`insert into duty_shifts (tenant_id, post_id, shift_date, starts_at, ends_at, places) values ($1, $2, current_date, now() + interval '1 hour', now() + interval '3 hours', 4)`, [tenant.tenantId, post!.id]);
    const [plan] = await q<{ id: string }>(`insert into patrol_plans (tenant_id, station_id, name, frequency, assignment, starts_on) values ($1, $2, '日巡', 'daily', 'fixed', current_date) returning id`, [tenant.tenantId, station]);
    await q(`insert into patrol_rounds (tenant_id, plan_id, station_id, round_date, assignee_id, floors, point_ids) values ($1, $2, $3, current_date, $4, '[]', '{}')`, [tenant.tenantId, plan!.id, station, managerId]);

    const { version, open } = await manager.call((api) => api.station.get({ id: station }));
    const [sql] = await q<{ consultation: number; agency: number; dispute: number; patrol: number }>(
      `select count(*) filter (where kind = 'consultation')::int as consultation, count(*) filter (where kind = 'agency')::int as agency,
              count(*) filter (where kind = 'dispute')::int as dispute, count(*) filter (where kind = 'patrol')::int as patrol
         from work_items where station_id = $1 and status <> 'closed'`,
      [station],
    );
    expect(open).toEqual({ ...sql, rounds: 1, shifts: 1, activities: 0, buildings: 1 });
    expect(open).toMatchObject({ consultation: 2, agency: 1, dispute: 1 });

    const refused = await error(manager.call((api) => api.station.deactivate({ id: station, version })));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(keyOf(refused)).toBe('errors.station.openItemsRemain');
    expect(said(refused)).toContain('未办结工单 4 件（咨询 2、代办 1、调解 1、巡查发现 0）');
    expect(said(refused)).toContain('站岗班次 1 个');
    expect(said(refused)).toContain('楼宇 1 栋');
    expect((await q(`select active from stations where id = $1`, [station]))[0]).toEqual({ active: true });
    expect((await auditOf(station)).map((a) => a.action)).toEqual(['station.created']);
  });

  it('deactivates an empty station: gone from the pickers, still listed for the directory; reactivated back', async () => {
    const station = await newStation();
    const deactivated = await manager.call((api) => api.station.deactivate({ id: station, version: 1 }));
    expect(deactivated).toMatchObject({ active: false, version: 2 });
    expect((await manager.call((api) => api.station.list())).some((s) => s.id === station)).toBe(false);
    expect((await staff.call((api) => api.station.list())).some((s) => s.id === station)).toBe(false);
    expect((await manager.call((api) => api.station.list({ includeInactive: true }))).find((s) => s.id === station)).toMatchObject({ active: false });
    // No new item is taken there, nor a building put there, while it is deactivated.
    expect(keyOf(await error(manager.call((api) => api.workItem.create({ kind: 'consultation', title: '停用站的新咨询', channel: 'phone', stationId: station }))))).toBe('errors.station.inactive');
    expect(keyOf(await error(manager.call((api) => api.building.create({ stationId: station, name: `停用站楼-${uid()}`, nameEn: null, address: null, floors: [] }))))).toBe('errors.building.stationInactive');
    // A stale form (the version before deactivation) is refused.
    expect((await error(manager.call((api) => api.station.reactivate({ id: station, version: 1 })))).code).toBe('CONFLICT');
    expect(await manager.call((api) => api.station.reactivate({ id: station, version: 2 }))).toMatchObject({ active: true, version: 3 });
    expect((await manager.call((api) => api.station.list())).some((s) => s.id === station)).toBe(true);
    expect((await auditOf(station)).map((a) => a.action)).toEqual(['station.created', 'station.deactivated', 'station.reactivated']);
  });
});

describe('building: create, edit, floors', () => {
  it('creates a building with floors B2, B1, 1 … 12, 12A, 15 and edits them with the version read', async () => {
    const station = tenant.stations[0]!.id;
    const typed = ['B2', 'B1', ...Array.from({ length: 12 }, (_, i) => String(i + 1)), '12A', '15'];
    const id = await newBuilding(station, typed);
    const b = await manager.call((api) => api.building.get({ id }));
    expect(b).toMatchObject({ stationId: station, floors: 14, version: 1 });
    expect(b.floorLabels).toEqual(['B2', 'B1', '1F', '2F', '3F', '4F', '5F', '6F', '7F', '8F', '9F', '10F', '11F', '12F', '12A', '15F']);
    const saved = await manager.call((api) => api.building.update({ id, version: 1, name: b.name, nameEn: 'Tower', address: b.address, floors: ['B1', '1', '2'] }));
    expect(saved).toMatchObject({ nameEn: 'Tower', floors: 2, floorLabels: ['B1', '1F', '2F'], version: 2 });
    expect((await error(manager.call((api) => api.building.update({ id, version: 1, name: b.name, nameEn: null, address: null, floors: [] })))).code).toBe('CONFLICT');
    const audit = await auditOf(id);
    expect(audit.map((a) => a.action)).toEqual(['building.created', 'building.updated']);
    expect(audit[1]!.data).toMatchObject({ changes: { name_en: { from: null, to: 'Tower' }, floor_labels: { to: ['B1', '1F', '2F'] } } });
  });

  it('refuses a floor list with an empty, too long, repeated label or over 200 floors, naming it; nothing written', async () => {
    const station = tenant.stations[0]!.id;
    const id = await newBuilding(station, ['1', '2']);
    const cases: [string[], string, string][] = [
      [['1', ''], 'errors.building.floorEmpty', '第 2 个楼层名称为空。'],
      [['1', '空中花园层观景台'], '', ''],
      [['1', '123456789'], 'errors.building.floorTooLong', '第 2 个楼层“123456789”过长，最多 8 个字符。'],
      [['B1', '1', '1楼'], 'errors.building.floorDuplicate', '第 3 个楼层“1F”与前面的楼层重复。'],
      [Array.from({ length: 201 }, (_, i) => String(i + 1)), 'errors.building.tooManyFloors', '楼层最多 200 个。'],
    ];
    let version = 1;
    for (const [floors, key, message] of cases) {
      const call = manager.call((api) => api.building.update({ id, version, name: `测试楼-${id.slice(0, 8)}`, nameEn: null, address: null, floors }));
      if (!key) {
        version = (await call).version;
        continue;
      }
      const e = await error(call);
      expect([keyOf(e), said(e)]).toEqual([key, message]);
    }
    expect((await q(`select floor_labels from buildings where id = $1`, [id]))[0]).toEqual({ floor_labels: ['1F', '空中花园层观景台'] });
  });

  it('keeps the patrol finding’s floor check working with the new list: 12A taken, 13 refused', async () => {
    const station = tenant.stations[0]!.id;
    const building = await newBuilding(station, ['1', '12', '12A', '15']);
    const finding = (floor: string) =>
      manager.call((api) => api.patrolFinding.create({ buildingId: building, floor, location: '电梯厅', category: 'fire_safety', tier: 'yellow', description: '消防通道堵塞，杂物堆放。' }));
    const ok = await finding('12a');
    expect((await q(`select floor from patrol_findings where item_id = $1`, [ok.id]))[0]).toEqual({ floor: '12A' });
    const refused = await error(finding('13'));
    expect(keyOf(refused)).toMatch(/floor/i);
  });

  it('is for managers only, and in the tenant’s own stations', async () => {
    const station = tenant.stations[0]!.id;
    for (const c of [staff, admin]) expect((await error(c.call((api) => api.building.create({ stationId: station, name: `越权楼-${uid()}`, nameEn: null, address: null, floors: [] })))).code).toBe('FORBIDDEN');
    expect((await error(manager.call((api) => api.building.create({ stationId: other.stations[0]!.id, name: `跨租户楼-${uid()}`, nameEn: null, address: null, floors: [] })))).code).toBe('NOT_FOUND');
    expect((await error(foreignManager.call((api) => api.building.get({ id: tenant.stations[0]!.buildingIds[0]! })))).code).toBe('NOT_FOUND');
  });
});

describe('building.move', () => {
  async function setUp() {
    const from = await newStation();
    const to = await newStation();
    const building = await newBuilding(from);
    const enterprise = await newEnterprise(building, from);
    const open = [await newItem(enterprise), await newItem(enterprise, 'agency')];
    // One open item handled by staff who do not work at the new station.
    await q(`update work_items set assignee_id = $2, status = 'assigned' where id = $1`, [open[0]!.id, staffId]);
    const closed = await newItem(enterprise);
    await q(`update work_items set status = 'closed', closed_at = now() where id = $1`, [closed.id]);
    return { from, to, building, enterprise, open, closed };
  }

  it('previews what the move does: enterprises, open items by kind, those handled by someone not at the new station', async () => {
    const { to, building } = await setUp();
    const preview = await manager.call((api) => api.building.movePreview({ id: building, stationId: to }));
    expect(preview).toMatchObject({ enterprises: 1, openItems: 2, openByKind: { consultation: 1, agency: 1, dispute: 0, patrol: 0 }, handledElsewhere: 1 });
  });

  it('open items stay: the enterprise’s new items go to the new station, the open ones finish at the old one', async () => {
    const { from, to, building, enterprise, open, closed } = await setUp();
    const moved = await manager.call((api) => api.building.move({ id: building, version: 1, stationId: to, openItems: 'stay' }));
    expect(moved).toMatchObject({ enterprisesMoved: 1, itemsMoved: 0, itemsStaying: 2, building: { stationId: to, version: 2 } });
    expect((await q(`select station_id from enterprises where id = $1`, [enterprise]))[0]).toEqual({ station_id: to });
    const stations = await q<{ id: string; station_id: string }>(`select id, station_id from work_items where id = any($1)`, [[...open.map((o) => o.id), closed.id]]);
    expect(stations.every((s) => s.station_id === from)).toBe(true);
    const next = await newItem(enterprise);
    expect((await q(`select station_id from work_items where id = $1`, [next.id]))[0]).toEqual({ station_id: to });
    const [audit] = (await auditOf(building)).filter((a) => a.action === 'building.moved');
    expect(audit!.data).toMatchObject({ fromStationId: from, toStationId: to, openItems: 'stay', enterprisesMoved: 1, itemsMoved: 0, itemsStaying: 2 });
  });

  it('open items move along, each with a line in its history; closed ones stay where they were', async () => {
    const { from, to, building, open, closed } = await setUp();
    const moved = await manager.call((api) => api.building.move({ id: building, version: 1, stationId: to, openItems: 'move' }));
    expect(moved).toMatchObject({ itemsMoved: 2, itemsStaying: 0 });
    const rows = await q<{ id: string; station_id: string }>(`select id, station_id from work_items where id = any($1)`, [[...open.map((o) => o.id), closed.id]]);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.station_id]))).toEqual({ [open[0]!.id]: to, [open[1]!.id]: to, [closed.id]: from });
    const events = await q<{ item_id: string; note: string; data: Record<string, string> }>(`select item_id, note, data from work_item_events where action = 'station_moved' and item_id = any($1)`, [open.map((o) => o.id)]);
    expect(events).toHaveLength(2);
    expect(events[0]!.data).toMatchObject({ fromStationId: from, toStationId: to, buildingId: building });
    // The handler is kept.
    expect((await q(`select assignee_id from work_items where id = $1`, [open[0]!.id]))[0]).toEqual({ assignee_id: staffId });
  });

  it('refuses another tenant’s station (audited), the same station, a deactivated one, a stale form; nothing moves', async () => {
    const { from, building, enterprise } = await setUp();
    const foreign = await error(manager.call((api) => api.building.move({ id: building, version: 1, stationId: other.stations[0]!.id, openItems: 'move' })));
    expect([foreign.code, keyOf(foreign)]).toEqual(['NOT_FOUND', 'errors.station.notFound']);
    expect((await auditOf(building)).map((a) => a.action)).toContain('building.moveRefused');
    expect(keyOf(await error(manager.call((api) => api.building.move({ id: building, version: 1, stationId: from, openItems: 'stay' }))))).toBe('errors.building.sameStation');
    const closedStation = await newStation();
    await manager.call((api) => api.station.deactivate({ id: closedStation, version: 1 }));
    expect(keyOf(await error(manager.call((api) => api.building.move({ id: building, version: 1, stationId: closedStation, openItems: 'stay' }))))).toBe('errors.building.stationInactive');
    const to = await newStation();
    expect((await error(manager.call((api) => api.building.move({ id: building, version: 7, stationId: to, openItems: 'stay' })))).code).toBe('CONFLICT');
    expect((await error(staff.call((api) => api.building.move({ id: building, version: 1, stationId: to, openItems: 'stay' })))).code).toBe('FORBIDDEN');
    expect((await error(foreignManager.call((api) => api.building.move({ id: building, version: 1, stationId: other.stations[0]!.id, openItems: 'stay' })))).code).toBe('NOT_FOUND');
    expect((await q(`select station_id, version from buildings where id = $1`, [building]))[0]).toEqual({ station_id: from, version: 1 });
    expect((await q(`select station_id from enterprises where id = $1`, [enterprise]))[0]).toEqual({ station_id: from });
  });

  it('Postgres itself refuses a building pointing at another tenant’s station', async () => {
    const building = tenant.stations[0]!.buildingIds[0]!;
    // The app role, in this tenant: the other tenant's station is invisible and the key includes the tenant.
    await expect(
      withTenant(t.db, tenant.tenantId, (trx) => trx.updateTable('buildings').set({ station_id: other.stations[0]!.id }).where('id', '=', building).execute()),
    ).rejects.toThrow();
  });
});
