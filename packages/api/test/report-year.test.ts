import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlineMetrics, localDate, workItemKinds, type WorkItemKind } from '@stationdesk/core';
import { readTable } from '@stationdesk/services';
import { apiDeps, client, error, keyOf, makeMember, makeTenant, openTestDb, PASSWORD, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The year report (年度工作统计, issue 18). Every figure of report.year — the four rates, consultations
 * by category and channel, agency items by type and department with their on-time completion,
 * disputes by type and outcome, patrol findings by source, and per station — for the year and the year before (同比),
 * must equal a count written here directly in SQL over hand-made items of a fresh tenant (not through
 * the rollups or their SQL functions), years cut in the tenant's time zone. Staff read their own
 * stations, enterprise admins and other tenants nothing; the .xlsx, read back, holds the same figures.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let managerEn: Client;
let staff: Client; // station 0
let admin: Client;
let foreignManager: Client;
let year: number; // last year: a whole one
let thisYear: number;
let today: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

type Pair = { current: number; previous: number };
type Fraction = { numerator: number; denominator: number };

const local = (col: string) => `(${col} at time zone (select timezone from tenants where id = $1))::date`;
const between = (col: string) => `${local(col)} between $2::date and $3::date`;
const atStations = `($4::uuid[] is null or w.station_id = any($4::uuid[]))`;

/** Items received per key in the period (kind and grouping written out here). */
async function countBy(from: string, to: string, stationIds: string[] | null, kind: WorkItemKind, key: string, join = ''): Promise<Map<string | null, number>> {
  const rows = await q<{ key: string | null; n: number }>(
    `select ${key} as key, count(*)::int as n from work_items w ${join}
      where w.tenant_id = $1 and w.kind = '${kind}' and ${between('w.created_at')} and ${atStations} group by 1`,
    [tenant.tenantId, from, to, stationIds],
  );
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** ADR 013's four rates, straight from the items and their history lines. */
async function rates(from: string, to: string, stationIds: string[] | null, kind: WorkItemKind | null = null): Promise<Record<(typeof headlineMetrics)[number], Fraction>> {
  const resolved = `(w.resolved_at is not null and w.status in ('resolved', 'visited', 'closed'))`;
  const withdrawn = `(w.status = 'closed' and w.resolved_at is null)`;
  const items = `from work_items w where w.tenant_id = $1 and ${atStations} and ($5::text is null or w.kind = $5)`;
  const [r] = await q<Record<string, number>>(
    `select
       (select count(*) filter (where w.first_contact_at <= w.first_contact_due_at) ${items} and w.first_contact_due_at is not null
           and not (${withdrawn} and w.closed_at < w.first_contact_due_at) and ${between('w.first_contact_due_at')})::int as fc_n,
       (select count(*) ${items} and w.first_contact_due_at is not null
           and not (${withdrawn} and w.closed_at < w.first_contact_due_at) and ${between('w.first_contact_due_at')})::int as fc_d,
       (select count(*) filter (where w.requester_confirmed is true) ${items} and ${resolved} and ${between('w.resolved_at')})::int as res_n,
       (select count(*) ${items} and ${resolved} and ${between('w.resolved_at')})::int as res_d,
       (select count(*) filter (where ${resolved} and w.resolved_at <= w.resolution_due_at) ${items} and w.resolution_due_at is not null
           and not ${withdrawn} and ${between('w.resolution_due_at')})::int as ot_n,
       (select count(*) ${items} and w.resolution_due_at is not null and not ${withdrawn} and ${between('w.resolution_due_at')})::int as ot_d,
       (select count(*) filter (where e.data->>'rating' in ('very_satisfied', 'satisfied', 'basically_satisfied'))
          from work_item_events e join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
         where e.tenant_id = $1 and e.action in ('visit', 'redo') and e.data ? 'rating' and ${between('e.at')} and ${atStations} and ($5::text is null or w.kind = $5))::int as sat_n,
       (select count(*)
          from work_item_events e join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
         where e.tenant_id = $1 and e.action in ('visit', 'redo') and e.data ? 'rating' and ${between('e.at')} and ${atStations} and ($5::text is null or w.kind = $5))::int as sat_d`,
    [tenant.tenantId, from, to, stationIds, kind],
  );
  return {
    firstContact: { numerator: r!.fc_n!, denominator: r!.fc_d! },
    resolution: { numerator: r!.res_n!, denominator: r!.res_d! },
    onTime: { numerator: r!.ot_n!, denominator: r!.ot_d! },
    satisfaction: { numerator: r!.sat_n!, denominator: r!.sat_d! },
  };
}

/** Agency items' on-time completion per case type or department: due (local day) in the period, not withdrawn; on time if resolved by then. */
async function agencyOnTime(from: string, to: string, stationIds: string[] | null, key: string): Promise<Map<string | null, Fraction>> {
  const rows = await q<{ key: string | null; numerator: number; denominator: number }>(
    `select ${key} as key,
            count(*) filter (where w.resolved_at is not null and w.status in ('resolved', 'visited', 'closed') and w.resolved_at <= w.resolution_due_at)::int as numerator,
            count(*)::int as denominator
       from work_items w left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id
      where w.tenant_id = $1 and w.kind = 'agency' and w.resolution_due_at is not null and not (w.status = 'closed' and w.resolved_at is null)
        and ${between('w.resolution_due_at')} and ${atStations}
      group by 1`,
    [tenant.tenantId, from, to, stationIds],
  );
  return new Map(rows.map((r) => [r.key, { numerator: r.numerator, denominator: r.denominator }]));
}

const total = (m: Map<string | null, number>) => [...m.values()].reduce((s, n) => s + n, 0);
const fractionOf = (f: { numerator: number; denominator: number }) => ({ numerator: f.numerator, denominator: f.denominator });
const zeroFraction = { numerator: 0, denominator: 0 };

/** Rows of (key, current, previous) from two maps of counts; keys with nothing in either year left out. */
function pairs(current: Map<string | null, number>, previous: Map<string | null, number>) {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  return new Map([...keys].map((k) => [k, { current: current.get(k) ?? 0, previous: previous.get(k) ?? 0 }]));
}

type Report = Awaited<ReturnType<typeof reportOf>>;
const reportOf = (c: Client, input: { year: number; stationId?: string }) => c.call((api) => api.report.year(input));

/** Every figure of the report against the direct counts over its two periods and the stations it covers. */
async function expectReportEqualsSql(r: Report, stationIds: string[] | null) {
  const periods = { current: r.period, previous: r.yearBefore };
  const direct = async <T,>(fn: (from: string, to: string) => Promise<T>) => ({ current: await fn(periods.current.from, periods.current.to), previous: await fn(periods.previous.from, periods.previous.to) });

  // The four rates (and the figures kpi.summary answers beside them).
  const rateSql = await direct((f, to) => rates(f, to, stationIds));
  for (const m of headlineMetrics) {
    expect({ m, current: fractionOf(r.rates.current[m]), previous: fractionOf(r.rates.previous[m]) }).toEqual({ m, current: rateSql.current[m], previous: rateSql.previous[m] });
  }

  // Consultations by category and by channel; the totals are their sums.
  const byCategory = await direct((f, to) => countBy(f, to, stationIds, 'consultation', 'w.category'));
  const byChannel = await direct((f, to) => countBy(f, to, stationIds, 'consultation', 'w.channel'));
  expect(new Map(r.consultations.byCategory.map((x) => [x.key, { current: x.current, previous: x.previous }]))).toEqual(pairs(byCategory.current, byCategory.previous));
  expect(new Map(r.consultations.byChannel.map((x) => [x.key, { current: x.current, previous: x.previous }]))).toEqual(pairs(byChannel.current, byChannel.previous));
  expect(r.consultations.total).toEqual({ current: total(byCategory.current), previous: total(byCategory.previous) });

  // Agency items by type and department, each with its on-time completion, and the whole.
  const join = `left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id`;
  const byType = await direct((f, to) => countBy(f, to, stationIds, 'agency', 'a.type_id::text', join));
  const byDepartment = await direct((f, to) => countBy(f, to, stationIds, 'agency', 'a.department', join));
  const onTimeByType = await direct((f, to) => agencyOnTime(f, to, stationIds, 'a.type_id::text'));
  const onTimeByDepartment = await direct((f, to) => agencyOnTime(f, to, stationIds, 'a.department'));
  const expectAgencyRows = (
    rows: { key: string | null; current: number; previous: number; onTime: { current: Fraction; previous: Fraction } }[],
    counts: { current: Map<string | null, number>; previous: Map<string | null, number> },
    onTime: { current: Map<string | null, Fraction>; previous: Map<string | null, Fraction> },
  ) => {
    const keys = new Set([...counts.current.keys(), ...counts.previous.keys(), ...onTime.current.keys(), ...onTime.previous.keys()]);
    const want = new Map(
      [...keys].map((k) => [
        k,
        {
          current: counts.current.get(k) ?? 0,
          previous: counts.previous.get(k) ?? 0,
          onTime: { current: onTime.current.get(k) ?? zeroFraction, previous: onTime.previous.get(k) ?? zeroFraction },
        },
      ]),
    );
    const got = new Map(rows.map((x) => [x.key, { current: x.current, previous: x.previous, onTime: { current: fractionOf(x.onTime.current), previous: fractionOf(x.onTime.previous) } }]));
    expect(got).toEqual(want);
  };
  expectAgencyRows(
    r.agency.byType.map((x) => ({ ...x, key: x.typeId })),
    byType,
    onTimeByType,
  );
  expectAgencyRows(
    r.agency.byDepartment.map((x) => ({ ...x, key: x.department })),
    byDepartment,
    onTimeByDepartment,
  );
  expect(r.agency.total).toEqual({ current: total(byType.current), previous: total(byType.previous) });
  const agencyRates = await direct((f, to) => rates(f, to, stationIds, 'agency'));
  expect({ current: fractionOf(r.agency.onTime.current), previous: fractionOf(r.agency.onTime.previous) }).toEqual({ current: agencyRates.current.onTime, previous: agencyRates.previous.onTime });

  // Disputes by type and by outcome (none yet: pending).
  const disputeJoin = `join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id`;
  const disputeTypes = await direct((f, to) => countBy(f, to, stationIds, 'dispute', 'c.dispute_type', disputeJoin));
  const outcomes = await direct((f, to) => countBy(f, to, stationIds, 'dispute', `coalesce(c.outcome, 'pending')`, disputeJoin));
  expect(new Map(r.disputes.byType.map((x) => [x.key, { current: x.current, previous: x.previous }]))).toEqual(pairs(disputeTypes.current, disputeTypes.previous));
  expect(new Map(r.disputes.byOutcome.map((x) => [x.key, { current: x.current, previous: x.previous }]))).toEqual(pairs(outcomes.current, outcomes.previous));
  expect(r.disputes.total).toEqual({ current: total(disputeTypes.current), previous: total(disputeTypes.previous) });

  // Patrol findings by who found them (an item without a finding's record: null).
  const patrol = await direct((f, to) => countBy(f, to, stationIds, 'patrol', 'f.source', `left join patrol_findings f on f.tenant_id = w.tenant_id and f.item_id = w.id`));
  expect(new Map(r.patrol.bySource.map((x) => [x.key, { current: x.current, previous: x.previous }]))).toEqual(pairs(patrol.current, patrol.previous));
  expect(r.patrol.total).toEqual({ current: total(patrol.current), previous: total(patrol.previous) });

  // Per station: every station covered, items received per kind, and the four rates.
  const [{ ids }] = (await q<{ ids: string[] }>(`select coalesce(array_agg(id::text order by code), '{}') as ids from stations where tenant_id = $1 and ($2::uuid[] is null or id = any($2::uuid[]))`, [
    tenant.tenantId,
    stationIds,
  ])) as [{ ids: string[] }];
  expect(r.stations.map((s) => s.stationId)).toEqual(ids);
  for (const s of r.stations) {
    for (const kind of workItemKinds) {
      const received = await direct((f, to) => countBy(f, to, [s.stationId], kind, `'all'`));
      expect({ station: s.stationName, kind, ...s.received[kind] }).toEqual({ station: s.stationName, kind, current: total(received.current), previous: total(received.previous) });
    }
    const stationRates = await direct((f, to) => rates(f, to, [s.stationId]));
    for (const m of headlineMetrics) {
      expect({ station: s.stationName, m, current: fractionOf(s.rates.current[m]), previous: fractionOf(s.rates.previous[m]) }).toEqual({
        station: s.stationName,
        m,
        current: stationRates.current[m],
        previous: stationRates.previous[m],
      });
    }
  }
}

/**
 * Items of every kind spread from early in the year before the report year to yesterday, at any
 * hour (16:00–24:00 UTC is the next local day in Shanghai), some exactly at the years' local
 * edges; agency items with cases of three types in two departments (and one without a case),
 * disputes of every type and outcome, ratings by portal and phone.
 */
async function seed() {
  const t0 = `${year - 1}-01-01T00:00:00+08:00`;
  await q(`select setseed(0.42)`);
  await q(
    `with g as (
       select g, (array['consultation', 'agency', 'dispute', 'patrol'])[1 + g % 4] as kind,
              $3::timestamptz - interval '20 days' + random() * (now() - interval '1 day' - ($3::timestamptz - interval '20 days')) as created,
              random() as r1, random() as r2, random() as r3, random() as r4
         from generate_series(1, $4::int) g),
     facts as (
       select *, (array['received', 'in_progress', 'waiting', 'resolved', 'visited', 'closed', 'closed', 'visited', 'resolved', 'closed'])[1 + floor(r1 * 10)::int] as status,
              created + interval '4 hours' as fc_due, created + (1 + floor(r2 * 10)::int) * interval '1 day' as due
         from g)
     insert into work_items (tenant_id, kind, number, station_id, title, channel, category, status, created_at, updated_at,
                             first_contact_at, first_contact_due_at, resolution_due_at, resolved_at, closed_at, resolved_ok, requester_confirmed)
     select $1, kind, 'R-' || g, ($2::uuid[])[1 + g % array_length($2::uuid[], 1)], '年度样例 ' || g,
            (array['walk_in', 'phone', 'portal', 'wechat', 'patrol', 'referral'])[1 + (g * 7 / 4) % 6],
            case kind when 'consultation' then (array['policy', 'tax', 'hr', 'registration', 'property', 'other', null])[1 + (g / 4) % 7] end,
            status, created, created,
            case when r3 < 0.85 then created + r3 * interval '6 hours' end, fc_due,
            case when g % 9 = 0 then null else due end,
            case when status in ('resolved', 'visited') or (status = 'closed' and g % 6 <> 0) then created + r4 * interval '12 days' end,
            case when status = 'closed' then created + interval '13 days' end,
            case when status in ('resolved', 'visited', 'closed') then r2 < 0.9 end,
            case when status in ('visited', 'closed') then r3 < 0.8 end
       from facts`,
    [tenant.tenantId, tenant.stations.map((s) => s.id), t0, 600],
  );
  // At the years' edges in the tenant's zone (Asia/Shanghai): the first and last instant of the report year, and just outside it.
  const edges = [`${year}-01-01T00:00:00+08:00`, `${year}-12-31T23:59:59+08:00`, `${year - 1}-12-31T23:59:59+08:00`, `${year + 1}-01-01T00:00:00+08:00`, `${year - 1}-01-01T00:00:00+08:00`];
  for (const [i, at] of edges.entries()) {
    await q(
      `insert into work_items (tenant_id, kind, number, station_id, title, channel, category, status, created_at, updated_at, first_contact_due_at, first_contact_at)
       values ($1, 'consultation', $2, $3, '跨年样例', 'phone', 'tax', 'received', $4, $4, $4::timestamptz + interval '4 hours', $4)`,
      [tenant.tenantId, `E-${i}`, tenant.stations[0]!.id, at],
    );
  }

  // Agency: three case types, two of them at one department; every tenth agency item has no case.
  const types = await q<{ id: string; department: string }>(
    `insert into agency_types (tenant_id, code, name, name_en, department, statutory_days, promised_days)
     values ($1, 'biz-licence', '营业执照变更', 'Business licence change', '市场监管所', 20, 10),
            ($1, 'food-permit', '食品经营许可', 'Food business permit', '市场监管所', 20, 15),
            ($1, 'social-reg', '社保登记', null, '社保中心', 15, 5)
     returning id, department`,
    [tenant.tenantId],
  );
  for (const ty of types) {
    await q(`insert into agency_checklists (tenant_id, type_id, version, items) values ($1, $2, 1, '[]')`, [tenant.tenantId, ty.id]);
  }
  await q(
    `insert into agency_cases (tenant_id, item_id, type_id, checklist_id, department, statutory_due_at, promised_due_at)
     select w.tenant_id, w.id, ty.id, c.id, ty.department, w.created_at + interval '20 days', w.created_at + interval '10 days'
       from work_items w
       join lateral (select * from agency_types where tenant_id = w.tenant_id order by code offset (substr(w.number, 3)::int / 4) % 3 limit 1) ty on true
       join agency_checklists c on c.tenant_id = ty.tenant_id and c.type_id = ty.id
      where w.tenant_id = $1 and w.kind = 'agency' and substr(w.number, 3)::int % 40 <> 1`,
    [tenant.tenantId],
  );

  // Disputes: every type and outcome, some still pending.
  await q(
    `insert into dispute_cases (tenant_id, item_id, source, dispute_type, people_involved, outcome, outcome_at)
     select w.tenant_id, w.id, 'party_application',
            (array['wage_arrears', 'labour_contract', 'social_insurance', 'property', 'commercial', 'other'])[1 + (substr(w.number, 3)::int / 4) % 6],
            1, o.outcome, case when o.outcome is not null then w.created_at + interval '5 days' end
       from work_items w,
            lateral (select (array['agreement', 'referred', 'withdrawn', 'failed', null])[1 + (substr(w.number, 3)::int / 8) % 5] as outcome) o
      where w.tenant_id = $1 and w.kind = 'dispute'`,
    [tenant.tenantId],
  );

  // Patrol: found by staff, by the platform's rules or sent by an external system; every tenth item without a finding's record.
  await q(
    `insert into patrol_findings (tenant_id, item_id, building_id, category, tier, source, source_name, rule_key, external_id)
     select w.tenant_id, w.id, b.id, 'fire_safety', 'yellow', s.source,
            case s.source when 'automatic' then '证照到期' when 'external' then '一网统管' end,
            case when s.source = 'automatic' then 'licence:' || w.id end,
            case when s.source = 'external' then 'ext-' || w.number end
       from work_items w
       join lateral (select id from buildings where tenant_id = w.tenant_id and station_id = w.station_id order by id limit 1) b on true,
            lateral (select (array['staff', 'staff', 'automatic', 'external'])[1 + (substr(w.number, 3)::int / 4) % 4] as source) s
      where w.tenant_id = $1 and w.kind = 'patrol' and substr(w.number, 3)::int % 40 <> 3`,
    [tenant.tenantId],
  );

  // Ratings (portal or phone, some items twice) after resolution.
  await q(
    `insert into work_item_events (tenant_id, item_id, at, action, data)
     select w.tenant_id, w.id, w.resolved_at + (1 + k) * interval '2 days', 'visit',
            jsonb_build_object('rating', (array['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'])[1 + (length(w.number) + k + ascii(right(w.number, 1))) % 5],
                               'source', case when (ascii(right(w.number, 1)) + k) % 3 = 0 then 'phone' else 'portal' end)
       from work_items w, generate_series(0, 1) k
      where w.tenant_id = $1 and w.number like 'R-%' and w.status in ('visited', 'closed') and w.resolved_at is not null
        and (k = 0 or w.number like '%2') and w.resolved_at + (1 + k) * interval '2 days' < now()`,
    [tenant.tenantId],
  );
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner, { stations: 3, name: '新虹街道' });
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  const managerEmail = (await makeMember(t.owner, tenant, 'manager')).email;
  manager = await signedIn(deps, managerEmail);
  managerEn = client(deps, { headers: { 'accept-language': 'en' } });
  await managerEn.call((api) => api.auth.signIn({ email: managerEmail, password: PASSWORD }));
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  const [tz] = await q<{ timezone: string }>(`select timezone from tenants where id = $1`, [tenant.tenantId]);
  today = localDate(new Date(), tz!.timezone);
  thisYear = Number(today.slice(0, 4));
  year = thisYear - 1;
  await seed();
});
afterAll(() => t.close());

