import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '@stationdesk/auth';
import { addWorkingDays, defaultBusinessHours, missingRequired, parseWorkItemNumber, staffView, toDoStatuses, type WorkCalendar } from '@stationdesk/core';
import { createDb, DEMO_PASSWORD, demoAccounts, seedDemo, type ChecklistItem, type Db } from '@stationdesk/db';
import { fileStorageKey } from '@stationdesk/storage';
import { apiDeps, createTestDatabase, signedIn, testStorage, type Client } from '@stationdesk/test-utils';

/**
 * The demo's consultations and agency cases (seed/demo-work-items.ts), seen through the API as the
 * demo accounts. disputes.test.ts seeds the demo into the run's database and seedDemo refuses to
 * run twice, so this file seeds a database of its own (test files run in parallel).
 */
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let owner: Db;
let app: Db;
let staff: Client;
let manager: Client;
let admin: Client;
let xinhong: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await owner.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  database = await createTestDatabase(inject('db').ownerUrl, 'demo');
  owner = createDb(database.ownerUrl, { max: 4 });
  app = createDb(database.appUrl, { max: 4 });
  const storage = testStorage();
  await seedDemo(owner, {
    passwordHash: await hashPassword(DEMO_PASSWORD),
    storeFile: async ({ tenantId, fileId, at, data }) => {
      const key = fileStorageKey(tenantId, fileId, at);
      await storage.put(key, data);
      return key;
    },
  });
  xinhong = (await q<{ id: string }>(`select id from tenants where slug = 'xinhong'`))[0]!.id;
  const deps = apiDeps(app);
  [staff, manager, admin] = await Promise.all([
    signedIn(deps, demoAccounts.xinhongStaff, DEMO_PASSWORD),
    signedIn(deps, demoAccounts.xinhongManager, DEMO_PASSWORD),
    signedIn(deps, demoAccounts.xinhongEnterprise, DEMO_PASSWORD),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([owner?.close(), app?.close()]);
  await database?.drop();
});

