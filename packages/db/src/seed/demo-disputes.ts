import { defaultRiskSettings, idNumberCheckDigit, needsRectification, raisesWarning, rectificationDueAt, scoreRisk, type DisputeEnterpriseStatus, type DisputeType } from '@stationdesk/core';
import { sql } from 'kysely';
import type { Tx } from '../tenant.ts';
import { rng } from './demo-enterprises.ts';
import { demoRating, demoRectifiedAt, rectificationNotes } from './demo-outcomes.ts';
import { loadDemoSla } from './demo-work-items.ts';

/**
 * Three years of believable disputes for the managers' counts (the article: 578 labour and other
 * disputes a year over five stations): mostly wage arrears, a few group disputes, most concluded
 * by agreement with their follow-up visits, warnings raised and acknowledged — written straight
 * into the tables, scored with the product's own risk rules, numbered TJ-YYYY-NNNNNN. For the KPIs
 * (issue 18) nearly all are concluded within their 30 days and called back (回访 by phone, rated as
 * the desk was rated then — demo-outcomes.ts); those facts draw on a stream of their own, so the
 * disputes' other facts stay as they were.
 */
export interface DisputeSeedOptions {
  count: number;
  seed: number;
  /** The newest dispute is filed just before this instant; the oldest three years before. */
  now: Date;
  stationIds: string[];
  /** Handlers per station (index = station); missing → the fallback. */
  handlers: (string | null)[];
  fallbackHandler: string;
  timezone?: string;
}

const DAY = 86_400_000;
const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏晨欣怡佳琪婷雪梅兰新春海波峰亮飞鑫';
const types: [DisputeType, number][] = [
  ['wage_arrears', 45],
  ['labour_contract', 20],
  ['social_insurance', 10],
  ['property', 10],
  ['commercial', 10],
  ['other', 5],
];
const sources: [string, number][] = [
  ['party_application', 45],
  ['found_by_staff', 20],
  ['police_transfer', 10],
  ['court_transfer', 5],
  ['government_transfer', 12],
  ['enterprise_report', 8],
];
const titles: Record<DisputeType, string[]> = {
  wage_arrears: ['员工反映公司拖欠工资', '离职员工追讨工资', '项目结束后工资未结清', '公司经营困难延迟发薪'],
  labour_contract: ['解除劳动合同经济补偿争议', '未签订书面劳动合同', '试用期辞退争议', '加班费计算争议'],
  social_insurance: ['公司未足额缴纳社会保险', '社保断缴影响落户', '工伤认定后待遇争议'],
  property: ['物业费与空调费分摊争议', '租赁期满押金退还争议', '装修噪声影响相邻企业'],
  commercial: ['货款结算争议', '服务合同履约争议', '合作协议提前终止争议'],
  other: ['员工与公司就年休假产生争议', '企业搬迁引发员工诉求'],
};

