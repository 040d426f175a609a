import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { searchGrams, searchKey } from '@stationdesk/core';
import type { Database } from '../schema.ts';
import type { Tx } from '../tenant.ts';
import { cursorInstant } from '../cursor.ts';
import { pageLimit } from './page.ts';

export interface EnterpriseFilter {
  /** Restrict to these stations (staff scope); null = all of the tenant. */
  stationIds: readonly string[] | null;
  /** Restrict to one enterprise (an enterprise admin's scope). */
  enterpriseId?: string;
  stationId?: string;
  buildingId?: string;
  status?: string;
  tagId?: string;
  industry?: string;
  /** Has a document expiring between today and today + N days. */
  expiringWithinDays?: number;
  today: string;
  /** Name fragment (two characters or more), credit-code prefix, or phone digits. */
  search?: { kind: 'name'; text: string } | { kind: 'creditCode'; prefix: string } | { kind: 'phone'; digits: string };
}

export type EnterpriseSort = 'name' | 'updated';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * "Starts with", as a byte-wise range (~>=~ and ~<~, the text_pattern_ops operators): leakproof,
 * so an index can drive it under RLS. U+10FFFF encodes above every other UTF-8 character.
 */
function startsWith(column: string, prefix: string) {
  return sql<SqlBool>`${sql.ref(column)} ~>=~ ${prefix} and ${sql.ref(column)} ~<~ ${prefix + '\u{10FFFF}'}`;
}

/**
 * Filters as one reusable expression (Kysely recipe: reusable helpers). Every filter that must
 * use an index is an `id in (…)` over a side table with =, < or > only: under row-level
 * security Postgres lets nothing else drive an index scan.
 */
function matches(f: EnterpriseFilter) {
  return (eb: ExpressionBuilder<Database & { e: Database['enterprises'] }, 'e'>) => {
    const and: Expression<SqlBool>[] = [];
    if (f.stationIds) and.push(eb('e.station_id', 'in', f.stationIds.length ? [...f.stationIds] : [NIL]));
    if (f.enterpriseId) and.push(eb('e.id', '=', f.enterpriseId));
    if (f.stationId) and.push(eb('e.station_id', '=', f.stationId));
    if (f.buildingId) and.push(eb('e.building_id', '=', f.buildingId));
    if (f.status) and.push(eb('e.status', '=', f.status as never));
    if (f.industry) and.push(eb('e.industry', '=', f.industry));
    if (f.tagId) {
      and.push(eb('e.id', 'in', eb.selectFrom('enterprise_tags as et').select('et.enterprise_id').where('et.tag_id', '=', f.tagId)));
    }
    if (f.expiringWithinDays !== undefined) {
      and.push(
        eb(
          'e.id',
          'in',
          eb
            .selectFrom('enterprise_documents as d')
            .select('d.enterprise_id')
            .where('d.expires_on', '>=', f.today)
            .where('d.expires_on', '<=', sql<string>`${f.today}::date + ${f.expiringWithinDays}::int`),
        ),
      );
    }
    if (f.search?.kind === 'name') {
      const text = searchKey(f.search.text);
      // One `id in (…)` per gram: the planner can start from the rarest gram, or walk the name
      // order and probe (a common two-character fragment such as 科技 then stops after a page).
      const grams = searchGrams(text);
      // No gram would filter nothing: a text too short to search finds nothing, never everything.
      if (grams.length === 0) and.push(sql<SqlBool>`false`);
      for (const gram of grams) {
        and.push(eb('e.id', 'in', eb.selectFrom('enterprise_name_grams as g').select('g.enterprise_id').where('g.gram', '=', gram)));
      }
      // Two characters are one gram: the match is exact. Longer text also needs them in a row.
      if (grams.length > 1) and.push(sql<SqlBool>`regexp_replace(lower(normalize(e.name || coalesce(e.name_en, ''), NFKC)), '\\s+', '', 'g') like ${`%${escapeLike(text)}%`}`);
    } else if (f.search?.kind === 'creditCode') {
      and.push(startsWith('e.credit_code', f.search.prefix));
    } else if (f.search?.kind === 'phone') {
      // The digits a person remembers: the start of a number (area code, full mobile) or its end.
      const reversed = [...f.search.digits].reverse().join('');
      and.push(
        eb(
          'e.id',
          'in',
          eb
            .selectFrom('enterprise_contacts as ec')
            .select('ec.enterprise_id')
            .where(startsWith('ec.phone_digits', f.search.digits))
            .union(eb.selectFrom('enterprise_contacts as ec2').select('ec2.enterprise_id').where(startsWith('ec2.phone_digits_rev', reversed))),
        ),
      );
    }
    return eb.and(and);
  };
}

