import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalView, staffView } from '@stationdesk/core';
import { seedAgencyTypes, withTenant } from '@stationdesk/db';
import { apiDeps, error, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * What an enterprise admin receives of agency work (代办) is the portal's view of each kind, an
 * allow-list: exactly these keys, whatever the staff shape holds (who handles the case, the
 * station's at-risk mark, the checklist's version, the type's internal code and state).
 */
const CASE_KEYS = [
  'audience',
  'id',
  'typeName',
  'typeNameEn',
  'step',
  'department',
  'departmentRef',
  'submittedOn',
  'statutoryDueAt',
  'promisedDueAt',
  'workingDaysLeft',
  'result',
  'resultFile',
  'doneAt',
  'pickedUpAt',
  'checklist',
];
const ENTRY_KEYS = ['key', 'name', 'nameEn', 'required', 'templateFileId', 'notes', 'state', 'files'];
const MATERIAL_KEYS = ['id', 'fileId', 'name', 'size', 'status', 'reviewReason', 'uploadedAt', 'uploadedBy'];
const ROW_KEYS = ['id', 'number', 'title', 'status', 'typeId', 'typeName', 'step', 'department', 'departmentRef', 'statutoryDueAt', 'promisedDueAt', 'dueAt', 'workingDaysLeft', 'doneAt'];
const TYPE_KEYS = ['id', 'name', 'nameEn', 'department', 'statutoryDays', 'promisedDays', 'checklist'];
const TYPE_ENTRY_KEYS = ['key', 'name', 'nameEn', 'required', 'templateFileId', 'notes'];

const HANDLER = '王承办';
const REASON = '图纸缺少消防分区标注，请补充后重新上传';
const keys = (o: object) => Object.keys(o).sort();
const sorted = (k: string[]) => [...k].sort();

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;
let adminId: string;
let caseId: string;
let otherCaseId: string;

async function uploaded(userId: string, name: string) {
  return withTenant(t.owner, tenant.tenantId, (trx) =>
    trx
      .insertInto('files')
      .values({ tenant_id: tenant.tenantId, storage_key: `${tenant.tenantId}/t/${crypto.randomUUID()}`, original_name: name, content_type: 'application/pdf', size_bytes: 100, sha256: 'c'.repeat(64), purpose: 'attachment', uploaded_by: userId })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  await withTenant(t.owner, tenant.tenantId, (trx) => seedAgencyTypes(trx, tenant.tenantId));
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const s = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  await t.owner.pool.query('update users set display_name = $1 where id = $2', [HANDLER, s.id]);
  staff = await signedIn(deps, s.email);
  const a = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 });
  adminId = a.id;
  admin = await signedIn(deps, a.email);
  const types = await manager.call((api) => api.agencyType.list());
  const fitOut = types.find((x) => x.code === 'fit_out')!;
  caseId = (await staff.call((api) => api.agencyCase.create({ typeId: fitOut.id, enterpriseId: tenant.enterpriseIds[0]!, channel: 'walk_in', assign: { mode: 'self' } }))).id;
  otherCaseId = (await manager.call((api) => api.agencyCase.create({ typeId: fitOut.id, enterpriseId: tenant.enterpriseIds[1]!, channel: 'walk_in', title: '另一家企业的装修' }))).id;
  // The enterprise hands a drawing in, the station sends it back with a reason written for it.
  const key = fitOut.checklist.find((e) => e.required)!.key;
  const file = await uploaded(adminId, 'drawings.pdf');
  const material = await admin.call((api) => api.agencyCase.uploadMaterial({ id: caseId, checklistKey: key, fileId: file.id }));
  expect(keys(material)).toEqual(['id']);
  await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: material.id, decision: 'reject', reason: REASON }));
  // A type the station retired is not in the catalogue the company reads.
  const retired = types.find((x) => x.code === 'other')!;
  await manager.call((api) => api.agencyType.update({ id: retired.id, active: false }));
});

