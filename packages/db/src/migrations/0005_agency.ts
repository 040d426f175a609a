import { sql, type Kysely } from 'kysely';

/**
 * 代办: agency cases run on the work-order engine (kind 'agency'); this adds their case types with
 * versioned document checklists, the case's own steps beside the lifecycle, and the materials the
 * enterprise hands in. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table agency_types (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      code text not null check (code ~ '^[a-z0-9_-]{2,40}$'),
      name text not null check (length(name) between 1 and 60),
      name_en text check (length(name_en) <= 100),
      department text not null check (length(department) between 1 and 100),
      statutory_days integer not null check (statutory_days between 1 and 365),
      promised_days integer not null check (promised_days between 1 and 365),
      active boolean not null default true,
      current_checklist_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, code)
    );

    -- A checklist is never edited in place: a change is a new version, and an open case keeps
    -- the version it started with.
    create table agency_checklists (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      type_id uuid not null,
      version integer not null,
      items jsonb not null,
      created_at timestamptz not null default now(),
      created_by uuid,
      primary key (tenant_id, id),
      unique (tenant_id, type_id, version),
      foreign key (tenant_id, type_id) references agency_types (tenant_id, id)
    );
    alter table agency_types add foreign key (tenant_id, current_checklist_id) references agency_checklists (tenant_id, id);

    create table agency_cases (
      tenant_id uuid not null,
      item_id uuid not null,
      type_id uuid not null,
      checklist_id uuid not null,
      step text not null default 'materials' check (step in ('materials', 'precheck', 'submitted', 'under_review', 'done')),
      department text not null,
      department_ref text check (length(department_ref) <= 60),
      submitted_on date,
      statutory_due_at timestamptz not null,
      promised_due_at timestamptz not null,
      result text check (result in ('approved', 'rejected', 'withdrawn')),
      result_file_id uuid,
      done_at timestamptz,
      picked_up_at timestamptz,
      updated_at timestamptz not null default now(),
      primary key (tenant_id, item_id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id),
      foreign key (tenant_id, type_id) references agency_types (tenant_id, id),
      foreign key (tenant_id, checklist_id) references agency_checklists (tenant_id, id),
      foreign key (tenant_id, result_file_id) references files (tenant_id, id),
      check ((step = 'done') = (result is not null))
    );
    -- The tenant-wide queue: open cases by step and the nearer of their two deadlines.
    create index agency_cases_queue_idx on agency_cases (tenant_id, step, least(statutory_due_at, promised_due_at), item_id) where step <> 'done';
    create index agency_cases_type_idx on agency_cases (tenant_id, type_id, step);

    create table agency_materials (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      checklist_key text not null check (length(checklist_key) <= 40),
      file_id uuid not null,
      uploaded_by uuid not null,
      uploaded_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'accepted', 'rejected')),
      review_reason text check (length(review_reason) <= 1000),
      reviewed_by uuid,
      reviewed_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references agency_cases (tenant_id, item_id),
      foreign key (tenant_id, file_id) references files (tenant_id, id),
      check ((status = 'rejected') = (review_reason is not null))
    );
    create index agency_materials_item_idx on agency_materials (tenant_id, item_id, checklist_key, uploaded_at desc);
  `.execute(db);

  for (const table of ['agency_types', 'agency_checklists', 'agency_cases', 'agency_materials']) {
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
  await sql`
    alter table agency_types drop constraint if exists agency_types_tenant_id_current_checklist_id_fkey;
    drop table if exists agency_materials, agency_cases, agency_checklists, agency_types cascade;
  `.execute(db);
}