const NIL = '00000000-0000-0000-0000-000000000000';

export interface EnterpriseCursor {
  key: string;
  id: string;
}

export interface EnterprisePageOptions {
  sort: EnterpriseSort;
  after?: EnterpriseCursor;
  limit: number;
}

/**
 * The registry page query: only keys, so the walk stays inside the covering indexes (also
 * compiled by the bench for its floors: the very same SQL).
 */
export function enterpriseListQuery(trx: Kysely<Database>, f: EnterpriseFilter, opts: EnterprisePageOptions) {
  // Select only what the order needs (the sort key and id), so the walk can be index-only.
  const key = opts.sort === 'name' ? sql<string>`e.name` : cursorInstant('e.updated_at');
  let q = trx.selectFrom('enterprises as e').select(['e.id', key.as('sort_key')]).where(matches(f)).limit(pageLimit(opts.limit));
  if (opts.sort === 'name') {
    q = q.orderBy('e.name').orderBy('e.id');
    if (opts.after) q = q.where((eb) => eb(eb.refTuple('e.name', 'e.id'), '>', eb.tuple(opts.after!.key, opts.after!.id)));
  } else {
    q = q.orderBy('e.updated_at', 'desc').orderBy('e.id', 'desc');
    if (opts.after) q = q.where((eb) => eb(eb.refTuple('e.updated_at', 'e.id'), '<', eb.tuple(opts.after!.key, opts.after!.id)));
  }
  return q;
}

export interface EnterpriseListRow {
  id: string;
  name: string;
  name_en: string | null;
  credit_code: string;
  station_id: string;
  station_name: string;
  station_name_en: string | null;
  building_id: string;
  building_name: string;
  building_name_en: string | null;
  floor: string | null;
  room: string | null;
  status: string;
  industry: string | null;
  employees: number | null;
  updated_at: string;
  primary_contact: { name: string; phone: string | null } | null;
  next_expiry: string | null;
  tags: { id: string; name: string; color: string }[];
}

/** One page of the registry, keyset-paginated on (name, id) or (updated_at desc, id desc). */
export async function listEnterprises(trx: Tx, f: EnterpriseFilter, opts: EnterprisePageOptions) {
  const keys = await enterpriseListQuery(trx, f, opts).execute();
  const more = keys.length > opts.limit;
  const page = more ? keys.slice(0, opts.limit) : keys;
  const rows = await pageRows(trx, page.map((k) => k.id), f.today);
  const items = page.map((k) => rows.get(k.id)!).filter(Boolean);
  const last = page[page.length - 1];
  const next: EnterpriseCursor | null = more && last ? { key: last.sort_key, id: last.id } : null;
  return { items, next };
}

/**
 * The page's rows with what each shows beside its own columns — station and building names,
 * primary contact, next licence expiry, tags — in one statement: a handful of index scans over
 * the page's ids instead of sub-queries per row.
 */
