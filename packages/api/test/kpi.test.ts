import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, kpiMetrics, localDate, periodBefore, yearBefore, type KpiMetric } from '@stationdesk/core';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The managers' KPIs (issue 18, ADR 013). Every figure of kpi.summary / trend / byStation / byStaff,
 * for several periods and filters, must equal a count written here directly in SQL from the items and
 * their history (not through the rollup or its SQL functions); every drill-down list walked to its end
 * must be exactly the rows behind its number. Items go through the API (waiting, extension, 重办 and
 * a second rating by phone, a return to another station) and, for volume and spread over two years,
 * straight into the tables as the owner.
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

interface Filter {
  stationIds?: string[] | null;
  kind?: 'consultation' | 'agency' | 'dispute' | 'patrol' | null;
}

/** The definitions of ADR 013 written straight against the tables: one row per counted row, with its key, time, and whether it scored. */
function directRows(metric: KpiMetric): string {
  const finished = `w.status in ('resolved', 'visited', 'closed')`;
  const resolved = `(w.resolved_at is not null and ${finished})`;
  const withdrawn = `(w.status = 'closed' and w.resolved_at is null)`;
  const item = (at: string, counted: string, scored: string) =>
    `select w.id as item_id, w.id as row_id, w.${at} as at, (${scored}) as scored, true as in_den, w.station_id, w.kind, w.assignee_id
       from work_items w where w.tenant_id = $1 and ${counted}`;
  const rating = (extra: string) =>
    `select w.id, e.id, e.at, (e.data->>'rating') in ('very_satisfied', 'satisfied', 'basically_satisfied'), true, w.station_id, w.kind, w.assignee_id
       from work_item_events e join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
      where e.tenant_id = $1 and e.action in ('visit', 'redo') and e.data ? 'rating' ${extra}`;
  switch (metric) {
    case 'firstContact':
      return item('first_contact_due_at', `w.first_contact_due_at is not null and not (${withdrawn} and w.closed_at < w.first_contact_due_at)`, `w.first_contact_at <= w.first_contact_due_at`);
    case 'onTime':
      return item('resolution_due_at', `w.resolution_due_at is not null and not ${withdrawn}`, `${resolved} and w.resolved_at <= w.resolution_due_at`);
    case 'extension':
      return item('resolution_due_at', `w.resolution_due_at is not null and not ${withdrawn}`, `w.extension_due_at is not null`);
    case 'resolution':
      return item('resolved_at', resolved, `w.requester_confirmed is true`);
    case 'resolutionDeclared':
      return item('resolved_at', resolved, `w.resolved_ok is true`);
    case 'redo':
      return item('resolved_at', resolved, `w.redo_count > 0`);
    case 'rectification':
      // Done (整改完成) by the deadline, whatever the item's status (migration 0026).
      return item('rectification_due_at', `w.rectification_due_at is not null`, `w.rectified_at <= w.rectification_due_at`);
    case 'satisfaction':
      return rating('');
    case 'satisfactionPortal':
      return rating(`and e.data->>'source' = 'portal'`);
    case 'satisfactionPhone':
      return rating(`and e.data->>'source' = 'phone'`);
    case 'returned':
      // Items received (the denominator) and returns (退单, the numerator) — two lists.
      return `${item('created_at', 'true', 'false')}
              union all
              select w.id, e.id, e.at, true, false, w.station_id, w.kind, w.assignee_id
                from work_item_events e join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
               where e.tenant_id = $1 and e.action = 'return'`;
  }
}

const inPeriodAndScope = `(r.at at time zone (select timezone from tenants where id = $1))::date between $2::date and $3::date
  and ($4::uuid[] is null or r.station_id = any($4::uuid[])) and ($5::text is null or r.kind = $5)`;

type Figures = Record<KpiMetric, { numerator: number; denominator: number; rate: number | null }>;

