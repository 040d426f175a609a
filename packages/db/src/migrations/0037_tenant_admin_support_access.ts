import { sql, type Kysely } from 'kysely';

/**
 * The platform operator's side of a tenant (issue 21): a tenant's status (active or suspended) and
 * the support-access grants its managers give the operators.
 *
 * - A suspended tenant keeps its data; sd_open_request no longer scopes a session to it (its
 *   sessions lose the tenant at their next request and are told why), and the reminder firing and
 *   the reconciler leave its reminders scheduled until it is resumed.
 * - An operator (users.is_platform_admin) who is not a member reads a tenant only while a grant of
 *   that tenant is live: sd_open_request checks the grant itself and then scopes the transaction
 *   to the tenant with role 'support' (the API makes every such request read-only in Postgres).
 *   Without a live grant the tenant is dropped from the scope and named as refused, so the API can
 *   audit the attempt in that tenant's log. Grants are tenant rows (RLS forced); operators see the
 *   live ones of every tenant (which tenants they may enter, and until when) and nothing else.
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table tenants
      add column status text not null default 'active' check (status in ('active', 'suspended')),
      add column status_changed_at timestamptz;

    create table support_access_grants (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      reason text not null check (length(reason) between 1 and 500),
      granted_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      revoked_by uuid references users (id),
      primary key (tenant_id, id),
      check (expires_at > created_at and expires_at <= created_at + interval '24 hours')
    );
    -- The managers' list (newest first) and the live grant of a tenant (sd_open_request, grant).
    create index support_access_grants_tenant_idx on support_access_grants (tenant_id, created_at desc);
    -- The operators' list of tenants they may enter now.
    create index support_access_grants_live_idx on support_access_grants (expires_at) where revoked_at is null;

    alter table support_access_grants enable row level security;
    alter table support_access_grants force row level security;
    create policy tenant_isolation on support_access_grants
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    create policy platform_live on support_access_grants for select
      using (app_is_platform() and revoked_at is null and expires_at > now());

    -- A changed grant changes what an operator's session may enter.
    create trigger support_access_grants_notice after insert or update or delete on support_access_grants
      for each statement execute function sd_notice_tenant_write();

    -- The reconciler's scan of due reminders skips suspended tenants through this join.
    create index tenants_status_idx on tenants (status) where status <> 'active';

    drop function if exists sd_open_request(text, interval, interval);
    /*
     * 0001's function, and: a suspended tenant is dropped from the scope (tenant_suspended says so);
     * an operator with no membership in the session's tenant keeps it only under a live grant, with
     * role 'support' and support_until the grant's end; otherwise the tenant is dropped and named
     * in refused_tenant_id (for the audit of the refusal).
     */
    create function sd_open_request(p_session_id text, p_lifetime interval, p_renew_within interval)
    returns table (
      user_id uuid, email text, display_name text, locale text, is_platform_admin boolean,
      expires_at timestamptz, renewed boolean, tenant_id uuid, membership_id uuid, role text,
      station_ids uuid[], enterprise_id uuid, timezone text,
      support_until timestamptz, tenant_suspended boolean, refused_tenant_id uuid
    ) language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      v_user uuid;
      v_expires timestamptz;
      v_tenant uuid;
      v_renewed boolean := false;
      v_status text;
      v_support timestamptz;
      v_refused uuid;
      v_role text;
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
      select uu.id, uu.email, uu.display_name, uu.locale, uu.is_platform_admin, mm.id as membership_id, mm.role,
             mm.enterprise_id,
             case when mm.id is null then null else coalesce((select array_agg(ms.station_id order by ms.station_id)
               from membership_stations ms where ms.tenant_id = mm.tenant_id and ms.membership_id = mm.id), '{}') end as station_ids
        into u
        from users uu left join memberships mm on mm.tenant_id = v_tenant and mm.user_id = uu.id
       where uu.id = v_user;
      v_role := u.role;
      if v_tenant is not null then
        select t.status into v_status from tenants t where t.id = v_tenant;
        if u.membership_id is null and u.is_platform_admin then
          -- RLS: the grants of the tenant just set, and only a live one counts.
          select max(g.expires_at) into v_support from support_access_grants g
           where g.tenant_id = v_tenant and g.revoked_at is null and g.expires_at > now();
          if v_support is null then v_refused := v_tenant; else v_role := 'support'; end if;
        end if;
        if v_status is distinct from 'active' or (u.membership_id is null and v_support is null) then
          -- Suspended, or neither a member nor under a grant: the request sees no tenant at all.
          perform set_config('app.tenant_id', '', true);
          v_tenant := null;
          v_role := null;
          v_support := null;
        end if;
      end if;
      if u.is_platform_admin then
        perform set_config('app.platform', 'on', true);
      end if;
      return query select u.id, u.email, u.display_name, u.locale, u.is_platform_admin, v_expires, v_renewed,
        v_tenant, case when v_tenant is null then null else u.membership_id end, v_role,
        case when v_tenant is null then null else coalesce(u.station_ids, '{}') end,
        case when v_tenant is null then null else u.enterprise_id end,
        (select t.timezone from tenants t where t.id = v_tenant),
        v_support, coalesce(v_status = 'suspended', false), v_refused;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function if exists sd_open_request(text, interval, interval);
    drop table if exists support_access_grants;
    drop index if exists tenants_status_idx;
    alter table tenants drop column if exists status_changed_at, drop column if exists status;
    -- 0001's function as it was.
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
