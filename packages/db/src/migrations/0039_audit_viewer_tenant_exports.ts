import { sql, type Kysely } from 'kysely';

/**
 * The audit log viewer and the tenant data export (issue 21).
 *
 * - audit_log gets the indexes its viewer reads (newest first, by person, by action) and a
 *   statement trigger refusing UPDATE, DELETE and TRUNCATE to every role that does not own the
 *   table. The app role has no such privilege anyway (ensureAppRole revokes them after every
 *   migration: a migration cannot name the app role, which is configured per deployment); the
 *   trigger is the second lock should a grant ever come back. The owner keeps the right: the bench
 *   and a tenant's offboarding (run as the owner) can still remove rows.
 * - tenant_exports: a manager's request for the tenant's whole archive (one .xlsx per domain and
 *   the files, zipped by the worker), its progress, where the zip is stored and the short-lived
 *   download link (its hash only). One export in flight per tenant. The reconciler sees the
 *   unfinished ones of every tenant (ids only) through its named scan.
 *
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index audit_log_at_idx on audit_log (tenant_id, at desc, id desc);
    create index audit_log_actor_idx on audit_log (tenant_id, actor_user_id, at desc, id desc);
    create index audit_log_action_idx on audit_log (tenant_id, action, at desc, id desc);

    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      if not pg_has_role(current_user, (select relowner from pg_class where oid = tg_relid), 'MEMBER') then
        raise exception 'audit_log is append-only: % refused', tg_op using errcode = '42501';
      end if;
      return null;
    end $$;
    create trigger audit_log_append_only before update or delete or truncate on audit_log
      for each statement execute function audit_log_append_only();

    create table tenant_exports (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      requested_by uuid not null references users (id),
      requested_at timestamptz not null default now(),
      status text not null default 'pending' check (status in ('pending', 'running', 'ready', 'failed')),
      progress integer not null default 0 check (progress between 0 and 100),
      step text,
      attempts integer not null default 0,
      started_at timestamptz,
      heartbeat_at timestamptz,
      finished_at timestamptz,
      storage_key text,
      size_bytes bigint,
      file_count integer,
      row_count bigint,
      error text,
      link_hash text,
      link_expires_at timestamptz,
      primary key (tenant_id, id),
      check ((status = 'ready') = (storage_key is not null))
    );
    create unique index tenant_exports_in_flight_idx on tenant_exports (tenant_id) where status in ('pending', 'running');
    create index tenant_exports_list_idx on tenant_exports (tenant_id, requested_at desc, id desc);
    create index tenant_exports_unfinished_idx on tenant_exports (status, heartbeat_at) where status in ('pending', 'running');

    alter table tenant_exports enable row level security;
    alter table tenant_exports force row level security;
    create policy tenant_isolation on tenant_exports
      using (tenant_id = app_current_tenant())
      with check (tenant_id = app_current_tenant());
    create policy reconciler_scan on tenant_exports for select
      using (current_setting('app.system_scan', true) = 'reminders');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists tenant_exports;
    drop trigger if exists audit_log_append_only on audit_log;
    drop function if exists audit_log_append_only();
    drop index if exists audit_log_action_idx;
    drop index if exists audit_log_actor_idx;
    drop index if exists audit_log_at_idx;
  `.execute(db);
}