afterAll(() => t.close());

describe('agencyCase.get as an enterprise admin', () => {
  it('answers with the portal allow-list: the steps, dates, checklist and its own files with the reason sent back, nothing of the handler', async () => {
    const c = await admin.call((api) => api.agencyCase.get({ id: caseId }));
    expect(keys(c)).toEqual(sorted(CASE_KEYS));
    const view = portalView(c);
    expect(view.checklist.length).toBeGreaterThan(0);
    for (const entry of view.checklist) {
      expect(keys(entry)).toEqual(sorted(ENTRY_KEYS));
      for (const f of entry.files) expect(keys(f)).toEqual(sorted(MATERIAL_KEYS));
    }
    const sentBack = view.checklist.find((e) => e.state === 'rejected')!;
    expect(sentBack.files[0]).toMatchObject({ name: 'drawings.pdf', status: 'rejected', reviewReason: REASON });
    expect(view).toMatchObject({ typeName: '二次装修施工许可', typeNameEn: expect.any(String), step: 'materials' });
    expect(JSON.stringify(view)).not.toContain(HANDLER);
  });

  it('still gives staff the whole case, the version, the at-risk mark and what is missing included', async () => {
    const c = staffView(await staff.call((api) => api.agencyCase.get({ id: caseId })));
    expect(c).toMatchObject({ id: caseId, checklistVersion: 1, atRisk: false, typeNameEn: expect.any(String) });
    expect(c.missingRequired.length).toBeGreaterThan(0);
    expect(c).not.toHaveProperty('audience');
  });

  it('refuses another enterprise’s case as not found', async () => {
    expect((await error(admin.call((api) => api.agencyCase.get({ id: otherCaseId })))).code).toBe('NOT_FOUND');
  });
});

describe('agencyCase.queue as an enterprise admin', () => {
  it('answers its own cases, each row exactly the portal allow-list: no handler, no enterprise, no at-risk mark', async () => {
    const page = await admin.call((api) => api.agencyCase.queue({}));
    expect(keys(page)).toEqual(['audience', 'counts', 'items', 'nextCursor']);
    expect(page.items.map((r) => r.id)).toEqual([caseId]);
    for (const row of page.items) expect(keys(row)).toEqual(sorted(ROW_KEYS));
    expect(page.counts.byStep).toEqual({ materials: 1 });
    expect(JSON.stringify(page)).not.toContain(HANDLER);
  });

  it('still gives staff the handler and the at-risk mark', async () => {
    const page = staffView(await staff.call((api) => api.agencyCase.queue({})));
    expect(page).not.toHaveProperty('audience');
    expect(page.items.find((r) => r.id === caseId)).toMatchObject({ assigneeName: HANDLER, atRisk: false, enterpriseId: tenant.enterpriseIds[0] });
  });
});

describe('the case types as an enterprise admin', () => {
  it('agencyType.portalList answers the catalogue of active types, each exactly the portal allow-list; the staff list refuses', async () => {
    const list = await admin.call((api) => api.agencyType.portalList());
    expect(keys(list)).toEqual(['audience', 'types']);
    const active = await manager.call((api) => api.agencyType.list());
    expect(list.types.map((x) => x.id)).toEqual(active.map((x) => x.id));
    for (const type of list.types) {
      expect(keys(type)).toEqual(sorted(TYPE_KEYS));
      for (const entry of type.checklist) expect(keys(entry)).toEqual(sorted(TYPE_ENTRY_KEYS));
    }
    expect((await error(admin.call((api) => api.agencyType.list({ includeInactive: true })))).code).toBe('FORBIDDEN');
  });

  it('agencyType.list still gives a manager the code, the state and the checklist version, the retired types on request', async () => {
    const all = await manager.call((api) => api.agencyType.list({ includeInactive: true }));
    expect(all.find((x) => x.code === 'other')).toMatchObject({ active: false, checklistVersion: 1 });
  });
});
