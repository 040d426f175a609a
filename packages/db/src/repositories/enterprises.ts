import { sql, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../schema.ts';
import type { Tx } from '../tenant.ts';

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

/** Filters as one reusable expression (Kysely recipe: reusable helpers). */
function matches(f: EnterpriseFilter) {
  return (eb: ExpressionBuilder<Database & { e: Database['enterprises'] }, 'e'>) => {
    const and: ReturnType<typeof eb.and>[] = [];
    const c = (x: unknown) => and.push(x as ReturnType<typeof eb.and>);
    if (f.stationIds) c(eb('e.station_id', 'in', f.stationIds.length ? [...f.stationIds] : [NIL]));
    if (f.enterpriseId) c(eb('e.id', '=', f.enterpriseId));
    if (f.stationId) c(eb('e.station_id', '=', f.stationId));
    if (f.buildingId) c(eb('e.building_id', '=', f.buildingId));
    if (f.status) c(eb('e.status', '=', f.status as never));
    if (f.industry) c(eb('e.industry', '=', f.industry));
    if (f.tagId) {
      c(
        eb.exists(
          eb
            .selectFrom('enterprise_tags as et')
            .select(sql.lit(1).as('x'))
            .whereRef('et.tenant_id', '=', 'e.tenant_id')
            .whereRef('et.enterprise_id', '=', 'e.id')
            .where('et.tag_id', '=', f.tagId),
        ),
      );
    }
    if (f.expiringWithinDays !== undefined) {
      c(
        eb.exists(
          eb
            .selectFrom('enterprise_documents as d')
            .select(sql.lit(1).as('x'))
            .whereRef('d.tenant_id', '=', 'e.tenant_id')
            .whereRef('d.enterprise_id', '=', 'e.id')
            .where('d.expires_on', '>=', f.today)
            .where('d.expires_on', '<=', sql<string>`${f.today}::date + ${f.expiringWithinDays}::int`),
        ),
      );
    }
    if (f.search?.kind === 'name') {
      const text = f.search.text.toLowerCase().replace(/\s+/g, '');
      c(sql<SqlBool>`e.name_grams @> sd_bigrams(${text})`);
      c(sql<SqlBool>`regexp_replace(lower(e.name || coalesce(e.name_en, '')), '\\s+', '', 'g') like ${`%${escapeLike(text)}%`}`);
    } else if (f.search?.kind === 'creditCode') {
      c(eb('e.credit_code', 'like', `${escapeLike(f.search.prefix)}%`));
    } else if (f.search?.kind === 'phone') {
      c(
        eb(
          'e.id',
          'in',
          eb
            .selectFrom('enterprise_contacts as ec')
            .select('ec.enterprise_id')
            .where('ec.phone_digits', 'like', `%${escapeLike(f.search.digits)}%`),
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

/** One page of the registry, keyset-paginated on (name, id) or (updated_at desc, id desc). */
export async function listEnterprises(trx: Tx, f: EnterpriseFilter, opts: { sort: EnterpriseSort; after?: EnterpriseCursor; limit: number }) {
  let q = trx
    .selectFrom('enterprises as e')
    .innerJoin('stations as s', (j) => j.onRef('s.tenant_id', '=', 'e.tenant_id').onRef('s.id', '=', 'e.station_id'))
    .innerJoin('buildings as b', (j) => j.onRef('b.tenant_id', '=', 'e.tenant_id').onRef('b.id', '=', 'e.building_id'))
    .select([
      'e.id',
      'e.name',
      'e.name_en',
      'e.credit_code',
      'e.station_id',
      's.name as station_name',
      's.name_en as station_name_en',
      'e.building_id',
      'b.name as building_name',
      'b.name_en as building_name_en',
      'e.floor',
      'e.room',
      'e.status',
      'e.industry',
      'e.employees',
      'e.updated_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('enterprise_contacts as ec')
        .select(sql<{ name: string; phone: string | null } | null>`json_build_object('name', ec.name, 'phone', ec.phone)`.as('c'))
        .whereRef('ec.tenant_id', '=', 'e.tenant_id')
        .whereRef('ec.enterprise_id', '=', 'e.id')
        .where('ec.is_primary', '=', true)
        .limit(1)
        .as('primary_contact'),
      eb
        .selectFrom('enterprise_documents as d')
        .select((x) => x.fn.min('d.expires_on').as('m'))
        .whereRef('d.tenant_id', '=', 'e.tenant_id')
        .whereRef('d.enterprise_id', '=', 'e.id')
        .where('d.expires_on', '>=', f.today)
        .as('next_expiry'),
      sql<{ id: string; name: string; color: string }[]>`coalesce((
        select json_agg(json_build_object('id', t.id, 'name', t.name, 'color', t.color) order by t.name)
          from enterprise_tags et join tags t on t.tenant_id = et.tenant_id and t.id = et.tag_id
         where et.tenant_id = e.tenant_id and et.enterprise_id = e.id), '[]')`.as('tags'),
    ])
    .where(matches(f))
    .limit(opts.limit + 1);
  if (opts.sort === 'name') {
    q = q.orderBy('e.name').orderBy('e.id');
    if (opts.after) q = q.where((eb) => eb(eb.refTuple('e.name', 'e.id'), '>', eb.tuple(opts.after!.key, opts.after!.id)));
  } else {
    q = q.orderBy('e.updated_at', 'desc').orderBy('e.id', 'desc');
    if (opts.after) q = q.where((eb) => eb(eb.refTuple('e.updated_at', 'e.id'), '<', eb.tuple(opts.after!.key, opts.after!.id)));
  }
  const rows = await q.execute();
  const more = rows.length > opts.limit;
  const items = more ? rows.slice(0, opts.limit) : rows;
  const last = items[items.length - 1];
  const next: EnterpriseCursor | null = more && last ? { key: opts.sort === 'name' ? last.name : last.updated_at, id: last.id } : null;
  return { items, next };
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
    .limit(opts.limit + 1);
  if (!opts.includeInternal) q = q.where('t.internal', '=', false);
  if (opts.before) q = q.where((eb) => eb(eb.refTuple('t.at', 't.ref_id'), '<', eb.tuple(opts.before!.at, opts.before!.id)));
  return q.execute();
}
