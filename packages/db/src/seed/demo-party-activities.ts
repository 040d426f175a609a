import type { Db } from '../client.ts';
import { withTenant } from '../tenant.ts';

/**
 * 党群活动 for the demo (issue 20): a dozen activities of the first two stations — seven held in
 * the last two months with their sign-ups, attendance and the enterprises' ratings, four coming
 * (two open for sign-up, one of them full with a waitlist) and a draft. Deterministic: a fixed
 * pseudo-random sequence picks enterprises, people and who came. People of enterprises without a
 * demo account are recorded as signed up by the station's staff (taken by phone).
 */
export interface PartyActivitySeedOptions {
  now: Date;
  organiserId: string;
  /** The demo enterprise admin: its enterprise takes part in most activities. */
  enterpriseAdminId: string;
  seed?: number;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '思远', '晓燕', '雨桐', '子涵', '浩然'];

const DAY = 86_400_000;

interface Plan {
  title: string;
  kind: 'party_lesson' | 'volunteer_service' | 'enterprise_salon' | 'policy_briefing' | 'culture_sports' | 'other';
  /** Days from today (negative: held). */
  day: number;
  /** Local start hour and length in hours. */
  hour: number;
  hours: number;
  place: string;
  capacity: number;
  /** People signed up, as a share of capacity (over 1: a waitlist). */
  fill: number;
  station: 0 | 1;
  audience: 'tenant' | 'station';
  status?: 'draft' | 'cancelled';
  description: string;
}

const plans: Plan[] = [
  { title: '学习贯彻党的二十届四中全会精神专题党课', kind: 'party_lesson', day: -58, hour: 14, hours: 2, place: '新虹街道党群服务中心二楼报告厅', capacity: 80, fill: 0.9, station: 0, audience: 'tenant', description: '邀请区委党校讲师解读全会精神，面向辖区企业党组织书记和党员。' },
  { title: '虹桥枢纽“红色志愿”文明引导服务', kind: 'volunteer_service', day: -51, hour: 9, hours: 4, place: '虹桥枢纽到达层党群先锋服务站', capacity: 30, fill: 1, station: 0, audience: 'tenant', description: '在枢纽到达层开展问询指引、爱心助老等志愿服务，每人服务半天。' },
  { title: '跨境电商出海合规企业沙龙', kind: 'enterprise_salon', day: -44, hour: 14, hours: 2, place: '虹桥商务区企业服务中心 3 楼路演厅', capacity: 40, fill: 0.85, station: 1, audience: 'tenant', description: '律所和海关专家分享数据合规、出口退税与海外仓实务，企业间交流对接。' },
  { title: '2026 年稳岗扩岗政策宣讲会', kind: 'policy_briefing', day: -33, hour: 10, hours: 1.5, place: '新虹街道党群服务中心一楼多功能厅', capacity: 60, fill: 0.75, station: 0, audience: 'tenant', description: '人社部门讲解稳岗补贴、一次性扩岗补助申领条件和线上办理流程。' },
  { title: '楼宇企业职工趣味运动会', kind: 'culture_sports', day: -24, hour: 13, hours: 3, place: '虹桥天地中庭广场', capacity: 100, fill: 0.8, station: 1, audience: 'tenant', description: '拔河、趣味接力、定点投篮等项目，以企业为单位组队参加。' },
  { title: '“两新”组织党建工作交流会', kind: 'party_lesson', day: -16, hour: 15, hours: 2, place: '新虹街道党群服务中心二楼会议室', capacity: 25, fill: 0.96, station: 0, audience: 'station', description: '两新组织党组织书记交流支部标准化建设经验，街道党工委答疑。' },
  { title: '知识产权保护与高企认定政策解读', kind: 'policy_briefing', day: -6, hour: 14, hours: 2, place: '虹桥商务区企业服务中心 3 楼路演厅', capacity: 50, fill: 0.7, station: 1, audience: 'tenant', description: '市场监管和科委专家讲解商标专利保护、高新技术企业认定要点。' },
  { title: '“学雷锋”枢纽便民志愿服务', kind: 'volunteer_service', day: 4, hour: 9, hours: 4, place: '虹桥枢纽到达层党群先锋服务站', capacity: 20, fill: 1.3, station: 0, audience: 'tenant', description: '为旅客提供问询指引、行李协助和应急救护宣传，名额已满可候补。' },
  { title: '企业人力资源管理实务沙龙', kind: 'enterprise_salon', day: 9, hour: 14, hours: 2, place: '新虹街道党群服务中心一楼多功能厅', capacity: 40, fill: 0.45, station: 0, audience: 'tenant', description: '劳动合同、灵活用工与劳动争议预防，现场答疑。' },
  { title: '新春楼宇联谊会', kind: 'culture_sports', day: 24, hour: 18, hours: 2.5, place: '虹桥天地 B1 多功能厅', capacity: 120, fill: 0, station: 1, audience: 'tenant', status: 'draft', description: '楼宇企业职工联欢、才艺展示与抽奖。' },
  { title: '企业安全生产培训', kind: 'other', day: 12, hour: 10, hours: 2, place: '虹桥商务区企业服务中心 2 楼培训室', capacity: 60, fill: 0, station: 1, audience: 'tenant', status: 'cancelled', description: '因场地检修取消，另行通知。' },
  { title: '党员先锋岗创建经验分享', kind: 'party_lesson', day: 16, hour: 15, hours: 1.5, place: '新虹街道党群服务中心二楼会议室', capacity: 30, fill: 0.3, station: 0, audience: 'tenant', description: '优秀党员先锋岗代表分享创建经验。' },
];

