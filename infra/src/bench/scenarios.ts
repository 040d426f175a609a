import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { addDays, localDate } from '@stationdesk/core';
import { repo, type Database, type WorkItemFilter } from '@stationdesk/db';
import { agencyQueue, disputeCounts, kpiByStation, kpiDrill, kpiSummary, listEnterprises, portalHome, suggestArticles, yearReport, type ListEnterprisesInput } from '@stationdesk/services';
import { recordServiceSql } from './service-sql.ts';

/**
 * What `npm run bench` measures. Each scenario names the API call (as a signed-in user of the big
 * tenant) and the SQL that call runs for its data, so the same query is also timed bare and
 * behind a bare node:http handler. Later domains append their scenarios.
 */
export interface BenchUser {
  email: string;
  password: string;
}

export interface BenchContext {
  tenantId: string;
  userId: string;
  stationIds: string[];
  users: Record<string, BenchUser>;
  /** Extra ids the domain seeds put here for their scenarios. */
  refs: Record<string, string>;
}

/** One statement, as the app role runs it inside the bench tenant. */
export interface BenchQuery {
  text: string;
  values: unknown[];
}

export interface Scenario {
  name: string;
  /** Who calls the API (a key of BenchContext.users). */
  as: string;
  /** tRPC path and input (GET query) or a mutation body. */
  api: (ctx: BenchContext) => { method: 'GET'; path: string } | { method: 'POST'; path: string; body: string };
  /**
   * The data queries the procedure runs, for the floors (run in the tenant, as the app role). Several
   * statements run one after the other on one connection, as one floor request — as the procedure does.
   */
  sql: (ctx: BenchContext, live: pg.Client) => BenchQuery | BenchQuery[] | Promise<BenchQuery[]>;
  /** The figure the issue sets, printed beside the result. */
  target?: string;
  /**
   * Writes: the API is also measured at this offered rate (requests/s over all connections, which
   * autocannon sends in bursts of one per connection): the load figure the p95 is judged against
   * besides one at a time. The flooded figure (every connection writing back to back, in one
   * tenant: the gap-free counter serialises them) is the throughput.
   */
  pacedRps?: number;
  /** Writes: removes what the run created (as the owner), so the next run starts from the same data. */
  cleanup?: (owner: import('pg').Client, ctx: BenchContext) => Promise<void>;
}

/** Compiles repository queries to SQL for the floors (never connects). */
const compiler = new Kysely<Database>({ dialect: new PostgresDialect({ pool: {} as never }) });
const today = () => localDate(new Date(), 'Asia/Shanghai');

function queueSql(ctx: BenchContext) {
  const c = repo.workItemListQuery(compiler, { stationIds: [ctx.stationIds[0]!] }, { view: 'queue', limit: 50 }).compile();
  return { text: c.sql, values: [...c.parameters] };
}

function searchSql(_ctx: BenchContext, text: NonNullable<WorkItemFilter['text']>) {
  const c = repo.workItemListQuery(compiler, { stationIds: null, text }, { view: 'all', limit: 50 }).compile();
  return { text: c.sql, values: [...c.parameters] };
}

/** The registry page as the service runs it: the key walk, then the page's rows for those ids. */
function listSql(ctx: BenchContext, live: pg.Client, input: ListEnterprisesInput) {
  return recordServiceSql(ctx, (t) => listEnterprises(t, input), { live });
}

/** A scenario's statements as a list (the floors and EXPLAIN take them all). */
export async function floorQueries(s: Scenario, ctx: BenchContext, live: pg.Client): Promise<BenchQuery[]> {
  const q = await s.sql(ctx, live);
  return Array.isArray(q) ? q : [q];
}

/** Last calendar year and last calendar month (local dates): the KPI dashboard's usual periods. */
function lastCalendarYear() {
  const year = Number(today().slice(0, 4)) - 1;
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}
function lastCalendarMonth() {
  const first = `${today().slice(0, 8)}01`;
  const to = addDays(first, -1);
  return { from: `${to.slice(0, 8)}01`, to };
}

/** The managers' usual review period: the last twelve months up to today (local dates). */
function lastYear() {
  const to = today();
  return { from: addDays(to, -364), to };
}

/** A question as an enterprise admin types it before asking (20 characters). */
const SUGGEST_QUESTION = '请问二次装修需要准备哪些材料多久能办好？';

const portalActor = (ctx: BenchContext) => ({
  userId: ctx.refs.portalUserId!,
  role: 'enterprise_admin' as const,
  scope: { kind: 'enterprise' as const, enterpriseId: ctx.refs.portalEnterpriseId! },
});

export const trpcGet = (proc: string, input?: unknown) =>
  `/api/trpc/${proc}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`;

