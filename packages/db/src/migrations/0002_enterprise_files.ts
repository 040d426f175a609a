import { sql, type Kysely } from 'kysely';

/**
 * 一企一档: the full enterprise file (extends the foundation's minimal row), contacts, documents
 * with their uploaded files, tags, change proposals from enterprise admins, imports, and the
 * timeline view every later kind plugs into. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Overlapping two-character grams of a text: what lets a two-character Chinese fragment use an
    -- index (pg_trgm needs three characters and skips CJK under the C locale).
    create or replace function sd_bigrams(t text) returns text[] language sql immutable parallel safe as $$
      select coalesce(array_agg(distinct substr(s, i, 2)), '{}')
        from (select lower(regexp_replace(coalesce(t, ''), '\\s+', '', 'g')) as s) x,
             generate_series(1, greatest(length(x.s) - 1, 0)) i
    $$;

    alter table enterprises
      add column name_en text check (length(name_en) <= 300),
      add column legal_representative text check (length(legal_representative) <= 100),
      add column registered_capital_wan numeric(14, 4) check (registered_capital_wan >= 0),
      add column industry text check (industry ~ '^[A-T]$'),
      add column established_on date,
      add column employees integer check (employees between 0 and 1000000),
      add column floor text check (length(floor) <= 20),
      add column room text check (length(room) <= 40),
      add column status text not null default 'active' check (status in ('active', 'moving_out', 'moved_out', 'deregistered')),
      add column moved_in_on date,
      add column moving_out_on date,
      add column moved_out_on date,
      add column deregistered_on date,
      add column has_party_branch boolean not null default false,
      add column party_branch_name text check (length(party_branch_name) <= 200),
      add column party_members integer check (party_members between 0 and 100000),
      add column party_secretary text check (length(party_secretary) <= 100),
      add column notes text check (length(notes) <= 10000),
      add column version integer not null default 1;

    /*
     * The name search index: one row per (two-character gram, enterprise). A table with equality
     * lookups rather than a GIN index because row-level security lets only leakproof operators
     * (=, <, >) drive an index scan; @> and LIKE would force a scan of the whole tenant.
     */
    create table enterprise_name_grams (
      tenant_id uuid not null,
      gram text not null,
      enterprise_id uuid not null,
      primary key (tenant_id, gram, enterprise_id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id) on delete cascade
    );

    create or replace function sd_enterprise_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.name is not distinct from old.name and new.name_en is not distinct from old.name_en then return new; end if;
        delete from enterprise_name_grams where tenant_id = new.tenant_id and enterprise_id = new.id;
      end if;
      insert into enterprise_name_grams (tenant_id, gram, enterprise_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.name || ' ' || coalesce(new.name_en, ''))) g
        on conflict do nothing;
      return new;
    end $$;
    create trigger enterprise_grams after insert or update of name, name_en on enterprises
      for each row execute function sd_enterprise_grams();
    -- The registry list walks these in order and filters inside the index (covering columns), so
    -- a page costs index reads until fifty rows match; only those fifty rows are fetched.
    create index enterprises_name_idx on enterprises (tenant_id, name, id) include (station_id, building_id, status, industry);
    create index enterprises_station_name_idx on enterprises (tenant_id, station_id, name, id) include (building_id, status, industry);
    create index enterprises_updated_idx on enterprises (tenant_id, updated_at desc, id desc) include (name, station_id, building_id, status, industry);
    create index enterprises_building_idx on enterprises (tenant_id, building_id);
    create index enterprises_credit_code_prefix_idx on enterprises (tenant_id, credit_code text_pattern_ops);

    create table enterprise_contacts (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      enterprise_id uuid not null,
      name text not null check (length(name) between 1 and 100),
      title text check (length(title) <= 100),
      phone text check (length(phone) <= 40),
      phone_digits text generated always as (regexp_replace(coalesce(phone, ''), '\\D', '', 'g')) stored,
      -- Reversed, so "the last digits" is a prefix range too (range operators are leakproof).
      phone_digits_rev text generated always as (reverse(regexp_replace(coalesce(phone, ''), '\\D', '', 'g'))) stored,
      email text check (length(email) <= 254),
      is_primary boolean not null default false,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id) on delete cascade
    );
    create index enterprise_contacts_enterprise_idx on enterprise_contacts (tenant_id, enterprise_id);
    create unique index enterprise_contacts_one_primary on enterprise_contacts (tenant_id, enterprise_id) where is_primary;
    create index enterprise_contacts_phone_idx on enterprise_contacts (tenant_id, phone_digits text_pattern_ops);
    create index enterprise_contacts_phone_rev_idx on enterprise_contacts (tenant_id, phone_digits_rev text_pattern_ops);

    -- Every uploaded file, whatever it belongs to; the bytes live in the storage backend.
    create table files (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      storage_key text not null,
      original_name text not null check (length(original_name) between 1 and 255),
      content_type text not null,
      size_bytes bigint not null check (size_bytes >= 0),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      purpose text not null check (purpose in ('enterprise_document', 'import', 'export', 'attachment')),
      uploaded_by uuid,
      enterprise_id uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, storage_key),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id)
    );
    create index files_enterprise_idx on files (tenant_id, enterprise_id);

    create table enterprise_documents (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      enterprise_id uuid not null,
      doc_type text not null check (doc_type in ('business_licence', 'lease', 'fire_safety', 'food_business', 'tax_registration', 'environmental', 'other')),
      number text check (length(number) <= 100),
      issuer text check (length(issuer) <= 200),
      issued_on date,
      expires_on date,
      file_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id) on delete cascade,
      foreign key (tenant_id, file_id) references files (tenant_id, id),
      check (expires_on is null or issued_on is null or expires_on >= issued_on)
    );
    create index enterprise_documents_enterprise_idx on enterprise_documents (tenant_id, enterprise_id);
    create index enterprise_documents_expiry_idx on enterprise_documents (tenant_id, expires_on, enterprise_id) where expires_on is not null;

    create table tags (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      name text not null check (length(name) between 1 and 40),
      color text not null default 'slate' check (color in ('slate', 'red', 'amber', 'green', 'blue', 'violet')),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, name)
    );

    create table enterprise_tags (
      tenant_id uuid not null,
      enterprise_id uuid not null,
      tag_id uuid not null,
      primary key (tenant_id, enterprise_id, tag_id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id) on delete cascade,
      foreign key (tenant_id, tag_id) references tags (tenant_id, id) on delete cascade
    );
    create index enterprise_tags_tag_idx on enterprise_tags (tenant_id, tag_id, enterprise_id);

    -- What an enterprise admin proposes for its own file; staff approve (applied) or reject (reason).
    create table enterprise_change_requests (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      enterprise_id uuid not null,
      kind text not null check (kind in ('contact_add', 'contact_update', 'contact_remove', 'document_add', 'document_update')),
      target_id uuid,
      payload jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
      proposed_by uuid not null,
      proposed_at timestamptz not null default now(),
      reviewed_by uuid,
      reviewed_at timestamptz,
      review_reason text check (length(review_reason) <= 1000),
      primary key (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id) on delete cascade,
      check ((status = 'rejected') = (review_reason is not null))
    );
    create index enterprise_change_requests_pending_idx on enterprise_change_requests (tenant_id, status, proposed_at) where status = 'pending';
    create index enterprise_change_requests_enterprise_idx on enterprise_change_requests (tenant_id, enterprise_id, proposed_at desc);

    -- An uploaded spreadsheet between preview and commit.
    create table enterprise_imports (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      file_id uuid not null,
      created_by uuid not null,
      status text not null default 'previewed' check (status in ('previewed', 'committing', 'committed', 'failed')),
      total_rows integer not null,
      valid_rows integer not null,
      processed_rows integer not null default 0,
      created_count integer,
      updated_count integer,
      error text,
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, file_id) references files (tenant_id, id)
    );

    -- The CASE keeps the cast from ever seeing another subject's id.
    create index audit_log_enterprise_idx on audit_log
      (tenant_id, (case when subject_type = 'enterprise' then subject_id::uuid end), at desc)
      where subject_type = 'enterprise';
  `.execute(db);

  for (const table of ['enterprise_name_grams', 'enterprise_contacts', 'files', 'enterprise_documents', 'tags', 'enterprise_tags', 'enterprise_change_requests', 'enterprise_imports']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  /*
   * The enterprise timeline: one shape for everything that happens to an enterprise. Later kinds
   * (consultations, agency cases, disputes, patrol findings, events) redefine this view with one
   * more UNION ALL branch; the page and the query never change. security_invoker: RLS applies.
   * `internal` rows are hidden from enterprise admins.
   */
  await sql`
    create view enterprise_timeline with (security_invoker = true) as
      select a.tenant_id, (case when a.subject_type = 'enterprise' then a.subject_id::uuid end) as enterprise_id, a.at, 'file_change'::text as kind,
             a.id as ref_id, a.action as title, a.data as detail, a.actor_user_id as actor_id,
             coalesce((a.data ->> 'internal')::boolean, false) as internal
        from audit_log a
       where a.subject_type = 'enterprise'
      union all
      select r.tenant_id, r.enterprise_id, r.proposed_at, 'change_request', r.id, 'enterprise.change.' || r.kind,
             jsonb_build_object('status', r.status, 'payload', r.payload, 'reason', r.review_reason), r.proposed_by, false
        from enterprise_change_requests r;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop view if exists enterprise_timeline;
    drop table if exists enterprise_imports, enterprise_change_requests, enterprise_tags, tags, enterprise_documents, files, enterprise_contacts, enterprise_name_grams cascade;
    drop function if exists sd_enterprise_grams() cascade;
    drop index if exists audit_log_enterprise_idx;
    alter table enterprises drop column if exists name_en, drop column if exists legal_representative,
      drop column if exists registered_capital_wan, drop column if exists industry, drop column if exists established_on,
      drop column if exists employees, drop column if exists floor, drop column if exists room, drop column if exists status,
      drop column if exists moved_in_on, drop column if exists moving_out_on, drop column if exists moved_out_on,
      drop column if exists deregistered_on, drop column if exists has_party_branch, drop column if exists party_branch_name,
      drop column if exists party_members, drop column if exists party_secretary, drop column if exists notes, drop column if exists version;
    drop function if exists sd_bigrams(text);
  `.execute(db);
}
