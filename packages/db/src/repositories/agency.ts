import { sql, type Kysely } from 'kysely';
import type { AgencyStep, Database } from '../schema.ts';

export interface AgencyQueueFilter {
  stationIds: readonly string[] | null;
  enterpriseId?: string;
  step?: AgencyStep | undefined;
  typeId?: string | undefined;
  department?: string;
}

const NIL = '00000000-0000-0000-0000-000000000000';

function base(db: Kysely<Database>, f: AgencyQueueFilter) {
  let q = db
    .selectFrom('agency_cases as a')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'))
    .where('a.step', '<>', 'done');
  if (f.stationIds) q = q.where('w.station_id', 'in', f.stationIds.length ? [...f.stationIds] : [NIL]);
  if (f.enterpriseId) q = q.where('w.enterprise_id', '=', f.enterpriseId);
  if (f.step) q = q.where('a.step', '=', f.step);
  if (f.typeId) q = q.where('a.type_id', '=', f.typeId);
  if (f.department) q = q.where('a.department', '=', f.department);
  return q;
}

/** Open cases by the nearer deadline (the queue index's expression). Compiled by the bench too. */
export function agencyQueueQuery(db: Kysely<Database>, f: AgencyQueueFilter, opts: { limit: number; after?: [string, string] }) {
  const due = sql<string>`least(a.statutory_due_at, a.promised_due_at)`;
  let q = base(db, f)
    .innerJoin('agency_types as t', (j) => j.onRef('t.tenant_id', '=', 'a.tenant_id').onRef('t.id', '=', 'a.type_id'))
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .leftJoin('users as u', 'u.id', 'w.assignee_id')
    .select([
      'a.item_id', 'w.number', 'w.title', 'w.status', 'w.enterprise_id', 'e.name as enterprise_name', 'w.station_id', 'a.type_id', 't.name as type_name',
      'a.step', 'a.department', 'a.department_ref', 'a.statutory_due_at', 'a.promised_due_at', 'w.assignee_id', 'u.display_name as assignee_name',
    ])
    .select(due.as('due_at'))
    .orderBy(due)
    .orderBy('a.item_id')
    .limit(opts.limit + 1);
  if (opts.after) q = q.where(sql<boolean>`(least(a.statutory_due_at, a.promised_due_at), a.item_id) > (${opts.after[0]}::timestamptz, ${opts.after[1]}::uuid)`);
  return q;
}

/** Open cases per step and per type, for the same scope (the queue's header). */
export async function agencyQueueCounts(db: Kysely<Database>, f: AgencyQueueFilter) {
  const rows = await base(db, f)
    .select(['a.step', 'a.type_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['a.step', 'a.type_id'])
    .execute();
  const byStep: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const r of rows) {
    byStep[r.step] = (byStep[r.step] ?? 0) + Number(r.n);
    byType[r.type_id] = (byType[r.type_id] ?? 0) + Number(r.n);
  }
  return { byStep, byType };
}
