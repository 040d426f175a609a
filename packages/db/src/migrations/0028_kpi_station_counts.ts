import { sql, type Kysely } from 'kysely';

/**
 * The KPI rollup per station (issue 18): the dashboard's usual reads — the summary, the trend and
 * the station table, for every kind — want neither the kind nor the handler, yet the rollup of 0023
 * keeps a row per station, kind, handler and metric: a year's summary with its 同比 summed about
 * 19,000 month rows on the bench's million items (12 ms of a 50 ms budget). Beside it the same
 * counts per tenant, local day or month, station and metric only — a station's handlers and kinds
 * added up, sixteen-odd times fewer rows. kpi_counts_add keeps them with the others in the writing
 * transaction (rows in key order, a table after the other, as before), kpi_counts_rebuild clears
 * them too; they are filled from the rollup as it stands, tenant by tenant. A kind filter or the
 * per-handler table still reads the full rollup. Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kpi_station_day_counts (
      tenant_id uuid not null,
      day date not null,
      station_id uuid not null,
      metric text not null,
      numerator integer not null,
      denominator integer not null,
      primary key (tenant_id, day, station_id, metric) include (numerator, denominator)
    );

    create table kpi_station_month_counts (
      tenant_id uuid not null,
      month date not null check (extract(day from month) = 1),
      station_id uuid not null,
      metric text not null,
      numerator integer not null,
      denominator integer not null,
      primary key (tenant_id, month, station_id, metric) include (numerator, denominator)
    );
  `.execute(db);

  for (const table of ['kpi_station_day_counts', 'kpi_station_month_counts']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    create or replace function kpi_counts_add(delta kpi_day_counts[]) returns void language plpgsql as $$
      begin
        insert into kpi_day_counts as c
        select d.tenant_id, d.day, d.station_id, d.kind, d.staff_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5, 6
        having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, day, station_id, kind, staff_id, metric)
          do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator;

        insert into kpi_month_counts as c
        select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.kind, d.staff_id, d.metric,
               sum(d.numerator)::int, sum(d.denominator)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5, 6
        having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, month, station_id, kind, staff_id, metric)
          do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator;

        insert into kpi_station_day_counts as c
        select d.tenant_id, d.day, d.station_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
          from unnest(delta) d
         group by 1, 2, 3, 4
        having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
         order by 1, 2, 3, 4
        on conflict (tenant_id, day, station_id, metric)
          do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator;

        insert into kpi_station_month_counts as c
        select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
          from unnest(delta) d
         group by 1, 2, 3, 4
        having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
         order by 1, 2, 3, 4
        on conflict (tenant_id, month, station_id, metric)
          do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator;

        delete from kpi_day_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.day = d.day and c.station_id = d.station_id and c.kind = d.kind
           and c.staff_id = d.staff_id and c.metric = d.metric and c.numerator = 0 and c.denominator = 0;
        delete from kpi_month_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.month = date_trunc('month', d.day)::date and c.station_id = d.station_id
           and c.kind = d.kind and c.staff_id = d.staff_id and c.metric = d.metric
           and c.numerator = 0 and c.denominator = 0;
        delete from kpi_station_day_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.day = d.day and c.station_id = d.station_id and c.metric = d.metric
           and c.numerator = 0 and c.denominator = 0;
        delete from kpi_station_month_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.month = date_trunc('month', d.day)::date and c.station_id = d.station_id
           and c.metric = d.metric and c.numerator = 0 and c.denominator = 0;
      end
    $$;

    create or replace function kpi_counts_rebuild(t uuid) returns void language plpgsql as $$
      declare
        caller text := current_setting('app.tenant_id', true);
        tz text;
      begin
        perform set_config('app.tenant_id', t::text, true);
        select timezone into tz from tenants where id = t;
        delete from kpi_day_counts where tenant_id = t;
        delete from kpi_month_counts where tenant_id = t;
        delete from kpi_station_day_counts where tenant_id = t;
        delete from kpi_station_month_counts where tenant_id = t;
        perform kpi_counts_add(array(
          select (t, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
            from work_items w, kpi_item_cells(tz, w) x
           where w.tenant_id = t
          union all
          select (t, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
            from work_item_events e
            join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id,
                 kpi_event_cells(tz, e) x
           where e.tenant_id = t and e.action in ('visit', 'redo', 'return')));
        perform set_config('app.tenant_id', coalesce(caller, ''), true);
      end
    $$;

    -- Filled from the rollup as it stands, in each tenant's scope.
    do $$
      declare
        caller text := current_setting('app.tenant_id', true);
        t uuid;
      begin
        for t in select id from tenants loop
          perform set_config('app.tenant_id', t::text, true);
          insert into kpi_station_day_counts
          select tenant_id, day, station_id, metric, sum(numerator)::int, sum(denominator)::int
            from kpi_day_counts where tenant_id = t
           group by 1, 2, 3, 4 having sum(numerator) <> 0 or sum(denominator) <> 0;
          insert into kpi_station_month_counts
          select tenant_id, month, station_id, metric, sum(numerator)::int, sum(denominator)::int
            from kpi_month_counts where tenant_id = t
           group by 1, 2, 3, 4 having sum(numerator) <> 0 or sum(denominator) <> 0;
        end loop;
        perform set_config('app.tenant_id', coalesce(caller, ''), true);
      end
    $$;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function kpi_counts_add(delta kpi_day_counts[]) returns void language plpgsql as $$
      begin
        insert into kpi_day_counts as c
        select d.tenant_id, d.day, d.station_id, d.kind, d.staff_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5, 6
        having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, day, station_id, kind, staff_id, metric)
          do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator;

        insert into kpi_month_counts as c
        select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.kind, d.staff_id, d.metric,
               sum(d.numerator)::int, sum(d.denominator)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5, 6
        having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
         order by 1, 2, 3, 4, 5, 6
        on conflict (tenant_id, month, station_id, kind, staff_id, metric)
          do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator;

        delete from kpi_day_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.day = d.day and c.station_id = d.station_id and c.kind = d.kind
           and c.staff_id = d.staff_id and c.metric = d.metric and c.numerator = 0 and c.denominator = 0;
        delete from kpi_month_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.month = date_trunc('month', d.day)::date and c.station_id = d.station_id
           and c.kind = d.kind and c.staff_id = d.staff_id and c.metric = d.metric
           and c.numerator = 0 and c.denominator = 0;
      end
    $$;

    create or replace function kpi_counts_rebuild(t uuid) returns void language plpgsql as $$
      declare
        caller text := current_setting('app.tenant_id', true);
        tz text;
      begin
        perform set_config('app.tenant_id', t::text, true);
        select timezone into tz from tenants where id = t;
        delete from kpi_day_counts where tenant_id = t;
        delete from kpi_month_counts where tenant_id = t;
        perform kpi_counts_add(array(
          select (t, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
            from work_items w, kpi_item_cells(tz, w) x
           where w.tenant_id = t
          union all
          select (t, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
            from work_item_events e
            join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id,
                 kpi_event_cells(tz, e) x
           where e.tenant_id = t and e.action in ('visit', 'redo', 'return')));
        perform set_config('app.tenant_id', coalesce(caller, ''), true);
      end
    $$;

    drop table if exists kpi_station_day_counts, kpi_station_month_counts;
  `.execute(db);
}
