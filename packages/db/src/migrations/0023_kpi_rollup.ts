import { sql, type Kysely } from 'kysely';

/**
 * The managers' KPIs (issue 18, ADR 013) as a rollup kept by triggers, so a year of figures reads a
 * few thousand small rows instead of a third of a million items. Per tenant, local day (the tenant's
 * zone), station, kind, handler (the item's assignee; the nil uuid: none) and metric: a numerator and a
 * denominator. What one item and one history line add is written in packages/core/src/kpi
 * (itemCells, eventCells); kpi_item_cells and kpi_event_cells say the same in SQL, and the API tests
 * compare every figure with a direct count. A month table (what whole months read) beside the days
 * (read for the partial months at a period's edges), as the dispute counts do (0009).
 *
 * Items: a row trigger on update (only when a column a cell reads changes) takes the old row's
 * cells away and adds the new one's — and moves the item's rating and return cells when its
 * station, kind or handler changes; statement triggers on insert and delete do the same for many
 * rows at once (seeds, imports). History lines: statement triggers on insert, delete and update add or take
 * away the cells of ratings (visit / redo with a rating) and returns, at the item's station, kind
 * and handler as they stand. All run in the writing transaction, so the rollup always equals a
 * direct count.
 *
 * Indexes for the drill-down (each metric's items in order of the time it counts them).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kpi_day_counts (
      tenant_id uuid not null,
      day date not null,
      station_id uuid not null,
      kind text not null,
      staff_id uuid not null,
      metric text not null,
      numerator integer not null,
      denominator integer not null,
      primary key (tenant_id, day, station_id, kind, staff_id, metric) include (numerator, denominator)
    );

    create table kpi_month_counts (
      tenant_id uuid not null,
      month date not null check (extract(day from month) = 1),
      station_id uuid not null,
      kind text not null,
      staff_id uuid not null,
      metric text not null,
      numerator integer not null,
      denominator integer not null,
      primary key (tenant_id, month, station_id, kind, staff_id, metric) include (numerator, denominator)
    );

    create index work_items_kpi_first_contact_idx on work_items (tenant_id, first_contact_due_at, id) where first_contact_due_at is not null;
    create index work_items_kpi_due_idx on work_items (tenant_id, resolution_due_at, id) where resolution_due_at is not null;
    create index work_items_kpi_resolved_idx on work_items (tenant_id, resolved_at, id) where resolved_at is not null;
    create index work_items_kpi_rectification_idx on work_items (tenant_id, rectification_due_at, id) where rectification_due_at is not null;
    -- The 整改 still open (kpi.summary counts them live).
    create index work_items_kpi_rectification_open_idx on work_items (tenant_id, rectification_due_at) include (station_id, kind)
      where rectification_due_at is not null and status not in ('resolved', 'visited', 'closed');
    create index work_item_events_kpi_idx on work_item_events (tenant_id, at, id) include (item_id)
      where action = 'return' or (action in ('visit', 'redo') and data ? 'rating');
  `.execute(db);

  for (const table of ['kpi_day_counts', 'kpi_month_counts']) {
    await sql`
      alter table ${sql.table(table)} enable row level security;
      alter table ${sql.table(table)} force row level security;
      create policy tenant_isolation on ${sql.table(table)}
        using (tenant_id = app_current_tenant())
        with check (tenant_id = app_current_tenant());
    `.execute(db);
  }

  await sql`
    -- The handler key of a cell: the nil uuid for items nobody holds (a key column cannot be null).
    create function kpi_staff(assignee uuid) returns uuid language sql immutable as $$
      select coalesce(assignee, '00000000-0000-0000-0000-000000000000'::uuid)
    $$;

    -- itemCells (packages/core/src/kpi/definitions.ts) in SQL: what one item counts in, on which local day.
    create function kpi_item_cells(tz text, w work_items)
      returns table (day date, metric text, numerator integer, denominator integer)
      language sql stable as $$
        select (c.at at time zone tz)::date, c.metric, c.hit::int, 1
          from (select (w).resolved_at is not null and (w).status in ('resolved', 'visited', 'closed') as resolved,
                       (w).status = 'closed' and (w).resolved_at is null as withdrawn) f,
               lateral (values
                 ('firstContact', (w).first_contact_due_at,
                  coalesce((w).first_contact_at <= (w).first_contact_due_at, false),
                  (w).first_contact_due_at is not null
                    and not (f.withdrawn and coalesce((w).closed_at < (w).first_contact_due_at, false))),
                 ('onTime', (w).resolution_due_at,
                  f.resolved and coalesce((w).resolved_at <= (w).resolution_due_at, false),
                  (w).resolution_due_at is not null and not f.withdrawn),
                 ('extension', (w).resolution_due_at, (w).extension_due_at is not null,
                  (w).resolution_due_at is not null and not f.withdrawn),
                 ('resolution', (w).resolved_at, coalesce((w).requester_confirmed, false), f.resolved),
                 ('resolutionDeclared', (w).resolved_at, coalesce((w).resolved_ok, false), f.resolved),
                 ('redo', (w).resolved_at, (w).redo_count > 0, f.resolved),
                 ('rectification', (w).rectification_due_at,
                  f.resolved and coalesce((w).resolved_at <= (w).rectification_due_at, false),
                  (w).rectification_due_at is not null),
                 ('returned', (w).created_at, false, true)
               ) c (metric, at, hit, counted)
         where c.counted
      $$;

    -- eventCells in SQL: a rating (visit or redo that records one) and a return (退单).
    create function kpi_event_cells(tz text, e work_item_events)
      returns table (day date, metric text, numerator integer, denominator integer)
      language sql stable as $$
        select ((e).at at time zone tz)::date, c.metric, c.numerator, c.denominator
          from (select ((e).data->>'rating') in ('very_satisfied', 'satisfied', 'basically_satisfied') as satisfied) r,
               lateral (values
                 ('returned', 1, 0, (e).action = 'return'),
                 ('satisfaction', r.satisfied::int, 1, (e).action in ('visit', 'redo') and (e).data ? 'rating'),
                 (case (e).data->>'source' when 'phone' then 'satisfactionPhone' else 'satisfactionPortal' end, r.satisfied::int, 1,
                  (e).action in ('visit', 'redo') and (e).data ? 'rating' and (e).data->>'source' in ('portal', 'phone'))
               ) c (metric, numerator, denominator, counted)
         where c.counted
      $$;

    -- Adds signed cells to the day and month tables; a row that falls to 0 / 0 goes. Rows are
    -- written in key order against deadlocks.
    create function kpi_counts_add(delta kpi_day_counts[]) returns void language plpgsql as $$
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

    -- One item changed: its cells from the old row away, from the new one in; its rating and
    -- return cells move with it when its station, kind or handler changes.
    create function work_items_kpi_update() returns trigger language plpgsql as $$
      declare
        tz text;
        moved boolean := (old.station_id, old.kind, old.assignee_id) is distinct from (new.station_id, new.kind, new.assignee_id);
      begin
        select timezone into tz from tenants where id = new.tenant_id;
        perform kpi_counts_add(array(
          select (old.tenant_id, x.day, old.station_id, old.kind, kpi_staff(old.assignee_id), x.metric, -x.numerator, -x.denominator)::kpi_day_counts
            from kpi_item_cells(tz, old) x
          union all
          select (new.tenant_id, x.day, new.station_id, new.kind, kpi_staff(new.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
            from kpi_item_cells(tz, new) x
          union all
          select (old.tenant_id, x.day, old.station_id, old.kind, kpi_staff(old.assignee_id), x.metric, -x.numerator, -x.denominator)::kpi_day_counts
            from work_item_events e, kpi_event_cells(tz, e) x
           where moved and e.tenant_id = old.tenant_id and e.item_id = old.id
          union all
          select (new.tenant_id, x.day, new.station_id, new.kind, kpi_staff(new.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
            from work_item_events e, kpi_event_cells(tz, e) x
           where moved and e.tenant_id = new.tenant_id and e.item_id = new.id));
        return null;
      end
    $$;
    create trigger work_items_kpi_update after update on work_items
      for each row when ((old.station_id, old.kind, old.assignee_id, old.status, old.created_at, old.closed_at,
                          old.first_contact_at, old.first_contact_due_at, old.resolution_due_at, old.extension_due_at,
                          old.resolved_at, old.resolved_ok, old.requester_confirmed, old.redo_count, old.rectification_due_at)
                         is distinct from
                         (new.station_id, new.kind, new.assignee_id, new.status, new.created_at, new.closed_at,
                          new.first_contact_at, new.first_contact_due_at, new.resolution_due_at, new.extension_due_at,
                          new.resolved_at, new.resolved_ok, new.requester_confirmed, new.redo_count, new.rectification_due_at))
      execute function work_items_kpi_update();

    -- Items inserted (sign 1) or deleted (sign -1), many at once.
    create function work_items_kpi_rows() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          perform kpi_counts_add(array(
            select (w.tenant_id, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
              from kpi_new_items w join tenants t on t.id = w.tenant_id, kpi_item_cells(t.timezone, w) x));
        else
          perform kpi_counts_add(array(
            select (w.tenant_id, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, -x.numerator, -x.denominator)::kpi_day_counts
              from kpi_old_items w join tenants t on t.id = w.tenant_id, kpi_item_cells(t.timezone, w) x));
        end if;
        return null;
      end
    $$;
    create trigger work_items_kpi_insert after insert on work_items
      referencing new table as kpi_new_items for each statement execute function work_items_kpi_rows();
    create trigger work_items_kpi_delete after delete on work_items
      referencing old table as kpi_old_items for each statement execute function work_items_kpi_rows();

    -- History lines inserted, deleted (or corrected by the owner): their rating and return cells, at their items' station,
    -- kind and handler. The items are share-locked, so a concurrent move of one waits for this
    -- (or this for it) and each side computes from the other's committed state.
    create function work_item_events_kpi_rows() returns trigger language plpgsql as $$
      begin
        if tg_op in ('INSERT', 'UPDATE') then
          perform 1 from work_items w
            where (w.tenant_id, w.id) in (select e.tenant_id, e.item_id from kpi_new_events e
                                           where e.action in ('visit', 'redo', 'return'))
            for share;
        end if;
        if tg_op in ('DELETE', 'UPDATE') then
          perform kpi_counts_add(array(
            select (w.tenant_id, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, -x.numerator, -x.denominator)::kpi_day_counts
              from kpi_old_events e
              join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
              join tenants t on t.id = e.tenant_id,
                   kpi_event_cells(t.timezone, e) x
             where e.action in ('visit', 'redo', 'return')));
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          perform kpi_counts_add(array(
            select (w.tenant_id, x.day, w.station_id, w.kind, kpi_staff(w.assignee_id), x.metric, x.numerator, x.denominator)::kpi_day_counts
              from kpi_new_events e
              join work_items w on w.tenant_id = e.tenant_id and w.id = e.item_id
              join tenants t on t.id = e.tenant_id,
                   kpi_event_cells(t.timezone, e) x
             where e.action in ('visit', 'redo', 'return')));
        end if;
        return null;
      end
    $$;
    create trigger work_item_events_kpi_insert after insert on work_item_events
      referencing new table as kpi_new_events for each statement execute function work_item_events_kpi_rows();
    create trigger work_item_events_kpi_delete after delete on work_item_events
      referencing old table as kpi_old_events for each statement execute function work_item_events_kpi_rows();
    -- The app never updates history (append-only); the owner may correct it.
    create trigger work_item_events_kpi_update after update on work_item_events
      referencing old table as kpi_old_events new table as kpi_new_events for each statement execute function work_item_events_kpi_rows();

    -- The whole rollup of one tenant from its items and history: the backfill, and after a change of
    -- time zone (every local day moves). Runs in that tenant's scope, whoever calls it.
    create function kpi_counts_rebuild(t uuid) returns void language plpgsql as $$
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

    create function tenants_kpi_counts() returns trigger language plpgsql as $$
      begin
        perform kpi_counts_rebuild(new.id);
        return null;
      end
    $$;
    create trigger tenants_kpi_counts after update of timezone on tenants
      for each row when (old.timezone is distinct from new.timezone)
      execute function tenants_kpi_counts();
  `.execute(db);

  await sql`select kpi_counts_rebuild(id) from tenants`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop trigger if exists work_item_events_kpi_insert on work_item_events;
    drop trigger if exists work_item_events_kpi_delete on work_item_events;
    drop trigger if exists work_item_events_kpi_update on work_item_events;
    drop trigger if exists work_items_kpi_insert on work_items;
    drop trigger if exists work_items_kpi_delete on work_items;
    drop trigger if exists work_items_kpi_update on work_items;
    drop trigger if exists tenants_kpi_counts on tenants;
    drop function if exists tenants_kpi_counts(), kpi_counts_rebuild(uuid), work_item_events_kpi_rows(), work_items_kpi_rows(),
      work_items_kpi_update(), kpi_counts_add(kpi_day_counts[]), kpi_event_cells(text, work_item_events), kpi_item_cells(text, work_items),
      kpi_staff(uuid);
    drop index if exists work_items_kpi_first_contact_idx, work_items_kpi_due_idx, work_items_kpi_resolved_idx,
      work_items_kpi_rectification_idx, work_items_kpi_rectification_open_idx, work_item_events_kpi_idx;
    drop table if exists kpi_day_counts, kpi_month_counts;
  `.execute(db);
}