/** A small fixed pseudo-random sequence (mulberry32). */
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

/** A local wall time in Shanghai (UTC+8, no DST) `day` days from today's date. */
function shanghai(now: Date, day: number, hour: number): Date {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  const midnightUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) - 8 * 3_600_000;
  return new Date(midnightUtc + day * DAY + hour * 3_600_000);
}

export async function seedDemoPartyActivities(db: Db, tenantId: string, opts: PartyActivitySeedOptions): Promise<number> {
  const rand = prng(opts.seed ?? 2020);
  return withTenant(db, tenantId, async (trx) => {
    const admin = await trx.selectFrom('memberships').select('enterprise_id').where('tenant_id', '=', tenantId).where('user_id', '=', opts.enterpriseAdminId).where('role', '=', 'enterprise_admin').executeTakeFirstOrThrow();
    const ownEnterprise = { userId: opts.enterpriseAdminId, enterpriseId: admin.enterprise_id! };
    const stations = await trx.selectFrom('stations').select('id').where('tenant_id', '=', tenantId).orderBy('code').limit(2).execute();
    const enterprises = await trx.selectFrom('enterprises').select(['id', 'station_id']).where('tenant_id', '=', tenantId).where('status', '=', 'active').orderBy('credit_code').execute();
    let phoneSeq = 0;
    let written = 0;
    for (const plan of plans) {
      const stationId = stations[plan.station]!.id;
      const startsAt = shanghai(opts.now, plan.day, plan.hour);
      const endsAt = new Date(startsAt.getTime() + plan.hours * 3_600_000);
      const opensAt = new Date(startsAt.getTime() - 14 * DAY);
      const closesAt = new Date(startsAt.getTime() - DAY);
      const held = plan.day < 0;
      const status = plan.status ?? 'published';
      const activity = await trx
        .insertInto('party_activities')
        .values({
          tenant_id: tenantId,
          station_id: stationId,
          title: plan.title,
          kind: plan.kind,
          starts_at: startsAt,
          ends_at: endsAt,
          place: plan.place,
          capacity: plan.capacity,
          audience: plan.audience,
          audience_station_id: plan.audience === 'station' ? stationId : null,
          sign_up_opens_at: opensAt,
          sign_up_closes_at: closesAt,
          cancel_deadline: closesAt,
          description: plan.description,
          status,
          cancel_reason: status === 'cancelled' ? '场地检修' : null,
          created_by: opts.organiserId,
          created_at: new Date(opensAt.getTime() - 3 * DAY),
          published_at: status === 'draft' ? null : opensAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      written++;
      if (status !== 'published') continue;
      const open = plan.audience === 'station' ? enterprises.filter((e) => e.station_id === stationId) : enterprises;
      const wanted = Math.round(plan.capacity * plan.fill);
      // The demo enterprise takes part in most activities with two people.
      const rows: { enterprise_id: string; status: 'confirmed' | 'waitlisted'; checked: boolean; by: string }[] = [];
      const own = open.some((e) => e.id === ownEnterprise.enterpriseId) && rand() < 0.8;
      if (own) for (let i = 0; i < 2; i++) rows.push({ enterprise_id: ownEnterprise.enterpriseId, status: 'confirmed', checked: false, by: ownEnterprise.userId });
      while (rows.length < wanted) {
        const e = open[Math.floor(rand() * open.length)]!;
        const n = 1 + Math.floor(rand() * 3);
        for (let i = 0; i < n && rows.length < wanted; i++) rows.push({ enterprise_id: e.id, status: 'confirmed', checked: false, by: e.id === ownEnterprise.enterpriseId ? ownEnterprise.userId : opts.organiserId });
      }
      rows.forEach((r, i) => {
        r.status = i < plan.capacity ? 'confirmed' : 'waitlisted';
        r.checked = held && r.status === 'confirmed' && rand() < 0.86;
      });
      if (rows.length === 0) continue;
      await trx
        .insertInto('activity_participants')
        .values(
          rows.map((r, i) => {
            phoneSeq++;
            const phone = `139${String(16_000_000 + phoneSeq * 7919).padStart(8, '0').slice(-8)}`;
            return {
              tenant_id: tenantId,
              activity_id: activity.id,
              enterprise_id: r.enterprise_id,
              name: `${SURNAMES[Math.floor(rand() * SURNAMES.length)]}${GIVEN[Math.floor(rand() * GIVEN.length)]}`,
              phone,
              phone_digits: phone,
              party_member: rand() < 0.45,
              status: r.status,
              signed_up_by: r.by,
              signed_up_at: new Date(opensAt.getTime() + (i + 1) * 37 * 60_000),
              checked_in_at: r.checked ? new Date(startsAt.getTime() - Math.floor(rand() * 20) * 60_000) : null,
              checked_in_by: r.checked ? opts.organiserId : null,
              checked_in_via: r.checked ? ('staff' as const) : null,
            };
          }),
        )
        .execute();
      const confirmed = rows.filter((r) => r.status === 'confirmed').length;
      await trx.updateTable('party_activities').set({ confirmed }).where('tenant_id', '=', tenantId).where('id', '=', activity.id).execute();
      if (held) {
        const raters = [...new Set(rows.filter((r) => r.checked).map((r) => r.enterprise_id))].filter(() => rand() < 0.6);
        if (raters.length) {
          await trx
            .insertInto('activity_feedback')
            .values(
              raters.map((enterpriseId) => {
                const rating = rand() < 0.7 ? 5 : rand() < 0.8 ? 4 : 3;
                return {
                  tenant_id: tenantId,
                  activity_id: activity.id,
                  enterprise_id: enterpriseId,
                  rating,
                  comment: rating === 5 ? '内容实用，组织有序。' : rating === 4 ? '收获很大，希望多举办。' : '时间稍长，建议精简。',
                  given_by: enterpriseId === ownEnterprise.enterpriseId ? ownEnterprise.userId : opts.organiserId,
                  given_at: new Date(endsAt.getTime() + DAY),
                };
              }),
            )
            .execute();
        }
      }
    }
    return written;
  });
}
