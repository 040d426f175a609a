import { sql, type Kysely } from 'kysely';

/**
 * Patrol rounds (网格巡查, issue 19): a station's plans — which floors of which of its buildings,
 * how often, who walks them, a checklist managers edit — and the rounds the worker generates from
 * them, one per plan and day (unique, so generating again adds nothing), each walked floor by
 * floor: one check per floor and point, ticked OK or turned into a finding (a patrol work item).
 *
 * A round keeps the floors and points it was planned with (a plan edited later changes the
 * rounds to come, not the ones walked). A check carries the phone's id for it, so a check sent
 * twice (a retry, a queue replayed when the signal returns) is one row. Rounds remind their
 * assignee and the managers while unfinished: reminders may now speak of a round. Frozen once
 * released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table patrol_plans (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      station_id uuid not null,
      name text not null check (length(name) between 1 and 100),
      frequency text not null check (frequency in ('daily', 'weekly', 'working_days')),
      -- For weekly plans: 0 = Sunday … 6 = Saturday.
      weekdays smallint[] not null default '{}' check (weekdays <@ '{0,1,2,3,4,5,6}'::smallint[]),
      assignment text not null check (assignment in ('fixed', 'round_robin')),
      active boolean not null default true,
      starts_on date not null,
      -- The last local day the generator has written rounds for (null: none yet).
      generated_through date,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, station_id) references stations (tenant_id, id)
    );
    create index patrol_plans_station_idx on patrol_plans (tenant_id, station_id);
    create index patrol_plans_generate_idx on patrol_plans (tenant_id, generated_through) where active;

    create table patrol_plan_floors (
      tenant_id uuid not null,
      plan_id uuid not null,
      building_id uuid not null,
      -- A floor label as the findings have them (B1, 1F … RF, migration 0030).
      floor text not null check (floor ~ '^(B[1-9]|[1-9][0-9]{0,2}F|RF)$'),
      primary key (tenant_id, plan_id, building_id, floor),
      foreign key (tenant_id, plan_id) references patrol_plans (tenant_id, id) on delete cascade,
      foreign key (tenant_id, building_id) references buildings (tenant_id, id)
    );

    -- The plan's staff in turn order (round-robin) or its one member (fixed).
    create table patrol_plan_staff (
      tenant_id uuid not null,
      plan_id uuid not null,
      user_id uuid not null,
      position smallint not null check (position >= 0),
      primary key (tenant_id, plan_id, user_id),
      unique (tenant_id, plan_id, position),
      foreign key (tenant_id, plan_id) references patrol_plans (tenant_id, id) on delete cascade,
      foreign key (tenant_id, user_id) references memberships (tenant_id, user_id) on delete cascade
    );

    -- Points are archived, never deleted: the checks of past rounds still name them.
    create table patrol_plan_checklist (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      plan_id uuid not null,
      label text not null check (length(label) between 1 and 100),
      position smallint not null check (position >= 0),
      archived_at timestamptz,
      primary key (tenant_id, id),
      foreign key (tenant_id, plan_id) references patrol_plans (tenant_id, id) on delete cascade
    );
    create index patrol_plan_checklist_plan_idx on patrol_plan_checklist (tenant_id, plan_id, position) where archived_at is null;

    create table patrol_rounds (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      plan_id uuid not null,
      station_id uuid not null,
      round_date date not null,
      assignee_id uuid not null references users (id),
      status text not null default 'planned' check (status in ('planned', 'in_progress', 'done', 'missed')),
      -- As planned: [{"buildingId": uuid, "floor": "3F"}, …] and the checklist's point ids, in order.
      floors jsonb not null,
      point_ids uuid[] not null,
      started_at timestamptz,
      finished_at timestamptz,
      -- Who started it: the assignee, or a manager on their behalf.
      walked_by uuid references users (id),
      -- At finish: the planned floors with at least one point ticked, and the counts.
      floors_covered jsonb not null default '[]',
      checked integer not null default 0,
      findings integer not null default 0,
      -- Why it was finished with points unticked (a floor locked, a building closed).
      finish_note text check (length(finish_note) <= 500),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, plan_id, round_date),
      foreign key (tenant_id, plan_id) references patrol_plans (tenant_id, id),
      foreign key (tenant_id, station_id) references stations (tenant_id, id)
    );
    create index patrol_rounds_assignee_idx on patrol_rounds (tenant_id, assignee_id, round_date);
    create index patrol_rounds_station_idx on patrol_rounds (tenant_id, station_id, round_date);
    create index patrol_rounds_open_idx on patrol_rounds (tenant_id, round_date) where status in ('planned', 'in_progress');

    create table patrol_round_checks (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      round_id uuid not null,
      building_id uuid not null,
      floor text not null check (floor ~ '^(B[1-9]|[1-9][0-9]{0,2}F|RF)$'),
      point_id uuid not null,
      result text not null check (result in ('ok', 'finding')),
      finding_item_id uuid,
      note text check (length(note) <= 500),
      checked_by uuid not null references users (id),
      checked_at timestamptz not null default now(),
      -- The phone's id for this check: sent again, it is the same check.
      client_id text not null check (client_id ~ '^[A-Za-z0-9_-]{8,100}$'),
      primary key (tenant_id, id),
      unique (tenant_id, round_id, building_id, floor, point_id),
      unique (tenant_id, round_id, client_id),
      -- A finding is a patrol work item (patrol_findings, migration 0030).
      check ((result = 'finding') = (finding_item_id is not null)),
      foreign key (tenant_id, round_id) references patrol_rounds (tenant_id, id) on delete cascade,
      foreign key (tenant_id, building_id) references buildings (tenant_id, id),
      foreign key (tenant_id, point_id) references patrol_plan_checklist (tenant_id, id),
      foreign key (tenant_id, finding_item_id) references work_items (tenant_id, id)
    );
    create index patrol_round_checks_finding_idx on patrol_round_checks (tenant_id, finding_item_id) where finding_item_id is not null;

    alter table reminders drop constraint reminders_subject_type_check;
    alter table reminders add constraint reminders_subject_type_check
      check (subject_type in ('work_item', 'enterprise_document', 'dispute_warning', 'tenant', 'user', 'patrol_round'));
  `.execute(db);

  for (const table of ['patrol_plans', 'patrol_plan_floors', 'patrol_plan_staff', 'patrol_plan_checklist', 'patrol_rounds', 'patrol_round_checks']) {
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
    delete from deliveries where reminder_id in (select id from reminders where subject_type = 'patrol_round');
    delete from reminders where subject_type = 'patrol_round';
    alter table reminders drop constraint reminders_subject_type_check;
    alter table reminders add constraint reminders_subject_type_check
      check (subject_type in ('work_item', 'enterprise_document', 'dispute_warning', 'tenant', 'user'));
    drop table if exists patrol_round_checks, patrol_rounds, patrol_plan_checklist, patrol_plan_staff, patrol_plan_floors, patrol_plans;
  `.execute(db);
}
