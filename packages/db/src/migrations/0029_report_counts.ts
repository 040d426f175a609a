import { sql, type Kysely } from 'kysely';

/**
 * The year report's breakdowns (年度工作统计, issue 18) as a rollup kept by triggers, as the dispute
 * counts (0009) and the KPIs (0023) are: a busy tenant receives a third of a million items a year,
 * and counting them by category, channel, case type or department for a year and the year
 * before read over half a million rows. Per tenant, local day of receipt (the tenant's zone),
 * station, kind, dimension and value: the number of items received.
 *
 * What an item counts in (report_item_cells):
 * - a consultation: its category ('' for none) and its channel;
 * - an agency item: its case's type and department ('' while it has no case).
 * (Patrol findings by source are counted from the findings, whose table comes later, in 0030.)
 *
 * Items: statement triggers on insert and delete add or take away their cells; a row trigger on
 * update (only when the station, kind, receipt time, category or channel changes) moves them.
 * Agency cases move their item's cells from '' to their type and department when written, and back
 * when removed; they share-lock the item first, so a concurrent move of the item waits for them (or
 * they for it) and each side reads the other's committed state. A change of the tenant's time zone
 * rebuilds. All in the writing transaction, so the rollup always equals a direct count.
 *
 * Beside it, the agency items by due time: the report's on-time completion per case type reads
 * them (through kpi_item_cells, read at the time, so a change of the KPI definitions needs nothing
 * here) without the other kinds' due items.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table report_day_counts (
      tenant_id uuid not null,
      day date not null,
      station_id uuid not null,
      kind text not null,
      dimension text not null,
      value text not null,
      total integer not null,
      primary key (tenant_id, day, station_id, kind, dimension, value) include (total)
    );

    create table report_month_counts (
      tenant_id uuid not null,
      month date not null check (extract(day from month) = 1),
      station_id uuid not null,
      kind text not null,
      dimension text not null,
      value text not null,
      total integer not null,
      primary key (tenant_id, month, station_id, kind, dimension, value) include (total)
    );

    create index work_items_agency_due_idx on work_items (tenant_id, resolution_due_at) where kind = 'agency' and resolution_due_at is not null;
  `.execute(db);

  for (const table of ['report_day_counts', 'report_month_counts']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    -- What one item counts in, on the local day it was received; its case's type and department given
    -- (null: none).
    create function report_item_cells(tz text, w work_items, case_type uuid, case_department text)
      returns table (day date, dimension text, value text)
      language sql stable as $$
        select ((w).created_at at time zone tz)::date, c.dimension, c.value
          from (values
                  ('category', coalesce((w).category, ''), (w).kind = 'consultation'),
                  ('channel', (w).channel, (w).kind = 'consultation'),
                  ('agency_type', coalesce(case_type::text, ''), (w).kind = 'agency'),
                  ('agency_department', coalesce(case_department, ''), (w).kind = 'agency')
               ) c (dimension, value, counted)
         where c.counted
      $$;

    -- Adds signed cells to the day and month tables; a row that falls to 0 goes. Rows are written in
    -- key order against deadlocks.
    create function report_counts_add(delta report_day_counts[]) returns void language plpgsql as $$
      begin
        insert into report_day_counts as c
        select d.tenant_id, d.day, d.station_id, d.kind, d.dimension, d.value, sum(d.total)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5, 6
        having sum(d.total) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, day, station_id, kind, dimension, value) do update set total = c.total + excluded.total;

        insert into report_month_counts as c
        select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.kind, d.dimension, d.value, sum(d.total)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5, 6
        having sum(d.total) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, month, station_id, kind, dimension, value) do update set total = c.total + excluded.total;

        delete from report_day_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.day = d.day and c.station_id = d.station_id and c.kind = d.kind
           and c.dimension = d.dimension and c.value = d.value and c.total = 0;
        delete from report_month_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.month = date_trunc('month', d.day)::date and c.station_id = d.station_id
           and c.kind = d.kind and c.dimension = d.dimension and c.value = d.value and c.total = 0;
      end
    $$;

    -- Items inserted (sign 1) or deleted (-1), many at once, with the case they have.
    create function work_items_report_rows() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform report_counts_add(array(
            select (w.tenant_id, x.day, w.station_id, w.kind, x.dimension, x.value, 1)::report_day_counts
              from report_new_items w
              join tenants t on t.id = w.tenant_id
              left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id,
                   report_item_cells(t.timezone, w, a.type_id, a.department) x));
        else
          perform report_counts_add(array(
            select (w.tenant_id, x.day, w.station_id, w.kind, x.dimension, x.value, -1)::report_day_counts
              from report_old_items w
              join tenants t on t.id = w.tenant_id
              left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id,
                   report_item_cells(t.timezone, w, a.type_id, a.department) x));
        end if;
        return null;
      end
    $$;
    create trigger work_items_report_insert after insert on work_items
      referencing new table as report_new_items for each statement execute function work_items_report_rows();
    create trigger work_items_report_delete after delete on work_items
      referencing old table as report_old_items for each statement execute function work_items_report_rows();

    -- One item moved (station, kind, receipt time) or recategorised: its cells from the old row away, the new row's in.
    create function work_items_report_update() returns trigger language plpgsql as $$
      declare
        tz text;
        a agency_cases;
      begin
        select timezone into tz from tenants where id = new.tenant_id;
        select * into a from agency_cases where tenant_id = new.tenant_id and item_id = new.id;
        perform report_counts_add(array(
          select (old.tenant_id, x.day, old.station_id, old.kind, x.dimension, x.value, -1)::report_day_counts
            from report_item_cells(tz, old, a.type_id, a.department) x
          union all
          select (new.tenant_id, x.day, new.station_id, new.kind, x.dimension, x.value, 1)::report_day_counts
            from report_item_cells(tz, new, a.type_id, a.department) x));
        return null;
      end
    $$;
    create trigger work_items_report_update after update on work_items
      for each row when ((old.station_id, old.kind, old.created_at, old.category, old.channel)
                         is distinct from (new.station_id, new.kind, new.created_at, new.category, new.channel))
      execute function work_items_report_update();

    -- Cases written or removed: their items' agency cells move between '' and the case's type and department.
    create function agency_cases_report_rows() returns trigger language plpgsql as $$
      begin
        if tg_op in ('INSERT', 'UPDATE') then
          perform 1 from work_items w where (w.tenant_id, w.id) in (select n.tenant_id, n.item_id from report_new_cases n) for share;
        end if;
        if tg_op in ('DELETE', 'UPDATE') then
          perform report_counts_add(array(
            select (w.tenant_id, (w.created_at at time zone t.timezone)::date, w.station_id, w.kind, c.dimension, c.value, c.sign)::report_day_counts
              from report_old_cases o
              join work_items w on w.tenant_id = o.tenant_id and w.id = o.item_id
              join tenants t on t.id = o.tenant_id,
                   lateral (values ('agency_type', o.type_id::text, -1), ('agency_type', '', 1),
                                   ('agency_department', o.department, -1), ('agency_department', '', 1)) c (dimension, value, sign)
             where w.kind = 'agency'));
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          perform report_counts_add(array(
            select (w.tenant_id, (w.created_at at time zone t.timezone)::date, w.station_id, w.kind, c.dimension, c.value, c.sign)::report_day_counts
              from report_new_cases n
              join work_items w on w.tenant_id = n.tenant_id and w.id = n.item_id
              join tenants t on t.id = n.tenant_id,
                   lateral (values ('agency_type', n.type_id::text, 1), ('agency_type', '', -1),
                                   ('agency_department', n.department, 1), ('agency_department', '', -1)) c (dimension, value, sign)
             where w.kind = 'agency'));
        end if;
        return null;
      end
    $$;
    create trigger agency_cases_report_insert after insert on agency_cases
      referencing new table as report_new_cases for each statement execute function agency_cases_report_rows();
    create trigger agency_cases_report_delete after delete on agency_cases
      referencing old table as report_old_cases for each statement execute function agency_cases_report_rows();
    create trigger agency_cases_report_update after update on agency_cases
      referencing old table as report_old_cases new table as report_new_cases for each statement execute function agency_cases_report_rows();

    -- The whole rollup of one tenant: the backfill, and after a change of time zone. Runs in that
    -- tenant's scope, whoever calls it.
    create function report_counts_rebuild(t uuid) returns void language plpgsql as $$
      declare
        caller text := current_setting('app.tenant_id', true);
        tz text;
      begin
        perform set_config('app.tenant_id', t::text, true);
        select timezone into tz from tenants where id = t;
        delete from report_day_counts where tenant_id = t;
        delete from report_month_counts where tenant_id = t;
        perform report_counts_add(array(
          select (t, x.day, w.station_id, w.kind, x.dimension, x.value, 1)::report_day_counts
            from work_items w
            left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id,
                 report_item_cells(tz, w, a.type_id, a.department) x
           where w.tenant_id = t));
        perform set_config('app.tenant_id', coalesce(caller, ''), true);
      end
    $$;

    create function tenants_report_counts() returns trigger language plpgsql as $$
      begin
        perform report_counts_rebuild(new.id);
        return null;
      end
    $$;
    create trigger tenants_report_counts after update of timezone on tenants
      for each row when (old.timezone is distinct from new.timezone)
      execute function tenants_report_counts();
  `.execute(db);

  await sql`select report_counts_rebuild(id) from tenants`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists tenants_report_counts on tenants;
    drop trigger if exists agency_cases_report_insert on agency_cases;
    drop trigger if exists agency_cases_report_delete on agency_cases;
    drop trigger if exists agency_cases_report_update on agency_cases;
    drop trigger if exists work_items_report_insert on work_items;
    drop trigger if exists work_items_report_delete on work_items;
    drop trigger if exists work_items_report_update on work_items;
    drop function if exists tenants_report_counts(), report_counts_rebuild(uuid), agency_cases_report_rows(),
      work_items_report_update(), work_items_report_rows(), report_counts_add(report_day_counts[]),
      report_item_cells(text, work_items, uuid, text);
    drop index if exists work_items_agency_due_idx;
    drop table if exists report_day_counts, report_month_counts;
  `.execute(db);
}
