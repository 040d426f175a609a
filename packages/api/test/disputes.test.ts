import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@stationdesk/auth';
import { DEMO_PASSWORD, demoAccounts, seedDemo, withTenant } from '@stationdesk/db';
import { translator } from '@stationdesk/i18n';
import type { QueueProducer } from '@stationdesk/jobs';
import { fireReminder, flushDeliveries, type Senders } from '@stationdesk/services';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

/** 矛盾预警: dispute cases, their risk and warnings, personal data, outcomes, visits and the counts. */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client; // station 0
let staffOther: Client; // station 1
let admin: Client; // enterprise 0 (station 0)
let adminOther: Client; // enterprise 2 (station 1)
let foreignManager: Client;
let managerId: string;
let staffUserId: string;
const enqueued: { name: string; payload: unknown; delayMs: number | undefined }[] = [];
const queue: QueueProducer = {
  backend: null as never,
  ping: async () => {},
  async enqueue(def, payload, opts) {
    enqueued.push({ name: def.name, payload, delayMs: opts?.delayMs });
  },
};
const noSend: Senders = {
  email: async () => {
    throw new Error('no mail in this test');
  },
  webhook: async () => {
    throw new Error('no robots in this test');
  },
} as unknown as Senders;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

// Valid mainland ID numbers (GB 11643 check digits) and phones.
const ID_ZHANG = '310112198805061234'.slice(0, 17);
function withCheckDigit(first17: string) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}
const idZhang = withCheckDigit(ID_ZHANG);
const wrongCheck = idZhang.slice(0, 17) + (idZhang[17] === '0' ? '1' : '0');

const wageDispute = (people: number, extra: Record<string, unknown> = {}) => ({
  source: 'party_application' as const,
  disputeType: 'wage_arrears' as const,
  enterpriseId: tenant.enterpriseIds[0]!,
  title: '员工反映公司拖欠两个月工资',
  facts: `${people} 名员工反映公司自 9 月起未发放工资。`,
  amountYuan: people * 16000,
  peopleInvolved: people,
  parties: [
    { side: 'applicant' as const, kind: 'person' as const, name: '张伟', phone: '13812341234', idNumber: idZhang },
    { side: 'respondent' as const, kind: 'organisation' as const, name: '测试企业有限公司', enterpriseId: tenant.enterpriseIds[0]! },
  ],
  assign: { mode: 'self' as const },
  ...extra,
});

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db, { queue });
  const m = await makeMember(t.owner, tenant, 'manager');
  managerId = m.id;
  manager = await signedIn(deps, m.email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffUserId = s.id;
  staff = await signedIn(deps, s.email);
  staffOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
  adminOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 2 })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
});
afterAll(() => t.close());

/** Accept and start the item (the handler took it on), as the item page does. */
async function takeOn(c: Client, id: string) {
  let item = await c.call((api) => api.workItem.get({ id }));
  for (const action of ['accept', 'start'] as const) {
    if (!item.allowedActions.includes(action)) continue;
    await c.call((api) => api.workItem.transition({ id, action, version: item.version }));
    item = await c.call((api) => api.workItem.get({ id }));
  }
}

