import { sql, type Kysely } from 'kysely';

/**
 * Stations and buildings kept by the tenant's managers (issue 21).
 *
 * - A station can be deactivated (and reactivated): it leaves the pickers and new-item forms, its
 *   rows and history stay for the reports. `version` lets an edit form refuse a stale save.
 * - A building's floors are an ordered list of labels the manager writes: the canonical ones the
 *   patrol reads (B2, B1, 1F … RF, core's isFloorLabel) and, for what people actually call a
 *   floor, up to 8 characters of their own (12A for a skipped 13, M, 夹层). The floor columns of
 *   the patrol tables (migrations 0030, 0031) take such labels too; core's floorOfBuilding
 *   matches them. At most 200 floors.
 * - `buildings.version`: the edit and the move refuse a stale form.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table stations
      add column active boolean not null default true,
      add column deactivated_at timestamptz,
      add column version integer not null default 1,
      add column updated_at timestamptz not null default now(),
      add constraint stations_deactivated_check check (active = (deactivated_at is null));

    alter table buildings
      add column version integer not null default 1,
      add column updated_at timestamptz not null default now();

    -- A label: 1–8 characters without spaces, each once (core's floorListProblems says which).
    create or replace function sd_floor_labels_ok(labels text[]) returns boolean language sql immutable as $$
      select cardinality(labels) between 1 and 200
         and (select bool_and(length(l) between 1 and 8 and l !~ '[[:space:]]') and count(distinct l) = count(*) from unnest(labels) l)
    $$;
    create function sd_floor_label_ok(label text) returns boolean language sql immutable as $$
      select length(label) between 1 and 8 and label !~ '[[:space:]]'
    $$;
    alter table patrol_findings drop constraint patrol_findings_floor_check;
    alter table patrol_findings add constraint patrol_findings_floor_check check (sd_floor_label_ok(floor));
    alter table patrol_plan_floors drop constraint patrol_plan_floors_floor_check;
    alter table patrol_plan_floors add constraint patrol_plan_floors_floor_check check (sd_floor_label_ok(floor));
    alter table patrol_round_checks drop constraint patrol_round_checks_floor_check;
    alter table patrol_round_checks add constraint patrol_round_checks_floor_check check (sd_floor_label_ok(floor));

    -- The open items of a building (the move's preview and its "move along" update).
    create index work_items_building_open_idx on work_items (tenant_id, building_id) where status <> 'closed';
    -- The duty shifts of a post from a time on (a station's open shifts before deactivation).
    create index duty_shifts_post_end_idx on duty_shifts (tenant_id, post_id, ends_at) where status = 'open';
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  const canonical = sql.lit('^(B[1-9]|[1-9][0-9]{0,2}F|RF)$');
  await sql`
    drop index duty_shifts_post_end_idx;
    drop index work_items_building_open_idx;
    alter table patrol_round_checks drop constraint patrol_round_checks_floor_check;
    alter table patrol_round_checks add constraint patrol_round_checks_floor_check check (floor ~ ${canonical});
    alter table patrol_plan_floors drop constraint patrol_plan_floors_floor_check;
    alter table patrol_plan_floors add constraint patrol_plan_floors_floor_check check (floor ~ ${canonical});
    alter table patrol_findings drop constraint patrol_findings_floor_check;
    alter table patrol_findings add constraint patrol_findings_floor_check check (floor ~ ${canonical});
    drop function sd_floor_label_ok(text);
    create or replace function sd_floor_labels_ok(labels text[]) returns boolean language sql immutable as $$
      select cardinality(labels) between 1 and 300
         and (select bool_and(l ~ '^(B[1-9]|[1-9][0-9]{0,2}F|RF)$') and count(distinct l) = count(*) from unnest(labels) l)
    $$;
    alter table buildings drop column updated_at, drop column version;
    alter table stations
      drop constraint stations_deactivated_check,
      drop column updated_at,
      drop column version,
      drop column deactivated_at,
      drop column active;
  `.execute(db);
}
