import { creditCodeCheckCharacter, zonedTimeToInstant } from '@stationdesk/core';
import { sql } from 'kysely';
import type { Db } from '../client.ts';
import { withPlatform, withTenant, type Tx } from '../tenant.ts';
import { demoAccounts, huacaoStations, xinhongStations, type DemoStation } from './demo-data.ts';
import { demoEnterprises, demoTags } from './demo-enterprises.ts';
import { seedDemoCalendar } from './demo-calendar.ts';
import { seedDisputes } from './demo-disputes.ts';
import { seedAgencyCases, seedConsultations, type DemoFileStore } from './demo-work-items.ts';
import { seedAgencyTypes } from './agency-types.ts';
import { seedPatrolFindings, type DemoPhotoMaker } from './demo-patrol-findings.ts';
import { seedDemoPartyActivities } from './demo-party-activities.ts';
import { seedDemoPatrolRounds } from './demo-patrol-rounds.ts';
import { seedDemoParty } from './demo-party.ts';
import { seedDemoNotices } from './demo-notices.ts';
import { seedDemoKnowledge } from './demo-knowledge.ts';
import { seedDemoPortalPermits } from './demo-portal-permits.ts';

export { DEMO_PASSWORD, demoAccounts } from './demo-data.ts';
export type { DemoFileStore } from './demo-work-items.ts';
export { demoScenePng, seedPatrolFindings, type DemoPhotoMaker } from './demo-patrol-findings.ts';
export { seedDemoPartyActivities } from './demo-party-activities.ts';

const CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, distinct credit code for each running number (Shanghai region 310112 = Minhang). */
export function demoCreditCode(n: number, region = '310112'): string {
  let tail = '';
  for (let i = 0, v = n; i < 6; i++, v = Math.floor(v / 31)) tail = CODE_ALPHABET[v % 31] + tail;
  const body = `91${region}MA1${tail}`;
  return body + creditCodeCheckCharacter(body);
}

async function seedStations(trx: Tx, tenantId: string, stations: DemoStation[]) {
  const out: { id: string; buildingIds: string[] }[] = [];
  for (const s of stations) {
    const station = await trx
      .insertInto('stations')
      .values({ tenant_id: tenantId, code: s.code, name: s.name, name_en: s.nameEn, address: s.address, phone: s.phone })
      .returning('id')
      .executeTakeFirstOrThrow();
    const buildings = await trx
      .insertInto('buildings')
      .values(
        s.buildings.map((b) => ({
          tenant_id: tenantId,
          station_id: station.id,
          name: b.name,
          name_en: b.nameEn,
          address: b.address,
          floors: b.floors,
        })),
      )
      .returning('id')
      .execute();
    out.push({ id: station.id, buildingIds: buildings.map((b) => b.id) });
  }
  return out;
}

