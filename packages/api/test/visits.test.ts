import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { addDays, localDate } from '@stationdesk/core';
import { withTenant } from '@stationdesk/db';
import { fireReminder, flushDeliveries, scheduleDigests, type Senders } from '@stationdesk/services';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The follow-up desk (回访 and 整改, issue 18): the queue of resolved items waiting for a visit is
 * exactly what a direct SQL count of "resolved, and neither rated nor visited since" finds, in the
 * reader's stations, page by page; a rectification is marked done (整改完成) once, by staff of its
 * station, never beside a rework, and the KPI figures move with it; the managers' weekly summary
 * carries last week's rates and counts, in each manager's language.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client; // station 0
let staffOther: Client; // station 1
let admin: Client; // enterprise 0 (station 0)
let foreignManager: Client;
let today: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const item = (c: Client, id: string) => c.call((api) => api.workItem.get({ id }));
/** The staff view of an item (staff and managers never get the portal's). */
async function staffItem(c: Client, id: string) {
  const it = await item(c, id);
  if ('audience' in it) throw new Error('expected the staff view');
  return it;
}
async function step(c: Client, id: string, action: 'resolve' | 'start', note?: string) {
  const it = await item(c, id);
  await c.call((api) => api.workItem.transition({ id, action, version: it.version, ...(note ? { note } : {}) }));
}
/** A consultation of the station's first enterprise, taken on by its creator and answered. */
async function resolved(c: Client, title: string, stationIndex = 0) {
  const created = await c.call((api) =>
    api.workItem.create({ kind: 'consultation', title, channel: 'phone', enterpriseId: tenant.enterpriseIds[stationIndex * 2]!, assign: { mode: 'self' } }),
  );
  await step(c, created.id, 'resolve', '已电话答复');
  return created.id;
}

/** The queue's definition written straight against the tables: resolved, and no rating (visit or redo line) since. */
async function awaitingBySql(stationIds: string[] | null) {
  const rows = await q<{ id: string }>(
    `select w.id from work_items w
      where w.tenant_id = $1 and w.resolved_at is not null and w.status in ('resolved', 'visited', 'closed')
        and not exists (select 1 from work_item_events e where e.tenant_id = w.tenant_id and e.item_id = w.id
                          and e.action in ('visit', 'redo') and e.at >= w.resolved_at)
        and ($2::uuid[] is null or w.station_id = any($2::uuid[]))
      order by w.resolved_at, w.id`,
    [tenant.tenantId, stationIds],
  );
  return rows.map((r) => r.id);
}

async function walkQueue(c: Client, input: { stationId?: string; kind?: 'consultation' | 'dispute' } = {}) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let total: number;
  do {
    const page = await c.call((api) => api.visit.queue({ ...input, limit: 7, ...(cursor ? { cursor } : {}) }));
    ids.push(...page.items.map((i) => i.itemId));
    total = page.total;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ids, total };
}

