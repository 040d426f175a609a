import { sql, type Kysely } from 'kysely';

/**
 * Password reset by e-mail, and the enterprise admin's first confirmation of their company's
 * contacts (issue 21).
 *
 * - `password_resets`: one requested reset — only the SHA-256 (hex) of the link's token is kept,
 *   its expiry (30 minutes) and when it was used (single use; the row stays so a reused link is told
 *   apart from a guessed one). Users are global, so the table is too; like `sessions` it is closed
 *   to the app role unless the request named the row: the user's own rows (app.user_id), or the one
 *   row whose hash `sd_open_password_reset` is looking up.
 * - `memberships.contacts_confirmed_at`: when an enterprise admin confirmed their enterprise's
 *   contacts (null: not yet — the portal sends them to the confirmation first). Admins already
 *   working when this is released count as confirmed.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table password_resets (
      id uuid primary key default sd_uuid7(),
      user_id uuid not null references users (id) on delete cascade,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      requested_ip text
    );
    create index password_resets_user_idx on password_resets (user_id, created_at);

    alter table password_resets enable row level security;
    alter table password_resets force row level security;
    create policy reset_own on password_resets using (
      user_id = app_current_user() or token_hash = nullif(current_setting('app.password_reset_hash', true), '')
    ) with check (user_id = app_current_user());

    /*
     * Opens a reset: finds the reset with this token hash (its own policy lets the transaction read
     * that one row, as sd_open_request reads a session), locks it so two uses of one link are
     * serialised, and scopes the transaction to its user (own user row, sessions, memberships).
     * No row for an unknown hash (the transaction then sees nothing).
     */
    create function sd_open_password_reset(p_token_hash text)
    returns table (reset_id uuid, user_id uuid, expires_at timestamptz, used_at timestamptz, expired boolean)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      r record;
    begin
      perform set_config('app.password_reset_hash', coalesce(p_token_hash, ''), true);
      select p.id, p.user_id, p.expires_at, p.used_at into r
        from password_resets p where p.token_hash = p_token_hash for update;
      perform set_config('app.password_reset_hash', '', true);
      if r.id is null then return; end if;
      perform set_config('app.user_id', r.user_id::text, true);
      return query select r.id, r.user_id, r.expires_at, r.used_at, r.expires_at <= now();
    end
    $$;

    alter table memberships add column contacts_confirmed_at timestamptz;
    -- The owner may not be a superuser: the backfill reads every tenant's rows with RLS lifted for it only.
    alter table memberships no force row level security;
    update memberships set contacts_confirmed_at = now() where role = 'enterprise_admin';
    alter table memberships force row level security;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table memberships drop column if exists contacts_confirmed_at;
    drop function if exists sd_open_password_reset(text);
    drop table if exists password_resets;
  `.execute(db);
}
