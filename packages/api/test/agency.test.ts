import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultBusinessHours, portalView, staffView, workingMinutesBetween } from '@stationdesk/core';
import type { Updateable } from 'kysely';
import { seedAgencyTypes, withTenant, type AgencyStep, type Database } from '@stationdesk/db';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client; // enterprise 0
let adminOther: Client; // enterprise 1
let staffId: string;
let adminId: string;
let fitOut: { id: string; checklist: { key: string; required: boolean }[] };


/** A file as the upload endpoint leaves it (the endpoint itself is tested elsewhere). */
async function uploaded(tenantId: string, userId: string, name = 'scan.pdf') {
  return withTenant(t.owner, tenantId, (trx) =>
    trx
      .insertInto('files')
      .values({ tenant_id: tenantId, storage_key: `${tenantId}/t/${crypto.randomUUID()}`, original_name: name, content_type: 'application/pdf', size_bytes: 100, sha256: 'b'.repeat(64), purpose: 'attachment', uploaded_by: userId })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  await withTenant(t.owner, tenant.tenantId, (trx) => seedAgencyTypes(trx, tenant.tenantId));
  await withTenant(t.owner, other.tenantId, (trx) => seedAgencyTypes(trx, other.tenantId));
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffId = s.id;
  staff = await signedIn(deps, s.email);
  const a = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 });
  adminId = a.id;
  admin = await signedIn(deps, a.email);
  adminOther = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 })).email);
  const types = await staff.call((api) => api.agencyType.list());
  const f = types.find((x) => x.code === 'fit_out')!;
  fitOut = { id: f.id, checklist: f.checklist };
});
afterAll(() => t.close());

const openCase = () =>
  staff.call((api) => api.agencyCase.create({ typeId: fitOut.id, enterpriseId: tenant.enterpriseIds[0]!, channel: 'walk_in', title: '3 楼办公室二次装修', assign: { mode: 'self' } }));