describe('report.year equals a direct SQL count', () => {
  it('a whole past year against the year before: every section, every station', async () => {
    const r = await reportOf(manager, { year });
    expect(r.period).toEqual({ from: `${year}-01-01`, to: `${year}-12-31` });
    expect(r.yearBefore).toEqual({ from: `${year - 1}-01-01`, to: `${year - 1}-12-31` });
    expect([r.partial, r.stationId, r.tenantName]).toEqual([false, null, '新虹街道']);
    await expectReportEqualsSql(r, null);
    // The hand-made items reach every part of the report in both years.
    expect(r.consultations.total.current).toBeGreaterThan(20);
    expect(r.consultations.total.previous).toBeGreaterThan(20);
    expect(r.agency.byType.some((x) => x.typeId === null)).toBe(true);
    expect(r.agency.byDepartment.map((x) => x.department).sort()).toEqual(['市场监管所', '社保中心', null].sort());
    expect(r.disputes.byOutcome.some((x) => x.key === 'pending')).toBe(true);
    expect(r.rates.current.satisfaction.denominator).toBeGreaterThan(0);
    expect(r.agency.onTime.current.denominator).toBeGreaterThan(0);
    expect(r.patrol.bySource.map((x) => x.key)).toEqual(['staff', 'automatic', 'external', null]);
  });

  it("the items at the year's local edges count in the year their local date falls in", async () => {
    const r = await reportOf(manager, { year });
    const tax = r.consultations.byCategory.find((x) => x.key === 'tax')!;
    const [direct] = await q<{ current: number; previous: number }>(
      `select count(*) filter (where (created_at at time zone 'Asia/Shanghai')::date between $2::date and $3::date)::int as current,
              count(*) filter (where (created_at at time zone 'Asia/Shanghai')::date between $4::date and $5::date)::int as previous
         from work_items where tenant_id = $1 and kind = 'consultation' and category = 'tax'`,
      [tenant.tenantId, `${year}-01-01`, `${year}-12-31`, `${year - 1}-01-01`, `${year - 1}-12-31`],
    );
    expect(tax).toMatchObject(direct!);
    // E-0 and E-1 are the year's first and last instant; E-2 the year before's last; E-3 next year's first, in neither.
    const [edge] = await q<{ inYear: number }>(
      `select count(*)::int as "inYear" from work_items where tenant_id = $1 and number in ('E-0', 'E-1') and (created_at at time zone 'Asia/Shanghai')::date between $2::date and $3::date`,
      [tenant.tenantId, `${year}-01-01`, `${year}-12-31`],
    );
    expect(edge!.inYear).toBe(2);
  });

  it('the year under way runs to today and compares with the same dates a year before', async () => {
    const r = await reportOf(manager, { year: thisYear });
    expect(r.partial).toBe(today < `${thisYear}-12-31`);
    expect(r.period).toEqual({ from: `${thisYear}-01-01`, to: today });
    expect(r.yearBefore.from).toBe(`${year}-01-01`);
    expect(r.yearBefore.to.slice(5)).toBe(today.slice(5) === '02-29' ? '02-28' : today.slice(5));
    await expectReportEqualsSql(r, null);
  });

  it('one station, asked by a manager', async () => {
    const station = tenant.stations[1]!.id;
    const r = await reportOf(manager, { year, stationId: station });
    expect(r.stationId).toBe(station);
    await expectReportEqualsSql(r, [station]);
  });
});

