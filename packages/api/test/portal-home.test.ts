import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate, staffView } from '@stationdesk/core';
import { seedAgencyTypes, withTenant } from '@stationdesk/db';
import { uploadFile } from '@stationdesk/services';
import { apiDeps, error, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * portal.home (issue 22): what waits on the company (待您补充, materials sent back, 待您评价), its
 * cases in progress with the next step and date, its file's papers expiring within 60 days — only
 * its own company, the counts equal to independent SQL counts.
 */

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let staff: Client;
let admin: Client;
let otherAdmin: Client;
let adminId: string;
let permitId: string;
let askedId: string;
let resolvedId: string;
let otherId: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const today = localDate(new Date(), 'Asia/Shanghai');

async function q(text: string, params: unknown[]) {
  return (await t.owner.pool.query(text, params)).rows;
}

async function upload(name: string) {
  return withTenant(t.db, tenant.tenantId, (trx) =>
    uploadFile(
      { trx, tenantId: tenant.tenantId, timezone: 'Asia/Shanghai', actor: { userId: adminId, role: 'enterprise_admin', membershipId: null, scope: { kind: 'enterprise', enterpriseId: tenant.enterpriseIds[0]! }, ip: null } },
      { storage: testStorage() },
      { purpose: 'attachment', fileName: name, data: PDF },
    ),
  );
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  await withTenant(t.owner, tenant.tenantId, (trx) => seedAgencyTypes(trx, tenant.tenantId));
  const deps = apiDeps(t.db);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0, 1] })).email);
  const a = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 });
  adminId = a.id;
  admin = await signedIn(deps, a.email);
  otherAdmin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 })).email);

  // A permit request with its materials; the station sends the lease back.
  const types = await admin.call((api) => api.agencyType.portalList());
  const fitOut = types.types.find((x) => x.name === '二次装修施工许可')!;
  const draft = await admin.call((api) => api.agencyCase.createDraft({ typeId: fitOut.id }));
  for (const e of fitOut.checklist.filter((x) => x.required)) {
    const f = await upload(`${e.key}.pdf`);
    await admin.call((api) => api.agencyCase.uploadDraftMaterial({ id: draft.id, checklistKey: e.key, fileId: f.id }));
  }
  permitId = (await admin.call((api) => api.agencyCase.submit({ id: draft.id }))).id;
  const lease = staffView(await staff.call((api) => api.agencyCase.get({ id: permitId }))).checklist.find((e) => e.key === 'lease')!.files[0]!;
  await staff.call((api) => api.agencyCase.reviewMaterial({ materialId: lease.id, decision: 'reject', reason: '合同已过期' }));

  // A question the station asked more about (待您补充), one answered and not yet rated (待您评价).
  askedId = (await admin.call((api) => api.workItem.create({ kind: 'consultation', channel: 'portal', title: '稳岗补贴申请条件', description: '请问条件？', category: 'policy' }))).id;
  resolvedId = (await admin.call((api) => api.workItem.create({ kind: 'consultation', channel: 'portal', title: '居住证积分', description: '如何办理？', category: 'policy' }))).id;
  await q(`update work_items set status = 'waiting', waiting_since = now() where id = $1`, [askedId]);
  await q(`update work_items set status = 'resolved', resolved_at = now(), answer = '已答复' where id = $1`, [resolvedId]);
  // Another company's waiting item: never on this home.
  otherId = (await otherAdmin.call((api) => api.workItem.create({ kind: 'consultation', channel: 'portal', title: '别家的问题', description: '别家', category: 'policy' }))).id;
  await q(`update work_items set status = 'waiting', waiting_since = now() where id = $1`, [otherId]);

  // The company file's papers: a licence in 30 days, a lease in 90 (not yet), a fire certificate expired; another company's licence.
  const docs: [number, string, string, string][] = [
    [0, 'business_licence', '91310000MA1K000001', addDays(today, 30)],
    [0, 'lease', 'ZL-2025-018', addDays(today, 90)],
    [0, 'fire_safety', 'XF-2024-77', addDays(today, -10)],
    [1, 'business_licence', '91310000MA1K000002', addDays(today, 10)],
  ];
  for (const [i, docType, number, expiresOn] of docs) {
    await q(`insert into enterprise_documents (tenant_id, enterprise_id, doc_type, number, expires_on) values ($1, $2, $3, $4, $5)`, [tenant.tenantId, tenant.enterpriseIds[i], docType, number, expiresOn]);
  }
});

