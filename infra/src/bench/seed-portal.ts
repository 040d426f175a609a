import pg from 'pg';
import { hashPassword } from '@stationdesk/auth';
import { knowledgeCategories } from '@stationdesk/core';
import type { Log } from '../services.ts';
import type { BenchContext } from './scenarios.ts';
import { BENCH_PASSWORD } from './seed.ts';

/**
 * Issue 22's volume on the bench tenant, added beside the main seed (so the 1,000,000 items are not
 * rebuilt): 5,000 published knowledge-base articles — titles and bodies in the words of the
 * stations' real topics, so a question's grams hit many of them as they would — and an enterprise
 * admin of the enterprise with the most open items, who reads the portal home and the suggestions.
 * Kept between runs; checked each run.
 */
export const BENCH_ARTICLES = 5_000;
const PORTAL_ADMIN = 'bench-portal-admin@bench.test';

const topics = ['工商变更', '二次装修', '稳岗补贴', '居住证积分', '社保开户', '税务登记', '公积金缴存', '用工备案', '消防检查', '租赁备案',
  '高新技术企业认定', '人才引进', '食品经营许可', '户外广告审批', '劳动合同', '职业技能培训', '残疾人就业保障金', '个税申报', '发票申领', '银行开户'];
const aspects = ['办理流程', '材料清单', '申请条件', '常见问题', '办理时限', '注意事项', '政策解读', '线上申报'];

export async function ensurePortalVolume(ownerUrl: string, ctx: BenchContext, log: Log): Promise<void> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query(`select set_config('app.tenant_id', $1, false)`, [ctx.tenantId]);
    const { rows } = await c.query<{ n: number }>(`select count(*)::int as n from knowledge_articles where tenant_id = $1`, [ctx.tenantId]);
    if (rows[0]!.n < BENCH_ARTICLES) {
      const t0 = Date.now();
      // Each article's grams are written by the table's trigger, as for an article saved in the app.
      await c.query(
        `insert into knowledge_articles (tenant_id, title, body, category, status, published_at, updated_at)
         select $1,
                t.topic[1 + g % 20] || t.aspect[1 + (g / 20) % 8] || '（' || g || '）',
                '企业办理' || t.topic[1 + g % 20] || '，需准备营业执照副本、法定代表人身份证明和' || t.topic[1 + (g * 7) % 20] || '相关材料。'
                  || '材料齐全的，楼宇工作站在' || (3 + g % 10) || '个工作日内完成预审并递交' || t.topic[1 + (g * 3) % 20] || '主管部门。'
                  || '常见退回原因：复印件未加盖公章、授权委托书缺少签字、' || t.aspect[1 + g % 8] || '与申请表不一致。',
                ($3::text[])[1 + g % cardinality($3::text[])], 'published', now(), now() - make_interval(mins => g)
           from (select $4::text[] as topic, $5::text[] as aspect) t, generate_series($2::int + 1, ${BENCH_ARTICLES}) g`,
        [ctx.tenantId, rows[0]!.n, [...knowledgeCategories], topics, aspects],
      );
      await c.query('analyze knowledge_articles; analyze knowledge_grams');
      log(`  ${BENCH_ARTICLES - rows[0]!.n} knowledge-base articles: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    }
    await c.query(`select set_config('app.platform', 'on', false)`);
    const { rows: enterprise } = await c.query<{ id: string }>(
      `select enterprise_id as id from work_items where tenant_id = $1 and enterprise_id is not null and status <> 'closed'
        group by enterprise_id order by count(*) desc, enterprise_id limit 1`,
      [ctx.tenantId],
    );
    const { rows: user } = await c.query<{ id: string }>(
      `insert into users (email, display_name, password_hash) values ($1, '压测门户管理员', $2)
       on conflict (email) do update set display_name = excluded.display_name returning id`,
      [PORTAL_ADMIN, await hashPassword(BENCH_PASSWORD)],
    );
    await c.query(
      `insert into memberships (tenant_id, user_id, role, enterprise_id) select $1, $2, 'enterprise_admin', $3
        where not exists (select 1 from memberships where tenant_id = $1 and user_id = $2)`,
      [ctx.tenantId, user[0]!.id, enterprise[0]!.id],
    );
    ctx.users.portal = { email: PORTAL_ADMIN, password: BENCH_PASSWORD };
    ctx.refs.portalEnterpriseId = enterprise[0]!.id;
    ctx.refs.portalUserId = user[0]!.id;
  } finally {
    await c.end();
  }
}
