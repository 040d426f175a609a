import { sql, type Kysely } from 'kysely';

/**
 * 转办 (issue 18): a consultation converted to an agency case closes with its own outcome, neither
 * resolved nor rated — `closed_reason = 'converted'` (core's closedReasons). Archived and withdrawn
 * items keep it null (told apart by resolved_at, as the KPIs do). Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table work_items add column closed_reason text check (closed_reason in ('converted'));
    alter table work_items add constraint work_items_closed_reason_closed check (closed_reason is null or status = 'closed');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table work_items drop column closed_reason;`.execute(db);
}