let a: string; // resolved, waiting (station 0)
let b: string; // resolved, visited by phone: satisfied
let c: string; // resolved, rated 不满意 in the portal, no rework: rectification owed
let d: string; // station 1, resolved, waiting
let f: string; // resolved, rated 非常不满意 with rework (重办): in progress, rectification owed

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner, { stations: 2 });
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  staffOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  const foreignStaff = await signedIn(deps, (await makeMember(t.owner, other, 'staff')).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  const [tz] = await q<{ timezone: string }>(`select timezone from tenants where id = $1`, [tenant.tenantId]);
  today = localDate(new Date(), tz!.timezone);

  a = await resolved(staff, '咨询：稳岗补贴申领');
  b = await resolved(staff, '咨询：社保转移');
  await staff.call((api) => api.workItem.recordVisit({ id: b, rating: 'satisfied' }));
  c = await resolved(staff, '咨询：工商变更');
  await admin.call((api) => api.workItem.rate({ id: c, rating: 'dissatisfied', comment: '答复不清楚', reopen: false }));
  d = await resolved(staffOther, '咨询：停车位', 1);
  f = await resolved(staff, '咨询：公积金');
  await admin.call((api) => api.workItem.rate({ id: f, rating: 'very_dissatisfied', comment: '没有解决', reopen: true }));
  // Not resolved yet: not waiting for a visit.
  await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '咨询：尚未办结', channel: 'phone', enterpriseId: tenant.enterpriseIds[0]!, assign: { mode: 'self' } }));
  // Another tenant's resolved item.
  const foreign = await foreignStaff.call((api) =>
    api.workItem.create({ kind: 'consultation', title: '他街道的咨询', channel: 'phone', enterpriseId: other.enterpriseIds[0]!, assign: { mode: 'self' } }),
  );
  const fi = await item(foreignStaff, foreign.id);
  await foreignStaff.call((api) => api.workItem.transition({ id: foreign.id, action: 'resolve', note: '已答复', version: fi.version }));

  // Volume, straight into the tables: resolved over the last months across both stations, some
  // resolved in the same microsecond (the keyset's tie on id), some rated or visited since, some archived.
  await q(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, created_at, updated_at, resolved_at, first_contact_at)
     select $1, case when g % 5 = 0 then 'dispute' else 'consultation' end, 'V-' || g, ($2::uuid[])[1 + g % 2], '回访样例 ' || g, 'phone',
            (array['resolved', 'resolved', 'visited', 'closed', 'resolved'])[1 + g % 5],
            now() - interval '90 days', now() - interval '90 days',
            date_trunc('hour', now() - interval '1 day' - (g % 23) * interval '1 day'), now() - interval '89 days'
       from generate_series(1, 60) g`,
    [tenant.tenantId, tenant.stations.map((s) => s.id)],
  );
  await q(
    `insert into work_item_events (tenant_id, item_id, at, action, data)
     select tenant_id, id, resolved_at + interval '2 hours', 'visit', jsonb_build_object('rating', 'satisfied', 'source', 'phone')
       from work_items where tenant_id = $1 and number like 'V-%' and status in ('visited', 'closed')`,
    [tenant.tenantId],
  );
});
afterAll(() => t.close());

describe('回访 queue', () => {
  it('is exactly the items resolved and neither rated nor visited since, oldest resolution first, page by page', async () => {
    const all = await walkQueue(manager);
    const want = await awaitingBySql(null);
    expect(all.ids).toEqual(want);
    expect(all.total).toBe(want.length);
    expect(all.ids).toContain(a);
    expect(all.ids).toContain(d);
    for (const gone of [b, c, f]) expect(all.ids).not.toContain(gone);
    // A first page carries what the desk calls with: the enterprise, the handler, the station, since when.
    const first = await manager.call((api) => api.visit.queue({ stationId: tenant.stations[0]!.id }));
    const row = first.items.find((i) => i.itemId === a)!;
    expect(row).toMatchObject({ number: expect.stringMatching(/^ZX/), stationId: tenant.stations[0]!.id, stationName: '工作站1', kind: 'consultation', title: '咨询：稳岗补贴申领' });
    expect(row.enterpriseName).toMatch(/有限公司$/);
    expect(row.assigneeName).toBe('测试用户');
    expect(Date.parse(row.resolvedAt)).toBeGreaterThan(Date.now() - 600_000);
  });

  it('by station and kind; staff see their own stations only, and another station of theirs is refused', async () => {
    for (const [i, s] of tenant.stations.entries()) {
      const mine = await walkQueue(i === 0 ? staff : staffOther);
      expect(mine.ids).toEqual(await awaitingBySql([s.id]));
      expect((await walkQueue(manager, { stationId: s.id })).ids).toEqual(mine.ids);
    }
    expect((await walkQueue(staffOther)).ids).not.toContain(a);
    const disputes = await walkQueue(manager, { kind: 'dispute' });
    const wantDisputes = await q<{ id: string }>(`select id from work_items where id = any($1::uuid[]) and kind = 'dispute'`, [await awaitingBySql(null)]);
    expect(new Set(disputes.ids)).toEqual(new Set(wantDisputes.map((r) => r.id)));
    expect(disputes.ids.length).toBeGreaterThan(0);

    const refused = await error(staffOther.call((api) => api.visit.queue({ stationId: tenant.stations[0]!.id })));
    expect([refused.code, keyOf(refused)]).toEqual(['FORBIDDEN', 'errors.visit.stationNotYours']);
    const foreign = await error(foreignManager.call((api) => api.visit.queue({ stationId: tenant.stations[0]!.id })));
    expect([foreign.code, keyOf(foreign)]).toEqual(['NOT_FOUND', 'errors.visit.stationNotFound']);
    expect((await foreignManager.call((api) => api.visit.queue({}))).items.some((i) => i.title === '他街道的咨询')).toBe(true);
    expect((await walkQueue(foreignManager)).ids.some((id) => [a, d].includes(id))).toBe(false);
    expect((await error(admin.call((api) => api.visit.queue({})))).code).toBe('FORBIDDEN');
    const bad = await error(manager.call((api) => api.visit.queue({ cursor: 'bm90IGEgY3Vyc29y' })));
    expect([bad.code, keyOf(bad)]).toEqual(['BAD_REQUEST', 'errors.invalidCursor']);
  });

  it('a visit recorded from the queue (workItem.recordVisit) takes the item off it', async () => {
    const x = await resolved(staff, '咨询：回访后离开队列');
    expect((await walkQueue(staff)).ids).toContain(x);
    await staff.call((api) => api.workItem.recordVisit({ id: x, rating: 'basically_satisfied', comment: '电话回访' }));
    const after = await walkQueue(staff);
    expect(after.ids).not.toContain(x);
    expect(after.ids).toEqual(await awaitingBySql([tenant.stations[0]!.id]));
  });
});

describe('整改', () => {
  const openBySql = async () =>
    (
      await q<{ id: string }>(
        `select id from work_items where tenant_id = $1 and rectification_due_at is not null and rectified_at is null order by rectification_due_at, id`,
        [tenant.tenantId],
      )
    ).map((r) => r.id);

  it('lists the rectifications owed by deadline, with the rating that opened them; the one in rework cannot be marked here', async () => {
    const open = await manager.call((api) => api.visit.rectifications({}));
    expect(open.items.map((r) => r.itemId)).toEqual(await openBySql());
    expect(open.total).toBe(2);
    const rc = open.items.find((r) => r.itemId === c)!;
    expect(rc).toMatchObject({ rating: 'dissatisfied', ratingSource: 'portal', ratingComment: '答复不清楚', status: 'visited', state: 'open', canMarkRectified: true, rectifiedAt: null });
    const rf = open.items.find((r) => r.itemId === f)!;
    expect(rf).toMatchObject({ rating: 'very_dissatisfied', ratingComment: '没有解决', status: 'in_progress', canMarkRectified: false });
    expect((await staffOther.call((api) => api.visit.rectifications({}))).items).toEqual([]);
    expect((await manager.call((api) => api.visit.rectifications({ state: 'done' }))).items).toEqual([]);
  });

  it('marking done: refused without one owed, in rework, from another station or the enterprise; once; audited; the KPI figures move', async () => {
    const refusal = async (p: Promise<unknown>) => {
      const e = await error(p);
      return [e.code, keyOf(e)];
    };
    const note = '已上门解释变更流程，补发材料清单';
    expect(await refusal(staff.call((api) => api.visit.markRectified({ itemId: a, note })))).toEqual(['CONFLICT', 'errors.visit.noRectification']);
    expect(await refusal(staff.call((api) => api.visit.markRectified({ itemId: f, note })))).toEqual(['CONFLICT', 'errors.visit.rectificationInRework']);
    expect(await refusal(staffOther.call((api) => api.visit.markRectified({ itemId: c, note })))).toEqual(['NOT_FOUND', 'errors.workItem.notFound']);
    expect((await error(admin.call((api) => api.visit.markRectified({ itemId: c, note })))).code).toBe('FORBIDDEN');
    expect((await error(staff.call((api) => api.visit.markRectified({ itemId: c, note: '   ' })))).code).toBe('BAD_REQUEST');

    const due = (await staffItem(manager, c)).rectificationDueAt!;
    const dueDay = localDate(new Date(due), 'Asia/Shanghai');
    const before = await manager.call((api) => api.kpi.summary({ from: today, to: addDays(dueDay, 1) }));
    expect(before.rectifications.open).toBe(2);

    const done = await staff.call((api) => api.visit.markRectified({ itemId: c, note }));
    expect(done).toMatchObject({ itemId: c, onTime: true });
    expect(await refusal(staff.call((api) => api.visit.markRectified({ itemId: c, note })))).toEqual(['CONFLICT', 'errors.visit.alreadyRectified']);
    expect(await refusal(manager.call((api) => api.visit.markRectified({ itemId: c, note })))).toEqual(['CONFLICT', 'errors.visit.alreadyRectified']);

    const after = await manager.call((api) => api.kpi.summary({ from: today, to: addDays(dueDay, 1) }));
    expect(after.rectifications.open).toBe(1);
    expect(after.figures.rectification.numerator).toBe(before.figures.rectification.numerator + 1);
    expect(after.figures.rectification.denominator).toBe(before.figures.rectification.denominator);
    const drill = await manager.call((api) => api.kpi.drill({ from: today, to: addDays(dueDay, 1), metric: 'rectification', part: 'numerator' }));
    expect(drill.items.map((i) => i.itemId)).toContain(c);

    const [row] = await q<{ rectified_at: Date; rectified_by: string; rectification_note: string }>(`select rectified_at, rectified_by, rectification_note from work_items where id = $1`, [c]);
    expect(row!.rectification_note).toBe(note);
    const audit = await q<{ action: string; subject_id: string; actor_user_id: string }>(`select action, subject_id, actor_user_id from audit_log where tenant_id = $1 and action = 'workItem.rectified'`, [tenant.tenantId]);
    expect(audit).toEqual([{ action: 'workItem.rectified', subject_id: c, actor_user_id: row!.rectified_by }]);
    expect((await staffItem(staff, c)).rectifiedAt).toBe(new Date(done.rectifiedAt).toISOString());
    const history = (await item(staff, c)).history.filter((h) => h.action === 'rectified');
    expect(history.map((h) => h.note)).toEqual([note]);
    // The station's own record: the enterprise's copy of the history leaves it out.
    expect((await admin.call((api) => api.workItem.get({ id: c }))).history.some((h) => h.action === 'rectified')).toBe(false);

    const doneList = await staff.call((api) => api.visit.rectifications({ state: 'done' }));
    expect(doneList.items.map((r) => r.itemId)).toEqual([c]);
    expect(doneList.items[0]).toMatchObject({ state: 'done', rectificationNote: note, rectifiedByName: '测试用户', canMarkRectified: false });
    expect((await manager.call((api) => api.visit.rectifications({}))).items.map((r) => r.itemId)).toEqual(await openBySql());
  });

  it('resolving the reworked item again is its rectification; a new 不满意 opens a new one', async () => {
    await step(staff, f, 'resolve', '已重新办理');
    const rf = (await manager.call((api) => api.visit.rectifications({ state: 'done' }))).items.find((r) => r.itemId === f)!;
    expect(rf).toMatchObject({ state: 'done', rectificationNote: null, status: 'resolved' });
    expect((await manager.call((api) => api.kpi.summary({ from: today, to: today }))).rectifications.open).toBe(0);
    // Back in the queue: the new resolution waits for its own follow-up.
    expect((await walkQueue(staff)).ids).toContain(f);
    await staff.call((api) => api.workItem.recordVisit({ id: f, rating: 'dissatisfied', reopen: false }));
    const reopened = await manager.call((api) => api.visit.rectifications({}));
    expect(reopened.items.find((r) => r.itemId === f)).toMatchObject({ state: 'open', ratingSource: 'phone', canMarkRectified: true, rectifiedAt: null });
    expect((await manager.call((api) => api.kpi.summary({ from: today, to: today }))).rectifications.open).toBe(1);
  });
});

/** An exported workbook's sheets as rows of header → value. */
async function workbook(fileId: string) {
  const [row] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [fileId]);
  const chunks: Buffer[] = [];
  for await (const chunk of await testStorage().get(row!.storage_key)) chunks.push(chunk as Buffer);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb.worksheets.map((sheet) => {
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((r, n) => {
      if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, (r.values as unknown[]).slice(1)[i] ?? null])));
    });
    return { name: sheet.name, headers, rows };
  });
}

describe('satisfaction by station and by handler', () => {
  it('the export holds kpi.byStation / kpi.byStaff’s satisfaction with its portal and phone split; staff get their stations only', async () => {
    const period = { from: addDays(today, -30), to: today };
    const byStation = await manager.call((api) => api.kpi.byStation(period));
    const byStaff = await manager.call((api) => api.kpi.byStaff(period));
    const file = await manager.call((api) => api.visit.exportSatisfaction(period));
    const [stations, staffSheet] = await workbook(file.fileId);
    expect(stations!.name).toBe('各工作站满意率');
    expect(stations!.headers.slice(0, 4)).toEqual(['工作站', '满意率（%）', '满意率·分子', '满意率·分母']);
    expect(stations!.headers).toContain('电话回访满意率·分母');
    expect(stations!.rows.map((r) => r['工作站'])).toEqual(byStation.rows.map((r) => r.stationName));
    for (const [i, r] of byStation.rows.entries()) {
      const row = stations!.rows[i]!;
      expect([row['满意率·分子'], row['满意率·分母'], row['网上评价满意率·分母'], row['电话回访满意率·分子']]).toEqual([
        r.figures.satisfaction.numerator,
        r.figures.satisfaction.denominator,
        r.figures.satisfactionPortal.denominator,
        r.figures.satisfactionPhone.numerator,
      ]);
    }
    const first = byStation.rows[0]!.figures.satisfaction;
    expect(first.denominator).toBeGreaterThan(0);
    expect(stations!.rows[0]!['满意率（%）']).toBe(Math.round(first.rate! * 10_000) / 100);
    expect(staffSheet!.name).toBe('各经办人满意率');
    expect(staffSheet!.rows).toHaveLength(byStaff.rows.length);
    expect(file.rows).toBe(byStation.rows.length + byStaff.rows.length);

    const mine = await workbook((await staff.call((api) => api.visit.exportSatisfaction(period))).fileId);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.rows.map((r) => r['工作站'])).toEqual(['工作站1']);
    expect((await error(admin.call((api) => api.visit.exportSatisfaction(period)))).code).toBe('FORBIDDEN');
  });
});

describe('the managers’ weekly summary', () => {
  const noSend: Senders = { email: async () => ({}), webhook: async () => ({}) };
  const at = (local: string) => new Date(`${local}+08:00`);

  it('carries last week’s four rates with their numbers and its counts, in each manager’s language, linking to /kpis for that week', async () => {
    const week = await makeTenant(t.owner);
    const zh = await makeMember(t.owner, week, 'manager');
    const en = await makeMember(t.owner, week, 'manager');
    await makeMember(t.owner, week, 'staff');
    await (await signedIn(apiDeps(t.db), en.email)).call((api) => api.auth.setLocale({ locale: 'en' }));
    // A hand-made week, Monday 2 to Sunday 8 November 2026 (Shanghai time), and an item of the week before.
    const s = week.stations[0]!.id;
    const row = (n: string, v: Record<string, string | boolean | null>): Record<string, string | boolean | null> & { n: string } => ({ ...v, n });
    const items = [
      // contacted in time, resolved in time, confirmed, rated 满意 in the portal
      row('W1', { created: '2026-11-02T09:00', fcDue: '2026-11-02T13:00', fc: '2026-11-02T10:00', due: '2026-11-04T09:00', res: '2026-11-03T10:00', ok: true, status: 'visited' }),
      // contacted late, resolved late, confirmed, 非常满意 by phone
      row('W2', { created: '2026-11-02T09:30', fcDue: '2026-11-02T13:30', fc: '2026-11-02T14:00', due: '2026-11-04T09:30', res: '2026-11-05T10:00', ok: true, status: 'visited' }),
      // contacted and resolved in time, rated 不满意 in the portal: a rectification owed since
      row('W3', { created: '2026-11-03T09:00', fcDue: '2026-11-03T13:00', fc: '2026-11-03T11:00', due: '2026-11-06T09:00', res: '2026-11-05T16:00', ok: false, status: 'visited' }),
      // never contacted, not resolved
      row('W4', { created: '2026-11-04T09:00', fcDue: '2026-11-04T13:00', fc: null, due: '2026-11-07T09:00', res: null, ok: null, status: 'in_progress' }),
      // contacted in time, resolved after its due time, waiting for its follow-up
      row('W5', { created: '2026-11-04T10:00', fcDue: '2026-11-04T14:00', fc: '2026-11-04T12:00', due: '2026-11-05T10:00', res: '2026-11-06T10:00', ok: null, status: 'resolved' }),
      // the week before: none of its figures
      row('W0', { created: '2026-10-30T09:00', fcDue: '2026-10-30T13:00', fc: '2026-10-30T10:00', due: '2026-11-01T09:00', res: '2026-10-31T10:00', ok: true, status: 'visited' }),
    ];
    const ts = (v: string | boolean | null | undefined) => (typeof v === 'string' ? `${v}:00+08:00` : null);
    for (const i of items) {
      await q(
        `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, created_at, updated_at, first_contact_due_at, first_contact_at,
                                 resolution_due_at, resolved_at, requester_confirmed, resolved_ok, rectification_due_at)
         values ($1, 'consultation', $2, $3, $4, 'phone', $5, $6, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [week.tenantId, i.n, s, `周报样例 ${i.n}`, i.status, ts(i.created), ts(i.fcDue), ts(i.fc), ts(i.due), ts(i.res), i.ok, i.res ? true : null, i.n === 'W3' ? '2026-11-09T09:00:00+08:00' : null],
      );
    }
    const rating = (n: string, at: string, r: string, source: string) =>
      q(
        `insert into work_item_events (tenant_id, item_id, at, action, data)
         select tenant_id, id, $3::timestamptz, 'visit', jsonb_build_object('rating', $4::text, 'source', $5::text) from work_items where tenant_id = $1 and number = $2`,
        [week.tenantId, n, `${at}:00+08:00`, r, source],
      );
    await rating('W1', '2026-11-03T15:00', 'satisfied', 'portal');
    await rating('W2', '2026-11-06T11:00', 'very_satisfied', 'phone');
    await rating('W3', '2026-11-06T09:00', 'dissatisfied', 'portal');
    await rating('W0', '2026-11-01T10:00', 'dissatisfied', 'portal');

    // Planned on Monday 9 November at 09:00, fired and delivered to each manager's inbox.
    const monday = at('2026-11-09T09:30:00');
    await scheduleDigests(t.db, null, week.tenantId, 'Asia/Shanghai', monday);
    const planned = await q<{ id: string; due_at: Date }>(`select id, due_at from reminders where tenant_id = $1 and kind = 'weekly_summary'`, [week.tenantId]);
    expect(planned).toHaveLength(2);
    for (const r of planned) await withTenant(t.db, week.tenantId, (trx) => fireReminder({ trx, tenantId: week.tenantId, timezone: 'Asia/Shanghai' }, r.id, new Date(r.due_at)));
    for (const u of [zh, en]) await flushDeliveries(t.db, week.tenantId, 'inbox', u.id, noSend, monday);
    const note = async (userId: string) =>
      (await q<{ title: string; body: string; items: { title: string; link: string }[] }>(`select title, body, items from notifications where user_id = $1`, [userId]))[0]!;

    // The same week through kpi.summary, as the dashboard reads it: the message says the same numbers.
    const dashboard = await (await signedIn(apiDeps(t.db), zh.email)).call((api) => api.kpi.summary({ from: '2026-11-02', to: '2026-11-08' }));
    expect(dashboard.figures.firstContact).toMatchObject({ numerator: 3, denominator: 5 });
    expect(dashboard.figures.resolution).toMatchObject({ numerator: 2, denominator: 4 });
    expect(dashboard.figures.onTime).toMatchObject({ numerator: 2, denominator: 5 });
    expect(dashboard.figures.satisfaction).toMatchObject({ numerator: 2, denominator: 3 });

    const mine = await note(zh.id);
    expect(mine.title).toBe('上周工作小结（2026-11-02 至 2026-11-08）');
    expect(mine.items.map((i) => i.title)).toEqual([
      '先行联系率：60%（3/5）',
      '诉求解决率：50%（2/4）',
      '按时办结率：40%（2/5）',
      '满意率：66.67%（2/3）',
      '新受理 5 件，办结 4 件，超期未办结 3 件；整改未完成 1 件，其中已逾期 1 件',
    ]);
    expect(new Set(mine.items.map((i) => i.link))).toEqual(new Set(['/kpis?from=2026-11-02&to=2026-11-08']));
    expect(mine.body).toContain('• 满意率：66.67%（2/3）');

    const theirs = await note(en.id);
    expect(theirs.title).toBe('Last week’s summary (2026-11-02 to 2026-11-08)');
    expect(theirs.items.map((i) => i.title)).toEqual([
      'First-contact rate: 60% (3/5)',
      'Resolution rate: 50% (2/4)',
      'On-time completion rate: 40% (2/5)',
      'Satisfaction rate: 66.67% (2/3)',
      'Received 5, resolved 4, not resolved in time 3; rectifications open 1 (1 past due)',
    ]);
  });
});