export const scenarios: Scenario[] = [
  {
    name: 'station.list',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('station.list') }),
    sql: () => ({
      text: `select s.id, s.code, s.name, s.name_en, s.address, s.phone,
               (select count(*) from buildings b where b.tenant_id = s.tenant_id and b.station_id = s.id) as building_count
             from stations s order by s.code`,
      values: [],
    }),
  },
  {
    name: 'auth.me',
    as: 'staff',
    api: () => ({ method: 'GET', path: trpcGet('auth.me') }),
    sql: (ctx) => ({
      text: `select m.tenant_id, m.id, m.role, m.enterprise_id, t.name, t.name_en, t.slug, t.timezone,
               coalesce((select array_agg(ms.station_id order by ms.station_id) from membership_stations ms
                 where ms.tenant_id = m.tenant_id and ms.membership_id = m.id), '{}') as station_ids
             from memberships m join tenants t on t.id = m.tenant_id where m.user_id = $1 order by t.name`,
      values: [ctx.userId],
    }),
  },
  {
    name: 'enterprise.list (station + status filter)',
    as: 'manager',
    api: (ctx) => ({ method: 'GET', path: trpcGet('enterprise.list', { stationId: ctx.stationIds[1], status: 'active' }) }),
    sql: (ctx, live) => listSql(ctx, live, { stationId: ctx.stationIds[1]!, status: 'active' }),
    target: 'p95 < 20 ms',
  },
  {
    name: 'enterprise.list (tag filter)',
    as: 'manager',
    api: (ctx) => ({ method: 'GET', path: trpcGet('enterprise.list', { tagId: ctx.refs.tagId }) }),
    sql: (ctx, live) => listSql(ctx, live, { tagId: ctx.refs.tagId! }),
    target: 'p95 < 20 ms',
  },
  {
    name: 'enterprise.list (search 2 chars: 虹智)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('enterprise.list', { q: '虹智' }) }),
    sql: (ctx, live) => listSql(ctx, live, { q: '虹智' }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'enterprise.list (search 2 chars: 科技, common)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('enterprise.list', { q: '科技' }) }),
    sql: (ctx, live) => listSql(ctx, live, { q: '科技' }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'enterprise.list (phone digits)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('enterprise.list', { q: '13800' }) }),
    sql: (ctx, live) => listSql(ctx, live, { q: '13800' }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'workItem.list (station queue, first page)',
    as: 'desk',
    api: (ctx) => ({ method: 'GET', path: trpcGet('workItem.list', { view: 'queue', stationId: ctx.stationIds[0] }) }),
    sql: queueSql,
    target: 'p95 < 25 ms, ≤ 1.5× bare, ≥ 1,500 req/s',
  },
  {
    // A fragment every agency item's title has (50,000 of them): the worst case of the gram index.
    name: 'workItem.list (search 2 chars: 装修, all items)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('workItem.list', { view: 'all', q: '装修' }) }),
    sql: (ctx) => searchSql(ctx, { kind: 'title', fragment: '装修' }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'workItem.list (search by number)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('workItem.list', { view: 'all', q: 'zx-2025-000123' }) }),
    sql: (ctx) => searchSql(ctx, { kind: 'number', number: 'ZX-2025-000123' }),
    target: 'p95 < 20 ms',
  },
  {
    // Issue 6: the tenant-wide queue page with its counts per step and type (50,000 cases seeded).
    name: 'agencyCase.queue (tenant-wide + counts)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('agencyCase.queue', {}) }),
    // One statement answers the page and its counts in a single row.
    sql: (ctx) => recordServiceSql(ctx, (t) => agencyQueue(t, {}), { rows: () => [{ items: [], counts: [], pick_up: 0 }] }),
    target: 'p95 < 40 ms',
  },
  {
    // Issue 7: a year of the 20,000 disputes by station × month, with the summary and warnings.
    name: 'dispute.counts (1 year, station × month)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('dispute.counts', { ...lastYear(), groupBy: 'station_month' }) }),
    sql: (ctx) => recordServiceSql(ctx, (t) => disputeCounts(t, { ...lastYear(), groupBy: 'station_month' }), { rows: () => [{}] }),
    target: 'p95 < 30 ms',
  },
  {
    // Issue 18: the four rates and the rest, with 同比 and 环比, for a year of the million items.
    name: 'kpi.summary (last calendar year)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('kpi.summary', lastCalendarYear()) }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => kpiSummary(t, lastCalendarYear()), { live }),
    target: 'p95 < 50 ms',
  },
  {
    name: 'kpi.byStation (last calendar month)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('kpi.byStation', lastCalendarMonth()) }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => kpiByStation(t, lastCalendarMonth()), { live }),
    target: 'p95 < 50 ms',
  },
  {
    // The items behind the year's on-time denominator, first page.
    name: 'kpi.drill (on time, year, first page)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('kpi.drill', { ...lastCalendarYear(), metric: 'onTime', part: 'denominator' }) }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => kpiDrill(t, { ...lastCalendarYear(), metric: 'onTime', part: 'denominator' }), { live }),
    target: 'p95 < 30 ms',
  },
  {
    // The ratings behind last month's satisfaction, first page: history lines, not items.
    name: 'kpi.drill (satisfaction, month, first page)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('kpi.drill', { ...lastCalendarMonth(), metric: 'satisfaction', part: 'denominator' }) }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => kpiDrill(t, { ...lastCalendarMonth(), metric: 'satisfaction', part: 'denominator' }), { live }),
    target: 'p95 < 30 ms',
  },
  {
    // The year report (issue 18): every function with 同比 — two years of the million items.
    name: 'report.year (last calendar year)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('report.year', { year: Number(today().slice(0, 4)) - 1 }) }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => yearReport(t, { year: Number(today().slice(0, 4)) - 1 }), { live }),
  },
  {
    name: 'workItem.create (consultation)',
    as: 'desk',
    api: (ctx) => ({
      method: 'POST',
      path: '/api/trpc/workItem.create',
      body: JSON.stringify({ kind: 'consultation', title: '压测新建', channel: 'phone', stationId: ctx.stationIds[0] }),
    }),
    sql: (ctx) => ({
      text: `with c as (insert into work_item_counters (tenant_id, kind, year, last_value) values ($1, 'consultation', 2099, 1)
                        on conflict (tenant_id, kind, year) do update set last_value = work_item_counters.last_value + 1 returning last_value)
             insert into work_items (tenant_id, kind, number, station_id, title, channel, first_contact_due_at, resolution_due_at)
             select $1, 'consultation', 'ZX-2099-' || c.last_value, $2, '压测新建', 'phone', now() + interval '4 hours', now() + interval '3 days' from c
             returning id`,
      values: [ctx.tenantId, ctx.stationIds[0]],
    }),
    target: 'p95 < 30 ms',
    pacedRps: 100,
    cleanup: async (owner, ctx) => {
      const created = `select id from work_items where tenant_id = $1 and title = '压测新建'`;
      await owner.query('begin');
      try {
        // A create still in flight when the load stopped commits before this reads the items (or
        // waits for it and is removed by the next run): every statement below sees the same items.
        await owner.query('lock table work_items in share mode');
        // Deleting an item checks that no item links to it (work_items.linked_item_id), and that
        // column has no index: a full scan of the million items per deleted row, hours for a
        // run's few thousand. Nothing links to these, so the owner skips the checks where it may.
        const { rows } = await owner.query<{ rolsuper: boolean }>('select rolsuper from pg_roles where rolname = current_user');
        if (rows[0]?.rolsuper) {
          await owner.query('set local session_replication_role = replica');
          // Which skips the triggers too: the KPI rollup (migrations 0023, 0028) loses these items' cells here.
          await owner.query(
            `select kpi_counts_add(array(
               select (w.tenant_id, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, -x.numerator, -x.denominator)::kpi_day_counts
                 from work_items w join tenants t on t.id = w.tenant_id, kpi_item_cells(t.timezone, w) x
                where w.tenant_id = $1 and w.title = '压测新建'))`,
            [ctx.tenantId],
          );
        }
        // And the year report's (migration 0029): consultations, no case.
        await owner.query(
          `select report_counts_add(array(
             select (w.tenant_id, x.day, w.station_id, w.kind, x.dimension, x.value, -1)::report_day_counts
               from work_items w join tenants t on t.id = w.tenant_id, report_item_cells(t.timezone, w, null, null) x
              where w.tenant_id = $1 and w.title = '压测新建'))`,
          [ctx.tenantId],
        );
        await owner.query(`delete from deliveries where tenant_id = $1 and reminder_id in (select id from reminders where tenant_id = $1 and subject_type = 'work_item' and subject_id in (${created}))`, [ctx.tenantId]);
        await owner.query(`delete from reminders where tenant_id = $1 and subject_type = 'work_item' and subject_id in (${created})`, [ctx.tenantId]);
        await owner.query(`delete from work_item_events where tenant_id = $1 and item_id in (${created})`, [ctx.tenantId]);
        await owner.query(`delete from work_items where tenant_id = $1 and title = '压测新建'`, [ctx.tenantId]);
        await owner.query(`delete from work_item_counters where tenant_id = $1 and year = 2099`, [ctx.tenantId]);
        await owner.query(
          `update work_item_counters c set last_value = coalesce((select max(split_part(number, '-', 3)::int) from work_items w
             where w.tenant_id = c.tenant_id and w.kind = c.kind and split_part(w.number, '-', 2)::int = c.year), 0) where tenant_id = $1`,
          [ctx.tenantId],
        );
        await owner.query('commit');
      } catch (e) {
        await owner.query('rollback');
        throw e;
      }
    },
  },
  // Issue 22, on the volume seed-portal.ts adds: the portal's enterprise admin of the busiest enterprise.
  {
    name: 'knowledge.suggest (5,000 articles, a 20-character question)',
    as: 'portal',
    api: () => ({ method: 'GET', path: trpcGet('knowledge.suggest', { text: SUGGEST_QUESTION }) }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => suggestArticles(t, { text: SUGGEST_QUESTION }), { live, actor: portalActor(ctx) }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'portal.home (the busiest enterprise)',
    as: 'portal',
    api: () => ({ method: 'GET', path: trpcGet('portal.home') }),
    sql: (ctx, live) => recordServiceSql(ctx, (t) => portalHome(t), { live, actor: portalActor(ctx) }),
    target: 'p95 < 40 ms',
  },
];