describe('risk and early warning', () => {
  it('a wage-arrears dispute with 12 people is red at once and the managers are warned in their inbox', async () => {
    enqueued.length = 0;
    const before = Date.now();
    const { id, number } = await staff.call((api) => api.dispute.create(wageDispute(12)));
    expect(number).toMatch(/^TJ-\d{4}-\d{6}$/);
    const d = await staff.call((api) => api.dispute.get({ id }));
    expect(d.risk).toMatchObject({ level: 'red', groupDispute: true });
    expect(d.risk!.factors).toEqual(expect.arrayContaining([expect.objectContaining({ indicator: 'wageArrears' }), expect.objectContaining({ indicator: 'groupDispute' })]));
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ level: 'red', acknowledgedAt: null });

    // The reminder is due now, for the managers, on every channel; its job was enqueued on commit without delay.
    const [reminder] = await q<{ id: string; due_at: Date; recipients: string[]; channels: string[] }>(
      `select r.id, r.due_at, r.recipients, r.channels from reminders r where r.subject_type = 'dispute_warning' and r.subject_id = $1`,
      [d.warnings[0]!.id],
    );
    expect(reminder!.recipients).toEqual(['managers']);
    expect(reminder!.channels).toEqual(['inbox', 'email', 'webhook']);
    expect(new Date(reminder!.due_at).getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(reminder!.due_at).getTime()).toBeLessThanOrEqual(Date.now());
    const job = enqueued.find((j) => (j.payload as { reminderId?: string }).reminderId === reminder!.id);
    expect(job?.delayMs).toBeLessThanOrEqual(0);

    // What the worker does with that job: fire, then deliver the manager's inbox message.
    const fired = await withTenant(t.db, tenant.tenantId, (trx) => fireReminder({ trx, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai' }, reminder!.id));
    expect(fired.outcome).toBe('sent');
    expect((await flushDeliveries(t.db, tenant.tenantId, 'inbox', managerId, noSend)).sent).toBe(1);
    const inbox = await q<{ title: string; body: string; link: string | null }>(`select * from notifications where user_id = $1`, [managerId]);
    const note = inbox.find((n) => JSON.stringify(n).includes(number));
    expect(note).toBeDefined();
    expect(JSON.stringify(note)).toContain('矛盾纠纷红色预警');

    // A manager acknowledges it with a note, once.
    const warnings = await manager.call((api) => api.warning.list({ state: 'open', limit: 100 }));
    expect(warnings.items.map((w) => w.itemId)).toContain(id);
    expect((await error(staff.call((api) => api.warning.acknowledge({ ids: [d.warnings[0]!.id], note: '已约谈' })))).code).toBe('FORBIDDEN');
    await manager.call((api) => api.warning.acknowledge({ ids: [d.warnings[0]!.id], note: '已约谈企业法定代表人，承诺本周五前支付。' }));
    const again = await error(manager.call((api) => api.warning.acknowledge({ ids: [d.warnings[0]!.id], note: '再次签收' })));
    expect([again.code, keyOf(again)]).toEqual(['CONFLICT', 'errors.dispute.warningsAcknowledged']);
    expect((await manager.call((api) => api.warning.list({ state: 'open', limit: 100 }))).items.map((w) => w.itemId)).not.toContain(id);
  });

  it('one worker’s small claim is green without a warning; more workers coming forward raise it, with the history kept', async () => {
    const { id } = await staff.call((api) => api.dispute.create(wageDispute(1, { amountYuan: 8000, enterpriseId: tenant.enterpriseIds[1]!, parties: wageDispute(1).parties.map((p) => (p.side === 'respondent' ? { ...p, enterpriseId: tenant.enterpriseIds[1]! } : p)) })));
    let d = await staff.call((api) => api.dispute.get({ id }));
    expect(d.risk!.level).toBe('green');
    expect(d.warnings).toHaveLength(0);
    const raised = await staff.call((api) => api.dispute.updateFacts({ id, peopleInvolved: 5, amountYuan: 80000 }));
    expect(raised).toEqual({ level: 'yellow', warned: true });
    d = await staff.call((api) => api.dispute.get({ id }));
    expect(d.riskHistory.map((h) => [h.level, h.reason])).toEqual([
      ['green', 'created'],
      ['yellow', 'facts_changed'],
    ]);
    expect(d.warnings.map((w) => w.level)).toEqual(['yellow']);
  });

  it('the enterprise moving out raises its open disputes’ risk', async () => {
    const enterpriseId = tenant.enterpriseIds[1]!;
    const { id } = await staff.call((api) =>
      api.dispute.create(wageDispute(2, { amountYuan: 20000, enterpriseId, parties: wageDispute(2).parties.map((p) => (p.side === 'respondent' ? { ...p, enterpriseId } : p)) })),
    );
    const before = (await staff.call((api) => api.dispute.get({ id }))).risk!.score;
    const e = await staff.call((api) => api.enterprise.get({ id: enterpriseId }));
    await staff.call((api) => api.enterprise.update({ id: enterpriseId, version: e.version, patch: { status: 'moving_out' } }));
    const after = await staff.call((api) => api.dispute.get({ id }));
    expect(after.risk!.score).toBeGreaterThan(before);
    expect(after.riskHistory.at(-1)!.reason).toBe('enterprise_status');
    expect(after.risk!.factors.map((f: { indicator: string }) => f.indicator)).toContain('enterpriseMovingOrClosing');
    const risky = await manager.call((api) => api.dispute.enterpriseRisk());
    expect(risky.find((r) => r.enterpriseId === enterpriseId)?.reasons).toContain('movingWithOpen');
  });
});

describe('personal data of the parties', () => {
  it('is masked for staff, refused (and audited) when staff ask, revealed with an audit row for a manager', async () => {
    const { id } = await staff.call((api) => api.dispute.create(wageDispute(1)));
    const seen = await staff.call((api) => api.dispute.get({ id }));
    const zhang = seen.parties.find((p) => p.side === 'applicant')!;
    expect(zhang).toMatchObject({ name: '张*', phone: '138****1234', idNumber: '3101**********1234'.slice(0, 4) + '*'.repeat(10) + idZhang.slice(14), masked: true });

    const refused = await error(staff.call((api) => api.dispute.revealParty({ partyId: zhang.id, reason: '需电话联系申请人' })));
    expect([refused.code, keyOf(refused)]).toEqual(['FORBIDDEN', 'errors.dispute.revealNotAllowed']);
    const revealed = await manager.call((api) => api.dispute.revealParty({ partyId: zhang.id, reason: '调解前核实申请人身份' }));
    expect(revealed).toEqual({ id: zhang.id, name: '张伟', phone: '13812341234', idNumber: idZhang });

    const audit = await q<{ action: string; data: { reason: string } }>(`select action, data from audit_log where subject_type = 'dispute_party' and subject_id = $1 order by at`, [zhang.id]);
    expect(audit.map((a) => [a.action, a.data.reason])).toEqual([
      ['dispute.revealRefused', '需电话联系申请人'],
      ['dispute.partyRevealed', '调解前核实申请人身份'],
    ]);
  });

  it('an enterprise admin sees its disputes only, its own side in full and the other side without personal data', async () => {
    const { id } = await staff.call((api) => api.dispute.create(wageDispute(1)));
    const mine = await admin.call((api) => api.dispute.portalGet({ id }));
    expect(mine.parties.find((p) => p.side === 'applicant')).toEqual({ side: 'applicant', kind: 'person', name: '张*', ours: false });
    expect(mine.parties.find((p) => p.side === 'respondent')).toEqual({ side: 'respondent', kind: 'organisation', name: '测试企业有限公司', ours: true });
    for (const internal of ['facts', 'risk', 'sessions', 'evidence', 'assigneeId']) expect(mine).not.toHaveProperty(internal);
    expect((await admin.call((api) => api.dispute.portalList({}))).items.map((i) => i.id)).toContain(id);
    expect((await error(admin.call((api) => api.dispute.get({ id })))).code).toBe('FORBIDDEN');
    const applicant = (await staff.call((api) => api.dispute.get({ id }))).parties.find((p) => p.side === 'applicant')!;
    const reveal = await error(admin.call((api) => api.dispute.revealParty({ partyId: applicant.id, reason: '想知道是谁' })));
    expect(reveal.code).toBe('FORBIDDEN');

    for (const outsider of [staffOther, foreignManager]) {
      expect((await error(outsider.call((api) => api.dispute.get({ id })))).code).toMatch(/NOT_FOUND|FORBIDDEN/);
    }
    expect((await error(adminOther.call((api) => api.dispute.portalGet({ id })))).code).toBe('NOT_FOUND');
    expect((await adminOther.call((api) => api.dispute.portalList({}))).items.map((i) => i.id)).not.toContain(id);
    expect((await error(foreignManager.call((api) => api.dispute.revealParty({ partyId: applicant.id, reason: '越权查看' })))).code).toBe('NOT_FOUND');
  });
});

describe('outcome and follow-up visits', () => {
  it('an agreement resolves the case and schedules the +7 and +30 day visits; "not performed" warns and can reopen', async () => {
    const { id } = await staff.call((api) => api.dispute.create(wageDispute(2, { amountYuan: 30000 })));
    await takeOn(staff, id);
    const early = await error(staff.call((api) => api.dispute.recordOutcome({ id, outcome: 'failed' })));
    expect([early.code, keyOf(early)]).toEqual(['PRECONDITION_FAILED', 'errors.dispute.outcomeBeforeSession']);
    await staff.call((api) =>
      api.dispute.addSession({ id, kind: 'mediation', heldAt: new Date(Date.now() - 3_600_000).toISOString(), place: '工作站调解室', mediator: '李调解员', attendees: '张伟；企业人事经理', notes: '双方同意分两期支付。' }),
    );
    const noTerms = await error(staff.call((api) => api.dispute.recordOutcome({ id, outcome: 'agreement' })));
    expect(keyOf(noTerms)).toBe('errors.dispute.agreementRequired');
    await staff.call((api) =>
      api.dispute.recordOutcome({
        id,
        outcome: 'agreement',
        agreement: { number: '新虹调〔2026〕088号', terms: '企业于 12 月 10 日前支付 30000 元。', amountYuan: 30000, method: '银行转账', place: '工作站', dueOn: '2026-12-10' },
      }),
    );
    const item = await staff.call((api) => api.workItem.get({ id }));
    expect(item.status).toBe('resolved');
    // Printed, signed, scanned: the scan joins the resolved case (only a file of one's own).
    const scan = await withTenant(t.owner, tenant.tenantId, (trx) =>
      trx
        .insertInto('files')
        .values({ tenant_id: tenant.tenantId, storage_key: `${tenant.tenantId}/t/${crypto.randomUUID()}`, original_name: '协议签字页.pdf', content_type: 'application/pdf', size_bytes: 10, sha256: 'd'.repeat(64), purpose: 'attachment', uploaded_by: staffUserId })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    expect(keyOf(await error(manager.call((api) => api.dispute.attachSignedAgreement({ id, fileId: scan.id }))))).toBe('errors.workItem.badAttachment');
    await staff.call((api) => api.dispute.attachSignedAgreement({ id, fileId: scan.id }));
    const d = await staff.call((api) => api.dispute.get({ id }));
    expect(d.agreement!.signedFileId).toBe(scan.id);
    expect(d.agreement).toMatchObject({ number: '新虹调〔2026〕088号', amountYuan: 30000, dueOn: '2026-12-10' });

    const visits = await q<{ kind: string; due_at: Date }>(`select kind, due_at from reminders where subject_id = $1 and status = 'scheduled' and kind like 'dispute_visit_%' order by due_at`, [id]);
    expect(visits.map((v) => v.kind)).toEqual(['dispute_visit_7', 'dispute_visit_30']);
    const agreedAt = new Date(d.outcomeAt!).getTime();
    expect(new Date(visits[0]!.due_at).getTime() - agreedAt).toBeGreaterThan(6 * 86_400_000);
    expect(new Date(visits[1]!.due_at).getTime() - agreedAt).toBeGreaterThan(29 * 86_400_000);

    // The 7-day visit: nothing paid. A red warning, the 7-day reminder gone, and the manager reopens.
    const visit = await manager.call((api) =>
      api.dispute.recordVisit({ id, visitNo: 7, visitedOn: '2026-11-26', visitor: '王回访', performance: 'none', satisfaction: 'dissatisfied', notes: '企业称资金紧张', reopen: true }),
    );
    expect(visit.warned).toBe(true);
    const after = await staff.call((api) => api.dispute.get({ id }));
    expect(after.warnings.at(-1)).toMatchObject({ level: 'red', reason: 'agreement_not_performed' });
    expect(after.agreement!.performed).toBe('none');
    expect(after.status).not.toBe('resolved');
    const left = await q<{ kind: string }>(`select kind from reminders where subject_id = $1 and status = 'scheduled' and kind like 'dispute_visit_%'`, [id]);
    expect(left.map((r) => r.kind)).toEqual(['dispute_visit_30']);
    const twice = await error(manager.call((api) => api.dispute.recordVisit({ id, visitNo: 7, visitedOn: '2026-11-26', visitor: '王回访', performance: 'full' })));
    expect(twice.code).toBe('CONFLICT');
  });

  it('a referral names where to; a visit without an agreement is refused; staff cannot reopen', async () => {
    const { id } = await staff.call((api) => api.dispute.create(wageDispute(1)));
    await takeOn(staff, id);
    await staff.call((api) => api.dispute.addSession({ id, kind: 'inquiry', heldAt: new Date().toISOString(), mediator: '李调解员', notes: '企业拒绝调解。' }));
    expect(keyOf(await error(staff.call((api) => api.dispute.recordOutcome({ id, outcome: 'referred' }))))).toBe('errors.dispute.referredToRequired');
    await staff.call((api) => api.dispute.recordOutcome({ id, outcome: 'referred', referredTo: '区劳动人事争议仲裁委员会' }));
    const e = await error(staff.call((api) => api.dispute.recordVisit({ id, visitNo: 7, visitedOn: '2026-11-26', visitor: '王回访', performance: 'full' })));
    expect(keyOf(e)).toBe('errors.dispute.visitNeedsAgreement');
    const closed = await error(staff.call((api) => api.dispute.addSession({ id, kind: 'inquiry', heldAt: new Date().toISOString(), mediator: '李', notes: '补充' })));
    expect(keyOf(closed)).toBe('errors.dispute.closed');
  });
});

describe('bad input changes nothing', () => {
  const counts = async () =>
    (await q<{ items: number; cases: number; parties: number }>(
      `select (select count(*)::int from work_items where tenant_id = $1) as items, (select count(*)::int from dispute_cases where tenant_id = $1) as cases,
              (select count(*)::int from dispute_parties where tenant_id = $1) as parties`,
      [tenant.tenantId],
    ))[0]!;

  it.each([
    ['an ID number with a wrong check digit', { parties: [{ side: 'applicant', kind: 'person', name: '张伟', idNumber: wrongCheck }, { side: 'respondent', kind: 'organisation', name: '某公司' }] }, 'errors.dispute.idNumber.checkDigit'],
    ['a phone that is not a mainland mobile or landline', { parties: [{ side: 'applicant', kind: 'person', name: '张伟', phone: '12345' }, { side: 'respondent', kind: 'organisation', name: '某公司' }] }, 'errors.dispute.badPhone'],
    ['a negative amount', { amountYuan: -1 }, 'errors.dispute.negativeAmount'],
    ['nobody involved', { peopleInvolved: 0 }, 'errors.dispute.peopleAtLeastOne'],
    ['no respondent', { parties: [{ side: 'applicant', kind: 'person', name: '张伟' }, { side: 'applicant', kind: 'person', name: '李娜' }] }, 'errors.dispute.partiesRequired'],
  ])('%s', async (_label, patch, key) => {
    const before = await counts();
    const e = await error(staff.call((api) => api.dispute.create({ ...wageDispute(1), ...(patch as object) } as never)));
    expect([e.code, keyOf(e)]).toEqual(['BAD_REQUEST', key]);
    // The key reads as a sentence in both languages, naming the party where it concerns one.
    for (const lang of ['zh-CN', 'en'] as const) expect(translator(lang)(key, { name: '张伟' })).not.toBe(key);
    expect(await counts()).toEqual(before);
  });

  it('an enterprise admin cannot file a dispute or read the counts; counts for another tenant’s station are not found', async () => {
    expect((await error(admin.call((api) => api.dispute.create(wageDispute(1))))).code).toBe('FORBIDDEN');
    expect((await error(admin.call((api) => api.dispute.counts({ from: '2026-01-01', to: '2026-12-31', groupBy: 'type' })))).code).toBe('FORBIDDEN');
    const foreign = await error(manager.call((api) => api.dispute.counts({ from: '2026-01-01', to: '2026-12-31', stationId: other.stations[0]!.id, groupBy: 'type' })));
    expect([foreign.code, keyOf(foreign)]).toEqual(['NOT_FOUND', 'errors.dispute.stationNotFound']);
    const notMine = await error(staff.call((api) => api.dispute.counts({ from: '2026-01-01', to: '2026-12-31', stationId: tenant.stations[1]!.id, groupBy: 'type' })));
    expect(keyOf(notMine)).toBe('errors.dispute.stationNotYours');
    const backwards = await error(manager.call((api) => api.dispute.counts({ from: '2026-12-31', to: '2026-01-01', groupBy: 'type' })));
    expect(keyOf(backwards)).toBe('errors.dispute.badPeriod');
  });

  it('risk settings must be consistent; a valid change re-scores the open cases', async () => {
    const current = (await manager.call((api) => api.dispute.settings())).risk;
    const bad = await error(manager.call((api) => api.dispute.updateSettings({ risk: { ...current, thresholds: { yellow: 20, red: 10 } } })));
    expect(keyOf(bad)).toBe('errors.dispute.riskYellowNotBelowRed');
    expect((await error(staff.call((api) => api.dispute.updateSettings({ risk: current })))).code).toBe('FORBIDDEN');
    const { rescored } = await manager.call((api) => api.dispute.updateSettings({ risk: { ...current, thresholds: { yellow: 8, red: 20 } } }));
    const [open] = await q<{ n: number }>(`select count(*)::int as n from work_items where tenant_id = $1 and kind = 'dispute' and status not in ('resolved', 'visited', 'closed')`, [tenant.tenantId]);
    expect(rescored).toBe(open!.n);
    await manager.call((api) => api.dispute.updateSettings({ risk: current }));
  });
});

/** Every grouping of `dispute.counts` against the same count written directly in SQL; returns the total. */
async function expectCountsEqualSql(c: Client, tenantId: string, from: string, to: string): Promise<number> {
  const period = `w.created_at >= ($2::date::timestamp at time zone 'Asia/Shanghai') and w.created_at < (($3::date + 1)::timestamp at time zone 'Asia/Shanghai')`;
  let total = 0;
  for (const groupBy of ['station_month', 'type', 'source', 'outcome', 'risk_level'] as const) {
    const result = await c.call((api) => api.dispute.counts({ from, to, groupBy }));
    const expr = {
      station_month: `w.station_id::text || '|' || to_char(w.created_at at time zone 'Asia/Shanghai', 'YYYY-MM')`,
      type: 'c.dispute_type',
      source: 'c.source',
      outcome: `coalesce(c.outcome, 'pending')`,
      risk_level: 'c.risk_level',
    }[groupBy];
    const sqlRows = await q<{ key: string; total: number; open: number }>(
      `select ${expr} as key, count(*)::int as total, count(*) filter (where w.status not in ('resolved', 'visited', 'closed'))::int as open
         from work_items w join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
        where w.tenant_id = $1 and w.kind = 'dispute' and ${period} group by 1`,
      [tenantId, from, to],
    );
    const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
    expect(result.rows.map((r) => ({ key: r.key, total: r.total, open: r.open })).sort(byKey)).toEqual(sqlRows.sort(byKey));
    const [summary] = await q<{ total: number; agreements: number; full: number }>(
      `select count(*)::int as total, count(*) filter (where c.outcome = 'agreement')::int as agreements,
              count(*) filter (where c.outcome = 'agreement' and c.performed = 'full')::int as full
         from work_items w join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id
        where w.tenant_id = $1 and w.kind = 'dispute' and ${period}`,
      [tenantId, from, to],
    );
    expect(result.summary).toMatchObject({ total: summary!.total, agreements: summary!.agreements, performed: expect.objectContaining({ full: summary!.full }) });
    total = summary!.total;
  }
  return total;
}

describe('the managers’ counts', () => {
  it('equal direct SQL counts for every grouping, and every cell drills down to exactly its cases', async () => {
    const from = '2025-01-01';
    const to = '2027-12-31';
    await expectCountsEqualSql(manager, tenant.tenantId, from, to);
    const byStation = await manager.call((api) => api.dispute.counts({ from, to, groupBy: 'station_month' }));
    for (const cell of byStation.rows) {
      const list = await manager.call((api) => api.dispute.list({ from, to, stationId: cell.stationId, month: cell.month, limit: 200 }));
      expect(list.items).toHaveLength(cell.total);
      const open = await manager.call((api) => api.dispute.list({ from, to, stationId: cell.stationId, month: cell.month, state: 'open', limit: 200 }));
      expect(open.items).toHaveLength(cell.open);
    }
    // Staff count their own stations only.
    const mine = await staff.call((api) => api.dispute.counts({ from, to, groupBy: 'station_month' }));
    expect(new Set(mine.rows.map((r) => r.stationId))).toEqual(new Set([tenant.stations[0]!.id]));
  });

  it('equal direct SQL counts on the demo data (three years of 新虹街道), for a year and for all three', { timeout: 120_000 }, async () => {
    await seedDemo(t.owner, { passwordHash: await hashPassword(DEMO_PASSWORD) });
    const demoManager = await signedIn(apiDeps(t.db), demoAccounts.xinhongManager, DEMO_PASSWORD);
    const [xinhong] = await q<{ id: string }>(`select id from tenants where slug = 'xinhong'`);
    const thisYear = new Date().getFullYear();
    await expectCountsEqualSql(demoManager, xinhong!.id, `${thisYear}-01-01`, `${thisYear}-12-31`);
    const all = await expectCountsEqualSql(demoManager, xinhong!.id, `${thisYear - 3}-01-01`, `${thisYear}-12-31`);
    expect(all).toBeGreaterThan(1000);
    // A year's station × month cell drills down to its cases, page after page.
    const year = await demoManager.call((api) => api.dispute.counts({ from: `${thisYear - 1}-01-01`, to: `${thisYear - 1}-12-31`, groupBy: 'station_month' }));
    const cell = year.rows.reduce((a, b) => (b.total > a.total ? b : a));
    let seen = 0;
    let cursor: string | null = null;
    do {
      const page = await demoManager.call((api) => api.dispute.list({ from: `${thisYear - 1}-01-01`, to: `${thisYear - 1}-12-31`, stationId: cell.stationId, month: cell.month, cursor, limit: 7 }));
      seen += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toBe(cell.total);
  });

  it('the summary equals SQL: open and closed, levels, warnings raised and acknowledged, agreements performed, median days', async () => {
    const { summary } = await manager.call((api) => api.dispute.counts({ from: '2025-01-01', to: '2027-12-31', groupBy: 'type' }));
    const [s] = await q<Record<string, number>>(
      `select count(*)::int as total, count(*) filter (where w.status not in ('resolved', 'visited', 'closed'))::int as open,
              count(*) filter (where c.risk_level = 'red')::int as red, count(*) filter (where c.outcome = 'agreement')::int as agreements,
              count(*) filter (where c.performed = 'none' and c.outcome = 'agreement')::int as none,
              (select count(*)::int from dispute_warnings where tenant_id = $1) as raised,
              (select count(*)::int from dispute_warnings where tenant_id = $1 and acknowledged_at is not null) as acknowledged
         from work_items w join dispute_cases c on c.tenant_id = w.tenant_id and c.item_id = w.id where w.tenant_id = $1 and w.kind = 'dispute'`,
      [tenant.tenantId],
    );
    expect(summary).toMatchObject({
      total: s!.total,
      open: s!.open,
      closed: s!.total! - s!.open!,
      byLevel: expect.objectContaining({ red: s!.red }),
      agreements: s!.agreements,
      performed: expect.objectContaining({ none: s!.none }),
      warningsRaised: s!.raised,
      warningsAcknowledged: s!.acknowledged,
    });
    expect(summary.warningsRaised).toBeGreaterThan(0);
    expect(summary.medianDaysToClose).not.toBeNull();
  });

  it('exports the counts and their cases as .xlsx', async () => {
    const file = await manager.call((api) => api.dispute.exportCounts({ from: '2025-01-01', to: '2027-12-31' }));
    expect(file.fileName).toMatch(/^矛盾纠纷统计-2025-01-01-2027-12-31\.xlsx$/);
    const [{ n }] = (await q<{ n: number }>(`select count(*)::int as n from work_items where tenant_id = $1 and kind = 'dispute'`, [tenant.tenantId])) as [{ n: number }];
    expect(file.rows).toBe(n);
  });
});
