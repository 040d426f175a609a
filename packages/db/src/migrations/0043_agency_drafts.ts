import { sql, type Kysely } from 'kysely';

/**
 * Permit requests from the portal (issue 22): an enterprise admin prepares an agency case as a
 * draft — a type, the checklist version it was shown, the files uploaded against each checklist
 * point — comes back to it, and submits it; only then is a work item opened (numbered, on the
 * station's queue and its deadlines), so a draft never counts anywhere. The draft keeps the case
 * it became (item_id). Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agency_drafts (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      enterprise_id uuid not null,
      type_id uuid not null,
      checklist_id uuid not null,
      description text not null default '' check (length(description) <= 20000),
      status text not null default 'draft' check (status in ('draft', 'submitted')),
      item_id uuid,
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id),
      foreign key (tenant_id, type_id) references agency_types (tenant_id, id),
      foreign key (tenant_id, checklist_id) references agency_checklists (tenant_id, id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id),
      check ((status = 'submitted') = (item_id is not null))
    );
    -- The company's open drafts, newest first (the portal's permit list and home).
    create index agency_drafts_enterprise_idx on agency_drafts (tenant_id, enterprise_id, updated_at desc) where status = 'draft';

    create table agency_draft_materials (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      draft_id uuid not null,
      checklist_key text not null check (length(checklist_key) <= 40),
      file_id uuid not null,
      uploaded_by uuid not null references users (id),
      uploaded_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, draft_id, file_id),
      foreign key (tenant_id, draft_id) references agency_drafts (tenant_id, id) on delete cascade,
      foreign key (tenant_id, file_id) references files (tenant_id, id)
    );
    create index agency_draft_materials_draft_idx on agency_draft_materials (tenant_id, draft_id, checklist_key, uploaded_at);
  `.execute(db);

  for (const table of ['agency_drafts', 'agency_draft_materials']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists agency_draft_materials, agency_drafts`.execute(db);
}