afterAll(() => t.close());

describe('portal.home', () => {
  it('lists what waits on the company with its reason, each only its own', async () => {
    const home = await admin.call((api) => api.portal.home());
    const byId = Object.fromEntries(home.waiting.map((w) => [w.id, w]));
    expect(byId[askedId]).toMatchObject({ reason: 'info_requested', title: '稳岗补贴申请条件', kind: 'consultation' });
    expect(byId[resolvedId]).toMatchObject({ reason: 'to_rate' });
    expect(byId[permitId]).toMatchObject({ reason: 'materials_rejected', rejected: 1, kind: 'agency', number: expect.stringMatching(/^DB-/) });
    expect(byId[otherId]).toBeUndefined();
    // Independent SQL: waiting, or answered and unrated, or an open case whose latest file of a point was sent back.
    const [{ n }] = await q(
      `select count(*)::int as n from work_items w left join agency_cases a on a.tenant_id = w.tenant_id and a.item_id = w.id
        where w.tenant_id = $1 and w.enterprise_id = $2 and w.status <> 'closed'
          and (w.status = 'waiting' or (w.status = 'resolved' and w.rating is null)
               or (a.step in ('materials', 'precheck') and exists (
                 select 1 from agency_materials m where m.item_id = w.id and m.status = 'rejected'
                   and not exists (select 1 from agency_materials m2 where m2.item_id = w.id and m2.checklist_key = m.checklist_key and m2.uploaded_at > m.uploaded_at))))`,
      [tenant.tenantId, tenant.enterpriseIds[0]],
    );
    expect(home.counts.waiting).toBe(n);
    expect(home.waiting).toHaveLength(n);
  });

  it('shows the cases in progress with the next step and the expected date', async () => {
    const home = await admin.call((api) => api.portal.home());
    const permit = home.inProgress.find((c) => c.id === permitId)!;
    const [row] = await q(`select due_at from agency_cases where item_id = $1`, [permitId]);
    expect(permit).toMatchObject({ step: 'precheck', nextStep: 'submitted', kind: 'agency' });
    expect(Date.parse(permit.dueAt!)).toBe(new Date(row.due_at).getTime());
    expect(home.inProgress.find((c) => c.id === askedId)).toMatchObject({ step: null, nextStep: null, status: 'waiting' });
    expect(home.inProgress.find((c) => c.id === resolvedId)).toBeUndefined();
    expect(home.inProgress.find((c) => c.id === otherId)).toBeUndefined();
    const [{ n }] = await q(`select count(*)::int as n from work_items where tenant_id = $1 and enterprise_id = $2 and status not in ('resolved', 'visited', 'closed')`, [
      tenant.tenantId,
      tenant.enterpriseIds[0],
    ]);
    expect(home.counts.inProgress).toBe(n);
  });

  it('shows the company file’s licences and leases expiring within 60 days (and expired), no other company’s', async () => {
    const home = await admin.call((api) => api.portal.home());
    expect(home.expiring.map((d) => [d.docType, d.number, d.daysLeft])).toEqual([
      ['fire_safety', 'XF-2024-77', -10],
      ['business_licence', '91310000MA1K000001', 30],
    ]);
    const [{ n }] = await q(`select count(*)::int as n from enterprise_documents where tenant_id = $1 and enterprise_id = $2 and expires_on <= $3::date`, [
      tenant.tenantId,
      tenant.enterpriseIds[0],
      addDays(today, 60),
    ]);
    expect(home.counts.expiring).toBe(n);
    expect(Array.isArray(home.activities)).toBe(true);
    expect(home.notices).toEqual([]);
  });

  it('another company sees its own home only; staff are refused', async () => {
    const theirs = await otherAdmin.call((api) => api.portal.home());
    expect(theirs.waiting.map((w) => w.id)).toEqual([otherId]);
    expect(theirs.expiring.map((d) => d.number)).toEqual(['91310000MA1K000002']);
    expect((await error(staff.call((api) => api.portal.home()))).code).toBe('FORBIDDEN');
  });
});
