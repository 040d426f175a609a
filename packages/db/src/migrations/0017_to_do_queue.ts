import { sql, type Kysely } from 'kysely';

/**
 * The to-do queue holds only what the station owes work on (received, assigned, accepted,
 * in_progress, returned), by due time. The open-items index it walked (status <> 'closed') also
 * held every resolved, visited and waiting item, which sort first (their due times are the oldest)
 * and had to be read past on every page; these partial indexes hold only the to-do rows: per
 * station (staff) and for the whole tenant (managers).
 */
const toDo = sql`status in ('received', 'assigned', 'accepted', 'in_progress', 'returned')`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    drop index work_items_queue_idx;
    create index work_items_to_do_idx on work_items (tenant_id, station_id, resolution_due_at, id) where ${toDo};
    create index work_items_to_do_due_idx on work_items (tenant_id, resolution_due_at, id) where ${toDo};
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists work_items_to_do_due_idx;
    drop index if exists work_items_to_do_idx;
    create index work_items_queue_idx on work_items (tenant_id, station_id, resolution_due_at, id) where status <> 'closed';
  `.execute(db);
}
