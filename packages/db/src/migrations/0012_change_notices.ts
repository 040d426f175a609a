import { sql, type Kysely } from 'kysely';

/**
 * Change notices for the web processes' read caches (ChangeFeed, ADR 010): on commit, NOTIFY
 * sd_changes with what changed — 'tenant:<id>' for the rows a cached page of that tenant is read
 * from; 'user:<id>' and 'members:<tenant id>' for what a cached session scope is read from (the
 * user's sessions and memberships; the tenant's member stations and time zone); '*' when it
 * cannot say.
 * Postgres sends a payload once per transaction however many rows or statements repeat it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Row-level security lets the app role write only the tenant it is in, so the tenant setting
    -- names what changed. A write outside any tenant (the owner: migrations, seeds) may touch any.
    create function sd_notice_tenant_write() returns trigger language plpgsql as $$
    begin
      perform pg_notify('sd_changes', coalesce('tenant:' || nullif(current_setting('app.tenant_id', true), ''), '*'));
      return null;
    end $$;

    create function sd_notice_row() returns trigger language plpgsql as $$
    declare
      r record;
    begin
      if tg_op = 'DELETE' then r := old; else r := new; end if;
      case tg_table_name
        when 'sessions' then perform pg_notify('sd_changes', 'user:' || r.user_id);
        when 'memberships' then perform pg_notify('sd_changes', 'user:' || r.user_id), pg_notify('sd_changes', 'tenant:' || r.tenant_id);
        when 'membership_stations' then perform pg_notify('sd_changes', 'members:' || r.tenant_id);
        when 'tenants' then perform pg_notify('sd_changes', 'members:' || r.id);
      end case;
      return null;
    end $$;

    -- A user's name shows in every tenant they belong to, and their scope comes from the row.
    create function sd_notice_everything() returns trigger language plpgsql as $$
    begin
      perform pg_notify('sd_changes', '*');
      return null;
    end $$;

    create trigger work_items_notice after insert or update or delete on work_items for each statement execute function sd_notice_tenant_write();
    create trigger stations_notice after insert or update or delete on stations for each statement execute function sd_notice_tenant_write();
    create trigger enterprises_notice after insert or update or delete on enterprises for each statement execute function sd_notice_tenant_write();
    create trigger users_notice after update or delete on users for each statement execute function sd_notice_everything();
    -- Sliding renewal only moves expires_at: not a change of scope.
    create trigger sessions_notice after delete or update of active_tenant_id on sessions for each row execute function sd_notice_row();
    create trigger memberships_notice after insert or update or delete on memberships for each row execute function sd_notice_row();
    create trigger membership_stations_notice after insert or update or delete on membership_stations for each row execute function sd_notice_row();
    create trigger tenants_notice after update or delete on tenants for each row execute function sd_notice_row();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists work_items_notice on work_items;
    drop trigger if exists stations_notice on stations;
    drop trigger if exists enterprises_notice on enterprises;
    drop trigger if exists users_notice on users;
    drop trigger if exists sessions_notice on sessions;
    drop trigger if exists memberships_notice on memberships;
    drop trigger if exists membership_stations_notice on membership_stations;
    drop trigger if exists tenants_notice on tenants;
    drop function if exists sd_notice_tenant_write(), sd_notice_row(), sd_notice_everything();
  `.execute(db);
}
