import { sql, type Kysely } from 'kysely';

/**
 * Party-mass services, organisations and duty (党群服务, issue 20).
 *
 * - `party_orgs`: the organisations that are not enterprises of the buildings — member units of
 *   regional party building, two-new organisations, branches of enterprises elsewhere,
 *   communities — with their contact (personal data: the app masks it until revealed), joined
 *   date, status and station.
 * - `party_organisations` (a view, security_invoker so RLS applies): those plus the party branches
 *   the enterprise files record (has_party_branch …), read from `enterprises` and never copied.
 *   An enterprise branch's id is its enterprise's id (both are sd_uuid7(), so they never clash).
 * - `party_services`: a tenant's overrides of the default kinds of service, and its own.
 * - `service_posts`: a station's 党群服务站 — location, opening hours (null: the tenant's working
 *   calendar), the services it offers.
 * - `duty_shifts`: a post's shifts — local date, start and end, places counted in members, and
 *   `booked`, the members of the batches signed up, raised only by a conditional update
 *   (booked + n <= places) so concurrent sign-ups never overfill a shift.
 * - `duty_sign_ups`: a batch (批次) — one organisation (a party_orgs row or an enterprise's
 *   branch), its members count and names — with its attendance; one live batch per organisation
 *   and shift.
 * - `duty_shift_served`: person-times served per shift and service.
 * - `party_check_in_codes`: a check-in QR code names a post (or an activity), never a person, and
 *   expires; only its token's SHA-256 is kept.
 *
 * Reminders may now speak of a shift (short of people) and of a batch (the day before).
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table party_orgs (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      type text not null check (type in ('member_unit', 'two_new', 'enterprise_branch', 'community')),
      name text not null check (length(name) between 1 and 200),
      contact_name text check (length(contact_name) between 1 and 100),
      contact_phone text check (length(contact_phone) between 3 and 40),
      members integer check (members between 0 and 100000),
      joined_on date,
      status text not null default 'active' check (status in ('active', 'left')),
      left_on date,
      station_id uuid not null,
      notes text check (length(notes) <= 1000),
      version integer not null default 1,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, station_id) references stations (tenant_id, id),
      check (left_on is null or status = 'left')
    );
    create index party_orgs_station_idx on party_orgs (tenant_id, station_id, type);
    create unique index party_orgs_name_idx on party_orgs (tenant_id, lower(name));

    create view party_organisations with (security_invoker = true) as
      select o.tenant_id, o.id, 'registry'::text as source, o.type, o.name, o.contact_name, o.contact_phone,
             o.members, o.joined_on, o.status, o.left_on, o.station_id, null::uuid as enterprise_id, o.notes,
             o.version, o.created_at, o.updated_at
        from party_orgs o
      union all
      select e.tenant_id, e.id, 'enterprise', 'enterprise_branch', coalesce(e.party_branch_name, e.name || '党支部'),
             e.party_secretary, null, e.party_members, e.moved_in_on,
             case when e.status in ('moved_out', 'deregistered') then 'left' else 'active' end,
             coalesce(e.moved_out_on, e.deregistered_on), e.station_id, e.id, null,
             e.version, e.created_at, e.updated_at
        from enterprises e
       where e.has_party_branch;

    create table party_services (
      tenant_id uuid not null references tenants (id),
      key text not null check (key ~ '^[a-z][a-z0-9_]{1,39}$'),
      name text check (length(name) between 1 and 40),
      name_en text check (length(name_en) between 1 and 60),
      active boolean not null default true,
      position integer not null check (position between 0 and 100000),
      updated_at timestamptz not null default now(),
      updated_by uuid,
      primary key (tenant_id, key)
    );

    create table service_posts (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      station_id uuid not null,
      name text not null check (length(name) between 1 and 100),
      location text not null check (length(location) between 1 and 200),
      -- [{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}, …]; null: the tenant's working calendar.
      opening_hours jsonb check (opening_hours is null or jsonb_typeof(opening_hours) = 'array'),
      services text[] not null default '{}',
      active boolean not null default true,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, station_id) references stations (tenant_id, id)
    );
    create index service_posts_station_idx on service_posts (tenant_id, station_id);
    create unique index service_posts_name_idx on service_posts (tenant_id, lower(name));

    create table duty_shifts (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      post_id uuid not null,
      shift_date date not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      places integer not null check (places between 1 and 500),
      booked integer not null default 0,
      status text not null default 'open' check (status in ('open', 'cancelled')),
      note text check (length(note) <= 500),
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, post_id) references service_posts (tenant_id, id),
      check (ends_at > starts_at),
      check (booked between 0 and places)
    );
    create index duty_shifts_post_idx on duty_shifts (tenant_id, post_id, starts_at);
    create index duty_shifts_date_idx on duty_shifts (tenant_id, shift_date, starts_at);

    create table duty_sign_ups (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      shift_id uuid not null,
      -- The organisation: a registry row, or an enterprise's branch (exactly one).
      party_org_id uuid,
      enterprise_id uuid,
      organisation_id uuid generated always as (coalesce(party_org_id, enterprise_id)) stored,
      members integer not null check (members between 1 and 200),
      member_names text[] not null default '{}' check (cardinality(member_names) <= 200),
      status text not null default 'signed_up' check (status in ('signed_up', 'checked_in', 'checked_out', 'cancelled')),
      signed_up_by uuid not null references users (id),
      signed_up_at timestamptz not null default now(),
      checked_in_at timestamptz,
      checked_in_by uuid references users (id),
      checked_in_via text check (checked_in_via in ('staff', 'code')),
      checked_out_at timestamptz,
      checked_out_by uuid references users (id),
      checked_out_via text check (checked_out_via in ('staff', 'code')),
      cancelled_at timestamptz,
      cancelled_by uuid references users (id),
      primary key (tenant_id, id),
      foreign key (tenant_id, shift_id) references duty_shifts (tenant_id, id),
      foreign key (tenant_id, party_org_id) references party_orgs (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id),
      check ((party_org_id is null) <> (enterprise_id is null)),
      check (cardinality(member_names) = 0 or cardinality(member_names) = members)
    );
    -- One live batch per organisation and shift: a second sign-up is a duplicate.
    create unique index duty_sign_ups_once_idx on duty_sign_ups (tenant_id, shift_id, organisation_id) where status <> 'cancelled';
    create index duty_sign_ups_org_idx on duty_sign_ups (tenant_id, organisation_id, shift_id);

    create table duty_shift_served (
      tenant_id uuid not null,
      shift_id uuid not null,
      service text not null check (service ~ '^[a-z][a-z0-9_]{1,39}$'),
      served integer not null check (served between 0 and 100000),
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now(),
      primary key (tenant_id, shift_id, service),
      foreign key (tenant_id, shift_id) references duty_shifts (tenant_id, id)
    );

    create table party_check_in_codes (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      subject_kind text not null check (subject_kind in ('service_post', 'activity')),
      subject_id uuid not null,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      expires_at timestamptz not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      check (expires_at > created_at)
    );
    create index party_check_in_codes_subject_idx on party_check_in_codes (tenant_id, subject_kind, subject_id, expires_at);

    alter table reminders drop constraint reminders_subject_type_check;
    alter table reminders add constraint reminders_subject_type_check
      check (subject_type in ('work_item', 'enterprise_document', 'dispute_warning', 'tenant', 'user', 'patrol_round', 'duty_shift', 'duty_sign_up'));
  `.execute(db);

  for (const table of ['party_orgs', 'party_services', 'service_posts', 'duty_shifts', 'duty_sign_ups', 'duty_shift_served', 'party_check_in_codes']) {
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
    delete from deliveries where reminder_id in (select id from reminders where subject_type in ('duty_shift', 'duty_sign_up'));
    delete from reminders where subject_type in ('duty_shift', 'duty_sign_up');
    alter table reminders drop constraint reminders_subject_type_check;
    alter table reminders add constraint reminders_subject_type_check
      check (subject_type in ('work_item', 'enterprise_document', 'dispute_warning', 'tenant', 'user', 'patrol_round'));
    drop view if exists party_organisations;
    drop table if exists party_check_in_codes, duty_shift_served, duty_sign_ups, duty_shifts, service_posts, party_services, party_orgs;
  `.execute(db);
}
