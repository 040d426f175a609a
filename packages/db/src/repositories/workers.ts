import { sql } from 'kysely';
import type { Db } from '../client.ts';

/** System table (no tenant data): the worker says it is alive; the operator console reads it. */
export async function recordHeartbeat(db: Db, w: { id: string; host: string; pid: number; backend: string; startedAt: Date }) {
  await db.kysely
    .insertInto('worker_heartbeats')
    .values({ id: w.id, host: w.host, pid: w.pid, queue_backend: w.backend, started_at: w.startedAt, seen_at: sql<string>`now()` })
    .onConflict((oc) => oc.column('id').doUpdateSet({ seen_at: sql<string>`now()` }))
    .execute();
}

export function listHeartbeats(db: Db, sinceMinutes = 60) {
  return db.kysely
    .selectFrom('worker_heartbeats')
    .selectAll()
    .where('seen_at', '>', sql<string>`now() - make_interval(mins => ${sinceMinutes})`)
    .orderBy('seen_at', 'desc')
    .execute();
}
