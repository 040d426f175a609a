import { sql, type Kysely } from 'kysely';

/**
 * Idempotency keys (issue 16): a create sent again with the key of its first sending — a double
 * click, a retry after a timeout — gets the first answer instead of a second row. The key is
 * claimed in the transaction that does the write and holds the answer, so both commit or neither.
 * Kept a day; the reconciler purges older ones. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      tenant_id uuid not null references tenants (id),
      user_id uuid not null,
      key text not null check (length(key) between 8 and 100),
      operation text not null check (length(operation) <= 100),
      -- SHA-256 of the rest of the input: the same key with other input is refused, not answered.
      input_hash text not null,
      response jsonb,
      created_at timestamptz not null default now(),
      primary key (tenant_id, user_id, key)
    );
    create index idempotency_keys_created_idx on idempotency_keys (created_at);
    alter table idempotency_keys enable row level security;
    alter table idempotency_keys force row level security;
    create policy tenant_isolation on idempotency_keys
      using (tenant_id = app_current_tenant())
      with check (tenant_id = app_current_tenant());
    -- The reconciler's named path may remove expired keys of every tenant.
    create policy reconciler_purge on idempotency_keys for delete
      using (current_setting('app.system_scan', true) = 'reminders');
    create policy reconciler_scan on idempotency_keys for select
      using (current_setting('app.system_scan', true) = 'reminders');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists idempotency_keys`.execute(db);
}