/** The generated enterprises, spread over the tenant's buildings, with contacts, licences and tags. */
async function seedEnterprises(
  trx: Tx,
  tenantId: string,
  stations: { id: string; buildingIds: string[] }[],
  count: number,
  opts: { seed: number; actorId: string; first?: { name: string; nameEn: string } },
): Promise<string[]> {
  const buildings = stations.flatMap((s) => s.buildingIds.map((b) => ({ stationId: s.id, buildingId: b })));
  const list = demoEnterprises(count, { seed: opts.seed, today: new Date(), floors: 20 });
  if (opts.first) Object.assign(list[0]!, { name: opts.first.name, nameEn: opts.first.nameEn, status: 'active' });
  const tags = await trx
    .insertInto('tags')
    .values(demoTags.map((name, i) => ({ tenant_id: tenantId, name, color: ['red', 'amber', 'blue', 'green', 'violet', 'slate'][i]! })))
    .returning(['id', 'name'])
    .execute();
  const tagId = new Map(tags.map((t) => [t.name, t.id]));
  const ids: string[] = [];
  for (const [i, e] of list.entries()) {
    const where = buildings[i % buildings.length]!;
    const row = await trx
      .insertInto('enterprises')
      .values({
        tenant_id: tenantId,
        name: e.name,
        name_en: e.nameEn,
        credit_code: e.creditCode,
        legal_representative: e.legalRepresentative,
        registered_capital_wan: e.registeredCapitalWan,
        industry: e.industry,
        established_on: e.establishedOn,
        employees: e.employees,
        station_id: where.stationId,
        building_id: where.buildingId,
        floor: e.floor,
        room: e.room,
        status: e.status,
        moved_in_on: e.movedInOn,
        has_party_branch: e.hasPartyBranch,
        party_branch_name: e.partyBranchName,
        party_members: e.partyMembers,
        party_secretary: e.partySecretary,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
    await trx
      .insertInto('enterprise_contacts')
      .values(e.contacts.map((c) => ({ tenant_id: tenantId, enterprise_id: row.id, name: c.name, title: c.title, phone: c.phone, email: c.email, is_primary: c.isPrimary })))
      .execute();
    await trx
      .insertInto('enterprise_documents')
      .values(
        e.documents.map((d) => ({
          tenant_id: tenantId,
          enterprise_id: row.id,
          doc_type: d.docType,
          number: d.number,
          issuer: d.issuer,
          issued_on: d.issuedOn,
          expires_on: d.expiresOn,
        })),
      )
      .execute();
    if (e.tags.length) {
      await trx
        .insertInto('enterprise_tags')
        .values(e.tags.map((t) => ({ tenant_id: tenantId, enterprise_id: row.id, tag_id: tagId.get(t)! })))
        .execute();
    }
    await trx
      .insertInto('audit_log')
      .values({
        tenant_id: tenantId,
        actor_user_id: opts.actorId,
        action: 'enterprise.created',
        subject_type: 'enterprise',
        subject_id: row.id,
        data: JSON.stringify({ changes: { name: [null, e.name], creditCode: [null, e.creditCode] } }),
      })
      .execute();
  }
  return ids;
}

/**
 * Writes a tenant's work items and history in bulk with the triggers that keep what is derived from
 * them off — the KPI rollup's insert triggers (migration 0023) and the title grams' row trigger
 * (0007) — then builds both once for the tenant from the same definitions (kpi_counts_rebuild,
 * sd_bigrams): the triggers would take a statement or a row at a time, most of the seed's time.
 * Runs in the seed's transaction (the tables locked until it commits), so nothing sees either
 * before it is whole.
 */
async function writeInBulk(trx: Tx, tenantId: string, write: () => Promise<void>): Promise<void> {
  await sql`alter table work_items disable trigger work_items_kpi_insert;
            alter table work_items disable trigger work_item_grams;
            alter table work_item_events disable trigger work_item_events_kpi_insert`.execute(trx);
  await write();
  await sql`alter table work_items enable trigger work_items_kpi_insert;
            alter table work_items enable trigger work_item_grams;
            alter table work_item_events enable trigger work_item_events_kpi_insert`.execute(trx);
  await sql`select kpi_counts_rebuild(${tenantId}::uuid)`.execute(trx);
  await sql`delete from work_item_title_grams where tenant_id = ${tenantId}`.execute(trx);
  await sql`insert into work_item_title_grams (tenant_id, gram, item_id)
            select w.tenant_id, g, w.id from work_items w, unnest(sd_bigrams(w.title)) g where w.tenant_id = ${tenantId}
            on conflict do nothing`.execute(trx);
}

export interface DemoSeedResult {
  tenants: { xinhong: string; huacao: string };
}

/**
 * Seeds the demo tenants and sign-ins. Refuses to run twice (the launcher only calls it on an empty
 * database). `storeFile` writes the demo agency materials' bytes where the app keeps files; without
 * it the agency cases are seeded without materials (a file row never points at missing bytes).
 */
export async function seedDemo(db: Db, opts: { passwordHash: string; storeFile?: DemoFileStore; photo?: DemoPhotoMaker }): Promise<DemoSeedResult> {
  const { xinhong, huacao, users } = await withPlatform(db, async (trx) => {
    const existing = await trx.selectFrom('tenants').select('id').where('slug', '=', 'xinhong').executeTakeFirst();
    if (existing) throw new Error('the demo tenant already exists');
    const [xinhong, huacao] = await trx
      .insertInto('tenants')
      .values([
        { slug: 'xinhong', name: '新虹街道', name_en: 'Xinhong Subdistrict' },
        { slug: 'huacao', name: '华漕镇', name_en: 'Huacao Town' },
      ])
      .returning('id')
      .execute();
    const people = [
      { email: demoAccounts.operator, display_name: '平台运维', is_platform_admin: true },
      { email: demoAccounts.xinhongManager, display_name: '王建华' },
      { email: demoAccounts.xinhongStaff, display_name: '李晓燕' },
      { email: demoAccounts.xinhongEnterprise, display_name: '陈思远' },
      { email: demoAccounts.huacaoManager, display_name: '赵敏' },
    ];
    const rows = await trx
      .insertInto('users')
      .values(people.map((p) => ({ ...p, password_hash: opts.passwordHash })))
      .returning(['id', 'email'])
      .execute();
    const users = Object.fromEntries(rows.map((r) => [r.email, r.id])) as Record<string, string>;
    return { xinhong: xinhong!.id, huacao: huacao!.id, users };
  });

  await withTenant(db, xinhong, async (trx) => {
    const stations = await seedStations(trx, xinhong, xinhongStations);
    await seedDemoCalendar(trx, xinhong);
    await seedAgencyTypes(trx, xinhong);
    await trx
      .insertInto('canned_replies')
      .values(
        [
          ['已收到诉求', '您好，您的诉求我们已收到，工作人员将在 4 个工作小时内与您联系，请保持电话畅通。'],
          ['请补充材料', '您好，办理该事项还需要补充以下材料：\n1. \n2. \n请在企业端“我的诉求”中上传，材料齐全后我们将继续办理。'],
          ['稳岗补贴政策', '您好，2026 年稳岗补贴面向依法参加失业保险、上年度未裁员或裁员率不高于规定比例的企业，可通过“一网通办”在线申请，无需另行提交纸质材料。'],
          ['代办进度', '您好，您委托代办的事项已提交至主管部门审核，审核结果出来后我们将第一时间通知您。'],
          ['办结回访', '您好，您的诉求已办理完毕，请在企业端对本次服务进行评价，您的意见是我们改进工作的依据。'],
        ].map(([title, body]) => ({ tenant_id: xinhong, title: title!, body: body! })),
      )
      .execute();
    const [enterpriseId] = await seedEnterprises(trx, xinhong, stations, 300, {
      seed: 2026,
      actorId: users[demoAccounts.xinhongStaff]!,
      first: { name: '上海虹智信息科技有限公司', nameEn: 'Shanghai Hongzhi Information Technology Co., Ltd.' },
    });
    const enterprise = { id: enterpriseId! };
    const members = await trx
      .insertInto('memberships')
      .values([
        { tenant_id: xinhong, user_id: users[demoAccounts.xinhongManager]!, role: 'manager' },
        { tenant_id: xinhong, user_id: users[demoAccounts.xinhongStaff]!, role: 'staff' },
        // The demo's admin has confirmed the company's contacts already (migration 0036).
        { tenant_id: xinhong, user_id: users[demoAccounts.xinhongEnterprise]!, role: 'enterprise_admin', enterprise_id: enterprise.id, contacts_confirmed_at: new Date() },
      ])
      .returning(['id', 'role'])
      .execute();
    const staff = members.find((m) => m.role === 'staff')!;
    await trx
      .insertInto('membership_stations')
      .values(stations.slice(0, 2).map((s) => ({ tenant_id: xinhong, membership_id: staff.id, station_id: s.id })))
      .execute();
    const staffId = users[demoAccounts.xinhongStaff]!;
    // The desk's everyday work: disputes over three years (about 600 a year over five stations, as
    // the article's 578), consultations since the start of 2025 — so the KPIs have a whole year
    // before this one to compare with (同比) —, agency cases over six months (the article: 3,082 a year), sampled.
    const desk = {
      now: new Date(),
      stationIds: stations.map((s) => s.id),
      handlers: [staffId, staffId],
      fallbackHandler: users[demoAccounts.xinhongManager]!,
      enterpriseAdmin: { userId: users[demoAccounts.xinhongEnterprise]!, name: '陈思远', enterpriseId: enterprise.id },
    };
    await writeInBulk(trx, xinhong, async () => {
      await seedDisputes(trx, xinhong, { count: 1800, seed: 578, now: desk.now, stationIds: desk.stationIds, handlers: desk.handlers, fallbackHandler: desk.fallbackHandler });
      await seedConsultations(trx, xinhong, { ...desk, count: 2600, seed: 3082, since: new Date(zonedTimeToInstant('2025-01-02', 9 * 60, 'Asia/Shanghai')) });
      await seedAgencyCases(trx, xinhong, { ...desk, count: 60, seed: 8253, ...(opts.storeFile ? { storeFile: opts.storeFile } : {}) });
      // 网格巡查发现: a few dozen findings over two months, every tier, category and source, with photos.
      await seedPatrolFindings(trx, xinhong, {
        count: 48,
        seed: 2112,
        now: desk.now,
        handlersByStation: new Map(stations.slice(0, 2).map((s) => [s.id, staffId])),
        fallbackHandler: desk.fallbackHandler,
        ...(opts.storeFile ? { storeFile: opts.storeFile } : {}),
        ...(opts.photo ? { photo: opts.photo } : {}),
      });
    });
  });

  // 网格巡查: the five stations' round plans, their grid staff and a month of walked rounds.
  await seedDemoPatrolRounds(db, xinhong, { passwordHash: opts.passwordHash, deskStaffId: users[demoAccounts.xinhongStaff]! });

  // 党群活动: a dozen activities held and coming, with sign-ups, attendance and ratings.
  await seedDemoPartyActivities(db, xinhong, { now: new Date(), organiserId: users[demoAccounts.xinhongStaff]!, enterpriseAdminId: users[demoAccounts.xinhongEnterprise]! });

  // 党群服务: the hub's three service posts, a month of duty shifts, member units and two-new organisations.
  await seedDemoParty(db, xinhong, { staffId: users[demoAccounts.xinhongStaff]!, adminId: users[demoAccounts.xinhongEnterprise]! });

  // 政策推送: three published notices with their recipients and read receipts.
  await seedDemoNotices(db, xinhong, { now: new Date(), managerId: users[demoAccounts.xinhongManager]!, enterpriseAdminId: users[demoAccounts.xinhongEnterprise]!, passwordHash: opts.passwordHash });

  // 知识库: thirty articles in Chinese and English (two drafts), and a month of questions they answered.
  await seedDemoKnowledge(db, xinhong, { now: new Date(), staffId: users[demoAccounts.xinhongStaff]!, enterpriseAdminId: users[demoAccounts.xinhongEnterprise]! });

  // 办事申请: two of the demo company's open permit cases came in from the portal, a third is a draft.
  await seedDemoPortalPermits(db, xinhong, { enterpriseAdminId: users[demoAccounts.xinhongEnterprise]! });

  await withTenant(db, huacao, async (trx) => {
    const stations = await seedStations(trx, huacao, huacaoStations);
    await seedDemoCalendar(trx, huacao);
    await seedAgencyTypes(trx, huacao);
    await seedEnterprises(trx, huacao, stations, 30, { seed: 1999, actorId: users[demoAccounts.huacaoManager]! });
    await trx
      .insertInto('memberships')
      .values({ tenant_id: huacao, user_id: users[demoAccounts.huacaoManager]!, role: 'manager' })
      .execute();
    await seedDisputes(trx, huacao, { count: 90, seed: 1999, now: new Date(), stationIds: stations.map((s) => s.id), handlers: [], fallbackHandler: users[demoAccounts.huacaoManager]! });
    const desk = { now: new Date(), stationIds: stations.map((s) => s.id), handlers: [], fallbackHandler: users[demoAccounts.huacaoManager]! };
    await seedConsultations(trx, huacao, { ...desk, count: 12, seed: 1212 });
    await seedAgencyCases(trx, huacao, { ...desk, count: 6, seed: 606, ...(opts.storeFile ? { storeFile: opts.storeFile } : {}) });
    await seedPatrolFindings(trx, huacao, { count: 8, seed: 1999, now: desk.now, handlersByStation: new Map(), fallbackHandler: desk.fallbackHandler, ...(opts.storeFile ? { storeFile: opts.storeFile } : {}), ...(opts.photo ? { photo: opts.photo } : {}) });
  });

  return { tenants: { xinhong, huacao } };
}
