import { sql, type Kysely } from 'kysely';

/**
 * 重办 (issue 18): an item sent back for rework, or reopened by a manager, is due again by the
 * rectification rule from that moment (core's rectificationDueAt). `reopened_at` says when: a
 * settings change then keeps that deadline instead of counting the item's first one again from
 * its creation, and the time it waits from then on moves it back. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table work_items add column reopened_at timestamptz;`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table work_items drop column reopened_at;`.execute(db);
}
