import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import { getCalendar, recomputeDueTimes, updateCalendar, type TenantContext } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client;
let staffId: string;
let admin: Client;
let otherManager: Client;


interface ItemFacts {
  kind?: string;
  priority?: string;
  status?: string;
  createdAt: string;
  firstContactAt?: string | null;
  firstContactDueAt?: string | null;
  resolutionDueAt?: string | null;
}

/** An item row written directly (the API always creates "now"; these tests need a known past). */
async function insertItem(on: TestTenant, f: ItemFacts): Promise<string> {
  const { rows } = await t.owner.pool.query<{ id: string }>(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, priority, created_at, first_contact_at, first_contact_due_at, resolution_due_at)
     values ($1, $2, $3, $4, '测试工单', 'wechat', $5, $6, $7, $8, $9, $10) returning id`,
    [
      on.tenantId,
      f.kind ?? 'consultation',
      `T-${uid()}`,
      on.stations[0]!.id,
      f.status ?? 'accepted',
      f.priority ?? 'normal',
      f.createdAt,
      f.firstContactAt ?? null,
      f.firstContactDueAt ?? null,
      f.resolutionDueAt ?? null,
    ],
  );
  return rows[0]!.id;
}

async function dueOf(id: string): Promise<{ firstContact: string | null; resolution: string | null }> {
  const { rows } = await t.owner.pool.query<{ f: string | null; r: string | null }>('select first_contact_due_at as f, resolution_due_at as r from work_items where id = $1', [id]);
  const row = rows[0]!;
  return { firstContact: row.f, resolution: row.r };
}

/** Rows of the settings tables and audit entries of a tenant: what a refused change must leave alone. */
async function settingsSnapshot(tenantId: string) {
  const { rows } = await t.owner.pool.query(
    `select (select count(*) from work_calendars where tenant_id = $1)::int as calendars,
            (select coalesce(string_agg(business_hours::text || weekend_days::text, ','), '') from work_calendars where tenant_id = $1) as hours,
            (select coalesce(string_agg(day::text || kind || coalesce(name, ''), ',' order by day), '') from calendar_days where tenant_id = $1) as days,
            (select coalesce(string_agg(kind || priority || first_contact_value || first_contact_unit || resolution_value || resolution_unit, ',' order by kind, priority), '') from sla_policies where tenant_id = $1) as policies,
            (select coalesce(string_agg(on_duty::text || max_open_items, ',' order by id), '') from memberships where tenant_id = $1) as duty,
            (select count(*) from audit_log where tenant_id = $1)::int as audits,
            (select coalesce(string_agg(id::text || coalesce(first_contact_due_at::text, '') || coalesce(resolution_due_at::text, ''), ',' order by id), '') from work_items where tenant_id = $1) as due`,
    [tenantId],
  );
  return rows[0] as Record<string, unknown>;
}

const official2026 = { holidays: 33, workdays: 6 };

type Api = Parameters<Parameters<Client['call']>[0]>[0];
/** The version of each part of the settings as the page reads it; a save sends it back. */
const hoursVersion = async (api: Api) => (await api.calendar.get()).hoursVersion;
const yearVersion = async (api: Api, year: number) => (await api.calendar.get({ fromYear: year, toYear: year })).dayVersions[0]!.version;
const policyVersion = async (api: Api, kind: string, priority: string) => (await api.slaPolicy.list()).find((p) => p.kind === kind && p.priority === priority)!.version;
const dutyVersion = async (api: Api, userId: string) => (await api.duty.list()).find((d) => d.userId === userId)!.version;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const staffUser = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = staffUser.id;
  staff = await signedIn(deps, staffUser.email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin')).email);
  otherManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
});
afterAll(() => t.close());

describe('SLA policies', () => {
  it('lists every kind and priority with the product defaults until the tenant sets one', async () => {
    const policies = await staff.call((api) => api.slaPolicy.list());
    expect(policies).toHaveLength(12);
    expect(policies.every((p) => p.isDefault)).toBe(true);
    expect(policies.find((p) => p.kind === 'consultation' && p.priority === 'normal')).toMatchObject({
      firstContact: { value: 4, unit: 'working_hours' },
      resolution: { value: 3, unit: 'working_days' },
    });
  });

  it('a manager’s change moves the due times of open items of that kind and priority — not finished items, not other kinds', async () => {
    const { id: open } = await staff.call((api) =>
      api.workItem.create({ kind: 'consultation', enterpriseId: tenant.enterpriseIds[0]!, title: '咨询社保开户流程', channel: 'wechat' }),
    );
    const openBefore = await dueOf(open);
    const fixed = { createdAt: '2026-11-02T02:00:00Z', firstContactDueAt: '2026-11-02T06:00:00Z', resolutionDueAt: '2026-11-05T02:00:00Z' };
    const closed = await insertItem(tenant, { ...fixed, status: 'closed' });
    const resolved = await insertItem(tenant, { ...fixed, status: 'resolved' });
    const agency = await insertItem(tenant, { ...fixed, kind: 'agency' });
    const urgent = await insertItem(tenant, { ...fixed, priority: 'urgent' });

    const result = await manager.call(async (api) =>
      api.slaPolicy.update({
        kind: 'consultation',
        priority: 'normal',
        version: await policyVersion(api, 'consultation', 'normal'),
        firstContact: { value: 2, unit: 'working_hours' },
        resolution: { value: 10, unit: 'working_days' },
      }),
    );
    expect(result.policy).toMatchObject({ isDefault: false, resolution: { value: 10, unit: 'working_days' }, defaults: { resolution: { value: 3, unit: 'working_days' } } });
    expect(result.recompute.checked).toBeGreaterThanOrEqual(1);
    expect(result.recompute.updated).toBeGreaterThanOrEqual(1);

    const openAfter = await dueOf(open);
    expect(Date.parse(openAfter.resolution!)).toBeGreaterThan(Date.parse(openBefore.resolution!) + 6 * 86_400_000);
    expect(Date.parse(openAfter.firstContact!)).toBeLessThan(Date.parse(openBefore.firstContact!));
    const untouched = { firstContact: '2026-11-02T06:00:00.000Z', resolution: '2026-11-05T02:00:00.000Z' };
    for (const id of [closed, resolved, agency, urgent]) expect(await dueOf(id)).toEqual(untouched);

    const audit = await t.owner.pool.query(`select data from audit_log where tenant_id = $1 and subject_type = 'sla_policy' and subject_id = 'consultation:normal'`, [tenant.tenantId]);
    expect(audit.rows[0].data).toMatchObject({ before: { isDefault: true }, after: { resolution: { value: 10 } } });
    const listed = await manager.call((api) => api.slaPolicy.list());
    expect(listed.filter((p) => !p.isDefault).map((p) => `${p.kind}:${p.priority}`)).toEqual(['consultation:normal']);
  });

  it('keeps the first-contact due time of an item already contacted', async () => {
    const contacted = await insertItem(tenant, {
      createdAt: '2026-11-02T02:00:00Z',
      firstContactAt: '2026-11-02T03:00:00Z',
      firstContactDueAt: '2026-11-02T06:00:00Z',
      resolutionDueAt: '2026-11-05T02:00:00Z',
    });
    await manager.call(async (api) =>
      api.slaPolicy.update({ kind: 'consultation', priority: 'normal', version: await policyVersion(api, 'consultation', 'normal'), firstContact: { value: 1, unit: 'working_hours' }, resolution: { value: 5, unit: 'working_days' } }),
    );
    const due = await dueOf(contacted);
    expect(due.firstContact).toBe('2026-11-02T06:00:00.000Z');
    // Mon 2 Nov 10:00 + 5 working days (no holidays in the tenant's calendar): Mon 9 Nov 10:00.
    expect(due.resolution).toBe('2026-11-09T02:00:00.000Z');
  });

  it('refuses bad limits with BAD_REQUEST and writes nothing', async () => {
    const before = await settingsSnapshot(tenant.tenantId);
    const sameDay = await error(
      manager.call(async (api) =>
        api.slaPolicy.update({ kind: 'agency', priority: 'urgent', version: await policyVersion(api, 'agency', 'urgent'), firstContact: { value: 1, unit: 'same_working_day' }, resolution: { value: 1, unit: 'same_working_day' } }),
      ),
    );
    expect(sameDay.code).toBe('BAD_REQUEST');
    expect(keyOf(sameDay)).toBe('errors.sla.sameDayFirstContact');
    const zero = await error(
      manager.call(async (api) => api.slaPolicy.update({ kind: 'agency', priority: 'urgent', version: await policyVersion(api, 'agency', 'urgent'), firstContact: { value: 0, unit: 'working_hours' }, resolution: { value: 1, unit: 'working_days' } })),
    );
    expect(zero.code).toBe('BAD_REQUEST');
    const fraction = await error(
      manager.call(async (api) => api.slaPolicy.update({ kind: 'agency', priority: 'urgent', version: await policyVersion(api, 'agency', 'urgent'), firstContact: { value: 1.5, unit: 'working_hours' }, resolution: { value: 1, unit: 'working_days' } })),
    );
    expect(fraction.code).toBe('BAD_REQUEST');
    expect(await settingsSnapshot(tenant.tenantId)).toEqual(before);
  });
});

describe('the working calendar', () => {
  let cal: TestTenant;
  let calManager: Client;
  let friday: string;

  beforeAll(async () => {
    cal = await makeTenant(t.owner);
    calManager = await signedIn(apiDeps(t.db), (await makeMember(t.owner, cal, 'manager')).email);
    // Friday 13 Feb 2026, 10:00 in Shanghai; due times as if there were no holidays (Wed 18 Feb).
    friday = await insertItem(cal, { createdAt: '2026-02-13T02:00:00Z', firstContactDueAt: '2026-02-13T07:00:00Z', resolutionDueAt: '2026-02-18T02:00:00Z' });
  });

  it('importing the official 2026 schedule recomputes: created Fri 13 Feb 10:00, due Wed 25 Feb 10:00 (调休 Sat 14th, 春节 15th–23rd)', async () => {
    const result = await calManager.call((api) => api.calendar.importOfficial({ year: 2026 }));
    expect(result).toMatchObject({ year: 2026, ...official2026, recompute: { checked: 1, updated: 1 } });
    expect(await dueOf(friday)).toEqual({ firstContact: '2026-02-13T07:00:00.000Z', resolution: '2026-02-25T02:00:00.000Z' });

    const view = await calManager.call((api) => api.calendar.get({ fromYear: 2026, toYear: 2026 }));
    expect(view.days).toHaveLength(official2026.holidays + official2026.workdays);
    expect(view.days).toContainEqual({ date: '2026-02-14', kind: 'workday', name: null });
    expect(view.days).toContainEqual({ date: '2026-02-16', kind: 'holiday', name: '春节' });
    expect(view.years).toEqual([{ year: 2026, ...official2026 }]);
    expect(view.officialYears).toEqual([2025, 2026]);
    expect(view.updatedAt).toBeNull();
  });

  it('recomputeDueTimes itself writes nothing when nothing changed, and finds the same due time', async () => {
    const ctx = (trx: TenantContext['trx']): TenantContext => ({
      trx,
      tenantId: cal.tenantId,
      timezone: 'Asia/Shanghai',
      actor: { userId: staffId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: null },
    });
    const result = await withTenant(t.db, cal.tenantId, (trx) => recomputeDueTimes(ctx(trx)));
    expect(result).toEqual({ checked: 1, updated: 0 });
    expect((await dueOf(friday)).resolution).toBe('2026-02-25T02:00:00.000Z');
  });

  it('a change of business hours recomputes open items', async () => {
    // Afternoons only: the clock starts at 13:00 on Friday; 3 days × 4 h = Fri, Sat 14th (调休), Tue 24th until 17:00.
    const result = await calManager.call(async (api) => api.calendar.update({ businessHours: [{ start: '13:00', end: '17:00' }], weekendDays: [6, 0, 6], version: await hoursVersion(api) }));
    expect(result.recompute).toEqual({ checked: 1, updated: 1 });
    expect(await dueOf(friday)).toEqual({ firstContact: '2026-02-13T09:00:00.000Z', resolution: '2026-02-24T09:00:00.000Z' });
    const view = await calManager.call((api) => api.calendar.get());
    expect(view).toMatchObject({ businessHours: [{ start: '13:00', end: '17:00' }], weekendDays: [0, 6], updatedAt: expect.any(String) });
    const audit = await t.owner.pool.query(`select action, data from audit_log where tenant_id = $1 and subject_type = 'calendar' order by at`, [cal.tenantId]);
    expect(audit.rows.map((r) => r.action)).toEqual(['calendar.officialYearImported', 'calendar.updated']);
    expect(audit.rows[1].data).toMatchObject({ before: null, after: { weekendDays: [0, 6] } });

    await calManager.call(async (api) => api.calendar.update({ businessHours: [{ start: '13:00', end: '17:30' }, { start: '09:00', end: '12:00' }], weekendDays: [0, 6], version: await hoursVersion(api) }));
    expect((await dueOf(friday)).resolution).toBe('2026-02-25T02:00:00.000Z');
    expect((await calManager.call((api) => api.calendar.get())).businessHours).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ]);
  });

  it('setting a year’s days by hand replaces that year and recomputes', async () => {
    // Without the Spring Festival the item is due three working days on: Wed 18 Feb.
    const kept = (await calManager.call((api) => api.calendar.get({ fromYear: 2026 }))).days.filter((d) => !d.date.startsWith('2026-02'));
    const result = await calManager.call(async (api) => api.calendar.setDays({ year: 2026, days: [...kept, { date: '2026-02-17', kind: 'holiday', name: '  公司年假 ' }], version: await yearVersion(api, 2026) }));
    expect(result).toMatchObject({ year: 2026, holidays: official2026.holidays - 9 + 1, workdays: official2026.workdays - 2, recompute: { updated: 1 } });
    expect((await dueOf(friday)).resolution).toBe('2026-02-19T02:00:00.000Z');
    const view = await calManager.call((api) => api.calendar.get({ fromYear: 2026 }));
    expect(view.days.filter((d) => d.date.startsWith('2026-02'))).toEqual([{ date: '2026-02-17', kind: 'holiday', name: '公司年假' }]);

    await calManager.call((api) => api.calendar.importOfficial({ year: 2026 }));
    expect((await dueOf(friday)).resolution).toBe('2026-02-25T02:00:00.000Z');
  });

  it('refuses days outside the year or listed twice, and writes nothing', async () => {
    const before = await settingsSnapshot(cal.tenantId);
    const outside = await error(calManager.call(async (api) => api.calendar.setDays({ year: 2027, days: [{ date: '2026-12-31', kind: 'holiday' }], version: await yearVersion(api, 2027) })));
    expect([outside.code, keyOf(outside)]).toEqual(['BAD_REQUEST', 'errors.calendar.dayNotInYear']);
    const unreal = await error(calManager.call(async (api) => api.calendar.setDays({ year: 2027, days: [{ date: '2027-02-30', kind: 'holiday' }], version: await yearVersion(api, 2027) })));
    expect([unreal.code, keyOf(unreal)]).toEqual(['BAD_REQUEST', 'errors.calendar.dayNotInYear']);
    const twice = await error(
      calManager.call(async (api) =>
        api.calendar.setDays({
          year: 2027,
          version: await yearVersion(api, 2027),
          days: [
            { date: '2027-01-01', kind: 'holiday', name: '元旦' },
            { date: '2027-01-01', kind: 'workday' },
          ],
        }),
      ),
    );
    expect([twice.code, keyOf(twice)]).toEqual(['BAD_REQUEST', 'errors.calendar.dayDuplicate']);
    expect(await settingsSnapshot(cal.tenantId)).toEqual(before);
  });

  it('refuses invalid calendars with BAD_REQUEST and writes nothing', async () => {
    const before = await settingsSnapshot(cal.tenantId);
    const cases: [{ start: string; end: string }[], number[], string][] = [
      [[{ start: '09:00', end: '12:00' }, { start: '11:30', end: '17:00' }], [0, 6], 'errors.calendar.overlap'],
      [[{ start: '9:00', end: '12:00' }], [0, 6], 'errors.calendar.badTime'],
      [[{ start: '09:00', end: '25:00' }], [0, 6], 'errors.calendar.badTime'],
      [[{ start: '14:00', end: '13:00' }], [0, 6], 'errors.calendar.badPeriod'],
    ];
    for (const [businessHours, weekendDays, key] of cases) {
      const e = await error(calManager.call(async (api) => api.calendar.update({ businessHours, weekendDays, version: await hoursVersion(api) })));
      expect([e.code, keyOf(e)], JSON.stringify(businessHours)).toEqual(['BAD_REQUEST', key]);
    }
    const empty = await error(calManager.call(async (api) => api.calendar.update({ businessHours: [], weekendDays: [0, 6], version: await hoursVersion(api) })));
    expect(empty.code).toBe('BAD_REQUEST');
    expect(await settingsSnapshot(cal.tenantId)).toEqual(before);
  });

  it('refuses a malformed schedule, leaving the year as it was', async () => {
    const before = await settingsSnapshot(cal.tenantId);
    const schedules: [unknown, string][] = [
      [{ nothing: true }, 'errors.calendar.importShape'],
      [{ years: { 2026: { off: [{ name: '春节', from: '2026-02-23', to: '2026-02-15' }], workdays: [] } } }, 'errors.calendar.importRange'],
      [{ years: { 2026: { off: [{ name: '春节', from: '2026-02-15', to: '2026-02-23' }], workdays: ['2026-02-16'] } } }, 'errors.calendar.importOverlap'],
      [{ years: { 2026: { off: [{ name: '元旦', from: '2027-01-01', to: '2027-01-01' }], workdays: [] } } }, 'errors.calendar.importDate'],
      [{ years: { 2025: { off: [], workdays: [] } } }, 'errors.calendar.importYearMissing'],
      ['not json at all', 'errors.calendar.importShape'],
    ];
    for (const [schedule, key] of schedules) {
      const e = await error(calManager.call((api) => api.calendar.importYear({ year: 2026, schedule })));
      expect([e.code, keyOf(e)], JSON.stringify(schedule)).toEqual(['BAD_REQUEST', key]);
    }
    const missing = await error(calManager.call((api) => api.calendar.importOfficial({ year: 2031 })));
    expect([missing.code, keyOf(missing)]).toEqual(['BAD_REQUEST', 'errors.calendar.noOfficialSchedule']);
    expect(await settingsSnapshot(cal.tenantId)).toEqual(before);
  });

  it('imports a year from a file in the official shape', async () => {
    const schedule = { years: { 2027: { off: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }], workdays: ['2027-01-04'] } } };
    const result = await calManager.call((api) => api.calendar.importYear({ year: 2027, schedule }));
    expect(result).toMatchObject({ year: 2027, holidays: 3, workdays: 1 });
    const view = await calManager.call((api) => api.calendar.get());
    expect(view.years).toEqual([
      { year: 2026, ...official2026 },
      { year: 2027, holidays: 3, workdays: 1 },
    ]);
  });
});

describe('a settings change and items created meanwhile', () => {
  it('an item created while a calendar change is being written waits for it, and is due by the new calendar', async () => {
    const fresh = await makeTenant(t.owner);
    const m = await makeMember(t.owner, fresh, 'manager');
    const creator = await signedIn(apiDeps(t.db), m.email);
    const ctx = (trx: TenantContext['trx']): TenantContext => ({
      trx,
      tenantId: fresh.tenantId,
      timezone: 'Asia/Shanghai',
      actor: { userId: m.id, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: null },
    });
    // The change is written (afternoons only, the open items recomputed) but not yet committed.
    let commit!: () => void;
    let written!: () => void;
    const wasWritten = new Promise<void>((r) => (written = r));
    const change = withTenant(t.db, fresh.tenantId, async (trx) => {
      const { hoursVersion: version } = await getCalendar(ctx(trx));
      await updateCalendar(ctx(trx), { businessHours: [{ start: '13:00', end: '17:00' }], weekendDays: [0, 6], version });
      written();
      await new Promise<void>((r) => (commit = r));
    });
    await wasWritten;
    let created: { id: string } | null = null;
    const creating = creator
      .call((api) => api.workItem.create({ kind: 'consultation', title: '改历期间受理', channel: 'wechat', stationId: fresh.stations[0]!.id }))
      .then((r) => (created = r));
    await new Promise((r) => setTimeout(r, 300));
    expect(created).toBeNull();
    commit();
    await change;
    await creating;
    // Nothing left for a recompute to move: the item was computed from the afternoon-only calendar.
    expect(await withTenant(t.db, fresh.tenantId, (trx) => recomputeDueTimes(ctx(trx)))).toEqual({ checked: 1, updated: 0 });
    const due = new Date((await dueOf(created!.id)).resolution!);
    const hhmm = due.toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });
    expect(hhmm >= '13:00' && hhmm <= '17:00', hhmm).toBe(true);
  });
});

describe('two managers editing at once', () => {
  let ours: TestTenant;
  let first: Client;
  let second: Client;
  let dutyOf: string;

  beforeAll(async () => {
    ours = await makeTenant(t.owner);
    const deps = apiDeps(t.db);
    first = await signedIn(deps, (await makeMember(t.owner, ours, 'manager')).email);
    second = await signedIn(deps, (await makeMember(t.owner, ours, 'manager')).email);
    dutyOf = (await makeMember(t.owner, ours, 'staff', { stationIndexes: [0] })).id;
  });

  const year2027 = (api: Api) => api.calendar.get({ fromYear: 2027, toYear: 2027 });

  it('a year saved from a page read before another manager saved it is refused (CONFLICT), and nothing of it is written', async () => {
    // Both open the page; the first adds 国庆节 and saves.
    const [a, b] = await Promise.all([first.call(year2027), second.call(year2027)]);
    await first.call((api) =>
      api.calendar.setDays({ year: 2027, days: [...a.days, { date: '2027-10-01', kind: 'holiday', name: '国庆节' }], version: a.dayVersions[0]!.version }),
    );
    // The second adds 劳动节 to the year as they read it — which would drop 国庆节.
    const before = await settingsSnapshot(ours.tenantId);
    const stale = await error(
      second.call((api) =>
        api.calendar.setDays({ year: 2027, days: [...b.days, { date: '2027-05-01', kind: 'holiday', name: '劳动节' }], version: b.dayVersions[0]!.version }),
      ),
    );
    expect([stale.code, keyOf(stale)]).toEqual(['CONFLICT', 'errors.sla.changedMeanwhile']);
    expect(await settingsSnapshot(ours.tenantId)).toEqual(before);

    // Reloaded, their day goes in beside the first manager's.
    const fresh = await second.call(year2027);
    await second.call((api) =>
      api.calendar.setDays({ year: 2027, days: [...fresh.days, { date: '2027-05-01', kind: 'holiday', name: '劳动节' }], version: fresh.dayVersions[0]!.version }),
    );
    expect((await first.call(year2027)).days.map((d) => d.date)).toEqual(['2027-05-01', '2027-10-01']);
  });

  it('so are hours, a policy and a member’s duty saved over another manager’s change', async () => {
    const [a, b] = await Promise.all([first.call((api) => api.calendar.get()), second.call((api) => api.calendar.get())]);
    const policyOf = async (api: Api) => (await api.slaPolicy.list()).find((p) => p.kind === 'agency' && p.priority === 'normal')!;
    const [pa, pb] = await Promise.all([first.call(policyOf), second.call(policyOf)]);
    const dutyRow = async (api: Api) => (await api.duty.list()).find((d) => d.userId === dutyOf)!;
    const [da, db] = await Promise.all([first.call(dutyRow), second.call(dutyRow)]);

    await first.call((api) => api.calendar.update({ businessHours: [{ start: '08:30', end: '17:00' }], weekendDays: [0, 6], version: a.hoursVersion }));
    await first.call((api) =>
      api.slaPolicy.update({ kind: 'agency', priority: 'normal', firstContact: { value: 2, unit: 'working_hours' }, resolution: pa.resolution, version: pa.version }),
    );
    await first.call((api) => api.duty.update({ userId: dutyOf, maxOpenItems: 20, version: da.version }));

    const before = await settingsSnapshot(ours.tenantId);
    const refused = [
      await error(second.call((api) => api.calendar.update({ businessHours: b.businessHours, weekendDays: [0], version: b.hoursVersion }))),
      await error(
        second.call((api) =>
          api.slaPolicy.update({ kind: 'agency', priority: 'normal', firstContact: pb.firstContact, resolution: { value: 9, unit: 'working_days' }, version: pb.version }),
        ),
      ),
      await error(second.call((api) => api.duty.update({ userId: dutyOf, onDuty: !db.onDuty, version: db.version }))),
    ];
    expect(refused.map((e) => [e.code, keyOf(e)])).toEqual(Array(3).fill(['CONFLICT', 'errors.sla.changedMeanwhile']));
    expect(await settingsSnapshot(ours.tenantId)).toEqual(before);

    // Saving from what the first manager's save left is accepted.
    const hours = await first.call((api) => api.calendar.get());
    expect(hours.hoursVersion).not.toBe(a.hoursVersion);
    await expect(first.call((api) => api.calendar.update({ businessHours: hours.businessHours, weekendDays: [0], version: hours.hoursVersion }))).resolves.toHaveProperty('recompute');
  });
});

describe('who may change the settings', () => {
  it('staff read the calendar and policies but may not change them (FORBIDDEN), and nothing is written', async () => {
    await expect(staff.call((api) => api.calendar.get())).resolves.toMatchObject({ timezone: 'Asia/Shanghai' });
    const before = await settingsSnapshot(tenant.tenantId);
    const attempts = [
      () => staff.call(async (api) => api.calendar.update({ businessHours: [{ start: '08:00', end: '18:00' }], weekendDays: [0], version: await hoursVersion(api) })),
      () => staff.call(async (api) => api.calendar.setDays({ year: 2026, days: [], version: await yearVersion(api, 2026) })),
      () => staff.call((api) => api.calendar.importOfficial({ year: 2026 })),
      () => staff.call((api) => api.calendar.importYear({ year: 2026, schedule: { years: { 2026: { off: [], workdays: [] } } } })),
      () => staff.call(async (api) =>
        api.slaPolicy.update({ kind: 'dispute', priority: 'low', version: await policyVersion(api, 'dispute', 'low'), firstContact: { value: 1, unit: 'working_days' }, resolution: { value: 60, unit: 'calendar_days' } }),
      ),
    ];
    for (const attempt of attempts) expect((await error(attempt())).code).toBe('FORBIDDEN');
    expect(await settingsSnapshot(tenant.tenantId)).toEqual(before);
  });

  it('enterprise admins see neither', async () => {
    expect((await error(admin.call((api) => api.calendar.get()))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.slaPolicy.list()))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.duty.list()))).code).toBe('FORBIDDEN');
  });

  it('another tenant’s calendar, policies and items are untouched', async () => {
    const theirs = await insertItem(other, { createdAt: '2026-02-13T02:00:00Z', firstContactDueAt: '2026-02-13T07:00:00Z', resolutionDueAt: '2026-02-18T02:00:00Z' });
    const before = await settingsSnapshot(other.tenantId);
    await manager.call((api) => api.calendar.importOfficial({ year: 2026 }));
    await manager.call(async (api) => api.calendar.update({ businessHours: [{ start: '08:00', end: '16:00' }], weekendDays: [0, 6], version: await hoursVersion(api) }));
    await manager.call(async (api) =>
      api.slaPolicy.update({ kind: 'consultation', priority: 'normal', version: await policyVersion(api, 'consultation', 'normal'), firstContact: { value: 1, unit: 'working_days' }, resolution: { value: 2, unit: 'working_days' } }),
    );
    expect(await settingsSnapshot(other.tenantId)).toEqual(before);
    expect(await dueOf(theirs)).toEqual({ firstContact: '2026-02-13T07:00:00.000Z', resolution: '2026-02-18T02:00:00.000Z' });
    const view = await otherManager.call((api) => api.calendar.get({ fromYear: 2026 }));
    expect(view).toMatchObject({ days: [], years: [], updatedAt: null, businessHours: [{ start: '09:00', end: '12:00' }, { start: '13:00', end: '17:30' }] });
    expect((await otherManager.call((api) => api.slaPolicy.list())).every((p) => p.isDefault)).toBe(true);
  });
});

describe('duty and load', () => {
  it('managers see staff with their stations and open items, and set duty and limits', async () => {
    const list = await manager.call((api) => api.duty.list());
    const me = list.find((d) => d.userId === staffId)!;
    expect(me).toMatchObject({ onDuty: true, maxOpenItems: 40, stations: [{ id: tenant.stations[0]!.id, code: 'S1' }] });
    expect(list.every((d) => d.stations.length > 0)).toBe(true);

    await t.owner.pool.query(`update work_items set assignee_id = $1 where tenant_id = $2 and status <> 'closed'`, [staffId, tenant.tenantId]);
    const { rows } = await t.owner.pool.query(`select count(*)::int as n from work_items where tenant_id = $1 and status <> 'closed'`, [tenant.tenantId]);
    const updated = await manager.call(async (api) => api.duty.update({ userId: staffId, onDuty: false, maxOpenItems: 12, version: await dutyVersion(api, staffId) }));
    expect(updated).toMatchObject({ userId: staffId, onDuty: false, maxOpenItems: 12, openItems: rows[0].n });
    const audit = await t.owner.pool.query(`select data from audit_log where tenant_id = $1 and action = 'duty.updated'`, [tenant.tenantId]);
    expect(audit.rows[0].data).toMatchObject({ before: { onDuty: true, maxOpenItems: 40 }, after: { onDuty: false, maxOpenItems: 12 } });
  });

  it('staff see their own line and may go on or off duty, nothing more', async () => {
    const own = await staff.call((api) => api.duty.list());
    expect(own.map((d) => d.userId)).toEqual([staffId]);
    await expect(staff.call(async (api) => api.duty.update({ userId: staffId, onDuty: true, version: await dutyVersion(api, staffId) }))).resolves.toMatchObject({ onDuty: true, maxOpenItems: 12 });
    const colleague = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
    const before = await settingsSnapshot(tenant.tenantId);
    const limit = await error(staff.call(async (api) => api.duty.update({ userId: staffId, maxOpenItems: 999, version: await dutyVersion(api, staffId) })));
    expect(limit.code).toBe('FORBIDDEN');
    const others = await error(staff.call(async (api) => api.duty.update({ userId: colleague.id, onDuty: false, version: 'unread' })));
    expect([others.code, keyOf(others)]).toEqual(['FORBIDDEN', 'errors.duty.ownDutyOnly']);
    const foreign = await makeMember(t.owner, other, 'staff');
    const notHere = await error(manager.call(async (api) => api.duty.update({ userId: foreign.id, onDuty: false, version: 'unread' })));
    expect([notHere.code, keyOf(notHere)]).toEqual(['NOT_FOUND', 'errors.duty.memberNotFound']);
    expect(await settingsSnapshot(tenant.tenantId)).toEqual(before);
  });
});

describe('recomputing many open items', () => {
  it('recomputes every open item in one call and moves their reminders with them', { timeout: 120_000 }, async () => {
    const n = 3000;
    const big = await makeTenant(t.owner, { stations: 1 });
    await t.owner.pool.query(
      `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, priority, created_at)
       select $1, (array['consultation', 'agency', 'dispute', 'patrol'])[1 + g % 4], 'P-' || g, $2, '批量工单', 'wechat',
              (array['received', 'assigned', 'accepted', 'in_progress', 'waiting'])[1 + g % 5], (array['urgent', 'normal', 'low'])[1 + g % 3],
              timestamptz '2026-11-26 09:00+08' - make_interval(mins => g * 7)
         from generate_series(1, $3::int) g`,
      [big.tenantId, big.stations[0]!.id, n],
    );
    const bigManager = await signedIn(apiDeps(t.db), (await makeMember(t.owner, big, 'manager')).email);
    const imported = await bigManager.call((api) => api.calendar.importOfficial({ year: 2026 }));
    expect(imported.recompute).toEqual({ checked: n, updated: n });

    await t.owner.pool.query(`update work_items set resolution_due_at = null where tenant_id = $1`, [big.tenantId]);
    const result = await withTenant(t.db, big.tenantId, (trx) =>
      recomputeDueTimes({ trx, tenantId: big.tenantId, timezone: 'Asia/Shanghai', actor: { userId: staffId, role: 'manager', membershipId: null, scope: { kind: 'tenant' }, ip: null } }),
    );
    expect(result).toEqual({ checked: n, updated: n });
    // Each running (not waiting) item has its overdue reminder at its due time, and only one.
    const { rows } = await t.owner.pool.query(
      `select count(*)::int as items,
              count(*) filter (where (select count(*) from reminders r where r.subject_id = w.id and r.kind = 'resolution_overdue'
                                         and r.status = 'scheduled' and r.due_at = w.resolution_due_at) = 1)::int as matched
         from work_items w where w.tenant_id = $1 and w.status <> 'waiting'`,
      [big.tenantId],
    );
    expect(rows[0].matched).toBe(rows[0].items);
  });
});
