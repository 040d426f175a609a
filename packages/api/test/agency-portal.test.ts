import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalView, staffView } from '@stationdesk/core';
import { seedAgencyTypes, withTenant } from '@stationdesk/db';
import { uploadFile } from '@stationdesk/services';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Permit requests from the portal (issue 22): an enterprise admin prepares a fit-out permit as a
 * draft, uploads materials against its checklist points through the file service (content-checked),
 * comes back to it and submits it; the case enters the station's agency queue at 预审 with the files.
 */

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;
let otherAdmin: Client;
let adminId: string;
let otherAdminId: string;
let fitOutId: string;
const storage = testStorage();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** A file the admin uploads through the file service, which checks the type by content. */
async function upload(userId: string, enterpriseIndex: number, fileName: string, data: Buffer = PDF) {
  return withTenant(t.db, tenant.tenantId, (trx) =>
    uploadFile(
      {
        trx,
        tenantId: tenant.tenantId,
        timezone: 'Asia/Shanghai',
        actor: { userId, role: 'enterprise_admin', membershipId: null, scope: { kind: 'enterprise', enterpriseId: tenant.enterpriseIds[enterpriseIndex]! }, ip: null },
      },
      { storage },
      { purpose: 'attachment', fileName, data },
    ),
  );
}

async function count(query: string, params: unknown[]): Promise<number> {
  const r = await t.owner.pool.query(query, params);
  return Number(r.rows[0].n);
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  await withTenant(t.owner, tenant.tenantId, (trx) => seedAgencyTypes(trx, tenant.tenantId));
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0, 1] })).email);
  const a = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 });
  adminId = a.id;
  admin = await signedIn(deps, a.email);
  const b = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 });
  otherAdminId = b.id;
  otherAdmin = await signedIn(deps, b.email);
  const types = await admin.call((api) => api.agencyType.portalList());
  fitOutId = types.types.find((x) => x.name === '二次装修施工许可')!.id;
});

afterAll(() => t.close());