function pick<T>(r: () => number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

function personName(r: () => number) {
  const s = surnames[Math.floor(r() * surnames.length)]!;
  const g = given[Math.floor(r() * given.length)]! + (r() < 0.6 ? given[Math.floor(r() * given.length)]! : '');
  return s + g;
}

function idNumber(r: () => number) {
  const year = 1965 + Math.floor(r() * 38);
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  const body = `310112${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(Math.floor(r() * 1000)).padStart(3, '0')}`;
  return body + idNumberCheckDigit(body);
}

const mobile = (r: () => number) => `13${Math.floor(r() * 10)}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;

export async function seedDisputes(trx: Tx, tenantId: string, opts: DisputeSeedOptions): Promise<number> {
  const r = rng(opts.seed);
  const k = rng(opts.seed + 18);
  const tz = opts.timezone ?? 'Asia/Shanghai';
  const { cal, policies } = await loadDemoSla(trx, tenantId, tz);
  const enterprises = await trx.selectFrom('enterprises').select(['id', 'name', 'station_id', 'status']).where('tenant_id', '=', tenantId).orderBy('name').execute();
  const byStation = new Map<string, typeof enterprises>();
  for (const e of enterprises) byStation.set(e.station_id, [...(byStation.get(e.station_id) ?? []), e]);
  const start = opts.now.getTime() - 3 * 365 * DAY;
  const lastFiledAt = new Map<string, number[]>();
  const counters = new Map<number, number>();
  const year = (ms: number) => Number(new Intl.DateTimeFormat('en', { timeZone: tz, year: 'numeric' }).format(ms));

  const items = [];
  const cases = [];
  const parties = [];
  const sessions = [];
  const history = [];
  const warnings = [];
  const visits = [];
  const events = [];
  for (let i = 0; i < opts.count; i++) {
    const created = Math.floor(start + ((i + r() * 0.9) / opts.count) * (opts.now.getTime() - start - 3_600_000));
    const stationIndex = Math.floor(r() * opts.stationIds.length);
    const stationId = opts.stationIds[stationIndex]!;
    const candidates = byStation.get(stationId) ?? [];
    const enterprise = candidates.length && r() < 0.92 ? candidates[Math.floor(r() * Math.min(candidates.length, 40))]! : null;
    const type = pick(r, types);
    const source = pick(r, sources as [string, number][]);
    const labour = type === 'wage_arrears' || type === 'labour_contract' || type === 'social_insurance';
    const people = labour ? (r() < 0.05 ? 10 + Math.floor(r() * 25) : r() < 0.12 ? 4 + Math.floor(r() * 6) : 1 + Math.floor(r() * 3)) : 1;
    const amount = type === 'other' ? null : Math.round(people * (5000 + r() * 30000));
    const si = type === 'social_insurance' || r() < 0.08;
    const escalation = r() < 0.06;
    const priors = enterprise ? (lastFiledAt.get(enterprise.id) ?? []).filter((t) => t >= created - 90 * DAY).length : 0;
    if (enterprise) lastFiledAt.set(enterprise.id, [...(lastFiledAt.get(enterprise.id) ?? []), created]);
    const risk = scoreRisk(
      {
        disputeType: type,
        amountYuan: amount,
        peopleInvolved: people,
        enterpriseStatus: (enterprise?.status as DisputeEnterpriseStatus | undefined) ?? null,
        priorDisputesWithin90Days: priors,
        socialInsuranceArrears: si,
        priorEscalation: escalation,
      },
      defaultRiskSettings,
    );
    const y = year(created);
    const n = (counters.get(y) ?? 0) + 1;
    counters.set(y, n);
    const id = crypto.randomUUID();
    const handler = opts.handlers[stationIndex] ?? opts.fallbackHandler;
    const age = opts.now.getTime() - created;
    // Older cases are concluded (all once their 30 days are up); recent ones spread over the lifecycle.
    const concluded = age > 45 * DAY || (age > 5 * DAY && r() < 0.4) || age > 29 * DAY;
    // Concluded within the 30 days, about one in a hundred a few days after.
    const days = concluded ? (k() < 0.012 ? 31 + Math.floor(r() * 8) : 3 + Math.floor(r() * 26)) : 0;
    const outcomeAt = concluded ? Math.min(created + days * DAY, opts.now.getTime() - DAY) : null;
    const outcome = concluded ? pick(r, [['agreement', 70], ['referred', 10], ['withdrawn', 8], ['failed', 12]] as ['agreement' | 'referred' | 'withdrawn' | 'failed', number][]) : null;
    // The 回访 call a few days after the outcome; a failed mediation pleases fewer people.
    const calledAt = outcomeAt ? outcomeAt + (20 + k() * 100) * 3_600_000 : null;
    const visit =
      calledAt && calledAt < opts.now.getTime() - 3_600_000
        ? { at: calledAt, rating: demoRating(k, calledAt, outcome === 'failed' ? 2 : outcome === 'referred' ? 1.4 : outcome === 'agreement' ? 0.8 : 0.5) }
        : null;
    const closedAt = visit && opts.now.getTime() - outcomeAt! > 35 * DAY ? outcomeAt! + 32 * DAY : null;
    const status = outcomeAt ? (closedAt ? 'closed' : visit ? 'visited' : 'resolved') : pick(r, [['received', 1], ['accepted', 2], ['in_progress', 5], ['waiting', 1]] as [string, number][]);
    const priority = risk.level === 'red' ? ('urgent' as const) : ('normal' as const);
    // 不满意: the loop closes unconfirmed, a rectification owed by the dispute rule.
    const rectificationDue = visit && needsRectification(visit.rating) ? rectificationDueAt(cal, policies.get(`dispute/${priority}`)!, new Date(visit.at)).getTime() : null;
    const rectifiedAt = rectificationDue ? demoRectifiedAt(k, visit!.at, rectificationDue, opts.now.getTime() - 3_600_000) : null;
    const rectificationNote = rectifiedAt ? rectificationNotes[Math.floor(k() * rectificationNotes.length)]! : null;
    // A first contact within the window, a few late.
    const contactAfter = k() < 0.02 ? (5 + k() * 15) * 3_600_000 : 7_200_000;
    const title = `${enterprise ? enterprise.name.replace(/有限公司$/, '') : '某企业'}：${titles[type][Math.floor(r() * titles[type].length)]}`;
    const at = (ms: number) => new Date(ms).toISOString();
    items.push({
      tenant_id: tenantId,
      id,
      kind: 'dispute' as const,
      number: `TJ-${y}-${String(n).padStart(6, '0')}`,
      station_id: stationId,
      enterprise_id: enterprise?.id ?? null,
      title,
      description: `${people} 人反映${titles[type][0]}，涉及金额约 ${amount ?? 0} 元。`,
      priority,
      channel: (source === 'found_by_staff' ? 'patrol' : source.endsWith('transfer') ? 'referral' : 'walk_in') as 'patrol' | 'referral' | 'walk_in',
      category: type,
      status: status as 'received',
      assignee_id: status === 'received' ? null : handler,
      created_by: handler,
      created_at: at(created),
      updated_at: at(outcomeAt ?? created),
      assigned_at: status === 'received' ? null : at(created + 600_000),
      accepted_at: status === 'received' ? null : at(created + 3_600_000),
      first_contact_at: status === 'received' ? null : at(created + contactAfter),
      first_contact_due_at: at(created + 4 * 3_600_000),
      resolution_due_at: at(created + 30 * DAY),
      resolved_at: outcomeAt ? at(outcomeAt) : null,
      closed_at: closedAt ? at(closedAt) : null,
      resolved_ok: outcome ? outcome === 'agreement' || outcome === 'withdrawn' : null,
      requester_confirmed: visit ? rectificationDue === null : null,
      rating: visit?.rating ?? null,
      rated_at: visit ? at(visit.at) : null,
      rating_source: visit ? ('phone' as const) : null,
      rectification_due_at: rectificationDue ? at(rectificationDue) : null,
      rectified_at: rectifiedAt ? at(rectifiedAt) : null,
      rectified_by: rectifiedAt ? handler : null,
      rectification_note: rectificationNote,
    });
    const agreement = outcome === 'agreement';
    const visitsDue = agreement && outcomeAt ? [7, 30].filter((d) => outcomeAt + d * DAY < opts.now.getTime()) : [];
    const performance = visitsDue.length ? pick(r, [['full', 85], ['partial', 10], ['none', 5]] as ['full' | 'partial' | 'none', number][]) : null;
    cases.push({
      tenant_id: tenantId,
      item_id: id,
      source,
      dispute_type: type,
      facts: `申请人称${titles[type][0]}，${people > 1 ? `共 ${people} 人` : '1 人'}，已向工作站提交相关材料。`,
      amount_yuan: amount,
      people_involved: people,
      social_insurance_arrears: si,
      prior_escalation: escalation,
      risk_score: risk.score,
      risk_level: risk.level,
      risk_factors: JSON.stringify(risk.factors),
      group_dispute: risk.groupDispute,
      outcome,
      outcome_at: outcomeAt ? at(outcomeAt) : null,
      agreement_no: agreement ? `新虹调〔${y}〕${String(n).padStart(3, '0')}号` : null,
      agreement_terms: agreement ? `被申请人于约定日期前一次性支付申请人${type === 'wage_arrears' ? '拖欠工资' : '款项'}，双方就本纠纷再无其他争议。` : null,
      agreement_amount_yuan: agreement && amount ? Math.round(amount * 0.85) : null,
      performance_method: agreement ? '银行转账' : null,
      performance_place: agreement ? '楼宇工作站' : null,
      performance_due_on: agreement && outcomeAt ? new Date(outcomeAt + 15 * DAY).toISOString().slice(0, 10) : null,
      referred_to: outcome === 'referred' ? (labour ? '区劳动人事争议仲裁委员会' : '区人民法院') : null,
      performed: performance,
      updated_at: at(outcomeAt ?? created),
    });
    const applicants = people <= 3 ? people : 1;
    for (let p = 0; p < applicants; p++) {
      parties.push({ tenant_id: tenantId, item_id: id, side: 'applicant', kind: 'person', name: personName(r), phone: mobile(r), id_number: r() < 0.8 ? idNumber(r) : null, enterprise_id: null });
    }
    parties.push(
      enterprise
        ? { tenant_id: tenantId, item_id: id, side: 'respondent', kind: 'organisation', name: enterprise.name, phone: null, id_number: null, enterprise_id: enterprise.id }
        : { tenant_id: tenantId, item_id: id, side: 'respondent', kind: 'person', name: personName(r), phone: mobile(r), id_number: null, enterprise_id: null },
    );
    history.push({ tenant_id: tenantId, item_id: id, at: at(created), score: risk.score, level: risk.level, factors: JSON.stringify(risk.factors), reason: 'created' });
    if (raisesWarning(null, risk.level)) {
      const acknowledged = age > 2 * DAY && r() < 0.9;
      warnings.push({
        tenant_id: tenantId,
        item_id: id,
        level: risk.level as 'yellow' | 'red',
        score: risk.score,
        reason: 'created',
        raised_at: at(created),
        acknowledged_at: acknowledged ? at(created + 3 * 3_600_000) : null,
        acknowledged_by: acknowledged ? opts.fallbackHandler : null,
        acknowledgement: acknowledged ? '已安排专人对接，约谈企业负责人。' : null,
      });
    }
    if (status !== 'received' && status !== 'accepted') {
      const held = [created + DAY, ...(outcomeAt && outcomeAt - created > 4 * DAY ? [created + Math.floor((outcomeAt - created) / 2)] : [])];
      for (const [k, h] of held.entries()) {
        sessions.push({
          tenant_id: tenantId,
          item_id: id,
          kind: k === 0 ? 'inquiry' : 'mediation',
          held_at: at(Math.min(h, opts.now.getTime() - 3_600_000)),
          place: '楼宇工作站调解室',
          mediator: '人民调解员',
          attendees: '双方当事人',
          notes: k === 0 ? '听取申请人陈述，核对工资发放记录。' : '组织双方面对面调解，就支付金额和时间达成一致意见。',
          created_by: handler,
        });
      }
    }
    for (const d of visitsDue) {
      visits.push({
        tenant_id: tenantId,
        item_id: id,
        visit_no: d,
        visited_on: new Date(outcomeAt! + d * DAY).toISOString().slice(0, 10),
        visitor: '工作站回访员',
        performance: performance!,
        satisfaction: performance === 'full' ? 'satisfied' : 'basically_satisfied',
        new_risk: false,
        notes: null,
        created_by: handler,
      });
    }
    events.push({ tenant_id: tenantId, item_id: id, actor_id: handler, at: at(created), action: 'create', to_status: 'received', data: '{}' });
    if (outcomeAt) events.push({ tenant_id: tenantId, item_id: id, actor_id: handler, at: at(outcomeAt), action: 'resolve', from_status: 'in_progress', to_status: 'resolved', data: '{}' });
    if (visit) {
      const data = { rating: visit.rating, source: 'phone', ...(rectificationDue ? { rectificationDueAt: at(rectificationDue) } : {}) };
      events.push({ tenant_id: tenantId, item_id: id, actor_id: handler, at: at(visit.at), action: 'visit', from_status: 'resolved', to_status: 'visited', data: JSON.stringify(data) });
    }
    if (closedAt) events.push({ tenant_id: tenantId, item_id: id, actor_id: handler, at: at(closedAt), action: 'close', from_status: 'visited', to_status: 'closed', data: '{}' });
    if (rectifiedAt) {
      const data = { dueAt: at(rectificationDue!), onTime: rectifiedAt <= rectificationDue! };
      events.push({ tenant_id: tenantId, item_id: id, actor_id: handler, at: at(rectifiedAt), action: 'rectified', note: rectificationNote, data: JSON.stringify(data), internal: true });
    }
  }
  const chunks = async <T>(rows: T[], write: (part: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 500) await write(rows.slice(i, i + 500));
  };
  await chunks(items, (p) => trx.insertInto('work_items').values(p).execute());
  await chunks(cases, (p) => trx.insertInto('dispute_cases').values(p).execute());
  await chunks(parties, (p) => trx.insertInto('dispute_parties').values(p as never).execute());
  await chunks(sessions, (p) => trx.insertInto('dispute_sessions').values(p as never).execute());
  await chunks(history, (p) => trx.insertInto('dispute_risk_history').values(p).execute());
  await chunks(warnings, (p) => trx.insertInto('dispute_warnings').values(p).execute());
  await chunks(visits, (p) => trx.insertInto('dispute_visits').values(p as never).execute());
  await chunks(events, (p) => trx.insertInto('work_item_events').values(p as never).execute());
  for (const [y, last] of counters) {
    await sql`insert into work_item_counters (tenant_id, kind, year, last_value) values (${tenantId}, 'dispute', ${y}, ${last})
              on conflict (tenant_id, kind, year) do update set last_value = greatest(work_item_counters.last_value, excluded.last_value)`.execute(trx);
  }
  return items.length;
}
