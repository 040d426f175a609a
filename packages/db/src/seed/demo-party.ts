import { addDays, localDate, planShiftReminders, planSignUpReminders, zonedTimeToInstant, type ReminderSpec } from '@stationdesk/core';
import type { Db } from '../client.ts';
import { withTenant, type Tx } from '../tenant.ts';
import { rng } from './demo-enterprises.ts';

/**
 * 党群服务 for 新虹街道 (issue 20): the report's three 党群先锋服务站 along the Hongqiao transport
 * hub, open 07:00–21:00 every day; a month of duty shifts (two weeks walked, two to come, some
 * short of people); member units of regional party building and two-new organisations, a couple of
 * communities; batches signed up, checked in and out, person-times served. Deterministic but for
 * today's date.
 */
const posts = [
  {
    station: 'XH01',
    name: '虹桥枢纽交通中心党群先锋服务站',
    location: '虹桥综合交通枢纽交通中心 B1 换乘大厅',
    services: ['guidance', 'transit_guide', 'elderly_care', 'mother_baby', 'first_aid'],
  },
  {
    station: 'XH04',
    name: '虹桥火车站党群先锋服务站',
    location: '虹桥火车站北出口到达层',
    services: ['guidance', 'transit_guide', 'first_aid', 'elderly_care', 'repairs'],
  },
  {
    station: 'XH05',
    name: '虹桥商务区党群先锋服务站',
    location: '申长路 988 弄虹桥万科中心 1 号楼底层',
    services: ['guidance', 'legal_aid', 'policy_talks', 'repairs', 'mother_baby'],
  },
];

/** 区域化党建成员单位: the hub's operators, transport, public services, property companies. */
const memberUnits = [
  ['上海机场（集团）有限公司虹桥国际机场公司党委', 'XH01'],
  ['上海虹桥综合交通枢纽运营管理有限公司党支部', 'XH01'],
  ['中国铁路上海局集团有限公司上海虹桥站党委', 'XH04'],
  ['上海申通地铁虹桥站区党支部', 'XH04'],
  ['上海久事公交虹桥枢纽营运党支部', 'XH01'],
  ['虹桥国际中央商务区管理委员会机关党支部', 'XH05'],
  ['闵行区新虹街道社区卫生服务中心党支部', 'XH02'],
  ['上海市公安局虹桥枢纽分局交警支队党支部', 'XH04'],
  ['国网上海市电力公司虹桥供电服务中心党支部', 'XH03'],
  ['上海万科物业服务有限公司虹桥片区党支部', 'XH02'],
  ['上海龙湖物业服务有限公司虹桥天街党支部', 'XH03'],
  ['中国邮政集团上海市闵行区分公司虹桥营业部党支部', 'XH05'],
] as const;

/** 两新组织 brought in and incubated: law and accounting firms, associations, social organisations. */
const twoNew = [
  ['上海虹桥商务区律师事务所联合党支部', 'XH05'],
  ['上海新虹会计师事务所有限公司党支部', 'XH05'],
  ['虹桥商务区青年企业家协会党支部', 'XH01'],
  ['新虹街道社会组织联合党支部', 'XH02'],
  ['上海虹桥跨境电商产业园联合党支部', 'XH03'],
  ['上海长三角人力资源服务协会虹桥分会党支部', 'XH04'],
  ['新虹街道快递外卖新就业群体联合党支部', 'XH01'],
  ['上海虹桥数字经济产业联盟党支部', 'XH05'],
] as const;

const communities = [
  ['新虹街道爱博一村居民区党总支', 'XH02'],
  ['新虹街道华美路居民区党支部', 'XH03'],
] as const;

const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const given = '建国伟芳敏静丽强磊军洋勇艳杰娟涛明超秀英华慧红霞平刚桂英志鹏海燕';

const DAYS_BACK = 14;
const DAYS_AHEAD = 16;
const SHIFTS = [
  { start: 8 * 60, end: 12 * 60 },
  { start: 13 * 60, end: 17 * 60 },
];
const PLACES = 6;