async function pageRows(trx: Tx, ids: string[], today: string): Promise<Map<string, EnterpriseListRow>> {
  const out = new Map<string, EnterpriseListRow>();
  if (ids.length === 0) return out;
  const { rows } = await sql<{ k: 'e' | 'c' | 'd' | 't'; id: string; v: unknown }>`
    select 'e' as k, e.id, json_build_object(
        'id', e.id, 'name', e.name, 'name_en', e.name_en, 'credit_code', e.credit_code, 'station_id', e.station_id,
        'station_name', s.name, 'station_name_en', s.name_en, 'building_id', e.building_id, 'building_name', b.name,
        'building_name_en', b.name_en, 'floor', e.floor, 'room', e.room, 'status', e.status, 'industry', e.industry,
        'employees', e.employees, 'updated_at', e.updated_at) as v
      from enterprises e
      join stations s on s.tenant_id = e.tenant_id and s.id = e.station_id
      join buildings b on b.tenant_id = e.tenant_id and b.id = e.building_id
     where e.id = any(${ids}::uuid[])
    union all
    select 'c', ec.enterprise_id, json_build_object('name', ec.name, 'phone', ec.phone)
      from enterprise_contacts ec where ec.enterprise_id = any(${ids}::uuid[]) and ec.is_primary
    union all
    select 'd', d.enterprise_id, to_json(min(d.expires_on))
      from enterprise_documents d where d.enterprise_id = any(${ids}::uuid[]) and d.expires_on >= ${today}::date group by d.enterprise_id
    union all
    select 't', et.enterprise_id, json_agg(json_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
      from enterprise_tags et join tags t on t.tenant_id = et.tenant_id and t.id = et.tag_id
     where et.enterprise_id = any(${ids}::uuid[]) group by et.enterprise_id`.execute(trx);
  const extras = new Map<string, Pick<EnterpriseListRow, 'primary_contact' | 'next_expiry' | 'tags'>>();
  const extra = (id: string) => {
    let e = extras.get(id);
    if (!e) extras.set(id, (e = { primary_contact: null, next_expiry: null, tags: [] }));
    return e;
  };
  for (const r of rows) {
    if (r.k === 'e') {
      const v = r.v as Omit<EnterpriseListRow, 'primary_contact' | 'next_expiry' | 'tags'>;
      // json_build_object writes timestamps without the ISO 'Z': normalise like the pg parser does.
      out.set(r.id, { ...v, updated_at: new Date(v.updated_at).toISOString(), primary_contact: null, next_expiry: null, tags: [] });
    } else if (r.k === 'c') extra(r.id).primary_contact = r.v as EnterpriseListRow['primary_contact'];
    else if (r.k === 'd') extra(r.id).next_expiry = r.v as string;
    else extra(r.id).tags = r.v as EnterpriseListRow['tags'];
  }
  for (const [id, e] of extras) {
    const row = out.get(id);
    if (row) Object.assign(row, e);
  }
  return out;
}

export function getEnterprise(trx: Tx, id: string) {
  return trx
    .selectFrom('enterprises as e')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.id', '=', 'e.station_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.tenant_id', '=', 'e.tenant_id').onRef('b.id', '=', 'e.building_id'))
    .selectAll('e')
    .select(['s.name as station_name', 's.name_en as station_name_en', 'b.name as building_name', 'b.name_en as building_name_en'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export function listContacts(trx: Tx, enterpriseId: string) {
  return trx
    .selectFrom('enterprise_contacts')
    .select(['id', 'name', 'title', 'phone', 'email', 'is_primary'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('is_primary', 'desc')
    .orderBy('created_at')
    .execute();
}

export function listDocuments(trx: Tx, enterpriseId: string) {
  return trx
    .selectFrom('enterprise_documents as d')
    .leftJoin('files as f', (j) => j.onRef('f.tenant_id', '=', 'd.tenant_id').onRef('f.id', '=', 'd.file_id'))
    .select(['d.id', 'd.doc_type', 'd.number', 'd.issuer', 'd.issued_on', 'd.expires_on', 'd.file_id', 'd.updated_at'])
    .select(['f.original_name as file_name', 'f.content_type as file_type', 'f.size_bytes as file_size'])
    .where('d.enterprise_id', '=', enterpriseId)
    .orderBy('d.expires_on')
    .orderBy('d.created_at')
    .execute();
}

export function listEnterpriseTags(trx: Tx, enterpriseId: string) {
  return trx
    .selectFrom('enterprise_tags as et')
    .innerJoin('tags as t', (j) => j.onRef('t.tenant_id', '=', 'et.tenant_id').onRef('t.id', '=', 'et.tag_id'))
    .select(['t.id', 't.name', 't.color'])
    .where('et.enterprise_id', '=', enterpriseId)
    .orderBy('t.name')
    .execute();
}

export function listTags(trx: Tx) {
  return trx.selectFrom('tags').select(['id', 'name', 'color']).orderBy('name').execute();
}

export function timelinePage(trx: Tx, enterpriseId: string, opts: { includeInternal: boolean; before?: { at: string; id: string }; limit: number }) {
  let q = trx
    .selectFrom('enterprise_timeline as t')
    .leftJoin('users as u', 'u.id', 't.actor_id')
    .select(['t.at', 't.kind', 't.ref_id', 't.title', 't.detail', 't.actor_id', 'u.display_name as actor_name'])
    .where('t.enterprise_id', '=', enterpriseId)
    .orderBy('t.at', 'desc')
    .orderBy('t.ref_id', 'desc')
    .limit(pageLimit(opts.limit));
  // The enterprise's own view: no internal entries, and no patrol findings (the station's inspection records).
  if (!opts.includeInternal) q = q.where('t.internal', '=', false).where('t.kind', '<>', 'patrol');
  if (opts.before) q = q.where((eb) => eb(eb.refTuple('t.at', 't.ref_id'), '<', eb.tuple(opts.before!.at, opts.before!.id)));
  return q.execute();
}
