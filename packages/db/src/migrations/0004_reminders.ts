import { sql, type Kysely } from 'kysely';

/**
 * Reminders and notifications (DESIGN §5). The database is the source of truth for what must be
 * reminded; BullMQ only delivers on time. One delivery row per (reminder, channel, target) makes
 * "once per person and channel" a unique constraint. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table reminders (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      kind text not null check (length(kind) <= 40),
      subject_type text not null check (subject_type in ('work_item', 'enterprise_document', 'dispute_warning', 'tenant', 'user')),
      subject_id uuid,
      -- Who gets it, decided again at fire time: ["assignee", "managers", "enterprise_admins", "station_staff", "user:<uuid>"].
      recipients jsonb not null,
      channels text[] not null default '{inbox}',
      due_at timestamptz not null,
      status text not null default 'scheduled' check (status in ('scheduled', 'sent', 'cancelled', 'failed')),
      idempotency_key text not null check (length(idempotency_key) <= 200),
      attempts integer not null default 0,
      last_error text,
      fired_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, idempotency_key)
    );
    -- The reconciler's scan: scheduled reminders that are due, across tenants (a named system path).
    create index reminders_due_idx on reminders (due_at) where status = 'scheduled';
    create index reminders_subject_idx on reminders (tenant_id, subject_type, subject_id) where status = 'scheduled';
    -- The operators' lag figures read the last hour's fired reminders.
    create index reminders_fired_idx on reminders (fired_at) where fired_at is not null;

    create table deliveries (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      reminder_id uuid not null,
      channel text not null check (channel in ('inbox', 'email', 'webhook')),
      -- A user id (inbox, email) or a station webhook id.
      target text not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'uncertain')),
      attempts integer not null default 0,
      last_error text,
      external_id text,
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      primary key (tenant_id, id),
      unique (tenant_id, reminder_id, channel, target),
      foreign key (tenant_id, reminder_id) references reminders (tenant_id, id)
    );
    create index deliveries_pending_idx on deliveries (tenant_id, channel, target, created_at) where status in ('pending', 'sending');
    create index deliveries_log_idx on deliveries (tenant_id, created_at desc);

    -- The in-app inbox.
    create table notifications (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      user_id uuid not null,
      kind text not null,
      title text not null,
      body text not null default '',
      items jsonb not null default '[]',
      created_at timestamptz not null default now(),
      read_at timestamptz,
      primary key (tenant_id, id)
    );
    create index notifications_user_idx on notifications (tenant_id, user_id, created_at desc);
    create index notifications_unread_idx on notifications (tenant_id, user_id) where read_at is null;

    -- E-mail written to a local outbox when no SMTP server is configured (development, demo).
    create table email_outbox (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      to_address text not null,
      subject text not null,
      body_text text not null,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
    create index email_outbox_created_idx on email_outbox (tenant_id, created_at desc);

    -- Group robots (WeCom 企业微信 / DingTalk 钉钉 / Feishu 飞书) per station.
    create table station_webhooks (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      station_id uuid not null,
      provider text not null check (provider in ('wecom', 'dingtalk', 'feishu')),
      url text not null check (url ~ '^https?://' and length(url) <= 500),
      secret text check (length(secret) <= 200),
      enabled boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, station_id, provider),
      foreign key (tenant_id, station_id) references stations (tenant_id, id)
    );
  `.execute(db);

  for (const table of ['deliveries', 'notifications', 'email_outbox', 'station_webhooks']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }
  await sql`
    alter table reminders enable row level security;
    alter table reminders force row level security;
    create policy tenant_isolation on reminders
      using (tenant_id = app_current_tenant())
      with check (tenant_id = app_current_tenant());
    -- The reconciler's named path (withSystemScan 'reminders'): it may see which reminders are due
    -- in every tenant — ids and due times only; it fires each inside its own tenant.
    create policy reconciler_scan on reminders for select
      using (current_setting('app.system_scan', true) = 'reminders');
    create policy reconciler_scan on deliveries for select
      using (current_setting('app.system_scan', true) = 'reminders');
    -- …and which tenants exist, with their time zones (for digests at 08:30 local time).
    create policy reconciler_scan on tenants for select
      using (current_setting('app.system_scan', true) = 'reminders');
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop policy if exists reconciler_scan on tenants;
    drop table if exists station_webhooks, email_outbox, notifications, deliveries, reminders cascade;
  `.execute(db);
}
