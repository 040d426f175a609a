import { createHash } from 'node:crypto';
import {
  addDays,
  addSlaTime,
  addWorkingDays,
  addWorkingMinutes,
  calendarMissingYears,
  defaultBusinessHours,
  dueTimes,
  formatWorkItemNumber,
  isWorkingDay,
  localDate,
  nearerDeadline,
  needsRectification,
  rectificationDueAt,
  workingMinutesBetween,
  zonedTimeToInstant,
  type AgencyStepName,
  type Priority,
  type Rating,
  type SlaPolicy,
  type SlaUnit,
  type WorkCalendar,
  type WorkItemKind,
} from '@stationdesk/core';
import { sql } from 'kysely';
import type { ChecklistItem } from '../schema.ts';
import type { Tx } from '../tenant.ts';
import { rng } from './demo-enterprises.ts';
import { AFTER_REWORK_WORSE, demoRating, demoRectifiedAt, deskShares, rectificationNotes, REWORK_SHARE, reworkAnswers, unsatisfiedComments } from './demo-outcomes.ts';

/**
 * Six months of 咨询 (ZX) and 代办 (DB) work items for the demo, written straight into the tables
 * like the disputes: most consultations answered, rated and archived, agency cases carried through
 * 收取材料 → 预审 → 递交 → 审批 → 办结, and a realistic open tail (some overdue, some due today) so
 * the queues, the portal and the enterprise timeline have something to show. Due times come from
 * the tenant's own calendar and SLA policies (seeded just before by seedDemoCalendar); agency
 * deadlines from the case type's statutory and promised working days, as createAgencyCase sets them.
 */
export interface WorkItemSeedOptions {
  count: number;
  seed: number;
  /** Items are created before this instant, over the six months up to it. */
  now: Date;
  stationIds: string[];
  /** Handlers per station (index = station); missing → the fallback. */
  handlers: (string | null)[];
  fallbackHandler: string;
  /** The portal's demo account: its enterprise gets a few items of its own, filed by it. */
  enterpriseAdmin?: { userId: string; name: string; enterpriseId: string };
  timezone?: string;
}

/**
 * Writes a demo material's bytes where the app keeps files and returns the storage key. Materials
 * need a file row, and a file row must never point at missing bytes: without a store the agency
 * cases are seeded without materials.
 */
export type DemoFileStore = (file: { tenantId: string; fileId: string; at: Date; data: Buffer }) => Promise<string>;

export interface AgencySeedOptions extends WorkItemSeedOptions {
  storeFile?: DemoFileStore;
}

const DAY = 86_400_000;
const MIN = 60_000;

type Weighted<T> = [T, number][];
function pick<T>(r: () => number, weighted: Weighted<T>): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}
const one = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const between = (r: () => number, lo: number, hi: number) => lo + r() * (hi - lo);

