import { sql } from 'kysely';
import type { Db } from '../client.ts';
import { withPlatform, withTenant } from '../tenant.ts';

/**
 * 政策推送 for the demo (issue 22): three published notices with their recipients resolved as the
 * app resolves them (all enterprises in the buildings / a tag / a station) and read receipts. The
 * companies that read them have portal admins of their own (a dozen demo accounts, signing in as
 * any demo user does); the demo admin's company read the first. Deterministic: receipts and times
 * come from a fixed pseudo-random sequence.
 */
export interface NoticeSeedOptions {
  now: Date;
  managerId: string;
  /** The demo enterprise admin (陈思远): its company is among the recipients of every notice. */
  enterpriseAdminId: string;
  passwordHash: string;
  seed?: number;
}

const DAY = 86_400_000;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙'];
const GIVEN = ['建国', '丽娟', '志强', '海燕', '俊杰', '晓梅', '文涛', '雪莹', '国栋', '佳怡', '宏伟', '静雯'];

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Plan {
  title: string;
  body: string;
  daysAgo: number;
  effectiveIn: number;
  audience: 'all' | 'tag' | 'station';
  /** Share of the recipients with an admin who have read it. */
  readShare: number;
}

const plans: Plan[] = [
  {
    title: '关于做好 2026 年度稳岗补贴申领工作的通知',
    body: '各楼宇企业：\n\n根据市人社局、市财政局有关规定，2026 年度失业保险稳岗补贴即日起开始申领。依法参加失业保险并足额缴费、上年度未裁员或裁员率不高于城镇调查失业率控制目标的企业均可申领。\n\n一、申领方式：登录“一网通办”企业专属网页，在线提交申请，无需报送纸质材料。\n二、申领时间：即日起至 12 月 31 日。\n三、咨询电话：新虹街道企业服务工作站 021-5298 0101。\n\n请各企业及时申领，逾期不再受理。',
    daysAgo: 20,
    effectiveIn: -18,
    audience: 'all',
    readShare: 0.7,
  },
  {
    title: '2027 年度工商年报报送提醒',
    body: '各重点企业：\n\n2027 年度企业年度报告公示工作将于 1 月 1 日开始，6 月 30 日截止。请通过国家企业信用信息公示系统按时报送年度报告，并对报送内容的真实性负责。\n\n未按时报送的企业将被列入经营异常名录。报送中如遇问题，可在企业门户提交咨询，工作站将安排专人协助。',
    daysAgo: 8,
    effectiveIn: 24,
    audience: 'tag',
    readShare: 0.5,
  },
  {
    title: '楼宇消防安全检查通知',
    body: '各入驻企业：\n\n为做好冬季消防安全工作，工作站将会同物业于下周二至周四对辖区楼宇开展消防安全检查，重点检查：\n1. 疏散通道、安全出口是否畅通；\n2. 灭火器、消火栓等消防设施是否完好有效；\n3. 电气线路、大功率电器使用是否规范。\n\n请各企业提前自查，并安排专人配合检查。',
    daysAgo: 2,
    effectiveIn: 5,
    audience: 'station',
    readShare: 0.4,
  },
];

/** The enterprises an audience takes in, as the app resolves it when publishing (statuses active and moving_out). */
function audienceSql(audience: Plan['audience'], stationId: string, tagId: string) {
  switch (audience) {
    case 'all':
      return sql<boolean>`true`;
    case 'station':
      return sql<boolean>`e.station_id = ${stationId}::uuid`;
    case 'tag':
      return sql<boolean>`exists (select 1 from enterprise_tags et where et.tenant_id = e.tenant_id and et.enterprise_id = e.id and et.tag_id = ${tagId}::uuid)`;
  }
}

