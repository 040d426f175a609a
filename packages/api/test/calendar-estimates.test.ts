import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '@stationdesk/db';
import { addDays, localDate } from '@stationdesk/core';
import { fireReminder, flushDeliveries, scheduleDigests, type Senders } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * A year whose holiday schedule is missing is counted as weekends only: the due times that run
 * into it are marked as estimates (item, queue, settings), managers are reminded in December, and
 * importing the year recomputes the items and clears the mark.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;

const tz = 'Asia/Shanghai';
// Relative to today, so the test means the same whenever it runs: this year has a schedule, the next does not.
const thisYear = Number(localDate(new Date(), tz).slice(0, 4));
const nextYear = thisYear + 1;
const yearOf = (iso: string) => Number(localDate(new Date(iso), tz).slice(0, 4));
const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
/** The first weekday (Mon–Fri) of a year: inside any walk from this year to well after it. */
function firstWeekday(year: number): string {
  let d = `${year}-01-01`;
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, 1);
  return d;
}
type Api = Parameters<Parameters<Client['call']>[0]>[0];
/** The year's days as the settings page reads them; a save sends it back. */
const yearVersion = async (api: Api, year: number) => (await api.calendar.get({ fromYear: year, toYear: year })).dayVersions[0]!.version;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  await manager.call(async (api) =>
    api.calendar.setDays({ year: thisYear, days: [{ date: `${thisYear}-10-01`, kind: 'holiday', name: '国庆节' }], version: await yearVersion(api, thisYear) }),
  );
  // 400 working days: every low-priority consultation filed today runs well into next year.
  await manager.call(async (api) =>
    api.slaPolicy.update({
      kind: 'consultation',
      priority: 'low',
      version: (await api.slaPolicy.list()).find((p) => p.kind === 'consultation' && p.priority === 'low')!.version,
      firstContact: { value: 1, unit: 'working_days' },
      resolution: { value: 400, unit: 'working_days' },
    }),
  );
});
afterAll(() => t.close());

describe('due times counted into a year without a holiday schedule', () => {
  let longId: string;

  it('an item due into next year carries the years as an estimate — on the item and its queue row; an item due this year does not', async () => {
    ({ id: longId } = await staff.call((api) => api.workItem.create({ kind: 'consultation', priority: 'low', enterpriseId: tenant.enterpriseIds[0]!, title: '跨年咨询', channel: 'wechat' })));
    const item = await staff.call((api) => api.workItem.get({ id: longId }));
    if (!('calendarMissingYears' in item)) throw new Error('staff view expected');
    const dueYear = yearOf(item.resolutionDueAt!);
    expect(dueYear).toBeGreaterThanOrEqual(nextYear);
    expect(item.calendarMissingYears).toEqual(range(nextYear, dueYear));

    const page = await staff.call((api) => api.workItem.list({ view: 'queue', limit: 100 }));
    const row = page.items.find((i) => i.id === longId);
    expect(row && 'calendarMissingYears' in row ? row.calendarMissingYears : null).toEqual(range(nextYear, dueYear));

    // A walk-in with the default limits (contacted at once, 3 working days): an estimate only if those days reach into next year.
    const { id: shortId } = await staff.call((api) => api.workItem.create({ kind: 'consultation', enterpriseId: tenant.enterpriseIds[0]!, title: '当年咨询', channel: 'walk_in' }));
    const short = await staff.call((api) => api.workItem.get({ id: shortId }));
    if (!('calendarMissingYears' in short)) throw new Error('staff view expected');
    expect(short.calendarMissingYears).toEqual(range(nextYear, yearOf(short.resolutionDueAt!)));

    // The settings page names the year as missing.
    expect((await manager.call((api) => api.calendar.get())).missingYears).toContain(nextYear);
  });

  it('importing next year recomputes the item: 1 January-ish is a holiday now, the due time moves, the mark for that year goes', async () => {
    const before = await staff.call((api) => api.workItem.get({ id: longId }));
    const holiday = firstWeekday(nextYear);
    const result = await manager.call(async (api) => api.calendar.setDays({ year: nextYear, days: [{ date: holiday, kind: 'holiday', name: '元旦' }], version: await yearVersion(api, nextYear) }));
    expect(result.recompute.updated).toBeGreaterThanOrEqual(1);

    const after = await staff.call((api) => api.workItem.get({ id: longId }));
    if (!('calendarMissingYears' in after)) throw new Error('staff view expected');
    expect(Date.parse(after.resolutionDueAt!)).toBeGreaterThan(Date.parse(before.resolutionDueAt!));
    expect(after.calendarMissingYears).not.toContain(nextYear);
    expect(after.calendarMissingYears).toEqual(range(nextYear + 1, yearOf(after.resolutionDueAt!)));
    const row = (await staff.call((api) => api.workItem.list({ view: 'queue', limit: 100 }))).items.find((i) => i.id === longId);
    expect(row && 'calendarMissingYears' in row ? row.calendarMissingYears : null).toEqual(after.calendarMissingYears);
    expect((await manager.call((api) => api.calendar.get())).missingYears).not.toContain(nextYear);
  });

  it('removing a year’s days marks the items again', async () => {
    await manager.call(async (api) => api.calendar.setDays({ year: nextYear, days: [], version: await yearVersion(api, nextYear) }));
    const item = await staff.call((api) => api.workItem.get({ id: longId }));
    if (!('calendarMissingYears' in item)) throw new Error('staff view expected');
    expect(item.calendarMissingYears).toContain(nextYear);
  });
});