type Category = 'policy' | 'tax' | 'hr' | 'registration' | 'property' | 'other';
/** [title, what the enterprise asked, the answer given]. */
const topics: Record<Category, [string, string, string][]> = {
  policy: [
    ['咨询2026年稳岗补贴申领条件', '公司去年未裁员，想了解今年稳岗补贴是否需要申请、多久到账。', '您好，稳岗补贴实行“免申即享”：依法参加失业保险、上年度未裁员或裁员率不高于规定比例的企业，由系统比对后直接拨付至单位基本账户，可在“一网通办”查询发放结果，无需另行提交材料。'],
    ['高新技术企业认定申报咨询', '公司成立满三年，研发人员占比约15%，想了解高企认定的条件和申报时间。', '您好，高企认定需满足研发人员占比不低于10%、近三年研发费用占比达标、拥有核心知识产权等条件，今年第一批申报预计5月启动。工作站可协助对接区科委进行预评估，请准备近三年审计报告和知识产权清单。'],
    ['虹桥国际中央商务区企业扶持政策咨询', '公司计划将区域总部迁入商务区，想了解落户奖励和办公用房补贴政策。', '您好，商务区对新引进的总部类企业有开办补贴和租房补贴，具体按注册资本、营收和纳税情况分档。已为您预约商务区管委会招商服务专员，将于两个工作日内电话联系。'],
    ['专精特新中小企业申报咨询', '公司主营工业软件，想申报区级专精特新，询问申报材料。', '您好，区级专精特新申报需提交申报书、近两年财务报表、主导产品说明及知识产权证明。申报通知已通过企业端推送，截止日期前可将材料交工作站预审。'],
    ['创业担保贷款贴息政策咨询', '初创企业，想申请创业担保贷款，了解额度和贴息比例。', '您好，小微企业创业担保贷款最高额度300万元，符合条件的按贷款市场报价利率给予贴息。请携带营业执照、法定代表人身份证和近期纳税证明到工作站，我们协助对接合作银行。'],
    ['人才公寓申请咨询', '公司新引进两名技术骨干，想为其申请区人才公寓。', '您好，人才公寓按季度集中受理，由用人单位统一申报，需提供劳动合同、社保缴纳证明及无房证明。本季度受理已开始，可通过工作站代为递交。'],
  ],
  tax: [
    ['小规模纳税人增值税减免政策适用咨询', '公司为小规模纳税人，季度销售额约28万元，询问是否可以享受免征增值税。', '您好，小规模纳税人季度销售额未超过30万元的，免征增值税；开具增值税专用发票的部分需按规定缴纳。建议申报时在减免性质代码中选择对应项目，如需可预约税务专员上门辅导。'],
    ['发票额度不够用如何申请调整', '业务量增加，本月发票额度已用完，询问如何临时调增。', '您好，可通过电子税务局“发票额度调整申请”在线提交，说明业务增长情况并上传合同，一般一个工作日内办结。如需加急，工作站可协助与主管税务所沟通。'],
    ['跨区迁入税务登记流程咨询', '公司从徐汇区迁入本楼宇，询问税务迁移流程和需要的时间。', '您好，需先在迁出地结清税款、缴销发票，办理迁出手续后再到闵行区税务局办理迁入。符合条件的企业可线上“一键迁移”，全程约5个工作日，工作站可提供代办服务。'],
    ['研发费用加计扣除申报咨询', '询问研发费用加计扣除可否在预缴时享受，需要留存哪些资料。', '您好，企业可在10月份预缴申报时选择享受前三季度研发费用加计扣除，年度汇算清缴时统一计算。需留存研发项目立项决议、研发费用辅助账及人员名单等资料备查。'],
    ['个税汇算清缴单位代办咨询', '员工较多，询问单位能否统一代办年度个税汇算。', '您好，单位可在扣缴端为员工集中办理年度汇算，需事先取得员工书面确认。具体操作指引已发送至您的企业端消息，如有问题可预约线下辅导。'],
  ],
  hr: [
    ['新员工社保增员办理咨询', '本月新入职五名员工，询问社保增员的办理时限和方式。', '您好，请在员工入职之日起30日内通过“一网通办”单位社保费管理客户端办理增员，当月15日前办理的当月起缴。如需协助，工作站每周三有社保专员驻点。'],
    ['外地员工居住证积分办理咨询', '公司外地员工想申请居住证积分，询问单位需配合提供哪些材料。', '您好，单位需在“一网通办”完成积分经办人登记，并为员工出具劳动合同和社保缴纳证明。员工提交申请后由单位在线确认，审核时限一般为15个工作日。'],
    ['应届毕业生落户单位材料咨询', '公司录用了两名应届硕士，询问办理落户单位需要提供的材料。', '您好，单位需提供营业执照、劳动合同、近期社保缴纳记录及单位经办人授权委托书，并在规定时间内完成网上申报。工作站已将申报指南和材料清单发送给您。'],
    ['员工工伤认定申请流程咨询', '员工外出办事途中受伤，询问工伤认定如何申请。', '您好，单位应自事故发生之日起30日内向区人社局提出工伤认定申请，需提交工伤认定申请表、劳动关系证明和医疗诊断证明。工作站可协助预审材料。'],
    ['灵活用工人员参保问题咨询', '公司有部分兼职人员，询问是否需要缴纳社保及工伤保险。', '您好，非全日制用工可只缴纳工伤保险，单位需与其签订非全日制劳动合同。新就业形态人员可按规定参加职业伤害保障，具体可咨询区社保中心。'],
    ['楼宇专场招聘会报名咨询', '公司有招聘需求，询问下一期楼宇专场招聘会的时间和报名方式。', '您好，下一期楼宇专场招聘会定于本月下旬在虹桥天地举办，请通过企业端提交岗位信息，工作站将统一安排展位。'],
  ],
  registration: [
    ['注册地址变更至本楼宇所需材料', '公司准备把注册地址迁到本楼宇，询问需要哪些材料和办理时间。', '您好，需提供变更登记申请书、新址租赁合同及产权证明、股东会决议和章程修正案，通过“一网通办”提交，材料齐全的3个工作日内办结。工作站可提供全程代办。'],
    ['法定代表人变更办理流程咨询', '公司更换法定代表人，询问流程及原法定代表人是否需要到场。', '您好，法定代表人变更需提交股东会决议、新任法定代表人任职文件及身份证明，新旧法定代表人均需完成实名认证，可全程网办，无需到场。'],
    ['增加经营范围（医疗器械销售）咨询', '公司想增加二类医疗器械销售经营范围，询问是否需要前置审批。', '您好，第二类医疗器械经营实行备案管理，先办理经营范围变更登记，再向区市场监管局办理经营备案。工作站可协助准备备案材料。'],
    ['设立分公司登记咨询', '公司总部在外省，想在本楼宇设立分公司，询问登记材料。', '您好，设立分公司需提交分公司设立登记申请书、总公司营业执照复印件、负责人任职文件及经营场所证明。材料齐全的当场受理，3个工作日内领取执照。'],
    ['公司简易注销条件咨询', '关联公司未开展业务，想了解能否办理简易注销。', '您好，未发生债权债务或已清偿完毕、无未结清税款的企业可申请简易注销，公示期20天，公示期满无异议即可办理注销登记。'],
  ],
  property: [
    ['周末加班空调费用咨询', '公司周末需要加班，询问空调延时使用如何申请和收费。', '您好，已与物业确认：周末延时空调需提前一个工作日在物业服务台登记，按楼层面积计费。物业服务台电话已发送至您的手机。'],
    ['园区停车位月租办理咨询', '公司新增车辆，询问地下车库月租车位是否还有余量。', '您好，经与物业核实，B2层目前有少量月租车位，可携带行驶证和公司证明到物业服务中心办理。'],
    ['装修前需向物业报备的事项', '公司计划对办公室进行局部改造，询问物业报备流程。', '您好，装修前需向物业提交装修申请表、施工图纸和施工单位资质，并缴纳装修押金；涉及消防改动的需另行办理消防审查，工作站可提供二次装修许可代办。'],
    ['楼宇门禁卡批量办理咨询', '公司新员工较多，询问门禁卡批量办理方式。', '您好，可由公司行政统一填写门禁卡申请名单，交物业服务台批量制卡，一般两个工作日内完成。'],
    ['写字楼快递收发点设置咨询', '询问楼内是否有统一的快递收发点，外卖能否送至楼层。', '您好，楼宇一层设有智能快递柜和统一收发点，外卖暂不能上楼，需在一层取餐区领取。'],
  ],
  other: [
    ['申请使用工作站会议室开展党建活动', '公司党支部计划下月开展主题党日活动，想借用工作站会议室。', '您好，工作站党群服务中心会议室可免费预约，已为您登记下月第二周周四下午时段，请于活动前一天确认参加人数。'],
    ['员工子女入学政策咨询', '外地员工子女明年入学，询问入学需要的材料和积分要求。', '您好，随迁子女入学需持有效居住证或积分，具体以区教育局当年发布的入学政策为准，相关链接已发送至您的手机。'],
    ['楼宇联合工会成立咨询', '公司员工约40人，询问能否加入楼宇联合工会。', '您好，欢迎加入楼宇联合工会。请填写入会申请表并提供员工名单，工作站将协助办理入会手续。'],
    ['企业食堂就餐合作咨询', '公司员工想在周边团餐食堂就餐，询问有无合作渠道。', '您好，工作站与附近两家团餐企业有合作，可提供企业协议价，联系方式已发送给您。'],
  ],
};
const categoryWeights: Weighted<Category> = [
  ['policy', 24],
  ['tax', 18],
  ['hr', 22],
  ['registration', 14],
  ['property', 14],
  ['other', 8],
];

const waitingRequests = [
  '您好，办理需要补充公司营业执照复印件和经办人身份证复印件，请在企业端上传后我们继续处理。',
  '您好，请补充近三个月的社保缴纳明细，材料齐全后我们将尽快答复。',
  '您好，需要您提供具体的租赁合同期限和面积，以便我们与物业核实。',
];
const extensionReasons = ['需协调区相关部门会商后答复，申请顺延办结时间。', '企业补充的材料需部门复核，申请延期办结。', '涉及物业和产权方多方意见，需延长办理时限。'];
const ratingComments: Partial<Record<Rating, string[]>> = {
  very_satisfied: ['回复很及时，解答很专业，谢谢！', '工作人员非常耐心，问题一次讲清楚了。', '服务很到位，点赞。'],
  satisfied: ['问题已解决，谢谢。', '答复清楚。'],
  basically_satisfied: ['答复有点慢，但问题解决了。', '希望以后能在线上直接办理。'],
};

interface Context {
  cal: WorkCalendar;
  policies: Map<string, SlaPolicy>;
  enterprises: { id: string; name: string; station_id: string; building_id: string | null }[];
  byStation: Map<string, Context['enterprises']>;
  contacts: Map<string, { name: string; phone: string | null }>;
  tz: string;
  now: number;
}

/** The tenant's calendar and SLA policies (per `kind/priority`) as the SLA maths needs them. */
export async function loadDemoSla(trx: Tx, tenantId: string, tz: string): Promise<{ cal: WorkCalendar; policies: Map<string, SlaPolicy> }> {
  const calRow = await trx.selectFrom('work_calendars').select(['business_hours', 'weekend_days']).where('tenant_id', '=', tenantId).executeTakeFirst();
  const days = await trx.selectFrom('calendar_days').select(['day', 'kind']).where('tenant_id', '=', tenantId).execute();
  const cal: WorkCalendar = {
    timezone: tz,
    businessHours: calRow?.business_hours ?? defaultBusinessHours,
    weekendDays: calRow?.weekend_days ?? [0, 6],
    holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
    makeupWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
  };
  const rows = await trx.selectFrom('sla_policies').selectAll().where('tenant_id', '=', tenantId).execute();
  const policies = new Map(
    rows.map((p) => [`${p.kind}/${p.priority}`, { firstContact: { value: p.first_contact_value, unit: p.first_contact_unit }, resolution: { value: p.resolution_value, unit: p.resolution_unit } } as SlaPolicy]),
  );
  return { cal, policies };
}