/** Every metric's figure straight from the tables, grouped by `group` (a SQL expression on r, or null for one group). */
async function directFigures(from: string, to: string, f: Filter, group: string | null = null): Promise<Map<string | null, Figures>> {
  const out = new Map<string | null, Figures>();
  for (const metric of kpiMetrics) {
    const rows = await q<{ key: string | null; numerator: number; denominator: number }>(
      `select ${group ?? 'null'}::text as key, (count(*) filter (where r.scored))::int as numerator, (count(*) filter (where r.in_den))::int as denominator
         from (${directRows(metric)}) r (item_id, row_id, at, scored, in_den, station_id, kind, assignee_id)
        where ${inPeriodAndScope} group by 1`,
      [tenant.tenantId, from, to, f.stationIds ?? null, f.kind ?? null],
    );
    for (const r of rows) {
      const figures = out.get(r.key) ?? ({} as Figures);
      figures[metric] = { numerator: r.numerator, denominator: r.denominator, rate: r.denominator ? r.numerator / r.denominator : null };
      out.set(r.key, figures);
    }
  }
  for (const figures of out.values()) {
    for (const m of kpiMetrics) figures[m] ??= { numerator: 0, denominator: 0, rate: null };
  }
  return out;
}

const zero = () => Object.fromEntries(kpiMetrics.map((m) => [m, { numerator: 0, denominator: 0, rate: null }])) as Figures;
const expectFigures = (actual: Figures, expected: Figures | undefined) => {
  const want = expected ?? zero();
  for (const m of kpiMetrics) {
    expect({ metric: m, numerator: actual[m].numerator, denominator: actual[m].denominator }).toEqual({ metric: m, numerator: want[m].numerator, denominator: want[m].denominator });
    if (want[m].rate === null) expect(actual[m].rate).toBeNull();
    else expect(actual[m].rate).toBeCloseTo(want[m].rate!, 12);
  }
};

const input = (from: string, to: string, f: Filter) => ({
  from,
  to,
  ...(f.stationIds?.length === 1 ? { stationId: f.stationIds[0]! } : {}),
  ...(f.kind ? { kind: f.kind } : {}),
});

async function expectSummaryEqualsSql(c: Client, from: string, to: string, f: Filter) {
  const s = await c.call((api) => api.kpi.summary(input(from, to, f)));
  expectFigures(s.figures, (await directFigures(from, to, f)).get(null));
  const lastYear = yearBefore({ from, to });
  const before = periodBefore({ from, to });
  expect(s.yearBefore.period).toEqual(lastYear);
  expect(s.periodBefore.period).toEqual(before);
  expectFigures(s.yearBefore.figures, (await directFigures(lastYear.from, lastYear.to, f)).get(null));
  expectFigures(s.periodBefore.figures, (await directFigures(before.from, before.to, f)).get(null));
  const [rect] = await q<{ open: number; overdue: number }>(
    `select count(*)::int as open, (count(*) filter (where w.rectification_due_at < now()))::int as overdue from work_items w
      where w.tenant_id = $1 and w.rectification_due_at is not null and w.rectified_at is null
        and ($2::uuid[] is null or w.station_id = any($2::uuid[])) and ($3::text is null or w.kind = $3)`,
    [tenant.tenantId, f.stationIds ?? null, f.kind ?? null],
  );
  expect(s.rectifications).toEqual(rect);
  return s;
}