export async function seedDemoNotices(db: Db, tenantId: string, opts: NoticeSeedOptions): Promise<void> {
  const r = prng(opts.seed ?? 2027);
  await withTenant(db, tenantId, async (trx) => {
    // The seed runs as the owner, whom row-level security does not hold: every read names the tenant.
    const station = await trx.selectFrom('stations').select('id').where('tenant_id', '=', tenantId).orderBy('code').executeTakeFirstOrThrow();
    const tag = await trx.selectFrom('tags').select('id').where('tenant_id', '=', tenantId).where('name', '=', '重点企业').executeTakeFirstOrThrow();
    const demoEnterprise = await trx
      .selectFrom('memberships')
      .select('enterprise_id')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', opts.enterpriseAdminId)
      .where('role', '=', 'enterprise_admin')
      .executeTakeFirstOrThrow();
    // The demo company is a 重点企业 (the year-report reminder reaches it).
    await trx
      .insertInto('enterprise_tags')
      .values({ tenant_id: tenantId, enterprise_id: demoEnterprise.enterprise_id!, tag_id: tag.id })
      .onConflict((oc) => oc.doNothing())
      .execute();
    // Portal admins for a dozen companies: four 重点企业, four of the first station, four others.
    const pick = async (where: ReturnType<typeof sql<boolean>>) =>
      (
        await sql<{ id: string }>`select e.id from enterprises e where e.tenant_id = ${tenantId}::uuid and e.status in ('active', 'moving_out') and e.id <> ${demoEnterprise.enterprise_id}::uuid and ${where} order by e.credit_code limit 4`.execute(trx)
      ).rows.map((x) => x.id);
    const tagged = await pick(audienceSql('tag', station.id, tag.id));
    const atStation = await pick(sql<boolean>`e.station_id = ${station.id}::uuid and not (e.id = any(${tagged}::uuid[]))`);
    const others = await pick(sql<boolean>`e.station_id <> ${station.id}::uuid and not (e.id = any(${[...tagged, ...atStation]}::uuid[]))`);
    const companies = [...tagged, ...atStation, ...others];
    const users = await withPlatform(db, (p) =>
      p
        .insertInto('users')
        .values(companies.map((_, i) => ({ email: `qiye${String(i + 1).padStart(2, '0')}@xinhong.test`, display_name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`, password_hash: opts.passwordHash })))
        .returning(['id', 'email'])
        .execute(),
    );
    const byEmail = new Map(users.map((u) => [u.email, u.id]));
    await trx
      .insertInto('memberships')
      .values(companies.map((enterpriseId, i) => ({ tenant_id: tenantId, user_id: byEmail.get(`qiye${String(i + 1).padStart(2, '0')}@xinhong.test`)!, role: 'enterprise_admin' as const, enterprise_id: enterpriseId })))
      .execute();
    const readerOf = new Map<string, string>([[demoEnterprise.enterprise_id!, opts.enterpriseAdminId], ...companies.map((c, i) => [c, byEmail.get(`qiye${String(i + 1).padStart(2, '0')}@xinhong.test`)!] as [string, string])]);

    for (const [k, plan] of plans.entries()) {
      const publishedAt = new Date(opts.now.getTime() - plan.daysAgo * DAY - Math.floor(r() * 4 * 3_600_000));
      const effective = new Date(opts.now.getTime() + plan.effectiveIn * DAY).toISOString().slice(0, 10);
      const notice = await trx
        .insertInto('notices')
        .values({
          tenant_id: tenantId,
          title: plan.title,
          body: plan.body,
          effective_on: effective,
          audience: plan.audience,
          audience_station_id: plan.audience === 'station' ? station.id : null,
          audience_tag_id: plan.audience === 'tag' ? tag.id : null,
          status: 'published',
          created_by: opts.managerId,
          created_at: new Date(publishedAt.getTime() - DAY),
          updated_at: publishedAt,
          published_at: publishedAt,
          published_by: opts.managerId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const recipients = await sql<{ enterprise_id: string }>`
        insert into notice_recipients (tenant_id, notice_id, enterprise_id, emailed_at)
        select e.tenant_id, ${notice.id}::uuid, e.id, ${publishedAt} from enterprises e
         where e.tenant_id = ${tenantId}::uuid and e.status in ('active', 'moving_out') and ${audienceSql(plan.audience, station.id, tag.id)}
        returning enterprise_id`.execute(trx);
      await trx.updateTable('notices').set({ recipients: recipients.rows.length }).where('id', '=', notice.id).execute();
      const received = new Set(recipients.rows.map((x) => x.enterprise_id));
      // The demo company read the first notice only: the other two wait as unread in its portal.
      const readers = [...readerOf].filter(([e]) => received.has(e) && (e === demoEnterprise.enterprise_id ? k === 0 : r() < plan.readShare));
      if (readers.length) {
        await trx
          .insertInto('notice_receipts')
          .values(readers.map(([enterpriseId, userId]) => ({ tenant_id: tenantId, notice_id: notice.id, enterprise_id: enterpriseId, read_by: userId, read_at: new Date(publishedAt.getTime() + Math.floor(r() * Math.min(plan.daysAgo, 3) * DAY) + 600_000) })))
          .execute();
      }
      // Each admin's inbox note, as publishing writes it.
      const admins = await trx
        .selectFrom('memberships')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('role', '=', 'enterprise_admin')
        .where('enterprise_id', 'in', [...received])
        .execute();
      if (admins.length) {
        await trx
          .insertInto('notifications')
          .values(
            admins.map((a) => ({
              tenant_id: tenantId,
              user_id: a.user_id,
              kind: 'notice_published',
              title: `新政策通知：${plan.title}`,
              body: `街道发布了新的政策通知《${plan.title}》，请登录企业门户查看。`,
              items: JSON.stringify([{ id: notice.id, title: plan.title, link: `/portal/notices/${notice.id}` }]),
              created_at: publishedAt,
              read_at: readers.some(([, u]) => u === a.user_id) ? publishedAt : null,
            })),
          )
          .execute();
      }
    }
  });
}