describe('a fit-out permit through every step', () => {
  it('is refused at submitted until every required document is accepted, then runs to done and the item resolves', async () => {
    const { id, number } = await openCase();
    expect(number).toMatch(/^DB-\d{4}-\d{6}$/);
    let c = staffView(await staff.call((api) => api.agencyCase.get({ id: id })));
    expect(c).toMatchObject({ step: 'materials', department: '区建设和管理委员会', checklistVersion: 1 });
    expect(c.missingRequired).toHaveLength(fitOut.checklist.filter((x) => x.required).length);
    expect(new Date(c.promisedDueAt) <= new Date(c.statutoryDueAt)).toBe(true);

    await staff.call((api) => api.agencyCase.advance({ id: id, step: 'precheck' }));
    const refused = await error(staff.call((api) => api.agencyCase.advance({ id: id, step: 'submitted', departmentRef: '闵建装〔2026〕118号' })));
    expect(refused.code).toBe('PRECONDITION_FAILED');
    expect(keyOf(refused)).toBe('errors.agency.materialsMissing');

    // The enterprise uploads every required document in the portal; staff reject one, accept the rest.
    const materialIds: Record<string, string> = {};
    for (const entry of fitOut.checklist.filter((x) => x.required)) {
      const file = await uploaded(tenant.tenantId, adminId, `${entry.key}.pdf`);
      materialIds[entry.key] = (await admin.call((api) => api.agencyCase.uploadMaterial({ id: id, checklistKey: entry.key, fileId: file.id }))).id;
    }
    const [firstKey, ...rest] = Object.keys(materialIds);
    await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: materialIds[firstKey!]!, decision: 'reject', reason: '图纸缺少消防分区标注，请补充后重新上传' }));
    for (const k of rest) await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: materialIds[k]!, decision: 'accept' }));
    expect((await error(staff.call((api) => api.agencyCase.advance({ id: id, step: 'submitted', departmentRef: 'X' })))).code).toBe('PRECONDITION_FAILED');

    const seen = await admin.call((api) => api.agencyCase.get({ id: id }));
    const rejected = seen.checklist.find((x) => x.key === firstKey)!;
    expect(rejected.state).toBe('rejected');
    expect(rejected.files[0]!.reviewReason).toBe('图纸缺少消防分区标注，请补充后重新上传');

    const again = await uploaded(tenant.tenantId, adminId, 'drawings-v2.pdf');
    const m2 = await admin.call((api) => api.agencyCase.uploadMaterial({ id: id, checklistKey: firstKey!, fileId: again.id }));
    await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: m2.id, decision: 'accept' }));

    expect((await error(staff.call((api) => api.agencyCase.advance({ id: id, step: 'submitted' })))).code).toBe('BAD_REQUEST'); // no reference number
    await staff.call((api) => api.agencyCase.advance({ id: id, step: 'submitted', departmentRef: '闵建装〔2026〕118号', submittedOn: '2026-11-20' }));
    expect((await error(staff.call((api) => api.agencyCase.advance({ id: id, step: 'done', result: 'approved' })))).code).toBe('CONFLICT'); // skips under_review
    await staff.call((api) => api.agencyCase.advance({ id: id, step: 'under_review' }));
    const permit = await uploaded(tenant.tenantId, staffId, 'permit.pdf');
    await staff.call((api) => api.agencyCase.advance({ id: id, step: 'done', result: 'approved', resultFileId: permit.id, note: '施工许可已核发，请企业到站领取' }));

    c = staffView(await staff.call((api) => api.agencyCase.get({ id: id })));
    expect(c).toMatchObject({ step: 'done', result: 'approved', departmentRef: '闵建装〔2026〕118号', submittedOn: '2026-11-20', resultFile: { id: permit.id } });
    const item = await staff.call((api) => api.workItem.get({ id }));
    expect(item.status).toBe('resolved');
    expect(item.history.filter((h) => h.action === 'agency_step').map((h) => (h.data as { to: string }).to)).toEqual(['precheck', 'submitted', 'under_review', 'done']);
    // The pick-up reminder is scheduled for the enterprise.
    const reminders = await t.owner.pool.query(`select kind from reminders where subject_id = $1 and status = 'scheduled'`, [id]);
    expect(reminders.rows.map((r: { kind: string }) => r.kind)).toContain('pick_up');
  });
});

describe('refusals', () => {
  it('uploading to another enterprise’s case is refused, and the enterprise sees no internal notes', async () => {
    const { id } = await openCase();
    const file = await uploaded(tenant.tenantId, adminId);
    const e = await error(adminOther.call((api) => api.agencyCase.uploadMaterial({ id: id, checklistKey: 'drawings', fileId: file.id })));
    expect(e.code).toBe('NOT_FOUND');
    await staff.call((api) => api.workItem.reply({ id, body: '业主方态度强硬，需站长出面协调', visibility: 'internal' }));
    const seen = await admin.call((api) => api.workItem.get({ id }));
    expect(JSON.stringify(seen)).not.toContain('业主方态度强硬');
  });

  it('editing the checklist does not change an open case’s requirements', async () => {
    const { id } = await openCase();
    const before = staffView(await staff.call((api) => api.agencyCase.get({ id: id })));
    const types = await manager.call((api) => api.agencyType.list());
    const f = types.find((x) => x.code === 'fit_out')!;
    const updated = await manager.call((api) =>
      api.agencyType.update({ id: f.id, checklist: [...f.checklist.map((c) => ({ key: c.key, name: c.name, required: c.required })), { key: 'env_approval', name: '环评批复', required: true }] }),
    );
    expect(updated.checklistVersion).toBe(f.checklistVersion + 1);
    // Saved again unchanged (empty optional fields spelled out, as the settings form sends them): no new version.
    const current = (await manager.call((api) => api.agencyType.list())).find((x) => x.id === f.id)!;
    const same = await manager.call((api) =>
      api.agencyType.update({ id: f.id, name: current.name, checklist: current.checklist.map((c) => ({ key: c.key, name: c.name, nameEn: c.nameEn ?? null, required: c.required, notes: c.notes ?? null })) }),
    );
    expect(same.checklistVersion).toBe(updated.checklistVersion);
    const after = staffView(await staff.call((api) => api.agencyCase.get({ id: id })));
    expect(after.checklistVersion).toBe(before.checklistVersion);
    expect(after.checklist.map((c) => c.key)).toEqual(before.checklist.map((c) => c.key));
    const fresh = await openCase();
    expect((await staff.call((api) => api.agencyCase.get({ id: fresh.id }))).checklist.map((c) => c.key)).toContain('env_approval');
    // Staff cannot edit case types.
    expect((await error(staff.call((api) => api.agencyType.update({ id: f.id, statutoryDays: 5 })))).code).toBe('FORBIDDEN');
  });

  it('steps move in order only', async () => {
    const { id } = await openCase();
    const e = await error(staff.call((api) => api.agencyCase.advance({ id: id, step: 'under_review' })));
    expect(e.code).toBe('CONFLICT');
    expect(keyOf(e)).toBe('errors.agency.stepOutOfOrder');
    // Withdrawn is allowed from any step.
    await staff.call((api) => api.agencyCase.advance({ id: id, step: 'done', result: 'withdrawn', note: '企业取消装修计划' }));
    expect((await staff.call((api) => api.agencyCase.get({ id: id }))).result).toBe('withdrawn');
  });

  it('a reference number on a case of another tenant finds nothing and writes nothing', async () => {
    const { id } = await openCase();
    const foreign = await signedIn(apiDeps(t.db), (await makeMember(t.owner, other, 'manager')).email);
    const e = await error(foreign.call((api) => api.agencyCase.advance({ id: id, step: 'precheck', departmentRef: 'X-1' })));
    expect(e.code).toBe('NOT_FOUND');
    expect((await staff.call((api) => api.agencyCase.get({ id: id }))).step).toBe('materials');
  });
});