/** Walks a drill-down to its end, a few rows a page. */
async function drillAll(c: Client, metric: KpiMetric, part: 'numerator' | 'denominator', from: string, to: string, f: Filter) {
  const rows: { itemId: string; at: string; scored: boolean }[] = [];
  let cursor: string | undefined;
  do {
    const page = await c.call((api) => api.kpi.drill({ ...input(from, to, f), metric, part, limit: 7, ...(cursor ? { cursor } : {}) }));
    rows.push(...page.items.map((i) => ({ itemId: i.itemId, at: i.at, scored: i.scored })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return rows;
}

async function expectDrillEqualsSql(c: Client, from: string, to: string, f: Filter) {
  for (const metric of kpiMetrics) {
    for (const part of ['numerator', 'denominator'] as const) {
      const want = await q<{ item_id: string; at: string; scored: boolean }>(
        `select r.item_id::text, to_char(r.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, coalesce(r.scored, false) as scored
           from (${directRows(metric)}) r (item_id, row_id, at, scored, in_den, station_id, kind, assignee_id)
          where ${inPeriodAndScope} and ${part === 'numerator' ? 'r.scored' : 'r.in_den'}
          order by r.at, r.row_id`,
        [tenant.tenantId, from, to, f.stationIds ?? null, f.kind ?? null],
      );
      const got = await drillAll(c, metric, part, from, to, f);
      expect({ metric, part, rows: got }).toEqual({ metric, part, rows: want.map((w) => ({ itemId: w.item_id, at: w.at, scored: w.scored })) });
    }
  }
}

/** Items spread over two years straight into the tables (as the owner; the triggers keep the rollup as for any writer). */
async function seedSpread(n: number) {
  const staffIds = (await q<{ user_id: string }>(`select user_id from memberships where tenant_id = $1 and role <> 'enterprise_admin' order by user_id`, [tenant.tenantId])).map((r) => r.user_id);
  await q(`select setseed(0.18)`);
  await q(
    `with g as (
       select g, (array['consultation', 'agency', 'dispute', 'patrol'])[1 + g % 4] as kind,
              $2::uuid[] as stations, $3::uuid[] as staff,
              -- Two years back, ending three weeks ago (so today holds only the items made through the API),
              -- at any hour: some at 16:00–24:00 UTC, the next local day in Shanghai.
              now() - (21 + random() * 710) * interval '1 day' - (g % 7) * interval '1 hour' as created,
              random() as r1, random() as r2, random() as r3, random() as r4
         from generate_series(1, $4::int) g),
     facts as (
       select *, (array['received', 'in_progress', 'waiting', 'resolved', 'visited', 'closed', 'closed', 'visited', 'resolved', 'closed'])[1 + floor(r1 * 10)::int] as status,
              created + interval '4 hours' as fc_due, created + (1 + floor(r2 * 10)::int) * interval '1 day' as due
         from g)
     insert into work_items (tenant_id, kind, number, station_id, title, channel, status, assignee_id, created_at, updated_at,
                             first_contact_at, first_contact_due_at, resolution_due_at, resolved_at, closed_at, resolved_ok,
                             requester_confirmed, redo_count, rectification_due_at, rectified_at, extension_due_at)
     select $1, kind, 'K-' || g, stations[1 + g % array_length(stations, 1)], '指标样例 ' || g, 'phone', status,
            case when g % 5 = 0 then null else staff[1 + g % array_length(staff, 1)] end, created, created,
            case when r3 < 0.85 then created + r3 * interval '6 hours' end, fc_due,
            case when g % 9 = 0 then null else due end,
            case when status in ('resolved', 'visited') or (status = 'closed' and g % 6 <> 0) then created + r4 * interval '12 days'
                 when status = 'in_progress' and g % 3 = 0 then created + interval '1 day' end,
            case when status = 'closed' then created + interval '13 days' end,
            case when status in ('resolved', 'visited', 'closed') then r2 < 0.9 end,
            case when status in ('visited', 'closed') then r3 < 0.8 when status = 'in_progress' and g % 3 = 0 then false end,
            case when g % 8 = 0 then 1 + g % 2 else 0 end,
            case when g % 8 = 0 then created + interval '5 days' end,
            -- 整改完成: some on time, some late, some still owed — of items in any status.
            case when g % 8 = 0 and r4 < 0.6 then created + (3 + r4 * 4) * interval '1 day' end,
            case when g % 7 = 0 then due end
       from facts`,
    [tenant.tenantId, tenant.stations.map((s) => s.id), staffIds, n],
  );
  // History: ratings (portal or phone, some items twice, some without a rating), returns, other lines.
  await q(
    `insert into work_item_events (tenant_id, item_id, at, action, data)
     select w.tenant_id, w.id, w.created_at + interval '13 days' + (k * interval '2 days'),
            case when k = 2 then 'return' when k = 1 and w.redo_count > 0 then 'redo' else 'visit' end,
            case when k = 2 or (k = 0 and w.number like '%3') then '{}'::jsonb
                 else jsonb_build_object('rating', (array['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'])[1 + (length(w.number) + k + ascii(right(w.number, 1))) % 5],
                                         'source', case when (ascii(right(w.number, 1)) + k) % 3 = 0 then 'phone' else 'portal' end) end
       from work_items w, generate_series(0, 2) k
      where w.tenant_id = $1 and w.number like 'K-%'
        and ((k = 0 and w.status in ('visited', 'closed')) or (k = 1 and w.number like '%2') or (k = 2 and w.number like '%7'))`,
    [tenant.tenantId],
  );
  await q(
    `insert into work_item_events (tenant_id, item_id, at, action, data)
     select tenant_id, id, created_at, 'create', '{}' from work_items where tenant_id = $1 and number like 'K-%'`,
    [tenant.tenantId],
  );
}

const item = (c: Client, id: string) => c.call((api) => api.workItem.get({ id }));
async function step(c: Client, id: string, action: 'start' | 'resolve' | 'request_info' | 'resume' | 'return', note?: string, extra: Record<string, unknown> = {}) {
  const it = await item(c, id);
  await c.call((api) => api.workItem.transition({ id, action, version: it.version, ...(note ? { note } : {}), ...extra }));
}
/** A consultation the creator takes on (assigned to self: accepted at once). */
const create = (c: Client, title: string, stationIndex = 0) =>
  c.call((api) =>
    api.workItem.create({ kind: 'consultation', title, channel: 'phone', enterpriseId: tenant.enterpriseIds[stationIndex * 2]!, assign: { mode: 'self' } }),
  );

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner, { stations: 3 });
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  staffOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  const [tz] = await q<{ timezone: string }>(`select timezone from tenants where id = $1`, [tenant.tenantId]);
  today = localDate(new Date(), tz!.timezone);

  // Through the API: contacted, resolved, rated satisfied in the portal.
  const a = await create(staff, '咨询：稳岗补贴');
  await staff.call((api) => api.workItem.reply({ id: a.id, body: '您好，已收到。', visibility: 'public' }));
  await step(staff, a.id, 'resolve', '已答复');
  await admin.call((api) => api.workItem.rate({ id: a.id, rating: 'satisfied' }));
  // Waited for the enterprise (the clock paused), resolved, 回访 by phone.
  const b = await create(staff, '咨询：社保转移');
  await step(staff, b.id, 'request_info', '请补充材料');
  await step(staff, b.id, 'resume');
  await step(staff, b.id, 'resolve', '已办结');
  await staff.call((api) => api.workItem.recordVisit({ id: b.id, rating: 'basically_satisfied' }));
  // Extended, resolved, rated 不满意 in the portal (重办), resolved again, then rated by phone: two ratings.
  const c = await create(staff, '咨询：工商变更');
  const due = (await item(staff, c.id)).resolutionDueAt!;
  await staff.call((api) => api.workItem.requestExtension({ id: c.id, dueAt: new Date(Date.parse(due) + 3 * 86_400_000).toISOString(), reason: '需部门会签' }));
  await manager.call((api) => api.workItem.decideExtension({ id: c.id, approve: true }));
  await step(staff, c.id, 'resolve', '已办结');
  await admin.call((api) => api.workItem.rate({ id: c.id, rating: 'dissatisfied', comment: '没解决', reopen: true }));
  await step(staff, c.id, 'resolve', '已整改');
  await staff.call((api) => api.workItem.recordVisit({ id: c.id, rating: 'very_satisfied' }));
  // Returned (退单) to another station.
  const d = await create(staff, '咨询：走错站');
  await step(staff, d.id, 'return', '不属于本站', { stationId: tenant.stations[1]!.id });
  // Another station's own item, resolved and waiting for its follow-up.
  const e = await create(staffOther, '咨询：停车', 1);
  await step(staffOther, e.id, 'resolve', '已答复');

  await seedSpread(400);
});
afterAll(() => t.close());