describe("the report's rollup follows the items", () => {
  it('a station move, a new category or channel, a case of another type, a case or an item removed, a finding added, another time zone', async () => {
    const pick = async (kind: string, extra = '') =>
      (await q<{ id: string }>(`select id from work_items where tenant_id = $1 and kind = $2 and number like 'R-%' ${extra} order by number limit 1`, [tenant.tenantId, kind]))[0]!.id;
    const [from, to] = [`${year}-03-01`, `${year}-09-30`];
    const inYear = `and created_at >= '${from}' and created_at < '${to}'`;
    // Moved to another station, recategorised, another channel.
    await q(`update work_items set station_id = $2, category = 'hr', channel = 'wechat' where id = $1`, [await pick('consultation', inYear), tenant.stations[2]!.id]);
    await q(`update work_items set category = null where id = $1`, [await pick('consultation', `${inYear} and category is not null and id not in (select id from work_items where category = 'hr')`)]);
    // Received on another day (a correction by the owner): into the year before.
    await q(`update work_items set created_at = created_at - interval '1 year' where id = $1`, [await pick('consultation', `${inYear} and category = 'tax'`)]);
    // A case of another type and department; a case removed (its item counts under none); an agency item removed with its case.
    const [other] = await q<{ id: string; department: string }>(`select id, department from agency_types where tenant_id = $1 and code = 'social-reg'`, [tenant.tenantId]);
    await q(`update agency_cases set type_id = $2, department = $3 where item_id = $1`, [await pick('agency', `${inYear} and id in (select item_id from agency_cases where department = '市场监管所')`), other!.id, other!.department]);
    const uncased = await pick('agency', `${inYear} and id in (select item_id from agency_cases)`);
    await q(`delete from agency_cases where item_id = $1`, [uncased]);
    const removed = await pick('agency', `${inYear} and id in (select item_id from agency_cases) and id <> '${uncased}'`);
    await q(`delete from agency_cases where item_id = $1`, [removed]);
    await q(`delete from work_item_events where item_id = $1`, [removed]);
    await q(`delete from work_items where id = $1`, [removed]);
    // An agency item moved to another station keeps its case's cells with it.
    await q(`update work_items set station_id = $2 where id = $1`, [await pick('agency', `${inYear} and id in (select item_id from agency_cases) and station_id <> '${tenant.stations[1]!.id}'`), tenant.stations[1]!.id]);
    // A finding recorded for a patrol item that had none.
    const bare = await pick('patrol', `${inYear} and id not in (select item_id from patrol_findings)`);
    await q(`insert into patrol_findings (tenant_id, item_id, building_id, category, tier, source, source_name, rule_key)
             select tenant_id, id, $2, 'fire_safety', 'red', 'automatic', '证照到期', 'late:' || id from work_items where id = $1`, [bare, tenant.stations[0]!.buildingIds[0]]);
    await expectReportEqualsSql(await reportOf(manager, { year }), null);
    await expectReportEqualsSql(await reportOf(manager, { year: thisYear }), null);
    await expectReportEqualsSql(await reportOf(manager, { year, stationId: tenant.stations[1]!.id }), [tenant.stations[1]!.id]);

    // Another time zone moves every local day: the years are cut there.
    await q(`update tenants set timezone = 'America/Los_Angeles' where id = $1`, [tenant.tenantId]);
    try {
      await expectReportEqualsSql(await reportOf(manager, { year }), null);
    } finally {
      await q(`update tenants set timezone = 'Asia/Shanghai' where id = $1`, [tenant.tenantId]);
    }
    await expectReportEqualsSql(await reportOf(manager, { year }), null);
  });
});

