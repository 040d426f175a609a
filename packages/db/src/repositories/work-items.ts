import { sql, type Kysely, type SqlBool } from 'kysely';
import { finishedStatuses, searchGrams, searchKey, toDoStatuses } from '@stationdesk/core';
import type { Database, WorkItemKind, WorkItemStatusColumn } from '../schema.ts';
import { pageLimit } from './page.ts';

export interface WorkItemFilter {
  /** Staff scope: these stations only; null = the whole tenant. */
  stationIds: readonly string[] | null;
  enterpriseId?: string;
  kind?: WorkItemKind;
  /** Kinds left out (an enterprise admin never lists patrol findings). */
  hiddenKinds?: readonly WorkItemKind[];
  status?: WorkItemStatusColumn;
  priority?: 'urgent' | 'normal' | 'low';
  assignee?: { id: string } | 'none';
  /** Open items past their resolution due time (instant as ISO string). */
  overdueAt?: string;
  /** A whole number (ZX-2026-000123) or a fragment of the title (two characters or more). */
  text?: { kind: 'number'; number: string } | { kind: 'title'; fragment: string };
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type WorkItemView = 'queue' | 'all';

const NIL = '00000000-0000-0000-0000-000000000000';

/**
 * The to-do queue (what the scope's stations owe work on, by what is due first: walks the partial
 * to-do index) or the whole list (newest first). Also compiled by the bench for its floors — the
 * same SQL.
 */
export function workItemListQuery(
  db: Kysely<Database>,
  f: WorkItemFilter,
  opts: { view: WorkItemView; after?: [string | null, string]; limit: number },
) {
  let q = db
    .selectFrom('work_items as w')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'w.tenant_id').onRef('s.id', '=', 'w.station_id'))
    .leftJoin('enterprises as e', (j) => j.onRef('e.tenant_id', '=', 'w.tenant_id').onRef('e.id', '=', 'w.enterprise_id'))
    .leftJoin('users as u', 'u.id', 'w.assignee_id')
    .select([
      'w.id', 'w.number', 'w.kind', 'w.title', 'w.status', 'w.priority', 'w.channel', 'w.category', 'w.station_id', 's.name as station_name',
      'w.enterprise_id', 'e.name as enterprise_name', 'w.assignee_id', 'u.display_name as assignee_name', 'w.created_at',
      'w.first_contact_due_at', 'w.first_contact_at', 'w.resolution_due_at', 'w.resolved_at', 'w.chase_level', 'w.extension_requested_at', 'w.version',
      'w.calendar_missing_years',
    ])
    .limit(pageLimit(opts.limit));
  if (f.stationIds) q = q.where('w.station_id', 'in', f.stationIds.length ? [...f.stationIds] : [NIL]);
  if (f.enterpriseId) q = q.where('w.enterprise_id', '=', f.enterpriseId);
  if (f.kind) q = q.where('w.kind', '=', f.kind);
  if (f.hiddenKinds?.length) q = q.where('w.kind', 'not in', [...f.hiddenKinds]);
  if (f.status) q = q.where('w.status', '=', f.status);
  if (f.priority) q = q.where('w.priority', '=', f.priority);
  if (f.assignee === 'none') q = q.where('w.assignee_id', 'is', null);
  else if (f.assignee) q = q.where('w.assignee_id', '=', f.assignee.id);
  if (f.overdueAt) q = q.where('w.resolution_due_at', '<', f.overdueAt).where('w.status', 'not in', finishedStatuses);
  if (f.text?.kind === 'number') q = q.where('w.number', '=', f.text.number);
  else if (f.text?.kind === 'title') {
    // The same normalisation as sd_bigrams: lower case, no whitespace, grams by code point.
    const text = searchKey(f.text.fragment);
    const grams = searchGrams(text);
    // No gram would filter nothing: a text too short to search finds nothing, never everything.
    if (grams.length === 0) q = q.where(sql<SqlBool>`false`);
    // One `id in (…)` per gram (equality lookups, which row-level security lets use the index).
    for (const gram of grams) q = q.where('w.id', 'in', (eb) => eb.selectFrom('work_item_title_grams as g').select('g.item_id').where('g.gram', '=', gram));
    // Two characters are one gram: the match is exact. Longer text also needs them in a row.
    if (grams.length > 1) q = q.where(sql<SqlBool>`regexp_replace(lower(normalize(w.title, NFKC)), '\\s+', '', 'g') like ${`%${escapeLike(text)}%`}`);
  }
  const after = opts.after;
  if (opts.view === 'queue') {
    // What the station still owes work on, most overdue first, then by due time. Literals, not
    // parameters: a prepared statement's generic plan can then use the partial to-do indexes.
    q = q.where(sql<SqlBool>`w.status in (${sql.join(toDoStatuses.map((s) => sql.lit(s)))})`).orderBy('w.resolution_due_at').orderBy('w.id');
    if (after) q = q.where((eb) => eb(eb.refTuple('w.resolution_due_at', 'w.id'), '>', eb.tuple(after[0] as string, after[1])));
  } else {
    q = q.orderBy('w.created_at', 'desc').orderBy('w.id', 'desc');
    if (after) q = q.where((eb) => eb(eb.refTuple('w.created_at', 'w.id'), '<', eb.tuple(after[0] as string, after[1])));
  }
  return q;
}
