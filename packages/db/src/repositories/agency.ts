import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { AgencyStep, Database } from '../schema.ts';
import { cursorInstant } from '../cursor.ts';
import { pageLimit } from './page.ts';

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

type CaseBuilder = ExpressionBuilder<Database & { a: Database['agency_cases'] }, 'a'>;
type ItemBuilder = ExpressionBuilder<Database & { w: Database['work_items'] }, 'w'>;

/**
 * The case's own filters. Each step arm matches the predicate of its partial index
 * (agency_cases_open_idx and _open_step_idx, agency_cases_pickup_idx), all on plain columns.
 */
function caseMatches(f: AgencyQueueFilter) {
  return (eb: CaseBuilder) => {
    const and: Expression<SqlBool>[] = [];
    // Literals, not parameters: a generic plan still proves the partial index's predicate.
    if (f.step === 'done') and.push(eb('a.step', '=', sql.lit('done')), eb('a.result', '=', sql.lit('approved')), eb('a.picked_up_at', 'is', null));
    else and.push(eb('a.step', '<>', sql.lit('done')));
    if (f.step && f.step !== 'done') and.push(eb('a.step', '=', f.step));
    if (f.typeId) and.push(eb('a.type_id', '=', f.typeId));
    if (f.department) and.push(eb('a.department', '=', f.department));
    if (f.itemIds) and.push(eb('a.item_id', 'in', f.itemIds.length ? [...f.itemIds] : [NIL]));
    return eb.and(and);
  };
}

/** The reader's scope, on the case's work item: its stations, or its enterprise. */
function itemMatches(f: AgencyQueueFilter) {
  return (eb: ItemBuilder) => {
    const and: Expression<SqlBool>[] = [];
    if (f.stationIds) and.push(eb('w.station_id', 'in', f.stationIds.length ? [...f.stationIds] : [NIL]));
    if (f.enterpriseId) and.push(eb('w.enterprise_id', '=', f.enterpriseId));
    return eb.and(and);
  };
}

const scoped = (f: AgencyQueueFilter) => Boolean(f.stationIds || f.enterpriseId);

/**
 * The cases of the filter without their rows: a manager's tenant-wide counts read the open-case
 * index alone; a scoped reader's go through the work items of that scope.
 */
function casesOf(db: Kysely<Database>, f: AgencyQueueFilter) {
  return db
    .selectFrom('agency_cases as a')
    .where(caseMatches(f))
    .$if(scoped(f), (q) => q.where('a.item_id', 'in', db.selectFrom('work_items as w').select('w.id').where(itemMatches(f))));
}

/**
 * An instant as the app writes it (client.ts: ISO 8601 in UTC, milliseconds), made by Postgres: the
 * page comes back as JSON, and parsing Postgres' own JSON timestamps in Node cost more than the query.
 */
function isoUtc<T extends string | null>(column: 'a.statutory_due_at' | 'a.promised_due_at' | 'a.due_at' | 'a.done_at') {
  return sql<T>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * Open cases by the nearer deadline (the stored `due_at`), keyset after `after`. The names come from
 * one-row subqueries rather than joins: planning a five-table join took longer than running it.
 */
export function agencyQueueQuery(db: Kysely<Database>, f: AgencyQueueFilter, opts: { limit: number; after?: [string, string] }) {
  const after = opts.after;
  return db
    .selectFrom('agency_cases as a')
    .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'))
    .select((eb) => [
      'a.item_id', 'w.number', 'w.title', 'w.status', 'w.enterprise_id', 'w.station_id', 'a.type_id', 'a.step', 'a.department', 'a.department_ref',
      isoUtc<string>('a.statutory_due_at').as('statutory_due_at'),
      isoUtc<string>('a.promised_due_at').as('promised_due_at'),
      isoUtc<string>('a.due_at').as('due_at'),
      // The keyset's exact value (microseconds), for the cursor: a deadline stored more precisely
      // than the milliseconds above must not bring its row back on the next page.
      cursorInstant('a.due_at').as('due_key'),
      isoUtc<string | null>('a.done_at').as('done_at'),
      'w.assignee_id',
      eb.selectFrom('enterprises as e').select('e.name').whereRef('e.tenant_id', '=', 'w.tenant_id').whereRef('e.id', '=', 'w.enterprise_id').as('enterprise_name'),
      // Every case has its type (foreign key): never null.
      eb.selectFrom('agency_types as t').select('t.name').whereRef('t.tenant_id', '=', 'a.tenant_id').whereRef('t.id', '=', 'a.type_id').$asScalar().as('type_name'),
      eb.selectFrom('users as u').select('u.display_name').whereRef('u.id', '=', 'w.assignee_id').as('assignee_name'),
    ])
    .where(caseMatches(f))
    .$if(scoped(f), (q) => q.where(itemMatches(f)))
    .$if(Boolean(after), (q) => q.where(sql<SqlBool>`(a.due_at, a.item_id) > (${after?.[0]}::timestamptz, ${after?.[1]}::uuid)`))
    .orderBy('a.due_at')
    .orderBy('a.item_id')
    .limit(pageLimit(opts.limit));
}

/**
 * The queue page in one statement (one round trip): the page of `f` (limit + 1 rows, the extra one
 * telling there is more), the open cases per step and type, and the cases waiting to be picked up
 * (办结待取件) — the counts for the reader's scope, whatever step or type the page shows.
 */
export function agencyQueuePageQuery(db: Kysely<Database>, f: AgencyQueueFilter, opts: { limit: number; after?: [string, string] }) {
  const scope: AgencyQueueFilter = { ...f, step: undefined, typeId: undefined };
  return db.selectNoFrom((eb) => [
    jsonArrayFrom(agencyQueueQuery(db, f, opts)).as('items'),
    jsonArrayFrom(casesOf(db, scope).select(['a.step', 'a.type_id']).select(eb.fn.countAll<number>().as('n')).groupBy(['a.step', 'a.type_id'])).as('counts'),
    casesOf(db, { ...scope, step: 'done' }).select(eb.fn.countAll<number>().as('n')).as('pick_up'),
  ]);
}

/** One case of the queue as the queries give it (instants as ISO strings, like every other column). */
export type AgencyQueueRecord = Awaited<ReturnType<ReturnType<typeof agencyQueueQuery>['execute']>>[number];

/** Runs agencyQueuePageQuery: the page's rows, and the counts per step (办结 = to be picked up) and per type. */
export async function agencyQueuePage(db: Kysely<Database>, f: AgencyQueueFilter, opts: { limit: number; after?: [string, string] }) {
  const r = await agencyQueuePageQuery(db, f, opts).executeTakeFirstOrThrow();
  const rows: AgencyQueueRecord[] = r.items;
  const byStep: Record<string, number> = {};
  const byType: Record<string, number> = {};
  for (const c of r.counts) {
    byStep[c.step] = (byStep[c.step] ?? 0) + Number(c.n);
    byType[c.type_id] = (byType[c.type_id] ?? 0) + Number(c.n);
  }
  const pickUp = Number(r.pick_up ?? 0);
  if (pickUp > 0) byStep.done = pickUp;
  return { rows, byStep, byType };
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