const filters = (): Filter[] => [
  {},
  { stationIds: [tenant.stations[0]!.id] },
  { kind: 'dispute' },
  { stationIds: [tenant.stations[1]!.id], kind: 'consultation' },
];

describe('kpi figures equal a direct SQL count', () => {
  it('summary, with 同比 and 环比 and the open 整改, for whole and partial periods, every filter', async () => {
    const year = String(Number(today.slice(0, 4)) - 1);
    const periods = [
      { from: `${year}-01-01`, to: `${year}-12-31` },
      { from: `${year}-02-10`, to: `${year}-11-20` },
      { from: `${year}-06-15`, to: `${year}-06-15` },
      { from: addDays(today, -400), to: addDays(today, 40) },
    ];
    for (const p of periods) for (const f of filters()) await expectSummaryEqualsSql(manager, p.from, p.to, f);
  });

  it('the items through the API count where their events fall: waited, extended, redone and rated twice, returned, rated by phone', async () => {
    const s = await expectSummaryEqualsSql(manager, today, today, {});
    // Today: a, b, c resolved and rated (c twice: 不满意 in the portal, 非常满意 by phone), d returned, e resolved awaiting its 回访.
    expect(s.figures.satisfaction).toMatchObject({ numerator: 3, denominator: 4 });
    expect(s.figures.satisfactionPhone).toMatchObject({ numerator: 2, denominator: 2 });
    expect(s.figures.satisfactionPortal).toMatchObject({ numerator: 1, denominator: 2 });
    expect(s.figures.resolution).toMatchObject({ numerator: 3, denominator: 4 });
    expect(s.figures.redo).toMatchObject({ numerator: 1, denominator: 4 });
    expect(s.figures.returned).toMatchObject({ numerator: 1, denominator: 5 });
  });

  it('trend by month', async () => {
    const from = addDays(today, -500);
    const to = addDays(today, 20);
    for (const f of filters()) {
      const trend = await manager.call((api) => api.kpi.trend(input(from, to, f)));
      const want = await directFigures(from, to, f, `to_char(r.at at time zone (select timezone from tenants where id = $1), 'YYYY-MM')`);
      expect(trend.months[0]!.from).toBe(from);
      expect(trend.months.at(-1)!.to).toBe(to);
      for (const m of trend.months) expectFigures(m.figures, want.get(m.month));
      expect([...want.keys()].every((k) => trend.months.some((m) => m.month === k))).toBe(true);
    }
  });

  it('by station and by handler', async () => {
    const from = addDays(today, -365);
    const to = today;
    for (const kind of [null, 'patrol'] as const) {
      const byStation = await manager.call((api) => api.kpi.byStation({ from, to, ...(kind ? { kind } : {}) }));
      const want = await directFigures(from, to, { kind }, 'r.station_id');
      expect(byStation.rows.map((r) => r.stationId)).toEqual(tenant.stations.map((s) => s.id));
      for (const r of byStation.rows) expectFigures(r.figures, want.get(r.stationId));

      const byStaff = await manager.call((api) => api.kpi.byStaff({ from, to, ...(kind ? { kind } : {}) }));
      const wantStaff = await directFigures(from, to, { kind }, 'r.assignee_id');
      expect(new Set(byStaff.rows.map((r) => r.staffId))).toEqual(new Set(wantStaff.keys()));
      for (const r of byStaff.rows) expectFigures(r.figures, wantStaff.get(r.staffId));
    }
  });

  it('every drill-down list is exactly the rows behind its numerator and denominator', async () => {
    const from = addDays(today, -200);
    await expectDrillEqualsSql(manager, from, addDays(today, 30), {});
    await expectDrillEqualsSql(manager, from, addDays(today, 30), { stationIds: [tenant.stations[2]!.id], kind: 'agency' });
  });

  it('follows changes to the items after the fact: a station move, a new handler, a history line moved in time, 整改完成 marked or taken back', async () => {
    const [x] = await q<{ id: string }>(`select id from work_items where tenant_id = $1 and number like 'K-%' and redo_count > 0 order by number limit 1`, [tenant.tenantId]);
    await q(`update work_items set station_id = $2, assignee_id = null where id = $1`, [x!.id, tenant.stations[2]!.id]);
    await q(`update work_item_events set at = at - interval '40 days' where item_id = $1`, [x!.id]);
    // 整改完成 marked on some still owed (the rollup follows rectified_at alone), taken back on some done.
    await q(`update work_items set rectified_at = rectification_due_at - interval '1 hour' where tenant_id = $1 and number like 'K-%' and rectified_at is null and rectification_due_at is not null and number like '%6'`, [tenant.tenantId]);
    await q(`update work_items set rectified_at = null where tenant_id = $1 and number like 'K-%' and rectified_at is not null and number like '%4'`, [tenant.tenantId]);
    const from = addDays(today, -730);
    for (const f of filters()) await expectSummaryEqualsSql(manager, from, today, f);
  });

  it('durations count the same items as the first-contact and resolution rates', async () => {
    const from = addDays(today, -365);
    const d = await manager.call((api) => api.kpi.durations({ from, to: today }));
    const want = await directFigures(from, today, {});
    const [contacted] = await q<{ n: number }>(
      `select count(*)::int as n from (${directRows('firstContact')}) r (item_id, row_id, at, scored, in_den, station_id, kind, assignee_id)
        join work_items w on w.id = r.item_id where ${inPeriodAndScope} and w.first_contact_at is not null`,
      [tenant.tenantId, from, today, null, null],
    );
    expect(d.firstContact.count).toBe(contacted!.n);
    expect(d.resolution.count).toBe(want.get(null)!.resolution.denominator);
    expect(d.resolution.medianHours).toBeGreaterThanOrEqual(0);
    expect(d.resolution.p90Hours!).toBeGreaterThanOrEqual(d.resolution.medianHours!);
  });
});

