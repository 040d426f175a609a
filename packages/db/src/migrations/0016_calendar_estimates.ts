import { sql, type Kysely } from 'kysely';

/**
 * A year whose holiday schedule the tenant has not entered is counted as weekends only, so a due
 * time that runs through it is an estimate. The item keeps the years concerned (empty: exact);
 * whoever computes its due times sets them, and a calendar change recomputes them with the times.
 *
 * Open items are marked here once, by the same rule: the first contact while nobody has been
 * contacted and the resolution unless an extension set it, each only when counted on working time
 * (the tenant's policy unit, else the product default of that time: wall clock for a dispute's
 * resolution, an urgent dispute's first contact and every patrol limit; an agency case is due by
 * statutory working days).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table work_items add column calendar_missing_years smallint[] not null default '{}';

    with defaults (kind, priority, first_contact_working, resolution_working) as (
      values ('consultation', 'urgent', true, true), ('consultation', 'normal', true, true), ('consultation', 'low', true, true),
             ('agency', 'urgent', true, true), ('agency', 'normal', true, true), ('agency', 'low', true, true),
             ('dispute', 'urgent', false, false), ('dispute', 'normal', true, false), ('dispute', 'low', true, false),
             ('patrol', 'urgent', false, false), ('patrol', 'normal', false, false), ('patrol', 'low', false, false)
    ), spans as (
      select w.id, w.tenant_id, t.timezone, w.created_at,
             greatest(
               case when w.first_contact_at is null
                     and coalesce(p.first_contact_unit like 'working%' or p.first_contact_unit = 'same_working_day', d.first_contact_working)
                    then w.first_contact_due_at end,
               case when w.extension_due_at is null
                     and (w.kind = 'agency' or coalesce(p.resolution_unit like 'working%' or p.resolution_unit = 'same_working_day', d.resolution_working))
                    then w.resolution_due_at end) as until
        from work_items w
        join tenants t on t.id = w.tenant_id
        join defaults d on d.kind = w.kind and d.priority = w.priority
        left join sla_policies p on p.tenant_id = w.tenant_id and p.kind = w.kind and p.priority = w.priority
       where w.status not in ('resolved', 'visited', 'closed')
    )
    update work_items w
       set calendar_missing_years = array(
             select y from generate_series(extract(year from s.created_at at time zone s.timezone)::int,
                                           extract(year from s.until at time zone s.timezone)::int) as y
              where not exists (select 1 from calendar_days c where c.tenant_id = s.tenant_id and extract(year from c.day)::int = y)
              order by y)
      from spans s
     where w.id = s.id and s.until is not null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table work_items drop column if exists calendar_missing_years`.execute(db);
}
