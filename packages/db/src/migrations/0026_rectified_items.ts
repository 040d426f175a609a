import { sql, type Kysely } from 'kysely';

/**
 * 整改完成 (issue 18): a rectification (rectification_due_at, opened by a 不满意 rating or 重办) is
 * done once `rectified_at` is set — by staff marking it with a note (a rating recorded without
 * rework), or by resolving the item again after 重办. The KPIs count it from there (ADR 013, as
 * amended): the rectification rate's numerator is `rectified_at <= rectification_due_at`, and the
 * 整改 open are those not rectified, whatever the item's status (a loop closed unconfirmed still
 * owes its rectification). kpi_item_cells and the update trigger say so (the trigger also fires on
 * rectified_at), the open-rectification index follows, and every tenant's rollup is rebuilt.
 *
 * Existing rows: a rectification counts as done where the item was resolved after the line that
 * opened it (the old definition's numerator); without such a line, where it is resolved now.
 * Frozen once released.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table work_items
      add column rectified_at timestamptz,
      add column rectified_by uuid,
      add column rectification_note text check (length(rectification_note) <= 2000),
      add constraint work_items_rectified_needs_rectification check (rectified_at is null or rectification_due_at is not null);

    drop trigger work_items_kpi_update on work_items;

    create or replace function kpi_item_cells(tz text, w work_items)
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
                  coalesce((w).rectified_at <= (w).rectification_due_at, false),
                  (w).rectification_due_at is not null),
                 ('returned', (w).created_at, false, true)
               ) c (metric, at, hit, counted)
         where c.counted
      $$;

    update work_items w
       set rectified_at = w.resolved_at
     where w.rectification_due_at is not null and w.resolved_at is not null
       and w.status in ('resolved', 'visited', 'closed')
       and w.resolved_at > coalesce(
             (select max(e.at) from work_item_events e
               where e.tenant_id = w.tenant_id and e.item_id = w.id and e.action in ('visit', 'redo') and e.data ? 'rectificationDueAt'),
             '-infinity');

    create trigger work_items_kpi_update after update on work_items
      for each row when ((old.station_id, old.kind, old.assignee_id, old.status, old.created_at, old.closed_at,
                          old.first_contact_at, old.first_contact_due_at, old.resolution_due_at, old.extension_due_at,
                          old.resolved_at, old.resolved_ok, old.requester_confirmed, old.redo_count, old.rectification_due_at,
                          old.rectified_at)
                         is distinct from
                         (new.station_id, new.kind, new.assignee_id, new.status, new.created_at, new.closed_at,
                          new.first_contact_at, new.first_contact_due_at, new.resolution_due_at, new.extension_due_at,
                          new.resolved_at, new.resolved_ok, new.requester_confirmed, new.redo_count, new.rectification_due_at,
                          new.rectified_at))
      execute function work_items_kpi_update();

    drop index work_items_kpi_rectification_open_idx;
    -- The 整改 still owed (kpi.summary counts them live; the follow-up desk lists them by deadline).
    create index work_items_rectification_open_idx on work_items (tenant_id, rectification_due_at, id) include (station_id, kind)
      where rectification_due_at is not null and rectified_at is null;
    -- Those done, latest first (the follow-up desk's other list).
    create index work_items_rectified_idx on work_items (tenant_id, rectified_at desc, id desc) where rectified_at is not null;
    -- 待回访: resolved, neither rated nor visited — oldest resolution first.
    create index work_items_awaiting_visit_idx on work_items (tenant_id, resolved_at, id) include (station_id) where status = 'resolved';
  `.execute(db);

  await sql`select kpi_counts_rebuild(id) from tenants`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists work_items_awaiting_visit_idx, work_items_rectified_idx, work_items_rectification_open_idx;
    create index work_items_kpi_rectification_open_idx on work_items (tenant_id, rectification_due_at) include (station_id, kind)
      where rectification_due_at is not null and status not in ('resolved', 'visited', 'closed');
    drop trigger work_items_kpi_update on work_items;
    create or replace function kpi_item_cells(tz text, w work_items)
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
    create trigger work_items_kpi_update after update on work_items
      for each row when ((old.station_id, old.kind, old.assignee_id, old.status, old.created_at, old.closed_at,
                          old.first_contact_at, old.first_contact_due_at, old.resolution_due_at, old.extension_due_at,
                          old.resolved_at, old.resolved_ok, old.requester_confirmed, old.redo_count, old.rectification_due_at)
                         is distinct from
                         (new.station_id, new.kind, new.assignee_id, new.status, new.created_at, new.closed_at,
                          new.first_contact_at, new.first_contact_due_at, new.resolution_due_at, new.extension_due_at,
                          new.resolved_at, new.resolved_ok, new.requester_confirmed, new.redo_count, new.rectification_due_at))
      execute function work_items_kpi_update();
    alter table work_items drop column rectified_at, drop column rectified_by, drop column rectification_note;
  `.execute(db);
  await sql`select kpi_counts_rebuild(id) from tenants`.execute(db);
}
