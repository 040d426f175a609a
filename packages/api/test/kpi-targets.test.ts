import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKpiTargets, localDate, metricTone } from '@stationdesk/core';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The tenant's KPI targets (issue 18): managers set them, validated and audited; a tenant that never
 * set its own is held to core's defaults; the figures' procedures answer them, so the dashboard's
 * colours follow a change; another tenant's targets are never touched.
 */
let t: ReturnType<typeof openTestDb>;
let a: TestTenant;
let b: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;
let otherManager: Client;
let year: { from: string; to: string };

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const storedRow = async (tenantId: string) => (await q(`select * from kpi_targets where tenant_id = $1`, [tenantId]))[0] ?? null;
const auditCount = async (tenantId: string) => (await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'kpi.targetsChanged'`, [tenantId]))[0]!.n;

beforeAll(async () => {
  t = openTestDb();
  a = await makeTenant(t.owner, { stations: 2 });
  b = await makeTenant(t.owner, { stations: 1 });
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, a, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, a, 'staff', { stationIndexes: [0] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, a, 'enterprise_admin')).email);
  otherManager = await signedIn(deps, (await makeMember(t.owner, b, 'manager')).email);
  const [tz] = await q<{ timezone: string }>(`select timezone from tenants where id = $1`, [a.tenantId]);
  const today = localDate(new Date(), tz!.timezone);
  year = { from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` };
  // Station 1: four first-contact windows that ended two days ago, three met in time (75 %); one of
  // two resolved items sent back once (重办率 50 %).
  await q(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, created_at, updated_at,
                             first_contact_at, first_contact_due_at, resolved_at, resolved_ok, redo_count)
     select $1, 'consultation', 'KT-' || g, $2::uuid, '目标样例 ' || g, 'phone', case when g <= 2 then 'visited' else 'in_progress' end,
            now() - interval '2 days', now() - interval '2 days',
            now() - interval '2 days' + case when g = 4 then interval '6 hours' else interval '1 hour' end,
            now() - interval '2 days' + interval '4 hours',
            case when g <= 2 then now() - interval '1 day' end, case when g <= 2 then true end, case when g = 1 then 1 else 0 end
       from generate_series(1, 4) g`,
    [a.tenantId, a.stations[0]!.id],
  );
});

afterAll(() => t.close());

describe('kpiTarget.get', () => {
  it("a tenant that never set its own is held to core's defaults, and the figures say so", async () => {
    expect(await manager.call((api) => api.kpiTarget.get())).toEqual({ targets: { ...defaultKpiTargets }, custom: false, updatedAt: null });
    expect(await staff.call((api) => api.kpiTarget.get())).toMatchObject({ targets: { ...defaultKpiTargets } });
    expect((await manager.call((api) => api.kpi.summary(year))).targets).toEqual({ ...defaultKpiTargets });
    expect((await manager.call((api) => api.kpi.byStation(year))).targets).toEqual({ ...defaultKpiTargets });
  });

  it('is refused to an enterprise admin', async () => {
    expect(keyOf(await error(admin.call((api) => api.kpiTarget.get())))).toBe('errors.roleNotAllowed');
  });
});

describe('kpiTarget.update', () => {
  const targets = { firstContact: 0.97, resolution: 0.9213, onTime: 0.996, satisfaction: 0.875, redo: 0.03, returned: 0.1 };

  it('a manager sets every target; stored in basis points and audited with before and after', async () => {
    const answer = await manager.call((api) => api.kpiTarget.update({ targets }));
    expect(answer).toMatchObject({ targets, custom: true });
    expect(await manager.call((api) => api.kpiTarget.get())).toEqual(answer);
    expect(await storedRow(a.tenantId)).toMatchObject({ first_contact: 9700, resolution: 9213, on_time: 9960, satisfaction: 8750, redo: 300, returned: 1000 });
    const [audit] = await q<{ data: { before: unknown; defaultsBefore: boolean; after: unknown }; subject_id: string }>(
      `select data, subject_id from audit_log where tenant_id = $1 and action = 'kpi.targetsChanged' order by at desc limit 1`,
      [a.tenantId],
    );
    expect(audit).toMatchObject({ subject_id: a.tenantId, data: { before: { ...defaultKpiTargets }, defaultsBefore: true, after: targets } });
  });

  it('refuses values out of range, too precise, missing or not numbers, and writes nothing', async () => {
    const before = await storedRow(a.tenantId);
    const audits = await auditCount(a.tenantId);
    const bad: [Record<string, unknown>, string | undefined][] = [
      [{ ...targets, onTime: 0 }, 'errors.kpiTargets.floorRange'],
      [{ ...targets, returned: 1 }, 'errors.kpiTargets.ceilingRange'],
      [{ ...targets, resolution: 0.92131 }, 'errors.kpiTargets.tooPrecise'],
      [{ ...targets, satisfaction: 1.2 }, undefined],
      [{ ...targets, redo: -0.01 }, undefined],
      [{ ...targets, firstContact: '95' }, undefined],
      [{ ...targets, firstContact: Number.NaN }, undefined],
      [{ firstContact: 0.9 }, undefined],
      [{ ...targets, extension: 0.1 }, undefined],
    ];
    for (const [input, key] of bad) {
      const e = await error(manager.call((api) => api.kpiTarget.update({ targets: input as typeof targets })));
      expect(e.code, JSON.stringify(input)).toBe('BAD_REQUEST');
      if (key) expect(keyOf(e)).toBe(key);
    }
    expect(await storedRow(a.tenantId)).toEqual(before);
    expect(await auditCount(a.tenantId)).toBe(audits);
  });

  it('is refused to staff and enterprise admins, writing nothing', async () => {
    const before = await storedRow(a.tenantId);
    expect(keyOf(await error(staff.call((api) => api.kpiTarget.update({ targets: { ...defaultKpiTargets } }))))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(admin.call((api) => api.kpiTarget.update({ targets: { ...defaultKpiTargets } }))))).toBe('errors.roleNotAllowed');
    expect(await storedRow(a.tenantId)).toEqual(before);
  });

  it("leaves another tenant's targets as they are, both ways", async () => {
    expect(await storedRow(b.tenantId)).toBeNull();
    expect(await otherManager.call((api) => api.kpiTarget.get())).toMatchObject({ targets: { ...defaultKpiTargets }, custom: false });
    const mine = await storedRow(a.tenantId);
    await otherManager.call((api) => api.kpiTarget.update({ targets: { ...defaultKpiTargets, satisfaction: 0.8 } }));
    expect(await storedRow(a.tenantId)).toEqual(mine);
    expect((await manager.call((api) => api.kpiTarget.get())).targets.satisfaction).toBe(0.875);
    expect((await otherManager.call((api) => api.kpiTarget.get())).targets.satisfaction).toBe(0.8);
  });

  it('the colours flip when a target changes: the figures are answered with the new targets', async () => {
    const tone = async (c: Client) => {
      const [summary, byStation, byStaff] = await c.call((api) => Promise.all([api.kpi.summary(year), api.kpi.byStation(year), api.kpi.byStaff(year)]));
      const station = byStation.rows.find((r) => r.stationId === a.stations[0]!.id)!;
      expect(station.figures.firstContact).toMatchObject({ numerator: 3, denominator: 4 });
      expect(summary.figures.redo).toMatchObject({ numerator: 1, denominator: 2 });
      return {
        summary: metricTone('firstContact', summary.figures.firstContact.rate, summary.targets),
        station: metricTone('firstContact', station.figures.firstContact.rate, byStation.targets),
        staff: metricTone('firstContact', byStaff.rows[0]!.figures.firstContact.rate, byStaff.targets),
        redo: metricTone('redo', summary.figures.redo.rate, summary.targets),
      };
    };
    // 75 % against 97 %: more than 5 points short; 50 % sent back against a 3 % ceiling.
    expect(await tone(manager)).toEqual({ summary: 'below', station: 'below', staff: 'below', redo: 'below' });
    await manager.call((api) => api.kpiTarget.update({ targets: { ...targets, firstContact: 0.75, redo: 0.5 } }));
    expect(await tone(manager)).toEqual({ summary: 'met', station: 'met', staff: 'met', redo: 'met' });
    await manager.call((api) => api.kpiTarget.update({ targets: { ...targets, firstContact: 0.78, redo: 0.46 } }));
    expect(await tone(manager)).toEqual({ summary: 'near', station: 'near', staff: 'near', redo: 'near' });
    // Staff read the same lines for their station.
    const staffByStation = await staff.call((api) => api.kpi.byStation(year));
    expect(staffByStation.targets.firstContact).toBe(0.78);
  });
});