describe('demo consultations and agency cases', () => {
  it('gives the staff queue a first page in due order, with consultations open today', async () => {
    const page = await staff.call((api) => api.workItem.list({ view: 'queue', limit: 50 }));
    expect(page.items.length).toBeGreaterThan(10);
    expect(page.items.every((i) => toDoStatuses.includes(i.status))).toBe(true);
    const dues = page.items.map((i) => `${i.resolutionDueAt ?? ''}|${i.id}`);
    expect([...dues].sort((a, b) => Date.parse(a.split('|')[0]!) - Date.parse(b.split('|')[0]!) || (a < b ? -1 : 1))).toEqual(dues);
    const consultations = await staff.call((api) => api.workItem.list({ view: 'queue', kind: 'consultation', limit: 100 }));
    expect(consultations.items.length).toBeGreaterThan(5);
    expect(new Set(consultations.items.map((i) => i.status)).size).toBeGreaterThanOrEqual(4);
    const overdue = await manager.call((api) => api.workItem.list({ view: 'queue', kind: 'consultation', overdue: true, limit: 100 }));
    expect(overdue.items.length).toBeGreaterThan(0);
    const all = await manager.call((api) => api.workItem.list({ view: 'all', kind: 'consultation', limit: 100 }));
    expect(all.items.length).toBe(100);
    expect(all.nextCursor).not.toBeNull();
  });

  it('shows a consultation with its answer, rating and history', async () => {
    const page = await manager.call((api) => api.workItem.list({ view: 'all', kind: 'consultation', status: 'closed', limit: 5 }));
    const item = staffView(await manager.call((api) => api.workItem.get({ id: page.items[0]!.id })));
    expect(item.answer).toBeTruthy();
    expect(item.rating).not.toBeNull();
    expect(item.history.map((h) => h.action)).toEqual(expect.arrayContaining(['create', 'assign', 'accept', 'start', 'resolve', 'visit', 'close']));
    expect(item.messages.some((m) => m.visibility === 'public' && m.body === item.answer)).toBe(true);
  });

  it('fills the agency queue over several steps, cases to pick up included', async () => {
    const queue = await manager.call((api) => api.agencyCase.queue({ limit: 100 }));
    const steps = Object.entries(queue.counts.byStep).filter(([, n]) => n > 0);
    expect(steps.length).toBeGreaterThanOrEqual(3);
    expect(queue.counts.byStep.done ?? 0).toBeGreaterThan(0);
    expect(Object.keys(queue.counts.byType).length).toBeGreaterThanOrEqual(3);
    const dues = queue.items.map((i) => Date.parse(i.dueAt));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);
  });

  it('lets the enterprise admin see its own consultations and agency cases only', async () => {
    const [{ enterprise_id }] = (await q<{ enterprise_id: string }>(
      `select m.enterprise_id from memberships m join users u on u.id = m.user_id where u.email = $1`,
      [demoAccounts.xinhongEnterprise],
    )) as [{ enterprise_id: string }];
    const mine = await admin.call((api) => api.workItem.list({ view: 'all', limit: 100 }));
    expect(mine.items.length).toBeGreaterThan(0);
    const theirs = await manager.call((api) => api.workItem.list({ view: 'all', enterpriseId: enterprise_id, limit: 100 }));
    expect(mine.items.map((i) => i.id)).toEqual(theirs.items.map((i) => i.id));
    const kinds = new Set(mine.items.map((i) => i.kind));
    expect(kinds.has('consultation') && kinds.has('agency')).toBe(true);
    expect(mine.items.some((i) => i.status === 'resolved')).toBe(true);
    const cases = await admin.call((api) => api.agencyCase.queue({ limit: 100 }));
    const theirCases = staffView(await manager.call((api) => api.agencyCase.queue({ limit: 100 }))).items.filter((i) => i.enterpriseId === enterprise_id);
    expect(cases.items.map((i) => i.id)).toEqual(theirCases.map((i) => i.id));
  });

  it('numbers every kind consecutively per year, the counters at the last number', async () => {
    const rows = await q<{ tenant_id: string; kind: string; number: string; created_at: Date }>(`select tenant_id, kind, number, created_at from work_items order by created_at, number`);
    const counters = await q<{ tenant_id: string; kind: string; year: number; last_value: number }>(`select * from work_item_counters`);
    const seen = new Map<string, number[]>();
    for (const r of rows) {
      const parsed = parseWorkItemNumber(r.number);
      expect(parsed, r.number).not.toBeNull();
      const key = `${r.tenant_id}/${r.kind}/${parsed!.year}`;
      seen.set(key, [...(seen.get(key) ?? []), parsed!.seq]);
    }
    expect([...seen.keys()].filter((k) => k.includes('/consultation/') || k.includes('/agency/')).length).toBeGreaterThanOrEqual(4);
    for (const [key, seqs] of seen) {
      // Numbered in creation order, with no gaps.
      expect(seqs, key).toEqual(seqs.map((_, i) => i + 1));
      const counter = counters.find((c) => `${c.tenant_id}/${c.kind}/${c.year}` === key);
      expect(counter?.last_value, key).toBe(seqs.length);
    }
    expect(counters.length).toBe(seen.size);
  });

  it('keeps every agency case consistent with its type: deadlines, steps, results and materials', async () => {
    const [cal] = await q<{ business_hours: WorkCalendar['businessHours']; weekend_days: number[] }>(`select business_hours, weekend_days from work_calendars where tenant_id = $1`, [xinhong]);
    const days = await q<{ day: string; kind: string }>(`select to_char(day, 'YYYY-MM-DD') as day, kind from calendar_days where tenant_id = $1`, [xinhong]);
    const calendar: WorkCalendar = {
      timezone: 'Asia/Shanghai',
      businessHours: cal?.business_hours ?? defaultBusinessHours,
      weekendDays: cal?.weekend_days ?? [0, 6],
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
    };
    const cases = await q<Record<string, never>>(
      `select w.number, w.status, w.created_at, w.resolution_due_at, w.resolved_at, a.step, a.result, a.department, a.department_ref, a.submitted_on,
              a.statutory_due_at, a.promised_due_at, a.due_at, a.done_at, a.picked_up_at, a.item_id,
              t.department as type_department, t.statutory_days, t.promised_days, c.items as checklist, a.checklist_id = t.current_checklist_id as current
         from agency_cases a join work_items w on w.tenant_id = a.tenant_id and w.id = a.item_id
         join agency_types t on t.tenant_id = a.tenant_id and t.id = a.type_id
         join agency_checklists c on c.tenant_id = a.tenant_id and c.id = a.checklist_id
        where a.tenant_id = $1`,
      [xinhong],
    );
    expect(cases.length).toBe(60);
    const materials = await q<{ item_id: string; checklist_key: string; status: 'pending' | 'accepted' | 'rejected'; uploaded_at: Date }>(
      `select item_id, checklist_key, status, uploaded_at from agency_materials where tenant_id = $1 order by uploaded_at`,
      [xinhong],
    );
    expect(new Set(materials.map((m) => m.status))).toEqual(new Set(['pending', 'accepted', 'rejected']));
    const ms = (v: Date | null) => (v ? new Date(v).getTime() : null);
    for (const c of cases as Record<string, any>[]) {
      const created = new Date(c.created_at);
      expect(c.current, c.number).toBe(true);
      expect(c.department, c.number).toBe(c.type_department);
      expect(ms(c.statutory_due_at), c.number).toBe(addWorkingDays(calendar, created, c.statutory_days).getTime());
      expect(ms(c.promised_due_at), c.number).toBe(addWorkingDays(calendar, created, c.promised_days).getTime());
      expect(ms(c.due_at), c.number).toBe(Math.min(ms(c.statutory_due_at)!, ms(c.promised_due_at)!));
      expect(ms(c.resolution_due_at), c.number).toBe(ms(c.due_at));
      const handedIn = ['submitted', 'under_review'].includes(c.step) || (c.step === 'done' && c.result !== 'withdrawn');
      expect(c.department_ref !== null && c.submitted_on !== null, c.number).toBe(handedIn);
      expect(c.step === 'done', c.number).toBe(c.result !== null);
      expect(c.step === 'done', c.number).toBe(['resolved', 'visited', 'closed'].includes(c.status));
      if (c.step === 'done') expect(ms(c.done_at), c.number).toBe(ms(c.resolved_at));
      if (c.picked_up_at) expect(c.result, c.number).toBe('approved');
      // Latest file per entry: nothing required missing once handed in.
      const latest = new Map<string, (typeof materials)[number]>();
      for (const m of materials.filter((m) => m.item_id === c.item_id)) latest.set(m.checklist_key, m);
      const missing = missingRequired(c.checklist as ChecklistItem[], [...latest.values()].map((m) => ({ key: m.checklist_key, status: m.status })));
      if (handedIn) expect(missing.map((m) => m.key), c.number).toEqual([]);
    }
  });

  it("shows the managers believable KPIs for 2026 near the subdistrict's report, satisfaction up on 2025", async () => {
    const year = await manager.call((api) => api.kpi.summary({ from: '2026-01-01', to: '2026-12-31' }));
    const pct = (f: { rate: number | null }) => (f.rate ?? 0) * 100;
    // The report: first contact 97.7 %, resolution 92.13 %, on time 99.6 %, satisfaction 87.5 %.
    // (A year not over yet counts the open items due later in it as not on time.)
    const now = year.figures;
    expect(now.firstContact.denominator).toBeGreaterThan(1000);
    expect(pct(now.firstContact)).toBeGreaterThanOrEqual(93);
    expect(pct(now.firstContact)).toBeLessThanOrEqual(99.5);
    expect(pct(now.resolution)).toBeGreaterThanOrEqual(85);
    expect(pct(now.resolution)).toBeLessThanOrEqual(96);
    expect(pct(now.onTime)).toBeGreaterThanOrEqual(94);
    expect(pct(now.onTime)).toBeLessThan(100);
    expect(pct(now.satisfaction)).toBeGreaterThanOrEqual(80);
    expect(pct(now.satisfaction)).toBeLessThanOrEqual(92);
    // Phone 回访 and portal ratings both count, reworked items (重办) and rectifications (整改) exist.
    expect(now.satisfactionPhone.denominator + now.satisfactionPortal.denominator).toBe(now.satisfaction.denominator);
    expect(now.satisfactionPhone.denominator).toBeGreaterThan(100);
    expect(now.satisfactionPortal.denominator).toBeGreaterThan(100);
    expect(now.redo.numerator).toBeGreaterThan(10);
    expect(now.extension.numerator).toBeGreaterThan(5);
    expect(now.returned.numerator).toBeGreaterThan(5);
    expect(now.rectification.denominator).toBeGreaterThan(50);
    // 同比: 2025 a year of complaints (about three in four satisfied), 2026 better.
    const before = year.yearBefore.figures;
    expect(year.yearBefore.period).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(before.satisfaction.denominator).toBeGreaterThan(1000);
    expect(pct(before.satisfaction)).toBeGreaterThanOrEqual(68);
    expect(pct(before.satisfaction)).toBeLessThanOrEqual(82);
    expect(pct(now.satisfaction) - pct(before.satisfaction)).toBeGreaterThan(5);
  });

  it("keeps what is derived from the bulk-written items equal to their own: the KPI rollup and the title grams", async () => {
    const cells = `select x.day, w.station_id, w.kind, kpi_staff(w.assignee_id) as staff_id, x.metric, x.numerator, x.denominator
                     from work_items w join tenants t on t.id = w.tenant_id, kpi_item_cells(t.timezone, w) x where w.tenant_id = $1
                   union all
                   select x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator
                     from work_item_events e join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
                     join tenants t on t.id = e.tenant_id, kpi_event_cells(t.timezone, e) x where e.tenant_id = $1`;
    const recount = `select day, station_id, kind, staff_id, metric, sum(numerator)::int as n, sum(denominator)::int as d from (${cells}) c
                      group by 1, 2, 3, 4, 5 having sum(numerator) <> 0 or sum(denominator) <> 0`;
    const rollup = `select day, station_id, kind, staff_id, metric, numerator as n, denominator as d from kpi_day_counts where tenant_id = $1`;
    const [{ rows }] = (await q<{ rows: number }>(`select count(*)::int as rows from (${rollup}) r`, [xinhong])) as [{ rows: number }];
    expect(rows).toBeGreaterThan(1000);
    const differing = await q(`select * from ((${recount}) except all (${rollup})) a union all select * from ((${rollup}) except all (${recount})) b limit 5`, [xinhong]);
    expect(differing).toEqual([]);
    const months = await q(
      `select * from ((select date_trunc('month', day)::date, station_id, kind, staff_id, metric, sum(numerator)::int, sum(denominator)::int from kpi_day_counts where tenant_id = $1 group by 1, 2, 3, 4, 5 having sum(numerator) <> 0 or sum(denominator) <> 0)
         except all (select month, station_id, kind, staff_id, metric, numerator, denominator from kpi_month_counts where tenant_id = $1)) a limit 5`,
      [xinhong],
    );
    expect(months).toEqual([]);
    // The rollup per station (migration 0028): the same, a station's kinds and handlers added up.
    for (const [grain, full, perStation] of [
      ['day', 'kpi_day_counts', 'kpi_station_day_counts'],
      ['month', 'kpi_month_counts', 'kpi_station_month_counts'],
    ] as const) {
      const summed = `select ${grain}, station_id, metric, sum(numerator)::int as n, sum(denominator)::int as d from ${full} where tenant_id = $1
                       group by 1, 2, 3 having sum(numerator) <> 0 or sum(denominator) <> 0`;
      const stored = `select ${grain}, station_id, metric, numerator as n, denominator as d from ${perStation} where tenant_id = $1`;
      expect(await q(`select * from ((${summed}) except all (${stored})) a union all select * from ((${stored}) except all (${summed})) b limit 5`, [xinhong]), perStation).toEqual([]);
    }
    const [{ stationRows }] = (await q<{ stationRows: number }>(`select count(*)::int as "stationRows" from kpi_station_day_counts where tenant_id = $1`, [xinhong])) as [{ stationRows: number }];
    expect(stationRows).toBeGreaterThan(1000);
    // Title search (work_item_title_grams) finds every item by every two characters of its title.
    const grams = `select w.id as item_id, g as gram from work_items w, unnest(sd_bigrams(w.title)) g where w.tenant_id = $1`;
    const stored = `select item_id, gram from work_item_title_grams where tenant_id = $1`;
    const [{ n }] = (await q<{ n: number }>(`select count(*)::int as n from (${stored}) s`, [xinhong])) as [{ n: number }];
    expect(n).toBeGreaterThan(10_000);
    expect(await q(`select * from ((${grams}) except (${stored})) a union all select * from ((${stored}) except (${grams})) b limit 5`, [xinhong])).toEqual([]);
  });

  it('gives the enterprise its cases with their materials, the bytes stored', async () => {
    const mine = await admin.call((api) => api.workItem.list({ view: 'all', kind: 'agency', limit: 10 }));
    // Its own two, and the two requests it made from the portal (seed/demo-portal-permits.ts).
    expect(mine.items.length).toBe(4);
    const detail = await admin.call((api) => api.agencyCase.get({ id: mine.items[0]!.id }));
    const files = detail.checklist.flatMap((e) => e.files);
    expect(files.length).toBeGreaterThan(0);
    const [{ storage_key }] = (await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [files[0]!.fileId])) as [{ storage_key: string }];
    const chunks: Buffer[] = [];
    for await (const chunk of await testStorage().get(storage_key)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