describe('who may read the report', () => {
  it('staff read their own stations only', async () => {
    const mine = [tenant.stations[0]!.id];
    const r = await reportOf(staff, { year });
    expect(r.stations.map((s) => s.stationId)).toEqual(mine);
    await expectReportEqualsSql(r, mine);
    const refused = await error(reportOf(staff, { year, stationId: tenant.stations[1]!.id }));
    expect([refused.code, keyOf(refused)]).toEqual(['FORBIDDEN', 'errors.kpi.stationNotYours']);
    const file = await error(staff.call((api) => api.report.exportYear({ year, stationId: tenant.stations[2]!.id })));
    expect(file.code).toBe('FORBIDDEN');
  });

  it('enterprise admins are refused; another tenant sees none of these items and not the station', async () => {
    expect(keyOf(await error(reportOf(admin, { year })))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(admin.call((api) => api.report.exportYear({ year }))))).toBe('errors.roleNotAllowed');
    const foreign = await reportOf(foreignManager, { year });
    expect([foreign.consultations.total, foreign.agency.total, foreign.disputes.total, foreign.patrol.total]).toEqual(Array(4).fill({ current: 0, previous: 0 }));
    expect(foreign.rates.current.onTime.denominator).toBe(0);
    expect(foreign.stations.map((s) => s.stationId)).toEqual(other.stations.map((s) => s.id));
    const notFound = await error(reportOf(foreignManager, { year, stationId: tenant.stations[0]!.id }));
    expect([notFound.code, keyOf(notFound)]).toEqual(['NOT_FOUND', 'errors.kpi.stationNotFound']);
  });

  it('refuses a year not begun, out of range, not a whole number or not a number', async () => {
    const bad = async (input: unknown, key?: string) => {
      const e = await error(manager.call((api) => api.report.year(input as never)));
      expect(e.code).toBe('BAD_REQUEST');
      if (key) expect(keyOf(e)).toBe(key);
    };
    await bad({ year: thisYear + 1 }, 'errors.report.yearNotBegun');
    await bad({ year: 1999 });
    await bad({ year: 2025.5 });
    await bad({ year: '2025' });
    await bad({});
    await bad({ year, stationId: 'station-1' });
    await bad({ year, from: '2025-01-01' });
    const e = await error(manager.call((api) => api.report.exportYear({ year: thisYear + 1 })));
    expect(keyOf(e)).toBe('errors.report.yearNotBegun');
  });
});