/** The tenant's calendar and policies, and its active enterprises. */
async function loadContext(trx: Tx, tenantId: string, opts: WorkItemSeedOptions): Promise<Context> {
  const tz = opts.timezone ?? 'Asia/Shanghai';
  const { cal, policies } = await loadDemoSla(trx, tenantId, tz);
  const enterprises = await trx
    .selectFrom('enterprises')
    .select(['id', 'name', 'station_id', 'building_id'])
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['active', 'moving_out'])
    .orderBy('name')
    .execute();
  const byStation = new Map<string, Context['enterprises']>();
  for (const e of enterprises) byStation.set(e.station_id, [...(byStation.get(e.station_id) ?? []), e]);
  const contactRows = await trx.selectFrom('enterprise_contacts').select(['enterprise_id', 'name', 'phone']).where('tenant_id', '=', tenantId).where('is_primary', '=', true).execute();
  const contacts = new Map(contactRows.map((c) => [c.enterprise_id, { name: c.name, phone: c.phone }]));
  return { cal, policies, enterprises, byStation, contacts, tz, now: opts.now.getTime() };
}

function policyOf(ctx: Context, kind: WorkItemKind, priority: Priority): SlaPolicy {
  const p = ctx.policies.get(`${kind}/${priority}`);
  if (!p) throw new Error(`no SLA policy for ${kind}/${priority}: seed the calendar first`);
  return p;
}

/** Working dates back from today (today first when it is one), so ages can be counted in working days. */
function recentWorkingDates(ctx: Context, count: number): string[] {
  const out: string[] = [];
  for (let d = localDate(ctx.now, ctx.tz); out.length < count; d = addDays(d, -1)) if (isWorkingDay(ctx.cal, d)) out.push(d);
  return out;
}

/** The same, with today only once the office has been open a while (something can have come in). */
function ageDates(ctx: Context, count: number): string[] {
  const dates = recentWorkingDates(ctx, count + 1);
  const openToday = dates[0] === localDate(ctx.now, ctx.tz) && minuteOfDay(ctx, ctx.now) >= 9 * 60 + 30;
  return openToday ? dates.slice(0, count) : dates.slice(1);
}

/** Minute of the local day of an instant. */
function minuteOfDay(ctx: Context, t: number): number {
  return Math.round((t - zonedTimeToInstant(localDate(t, ctx.tz), 0, ctx.tz)) / MIN);
}

/** An instant during business hours on a working date, before now. */
function atWork(ctx: Context, r: () => number, date: string, earliest = 9 * 60 + 5, latest = 17 * 60 + 15): number {
  const bound = date === localDate(ctx.now, ctx.tz) ? Math.max(earliest + 1, Math.min(latest, minuteOfDay(ctx, ctx.now) - 15)) : latest;
  let m = Math.floor(between(r, earliest, bound));
  if (m >= 12 * 60 && m < 13 * 60) m -= 70;
  return Math.min(zonedTimeToInstant(date, m, ctx.tz), ctx.now - 20 * MIN);
}

const wm = (ctx: Context, t: number, minutes: number) => addWorkingMinutes(ctx.cal, new Date(t), minutes).getTime();
const iso = (t: number) => new Date(t).toISOString();

function shiftDue(ctx: Context, unit: SlaUnit, due: number, minutes: number) {
  if (minutes <= 0) return due;
  return unit.startsWith('working') || unit === 'same_working_day' ? wm(ctx, due, minutes) : due + minutes * MIN;
}

/** A work_items row before insertion: its creation instant in ms and, once numbered, its number. */
type ItemRow = { id: string; created: number; number?: string } & Record<string, unknown>;

/** Gives the items their numbers in creation order, continuing the counters, and moves the counters on. */
async function numberItems(trx: Tx, tenantId: string, ctx: Context, kind: WorkItemKind, items: ItemRow[]) {
  const existing = await trx.selectFrom('work_item_counters').select(['year', 'last_value']).where('tenant_id', '=', tenantId).where('kind', '=', kind).execute();
  const counters = new Map(existing.map((c) => [c.year, c.last_value]));
  for (const item of [...items].sort((a, b) => a.created - b.created)) {
    const y = Number(localDate(item.created, ctx.tz).slice(0, 4));
    const n = (counters.get(y) ?? 0) + 1;
    counters.set(y, n);
    item.number = formatWorkItemNumber(kind, y, n);
  }
  for (const [y, last] of counters) {
    await sql`insert into work_item_counters (tenant_id, kind, year, last_value) values (${tenantId}, ${kind}, ${y}, ${last})
              on conflict (tenant_id, kind, year) do update set last_value = greatest(work_item_counters.last_value, excluded.last_value)`.execute(trx);
  }
}

