import type pg from 'pg';
import type { BenchContext } from './scenarios.ts';

/**
 * 1,000,000 work items over three years in the bench tenant (issue "work-order engine"): patrol
 * findings and consultations mostly, exactly 50,000 agency cases (5 %) and 20,000 disputes (2 %);
 * everything older than a month closed, the recent ones spread over the lifecycle — so the open-item
 * queue holds what a busy subdistrict would have. One history row per item. Staff: 20 on the bench
 * tenant's stations. The kind follows blocks of 40 consecutive items ((g / 40) % 100: each residue
 * holds exactly 10,000 of 1,000,000), so it is independent of the station (g % 5), handler and
 * status (g % 8) that the other columns take from g.
 */
export async function seedBenchWorkItems(client: pg.Client, ctx: BenchContext, count = 1_000_000): Promise<void> {
  await client.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
  // More staff for the tenant, four per station.
  await client.query(`select set_config('app.platform', 'on', false)`);
  const { rows: staff } = await client.query<{ id: string }>(
    `insert into users (email, display_name, password_hash)
     select 'staff' || g || '@bench.test', '工作人员' || g, (select password_hash from users where email = 'user2@bench.test')
       from generate_series(1, 20) g returning id`,
  );
  for (const [i, s] of staff.entries()) {
    const { rows } = await client.query<{ id: string }>(
      `insert into memberships (tenant_id, user_id, role) values ($1, $2, 'staff') returning id`,
      [ctx.tenantId, s.id],
    );
    await client.query(`insert into membership_stations (tenant_id, membership_id, station_id) values ($1, $2, $3)`, [
      ctx.tenantId,
      rows[0]!.id,
      ctx.stationIds[i % ctx.stationIds.length],
    ]);
  }
  const chunk = 100_000;
  for (let from = 0; from < count; from += chunk) {
    await client.query(
      `with st as (select array_agg(id order by code) as ids from stations where tenant_id = $1),
            ent as (select array_agg(id) as ids from (select id from enterprises where tenant_id = $1 limit 20000) x),
            stf as (select array_agg(m.user_id order by m.user_id) as ids, array_agg(ms.station_id order by m.user_id) as sts
                      from memberships m join membership_stations ms on ms.tenant_id = m.tenant_id and ms.membership_id = m.id
                     where m.tenant_id = $1 and m.role = 'staff'),
            g as (select g, now() - ((g::float / $4) * interval '1095 days') - (g % 997) * interval '1 minute' as created,
                         case when (g / 40) % 20 = 5 then 'agency' when (g / 40) % 100 in (15, 55) then 'dispute'
                              when (g / 40) % 3 = 0 then 'consultation' else 'patrol' end as kind
                    from generate_series($2::int, $3::int) g)
       insert into work_items (tenant_id, kind, number, station_id, enterprise_id, title, description, priority, channel, status,
                               assignee_id, created_at, updated_at, assigned_at, accepted_at, first_contact_at, first_contact_due_at,
                               resolution_due_at, resolved_at, closed_at, resolved_ok, rating)
       select $1, g.kind, 'B' || g.g, st.ids[1 + g.g % 5], case when g.kind = 'patrol' then null else ent.ids[1 + g.g % 20000] end,
              case g.kind when 'patrol' then '巡查发现：消防通道堆放杂物' when 'consultation' then '咨询：稳岗补贴申请材料' when 'agency' then '代办：二次装修施工许可' else '调解：拖欠工资' end,
              '', case when g.g % 20 = 0 then 'urgent' when g.g % 5 = 0 then 'low' else 'normal' end,
              case g.kind when 'patrol' then 'patrol' else 'phone' end,
              case when g.created < now() - interval '30 days' then 'closed'
                   else (array['received','assigned','accepted','in_progress','waiting','resolved','visited','closed'])[1 + g.g % 8] end,
              stf.ids[1 + (g.g % 4) * 5 + (g.g % 5)], g.created, g.created, g.created + interval '10 minutes', g.created + interval '30 minutes',
              g.created + interval '1 hour', g.created + interval '4 hours',
              g.created + case g.kind when 'patrol' then interval '24 hours' when 'dispute' then interval '30 days' else interval '3 days' end,
              case when g.created < now() - interval '30 days' then g.created + interval '2 days' end,
              case when g.created < now() - interval '30 days' then g.created + interval '5 days' end,
              case when g.created < now() - interval '30 days' then true end,
              case when g.created < now() - interval '30 days' and g.g % 3 = 0 then 'satisfied' end
         from g, st, ent, stf`,
      [ctx.tenantId, from + 1, Math.min(from + chunk, count), count],
    );
  }
  // Real numbers (ZX-2026-000123), consecutive per kind and year in creation order, and the counters.
  await client.query(
    `update work_items w set number = n.number
       from (select id, (case kind when 'consultation' then 'ZX' when 'agency' then 'DB' when 'dispute' then 'TJ' else 'XC' end)
                       || '-' || extract(year from created_at at time zone 'Asia/Shanghai')::int || '-'
                       || lpad(row_number() over (partition by kind, extract(year from created_at at time zone 'Asia/Shanghai') order by created_at, id)::text, 6, '0') as number
               from work_items where tenant_id = $1) n
      where w.tenant_id = $1 and w.id = n.id`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into work_item_counters (tenant_id, kind, year, last_value)
     select $1::uuid, kind, split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int) from work_items where tenant_id = $1::uuid group by 1, 2, 3`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into work_item_events (tenant_id, item_id, at, action, to_status) select tenant_id, id, created_at, 'create', 'received' from work_items where tenant_id = $1`,
    [ctx.tenantId],
  );
  ctx.refs.staffEmail = 'staff1@bench.test';
}
