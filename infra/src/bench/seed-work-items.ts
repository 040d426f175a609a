import type pg from 'pg';
import type { BenchContext } from './scenarios.ts';

/**
 * 1,000,000 work items over three years in the bench tenant (issue "work-order engine"): patrol
 * findings and consultations mostly, exactly 50,000 agency cases (5 %) and 20,000 disputes (2 %);
 * everything older than a month closed, the recent ones spread over the lifecycle — so the open-item
 * queue holds what a busy subdistrict would have. Staff: 20 on the bench tenant's stations. The kind
 * follows blocks of 40 consecutive items ((g / 40) % 100: each residue holds exactly 10,000 of
 * 1,000,000), so it is independent of the station (g % 5), handler and status (g % 8) that the other
 * columns take from g.
 *
 * What the KPIs read (issue 18), drawn from hashes of g (u1…u8, uniform in [0, 1)) as the demo's
 * desk does it (packages/db/src/seed/demo-outcomes.ts): first contact within the four hours, 2.5 %
 * late; resolved within the window (patrol 24 h, dispute 30 days, else 3 days), 1 % late; 2 % of the
 * requests extended by half a window (延期); 2 % of the closed withdrawn; every request (not patrol)
 * that reached 回访 rated by phone (60 %) or in the portal, unsatisfied from a quarter three years
 * ago down to one in ten now; half the unsatisfied of the older ones reworked (重办: due again a window
 * from the rating, resolved — the 整改 done — and rated again, satisfied), the rest closed unconfirmed
 * with a 整改 marked done mostly in time. History: a creation line per item, and the lines the KPIs
 * count — every rating (visit; redo with the first rating when reworked), 1 % returns (退单) — with the
 * extension approvals and rectifications marked done.
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
  // Bulk writes: JIT compiles each chunk's plan for seconds and gains nothing here; the title grams
  // (search) are written in one pass at the end instead of by their row trigger, a millisecond a row.
  await client.query('set jit = off');
  await client.query('alter table work_items disable trigger work_item_grams');
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
                              when (g / 40) % 3 = 0 then 'consultation' else 'patrol' end as kind,
                         (hashint8(g::bigint * 8 + 1) & 2147483647) / 2147483648.0 as u1, (hashint8(g::bigint * 8 + 2) & 2147483647) / 2147483648.0 as u2,
                         (hashint8(g::bigint * 8 + 3) & 2147483647) / 2147483648.0 as u3, (hashint8(g::bigint * 8 + 4) & 2147483647) / 2147483648.0 as u4,
                         (hashint8(g::bigint * 8 + 5) & 2147483647) / 2147483648.0 as u5, (hashint8(g::bigint * 8 + 6) & 2147483647) / 2147483648.0 as u6,
                         (hashint8(g::bigint * 8 + 7) & 2147483647) / 2147483648.0 as u7, (hashint8(g::bigint * 8 + 8) & 2147483647) / 2147483648.0 as u8
                    from generate_series($2::int, $3::int) g),
            k as (select g.*,
                         case when g.created < now() - interval '30 days' then 'closed'
                              else (array['received','assigned','accepted','in_progress','waiting','resolved','visited','closed'])[1 + g.g % 8] end as status,
                         case g.kind when 'patrol' then interval '24 hours' when 'dispute' then interval '30 days' else interval '3 days' end as win
                    from g),
            f as (select k.*,
                         k.status in ('resolved', 'visited', 'closed') and not (k.status = 'closed' and k.u1 < 0.02) as done,
                         k.status = 'closed' and k.u1 < 0.02 as withdrawn,
                         k.kind <> 'patrol' and k.u2 < 0.02 as extended,
                         k.kind <> 'patrol' and k.status in ('visited', 'closed') as rated,
                         k.u5 < 0.10 + 0.15 * extract(epoch from now() - k.created) / (1095 * 86400) as unsatisfied,
                         k.u6 < 0.5 and k.created < now() - interval '90 days' as rework
                    from k),
            -- The first resolution (by the window, after an extension), never in the future.
            r as (select f.*,
                         f.created + f.win * case when f.extended then 1.5 else 1 end as due1,
                         least(f.created + f.win * case when f.u4 < 0.01 then (case when f.extended then 1.5 else 1 end) * (1.02 + f.u8 * 0.2) else 0.2 + f.u8 * 0.75 end,
                               f.created + (now() - f.created) * 0.8) as resolved1
                    from f),
            -- The first rating, a few hours to two days later (before now).
            v as (select r.*, r.resolved1 + least(interval '4 hours' + r.u3 * interval '44 hours', (now() - r.resolved1) * 0.5) as rated1 from r),
            x as (select v.*,
                         v.rated and v.unsatisfied and v.rework as reworked,
                         v.rated and v.unsatisfied and not v.rework as unconfirmed,
                         v.rated1 + v.win as rework_due,
                         v.rated1 + v.win * (0.2 + v.u8 * 0.6) as resolved2
                    from v)
       insert into work_items (tenant_id, kind, number, station_id, enterprise_id, title, description, priority, channel, status,
                               assignee_id, created_at, updated_at, assigned_at, accepted_at, first_contact_at, first_contact_due_at,
                               resolution_due_at, extension_due_at, extension_reason, resolved_at, closed_at, resolved_ok,
                               requester_confirmed, rating, rated_at, rating_source, redo_count, reopened_at,
                               rectification_due_at, rectified_at, rectification_note)
       select $1, x.kind, 'B' || x.g, st.ids[1 + x.g % 5], case when x.kind = 'patrol' then null else ent.ids[1 + x.g % 20000] end,
              case x.kind when 'patrol' then '巡查发现：消防通道堆放杂物' when 'consultation' then '咨询：稳岗补贴申请材料' when 'agency' then '代办：二次装修施工许可' else '调解：拖欠工资' end,
              '', case when x.g % 20 = 0 then 'urgent' when x.g % 5 = 0 then 'low' else 'normal' end,
              case x.kind when 'patrol' then 'patrol' else 'phone' end,
              x.status,
              stf.ids[1 + (x.g % 4) * 5 + (x.g % 5)], x.created, x.created, x.created + interval '10 minutes', x.created + interval '30 minutes',
              case when x.status <> 'received' then x.created + case when x.u3 < 0.025 then interval '5 hours' + x.u7 * interval '5 hours' else interval '15 minutes' + x.u7 * interval '195 minutes' end end,
              x.created + interval '4 hours',
              case when x.reworked then x.rework_due else x.due1 end,
              case when x.extended and not x.reworked then x.due1 end,
              case when x.extended and not x.reworked then '需协调相关部门，申请延期办结' end,
              case when x.done then case when x.reworked then x.resolved2 else x.resolved1 end end,
              case when x.withdrawn then x.created + interval '1 day'
                   when x.status = 'closed' then least(greatest(x.resolved1, x.rated1, case when x.reworked then x.resolved2 + interval '2 days' end) + interval '1 day', now() - interval '1 hour') end,
              case when x.done then true end,
              case when x.rated then not x.unsatisfied or x.reworked end,
              case when not x.rated then null
                   when x.unsatisfied and not x.reworked then case when x.u7 < 0.25 then 'very_dissatisfied' else 'dissatisfied' end
                   when x.u7 < 0.55 then 'very_satisfied' when x.u7 < 0.88 then 'satisfied' else 'basically_satisfied' end,
              case when x.reworked then x.resolved2 + interval '4 hours' + x.u3 * interval '44 hours' when x.rated then x.rated1 end,
              case when x.rated then case when x.u1 < 0.62 then 'phone' else 'portal' end end,
              case when x.reworked then 1 else 0 end,
              case when x.reworked then x.rated1 end,
              case when x.reworked then x.rework_due when x.unconfirmed then x.rated1 + x.win end,
              case when x.reworked then x.resolved2
                   when x.unconfirmed and x.rated1 + x.win * case when x.u2 < 0.05 then 1.1 else 0.2 + x.u8 * 0.7 end < now()
                     then x.rated1 + x.win * case when x.u2 < 0.05 then 1.1 else 0.2 + x.u8 * 0.7 end end,
              case when x.unconfirmed and x.rated1 + x.win * case when x.u2 < 0.05 then 1.1 else 0.2 + x.u8 * 0.7 end < now() then '已上门说明并协调整改到位' end
         from x, st, ent, stf`,
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
    `insert into work_item_title_grams (tenant_id, gram, item_id)
     select w.tenant_id, g, w.id from work_items w, unnest(sd_bigrams(w.title)) g where w.tenant_id = $1 on conflict do nothing`,
    [ctx.tenantId],
  );
  await client.query('alter table work_items enable trigger work_item_grams');
  await client.query(
    `insert into work_item_counters (tenant_id, kind, year, last_value)
     select $1::uuid, kind, split_part(number, '-', 2)::int, max(split_part(number, '-', 3)::int) from work_items where tenant_id = $1::uuid group by 1, 2, 3`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into work_item_events (tenant_id, item_id, at, action, to_status) select tenant_id, id, created_at, 'create', 'received' from work_items where tenant_id = $1`,
    [ctx.tenantId],
  );
  // The lines the KPIs count (ratings, returns) and the extensions and rectifications beside them,
  // a year of items at a time (the rollup's trigger adds each statement's cells at once).
  const yearAgo = (n: number) => new Date(Date.now() - n * 365 * 86_400_000);
  const years = [[yearAgo(1), new Date('9999-01-01')], [yearAgo(2), yearAgo(1)], [new Date('0001-01-01'), yearAgo(2)]];
  for (const [since, until] of years) {
    await client.query(
      `with w as (select * from work_items where tenant_id = $1 and created_at >= $2 and created_at < $3)
       insert into work_item_events (tenant_id, item_id, at, action, from_status, to_status, note, data, internal)
       select tenant_id, id, reopened_at, 'redo', 'resolved', 'in_progress', '答复没有解决问题，请重新办理',
              jsonb_build_object('rating', case when (hashtext(id::text) & 2147483647) % 4 = 0 then 'very_dissatisfied' else 'dissatisfied' end,
                                 'source', rating_source, 'rectificationDueAt', rectification_due_at), false
         from w where redo_count > 0
       union all
       select tenant_id, id, rated_at, 'visit', 'resolved', 'visited', null,
              jsonb_build_object('rating', rating, 'source', rating_source)
                || case when redo_count = 0 and rectification_due_at is not null then jsonb_build_object('rectificationDueAt', rectification_due_at) else '{}' end, false
         from w where rated_at is not null
       union all
       select tenant_id, id, created_at + interval '20 minutes', 'return', 'assigned', 'returned', '不属于本站服务范围，退回重新派单', '{}', false
         from w where (hashtext(id::text || ':return') & 2147483647) % 100 = 0 and status <> 'received'
       union all
       select tenant_id, id, created_at + (resolution_due_at - created_at) / 3, 'extension_approved', null, null, null,
              jsonb_build_object('dueAt', extension_due_at), false
         from w where extension_due_at is not null
       union all
       select tenant_id, id, rectified_at, 'rectified', null, null, rectification_note,
              jsonb_build_object('dueAt', rectification_due_at, 'onTime', rectified_at <= rectification_due_at), true
         from w where rectified_at is not null and redo_count = 0`,
      [ctx.tenantId, since, until],
    );
  }
  ctx.refs.staffEmail = 'staff1@bench.test';
}
