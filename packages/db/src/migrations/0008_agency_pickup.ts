import { sql, type Kysely } from 'kysely';

/**
 * The agency queue's 办结 column: cases done and approved whose permit the enterprise has not
 * collected yet, in the queue's order. The open-case index (0005) leaves done cases out, and done
 * cases pile up year after year, so these few get an index of their own.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index agency_cases_pickup_idx on agency_cases (tenant_id, least(statutory_due_at, promised_due_at), item_id)
      where step = 'done' and result = 'approved' and picked_up_at is null
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists agency_cases_pickup_idx`.execute(db);
}