async function chunks<T>(rows: T[], write: (part: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
}

/** The years without a holiday schedule an item's due times were counted across, as the app marks them. */
function missingYears(ctx: Context, row: ItemRow): number[] {
  const at = (v: unknown) => (typeof v === 'string' ? new Date(v) : null);
  const knownYears = [...new Set([...ctx.cal.holidays, ...ctx.cal.makeupWorkdays].map((d) => Number(d.slice(0, 4))))];
  return calendarMissingYears(knownYears, ctx.tz, policyOf(ctx, row.kind as WorkItemKind, row.priority as Priority), {
    kind: row.kind as WorkItemKind,
    createdAt: new Date(row.created),
    firstContactAt: at(row.first_contact_at),
    firstContactDueAt: at(row.first_contact_due_at),
    resolutionDueAt: at(row.resolution_due_at),
    extensionDueAt: at(row.extension_due_at),
  });
}

/** Inserts the items (numbered, each at the version its transitions brought it to, marked where estimated) and their history. */
async function writeItems(trx: Tx, ctx: Context, items: ItemRow[], events: EventRow[]) {
  const transitions = new Map<string, number>();
  // Each transition moves the version on, and so do a decided extension and a rectification marked done.
  for (const e of events) if (e.from_status !== null || e.action === 'extension_approved' || e.action === 'rectified') transitions.set(e.item_id, (transitions.get(e.item_id) ?? 0) + 1);
  const rows = items.map((item) => {
    const { created: _, ...row } = item;
    return { ...row, version: 1 + (transitions.get(row.id) ?? 0), calendar_missing_years: missingYears(ctx, item) };
  });
  await chunks(rows, (p) => trx.insertInto('work_items').values(p as never).execute());
}

interface EventRow {
  tenant_id: string;
  item_id: string;
  at: string;
  actor_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: string;
  internal: boolean;
}

/** The item's history as the services write it, one helper per item. */
function history(tenantId: string, itemId: string, events: EventRow[]) {
  return (at: number, actor: string | null, action: string, from: string | null, to: string | null, extra: { note?: string | null; data?: Record<string, unknown>; internal?: boolean } = {}) =>
    events.push({ tenant_id: tenantId, item_id: itemId, at: iso(at), actor_id: actor, action, from_status: from, to_status: to, note: extra.note ?? null, data: JSON.stringify(extra.data ?? {}), internal: extra.internal ?? false });
}

/** Staff mark a rectification done (整改完成) with what they did, a line in the station's own history; null while still owed. */
function markRectified(ev: ReturnType<typeof history>, r: () => number, by: string, openedAt: number, dueAt: number, latest: number) {
  const at = demoRectifiedAt(r, openedAt, dueAt, latest);
  if (at === null) return null;
  const note = one(r, rectificationNotes);
  ev(at, by, 'rectified', null, null, { note, data: { dueAt: iso(dueAt), onTime: at <= dueAt }, internal: true });
  return { at, by, note };
}

type OpenStatus = 'received' | 'assigned' | 'accepted' | 'in_progress' | 'waiting' | 'resolved';
/** The open tail: status, age in working days, priority; `dueToday` places it so its deadline falls later today. */
const openTail: { status: OpenStatus; age: number; priority?: Priority; dueToday?: boolean; admin?: boolean }[] = [
  { status: 'received', age: 0, priority: 'urgent' },
  { status: 'received', age: 0 },
  { status: 'received', age: 1 },
  { status: 'assigned', age: 0 },
  { status: 'assigned', age: 1 },
  { status: 'assigned', age: 0, priority: 'low' },
  { status: 'accepted', age: 1 },
  { status: 'accepted', age: 2 },
  { status: 'accepted', age: 3, dueToday: true },
  { status: 'in_progress', age: 3, dueToday: true },
  { status: 'in_progress', age: 3, dueToday: true },
  { status: 'in_progress', age: 1 },
  { status: 'in_progress', age: 2 },
  { status: 'in_progress', age: 4 },
  { status: 'in_progress', age: 5 },
  { status: 'in_progress', age: 7, priority: 'low' },
  { status: 'in_progress', age: 8 },
  { status: 'waiting', age: 2, admin: true },
  { status: 'waiting', age: 4 },
  { status: 'waiting', age: 6 },
  { status: 'resolved', age: 1 },
  { status: 'resolved', age: 2 },
  { status: 'resolved', age: 3, admin: true },
  { status: 'resolved', age: 4 },
  { status: 'resolved', age: 6 },
];

export interface ConsultationSeedOptions extends WorkItemSeedOptions {
  /** The archived history starts here (default: six months before now). */
  since?: Date;
}

/**
 * About `count` consultations since `since`: the open tail above (scaled down for a small tenant),
 * the rest answered, rated (portal or phone) and archived — as the desk did at the time
 * (demo-outcomes.ts): a few first calls late, a few withdrawn, sent to the wrong station and
 * returned (退单), extended (延期) or resolved late; unsatisfied ratings either reworked (重办: due
 * again by the rectification rule, resolved and rated anew) or closed with a rectification (整改).
 */
export async function seedConsultations(trx: Tx, tenantId: string, opts: ConsultationSeedOptions): Promise<number> {
  const r = rng(opts.seed);
  const ctx = await loadContext(trx, tenantId, opts);
  const dates = recentWorkingDates(ctx, 12);
  const today = localDate(ctx.now, ctx.tz);
  const nowMinute = minuteOfDay(ctx, ctx.now);
  // Today counts as age 0 only once the office has been open a while.
  const openToday = dates[0] === today && nowMinute >= 9 * 60 + 30;
  const tailDates = openToday ? dates : dates.slice(1);
  const tail = opts.count >= 60 ? openTail : openTail.filter((_, i) => i % 4 === 0);
  const admin = opts.enterpriseAdmin;

  const items: ItemRow[] = [];
  const events: EventRow[] = [];
  const messages: Record<string, unknown>[] = [];
  const historyCount = Math.max(0, opts.count - tail.length);
  const start = opts.since?.getTime() ?? ctx.now - 182 * DAY;
  const end = ctx.now - 12 * DAY;

  const specs = [
    ...Array.from({ length: historyCount }, (_, i) => ({
      status: 'closed' as const,
      created: start + ((i + r()) / historyCount) * (end - start),
      priority: undefined as Priority | undefined,
      dueToday: false,
      admin: admin !== undefined && i % Math.max(1, Math.floor(historyCount / 4)) === 3,
    })),
    ...tail.map((t) => {
      // Due later today: created three working days ago at a later hour than now (normal: 3 working days).
      const dueToday = t.dueToday === true && openToday && nowMinute < 16 * 60 + 30;
      const date = dueToday ? dates[3]! : tailDates[Math.min(t.age, tailDates.length - 1)]!;
      const created = dueToday ? atWork(ctx, r, date, nowMinute + 20, 17 * 60 + 20) : atWork(ctx, r, date, 9 * 60 + 5, date === today ? nowMinute - 15 : 17 * 60 + 15);
      return { status: t.status, created, priority: dueToday ? ('normal' as Priority) : t.priority, dueToday, admin: admin !== undefined && t.admin === true };
    }),
  ];

  for (const spec of specs) {
    const id = crypto.randomUUID();
    const stationIndex = Math.floor(r() * opts.stationIds.length);
    let stationId = opts.stationIds[stationIndex]!;
    let enterprise = spec.admin ? ctx.enterprises.find((e) => e.id === admin!.enterpriseId) : undefined;
    if (enterprise) stationId = enterprise.station_id;
    else {
      const candidates = ctx.byStation.get(stationId) ?? [];
      enterprise = candidates.length && r() < 0.95 ? candidates[Math.floor(r() * candidates.length)] : undefined;
    }
    const handler = opts.handlers[opts.stationIds.indexOf(stationId)] ?? opts.fallbackHandler;
    const category = pick(r, categoryWeights);
    const [title, description, answer] = one(r, topics[category]);
    const priority = spec.priority ?? pick(r, [['normal', 85], ['low', 10], ['urgent', 5]] as Weighted<Priority>);
    const channel = spec.admin ? 'portal' : pick(r, [['walk_in', 35], ['phone', 30], ['portal', 20], ['wechat', 15]] as Weighted<'walk_in' | 'phone' | 'portal' | 'wechat'>);
    // Enquiries through the portal and WeChat arrive at any hour; counter and phone ones in office hours.
    const created = spec.status === 'closed' && (channel === 'walk_in' || channel === 'phone') ? wm(ctx, spec.created, 0) + Math.floor(r() * 50) * MIN : spec.created;
    const policy = policyOf(ctx, 'consultation', priority);
    const contact = enterprise ? ctx.contacts.get(enterprise.id) : undefined;
    const counter = channel === 'walk_in' || channel === 'phone';
    const ev = history(tenantId, id, events);
    const requester = spec.admin ? admin!.userId : null;
    ev(created, requester ?? handler, 'create', null, 'received', { data: { channel, priority } });

    // The lifecycle up to the item's status, each step after the one before it and before now.
    const latest = ctx.now - 2 * MIN;
    const step = (from: number, minutes: number) => Math.min(Math.max(wm(ctx, from, minutes), from + MIN), latest);
    const reached = (s: string) => ['received', 'assigned', 'accepted', 'in_progress', 'waiting', 'resolved', 'closed'].indexOf(spec.status) >= ['received', 'assigned', 'accepted', 'in_progress', 'waiting', 'resolved', 'closed'].indexOf(s);
    const withdrawn = spec.status === 'closed' && r() < 0.04;
    const shares = deskShares(created, ctx.tz);
    // Now and then a request is dispatched to the wrong station, which returns it (退单).
    const misrouted = spec.status === 'closed' && !withdrawn && !spec.admin && opts.stationIds.length > 1 && r() < 0.015;
    let status = 'received';
    let assignedAt: number | null = null;
    let acceptedAt: number | null = null;
    let firstContactAt: number | null = counter ? created : null;
    let waitingSince: number | null = null;
    let paused = 0;
    let resolvedAt: number | null = null;
    let ratedAt: number | null = null;
    let rating: Rating | null = null;
    let ratingComment: string | null = null;
    let ratingSource: 'portal' | 'phone' | null = null;
    let requesterConfirmed: boolean | null = null;
    let closedAt: number | null = null;
    let reply = answer;
    let extension: { dueAt: number; reason: string } | null = null;
    let redoCount = 0;
    let reopenedAt: number | null = null;
    let rectificationDue: number | null = null;
    let rectified: { at: number; by: string; note: string | null } | null = null;
    let t = created;
    const base = dueTimes(ctx.cal, policy, new Date(created));
    if (reached('assigned')) {
      if (misrouted) {
        const others = opts.stationIds.filter((other) => other !== stationId);
        const wrong = one(r, others);
        const wrongHandler = opts.handlers[opts.stationIds.indexOf(wrong)] ?? opts.fallbackHandler;
        t = step(t, 3 + r() * 25);
        ev(t, opts.fallbackHandler, 'assign', status, 'assigned', { data: { assigneeId: wrongHandler }, internal: true });
        t = step(t, 10 + r() * 60);
        ev(t, wrongHandler, 'return', 'assigned', 'returned', { note: '该企业不在本站服务范围，退回重新派单。', data: { fromStationId: wrong, toStationId: stationId } });
        status = 'returned';
      }
      t = assignedAt = step(t, 3 + r() * 25);
      ev(t, opts.fallbackHandler, 'assign', status, 'assigned', { data: { assigneeId: handler }, internal: true });
      status = 'assigned';
    }
    if (reached('accepted')) {
      t = acceptedAt = step(t, 5 + r() * 50);
      ev(t, handler, 'accept', status, 'accepted');
      status = 'accepted';
      if (!firstContactAt) {
        // A request from the portal or WeChat gets its first call within the window, a few late.
        const window = base.firstContactDueAt.getTime();
        const call = r() < shares.lateContact ? window + (30 + r() * 150) * MIN : Math.min(wm(ctx, t, 10 + r() * 90), window - (1 + r() * 20) * MIN);
        if (call <= latest) {
          firstContactAt = Math.max(call, created + MIN);
          ev(firstContactAt, handler, 'first_contact', null, null, { data: { via: 'contact' } });
        }
      }
    }
    if (withdrawn) {
      t = step(t, 60 + r() * 400);
      ev(t, requester ?? handler, 'withdraw', status, 'closed', { note: '企业表示问题已自行解决，撤回诉求。' });
      closedAt = t;
      status = 'closed';
    } else if (reached('in_progress')) {
      t = step(t, r() * 30);
      ev(t, handler, 'start', status, 'in_progress');
      status = 'in_progress';
      if (spec.status === 'waiting' || (spec.status === 'closed' && r() < 0.12)) {
        const request = one(r, waitingRequests);
        t = waitingSince = step(t, 30 + r() * 300);
        ev(t, handler, 'request_info', 'in_progress', 'waiting', { note: request });
        messages.push({ tenant_id: tenantId, item_id: id, at: iso(t), author_id: handler, visibility: 'public', body: request });
        status = 'waiting';
        if (spec.status !== 'waiting') {
          const resumed = step(t, 200 + r() * 900);
          paused = Math.round(workingMinutesBetween(ctx.cal, new Date(t), new Date(resumed)));
          ev(resumed, requester ?? handler, 'resume', 'waiting', 'in_progress', { data: { pausedMinutes: paused } });
          t = resumed;
          waitingSince = null;
          status = 'in_progress';
        }
      }
    }
    let due = shiftDue(ctx, policy.resolution.unit, base.resolutionDueAt.getTime(), paused);
    if (spec.status === 'closed' && status === 'in_progress' && r() < 0.03) {
      // 延期: asked for well before the deadline, approved by the manager the same day.
      const asked = wm(ctx, t, 30 + r() * 240);
      if (asked < due - 60 * MIN) {
        const reason = one(r, extensionReasons);
        const dueAt = wm(ctx, due, 450 * (1 + Math.floor(r() * 3)));
        const approved = asked + (due - asked) * between(r, 0.1, 0.5);
        ev(asked, handler, 'extension_requested', null, null, { note: reason, data: { dueAt: iso(dueAt) }, internal: true });
        ev(approved, opts.fallbackHandler, 'extension_approved', null, null, { data: { dueAt: iso(dueAt) } });
        extension = { dueAt, reason };
        due = dueAt;
        t = approved;
      }
    }
    /** Resolved within the room left before `by`, now and then a little late. */
    const resolveBy = (from: number, by: number) => {
      const room = Math.max(30, workingMinutesBetween(ctx.cal, new Date(from), new Date(by)));
      const target = r() < shares.lateResolution ? wm(ctx, by, 60 + r() * 600) : wm(ctx, from, room * between(r, 0.15, 0.9));
      return Math.min(Math.max(target, from + MIN), latest);
    };
    if (!withdrawn && reached('resolved') && status === 'in_progress') {
      t = resolvedAt = resolveBy(t, due);
      if (!firstContactAt) firstContactAt = t;
      ev(t, handler, 'resolve', 'in_progress', 'resolved', { note: answer });
      messages.push({ tenant_id: tenantId, item_id: id, at: iso(t), author_id: handler, visibility: 'public', body: answer });
      status = 'resolved';
      if (spec.status === 'closed') {
        ratingSource = channel === 'portal' || channel === 'wechat' ? (r() < 0.8 ? 'portal' : 'phone') : r() < 0.3 ? 'portal' : 'phone';
        const rater = ratingSource === 'portal' ? (requester ?? handler) : handler;
        // The portal account's own requests were answered to its liking (its pages show a closed loop).
        rating = demoRating(r, t, spec.admin ? 0 : 1);
        t = ratedAt = Math.min(t + (1 + r() * 47) * 3_600_000, latest);
        if (needsRectification(rating) && r() < REWORK_SHARE) {
          // 重办: due again by the rectification rule from the rating, resolved anew and rated again.
          ratingComment = one(r, unsatisfiedComments);
          due = rectificationDue = rectificationDueAt(ctx.cal, policy, new Date(t)).getTime();
          ev(t, rater, 'redo', 'resolved', 'in_progress', { note: ratingComment, data: { rating, source: ratingSource, rectificationDueAt: iso(due) } });
          redoCount = 1;
          reopenedAt = t;
          extension = null;
          reply = one(r, reworkAnswers);
          t = resolvedAt = resolveBy(t, due);
          // The rework is the rectification (整改完成).
          rectified = { at: t, by: handler, note: null };
          ev(t, handler, 'resolve', 'in_progress', 'resolved', { note: reply, data: { rectified: true } });
          messages.push({ tenant_id: tenantId, item_id: id, at: iso(t), author_id: handler, visibility: 'public', body: reply });
          rating = demoRating(r, t, AFTER_REWORK_WORSE);
          t = ratedAt = Math.min(t + (1 + r() * 47) * 3_600_000, latest);
        }
        // 不满意 without rework: the loop closes unconfirmed, a rectification owed.
        const unsatisfied = needsRectification(rating);
        if (unsatisfied) {
          rectificationDue = rectificationDueAt(ctx.cal, policy, new Date(t)).getTime();
          rectified = null;
        }
        ratingComment = unsatisfied ? one(r, unsatisfiedComments) : r() < 0.5 ? one(r, ratingComments[rating] ?? ['']) || null : null;
        const data = unsatisfied ? { rating, source: ratingSource, rectificationDueAt: iso(rectificationDue!) } : { rating, source: ratingSource };
        ev(t, rater, 'visit', 'resolved', 'visited', { note: ratingComment, data });
        requesterConfirmed = !unsatisfied;
        t = closedAt = Math.min(t + (10 + r() * 1400) * MIN, latest);
        ev(t, handler, 'close', 'visited', 'closed');
        status = 'closed';
        if (unsatisfied) rectified = markRectified(ev, r, handler, ratedAt, rectificationDue!, latest);
      }
    }
    items.push({
      tenant_id: tenantId,
      id,
      kind: 'consultation',
      created,
      station_id: stationId,
      enterprise_id: enterprise?.id ?? null,
      building_id: enterprise?.building_id ?? null,
      title,
      description,
      priority,
      channel,
      category,
      requester_name: spec.admin ? admin!.name : (contact?.name ?? null),
      requester_phone: spec.admin ? null : (contact?.phone ?? null),
      requester_user_id: requester,
      status,
      assignee_id: assignedAt ? handler : null,
      created_by: requester ?? handler,
      created_at: iso(created),
      updated_at: iso(t),
      assigned_at: assignedAt ? iso(assignedAt) : null,
      accepted_at: acceptedAt ? iso(acceptedAt) : null,
      first_contact_at: firstContactAt ? iso(firstContactAt) : null,
      resolved_at: resolvedAt ? iso(resolvedAt) : null,
      closed_at: closedAt ? iso(closedAt) : null,
      first_contact_due_at: iso(base.firstContactDueAt.getTime()),
      resolution_due_at: iso(due),
      extension_due_at: extension ? iso(extension.dueAt) : null,
      extension_reason: extension?.reason ?? null,
      paused_minutes: paused,
      waiting_since: waitingSince ? iso(waitingSince) : null,
      answer: resolvedAt ? reply : null,
      resolved_ok: resolvedAt ? true : null,
      requester_confirmed: requesterConfirmed,
      rating,
      rating_comment: ratingComment,
      rated_at: ratedAt ? iso(ratedAt) : null,
      rating_source: ratingSource,
      redo_count: redoCount,
      reopened_at: reopenedAt ? iso(reopenedAt) : null,
      rectification_due_at: rectificationDue ? iso(rectificationDue) : null,
      rectified_at: rectified ? iso(rectified.at) : null,
      rectified_by: rectified?.by ?? null,
      rectification_note: rectified?.note ?? null,
    });
  }
  await numberItems(trx, tenantId, ctx, 'consultation', items);
  await writeItems(trx, ctx, items, events);
  await chunks(events, (p) => trx.insertInto('work_item_events').values(p).execute());
  await chunks(messages, (p) => trx.insertInto('work_item_messages').values(p as never).execute());
  return items.length;
}

/** Case titles per type code (the type's own name for anything else). */
const caseTitles: Record<string, string[]> = {
  fit_out: ['办公区二次装修施工许可', '新租楼层装修施工许可', '会议室改造装修施工许可'],
  registration_change: ['法定代表人变更登记', '注册地址变更登记', '经营范围变更登记', '注册资本变更登记'],
  tax: ['增值税专用发票增量申请', '跨区迁入税务登记', '发票最高开票限额调整'],
  social_insurance: ['单位社保开户登记', '住房公积金单位缴存登记', '社保缴费基数申报'],
  other: ['食品经营许可证代办', '户外招牌设置审批', '人才引进落户材料代交'],
};
const typeWeights: Record<string, number> = { registration_change: 30, tax: 25, social_insurance: 20, fit_out: 15, other: 10 };
const rejectReasons = ['复印件不清晰，请重新扫描上传', '未加盖公司公章', '证件已过有效期，请提供有效证件', '签字页缺少法定代表人签名', '请使用部门最新版申请表'];
const departmentRejections = ['部门审核意见：施工图纸未体现消防分区，请补充后重新申报。', '部门审核意见：申请材料与登记信息不一致，不予受理。', '部门审核意见：不符合办理条件。'];

function departmentRef(code: string, year: string, r: () => number): string {
  const n = String(Math.floor(r() * 9000) + 1000);
  switch (code) {
    case 'fit_out':
      return `闵建装〔${year}〕${n}号`;
    case 'registration_change':
      return `310112${year}${n}${String(Math.floor(r() * 900) + 100)}`;
    case 'tax':
      return `闵税受〔${year}〕${n}号`;
    case 'social_insurance':
      return `闵人社受字${year}${n}`;
    default:
      return `受理编号${year}-${n}`;
  }
}

/** A one-page PDF standing in for a scanned document. */
function demoPdf(label: string): Buffer {
  const text = `StationDesk demo material: ${label}`.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * About `count` agency cases over the last six months across the tenant's case types: older ones
 * done (mostly approved and collected, some rejected or withdrawn), recent ones spread over the
 * steps, each with its department's reference number once submitted and, when a file store is
 * given, the checklist's materials accepted, rejected with a reason, or waiting for review.
 */
export async function seedAgencyCases(trx: Tx, tenantId: string, opts: AgencySeedOptions): Promise<number> {
  const r = rng(opts.seed);
  const ctx = await loadContext(trx, tenantId, opts);
  const types = await trx
    .selectFrom('agency_types as t')
    .innerJoin('agency_checklists as c', (j) => j.onRef('c.tenant_id', '=', 't.tenant_id').onRef('c.id', '=', 't.current_checklist_id'))
    .select(['t.id', 't.code', 't.name', 't.department', 't.statutory_days', 't.promised_days', 'c.id as checklist_id', 'c.items'])
    .where('t.tenant_id', '=', tenantId)
    .where('t.active', '=', true)
    .orderBy('t.code')
    .execute();
  if (!types.length) return 0;
  const typeWeighted: Weighted<(typeof types)[number]> = types.map((t) => [t, typeWeights[t.code] ?? 10]);
  const dates = ageDates(ctx, 30);
  const admin = opts.enterpriseAdmin;
  const latest = ctx.now - 2 * MIN;

  const items: ItemRow[] = [];
  const cases: Record<string, unknown>[] = [];
  const events: EventRow[] = [];
  const messages: Record<string, unknown>[] = [];
  const files: Record<string, unknown>[] = [];
  const materials: Record<string, unknown>[] = [];
  const own = opts.count - (admin ? 2 : 0);
  const recent = Math.round(own * 0.4);
  const older = own - recent;
  const start = ctx.now - 182 * DAY;
  const end = ctx.now - 30 * DAY;
  const specs = [
    ...Array.from({ length: older }, (_, i) => ({ created: wm(ctx, start + ((i + r()) / older) * (end - start), r() * 300), code: null as string | null, admin: false })),
    ...Array.from({ length: recent }, (_, i) => ({ created: atWork(ctx, r, dates[Math.floor(((i + r()) / recent) * 11)]!), code: null as string | null, admin: false })),
  ];
  if (admin) {
    // The portal's enterprise: a fit-out under the department's review, a change done and waiting
    // to be collected (and rated in the portal).
    specs.push({ created: atWork(ctx, r, dates[7]!), code: 'fit_out', admin: true });
    specs.push({ created: atWork(ctx, r, dates[8]!), code: 'registration_change', admin: true });
  }

  for (const spec of specs) {
    const id = crypto.randomUUID();
    const type = (spec.code && types.find((t) => t.code === spec.code)) || pick(r, typeWeighted);
    const checklist = type.items as ChecklistItem[];
    let enterprise = spec.admin ? ctx.enterprises.find((e) => e.id === admin!.enterpriseId) : undefined;
    if (!enterprise) {
      const stationId = opts.stationIds[Math.floor(r() * opts.stationIds.length)]!;
      const candidates = ctx.byStation.get(stationId) ?? ctx.enterprises;
      enterprise = candidates[Math.floor(r() * candidates.length)]!;
    }
    const handler = opts.handlers[opts.stationIds.indexOf(enterprise.station_id)] ?? opts.fallbackHandler;
    const uploader = spec.admin ? admin!.userId : handler;
    const requester = spec.admin ? admin!.userId : null;
    const priority: Priority = r() < 0.06 ? 'low' : 'normal';
    const channel = spec.admin ? 'portal' : pick(r, [['walk_in', 60], ['phone', 15], ['portal', 20], ['wechat', 5]] as Weighted<'walk_in' | 'phone' | 'portal' | 'wechat'>);
    const created = spec.created;
    const c = new Date(created);
    const statutory = addWorkingDays(ctx.cal, c, type.statutory_days).getTime();
    const promised = addWorkingDays(ctx.cal, c, type.promised_days).getTime();
    const nearer = nearerDeadline(new Date(statutory), new Date(promised)).getTime();
    const firstContactDue = addSlaTime(ctx.cal, c, policyOf(ctx, 'agency', priority).firstContact).getTime();
    const contact = ctx.contacts.get(enterprise.id);
    const ev = history(tenantId, id, events);
    const title = spec.code === 'registration_change' && spec.admin ? '注册地址变更登记' : one(r, caseTitles[type.code] ?? [type.name]);

    // The planned course of the case; what has happened by now is what gets written.
    const result = spec.admin ? 'approved' : pick(r, [['approved', 80], ['rejected', 9], ['withdrawn', 11]] as Weighted<'approved' | 'rejected' | 'withdrawn'>);
    const perDay = 450;
    // The steps fit the promise: a three-day registration change moves faster than a fit-out.
    const pace = Math.min(1, (type.promised_days - 0.5) / 7.7);
    const assign = wm(ctx, created, 3 + r() * 25);
    const accept = wm(ctx, assign, 5 + r() * 40);
    const begin = wm(ctx, accept, 5 + r() * 30);
    // The portal's cases run a fixed course, so they sit where the portal should show them.
    const days = (lo: number, hi: number, fixed: number) => perDay * pace * (spec.admin ? fixed : between(r, lo, hi));
    const precheck = wm(ctx, begin, days(0.5, 3.5, 1));
    const askAt = wm(ctx, begin, 30 + r() * 200);
    const requestInfo = !spec.admin && r() < 0.35 && askAt < precheck - 3 * 3_600_000 ? askAt : null;
    const resume = requestInfo ? requestInfo + (precheck - requestInfo) * between(r, 0.5, 0.9) : null;
    const submitted = wm(ctx, precheck, days(0.3, 1.2, 0.5));
    // The department takes a day or three to accept what was handed in (受理).
    const review = wm(ctx, submitted, days(0.8, 3, 0.8));
    const span = Math.max(perDay * 0.5, workingMinutesBetween(ctx.cal, new Date(review), new Date(promised)));
    // About one in fifty decided after the promised date, never after the statutory one.
    const late = !spec.admin && type.statutory_days > type.promised_days && r() < 0.02;
    const decided = late ? wm(ctx, promised, perDay * between(r, 0.1, type.statutory_days - type.promised_days - 0.1)) : spec.admin ? wm(ctx, review, perDay) : wm(ctx, review, span * between(r, 0.3, 0.95));
    const withdrawAt = wm(ctx, begin, perDay * between(r, 0.3, 2.5));
    const done = result === 'withdrawn' ? withdrawAt : Math.max(decided, review + 30 * MIN);
    const keepUncollected = spec.admin && type.code === 'registration_change';
    const pickUp = result === 'approved' && !keepUncollected && r() > 0.04 ? wm(ctx, done, perDay * between(r, 0.5, 5)) : null;
    const rated = done + (4 + r() * 60) * 3_600_000;
    const closed = rated + (10 + r() * 1400) * MIN;
    const happened = (t: number | null): t is number => t !== null && t <= latest;

    let status = 'received';
    let step = 'materials' as AgencyStepName;
    let t = created;
    let waitingSince: number | null = null;
    let paused = 0;
    let ref: string | null = null;
    let rating: Rating | null = null;
    let ratingSource: 'portal' | 'phone' | null = null;
    let rectificationDue: number | null = null;
    let rectified: { at: number; by: string; note: string | null } | null = null;
    const at = { assigned: null as number | null, accepted: null as number | null, resolved: null as number | null, rated: null as number | null, closed: null as number | null, pickedUp: null as number | null };
    ev(created, requester ?? handler, 'create', null, 'received', { data: { channel, priority } });
    if (happened(assign)) {
      ev((t = at.assigned = assign), opts.fallbackHandler, 'assign', status, 'assigned', { data: { assigneeId: handler }, internal: true });
      status = 'assigned';
    }
    if (happened(accept)) {
      ev((t = at.accepted = accept), handler, 'accept', status, 'accepted');
      status = 'accepted';
    }
    if (happened(begin)) {
      ev((t = begin), handler, 'start', status, 'in_progress');
      status = 'in_progress';
    }
    const stopAt = result === 'withdrawn' ? done : Infinity;
    if (requestInfo && happened(requestInfo) && requestInfo < stopAt) {
      const missing = checklist.filter((i) => i.required).slice(-2).map((i) => i.name).join('、');
      const note = `请补充：${missing}。可在企业端“我的诉求”中上传，材料齐全后我们即递交部门。`;
      ev((t = waitingSince = requestInfo), handler, 'request_info', status, 'waiting', { note });
      messages.push({ tenant_id: tenantId, item_id: id, at: iso(requestInfo), author_id: handler, visibility: 'public', body: note });
      status = 'waiting';
      const back = resume!;
      if (happened(back) && back < stopAt) {
        paused = Math.round(workingMinutesBetween(ctx.cal, new Date(requestInfo), new Date(back)));
        ev((t = back), uploader, 'resume', 'waiting', 'in_progress', { data: { pausedMinutes: paused } });
        waitingSince = null;
        status = 'in_progress';
      }
    }
    const advance = (when: number, to: AgencyStepName, extra: Record<string, unknown> = {}) => {
      ev(when, handler, 'agency_step', null, null, { data: { from: step, to, ...extra } });
      step = to;
      t = when;
    };
    if (result !== 'withdrawn' || done > precheck) {
      if (happened(precheck) && precheck < stopAt) advance(precheck, 'precheck');
      if (result !== 'withdrawn' && happened(submitted)) {
        ref = departmentRef(type.code, localDate(submitted, ctx.tz).slice(0, 4), r);
        advance(submitted, 'submitted', { departmentRef: ref });
      }
      if (result !== 'withdrawn' && happened(review)) advance(review, 'under_review');
    }
    if (happened(done)) {
      if (status === 'waiting') {
        ev(done, handler, 'resume', 'waiting', 'in_progress');
        waitingSince = null;
        status = 'in_progress';
      }
      advance(done, 'done', { result });
      const note = result === 'rejected' ? one(r, departmentRejections) : result === 'withdrawn' ? '企业决定暂缓办理，撤回委托。' : `agency:${result}`;
      ev(done, handler, 'resolve', status, 'resolved', { note });
      at.resolved = done;
      status = 'resolved';
      if (result === 'approved') {
        messages.push({ tenant_id: tenantId, item_id: id, at: iso(done), author_id: handler, visibility: 'public', body: `您好，您委托代办的“${title}”已办结，请携带经办人身份证到工作站领取批文或证照。` });
      }
      if (happened(pickUp)) {
        ev((at.pickedUp = pickUp), handler, 'picked_up', null, null);
      }
      if (!keepUncollected && happened(rated)) {
        rating = demoRating(r, rated);
        ratingSource = channel === 'portal' ? 'portal' : 'phone';
        // 不满意: the loop closes unconfirmed, a rectification owed.
        if (needsRectification(rating)) rectificationDue = rectificationDueAt(ctx.cal, policyOf(ctx, 'agency', priority), new Date(rated)).getTime();
        const data = rectificationDue ? { rating, source: ratingSource, rectificationDueAt: iso(rectificationDue) } : { rating, source: ratingSource };
        ev((at.rated = rated), ratingSource === 'portal' ? (requester ?? handler) : handler, 'visit', 'resolved', 'visited', { data });
        status = 'visited';
        if (happened(closed)) {
          ev((at.closed = closed), handler, 'close', 'visited', 'closed');
          status = 'closed';
        }
        if (rectificationDue) rectified = markRectified(ev, r, handler, rated, rectificationDue, latest);
      }
      t = Math.max(t, at.pickedUp ?? 0, at.rated ?? 0, at.closed ?? 0);
    }

    // Materials: every required entry and some optional ones, uploaded before the pre-check; some
    // rejected and handed in again; those of a case still collecting partly missing or unreviewed.
    if (opts.storeFile) {
      const collecting = step === 'materials' || (step === 'done' && result === 'withdrawn');
      // Everything is in and reviewed before the pre-check ends (a case is never submitted short).
      const reviewedBy = collecting ? latest : Math.min(submitted - 10 * MIN, latest);
      const window = precheck - created;
      for (const entry of checklist) {
        if (!entry.required && r() < 0.5) continue;
        if (collecting && r() < 0.3) continue;
        let uploaded = created + r() * window * 0.4;
        if (uploaded > latest) continue;
        const rounds = r() < 0.15 && uploaded + window * 0.5 < reviewedBy ? 2 : 1;
        for (let round = 0; round < rounds; round++) {
          const last = round === rounds - 1;
          const reviewed = Math.min(uploaded + (20 + r() * 240) * MIN, round === 0 && !last ? uploaded + window * 0.2 : reviewedBy);
          const reviewedYet = reviewed <= latest && (!collecting || r() < 0.7) && (step !== 'precheck' || r() < 0.8);
          const rejected = !last || (collecting && reviewedYet && r() < 0.25);
          const fileId = crypto.randomUUID();
          const data = demoPdf(`${type.code}/${entry.key}`);
          const storageKey = await opts.storeFile({ tenantId, fileId, at: new Date(uploaded), data });
          files.push({
            tenant_id: tenantId,
            id: fileId,
            storage_key: storageKey,
            original_name: `${entry.name}.pdf`,
            content_type: 'application/pdf',
            size_bytes: data.length,
            sha256: createHash('sha256').update(data).digest('hex'),
            purpose: 'attachment',
            uploaded_by: uploader,
            enterprise_id: enterprise.id,
            created_at: iso(uploaded),
          });
          const reviewedOk = reviewedYet || !last;
          const reason = rejected ? one(r, rejectReasons) : null;
          materials.push({
            tenant_id: tenantId,
            item_id: id,
            checklist_key: entry.key,
            file_id: fileId,
            uploaded_by: uploader,
            uploaded_at: iso(uploaded),
            status: reviewedOk ? (rejected ? 'rejected' : 'accepted') : 'pending',
            review_reason: reviewedOk ? reason : null,
            reviewed_by: reviewedOk ? handler : null,
            reviewed_at: reviewedOk ? iso(Math.min(reviewed, latest)) : null,
          });
          ev(uploaded, uploader, 'material_uploaded', null, null, { data: { key: entry.key } });
          if (reviewedOk) ev(Math.min(reviewed, latest), handler, rejected ? 'material_rejected' : 'material_accepted', null, null, { note: reason, data: { key: entry.key } });
          uploaded = reviewed + (reviewedBy - reviewed) * between(r, 0.1, 0.5);
        }
      }
    }

    items.push({
      tenant_id: tenantId,
      id,
      kind: 'agency',
      created,
      station_id: enterprise.station_id,
      enterprise_id: enterprise.id,
      building_id: enterprise.building_id,
      title,
      description: `${enterprise.name}委托工作站代办“${type.name}”，由工作站收取材料、预审后递交${type.department}。`,
      priority,
      channel,
      category: type.code,
      requester_name: spec.admin ? admin!.name : (contact?.name ?? null),
      requester_phone: spec.admin ? null : (contact?.phone ?? null),
      requester_user_id: requester,
      status,
      assignee_id: at.assigned ? handler : null,
      created_by: requester ?? handler,
      created_at: iso(created),
      updated_at: iso(t),
      assigned_at: at.assigned ? iso(at.assigned) : null,
      accepted_at: at.accepted ? iso(at.accepted) : null,
      first_contact_at: channel === 'walk_in' || channel === 'phone' ? iso(created) : at.accepted ? iso(at.accepted) : null,
      resolved_at: at.resolved ? iso(at.resolved) : null,
      closed_at: at.closed ? iso(at.closed) : null,
      first_contact_due_at: iso(firstContactDue),
      resolution_due_at: iso(nearer),
      paused_minutes: paused,
      waiting_since: waitingSince ? iso(waitingSince) : null,
      resolved_ok: at.resolved ? true : null,
      requester_confirmed: at.rated ? rectificationDue === null : null,
      rating,
      rated_at: at.rated ? iso(at.rated) : null,
      rating_source: ratingSource,
      rectification_due_at: rectificationDue ? iso(rectificationDue) : null,
      rectified_at: rectified ? iso(rectified.at) : null,
      rectified_by: rectified?.by ?? null,
      rectification_note: rectified?.note ?? null,
    });
    cases.push({
      tenant_id: tenantId,
      item_id: id,
      type_id: type.id,
      checklist_id: type.checklist_id,
      step,
      department: type.department,
      department_ref: ref,
      submitted_on: ref ? localDate(submitted, ctx.tz) : null,
      statutory_due_at: iso(statutory),
      promised_due_at: iso(promised),
      result: step === 'done' ? result : null,
      done_at: step === 'done' ? iso(done) : null,
      picked_up_at: at.pickedUp ? iso(at.pickedUp) : null,
      updated_at: iso(t),
    });
  }
  await numberItems(trx, tenantId, ctx, 'agency', items);
  await writeItems(trx, ctx, items, events);
  await chunks(cases, (p) => trx.insertInto('agency_cases').values(p as never).execute());
  await chunks(files, (p) => trx.insertInto('files').values(p as never).execute());
  await chunks(materials, (p) => trx.insertInto('agency_materials').values(p as never).execute());
  await chunks(events, (p) => trx.insertInto('work_item_events').values(p).execute());
  await chunks(messages, (p) => trx.insertInto('work_item_messages').values(p as never).execute());
  return items.length;
}
