import { Kysely, PostgresDialect } from 'kysely';
import { localDate } from '@stationdesk/core';
import { repo, type Database, type EnterpriseFilter } from '@stationdesk/db';

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

export interface Scenario {
  name: string;
  /** Who calls the API (a key of BenchContext.users). */
  as: string;
  /** tRPC path and input (GET query) or a mutation body. */
  api: (ctx: BenchContext) => { method: 'GET'; path: string } | { method: 'POST'; path: string; body: string };
  /** The data query the procedure runs, for the floors (run in the tenant, as the app role). */
  sql: (ctx: BenchContext) => { text: string; values: unknown[] };
  /** The figure the issue sets, printed beside the result. */
  target?: string;
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

function listSql(ctx: BenchContext, f: Partial<EnterpriseFilter>) {
  const filter: EnterpriseFilter = { stationIds: null, today: today(), ...f };
  const c = repo.enterpriseListQuery(compiler, filter, { sort: 'name', limit: 50 }).compile();
  return { text: c.sql, values: [...c.parameters] };
}

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
    sql: (ctx) => listSql(ctx, { stationId: ctx.stationIds[1]!, status: 'active' }),
    target: 'p95 < 20 ms',
  },
  {
    name: 'enterprise.list (tag filter)',
    as: 'manager',
    api: (ctx) => ({ method: 'GET', path: trpcGet('enterprise.list', { tagId: ctx.refs.tagId }) }),
    sql: (ctx) => listSql(ctx, { tagId: ctx.refs.tagId! }),
    target: 'p95 < 20 ms',
  },
  {
    name: 'enterprise.list (search 2 chars: 虹智)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('enterprise.list', { q: '虹智' }) }),
    sql: (ctx) => listSql(ctx, { search: { kind: 'name', text: '虹智' } }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'enterprise.list (search 2 chars: 科技, common)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('enterprise.list', { q: '科技' }) }),
    sql: (ctx) => listSql(ctx, { search: { kind: 'name', text: '科技' } }),
    target: 'p95 < 30 ms',
  },
  {
    name: 'enterprise.list (phone digits)',
    as: 'manager',
    api: () => ({ method: 'GET', path: trpcGet('enterprise.list', { q: '13800' }) }),
    sql: (ctx) => listSql(ctx, { search: { kind: 'phone', digits: '13800' } }),
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
    cleanup: async (owner, ctx) => {
      await owner.query(`delete from work_item_events where tenant_id = $1 and item_id in (select id from work_items where tenant_id = $1 and title = '压测新建')`, [ctx.tenantId]);
      await owner.query(`delete from work_items where tenant_id = $1 and title = '压测新建'`, [ctx.tenantId]);
      await owner.query(`delete from work_item_counters where tenant_id = $1 and year = 2099`, [ctx.tenantId]);
      await owner.query(
        `update work_item_counters c set last_value = coalesce((select max(split_part(number, '-', 3)::int) from work_items w
           where w.tenant_id = c.tenant_id and w.kind = c.kind and split_part(w.number, '-', 2)::int = c.year), 0) where tenant_id = $1`,
        [ctx.tenantId],
      );
    },
  },
];
