import { sql, type Kysely } from 'kysely';

/**
 * The party organisations registry is read a keyset page at a time (issue 20), by type, name and
 * id, from the `party_organisations` view (migration 0033): the registry's own rows and the
 * enterprise files' branches. Each side of the view gets an index in that order, so a page is a
 * merge of two index ranges from the cursor on, not a sort of the whole tenant's organisations.
 * The enterprise side's name is the view's expression (the branch's own name or the company's
 * with 党支部), indexed for the enterprises that have a branch only.
 *
 * An activity's poster is an uploaded file (issue 20): opening a file asks which activity shows
 * it, so the activities are indexed by their poster.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index party_orgs_registry_order_idx on party_orgs (tenant_id, type, name, id);
    create index enterprises_party_branch_order_idx on enterprises (tenant_id, (coalesce(party_branch_name, name || '党支部')), id) where has_party_branch;
    create index party_activities_poster_idx on party_activities (tenant_id, poster_file_id) where poster_file_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists party_activities_poster_idx;
    drop index if exists enterprises_party_branch_order_idx;
    drop index if exists party_orgs_registry_order_idx;
  `.execute(db);
}
