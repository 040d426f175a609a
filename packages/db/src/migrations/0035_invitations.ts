import { sql, type Kysely } from 'kysely';

/**
 * People of a tenant and their invitations (issue 21).
 *
 * - `invitations`: a manager invites someone by e-mail as manager, staff (with stations) or
 *   enterprise admin (of one enterprise). Only the SHA-256 (hex) of the link's token is kept; the
 *   row stays after it is accepted, revoked or expired so a second use is told apart from a guess.
 *   An enterprise admin may ask for a colleague as a second admin of their company: `requested_by`
 *   is set and the invitation waits (no link, no e-mail) until a manager approves (`approved_by`).
 *   One open invitation per e-mail and tenant.
 * - `sd_open_invitation(hash)`: the public link's named path, as sd_open_wall_display: reads the
 *   invitation with this hash (its own policy lets the transaction read that one row), then scopes
 *   the transaction to its tenant. While the invitation is usable it also names its e-mail, so the
 *   accepting transaction may read that one user row (app.sign_in_email) or create it
 *   (app.invitation_email) — nothing else outside the tenant.
 * - `memberships.deactivated_at`: a deactivated person keeps their row (history, items) but no
 *   longer sees it: a restrictive policy hides a deactivated membership from its own user, so
 *   sd_open_request (whatever its version) treats them as not a member, the tenant switch leaves
 *   it out, and signing in does not pick it.
 * - Sessions: any request of a tenant may delete the sessions, in that tenant, of a person whose
 *   membership there is deactivated — the deactivation ends them in the same transaction.
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table memberships
      add column deactivated_at timestamptz,
      add column deactivated_by uuid references users (id);

    create table invitations (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      email text not null check (email = lower(email) and length(email) between 3 and 254),
      display_name text check (length(display_name) between 1 and 100),
      role text not null check (role in ('manager', 'staff', 'enterprise_admin')),
      station_ids uuid[] not null default '{}',
      enterprise_id uuid,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      expires_at timestamptz not null,
      invited_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      requested_by uuid references users (id),
      approved_by uuid references users (id),
      approved_at timestamptz,
      accepted_at timestamptz,
      accepted_user_id uuid references users (id),
      revoked_at timestamptz,
      revoked_by uuid references users (id),
      primary key (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id),
      check ((role = 'enterprise_admin') = (enterprise_id is not null)),
      check (role <> 'staff' or cardinality(station_ids) > 0),
      check (requested_by is null or role = 'enterprise_admin'),
      check (approved_by is null or requested_by is not null)
    );
    -- The managers' list, newest first.
    create index invitations_tenant_idx on invitations (tenant_id, created_at desc, id desc);
    -- One open invitation per address (invite refuses a second; resend reuses the row).
    create unique index invitations_open_email_key on invitations (tenant_id, email)
      where accepted_at is null and revoked_at is null;

    alter table invitations enable row level security;
    alter table invitations force row level security;
    create policy tenant_isolation on invitations
      using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
    -- The one invitation the public link names by its token's hash.
    create policy invitation_token_read on invitations for select
      using (token_hash = nullif(current_setting('app.invitation_hash', true), ''));

    -- An invited person's account is created by the accepting transaction, for that e-mail only.
    create policy invited_insert on users for insert
      with check (email = nullif(current_setting('app.invitation_email', true), ''));

    -- A deactivated membership is invisible to its own user (see above); managers still see it.
    create policy hide_own_deactivated on memberships as restrictive for select
      using (deactivated_at is null or user_id is distinct from app_current_user());

    -- Ending a deactivated person's sessions in the tenant (member.deactivate).
    create policy deactivated_member_sessions on sessions for select using (
      active_tenant_id = app_current_tenant()
      and exists (select 1 from memberships m where m.tenant_id = app_current_tenant()
                   and m.user_id = sessions.user_id and m.deactivated_at is not null)
    );
    create policy deactivated_member_sessions_delete on sessions for delete using (
      active_tenant_id = app_current_tenant()
      and exists (select 1 from memberships m where m.tenant_id = app_current_tenant()
                   and m.user_id = sessions.user_id and m.deactivated_at is not null)
    );
    create index sessions_tenant_user_idx on sessions (active_tenant_id, user_id);

    /*
     * Opens an invitation link's request. Returns the invitation with this hash in any state (the
     * caller tells used, revoked and expired apart), or no row for an unknown hash — the transaction
     * then sees nothing. usable: neither accepted, revoked, expired nor waiting for approval.
     */
    create function sd_open_invitation(p_token_hash text)
    returns table (invitation_id uuid, tenant_id uuid, email text, usable boolean)
    language plpgsql volatile as $$
    #variable_conflict use_column
    declare
      r record;
      v_usable boolean;
    begin
      perform set_config('app.invitation_hash', coalesce(p_token_hash, ''), true);
      select i.id, i.tenant_id, i.email, i.accepted_at, i.revoked_at, i.expires_at, i.requested_by, i.approved_by into r
        from invitations i where i.token_hash = p_token_hash;
      perform set_config('app.invitation_hash', '', true);
      if r.id is null then return; end if;
      perform set_config('app.tenant_id', r.tenant_id::text, true);
      v_usable := r.accepted_at is null and r.revoked_at is null and r.expires_at > now()
        and (r.requested_by is null or r.approved_by is not null);
      if v_usable then
        perform set_config('app.sign_in_email', r.email, true), set_config('app.invitation_email', r.email, true);
      end if;
      return query select r.id, r.tenant_id, r.email, v_usable;
    end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop function if exists sd_open_invitation(text);
    drop index if exists sessions_tenant_user_idx;
    drop policy if exists deactivated_member_sessions_delete on sessions;
    drop policy if exists deactivated_member_sessions on sessions;
    drop policy if exists hide_own_deactivated on memberships;
    drop policy if exists invited_insert on users;
    drop table if exists invitations;
    alter table memberships drop column if exists deactivated_by, drop column if exists deactivated_at;
  `.execute(db);
}
