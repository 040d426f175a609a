import { sql, type Kysely } from 'kysely';

/**
 * Foundation: tenants, identity, stations, buildings, minimal enterprises, audit log.
 * Tenant-owned tables: PK (tenant_id, id), FKs carry tenant_id, RLS enabled and forced.
 * Identity tables (users, sessions) are global but still closed to the app role unless the
 * request has named the row it may see (GUCs set by sd_open_request or the sign-in path).
 * Frozen: never edit after release; add a new migration instead.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create extension if not exists pg_trgm;
    create extension if not exists btree_gin;

    -- UUIDv7 (time-ordered) ids; PostgreSQL 15 has no built-in.
    create or replace function sd_uuid7() returns uuid language sql volatile as $$
      select encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        placing substring(int8send((extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6), 52, 1), 53, 1), 'hex')::uuid
    $$;

    -- The request's scope, read by every policy. Empty or missing means "nothing".
    create or replace function app_current_tenant() returns uuid language sql stable as $$
      select nullif(current_setting('app.tenant_id', true), '')::uuid
    $$;
    create or replace function app_current_user() returns uuid language sql stable as $$
      select nullif(current_setting('app.user_id', true), '')::uuid
    $$;
    create or replace function app_is_platform() returns boolean language sql stable as $$
      select coalesce(current_setting('app.platform', true), '') = 'on'
    $$;

    create table tenants (
      id uuid primary key default sd_uuid7(),
      slug text not null unique check (slug ~ '^[a-z0-9-]{2,40}$'),
      name text not null check (length(name) between 1 and 100),
      name_en text,
      timezone text not null default 'Asia/Shanghai',
      created_at timestamptz not null default now()
    );

    create table users (
      id uuid primary key default sd_uuid7(),
      email text not null check (email = lower(email) and length(email) <= 254),
      display_name text not null check (length(display_name) between 1 and 100),
      password_hash text not null,
      is_platform_admin boolean not null default false,
      locale text not null default 'zh-CN',
      password_changed_at timestamptz not null default now(),
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (email);

    -- Lucia's design: id is the SHA-256 (hex) of the token; the token itself is never stored.
    create table sessions (
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references users (id) on delete cascade,
      active_tenant_id uuid references tenants (id) on delete set null,
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      ip text,
      user_agent text
    );
    create index sessions_user_idx on sessions (user_id);

    create table sign_in_throttle (
      key text primary key,
      failures integer not null,
      window_ends_at timestamptz not null
    );

    -- Which worker processes are alive (system table: no tenant data).
    create table worker_heartbeats (
      id text primary key,
      host text not null,
      pid integer not null,
      queue_backend text not null,
      started_at timestamptz not null,
      seen_at timestamptz not null
    );

    create table stations (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      code text not null check (code ~ '^[A-Za-z0-9_-]{1,20}$'),
      name text not null check (length(name) between 1 and 100),
      name_en text,
      address text,
      phone text,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, code)
    );

    create table buildings (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      station_id uuid not null,
      name text not null check (length(name) between 1 and 100),
      name_en text,
      address text,
      floors integer check (floors between 1 and 200),
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, name),
      foreign key (tenant_id, station_id) references stations (tenant_id, id)
    );
    create index buildings_station_idx on buildings (tenant_id, station_id);

    -- Minimal row enterprise-admin memberships point at; the 一企一档 file extends it.
    create table enterprises (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      name text not null check (length(name) between 1 and 200),
      credit_code text not null,
      station_id uuid not null,
      building_id uuid not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, credit_code),
      foreign key (tenant_id, station_id) references stations (tenant_id, id),
      foreign key (tenant_id, building_id) references buildings (tenant_id, id)
    );

    create table memberships (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      user_id uuid not null references users (id) on delete cascade,
      role text not null check (role in ('manager', 'staff', 'enterprise_admin')),
      enterprise_id uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, user_id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id),
      check ((role = 'enterprise_admin') = (enterprise_id is not null))
    );
    create index memberships_user_idx on memberships (user_id);

    create table membership_stations (
      tenant_id uuid not null,
      membership_id uuid not null,
      station_id uuid not null,
      primary key (tenant_id, membership_id, station_id),
      foreign key (tenant_id, membership_id) references memberships (tenant_id, id) on delete cascade,
      foreign key (tenant_id, station_id) references stations (tenant_id, id)
    );

    create table audit_log (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      at timestamptz not null default now(),
      actor_user_id uuid,
      action text not null,
      subject_type text not null,
      subject_id text,
      data jsonb not null default '{}',
      ip text,
      primary key (tenant_id, id)
    );
    create index audit_log_subject_idx on audit_log (tenant_id, subject_type, subject_id, at desc);
  `.execute(db);

  // Row-level security. Policies name the GUC directly (through the helpers) so a session
  // without app.tenant_id set sees nothing: fail closed.
  for (const table of ['stations', 'buildings', 'enterprises', 'membership_stations', 'audit_log']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    alter table memberships enable row level security;
    alter table memberships force row level security;
    -- A member's own memberships in every tenant are visible to them (tenant switcher).
    create policy member_read on memberships for select
      using (tenant_id = app_current_tenant() or user_id = app_current_user());
    create policy tenant_write on memberships for insert with check (tenant_id = app_current_tenant());
    create policy tenant_update on memberships for update
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy tenant_delete on memberships for delete using (tenant_id = app_current_tenant());

    alter table tenants enable row level security;
    alter table tenants force row level security;
    create policy tenant_read on tenants for select using (
      id = app_current_tenant() or app_is_platform()
      or exists (select 1 from memberships m where m.tenant_id = tenants.id and m.user_id = app_current_user())
    );
    create policy platform_insert on tenants for insert with check (app_is_platform());
    create policy platform_update on tenants for update using (app_is_platform()) with check (app_is_platform());

    alter table users enable row level security;
    alter table users force row level security;
    -- Self, fellow members of the current tenant, or the one e-mail the sign-in path is checking.
    create policy user_read on users for select using (
      id = app_current_user()
      or email = nullif(current_setting('app.sign_in_email', true), '')
      or exists (select 1 from memberships m where m.user_id = users.id and m.tenant_id = app_current_tenant())
      or app_is_platform()
    );
    create policy user_self_update on users for update using (id = app_current_user()) with check (id = app_current_user());
    create policy platform_insert on users for insert with check (app_is_platform());

    alter table sessions enable row level security;
    alter table sessions force row level security;
    create policy session_own on sessions using (
      id = nullif(current_setting('app.session_id', true), '') or user_id = app_current_user()
    ) with check (user_id = app_current_user());

    /*
     * Opens a request: called as the first statement of the request's transaction. Validates the
     * session (expiry, sliding renewal), then scopes the transaction to the user and, when the
     * user is a member of the session's active tenant, to that tenant. Runs as the caller, so
     * row-level security applies throughout. Returns no row for an unknown or expired session.
     */
    create or replace function sd_open_request(p_session_id text, p_lifetime interval, p_renew_within interval)
    returns table (
      user_id uuid, email text, display_name text, locale text, is_platform_admin boolean,
      expires_at timestamptz, renewed boolean, tenant_id uuid, membership_id uuid, role text,
      station_ids uuid[], enterprise_id uuid, timezone text
    ) language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_user uuid;
      v_expires timestamptz;
      v_tenant uuid;
      v_renewed boolean := false;
      u record;
    begin
      perform set_config('app.session_id', p_session_id, true);
      select ss.user_id, ss.expires_at, ss.active_tenant_id into v_user, v_expires, v_tenant
        from sessions ss where ss.id = p_session_id;
      if v_user is null then return; end if;
      if v_expires <= now() then
        delete from sessions where id = p_session_id;
        return;
      end if;
      perform set_config('app.user_id', v_user::text, true), set_config('app.tenant_id', coalesce(v_tenant::text, ''), true);
      if v_expires - now() < p_renew_within then
        v_expires := now() + p_lifetime;
        update sessions set expires_at = v_expires where id = p_session_id;
        v_renewed := true;
      end if;
      -- One read for the user and the membership in the session's tenant (RLS: own user row,
      -- memberships of the tenant just set).
      select uu.id, uu.email, uu.display_name, uu.locale, uu.is_platform_admin, mm.id as membership_id, mm.role,
             mm.enterprise_id, (select t.timezone from tenants t where t.id = mm.tenant_id) as timezone,
             case when mm.id is null then null else coalesce((select array_agg(ms.station_id order by ms.station_id)
               from membership_stations ms where ms.tenant_id = mm.tenant_id and ms.membership_id = mm.id), '{}') end as station_ids
        into u
        from users uu left join memberships mm on mm.tenant_id = v_tenant and mm.user_id = uu.id
       where uu.id = v_user;
      if u.membership_id is null and v_tenant is not null then
        -- Not (or no longer) a member of that tenant: the request sees no tenant at all.
        perform set_config('app.tenant_id', '', true);
        v_tenant := null;
      end if;
      if u.is_platform_admin then
        perform set_config('app.platform', 'on', true);
      end if;
      return query select u.id, u.email, u.display_name, u.locale, u.is_platform_admin, v_expires, v_renewed,
        v_tenant, u.membership_id, u.role, u.station_ids, u.enterprise_id, u.timezone;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function if exists sd_open_request(text, interval, interval);
    drop table if exists audit_log, membership_stations, memberships, enterprises, buildings, stations,
      sign_in_throttle, worker_heartbeats, sessions, users, tenants cascade;
    drop function if exists app_is_platform(), app_current_user(), app_current_tenant(), sd_uuid7();
  `.execute(db);
}