export async function seedDemoParty(db: Db, tenantId: string, opts: { staffId: string; adminId: string; now?: Date }): Promise<void> {
  const now = opts.now ?? new Date();
  const random = rng(20_205);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const person = () => `${pick([...surnames])}${pick([...given])}${random() < 0.5 ? pick([...given]) : ''}`;
  const mobile = () => `1${pick(['35', '37', '38', '39', '58', '86', '89'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;

  await withTenant(db, tenantId, async (trx: Tx) => {
    const tz = (await trx.selectFrom('tenants').select('timezone').where('id', '=', tenantId).executeTakeFirstOrThrow()).timezone;
    const today = localDate(now, tz);
    // The seed runs as the owner, whom row-level security does not hold: reads name the tenant.
    const stations = new Map((await trx.selectFrom('stations').select(['id', 'code']).where('tenant_id', '=', tenantId).execute()).map((s) => [s.code, s.id]));
    const adminEnterpriseId = (await trx.selectFrom('memberships').select('enterprise_id').where('tenant_id', '=', tenantId).where('user_id', '=', opts.adminId).where('role', '=', 'enterprise_admin').executeTakeFirstOrThrow()).enterprise_id!;

    // The desk's demo company records a branch in its file, so its admin has something to sign up.
    await trx
      .updateTable('enterprises')
      .set({ has_party_branch: true, party_branch_name: '上海虹智信息科技有限公司党支部', party_members: 9, party_secretary: '陈思远' })
      .where('id', '=', adminEnterpriseId)
      .where('has_party_branch', '=', false)
      .execute();

    const orgRows = [
      ...memberUnits.map(([name, st], i) => ({ type: 'member_unit' as const, name, st, joined: addDays(today, -(400 + i * 53)) })),
      ...twoNew.map(([name, st], i) => ({ type: 'two_new' as const, name, st, joined: addDays(today, -(120 + i * 41)) })),
      ...communities.map(([name, st], i) => ({ type: 'community' as const, name, st, joined: addDays(today, -(800 + i * 90)) })),
    ];
    const orgs = await trx
      .insertInto('party_orgs')
      .values(
        orgRows.map((o) => ({
          tenant_id: tenantId,
          type: o.type,
          name: o.name,
          contact_name: person(),
          contact_phone: mobile(),
          members: o.type === 'member_unit' ? 20 + Math.floor(random() * 180) : 3 + Math.floor(random() * 30),
          joined_on: o.joined,
          station_id: stations.get(o.st)!,
          created_by: opts.staffId,
        })),
      )
      .returning(['id'])
      .execute();
    const branches = await trx.selectFrom('enterprises').select('id').where('tenant_id', '=', tenantId).where('has_party_branch', '=', true).where('status', 'in', ['active', 'moving_out']).orderBy('name').limit(30).execute();
    const batchOrgs: { partyOrgId: string | null; enterpriseId: string | null }[] = [
      ...orgs.map((o) => ({ partyOrgId: o.id, enterpriseId: null })),
      ...branches.filter((b) => b.id !== adminEnterpriseId).map((b) => ({ partyOrgId: null, enterpriseId: b.id })),
    ];

    const postRows = await trx
      .insertInto('service_posts')
      .values(
        posts.map((p) => ({
          tenant_id: tenantId,
          station_id: stations.get(p.station)!,
          name: p.name,
          location: p.location,
          opening_hours: JSON.stringify([0, 1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, start: '07:00', end: '21:00' }))),
          services: p.services,
          created_by: opts.staffId,
        })),
      )
      .returning(['id', 'services'])
      .execute();

    const reminders: { spec: ReminderSpec; type: 'duty_shift' | 'duty_sign_up'; id: string }[] = [];
    for (const [pi, post] of postRows.entries()) {
      for (let d = -DAYS_BACK; d <= DAYS_AHEAD; d++) {
        const date = addDays(today, d);
        for (const [si, slot] of SHIFTS.entries()) {
          const startsAt = new Date(zonedTimeToInstant(date, slot.start, tz));
          const endsAt = new Date(zonedTimeToInstant(date, slot.end, tz));
          const past = endsAt.getTime() < now.getTime();
          const upcoming = startsAt.getTime() > now.getTime();
          // Past shifts were mostly filled; the further ahead, the fewer have signed up yet (some short).
          const share = past ? 0.7 + random() * 0.3 : Math.max(0, 1 - (d / DAYS_AHEAD) * (0.6 + random() * 0.6));
          const target = Math.min(PLACES, Math.round(PLACES * share));
          const batches: { org: (typeof batchOrgs)[number]; members: number }[] = [];
          const used = new Set<number>();
          let booked = 0;
          while (booked < target) {
            let k = Math.floor(random() * batchOrgs.length);
            while (used.has(k)) k = (k + 1) % batchOrgs.length;
            used.add(k);
            const members = Math.min(target - booked, 1 + Math.floor(random() * 3));
            batches.push({ org: batchOrgs[k]!, members });
            booked += members;
          }
          // The desk's demo company on the hub's first post's morning shift three days ahead.
          if (pi === 0 && si === 0 && d === 3 && booked < PLACES) {
            batches.push({ org: { partyOrgId: null, enterpriseId: adminEnterpriseId }, members: 1 });
            booked += 1;
          }
          const shift = await trx
            .insertInto('duty_shifts')
            .values({ tenant_id: tenantId, post_id: post.id, shift_date: date, starts_at: startsAt, ends_at: endsAt, places: PLACES, booked, created_by: opts.staffId, created_at: addDays(today, -DAYS_BACK - 7) })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (upcoming) for (const spec of planShiftReminders({ id: shift.id, shiftDate: date, status: 'open', places: PLACES, booked }, tz)) reminders.push({ spec, type: 'duty_shift', id: shift.id });
          for (const b of batches) {
            const viaCode = random() < 0.4;
            const attended = past && random() < 0.94;
            const row = await trx
              .insertInto('duty_sign_ups')
              .values({
                tenant_id: tenantId,
                shift_id: shift.id,
                party_org_id: b.org.partyOrgId,
                enterprise_id: b.org.enterpriseId,
                members: b.members,
                signed_up_by: b.org.enterpriseId === adminEnterpriseId ? opts.adminId : opts.staffId,
                signed_up_at: new Date(startsAt.getTime() - (2 + Math.floor(random() * 10)) * 86_400_000),
                status: attended ? 'checked_out' : 'signed_up',
                ...(attended
                  ? {
                      checked_in_at: new Date(startsAt.getTime() - Math.floor(random() * 20) * 60_000),
                      checked_in_by: viaCode && b.org.enterpriseId ? opts.adminId : opts.staffId,
                      checked_in_via: viaCode && b.org.enterpriseId ? ('code' as const) : ('staff' as const),
                      checked_out_at: new Date(endsAt.getTime() + Math.floor(random() * 15) * 60_000),
                      checked_out_by: opts.staffId,
                      checked_out_via: 'staff' as const,
                    }
                  : {}),
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            if (upcoming) {
              for (const spec of planSignUpReminders({ id: row.id, shiftDate: date, status: 'signed_up', enterpriseBranch: b.org.enterpriseId !== null }, tz)) reminders.push({ spec, type: 'duty_sign_up', id: row.id });
            }
          }
          if (past && booked > 0) {
            // The report's scale: about a hundred person-times a shift at the hub's busiest posts.
            const served = post.services.map((service, k) => ({ service, served: Math.round((k === 0 ? 40 : 12) * (0.5 + random()) * (pi === 2 ? 0.4 : 1)) }));
            await trx.insertInto('duty_shift_served').values(served.map((s) => ({ tenant_id: tenantId, shift_id: shift.id, service: s.service, served: s.served, recorded_by: opts.staffId, recorded_at: endsAt }))).execute();
          }
        }
      }
    }
    const due = reminders.filter((r) => r.spec.dueAt.getTime() > now.getTime());
    if (due.length) {
      await trx
        .insertInto('reminders')
        .values(
          due.map((r) => ({
            tenant_id: tenantId,
            kind: r.spec.kind,
            subject_type: r.type,
            subject_id: r.id,
            recipients: JSON.stringify(r.spec.recipients),
            channels: r.spec.channels,
            due_at: r.spec.dueAt,
            idempotency_key: r.spec.key,
          })),
        )
        .execute();
    }
  });
}