describe('the queue', () => {
  it('orders by the nearer of the statutory and promised deadlines, with counts per step and type', async () => {
    const fresh = await makeTenant(t.owner);
    await withTenant(t.owner, fresh.tenantId, (trx) => seedAgencyTypes(trx, fresh.tenantId));
    const m = await signedIn(apiDeps(t.db), (await makeMember(t.owner, fresh, 'manager')).email);
    const types = await m.call((api) => api.agencyType.list());
    const byCode = Object.fromEntries(types.map((x) => [x.code, x]));
    // Registration changes (3 working days) come before tax (5 promised) before fit-out (15 promised).
    const fit = await m.call((api) => api.agencyCase.create({ typeId: byCode.fit_out!.id, enterpriseId: fresh.enterpriseIds[0]!, channel: 'walk_in' }));
    const tax = await m.call((api) => api.agencyCase.create({ typeId: byCode.tax!.id, enterpriseId: fresh.enterpriseIds[1]!, channel: 'walk_in' }));
    const reg = await m.call((api) => api.agencyCase.create({ typeId: byCode.registration_change!.id, enterpriseId: fresh.enterpriseIds[2]!, channel: 'walk_in' }));
    const q = staffView(await m.call((api) => api.agencyCase.queue({})));
    expect(q.items.map((i) => i.id)).toEqual([reg.id, tax.id, fit.id]);
    expect(q.items[0]!.workingDaysLeft).toBeLessThanOrEqual(3.1);
    expect(q.items[0]!.atRisk).toBe(false);
    expect(q.counts.byStep).toEqual({ materials: 3 });
    expect(q.counts.byType[byCode.tax!.id]).toBe(1);
    const onlyTax = await m.call((api) => api.agencyCase.queue({ typeId: byCode.tax!.id }));
    expect(onlyTax.items.map((i) => i.id)).toEqual([tax.id]);
  });

  it('lists the approved cases not yet picked up under done, counted apart from the open ones', async () => {
    const fresh = await makeTenant(t.owner);
    await withTenant(t.owner, fresh.tenantId, (trx) => seedAgencyTypes(trx, fresh.tenantId));
    const member = await makeMember(t.owner, fresh, 'manager');
    const m = await signedIn(apiDeps(t.db), member.email);
    const other = (await m.call((api) => api.agencyType.list())).find((x) => x.code === 'other')!;
    const create = (i: number) => m.call((api) => api.agencyCase.create({ typeId: other.id, enterpriseId: fresh.enterpriseIds[i]!, channel: 'walk_in', assign: { mode: 'self' } }));
    const open = await create(0);
    const approved = await create(1);
    const withdrawn = await create(2);
    const file = await uploaded(fresh.tenantId, member.id);
    const material = await m.call((api) => api.agencyCase.uploadMaterial({ id: approved.id, checklistKey: 'materials', fileId: file.id }));
    await m.call((api) => api.agencyCase.reviewMaterial({ materialId: material.id, decision: 'accept' }));
    await m.call((api) => api.agencyCase.advance({ id: approved.id, step: 'precheck' }));
    await m.call((api) => api.agencyCase.advance({ id: approved.id, step: 'submitted', departmentRef: '闵社〔2026〕9号' }));
    await m.call((api) => api.agencyCase.advance({ id: approved.id, step: 'under_review' }));
    await m.call((api) => api.agencyCase.advance({ id: approved.id, step: 'done', result: 'approved' }));
    await m.call((api) => api.agencyCase.advance({ id: withdrawn.id, step: 'done', result: 'withdrawn' }));

    const q = await m.call((api) => api.agencyCase.queue({}));
    expect(q.items.map((i) => i.id)).toEqual([open.id]);
    expect(q.counts.byStep).toEqual({ materials: 1, done: 1 });
    expect(q.counts.byType).toEqual({ [other.id]: 1 });
    const pickUp = staffView(await m.call((api) => api.agencyCase.queue({ step: 'done' })));
    expect(pickUp.items.map((i) => i.id)).toEqual([approved.id]);
    expect(pickUp.items[0]).toMatchObject({ step: 'done', atRisk: false });
    expect(pickUp.items[0]!.doneAt).not.toBeNull();

    await m.call((api) => api.agencyCase.markPickedUp({ id: approved.id }));
    expect((await m.call((api) => api.agencyCase.queue({ step: 'done' }))).items).toEqual([]);
    expect((await m.call((api) => api.agencyCase.queue({}))).counts.byStep).toEqual({ materials: 1 });
  });

  it('the handover sheet lists the cases ready in 预审 (or the ones picked) with their accepted documents, in the reader’s stations only', async () => {
    const types = await staff.call((api) => api.agencyType.list());
    const other = types.find((x) => x.code === 'other')!;
    const mine = await staff.call((api) => api.agencyCase.create({ typeId: other.id, enterpriseId: tenant.enterpriseIds[0]!, channel: 'walk_in', assign: { mode: 'self' } }));
    const file = await uploaded(tenant.tenantId, staffId);
    const material = await staff.call((api) => api.agencyCase.uploadMaterial({ id: mine.id, checklistKey: 'materials', fileId: file.id }));
    await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: material.id, decision: 'accept' }));
    await staff.call((api) => api.agencyCase.advance({ id: mine.id, step: 'precheck' }));
    const stillCollecting = await openCase();

    const sheet = await staff.call((api) => api.agencyCase.handover({}));
    const row = sheet.items.find((r) => r.id === mine.id)!;
    expect(row).toMatchObject({ step: 'precheck', department: '相关部门', materialsAccepted: 1, checklistEntries: 1 });
    expect(sheet.items.every((r) => r.step === 'precheck')).toBe(true);
    expect(sheet.items.some((r) => r.id === stillCollecting.id)).toBe(false);

    const picked = await staff.call((api) => api.agencyCase.handover({ ids: [stillCollecting.id, mine.id] }));
    expect(picked.items.map((r) => r.id).sort()).toEqual([stillCollecting.id, mine.id].sort());
    const entries = (await staff.call((api) => api.agencyCase.get({ id: stillCollecting.id }))).checklist.length;
    expect(picked.items.find((r) => r.id === stillCollecting.id)).toMatchObject({ step: 'materials', materialsAccepted: 0, checklistEntries: entries });

    // A case of a station the reader does not serve (enterprise 2 is at the second) is left off, as in the queue.
    const elsewhere = await manager.call((api) => api.agencyCase.create({ typeId: other.id, enterpriseId: tenant.enterpriseIds[2]!, channel: 'walk_in' }));
    expect((await staff.call((api) => api.agencyCase.handover({ ids: [elsewhere.id] }))).items).toEqual([]);
    expect((await manager.call((api) => api.agencyCase.handover({ ids: [elsewhere.id] }))).items).toHaveLength(1);
    expect((await error(admin.call((api) => api.agencyCase.handover({})))).code).toBe('FORBIDDEN');
  });

  it('a batch submit that one case cannot join names that case, and moves none', async () => {
    const ready = await openCase();
    const notReady = await openCase();
    await staff.call((api) => api.agencyCase.advance({ id: ready.id, step: 'precheck' }));
    await staff.call((api) => api.agencyCase.advance({ id: notReady.id, step: 'precheck' }));
    // Every required document of the first is accepted; the second has none.
    const { checklist } = await staff.call((api) => api.agencyCase.get({ id: ready.id }));
    for (const entry of checklist.filter((x) => x.required)) {
      const file = await uploaded(tenant.tenantId, staffId, `${entry.key}.pdf`);
      const m = await staff.call((api) => api.agencyCase.uploadMaterial({ id: ready.id, checklistKey: entry.key, fileId: file.id }));
      await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: m.id, decision: 'accept' }));
    }
    const e = await error(
      staff.call((api) =>
        api.agencyCase.batchSubmit({
          items: [
            { id: ready.id, departmentRef: '闵建装〔2026〕201号' },
            { id: notReady.id, departmentRef: '闵建装〔2026〕202号' },
          ],
          submittedOn: '2026-11-20',
        }),
      ),
    );
    expect(keyOf(e)).toBe('errors.agency.materialsMissing');
    expect((e.cause as { params?: Record<string, unknown> }).params?.caseNumber).toBe(notReady.number);
    expect((await staff.call((api) => api.agencyCase.get({ id: ready.id }))).step).toBe('precheck');
    await staff.call((api) => api.agencyCase.batchSubmit({ items: [{ id: ready.id, departmentRef: '闵建装〔2026〕201号' }], submittedOn: '2026-11-20' }));
    expect((await staff.call((api) => api.agencyCase.get({ id: ready.id }))).step).toBe('submitted');
  });

  it('a consultation converts to an agency case keeping the link both ways', async () => {
    const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '想办理工商变更', channel: 'walk_in', enterpriseId: tenant.enterpriseIds[0]!, assign: { mode: 'self' } }));
    const agency = await staff.call((api) => api.workItem.convertToAgency({ id }));
    const consult = staffView(await staff.call((api) => api.workItem.get({ id })));
    expect(consult.linkedItem).toEqual({ id: agency.id, number: agency.number });
    const a = staffView(await staff.call((api) => api.workItem.get({ id: agency.id })));
    expect(a.linkedItem?.id).toBe(id);
    expect((await staff.call((api) => api.agencyCase.get({ id: agency.id }))).typeName).toBe('其他代办事项');
  });

  it('the converted case stays with the handler who converted it, where the consultation was: accepted, or in progress', async () => {
    for (const started of [false, true]) {
      const { id } = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '咨询办理税务登记变更', channel: 'portal', enterpriseId: tenant.enterpriseIds[0]!, assign: { mode: 'self' } }));
      if (started) await staff.call((api) => api.workItem.transition({ id, action: 'start', version: 3 }));
      const agency = await staff.call((api) => api.workItem.convertToAgency({ id }));
      const a = staffView(await staff.call((api) => api.workItem.get({ id: agency.id })));
      expect(a).toMatchObject({ assigneeId: staffId, status: started ? 'in_progress' : 'accepted' });
      // The requester was contacted about this request already: no first-contact window runs again.
      expect(a.firstContactAt).not.toBeNull();
      expect(a.allowedActions).not.toContain('accept');
      expect(a.allowedActions).not.toContain('recordContact');
      // Its steps move at once, without accepting it again.
      await staff.call((api) => api.agencyCase.advance({ id: agency.id, step: 'precheck' }));
    }
  });

  it('a conversion is its own outcome (转办): closed as converted, neither resolved nor rated, and the enterprise sees where its request went', async () => {
    const { id } = await admin.call((api) => api.workItem.create({ kind: 'consultation', title: '咨询办理食品经营许可', channel: 'portal', description: '新开员工食堂' }));
    await manager.call((api) => api.workItem.assign({ id, assigneeId: staffId }));
    await staff.call((api) => api.workItem.transition({ id, action: 'accept', version: 2 }));
    const agency = await staff.call((api) => api.workItem.convertToAgency({ id, note: '需代为申请许可' }));

    const consult = staffView(await staff.call((api) => api.workItem.get({ id })));
    expect(consult).toMatchObject({ status: 'closed', closedReason: 'converted', resolvedAt: null, resolvedOk: null, requesterConfirmed: null, rating: null, answer: null });
    expect(consult.history.at(-1)).toMatchObject({ action: 'converted', from: 'accepted', to: 'closed', note: '需代为申请许可' });
    expect(consult.history.map((e) => e.action)).not.toContain('resolve');
    // Nothing asks the enterprise to rate it, now or later; its deadline reminders are gone.
    const reminders = await withTenant(t.owner, tenant.tenantId, (trx) =>
      trx.selectFrom('reminders').select(['kind', 'status']).where('subject_id', '=', id).execute(),
    );
    expect(reminders.filter((r) => r.kind.startsWith('rating_'))).toEqual([]);
    expect(reminders.filter((r) => r.status === 'scheduled')).toEqual([]);
    // The KPI rollup counts no resolution (nor rating) for it.
    const kpi = await withTenant(t.owner, tenant.tenantId, (trx) =>
      trx.selectFrom('work_items').select(['resolved_at', 'closed_reason', 'rated_at']).where('id', '=', id).executeTakeFirstOrThrow(),
    );
    expect(kpi).toEqual({ resolved_at: null, closed_reason: 'converted', rated_at: null });

    const seen = portalView(await admin.call((api) => api.workItem.get({ id })));
    expect(seen).toMatchObject({ status: 'closed', closedReason: 'converted', linkedItem: { id: agency.id, number: agency.number } });
    expect(seen.allowedActions).not.toContain('visit');
    expect((await error(admin.call((api) => api.workItem.rate({ id, rating: 'satisfied' })))).code).toBe('CONFLICT');
    // The link leads to the new case, which the enterprise may open.
    expect(portalView(await admin.call((api) => api.workItem.get({ id: agency.id }))).number).toBe(agency.number);
  });

  it('转为代办 is offered exactly where it works: not on a consultation without an enterprise, whose case would belong to no one', async () => {
    const linked = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '想办理经营范围变更', channel: 'walk_in', enterpriseId: tenant.enterpriseIds[0]!, assign: { mode: 'self' } }));
    const walkIn = await staff.call((api) => api.workItem.create({ kind: 'consultation', title: '路过咨询注册公司流程', channel: 'walk_in', stationId: tenant.stations[0]!.id, assign: { mode: 'self' } }));
    const offered = async (id: string) => staffView(await staff.call((api) => api.workItem.get({ id }))).allowedActions;

    expect(await offered(walkIn.id)).not.toContain('convertToAgency');
    expect(keyOf(await error(staff.call((api) => api.workItem.convertToAgency({ id: walkIn.id }))))).toBe('errors.agency.needsEnterprise');

    expect(await offered(linked.id)).toContain('convertToAgency');
    await staff.call((api) => api.workItem.convertToAgency({ id: linked.id }));
    // Closed as converted: nothing left to convert.
    expect(await offered(linked.id)).not.toContain('convertToAgency');
  });
});

