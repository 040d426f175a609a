import { sql, type Kysely } from 'kysely';

/**
 * The agency queue page on plain columns. The nearer of the two deadlines is stored (a generated
 * column: Postgres keeps it right whenever either date changes, and fills it for existing rows), so
 * the tenant-wide page is a range scan of one partial index in queue order instead of a sort of
 * every open case, and the counts per step and type are an index-only scan of the same index.
 * Under row-level security only leakproof operators on plain columns drive an index scan: these
 * replace the expression indexes of 0005 and 0008.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table agency_cases add column due_at timestamptz generated always as (least(statutory_due_at, promised_due_at)) stored;

    drop index agency_cases_queue_idx;
    drop index agency_cases_pickup_idx;
    -- Open cases in queue order; step, type and department ride along for the counts.
    create index agency_cases_open_idx on agency_cases (tenant_id, due_at, item_id) include (step, type_id, department) where step <> 'done';
    -- One step's tab of the queue.
    create index agency_cases_open_step_idx on agency_cases (tenant_id, step, due_at, item_id) where step <> 'done';
    -- 办结待取件: done and approved, the permit not collected yet.
    create index agency_cases_pickup_idx on agency_cases (tenant_id, due_at, item_id) include (type_id, department)
      where step = 'done' and result = 'approved' and picked_up_at is null;
    -- Done cases are nearly all, their permits nearly all collected: without the three columns'
    -- common combinations the planner guesses thousands of uncollected ones (rejected and withdrawn
    -- cases have no pick-up either) and scans a station's every work item to count a few hundred.
    create statistics agency_cases_step_stats (mcv) on step, result, picked_up_at from agency_cases;
    analyze agency_cases;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop statistics if exists agency_cases_step_stats;
    drop index if exists agency_cases_open_idx, agency_cases_open_step_idx, agency_cases_pickup_idx;
    alter table agency_cases drop column due_at;
    create index agency_cases_queue_idx on agency_cases (tenant_id, step, least(statutory_due_at, promised_due_at), item_id) where step <> 'done';
    create index agency_cases_pickup_idx on agency_cases (tenant_id, least(statutory_due_at, promised_due_at), item_id)
      where step = 'done' and result = 'approved' and picked_up_at is null;
  `.execute(db);
}
