import { sql, type Kysely } from 'kysely';

/**
 * 矛盾预警: dispute cases on the work-order engine (kind 'dispute', TJ-…): parties (personal data
 * masked in the API), inquiry and mediation sessions, evidence, risk scores with their history,
 * early warnings, outcomes and follow-up visits; risk points per tenant. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dispute_settings (
      tenant_id uuid primary key references tenants (id),
      risk jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by uuid
    );

    create table dispute_cases (
      tenant_id uuid not null,
      item_id uuid not null,
      source text not null check (source in ('party_application', 'found_by_staff', 'police_transfer', 'court_transfer', 'government_transfer', 'enterprise_report')),
      dispute_type text not null check (dispute_type in ('wage_arrears', 'labour_contract', 'social_insurance', 'property', 'commercial', 'other')),
      facts text not null default '' check (length(facts) <= 20000),
      amount_yuan numeric(14, 2) check (amount_yuan >= 0),
      people_involved integer not null check (people_involved >= 1 and people_involved <= 100000),
      social_insurance_arrears boolean not null default false,
      prior_escalation boolean not null default false,
      risk_score integer not null default 0,
      risk_level text not null default 'green' check (risk_level in ('green', 'yellow', 'red')),
      risk_factors jsonb not null default '[]',
      group_dispute boolean not null default false,
      outcome text check (outcome in ('agreement', 'referred', 'withdrawn', 'failed')),
      outcome_at timestamptz,
      outcome_note text check (length(outcome_note) <= 5000),
      agreement_no text check (length(agreement_no) <= 60),
      agreement_terms text check (length(agreement_terms) <= 20000),
      agreement_amount_yuan numeric(14, 2) check (agreement_amount_yuan >= 0),
      performance_method text check (length(performance_method) <= 200),
      performance_place text check (length(performance_place) <= 200),
      performance_due_on date,
      signed_file_id uuid,
      referred_to text check (length(referred_to) <= 200),
      performed text check (performed in ('full', 'partial', 'none')),
      updated_at timestamptz not null default now(),
      primary key (tenant_id, item_id),
      foreign key (tenant_id, item_id) references work_items (tenant_id, id),
      foreign key (tenant_id, signed_file_id) references files (tenant_id, id)
    );
    create index dispute_cases_level_idx on dispute_cases (tenant_id, risk_level);

    create table dispute_parties (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      side text not null check (side in ('applicant', 'respondent')),
      kind text not null check (kind in ('person', 'organisation')),
      name text not null check (length(name) between 1 and 200),
      phone text check (length(phone) <= 40),
      id_number text check (length(id_number) = 18),
      enterprise_id uuid,
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references dispute_cases (tenant_id, item_id),
      foreign key (tenant_id, enterprise_id) references enterprises (tenant_id, id)
    );
    create index dispute_parties_item_idx on dispute_parties (tenant_id, item_id);
    create index dispute_parties_enterprise_idx on dispute_parties (tenant_id, enterprise_id) where enterprise_id is not null;

    create table dispute_sessions (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      kind text not null check (kind in ('inquiry', 'mediation')),
      held_at timestamptz not null,
      place text check (length(place) <= 200),
      mediator text not null check (length(mediator) between 1 and 100),
      attendees text check (length(attendees) <= 1000),
      notes text not null check (length(notes) between 1 and 20000),
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references dispute_cases (tenant_id, item_id)
    );
    create index dispute_sessions_item_idx on dispute_sessions (tenant_id, item_id, held_at);

    create table dispute_evidence (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      file_id uuid not null,
      description text check (length(description) <= 500),
      uploaded_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references dispute_cases (tenant_id, item_id),
      foreign key (tenant_id, file_id) references files (tenant_id, id)
    );

    -- Every score a case has had, and why (append-only).
    create table dispute_risk_history (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      at timestamptz not null default now(),
      score integer not null,
      level text not null,
      factors jsonb not null,
      reason text not null,
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references dispute_cases (tenant_id, item_id)
    );
    create index dispute_risk_history_item_idx on dispute_risk_history (tenant_id, item_id, at);

    create table dispute_warnings (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      level text not null check (level in ('yellow', 'red')),
      score integer not null,
      reason text not null,
      raised_at timestamptz not null default now(),
      acknowledged_at timestamptz,
      acknowledged_by uuid,
      acknowledgement text check (length(acknowledgement) <= 2000),
      primary key (tenant_id, id),
      foreign key (tenant_id, item_id) references dispute_cases (tenant_id, item_id)
    );
    create index dispute_warnings_open_idx on dispute_warnings (tenant_id, raised_at desc) where acknowledged_at is null;
    create index dispute_warnings_raised_idx on dispute_warnings (tenant_id, raised_at);

    create table dispute_visits (
      tenant_id uuid not null,
      id uuid not null default sd_uuid7(),
      item_id uuid not null,
      visit_no integer not null check (visit_no in (7, 30)),
      visited_on date not null,
      visitor text not null check (length(visitor) between 1 and 100),
      performance text not null check (performance in ('full', 'partial', 'none')),
      satisfaction text check (satisfaction in ('very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied')),
      new_risk boolean not null default false,
      notes text check (length(notes) <= 5000),
      created_by uuid,
      created_at timestamptz not null default now(),
      primary key (tenant_id, id),
      unique (tenant_id, item_id, visit_no),
      foreign key (tenant_id, item_id) references dispute_cases (tenant_id, item_id)
    );

    -- The managers' counts read items of kind dispute by creation month and station.
    create index work_items_disputes_idx on work_items (tenant_id, created_at, station_id) include (status, closed_at) where kind = 'dispute';
  `.execute(db);

  for (const table of ['dispute_settings', 'dispute_cases', 'dispute_parties', 'dispute_sessions', 'dispute_evidence', 'dispute_risk_history', 'dispute_warnings', 'dispute_visits']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists work_items_disputes_idx;
    drop table if exists dispute_visits, dispute_warnings, dispute_risk_history, dispute_evidence, dispute_sessions, dispute_parties, dispute_cases, dispute_settings cascade;
  `.execute(db);
}
