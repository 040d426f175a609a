import { sql, type Kysely } from 'kysely';

/**
 * The work-order engine shared by consultations (ZX), agency cases (DB), disputes (TJ) and patrol
 * findings (XC): items with gap-free per-tenant numbers, an append-only history, public replies and
 * internal notes, the tenant's working calendar and SLA policies, duty and assignment. Frozen once
 * released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    -- Working calendar: one per tenant, plus its holidays and make-up working days (调休).
    create table work_calendars (
      tenant_id uuid primary key references tenants (id),
      business_hours jsonb not null default '[{"start":"09:00","end":"12:00"},{"start":"13:00","end":"17:30"}]',
      weekend_days integer[] not null default '{0,6}',
      updated_at timestamptz not null default now(),
      updated_by uuid
    );
    create table calendar_days (
      tenant_id uuid not null references tenants (id),
      day date not null,
      kind text not null check (kind in ('holiday', 'workday')),
      name text check (length(name) <= 50),
      primary key (tenant_id, day)
    );

    -- How long an item may take, per kind and priority.
    create table sla_policies (
      tenant_id uuid not null references tenants (id),
      kind text not null check (kind in ('consultation', 'agency', 'dispute', 'patrol')),
      priority text not null check (priority in ('urgent', 'normal', 'low')),
      first_contact_value integer not null check (first_contact_value > 0),
      first_contact_unit text not null check (first_contact_unit in ('working_minutes', 'working_hours', 'working_days', 'calendar_hours', 'calendar_days')),
      resolution_value integer not null check (resolution_value > 0),
      resolution_unit text not null check (resolution_unit in ('working_minutes', 'working_hours', 'working_days', 'same_working_day', 'calendar_hours', 'calendar_days')),
      updated_at timestamptz not null default now(),
      updated_by uuid,
      primary key (tenant_id, kind, priority)
    );

    -- Gap-free numbering: the counter row is locked by the creating transaction, so numbers are
    -- consecutive and a rolled-back creation gives its number back.
    create table work_item_counters (
      tenant_id uuid not null references tenants (id),
      kind text not null,
      year integer not null,
      last_value integer not null,
      primary key (tenant_id, kind, year)
    );

    alter table memberships
      add column on_duty boolean not null default true,
      add column max_open_items integer not null default 40 check (max_open_items between 1 and 1000);
    alter table stations add column last_assigned_user_id uuid;

    create table work_items (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      kind text not null check (kind in ('consultation', 'agency', 'dispute', 'patrol')),
      number text not null,
      station_id uuid not null,
      enterprise_id uuid,
      building_id uuid,
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 20000),
      priority text not null default 'normal' check (priority in ('urgent', 'normal', 'low')),
      channel text not null check (channel in ('walk_in', 'phone', 'portal', 'wechat', 'patrol', 'referral')),
      category text check (length(category) <= 40),
      requester_name text check (length(requester_name) <= 100),
      requester_phone text check (length(requester_phone) <= 40),
      requester_user_id uuid,
      status text not null default 'received'
        check (status in ('received', 'assigned', 'accepted', 'in_progress', 'waiting', 'resolved', 'visited', 'returned', 'closed')),
      assignee_id uuid,
      created_by uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      assigned_at timestamptz,
      accepted_at timestamptz,
      first_contact_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      first_contact_due_at timestamptz,
      resolution_due_at timestamptz,
      -- Working minutes spent waiting for the enterprise: the resolution clock was paused for them.
      paused_minutes integer not null default 0,
      waiting_since timestamptz,
      answer text check (length(answer) <= 20000),
      resolved_ok boolean,
      requester_confirmed boolean,
      rating text check (rating in ('very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied')),
      rating_comment text check (length(rating_comment) <= 2000),
      rated_at timestamptz,
      rating_source text check (rating_source in ('portal', 'phone')),
      rectification_due_at timestamptz,
      redo_count integer not null default 0,
      chase_level text check (chase_level in ('chased', 'supervised')),
      chased_at timestamptz,
      chase_count integer not null default 0,
      extension_due_at timestamptz,
      extension_reason text check (length(extension_reason) <= 1000),
      extension_requested_by uuid,
      extension_requested_at timestamptz,
      linked_item_id uuid,
      version integer not null default 1,
      primary key (tenant_id, id),
      unique (tenant_id, number),
      foreign key (tenant_id, station_id) references stations (tenant_id, id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id),
      foreign key (tenant_id, building_id) references buildings (tenant_id, id),
      foreign key (tenant_id, linked_item_id) references work_items (tenant_id, id)
    );
    -- The queue: open items of a station by what is due first (closed items are most rows, and none of these).
    create index work_items_queue_idx on work_items (tenant_id, station_id, resolution_due_at, id) where status <> 'closed';
    create index work_items_assignee_idx on work_items (tenant_id, assignee_id, resolution_due_at, id) where status <> 'closed';
    create index work_items_open_due_idx on work_items (tenant_id, resolution_due_at, id) where status <> 'closed';
    create index work_items_enterprise_idx on work_items (tenant_id, enterprise_id, created_at desc);
    create index work_items_station_created_idx on work_items (tenant_id, station_id, created_at desc, id desc);
    create index work_items_created_idx on work_items (tenant_id, created_at desc, id desc);

    -- Append-only history: who moved the item, when, from what to what, and why.
    create table work_item_events (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      at timestamptz not null default now(),
      actor_id uuid,
      action text not null,
      from_status text,
      to_status text,
      note text check (length(note) <= 5000),
      data jsonb not null default '{}',
      internal boolean not null default false,
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id)
    );
    create index work_item_events_item_idx on work_item_events (tenant_id, item_id, at);

    -- The conversation: public replies the enterprise sees, internal notes it never does.
    create table work_item_messages (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      at timestamptz not null default now(),
      author_id uuid not null,
      visibility text not null check (visibility in ('public', 'internal')),
      body text not null check (length(body) between 1 and 10000),
      attachment_ids uuid[] not null default '{}',
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id)
    );
    create index work_item_messages_item_idx on work_item_messages (tenant_id, item_id, at);

    create table canned_replies (
      tenant_id uuid not null references tenants (id),
      id uuid not null default sd_uuid7(),
      title text not null check (length(title) between 1 and 60),
      body text not null check (length(body) between 1 and 5000),
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id)
    );
  `.execute(db);

  for (const table of ['work_calendars', 'calendar_days', 'sla_policies', 'work_item_counters', 'work_items', 'work_item_events', 'work_item_messages', 'canned_replies']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  // The enterprise timeline learns about work items: their events (internal ones hidden from the enterprise).
  await sql`
    create or replace view enterprise_timeline with (security_invoker = true) as
      select a.tenant_id, (case when a.subject_type = 'enterprise' then a.subject_id::uuid end) as enterprise_id, a.at, 'file_change'::text as kind,
             a.id as ref_id, a.action as title, a.data as detail, a.actor_user_id as actor_id,
             coalesce((a.data ->> 'internal')::boolean, false) as internal
        from audit_log a
       where a.subject_type = 'enterprise'
      union all
      select r.tenant_id, r.enterprise_id, r.proposed_at, 'change_request', r.id, 'enterprise.change.' || r.kind,
             jsonb_build_object('status', r.status, 'payload', r.payload, 'reason', r.review_reason), r.proposed_by, false
        from enterprise_change_requests r
      union all
      select e.tenant_id, w.enterprise_id, e.at, w.kind, e.id, 'workItem.' || e.action,
             jsonb_build_object('itemId', w.id, 'number', w.number, 'title', w.title, 'from', e.from_status, 'to', e.to_status),
             e.actor_id, e.internal
        from work_item_events e
        join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
       where w.enterprise_id is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace view enterprise_timeline with (security_invoker = true) as
      select a.tenant_id, (case when a.subject_type = 'enterprise' then a.subject_id::uuid end) as enterprise_id, a.at, 'file_change'::text as kind,
             a.id as ref_id, a.action as title, a.data as detail, a.actor_user_id as actor_id,
             coalesce((a.data ->> 'internal')::boolean, false) as internal
        from audit_log a where a.subject_type = 'enterprise'
      union all
      select r.tenant_id, r.enterprise_id, r.proposed_at, 'change_request', r.id, 'enterprise.change.' || r.kind,
             jsonb_build_object('status', r.status, 'payload', r.payload, 'reason', r.review_reason), r.proposed_by, false
        from enterprise_change_requests r;
    drop table if exists canned_replies, work_item_messages, work_item_events, work_items, work_item_counters, sla_policies, calendar_days, work_calendars cascade;
    alter table memberships drop column if exists on_duty, drop column if exists max_open_items;
    alter table stations drop column if exists last_assigned_user_id;
  `.execute(db);
}
