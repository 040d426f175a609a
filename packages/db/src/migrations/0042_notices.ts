import { sql, type Kysely } from 'kysely';

/**
 * Policy notices (政策推送, issue 22).
 *
 * - `notices`: title, body (plain text, line breaks kept), effective date, audience (all
 *   enterprises / a station / an industry / a tag), status draft → published → archived, who
 *   published it and when.
 * - `notice_files`: the notice's attachments (files of purpose 'attachment').
 * - `notice_recipients`: the audience resolved when the notice was published — one row per
 *   enterprise it reached. Resolved once on purpose: a tag taken off or an industry corrected later
 *   does not rewrite who received the notice, nor the receipts counted against it.
 *   `emailed_at`: the worker's mark that the enterprise's admins were e-mailed (a second run skips it).
 * - `notice_receipts`: one per recipient enterprise — the first of its admins to open the notice.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notices (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      title text not null check (length(title) between 1 and 120),
      body text not null default '' check (length(body) <= 20000),
      effective_on date,
      audience text not null check (audience in ('all', 'station', 'industry', 'tag')),
      audience_station_id uuid,
      audience_industry text check (length(audience_industry) between 1 and 100),
      audience_tag_id uuid,
      status text not null default 'draft' check (status in ('draft', 'published', 'archived')),
      version integer not null default 1,
      recipients integer not null default 0,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      published_at timestamptz,
      published_by uuid references users (id),
      archived_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, audience_station_id) references stations (tenant_id, id),
      foreign key (tenant_id, audience_tag_id) references tags (tenant_id, id),
      check ((audience = 'station') = (audience_station_id is not null)),
      check ((audience = 'industry') = (audience_industry is not null)),
      check ((audience = 'tag') = (audience_tag_id is not null)),
      check ((status = 'draft') = (published_at is null))
    );
    -- The lists: newest first (published, else created), per status.
    create index notices_list_idx on notices (tenant_id, (coalesce(published_at, created_at)) desc, id desc);

    create table notice_files (
      tenant_id uuid not null,
      notice_id uuid not null,
      file_id uuid not null,
      position integer not null default 0,
      primary key (tenant_id, notice_id, file_id),
      foreign key (tenant_id, notice_id) references notices (tenant_id, id) on delete cascade,
      foreign key (tenant_id, file_id) references files (tenant_id, id)
    );
    create index notice_files_file_idx on notice_files (tenant_id, file_id);

    create table notice_recipients (
      tenant_id uuid not null,
      notice_id uuid not null,
      enterprise_id uuid not null,
      emailed_at timestamptz,
      primary key (tenant_id, notice_id, enterprise_id),
      foreign key (tenant_id, notice_id) references notices (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id)
    );
    -- An enterprise's notices (the portal); a notice's recipients are its primary key's prefix.
    create index notice_recipients_enterprise_idx on notice_recipients (tenant_id, enterprise_id, notice_id);

    create table notice_receipts (
      tenant_id uuid not null,
      notice_id uuid not null,
      enterprise_id uuid not null,
      read_by uuid not null references users (id),
      read_at timestamptz not null default now(),
      primary key (tenant_id, notice_id, enterprise_id),
      foreign key (tenant_id, notice_id, enterprise_id) references notice_recipients (tenant_id, notice_id, enterprise_id)
    );
  `.execute(db);

  for (const table of ['notices', 'notice_files', 'notice_recipients', 'notice_receipts']) {
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
  await sql`drop table notice_receipts, notice_recipients, notice_files, notices`.execute(db);
}