describe('a permit request from the portal', () => {
  let draftId: string;

  it('a draft shows the type’s checklist, statutory and promised days and department before anything is submitted', async () => {
    draftId = (await admin.call((api) => api.agencyCase.createDraft({ typeId: fitOutId, description: '三楼办公室重新装修' }))).id;
    const d = await admin.call((api) => api.agencyCase.getDraft({ id: draftId }));
    expect(d).toMatchObject({ status: 'draft', itemId: null, typeName: '二次装修施工许可', department: '区建设和管理委员会', statutoryDays: 20, promisedDays: 15, description: '三楼办公室重新装修' });
    expect(d.checklist.map((e) => e.key)).toEqual(['drawings', 'lease', 'owner_consent', 'fire_design', 'contractor', 'safety_pledge']);
    expect(d.missingRequired).toEqual(['drawings', 'lease', 'owner_consent', 'fire_design', 'contractor']);
    // Nothing reaches the station while it is a draft.
    expect(await count(`select count(*) as n from work_items where tenant_id = $1 and enterprise_id = $2`, [tenant.tenantId, tenant.enterpriseIds[0]])).toBe(0);
  });

  it('takes several files per point, keeps them for later, and saves the description', async () => {
    const a = await upload(adminId, 0, '平面图.pdf');
    const b = await upload(adminId, 0, '立面图.pdf');
    await admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'drawings', fileId: a.id }));
    await admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'drawings', fileId: b.id }));
    const lease = await upload(adminId, 0, '租赁合同.pdf');
    await admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'lease', fileId: lease.id }));
    await admin.call((api) => api.agencyCase.saveDraft({ id: draftId, description: '三楼办公室重新装修，约 300 平方米' }));
    const d = await admin.call((api) => api.agencyCase.getDraft({ id: draftId }));
    expect(d.checklist.find((e) => e.key === 'drawings')!.files.map((f) => f.name)).toEqual(['平面图.pdf', '立面图.pdf']);
    expect(d.missingRequired).toEqual(['owner_consent', 'fire_design', 'contractor']);
    expect(d.description).toBe('三楼办公室重新装修，约 300 平方米');
    const list = await admin.call((api) => api.agencyCase.portalList());
    expect(list.drafts).toEqual([expect.objectContaining({ id: draftId, filesUploaded: 3, missingRequired: 3 })]);
    // The same file twice, a point not on the checklist: refused.
    expect(keyOf(await error(admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'lease', fileId: lease.id }))))).toBe('errors.agency.draftFileTwice');
    expect(keyOf(await error(admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'nope', fileId: a.id }))))).toBe('errors.agency.unknownChecklistEntry');
    // A file removed before submitting.
    const extra = await upload(adminId, 0, '多余.pdf');
    const m = await admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'safety_pledge', fileId: extra.id }));
    await admin.call((api) => api.agencyCase.removeDraftMaterial({ materialId: m.id }));
    expect((await admin.call((api) => api.agencyCase.getDraft({ id: draftId }))).checklist.find((e) => e.key === 'safety_pledge')!.files).toEqual([]);
  });

  it('the file service checks the type by content: a text file named .pdf is refused', async () => {
    const e = await upload(adminId, 0, '假的.pdf', Buffer.from('这不是 PDF，只是一段文字。\n'.repeat(20))).catch((x: unknown) => x);
    expect((e as { messageKey?: string }).messageKey).toBe('errors.file.typeNotAllowed');
  });

  it('refuses a submission with required points empty, listing them, and writes nothing', async () => {
    const before = await count(`select count(*) as n from agency_cases where tenant_id = $1`, [tenant.tenantId]);
    const e = await error(admin.call((api) => api.agencyCase.submit({ id: draftId })));
    expect(e.code).toBe('PRECONDITION_FAILED');
    expect(keyOf(e)).toBe('errors.agency.draftMissing');
    // The refusal names the points still empty (the page shows them in the reader's words).
    const params = (e.cause as { params?: { names?: string; keys?: string } }).params;
    expect(params).toEqual({ names: '业主（物业）同意书、消防设计审查意见、施工单位资质证书', keys: 'owner_consent,fire_design,contractor' });
    expect(await count(`select count(*) as n from agency_cases where tenant_id = $1`, [tenant.tenantId])).toBe(before);
    expect((await admin.call((api) => api.agencyCase.getDraft({ id: draftId }))).status).toBe('draft');
  });

  it('refuses another company’s draft, a file someone else uploaded, and other roles', async () => {
    const theirs = await upload(otherAdminId, 1, '别家的.pdf');
    expect((await error(otherAdmin.call((api) => api.agencyCase.getDraft({ id: draftId })))).code).toBe('NOT_FOUND');
    expect((await error(otherAdmin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'fire_design', fileId: theirs.id })))).code).toBe('NOT_FOUND');
    expect((await error(otherAdmin.call((api) => api.agencyCase.submit({ id: draftId })))).code).toBe('NOT_FOUND');
    expect(keyOf(await error(admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'fire_design', fileId: theirs.id }))))).toBe('errors.workItem.badAttachment');
    for (const c of [staff, manager]) {
      expect((await error(c.call((api) => api.agencyCase.createDraft({ typeId: fitOutId })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.agencyCase.submit({ id: draftId })))).code).toBe('FORBIDDEN');
      expect((await error(c.call((api) => api.agencyCase.portalList()))).code).toBe('FORBIDDEN');
    }
    expect(await count(`select count(*) as n from agency_draft_materials where tenant_id = $1 and file_id = $2`, [tenant.tenantId, theirs.id])).toBe(0);
  });

  let caseId: string;

  it('submitted, the case enters the station’s agency queue at 预审 with the uploaded files; a second submit is refused', async () => {
    for (const key of ['owner_consent', 'fire_design', 'contractor']) {
      const f = await upload(adminId, 0, `${key}.pdf`);
      await admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: key, fileId: f.id }));
    }
    const submitted = await admin.call((api) => api.agencyCase.submit({ id: draftId, idempotencyKey: 'submit-draft-1' }));
    caseId = submitted.id;
    expect(submitted.number).toMatch(/^DB-/);
    // The same key answers the same case; without it the draft is already submitted.
    expect(await admin.call((api) => api.agencyCase.submit({ id: draftId, idempotencyKey: 'submit-draft-1' }))).toEqual(submitted);
    const again = await error(admin.call((api) => api.agencyCase.submit({ id: draftId })));
    expect([again.code, keyOf(again)]).toEqual(['CONFLICT', 'errors.agency.draftSubmitted']);
    expect(await count(`select count(*) as n from agency_cases where tenant_id = $1`, [tenant.tenantId])).toBe(1);

    const queue = staffView(await staff.call((api) => api.agencyCase.queue({ step: 'precheck' })));
    expect(queue.items.find((r) => r.id === caseId)).toMatchObject({ step: 'precheck', enterpriseId: tenant.enterpriseIds[0], typeName: '二次装修施工许可' });
    const c = staffView(await staff.call((api) => api.agencyCase.get({ id: caseId })));
    expect(c.step).toBe('precheck');
    expect(c.checklist.find((e) => e.key === 'drawings')!.files.map((f) => [f.name, f.status])).toEqual(
      expect.arrayContaining([
        ['平面图.pdf', 'pending'],
        ['立面图.pdf', 'pending'],
      ]),
    );
    expect(await count(`select count(*) as n from agency_materials where tenant_id = $1 and item_id = $2`, [tenant.tenantId, caseId])).toBe(6);
    const item = await staff.call((api) => api.workItem.get({ id: caseId }));
    expect(item).toMatchObject({ kind: 'agency', channel: 'portal', description: '三楼办公室重新装修，约 300 平方米' });

    const d = await admin.call((api) => api.agencyCase.getDraft({ id: draftId }));
    expect(d).toMatchObject({ status: 'submitted', itemId: caseId });
    const late = await upload(adminId, 0, 'late.pdf');
    expect(keyOf(await error(admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draftId, checklistKey: 'lease', fileId: late.id }))))).toBe('errors.agency.draftSubmitted');
    const list = await admin.call((api) => api.agencyCase.portalList());
    expect(list.drafts).toEqual([]);
    expect(list.cases).toEqual([expect.objectContaining({ id: caseId, number: submitted.number, step: 'precheck', rejected: 0 })]);
    expect((await otherAdmin.call((api) => api.agencyCase.portalList())).cases).toEqual([]);
  });

  it('a file sent back shows its reason; the company uploads again to its own case, never to another company’s', async () => {
    const c = staffView(await staff.call((api) => api.agencyCase.get({ id: caseId })));
    const fire = c.checklist.find((e) => e.key === 'fire_design')!.files[0]!;
    await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: fire.id, decision: 'reject', reason: '消防意见已过期，请上传新的审查意见' }));
    const list = await admin.call((api) => api.agencyCase.portalList());
    expect(list.cases[0]).toMatchObject({ id: caseId, rejected: 1 });
    const view = portalView(await admin.call((api) => api.agencyCase.get({ id: caseId })));
    expect(view.checklist.find((e) => e.key === 'fire_design')).toMatchObject({ state: 'rejected', files: [expect.objectContaining({ reviewReason: '消防意见已过期，请上传新的审查意见' })] });
    const fresh = await upload(adminId, 0, '新消防意见.pdf');
    await admin.call((api) => api.agencyCase.uploadMaterial({ id: caseId, checklistKey: 'fire_design', fileId: fresh.id }));
    expect((await admin.call((api) => api.agencyCase.portalList())).cases[0]!.rejected).toBe(0);
    const theirs = await upload(otherAdminId, 1, '别家的2.pdf');
    expect((await error(otherAdmin.call((api) => api.agencyCase.uploadMaterial({ id: caseId, checklistKey: 'fire_design', fileId: theirs.id })))).code).toBe('NOT_FOUND');
    expect(await count(`select count(*) as n from agency_materials where tenant_id = $1 and file_id = $2`, [tenant.tenantId, theirs.id])).toBe(0);
  });
});