describe('the queue’s stored order and its counts', () => {
  const DAY = 86_400_000;
  const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  /** A fresh tenant with a manager, and a case of each seeded type at enterprises of both stations. */
  async function queueTenant() {
    const fresh = await makeTenant(t.owner);
    await withTenant(t.owner, fresh.tenantId, (trx) => seedAgencyTypes(trx, fresh.tenantId));
    const member = await makeMember(t.owner, fresh, 'manager');
    const m = await signedIn(apiDeps(t.db), member.email);
    const types = await m.call((api) => api.agencyType.list());
    const cases: { id: string; typeId: string; enterprise: number }[] = [];
    for (const [i, type] of types.entries()) {
      for (const enterprise of [i % 4, (i + 1) % 4]) {
        const c = await m.call((api) => api.agencyCase.create({ typeId: type.id, enterpriseId: fresh.enterpriseIds[enterprise]!, channel: 'walk_in' }));
        cases.push({ id: c.id, typeId: type.id, enterprise });
      }
    }
    return { fresh, m, types, cases };
  }

  /** Sets a case's columns as a fixture would (the owner, inside the tenant). */
  async function setCase(tenantId: string, itemId: string, values: Updateable<Database['agency_cases']>) {
    await withTenant(t.owner, tenantId, (trx) => trx.updateTable('agency_cases').set(values).where('tenant_id', '=', tenantId).where('item_id', '=', itemId).execute());
  }

  it('orders by the nearer deadline kept up to date when either date changes, and pages through it without gaps or repeats', async () => {
    const { fresh, m, cases } = await queueTenant();
    // Deadlines spread out, the nearer one sometimes the statutory, sometimes the promised; stored
    // to the microsecond (as SQL may write them), finer than the instants the API shows.
    for (const [i, c] of cases.entries()) {
      const near = at(-5 + i * 2).replace('Z', '417Z');
      const far = at(-5 + i * 2 + 3);
      await setCase(fresh.tenantId, c.id, i % 2 ? { statutory_due_at: near, promised_due_at: far } : { statutory_due_at: far, promised_due_at: near });
    }
    const all = (await m.call((api) => api.agencyCase.queue({}))).items;
    expect(all.map((r) => r.id)).toEqual(cases.map((c) => c.id));
    for (const r of all) expect(r.dueAt).toBe(r.statutoryDueAt < r.promisedDueAt ? r.statutoryDueAt : r.promisedDueAt);

    // The last case's promised date moves before everyone's: it comes first, by its new date.
    const last = cases[cases.length - 1]!;
    const earliest = at(-10);
    await setCase(fresh.tenantId, last.id, { promised_due_at: earliest });
    const moved = (await m.call((api) => api.agencyCase.queue({}))).items;
    expect(moved[0]).toMatchObject({ id: last.id, dueAt: earliest, promisedDueAt: earliest });
    // And back behind the others when its statutory date is the nearer one again.
    await setCase(fresh.tenantId, last.id, { promised_due_at: at(60), statutory_due_at: at(30) });
    const back = (await m.call((api) => api.agencyCase.queue({}))).items.at(-1)!;
    expect(back.id).toBe(last.id);
    expect(back.dueAt).toBe(back.statutoryDueAt);

    const order = (await m.call((api) => api.agencyCase.queue({}))).items.map((r) => r.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await m.call((api) => api.agencyCase.queue({ limit: 3, ...(cursor ? { cursor } : {}) }));
      paged.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(order);

    // Days left on working time from now to the nearer deadline (as if computed case by case).
    const calendar = { timezone: 'Asia/Shanghai', businessHours: defaultBusinessHours, weekendDays: [0, 6], holidays: [], makeupWorkdays: [] };
    const now = new Date();
    for (const r of staffView(await m.call((api) => api.agencyCase.queue({}))).items) {
      const due = new Date(r.dueAt);
      const minutes = due > now ? workingMinutesBetween(calendar, now, due) : -workingMinutesBetween(calendar, due, now);
      const expected = Math.round((minutes / 450) * 10) / 10;
      expect(Math.abs(r.workingDaysLeft - expected)).toBeLessThanOrEqual(0.1);
      expect(r.atRisk).toBe(r.workingDaysLeft <= 2);
    }
  });

  it('counts per step and type as a direct count does, for the tenant, a station, a department, a staff member and an enterprise', async () => {
    const { fresh, m, cases } = await queueTenant();
    // Steps set as fixtures: open ones along the way, done ones approved (collected or not) or rejected.
    const steps = ['materials', 'precheck', 'submitted', 'under_review', 'done:approved', 'done:collected', 'done:rejected'];
    for (const [i, c] of cases.entries()) {
      const [step, how] = steps[i % steps.length]!.split(':');
      await setCase(fresh.tenantId, c.id, {
        step: step as AgencyStep,
        ...(step === 'done' ? { result: how === 'rejected' ? 'rejected' : 'approved', done_at: at(-1), picked_up_at: how === 'collected' ? at(0) : null } : {}),
      });
    }
    const staffOfSecond = await signedIn(apiDeps(t.db), (await makeMember(t.owner, fresh, 'staff', { stationIndexes: [1] })).email);
    const adminOfFirst = await signedIn(apiDeps(t.db), (await makeMember(t.owner, fresh, 'enterprise_admin', { enterpriseIndex: 0 })).email);
    const department = (await m.call((api) => api.agencyType.list()))[0]!.department;

    async function direct(scope: { stationId?: string; enterpriseId?: string; department?: string }) {
      return withTenant(t.owner, fresh.tenantId, async (trx) => {
        let q = trx
          .selectFrom('agency_cases as a')
          .innerJoin('work_items as w', (j) => j.onRef('w.tenant_id', '=', 'a.tenant_id').onRef('w.id', '=', 'a.item_id'))
          .select(['a.step', 'a.type_id', 'a.result', 'a.picked_up_at'])
          .where('a.tenant_id', '=', fresh.tenantId); // the owner is not held by row-level security
        if (scope.stationId) q = q.where('w.station_id', '=', scope.stationId);
        if (scope.enterpriseId) q = q.where('w.enterprise_id', '=', scope.enterpriseId);
        if (scope.department) q = q.where('a.department', '=', scope.department);
        const byStep: Record<string, number> = {};
        const byType: Record<string, number> = {};
        for (const r of await q.execute()) {
          if (r.step !== 'done') {
            byStep[r.step] = (byStep[r.step] ?? 0) + 1;
            byType[r.type_id] = (byType[r.type_id] ?? 0) + 1;
          } else if (r.result === 'approved' && r.picked_up_at === null) byStep.done = (byStep.done ?? 0) + 1;
        }
        return { byStep, byType };
      });
    }

    const [first, second] = fresh.stations;
    expect((await m.call((api) => api.agencyCase.queue({}))).counts).toEqual(await direct({}));
    expect((await m.call((api) => api.agencyCase.queue({ stationId: first!.id }))).counts).toEqual(await direct({ stationId: first!.id }));
    expect((await m.call((api) => api.agencyCase.queue({ department }))).counts).toEqual(await direct({ department }));
    // The counts are the scope's whatever step or type the page shows.
    expect((await m.call((api) => api.agencyCase.queue({ step: 'precheck', typeId: cases[0]!.typeId }))).counts).toEqual(await direct({}));
    const stationPage = staffView(await staffOfSecond.call((api) => api.agencyCase.queue({})));
    expect(stationPage.counts).toEqual(await direct({ stationId: second!.id }));
    expect(stationPage.items.every((r) => r.stationId === second!.id)).toBe(true);
    expect((await staffOfSecond.call((api) => api.agencyCase.queue({ stationId: first!.id }))).counts).toEqual({ byStep: {}, byType: {} });
    const adminView = portalView(await adminOfFirst.call((api) => api.agencyCase.queue({})));
    expect(adminView.counts).toEqual(await direct({ enterpriseId: fresh.enterpriseIds[0]! }));
    const ofFirst = staffView(await m.call((api) => api.agencyCase.queue({ limit: 100 }))).items.filter((r) => r.enterpriseId === fresh.enterpriseIds[0]);
    expect(adminView.items.map((r) => r.id)).toEqual(ofFirst.map((r) => r.id));
    expect(Object.keys((await m.call((api) => api.agencyCase.queue({}))).counts.byStep).sort()).toEqual(['done', 'materials', 'precheck', 'submitted', 'under_review']);
  });
});

