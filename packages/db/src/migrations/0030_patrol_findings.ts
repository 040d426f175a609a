import { sql, type Kysely } from 'kysely';

/**
 * Patrol findings (巡查发现, issue 19): a finding is a work item of kind patrol (XC-…) with its
 * place — building, floor label, location —, category, tier, where it came from, its photos
 * before and after, its on-site verification (复查) and the dispute case it may have become.
 *
 * - Buildings may list their floor labels (B2, B1, 1F … — basements, skipped floors); without a
 *   list, a building with `floors` has 1F … nF (core's buildingFloorLabels).
 * - Categories are a tenant's overrides of the product's defaults, and its own ones (core's
 *   mergePatrolCategories): a tenant without rows has the seven defaults.
 * - Sources: staff, automatic (the rule engine: `rule_key` names the rule and its subject, at
 *   most one OPEN finding per key) and external (the intake endpoint: `external_id` is the
 *   sender's id, once per tenant and sender — `source_name`). `open` mirrors "not closed" of the
 *   item, kept by a trigger, so those keys can be unique among open findings.
 * - Photos are files of the new purpose `patrol_photo` (checked, re-encoded without their
 *   metadata on upload — ADR 015), linked to the finding with their phase.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Labels as core's isFloorLabel has them, each once.
    create function sd_floor_labels_ok(labels text[]) returns boolean language sql immutable as $$
      select cardinality(labels) between 1 and 300
         and (select bool_and(l ~ '^(B[1-9]|[1-9][0-9]{0,2}F|RF)$') and count(distinct l) = count(*) from unnest(labels) l)
    $$;
    alter table buildings add column floor_labels text[] check (floor_labels is null or sd_floor_labels_ok(floor_labels));

    alter table files drop constraint files_purpose_check;
    alter table files add constraint files_purpose_check
      check (purpose in ('enterprise_document', 'import', 'export', 'attachment', 'patrol_photo'));

    create table patrol_categories (
      tenant_id uuid not null references tenants (id),
      key text not null check (key ~ '^[a-z][a-z0-9_]{1,39}$'),
      -- Null on a default: its translated name is shown.
      name text check (length(name) between 1 and 40),
      name_en text check (length(name_en) between 1 and 60),
      labour boolean not null default false,
      active boolean not null default true,
      position integer not null check (position between 0 and 100000),
      updated_at timestamptz not null default now(),
      updated_by uuid,
      primary key (tenant_id, key),
      -- A tenant's own category has a name of its own.
      check (key !~ '^c_' or name is not null)
    );

    create table patrol_findings (
      tenant_id uuid not null,
      item_id uuid not null,
      building_id uuid not null,
      floor text check (floor ~ '^(B[1-9]|[1-9][0-9]{0,2}F|RF)$'),
      location text not null default '' check (length(location) <= 200),
      category text not null check (category ~ '^[a-z][a-z0-9_]{1,39}$'),
      tier text not null check (tier in ('red', 'yellow', 'blue')),
      source text not null check (source in ('staff', 'automatic', 'external')),
      -- The rule's or the sending system's name (staff findings: null).
      source_name text check (length(source_name) between 1 and 100),
      rule_key text check (length(rule_key) between 1 and 200),
      external_id text check (length(external_id) between 1 and 200),
      -- Not closed: mirrors the item's status (trigger below).
      open boolean not null default true,
      -- An automatic finding whose condition no longer holds (the rule engine says so).
      cleared_at timestamptz,
      dispute_item_id uuid,
      verification text check (verification in ('passed', 'failed')),
      verified_at timestamptz,
      verified_by uuid,
      verification_note text check (length(verification_note) <= 2000),
      created_at timestamptz not null default now(),
      primary key (tenant_id, item_id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id),
      foreign key (tenant_id, building_id) references buildings (tenant_id, id),
      foreign key (tenant_id, dispute_item_id) references work_items (tenant_id, id),
      unique (tenant_id, dispute_item_id),
      check ((source = 'automatic') = (rule_key is not null)),
      check ((source = 'external') = (external_id is not null)),
      check (source = 'staff' or source_name is not null),
      check ((verification is null) = (verified_at is null))
    );
    create unique index patrol_findings_open_rule_idx on patrol_findings (tenant_id, rule_key) where open and rule_key is not null;
    create unique index patrol_findings_external_idx on patrol_findings (tenant_id, source_name, external_id) where external_id is not null;
    create index patrol_findings_created_idx on patrol_findings (tenant_id, created_at desc, item_id desc);
    create index patrol_findings_place_idx on patrol_findings (tenant_id, building_id, floor);

    create table patrol_finding_photos (
      tenant_id uuid not null,
      file_id uuid not null,
      item_id uuid not null,
      phase text not null check (phase in ('before', 'after')),
      added_by uuid,
      added_at timestamptz not null default now(),
      primary key (tenant_id, file_id),
      foreign key (tenant_id, item_id) references patrol_findings (tenant_id, item_id),
      foreign key (tenant_id, file_id) references files (tenant_id, id)
    );
    create index patrol_finding_photos_item_idx on patrol_finding_photos (tenant_id, item_id, added_at);

    -- A finding is open while its item is not closed (a reopened one is open again).
    create function patrol_findings_sync_open() returns trigger language plpgsql as $$
    begin
      update patrol_findings set open = (new.status <> 'closed')
       where tenant_id = new.tenant_id and item_id = new.id and open is distinct from (new.status <> 'closed');
      return null;
    end $$;
    create trigger work_items_patrol_open after update of status on work_items
      for each row when (new.kind = 'patrol' and (old.status = 'closed') is distinct from (new.status = 'closed'))
      execute function patrol_findings_sync_open();
  `.execute(db);

  for (const table of ['patrol_categories', 'patrol_findings', 'patrol_finding_photos']) {
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
    drop trigger work_items_patrol_open on work_items;
    drop function patrol_findings_sync_open();
    drop table patrol_finding_photos, patrol_findings, patrol_categories;
    delete from files where purpose = 'patrol_photo';
    alter table files drop constraint files_purpose_check;
    alter table files add constraint files_purpose_check check (purpose in ('enterprise_document', 'import', 'export', 'attachment'));
    alter table buildings drop column floor_labels;
    drop function sd_floor_labels_ok(text[]);
  `.execute(db);
}
