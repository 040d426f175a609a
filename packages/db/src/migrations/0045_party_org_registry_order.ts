import { sql, type Kysely } from 'kysely';

/**
 * The party organisations registry is read a keyset page at a time (issue 20), by type, name and
 * id, from the `party_organisations` view (migration 0033): the registry's own rows and the
 * enterprise files' branches, merged in that order. The registry's side gets an index in that
 * order, so its part of a page is an index range from the cursor on. The enterprise side's type is
 * a constant and its name an expression, which no index of enterprises serves in a row
 * comparison (checked with EXPLAIN): it is the tenant's enterprises with a branch, a few hundred
 * rows, filtered and sorted as they are read.
 *
 * An activity's poster is an uploaded file (issue 20): opening a file asks which activity shows
 * it, so the activities are indexed by their poster.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index party_orgs_registry_order_idx on party_orgs (tenant_id, type, name, id);
    create index party_activities_poster_idx on party_activities (tenant_id, poster_file_id) where poster_file_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists party_activities_poster_idx;
    drop index if exists party_orgs_registry_order_idx;
  `.execute(db);
}
