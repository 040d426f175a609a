import { sql, type Kysely } from 'kysely';

/**
 * The managers' dispute counts (矛盾纠纷统计) as a rollup kept by triggers, so a year of counts reads
 * a few hundred small rows instead of joining every case. Per tenant, station and local day (the
 * tenant's time zone) one row per counted value, with how many cases have it and how many of those
 * are still open: a case counts once in each of type, source, outcome ('pending' before one) and
 * risk_level; an agreement once in performed ('unknown' before a visit); a closed case with an
 * outcome once in close_days (value: local calendar days from filing to outcome). Cases count on
 * the day they were filed; warnings (dimension 'warning', open = not acknowledged) on the day they
 * were raised, at their case's station.
 *
 * Three tables: the days (read only for the partial months at a period's edges), the same by month
 * without close_days (what whole months read), and close_days by month as one histogram array per
 * station (the median's input, a row instead of a row per number of days). The triggers run in the
 * writing transaction, so the rollup always equals a direct count of the cases and warnings. Each
 * computes its change from the other tables as they stand after its statement: a case and its work
 * item may change in one transaction, but not in one statement (a data-modifying CTE over both).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table dispute_day_counts (
      tenant_id uuid not null,
      station_id uuid not null,
      day date not null,
      dimension text not null check (dimension in ('type', 'source', 'outcome', 'risk_level', 'performed', 'close_days', 'warning')),
      value text not null,
      total integer not null,
      open integer not null,
      primary key (tenant_id, dimension, day, station_id, value) include (total, open)
    );

    create table dispute_month_counts (
      tenant_id uuid not null,
      station_id uuid not null,
      month date not null check (extract(day from month) = 1),
      dimension text not null check (dimension in ('type', 'source', 'outcome', 'risk_level', 'performed', 'warning')),
      value text not null,
      total integer not null,
      open integer not null,
      primary key (tenant_id, dimension, month, station_id, value) include (total, open)
    );

    -- counts[d]: the station's cases filed in the month and closed d local days later (holes are 0).
    create table dispute_close_days (
      tenant_id uuid not null,
      station_id uuid not null,
      month date not null check (extract(day from month) = 1),
      counts integer[] not null,
      primary key (tenant_id, month, station_id)
    );
  `.execute(db);

  for (const table of ['dispute_day_counts', 'dispute_month_counts', 'dispute_close_days']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    -- What one case counts as, given its work item's station, filing time and status.
    create function dispute_case_cells(tz text, item_station uuid, filed_at timestamptz, item_status text, c dispute_cases)
      returns table (station_id uuid, day date, dimension text, value text, total integer, open integer)
      language sql stable as $$
        select item_station, (filed_at at time zone tz)::date, d.dimension, d.value, 1,
               case when item_status in ('resolved', 'visited', 'closed') then 0 else 1 end
          from (values ('type', (c).dispute_type),
                       ('source', (c).source),
                       ('outcome', coalesce((c).outcome, 'pending')),
                       ('risk_level', (c).risk_level),
                       ('performed', case when (c).outcome = 'agreement' then coalesce((c).performed, 'unknown') end),
                       ('close_days', case when item_status in ('resolved', 'visited', 'closed') and (c).outcome_at is not null
                                           then (((c).outcome_at at time zone tz)::date - (filed_at at time zone tz)::date)::text end)
               ) d (dimension, value)
         where d.value is not null
      $$;

    create function dispute_warning_cells(tz text, item_station uuid, w dispute_warnings)
      returns table (station_id uuid, day date, dimension text, value text, total integer, open integer)
      language sql stable as $$
        select item_station, ((w).raised_at at time zone tz)::date, 'warning', '', 1,
               case when (w).acknowledged_at is null then 1 else 0 end
      $$;

    -- Adds signed cells (total and open may be negative) to the three tables; a row of the day or
    -- month counts that falls to nothing goes. Rows are locked in key order against deadlocks.
    create function dispute_counts_add(delta dispute_day_counts[]) returns void language plpgsql as $$
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

    -- The case trigger share-locks its work item, so a concurrent status or station change waits
    -- for it (or it for that), and each side computes its delta from the other's committed state.
    create function dispute_cases_counts() returns trigger language plpgsql as $$
      declare
        t uuid := coalesce(new.tenant_id, old.tenant_id);
        item record;
        tz text;
      begin
        select w.station_id, w.created_at, w.status into item
          from work_items w where w.tenant_id = t and w.id = coalesce(new.item_id, old.item_id) for share;
        select timezone into tz from tenants where id = t;
        perform dispute_counts_add(array(
          select (t, x.station_id, x.day, x.dimension, x.value, -x.total, -x.open)::dispute_day_counts
            from dispute_case_cells(tz, item.station_id, item.created_at, item.status, old) x where tg_op <> 'INSERT'
          union all
          select (t, x.station_id, x.day, x.dimension, x.value, x.total, x.open)::dispute_day_counts
            from dispute_case_cells(tz, item.station_id, item.created_at, item.status, new) x where tg_op <> 'DELETE'));
        return null;
      end
    $$;
    create trigger dispute_cases_counts_insert_delete after insert or delete on dispute_cases
      for each row execute function dispute_cases_counts();
    create trigger dispute_cases_counts_update after update on dispute_cases
      for each row when (old.dispute_type is distinct from new.dispute_type or old.source is distinct from new.source
                         or old.outcome is distinct from new.outcome or old.risk_level is distinct from new.risk_level
                         or old.performed is distinct from new.performed or old.outcome_at is distinct from new.outcome_at)
      execute function dispute_cases_counts();

    -- A dispute's work item opening or closing, or moving to another station (with its warnings).
    create function work_items_dispute_counts() returns trigger language plpgsql as $$
      declare
        tz text;
      begin
        select timezone into tz from tenants where id = new.tenant_id;
        perform dispute_counts_add(array(
          select (new.tenant_id, x.station_id, x.day, x.dimension, x.value, -x.total, -x.open)::dispute_day_counts
            from dispute_cases c, dispute_case_cells(tz, old.station_id, old.created_at, old.status, c) x
           where c.tenant_id = new.tenant_id and c.item_id = new.id
          union all
          select (new.tenant_id, x.station_id, x.day, x.dimension, x.value, x.total, x.open)::dispute_day_counts
            from dispute_cases c, dispute_case_cells(tz, new.station_id, new.created_at, new.status, c) x
           where c.tenant_id = new.tenant_id and c.item_id = new.id
          union all
          select (new.tenant_id, x.station_id, x.day, x.dimension, x.value, -x.total, -x.open)::dispute_day_counts
            from dispute_warnings dw, dispute_warning_cells(tz, old.station_id, dw) x
           where old.station_id is distinct from new.station_id and dw.tenant_id = new.tenant_id and dw.item_id = new.id
          union all
          select (new.tenant_id, x.station_id, x.day, x.dimension, x.value, x.total, x.open)::dispute_day_counts
            from dispute_warnings dw, dispute_warning_cells(tz, new.station_id, dw) x
           where old.station_id is distinct from new.station_id and dw.tenant_id = new.tenant_id and dw.item_id = new.id));
        return null;
      end
    $$;
    create trigger work_items_dispute_counts after update of status, station_id, created_at on work_items
      for each row when (new.kind = 'dispute' and (old.station_id is distinct from new.station_id
                         or old.created_at is distinct from new.created_at
                         or (old.status in ('resolved', 'visited', 'closed')) is distinct from (new.status in ('resolved', 'visited', 'closed'))))
      execute function work_items_dispute_counts();

    create function dispute_warnings_counts() returns trigger language plpgsql as $$
      declare
        t uuid := coalesce(new.tenant_id, old.tenant_id);
        tz text;
      begin
        perform 1 from work_items w where w.tenant_id = t and w.id in (old.item_id, new.item_id) for share;
        select timezone into tz from tenants where id = t;
        perform dispute_counts_add(array(
          select (t, x.station_id, x.day, x.dimension, x.value, -x.total, -x.open)::dispute_day_counts
            from work_items w, dispute_warning_cells(tz, w.station_id, old) x
           where tg_op <> 'INSERT' and w.tenant_id = t and w.id = old.item_id
          union all
          select (t, x.station_id, x.day, x.dimension, x.value, x.total, x.open)::dispute_day_counts
            from work_items w, dispute_warning_cells(tz, w.station_id, new) x
           where tg_op <> 'DELETE' and w.tenant_id = t and w.id = new.item_id));
        return null;
      end
    $$;
    create trigger dispute_warnings_counts_insert_delete after insert or delete on dispute_warnings
      for each row execute function dispute_warnings_counts();
    create trigger dispute_warnings_counts_update after update on dispute_warnings
      for each row when (old.raised_at is distinct from new.raised_at or old.item_id is distinct from new.item_id
                         or (old.acknowledged_at is null) <> (new.acknowledged_at is null))
      execute function dispute_warnings_counts();

    -- The whole rollup of one tenant from its cases and warnings: the backfill, and after a change
    -- of time zone (every local day moves). Runs in that tenant's scope, whoever calls it.
    create function dispute_counts_rebuild(t uuid) returns void language plpgsql as $$
      declare
        caller text := current_setting('app.tenant_id', true);
        tz text;
      begin
        perform set_config('app.tenant_id', t::text, true);
        select timezone into tz from tenants where id = t;
        delete from dispute_day_counts where tenant_id = t;
        delete from dispute_month_counts where tenant_id = t;
        delete from dispute_close_days where tenant_id = t;
        perform dispute_counts_add(array(
          select (t, x.station_id, x.day, x.dimension, x.value, x.total, x.open)::dispute_day_counts
            from work_items w
            join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id,
                 dispute_case_cells(tz, w.station_id, w.created_at, w.status, c) x
           where w.tenant_id = t and w.kind = 'dispute'
          union all
          select (t, x.station_id, x.day, x.dimension, x.value, x.total, x.open)::dispute_day_counts
            from dispute_warnings dw
            join work_items w on w.tenant_id = dw.tenant_id and w.id = dw.item_id,
                 dispute_warning_cells(tz, w.station_id, dw) x
           where dw.tenant_id = t));
        perform set_config('app.tenant_id', coalesce(caller, ''), true);
      end
    $$;

    create function tenants_dispute_counts() returns trigger language plpgsql as $$
      begin
        perform dispute_counts_rebuild(new.id);
        return null;
      end
    $$;
    create trigger tenants_dispute_counts after update of timezone on tenants
      for each row when (old.timezone is distinct from new.timezone)
      execute function tenants_dispute_counts();
  `.execute(db);

  await sql`select dispute_counts_rebuild(id) from tenants`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists tenants_dispute_counts on tenants;
    drop trigger if exists dispute_warnings_counts_update on dispute_warnings;
    drop trigger if exists dispute_warnings_counts_insert_delete on dispute_warnings;
    drop trigger if exists work_items_dispute_counts on work_items;
    drop trigger if exists dispute_cases_counts_update on dispute_cases;
    drop trigger if exists dispute_cases_counts_insert_delete on dispute_cases;
    drop function if exists tenants_dispute_counts(), dispute_counts_rebuild(uuid), dispute_warnings_counts(), work_items_dispute_counts(),
      dispute_cases_counts(), dispute_counts_add(dispute_day_counts[]), dispute_warning_cells(text, uuid, dispute_warnings),
      dispute_case_cells(text, uuid, timestamptz, text, dispute_cases);
    drop table if exists dispute_close_days, dispute_month_counts, dispute_day_counts;
  `.execute(db);
}
