import { sql, type Kysely } from 'kysely';

/**
 * Issue 18. `kpi_targets`: the lines a tenant holds its stations to (core's kpiTargetMetrics), in
 * basis points (9213 = 92.13 %); a tenant without a row is held to core's defaults.
 *
 * `wall_displays`: read-only links for a station's or the subdistrict's screen. Only the SHA-256 of
 * the link's token is kept. A screen has no session: `sd_open_wall_display` finds the link by the
 * hash (its own policy lets the transaction read that one row, as sd_open_request reads a session),
 * then scopes the transaction to the link's tenant, so row-level security still applies to every
 * statement after it (docs/decisions/014). Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kpi_targets (
      tenant_id uuid primary key references tenants (id),
      first_contact integer not null check (first_contact between 1 and 10000),
      resolution integer not null check (resolution between 1 and 10000),
      on_time integer not null check (on_time between 1 and 10000),
      satisfaction integer not null check (satisfaction between 1 and 10000),
      redo integer not null check (redo between 0 and 9999),
      returned integer not null check (returned between 0 and 9999),
      updated_at timestamptz not null default now(),
      updated_by uuid
    );

    create table wall_displays (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      name text not null check (length(name) between 1 and 60),
      -- null: the whole subdistrict
      station_id uuid,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      created_by uuid,
      revoked_at timestamptz,
      revoked_by uuid,
      primary key (tenant_id, id),
      foreign key (tenant_id, station_id) references stations (tenant_id, id) on delete cascade
    );
  `.execute(db);

  for (const table of ['kpi_targets', 'wall_displays']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    -- The one link a screen names by its token's hash, while it is live (read only; no tenant needed).
    create policy wall_token_read on wall_displays for select
      using (token_hash = nullif(current_setting('app.wall_token_hash', true), '') and revoked_at is null);

    /*
     * Opens a wall display's request: the first statement of its (read-only) transaction. Reads the
     * live link with this token hash, forgets the hash, and scopes the transaction to the link's
     * tenant. Runs as the caller, so row-level security applies throughout. No row: unknown or
     * revoked, and the transaction sees no tenant.
     */
    create function sd_open_wall_display(p_token_hash text)
    returns table (display_id uuid, tenant_id uuid, station_id uuid, name text, timezone text)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      d record;
    begin
      perform set_config('app.wall_token_hash', coalesce(p_token_hash, ''), true);
      select w.id, w.tenant_id, w.station_id, w.name into d
        from wall_displays w where w.token_hash = p_token_hash and w.revoked_at is null;
      perform set_config('app.wall_token_hash', '', true);
      if d.id is null then return; end if;
      perform set_config('app.tenant_id', d.tenant_id::text, true);
      return query select d.id, d.tenant_id, d.station_id, d.name, (select t.timezone from tenants t where t.id = d.tenant_id);
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function if exists sd_open_wall_display(text);
    drop table if exists wall_displays, kpi_targets;
  `.execute(db);
}