/** The stored file's first sheet as rows of cell text (the spreadsheets reader the imports use). */
async function sheetOf(fileId: string) {
  const [row] = await q<{ storage_key: string; purpose: string; content_type: string }>(`select storage_key, purpose, content_type from files where id = $1`, [fileId]);
  expect(row!.purpose).toBe('export');
  const chunks: Buffer[] = [];
  for await (const chunk of await testStorage().get(row!.storage_key)) chunks.push(chunk as Buffer);
  const table = await readTable(Buffer.concat(chunks), 'xlsx', { maxRows: 5000 });
  if (!table.ok) throw new Error(table.key);
  const [header, ...rows] = table.rows.map((r) => r.cells);
  return { header: header!, rows: rows.map((cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? '']))) };
}

describe('report.exportYear', () => {
  it('opens, and holds the same figures as report.year: rates with their parts, every section, every station', async () => {
    const r = await reportOf(manager, { year });
    const file = await manager.call((api) => api.report.exportYear({ year }));
    expect(file.fileName).toBe(`年度工作统计-${year}.xlsx`);
    const sheet = await sheetOf(file.fileId);
    expect(sheet.rows).toHaveLength(file.rows);
    const current = `本期（${year}-01-01 至 ${year}-12-31）`;
    const previous = `上年同期（${year - 1}-01-01 至 ${year - 1}-12-31）`;
    expect(sheet.header).toEqual(['板块', '项目', '工作站', '单位', current, previous, '同比增减', '同比增幅（%）']);
    const find = (section: string, item: string, station = '全部工作站') => {
      const rows = sheet.rows.filter((x) => x['板块'] === section && x['项目'] === item && x['工作站'] === station);
      expect(rows, `${section} / ${item} / ${station}`).toHaveLength(1);
      return rows[0]!;
    };
    const num = (v: string | undefined) => (v === '' || v === undefined ? null : Number(v));
    const expectCount = (row: Record<string, string>, pair: Pair) => {
      expect([num(row[current]), num(row[previous]), num(row['同比增减'])]).toEqual([pair.current, pair.previous, pair.current - pair.previous]);
      expect(num(row['同比增幅（%）'])).toBe(pair.previous ? Math.round(((pair.current - pair.previous) / pair.previous) * 10_000) / 100 : null);
    };
    const pct = (f: { rate: number | null }) => (f.rate === null ? null : Math.round(f.rate * 10_000) / 100);

    const names = { firstContact: '先行联系率', resolution: '诉求解决率', onTime: '按时办结率', satisfaction: '满意率' } as const;
    for (const m of headlineMetrics) {
      const rate = find('主要指标', names[m]);
      expect([rate['单位'], num(rate[current]), num(rate[previous])]).toEqual(['%', pct(r.rates.current[m]), pct(r.rates.previous[m])]);
      const parts = sheet.rows.filter((x) => x['板块'] === '主要指标' && x['项目']!.startsWith(`${names[m]}·`));
      expect(parts.map((x) => [num(x[current]), num(x[previous])])).toEqual([
        [r.rates.current[m].numerator, r.rates.previous[m].numerator],
        [r.rates.current[m].denominator, r.rates.previous[m].denominator],
      ]);
    }
    const categoryNames: Record<string, string> = { policy: '政策', tax: '税务', hr: '人社/社保', registration: '工商登记', property: '物业', other: '其他' };
    expectCount(find('咨询·按类别', '合计'), r.consultations.total);
    for (const c of r.consultations.byCategory) expectCount(find('咨询·按类别', c.key === null ? '未分类' : categoryNames[c.key]!), c);
    expect(sheet.rows.filter((x) => x['板块'] === '咨询·按来源渠道')).toHaveLength(r.consultations.byChannel.length + 1);
    expectCount(find('咨询·按来源渠道', '来电'), r.consultations.byChannel.find((c) => c.key === 'phone')!);
    expectCount(find('代办·按事项类型', '合计'), r.agency.total);
    for (const a of r.agency.byType) {
      const name = a.name ?? '未关联代办事项类型';
      expectCount(find('代办·按事项类型', name), a);
      const rate = find('代办·按事项类型', `${name}·按时办结率`);
      expect([num(rate[current]), num(rate[previous])]).toEqual([pct(a.onTime.current), pct(a.onTime.previous)]);
    }
    for (const d of r.agency.byDepartment) expectCount(find('代办·按办理部门', d.department ?? '未关联办理部门'), d);
    expectCount(find('调解·按纠纷类型', '合计'), r.disputes.total);
    expectCount(find('调解·按纠纷类型', '拖欠工资'), r.disputes.byType.find((d) => d.key === 'wage_arrears')!);
    expectCount(find('调解·按调解结果', '调解中'), r.disputes.byOutcome.find((d) => d.key === 'pending')!);
    expectCount(find('巡查', '巡查发现数'), r.patrol.total);
    expectCount(find('巡查·按发现来源', '平台自动发现'), r.patrol.bySource.find((x) => x.key === 'automatic')!);
    expectCount(find('巡查·按发现来源', '人工巡查'), r.patrol.bySource.find((x) => x.key === 'staff')!);
    expectCount(find('巡查·按发现来源', '未记录来源'), r.patrol.bySource.find((x) => x.key === null)!);
    for (const s of r.stations) {
      expectCount(find('各工作站', '咨询受理量', s.stationName), s.received.consultation);
      expectCount(find('各工作站', '代办受理量', s.stationName), s.received.agency);
      const sat = find('各工作站', '满意率', s.stationName);
      expect([num(sat[current]), num(sat[previous])]).toEqual([pct(s.rates.current.satisfaction), pct(s.rates.previous.satisfaction)]);
    }
  });

  it("holds only a staff member's own station, and speaks English when asked", async () => {
    const mine = await sheetOf((await staff.call((api) => api.report.exportYear({ year }))).fileId);
    expect(new Set(mine.rows.filter((x) => x['板块'] === '各工作站').map((x) => x['工作站']))).toEqual(new Set(['工作站1']));
    expect(new Set(mine.rows.filter((x) => x['板块'] !== '各工作站').map((x) => x['工作站']))).toEqual(new Set(['本人所在工作站']));

    const en = await managerEn.call((api) => api.report.exportYear({ year }));
    expect(en.fileName).toBe(`Year-report-${year}.xlsx`);
    const sheet = await sheetOf(en.fileId);
    expect(sheet.header).toEqual(['Section', 'Item', 'Station', 'Unit', `This period (${year}-01-01 to ${year}-12-31)`, `Year before (${year - 1}-01-01 to ${year - 1}-12-31)`, 'Change', 'Change (%)']);
    expect(sheet.rows.some((x) => x['Section'] === 'Headline rates' && x['Item'] === 'First-contact rate')).toBe(true);
    // A case type without an English name keeps its Chinese one.
    expect(sheet.rows.some((x) => x['Section'] === 'Agency items by case type' && x['Item'] === 'Business licence change')).toBe(true);
    expect(sheet.rows.some((x) => x['Section'] === 'Agency items by case type' && x['Item'] === '社保登记')).toBe(true);
    expect(sheet.rows.some((x) => x['Section'] === 'Patrol' && x['Item'] === 'Patrol findings')).toBe(true);
    expect(new Set(sheet.rows.filter((x) => x['Section'] === 'By station').map((x) => x['Station']))).toEqual(new Set(['Station 1', 'Station 2', 'Station 3']));
  });
});
