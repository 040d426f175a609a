import type pg from 'pg';
import type { BenchContext } from './scenarios.ts';

/**
 * 100,000 enterprises in the bench tenant (issue 一企一档): varied names from a pool of brand
 * characters and trades, valid distinct credit codes, 1–2 contacts, 1–2 documents with expiries
 * spread over three years, some tags. Written with set-based SQL so the seed takes seconds.
 */
export async function seedBenchEnterprises(client: pg.Client, ctx: BenchContext, count = 100_000): Promise<void> {
  await client.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
  await client.query(`
    create or replace function pg_temp.cc_check(body text) returns text language plpgsql immutable as $$
    declare
      alphabet text := '0123456789ABCDEFGHJKLMNPQRTUWXY';
      weights int[] := array[1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28];
      s int := 0;
    begin
      for i in 1..17 loop s := s + (strpos(alphabet, substr(body, i, 1)) - 1) * weights[i]; end loop;
      return substr(alphabet, ((31 - s % 31) % 31) + 1, 1);
    end $$;
    create or replace function pg_temp.b31(n bigint) returns text language plpgsql immutable as $$
    declare alphabet text := '0123456789ABCDEFGHJKLMNPQRTUWXY'; out text := ''; v bigint := n;
    begin for i in 1..6 loop out := substr(alphabet, (v % 31)::int + 1, 1) || out; v := v / 31; end loop; return out; end $$;
  `);
  await client.query(
    `with b as (select id, station_id, row_number() over (order by id) - 1 as k, count(*) over () as n from buildings where tenant_id = $1),
     chars as (select string_to_array('虹智新桥申博瑞汇丰嘉禾恒信启明睿思鼎华宏远德泰凯晟卓越研云帆星河铭景程安捷达和润泽瀚海中盈君合远天元金同创纳正通优联道锦慧聚协力能朗', null) as c),
     trades as (select array['信息科技','网络科技','数据服务','软件开发','国际贸易','供应链管理','物流','企业管理咨询','商务咨询','人力资源','会展服务','医疗器械','生物科技','检测技术','建筑设计','文化传媒','餐饮管理','融资租赁','投资管理','物业管理','教育科技','健康管理'] as t,
                       array['I','I','I','I','F','G','G','L','L','L','L','F','M','M','M','R','H','J','J','K','P','Q'] as ind)
     insert into enterprises (tenant_id, name, credit_code, station_id, building_id, industry, status, employees, floor, room,
                              has_party_branch, established_on, registered_capital_wan, legal_representative)
     select $1,
            '上海' || c[1 + (g * 7) % array_length(c, 1)] || c[1 + (g * 13 + g / 97) % array_length(c, 1)] || t[1 + g % 22] || '有限公司',
            '91310112MA1' || pg_temp.b31(g) || pg_temp.cc_check('91310112MA1' || pg_temp.b31(g)),
            b.station_id, b.id, ind[1 + g % 22],
            case when g % 50 = 0 then 'moved_out' when g % 23 = 0 then 'moving_out' else 'active' end,
            5 + g % 400, (2 + g % 18) || 'F', lpad((g % 40)::text, 2, '0') || lpad((g % 12)::text, 2, '0'),
            g % 4 = 0, date '2005-01-01' + (g % 7000), (g % 50) * 100, '法人' || g
       from generate_series(1, $2::int) g, chars, trades, b
      where b.k = g % b.n`,
    [ctx.tenantId, count],
  );
  await client.query(
    `insert into enterprise_contacts (tenant_id, enterprise_id, name, title, phone, is_primary)
     select tenant_id, id, '联系人' || right(credit_code, 4), '行政经理', '13' || lpad((abs(hashtext(id::text)) % 1000000000)::text, 9, '0'), true
       from enterprises where tenant_id = $1
     union all
     select tenant_id, id, '财务' || right(credit_code, 3), '财务经理', '021-' || (60000000 + abs(hashtext(credit_code)) % 9999999), false
       from enterprises where tenant_id = $1 and right(credit_code, 1) < 'A'`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into enterprise_documents (tenant_id, enterprise_id, doc_type, number, issued_on, expires_on)
     select tenant_id, id, 'business_licence', credit_code, established_on, null from enterprises where tenant_id = $1
     union all
     select tenant_id, id, 'lease', 'ZL-' || right(credit_code, 6), current_date - 700, current_date - 30 + abs(hashtext(id::text)) % 1100
       from enterprises where tenant_id = $1`,
    [ctx.tenantId],
  );
  const { rows: tags } = await client.query<{ id: string }>(
    `insert into tags (tenant_id, name, color) values ($1, '两新组织', 'red'), ($1, '重点企业', 'amber'), ($1, '外资企业', 'blue') returning id`,
    [ctx.tenantId],
  );
  await client.query(
    `insert into enterprise_tags (tenant_id, enterprise_id, tag_id)
     select e.tenant_id, e.id, ($2::uuid[])[1 + abs(hashtext(e.id::text)) % 3] from enterprises e where e.tenant_id = $1 and abs(hashtext(e.credit_code)) % 20 = 0`,
    [ctx.tenantId, tags.map((t) => t.id)],
  );
  ctx.refs.tagId = tags[0]!.id;
}
