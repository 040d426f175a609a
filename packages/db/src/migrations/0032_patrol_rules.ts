import { sql, type Kysely } from 'kysely';

/**
 * Automatic findings (自动发现, issue 19): the rule engine's settings and its last run, and the
 * tokens external systems report findings with (POST /api/intake/findings).
 *
 * - `patrol_rule_settings`: a tenant's own settings of a rule (core's patrolRules) — on or off,
 *   its numbers, its tier; a rule without a row runs with core's defaults.
 * - `patrol_rule_runs`: what the tenant's last run did (one row per tenant, for the settings page).
 * - `intake_tokens`: one per sending system; `name` is the sender's name, which its findings carry
 *   as their source name (and their ids are unique per tenant and sender, migration 0030). Only
 *   the token's SHA-256 is kept. The rate limit's bookkeeping is on the token's row: the calls of
 *   the current minute-long window. A caller has no session: `sd_intake_hit` finds the live token
 *   by its hash (its own policies let the statement read and count that one row), counts the call
 *   and scopes the transaction to the token's tenant, as sd_open_wall_display does for a screen.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table patrol_rule_settings (
      tenant_id uuid not null references tenants (id),
      rule text not null check (rule ~ '^[a-z][a-z_]{1,39}$'),
      enabled boolean not null,
      tier text not null check (tier in ('red', 'yellow', 'blue')),
      thresholds jsonb not null default '{}' check (jsonb_typeof(thresholds) = 'object'),
      updated_at timestamptz not null default now(),
      updated_by uuid,
      primary key (tenant_id, rule)
    );

    create table patrol_rule_runs (
      tenant_id uuid primary key references tenants (id),
      finished_at timestamptz not null,
      duration_ms integer not null check (duration_ms >= 0),
      raised integer not null check (raised >= 0),
      cleared integer not null check (cleared >= 0),
      recurred integer not null check (recurred >= 0)
    );

    create table intake_tokens (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      created_by uuid,
      revoked_at timestamptz,
      revoked_by uuid,
      last_used_at timestamptz,
      -- Rate limit: calls in the window that started then (a minute long).
      window_started_at timestamptz,
      window_calls integer not null default 0 check (window_calls >= 0),
      primary key (tenant_id, id)
    );
  `.execute(db);

  for (const table of ['patrol_rule_settings', 'patrol_rule_runs', 'intake_tokens']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    -- The one live token a caller names by its hash, while sd_intake_hit counts the call.
    create policy intake_token_read on intake_tokens for select
      using (token_hash = nullif(current_setting('app.intake_token_hash', true), '') and revoked_at is null);
    create policy intake_token_count on intake_tokens for update
      using (token_hash = nullif(current_setting('app.intake_token_hash', true), '') and revoked_at is null)
      with check (token_hash = nullif(current_setting('app.intake_token_hash', true), '') and revoked_at is null);

    /*
     * An intake call: counts it in the live token's current window (a new window when the last one
     * is over a minute old), notes when the token was last used, forgets the hash and scopes the
     * transaction to the token's tenant. Runs as the caller, so row-level security applies
     * throughout. No row: unknown or revoked. The caller compares calls with its limit.
     */
    create function sd_intake_hit(p_token_hash text)
    returns table (token_id uuid, tenant_id uuid, name text, timezone text, calls integer, window_ends_at timestamptz)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      t record;
    begin
      perform set_config('app.intake_token_hash', coalesce(p_token_hash, ''), true);
      update intake_tokens i
         set window_calls = case when i.window_started_at > now() - interval '1 minute' then i.window_calls + 1 else 1 end,
             window_started_at = case when i.window_started_at > now() - interval '1 minute' then i.window_started_at else now() end,
             last_used_at = now()
       where i.token_hash = p_token_hash and i.revoked_at is null
      returning i.id, i.tenant_id, i.name, i.window_calls, i.window_started_at + interval '1 minute' as ends into t;
      perform set_config('app.intake_token_hash', '', true);
      if t.id is null then return; end if;
      perform set_config('app.tenant_id', t.tenant_id::text, true);
      return query select t.id, t.tenant_id, t.name, (select x.timezone from tenants x where x.id = t.tenant_id), t.window_calls, t.ends;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function if exists sd_intake_hit(text);
    drop table if exists intake_tokens, patrol_rule_runs, patrol_rule_settings;
  `.execute(db);
}
