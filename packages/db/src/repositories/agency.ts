import { sql, type Kysely } from 'kysely';
import type { AgencyStep, Database } from '../schema.ts';

export interface AgencyQueueFilter {
  stationIds: readonly string[] | null;
  enterpriseId?: string;
  /**
   * One step of the open cases; `done` lists instead the cases done and approved whose permit the
   * enterprise has not collected yet (办结待取件). Without a step: every open case.
   */
  step?: AgencyStep | undefined;
  typeId?: string | undefined;
  department?: string;
  /** Only these cases (the ones picked on the queue page for a handover sheet). */
  itemIds?: readonly string[];
}

const NIL = '00000000-0000-0000-0000-000000000000';

function base(db: Kysely<Database>, f: AgencyQueueFilter) {
  let q = db
    .selectFrom('agency_cases as a')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'));
  // Each arm matches the predicate of its partial index (agency_cases_queue_idx, agency_cases_pickup_idx).
  if (f.step === 'done') q = q.where('a.step', '=', 'done').where('a.result', '=', 'approved').where('a.picked_up_at', 'is', null);
  else q = q.where('a.step', '<>', 'done');
  if (f.stationIds) q = q.where('w.station_id', 'in', f.stationIds.length ? [...f.stationIds] : [NIL]);
  if (f.enterpriseId) q = q.where('w.enterprise_id', '=', f.enterpriseId);
  if (f.step && f.step !== 'done') q = q.where('a.step', '=', f.step);
  if (f.typeId) q = q.where('a.type_id', '=', f.typeId);
  if (f.department) q = q.where('a.department', '=', f.department);
  if (f.itemIds) q = q.where('a.item_id', 'in', f.itemIds.length ? [...f.itemIds] : [NIL]);
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
      'a.step', 'a.department', 'a.department_ref', 'a.statutory_due_at', 'a.promised_due_at', 'a.done_at', 'w.assignee_id', 'u.display_name as assignee_name',
    ])
    .select(due.as('due_at'))
    .orderBy(due)
    .orderBy('a.item_id')
    .limit(opts.limit + 1);
  if (opts.after) q = q.where(sql<boolean>`(least(a.statutory_due_at, a.promised_due_at), a.item_id) > (${opts.after[0]}::timestamptz, ${opts.after[1]}::uuid)`);
  return q;
}

/**
 * Open cases per step and per type, for the same scope (the queue's header); under `done` the
 * cases waiting to be picked up (not counted per type: the types count the work still to do).
 */
export async function agencyQueueCounts(db: Kysely<Database>, f: AgencyQueueFilter) {
  const rows = await base(db, { ...f, step: undefined })
    .select(['a.step', 'a.type_id'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .groupBy(['a.step', 'a.type_id'])
    .execute();
  const pickUp = await base(db, { ...f, step: 'done' })
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const byStep: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const r of rows) {
    byStep[r.step] = (byStep[r.step] ?? 0) + Number(r.n);
    byType[r.type_id] = (byType[r.type_id] ?? 0) + Number(r.n);
  }
  if (Number(pickUp.n) > 0) byStep.done = Number(pickUp.n);
  return { byStep, byType };
}

/**
 * For each case, how many checklist entries have an accepted document and how many entries its
 * checklist has (the handover sheet's "materials" column).
 */
export async function agencyMaterialCounts(db: Kysely<Database>, itemIds: readonly string[]): Promise<Map<string, { accepted: number; entries: number }>> {
  const out = new Map<string, { accepted: number; entries: number }>();
  if (itemIds.length === 0) return out;
  const rows = await db
    .selectFrom('agency_cases as a')
    .innerJoin('agency_checklists as c', (j) => j.onRef('c.tenant_id', '=', 'a.tenant_id').onRef('c.id', '=', 'a.checklist_id'))
    .select('a.item_id')
    .select(sql<number>`jsonb_array_length(c.items)`.as('entries'))
    .select((eb) =>
      eb
        .selectFrom('agency_materials as m')
        .select(sql<number>`count(distinct m.checklist_key)`.as('n'))
        .whereRef('m.tenant_id', '=', 'a.tenant_id')
        .whereRef('m.item_id', '=', 'a.item_id')
        .where('m.status', '=', 'accepted')
        .as('accepted'),
    )
    .where('a.item_id', 'in', [...itemIds])
    .execute();
  for (const r of rows) out.set(r.item_id, { accepted: Number(r.accepted ?? 0), entries: Number(r.entries) });
  return out;
}
