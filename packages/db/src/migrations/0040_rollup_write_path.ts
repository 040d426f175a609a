import { sql, type Kysely } from 'kysely';

/**
 * The write path of a work item (issues 19 and 23): what its triggers cost, measured inside them
 * (auto_explain with nested statements, pg_stat_xact_user_functions) on the bench's million items.
 *
 * 1. The rollups' month rows were looked up by a scan. kpi_counts_add, report_counts_add and
 *    dispute_counts_add took away the rows that fell to nothing with
 *    `delete … using unnest(delta) d where c.month = date_trunc('month', d.day)::date …` for every
 *    write, an insert too. date_trunc is not leakproof, so under row-level security that condition
 *    may not drive the index: each of a delta's cells walked every month row of the tenant (1,700
 *    buffers, 36 ms a cell for kpi_month_counts, 145 ms for one new item on the loaded machine).
 *    Now each table's upsert returns the rows it left at nothing and only those are deleted, by
 *    their full key (plain columns, leakproof =); an insert, which only adds, deletes nothing.
 * 2. Four statements per KPI rollup table (upsert, delete) are now one statement for the four
 *    tables (and one for the report's two), still a table after the other and rows in key order
 *    within each (against deadlocks), and an empty delta (a history line that is no rating or
 *    return, a consultation's case) returns at once.
 * 3. The title grams were written by a row trigger: a statement per item (a millisecond a row —
 *    the rule engine's first run raises findings 500 at a time). Inserts now write all the
 *    statement's grams in one insert (statement trigger, keeping the name `work_item_grams` that
 *    the bulk seeds switch off); a retitle stays a row trigger (`work_item_grams_retitle`).
 *
 * Results are unchanged: the same cells, counts and grams. Idempotent (create or replace).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function kpi_counts_add(delta kpi_day_counts[]) returns void language plpgsql as $$
      declare
        gone_day kpi_day_counts[];
        gone_month kpi_month_counts[];
        gone_station_day kpi_station_day_counts[];
        gone_station_month kpi_station_month_counts[];
      begin
        if coalesce(cardinality(delta), 0) = 0 then return; end if;
        with d as (select * from unnest(delta)),
        day_rows as (
          insert into kpi_day_counts as c
          select d.tenant_id, d.day, d.station_id, d.kind, d.staff_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
            from d
           group by 1, 2, 3, 4, 5, 6
          having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
           order by 1, 2, 3, 4, 5, 6
          on conflict (tenant_id, day, station_id, kind, staff_id, metric)
            do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator
          returning c.*),
        month_rows as (
          insert into kpi_month_counts as c
          select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.kind, d.staff_id, d.metric,
                 sum(d.numerator)::int, sum(d.denominator)::int
            from d
           group by 1, 2, 3, 4, 5, 6
          having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
           order by 1, 2, 3, 4, 5, 6
          on conflict (tenant_id, month, station_id, kind, staff_id, metric)
            do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator
          returning c.*),
        station_day_rows as (
          insert into kpi_station_day_counts as c
          select d.tenant_id, d.day, d.station_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
            from d
           group by 1, 2, 3, 4
          having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
           order by 1, 2, 3, 4
          on conflict (tenant_id, day, station_id, metric)
            do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator
          returning c.*),
        station_month_rows as (
          insert into kpi_station_month_counts as c
          select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.metric, sum(d.numerator)::int, sum(d.denominator)::int
            from d
           group by 1, 2, 3, 4
          having sum(d.numerator) <> 0 or sum(d.denominator) <> 0
           order by 1, 2, 3, 4
          on conflict (tenant_id, month, station_id, metric)
            do update set numerator = c.numerator + excluded.numerator, denominator = c.denominator + excluded.denominator
          returning c.*)
        select (select array_agg(r::kpi_day_counts) from day_rows r where r.numerator = 0 and r.denominator = 0),
               (select array_agg(r::kpi_month_counts) from month_rows r where r.numerator = 0 and r.denominator = 0),
               (select array_agg(r::kpi_station_day_counts) from station_day_rows r where r.numerator = 0 and r.denominator = 0),
               (select array_agg(r::kpi_station_month_counts) from station_month_rows r where r.numerator = 0 and r.denominator = 0)
          into gone_day, gone_month, gone_station_day, gone_station_month;

        if gone_day is not null then
          delete from kpi_day_counts c using unnest(gone_day) g
           where c.tenant_id = g.tenant_id and c.day = g.day and c.station_id = g.station_id and c.kind = g.kind
             and c.staff_id = g.staff_id and c.metric = g.metric and c.numerator = 0 and c.denominator = 0;
        end if;
        if gone_month is not null then
          delete from kpi_month_counts c using unnest(gone_month) g
           where c.tenant_id = g.tenant_id and c.month = g.month and c.station_id = g.station_id and c.kind = g.kind
             and c.staff_id = g.staff_id and c.metric = g.metric and c.numerator = 0 and c.denominator = 0;
        end if;
        if gone_station_day is not null then
          delete from kpi_station_day_counts c using unnest(gone_station_day) g
           where c.tenant_id = g.tenant_id and c.day = g.day and c.station_id = g.station_id and c.metric = g.metric
             and c.numerator = 0 and c.denominator = 0;
        end if;
        if gone_station_month is not null then
          delete from kpi_station_month_counts c using unnest(gone_station_month) g
           where c.tenant_id = g.tenant_id and c.month = g.month and c.station_id = g.station_id and c.metric = g.metric
             and c.numerator = 0 and c.denominator = 0;
        end if;
      end
    $$;

    create or replace function report_counts_add(delta report_day_counts[]) returns void language plpgsql as $$
      declare
        gone_day report_day_counts[];
        gone_month report_month_counts[];
      begin
        if coalesce(cardinality(delta), 0) = 0 then return; end if;
        with d as (select * from unnest(delta)),
        day_rows as (
          insert into report_day_counts as c
          select d.tenant_id, d.day, d.station_id, d.kind, d.dimension, d.value, sum(d.total)::int
            from d
           group by 1, 2, 3, 4, 5, 6
          having sum(d.total) <> 0
           order by 1, 2, 3, 4, 5, 6
          on conflict (tenant_id, day, station_id, kind, dimension, value) do update set total = c.total + excluded.total
          returning c.*),
        month_rows as (
          insert into report_month_counts as c
          select d.tenant_id, date_trunc('month', d.day)::date, d.station_id, d.kind, d.dimension, d.value, sum(d.total)::int
            from d
           group by 1, 2, 3, 4, 5, 6
          having sum(d.total) <> 0
           order by 1, 2, 3, 4, 5, 6
          on conflict (tenant_id, month, station_id, kind, dimension, value) do update set total = c.total + excluded.total
          returning c.*)
        select (select array_agg(r::report_day_counts) from day_rows r where r.total = 0),
               (select array_agg(r::report_month_counts) from month_rows r where r.total = 0)
          into gone_day, gone_month;

        if gone_day is not null then
          delete from report_day_counts c using unnest(gone_day) g
           where c.tenant_id = g.tenant_id and c.day = g.day and c.station_id = g.station_id and c.kind = g.kind
             and c.dimension = g.dimension and c.value = g.value and c.total = 0;
        end if;
        if gone_month is not null then
          delete from report_month_counts c using unnest(gone_month) g
           where c.tenant_id = g.tenant_id and c.month = g.month and c.station_id = g.station_id and c.kind = g.kind
             and c.dimension = g.dimension and c.value = g.value and c.total = 0;
        end if;
      end
    $$;

    create or replace function dispute_counts_add(delta dispute_day_counts[]) returns void language plpgsql as $$
      declare
        h record;
        gone_day dispute_day_counts[];
        gone_month dispute_month_counts[];
      begin
        if coalesce(cardinality(delta), 0) = 0 then return; end if;
        with d as (select * from unnest(delta)),
        day_rows as (
          insert into dispute_day_counts as c
          select d.tenant_id, d.station_id, d.day, d.dimension, d.value, sum(d.total)::int, sum(d.open)::int
            from d
           group by 1, 2, 3, 4, 5
          having sum(d.total) <> 0 or sum(d.open) <> 0
           order by 1, 4, 3, 2, 5
          on conflict (tenant_id, dimension, day, station_id, value)
            do update set total = c.total + excluded.total, open = c.open + excluded.open
          returning c.*),
        month_rows as (
          insert into dispute_month_counts as c
          select d.tenant_id, d.station_id, date_trunc('month', d.day)::date, d.dimension, d.value, sum(d.total)::int, sum(d.open)::int
            from d
           where d.dimension <> 'close_days'
           group by 1, 2, 3, 4, 5
          having sum(d.total) <> 0 or sum(d.open) <> 0
           order by 1, 4, 3, 2, 5
          on conflict (tenant_id, dimension, month, station_id, value)
            do update set total = c.total + excluded.total, open = c.open + excluded.open
          returning c.*)
        select (select array_agg(r::dispute_day_counts) from day_rows r where r.total = 0 and r.open = 0),
               (select array_agg(r::dispute_month_counts) from month_rows r where r.total = 0 and r.open = 0)
          into gone_day, gone_month;

        for h in
          select d.tenant_id, d.station_id, date_trunc('month', d.day)::date as month, d.value::int as days, sum(d.total)::int as n
            from unnest(delta) d
           where d.dimension = 'close_days'
           group by 1, 2, 3, 4
          having sum(d.total) <> 0
           order by 1, 3, 2, 4
        loop
          insert into dispute_close_days as c values (h.tenant_id, h.station_id, h.month, array_fill(h.n, array[1], array[h.days]))
          on conflict (tenant_id, month, station_id) do update set counts[h.days] = coalesce(c.counts[h.days], 0) + h.n;
        end loop;

        if gone_day is not null then
          delete from dispute_day_counts c using unnest(gone_day) g
           where c.tenant_id = g.tenant_id and c.dimension = g.dimension and c.day = g.day and c.station_id = g.station_id
             and c.value = g.value and c.total = 0 and c.open = 0;
        end if;
        if gone_month is not null then
          delete from dispute_month_counts c using unnest(gone_month) g
           where c.tenant_id = g.tenant_id and c.dimension = g.dimension and c.month = g.month and c.station_id = g.station_id
             and c.value = g.value and c.total = 0 and c.open = 0;
        end if;
      end
    $$;

    -- New items' grams: one insert for the statement's rows.
    create or replace function sd_work_item_grams_insert() returns trigger language plpgsql as $$
    begin
      insert into work_item_title_grams (tenant_id, gram, item_id)
        select n.tenant_id, g, n.id from sd_new_grams_items n, unnest(sd_bigrams(n.title)) g
        on conflict do nothing;
      return null;
    end $$;

    -- A retitled item: the old title's grams out (through the primary key, 0011), the new one's in.
    create or replace function sd_work_item_grams() returns trigger language plpgsql as $$
    begin
      if new.title is not distinct from old.title then return new; end if;
      delete from work_item_title_grams
       where tenant_id = old.tenant_id and gram = any(sd_bigrams(old.title)) and item_id = old.id;
      insert into work_item_title_grams (tenant_id, gram, item_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.title)) g
        on conflict do nothing;
      return new;
    end $$;

    drop trigger if exists work_item_grams on work_items;
    drop trigger if exists work_item_grams_retitle on work_items;
    create trigger work_item_grams after insert on work_items
      referencing new table as sd_new_grams_items for each statement execute function sd_work_item_grams_insert();
    create trigger work_item_grams_retitle after update of title on work_items
      for each row execute function sd_work_item_grams();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists work_item_grams_retitle on work_items;
    drop trigger if exists work_item_grams on work_items;
    drop function if exists sd_work_item_grams_insert();
    create or replace function sd_work_item_grams() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' then
        if new.title is not distinct from old.title then return new; end if;
        delete from work_item_title_grams
         where tenant_id = old.tenant_id and gram = any(sd_bigrams(old.title)) and item_id = old.id;
      end if;
      insert into work_item_title_grams (tenant_id, gram, item_id)
        select new.tenant_id, g, new.id from unnest(sd_bigrams(new.title)) g
        on conflict do nothing;
      return new;
    end $$;
    create trigger work_item_grams after insert or update of title on work_items
      for each row execute function sd_work_item_grams();

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

    create or replace function report_counts_add(delta report_day_counts[]) returns void language plpgsql as $$
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

    create or replace function dispute_counts_add(delta dispute_day_counts[]) returns void language plpgsql as $$
      declare
        h record;
      begin
        insert into dispute_day_counts as c
        select d.tenant_id, d.station_id, d.day, d.dimension, d.value, sum(d.total)::int, sum(d.open)::int
          from unnest(delta) d
         group by 1, 2, 3, 4, 5
        having sum(d.total) <> 0 or sum(d.open) <> 0
         order by 1, 4, 3, 2, 5
        on conflict (tenant_id, dimension, day, station_id, value)
          do update set total = c.total + excluded.total, open = c.open + excluded.open;
        insert into dispute_month_counts as c
        select d.tenant_id, d.station_id, date_trunc('month', d.day)::date, d.dimension, d.value, sum(d.total)::int, sum(d.open)::int
          from unnest(delta) d
         where d.dimension <> 'close_days'
         group by 1, 2, 3, 4, 5
        having sum(d.total) <> 0 or sum(d.open) <> 0
         order by 1, 4, 3, 2, 5
        on conflict (tenant_id, dimension, month, station_id, value)
          do update set total = c.total + excluded.total, open = c.open + excluded.open;
        for h in
          select d.tenant_id, d.station_id, date_trunc('month', d.day)::date as month, d.value::int as days, sum(d.total)::int as n
            from unnest(delta) d
           where d.dimension = 'close_days'
           group by 1, 2, 3, 4
          having sum(d.total) <> 0
           order by 1, 3, 2, 4
        loop
          insert into dispute_close_days as c values (h.tenant_id, h.station_id, h.month, array_fill(h.n, array[1], array[h.days]))
          on conflict (tenant_id, month, station_id) do update set counts[h.days] = coalesce(c.counts[h.days], 0) + h.n;
        end loop;
        delete from dispute_day_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.dimension = d.dimension and c.day = d.day and c.station_id = d.station_id
           and c.value = d.value and c.total = 0 and c.open = 0;
        delete from dispute_month_counts c
         using unnest(delta) d
         where c.tenant_id = d.tenant_id and c.dimension = d.dimension and c.month = date_trunc('month', d.day)::date
           and c.station_id = d.station_id and c.value = d.value and c.total = 0 and c.open = 0;
      end
    $$;
  `.execute(db);
}
