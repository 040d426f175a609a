import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { seedAgencyTypes, type Database } from '@stationdesk/db';
import type { BenchContext } from './scenarios.ts';

/** A Kysely over the seed's one client (the tenant setting of its session applies). */
export function kyselyOn(client: pg.Client): Kysely<Database> {
  const shim = { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} };
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: shim as never }) });
}

/**
 * The agency cases behind the 50,000 agency work items (issue 代办): the tenant's real case types
 * (二次装修, 工商变更, 税务, 社保/公积金, 其他 — the product's own seed, with their checklists),
 * fit-out permits the most common; deadlines from each type's statutory and promised working days
 * (about 7/5 calendar days each); closed items done (mostly approved and picked up, some rejected or
 * withdrawn), open ones along the steps by how far into their promised time they are — the ones
 * waiting for the enterprise still collecting materials.
 */
export async function seedBenchAgency(client: pg.Client, ctx: BenchContext): Promise<void> {
  await client.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
  await seedAgencyTypes(kyselyOn(client), ctx.tenantId);
  await client.query(
    `with t as (select t.id, t.code, t.department, t.statutory_days, t.promised_days, t.current_checklist_id,
                       case t.code when 'fit_out' then 0 when 'registration_change' then 35 when 'tax' then 60 when 'social_insurance' then 80 else 92 end as lo,
                       case t.code when 'fit_out' then 35 when 'registration_change' then 60 when 'tax' then 80 when 'social_insurance' then 92 else 100 end as hi
                  from agency_types t where t.tenant_id = $1),
          a as (select w.id, w.created_at, w.status, w.resolved_at, w.closed_at,
                       abs(hashtext(w.id::text)) as h, abs(hashtext(w.id::text || ':step')) as h2
                  from work_items w where w.tenant_id = $1 and w.kind = 'agency'),
          c as (select a.*, t.id as type_id, t.current_checklist_id, t.department,
                       a.created_at + make_interval(days => ceil(t.statutory_days * 1.4)::int) as statutory_due_at,
                       a.created_at + make_interval(days => ceil(t.promised_days * 1.4)::int) as promised_due_at,
                       extract(epoch from now() - a.created_at) / (ceil(t.promised_days * 1.4) * 86400) as progress
                  from a join t on a.h % 100 >= t.lo and a.h % 100 < t.hi),
          s as (select c.*,
                       case when c.status in ('resolved', 'visited', 'closed') then 'done'
                            when c.status = 'waiting' or c.progress < 0.2 then 'materials'
                            when c.progress < 0.4 then 'precheck'
                            when c.progress < 0.7 then 'submitted'
                            else 'under_review' end as step,
                       case when c.h2 % 100 < 84 then 'approved' when c.h2 % 100 < 91 then 'rejected' else 'withdrawn' end as outcome,
                       coalesce(c.resolved_at, least(now() - interval '1 hour', c.promised_due_at)) as finished
                  from c)
     insert into agency_cases (tenant_id, item_id, type_id, checklist_id, step, department, department_ref, submitted_on,
                               statutory_due_at, promised_due_at, result, done_at, picked_up_at, updated_at)
     select $1, s.id, s.type_id, s.current_checklist_id, s.step, s.department,
            case when s.step in ('submitted', 'under_review') or (s.step = 'done' and s.outcome <> 'withdrawn')
                 then 'SL' || to_char(s.created_at, 'YYYYMMDD') || lpad((s.h % 100000)::text, 5, '0') end,
            case when s.step in ('submitted', 'under_review') or (s.step = 'done' and s.outcome <> 'withdrawn')
                 then (s.created_at + (s.promised_due_at - s.created_at) * 0.4)::date end,
            s.statutory_due_at, s.promised_due_at,
            case when s.step = 'done' then s.outcome end,
            case when s.step = 'done' then s.finished end,
            case when s.step = 'done' and s.outcome = 'approved' and s.finished < now() - interval '2 days' then s.finished + interval '1 day' end,
            coalesce(case when s.step = 'done' then s.finished end, s.created_at)
       from s`,
    [ctx.tenantId],
  );
}