describe('who may read the figures', () => {
  it("staff read their own stations' figures, and no other station's; only managers read by handler", async () => {
    const from = addDays(today, -365);
    await expectSummaryEqualsSql(staff, from, today, { stationIds: [tenant.stations[0]!.id] });
    const mine = await staff.call((api) => api.kpi.summary({ from, to: today }));
    const direct = await directFigures(from, today, { stationIds: [tenant.stations[0]!.id] });
    expectFigures(mine.figures, direct.get(null));
    const byStation = await staff.call((api) => api.kpi.byStation({ from, to: today }));
    expect(byStation.rows.map((r) => r.stationId)).toEqual([tenant.stations[0]!.id]);
    const refused = await error(staff.call((api) => api.kpi.summary({ from, to: today, stationId: tenant.stations[1]!.id })));
    expect([refused.code, keyOf(refused)]).toEqual(['FORBIDDEN', 'errors.kpi.stationNotYours']);
    const drill = await error(staff.call((api) => api.kpi.drill({ from, to: today, stationId: tenant.stations[1]!.id, metric: 'onTime', part: 'denominator' })));
    expect(drill.code).toBe('FORBIDDEN');
    expect((await error(staff.call((api) => api.kpi.byStaff({ from, to: today })))).code).toBe('FORBIDDEN');
  });

  it('enterprise admins are refused; another tenant sees none of these items and not the station', async () => {
    const from = addDays(today, -365);
    expect((await error(admin.call((api) => api.kpi.summary({ from, to: today })))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.kpi.drill({ from, to: today, metric: 'satisfaction', part: 'numerator' })))).code).toBe('FORBIDDEN');
    const foreign = await foreignManager.call((api) => api.kpi.summary({ from, to: today }));
    expect(Object.values(foreign.figures).every((f) => f.denominator === 0 && f.numerator === 0)).toBe(true);
    const notFound = await error(foreignManager.call((api) => api.kpi.summary({ from, to: today, stationId: tenant.stations[0]!.id })));
    expect([notFound.code, keyOf(notFound)]).toEqual(['NOT_FOUND', 'errors.kpi.stationNotFound']);
  });

  it('refuses bad periods, kinds, metrics and cursors with a clear error', async () => {
    const bad = async (p: Promise<unknown>, key?: string) => {
      const e = await error(p);
      expect(e.code).toBe('BAD_REQUEST');
      if (key) expect(keyOf(e)).toBe(key);
    };
    await bad(manager.call((api) => api.kpi.summary({ from: '2026-03-02', to: '2026-03-01' })), 'errors.kpi.badPeriod');
    await bad(manager.call((api) => api.kpi.trend({ from: '2020-01-01', to: '2025-12-31' })), 'errors.kpi.periodTooLong');
    await bad(manager.call((api) => api.kpi.summary({ from: '2026-02-30', to: '2026-03-01' })));
    await bad(manager.call((api) => api.kpi.summary({ from: '2026-02-01', to: '2026-03-01', kind: 'meeting' as never })));
    await bad(manager.call((api) => api.kpi.drill({ from: '2026-02-01', to: '2026-03-01', metric: 'speed' as never, part: 'numerator' })));
    await bad(manager.call((api) => api.kpi.drill({ from: '2026-02-01', to: '2026-03-01', metric: 'onTime', part: 'numerator', cursor: 'bm90IGEgY3Vyc29y' })), 'errors.invalidCursor');
  });
});