describe('the managers’ December reminder', () => {
  const noSend: Senders = { email: async () => ({}), webhook: async () => ({}) };
  const at = (local: string) => new Date(`${local}+08:00`);
  /** The first Monday of December this year, a working day of the tenant's calendar. */
  let monday = `${thisYear}-12-01`;
  while (new Date(`${monday}T00:00:00Z`).getUTCDay() !== 1) monday = addDays(monday, 1);

  async function planned(tenantId: string) {
    const { rows } = await t.owner.pool.query<{ subject_id: string; idempotency_key: string }>(
      `select subject_id, idempotency_key from reminders where tenant_id = $1 and kind = 'calendar_missing' order by idempotency_key`,
      [tenantId],
    );
    return rows;
  }

  it('is planned once per manager and week on working days from 1 December while next year is missing, never for staff, and is written in each manager’s language', async () => {
    const fresh = await makeTenant(t.owner);
    const zh = await makeMember(t.owner, fresh, 'manager');
    const en = await makeMember(t.owner, fresh, 'manager');
    await makeMember(t.owner, fresh, 'staff', { stationIndexes: [0] });
    await (await signedIn(apiDeps(t.db), en.email)).call((api) => api.auth.setLocale({ locale: 'en' }));
    await withTenant(t.owner, fresh.tenantId, (trx) => trx.insertInto('calendar_days').values({ tenant_id: fresh.tenantId, day: `${thisYear}-10-01`, kind: 'holiday', name: '国庆节' }).execute());

    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${thisYear}-11-30T09:30:00`));
    expect(await planned(fresh.tenantId)).toEqual([]); // not before December
    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${monday}T08:59:00`));
    expect(await planned(fresh.tenantId)).toEqual([]); // not before 09:00
    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${monday}T09:30:00`));
    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${monday}T10:30:00`));
    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${addDays(monday, 1)}T09:30:00`)); // the same week
    const first = await planned(fresh.tenantId);
    expect(first.map((r) => r.subject_id).sort()).toEqual([zh.id, en.id].sort());
    expect(first.every((r) => r.idempotency_key.startsWith(`calendar_missing:${nextYear}:${monday}:`))).toBe(true);

    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${addDays(monday, 7)}T09:30:00`)); // the next week
    expect(await planned(fresh.tenantId)).toHaveLength(4);

    // Delivered in each manager's language.
    const { rows } = await t.owner.pool.query<{ id: string; due_at: string }>(`select id, due_at from reminders where tenant_id = $1 and kind = 'calendar_missing' and due_at < $2`, [fresh.tenantId, at(`${addDays(monday, 7)}T00:00:00`)]);
    for (const r of rows) await withTenant(t.db, fresh.tenantId, (trx) => fireReminder({ trx, tenantId: fresh.tenantId, timezone: tz }, r.id, new Date(r.due_at)));
    for (const u of [zh, en]) await flushDeliveries(t.db, fresh.tenantId, 'inbox', u.id, noSend);
    const bodyOf = async (userId: string) => (await t.owner.pool.query<{ body: string }>(`select body from notifications where user_id = $1`, [userId])).rows[0]!.body;
    expect(await bodyOf(zh.id)).toContain('下一年度节假日安排尚未导入');
    expect(await bodyOf(en.id)).toContain('Next year’s holiday schedule is not imported yet');
  });

  it('is not planned once next year’s schedule is there, nor on a day off', async () => {
    const fresh = await makeTenant(t.owner);
    await makeMember(t.owner, fresh, 'manager');
    await withTenant(t.owner, fresh.tenantId, (trx) =>
      trx
        .insertInto('calendar_days')
        .values([
          { tenant_id: fresh.tenantId, day: `${thisYear}-10-01`, kind: 'holiday', name: '国庆节' },
          { tenant_id: fresh.tenantId, day: `${nextYear}-01-01`, kind: 'holiday', name: '元旦' },
        ])
        .execute(),
    );
    await scheduleDigests(t.db, null, fresh.tenantId, tz, at(`${monday}T09:30:00`));
    expect(await planned(fresh.tenantId)).toEqual([]);

    const other = await makeTenant(t.owner);
    await makeMember(t.owner, other, 'manager');
    await scheduleDigests(t.db, null, other.tenantId, tz, at(`${addDays(monday, 5)}T09:30:00`)); // Saturday
    expect(await planned(other.tenantId)).toEqual([]);
  });
});
