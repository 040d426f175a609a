import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let manager: Client;
let staff0: Client; // station 0
let staff1: Client; // station 1
let admin0: Client; // enterprise 0 (station 0)

const VALID = ['91440300708461136T', '914403001922038216', '91330100799655058B', '91110108551385082Q', '91310000607216596U'];


const base = (buildingId: string, over: Record<string, unknown> = {}) => ({
  name: '上海虹桥测试科技有限公司',
  creditCode: VALID[0]!,
  buildingId,
  ...over,
});

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff0 = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  staff1 = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] })).email);
  admin0 = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
});
afterAll(() => t.close());

describe('enterprise.create', () => {
  it('creates a file with a valid credit code, in the building’s station, and records it in the history', async () => {
    const b = tenant.stations[0]!.buildingIds[0]!;
    const { id } = await staff0.call((api) => api.enterprise.create(base(b, { creditCode: ' 9144 0300 7084 6113 6t ', industry: 'I', employees: 35 })));
    const file = await staff0.call((api) => api.enterprise.get({ id }));
    expect(file).toMatchObject({ creditCode: '91440300708461136T', stationId: tenant.stations[0]!.id, buildingId: b, industry: 'I', employees: 35, status: 'active', version: 1 });
    const timeline = await staff0.call((api) => api.enterprise.timeline({ enterpriseId: id }));
    expect(timeline.items[0]).toMatchObject({ kind: 'file_change', title: 'enterprise.created' });
    expect((timeline.items[0]!.detail.changes as Record<string, unknown>).creditCode).toEqual([null, '91440300708461136T']);
  });

  it('refuses a wrong check character, and writes nothing', async () => {
    const before = await t.owner.pool.query('select count(*)::int as n from enterprises');
    const e = await error(staff0.call((api) => api.enterprise.create(base(tenant.stations[0]!.buildingIds[0]!, { creditCode: '91440300708461136X' }))));
    expect(e.code).toBe('BAD_REQUEST');
    const after = await t.owner.pool.query('select count(*)::int as n from enterprises');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a duplicate credit code in the tenant but allows it in another tenant', async () => {
    const e = await error(staff0.call((api) => api.enterprise.create(base(tenant.stations[0]!.buildingIds[1]!, { name: '另一家公司' }))));
    expect(e.code).toBe('CONFLICT');
    expect(keyOf(e)).toBe('errors.enterprise.duplicateCreditCode');
    const otherManager = await signedIn(apiDeps(t.db), (await makeMember(t.owner, other, 'manager')).email);
    await expect(otherManager.call((api) => api.enterprise.create(base(other.stations[0]!.buildingIds[0]!)))).resolves.toMatchObject({ id: expect.any(String) });
  });

  it('refuses a building of another station for staff, and an unknown or foreign building', async () => {
    const e = await error(staff0.call((api) => api.enterprise.create(base(tenant.stations[1]!.buildingIds[0]!, { creditCode: VALID[1] }))));
    expect(e.code).toBe('FORBIDDEN');
    expect(keyOf(e)).toBe('errors.enterprise.buildingNotYours');
    const foreign = await error(manager.call((api) => api.enterprise.create(base(other.stations[0]!.buildingIds[0]!, { creditCode: VALID[1] }))));
    expect(foreign.code).toBe('BAD_REQUEST');
    expect(keyOf(foreign)).toBe('errors.enterprise.unknownBuilding');
  });

  it('is refused to enterprise admins', async () => {
    const e = await error(admin0.call((api) => api.enterprise.create(base(tenant.stations[0]!.buildingIds[0]!, { creditCode: VALID[2] }))));
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('reading a file', () => {
  it('staff of another station, an admin of another enterprise and another tenant get NOT_FOUND', async () => {
    const id = tenant.enterpriseIds[0]!; // station 0
    expect((await error(staff1.call((api) => api.enterprise.get({ id })))).code).toBe('NOT_FOUND');
    const admin3 = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 3 })).email);
    expect((await error(admin3.call((api) => api.enterprise.get({ id })))).code).toBe('NOT_FOUND');
    expect((await error(admin3.call((api) => api.enterprise.timeline({ enterpriseId: id })))).code).toBe('NOT_FOUND');
    const foreign = await signedIn(apiDeps(t.db), (await makeMember(t.owner, other, 'manager')).email);
    expect((await error(foreign.call((api) => api.enterprise.get({ id })))).code).toBe('NOT_FOUND');
  });

  it('an enterprise admin reads its own file without the internal notes, and sees no notes history', async () => {
    const id = tenant.enterpriseIds[0]!;
    const file = await staff0.call((api) => api.enterprise.get({ id }));
    await staff0.call((api) => api.enterprise.update({ id, version: file.version, patch: { notes: '老板电话常打不通，走访请先约', employees: 12 } }));
    const own = await admin0.call((api) => api.enterprise.get({ id }));
    expect(own.employees).toBe(12);
    expect('notes' in own).toBe(false);
    const staffView = await staff0.call((api) => api.enterprise.get({ id }));
    expect(staffView.notes).toBe('老板电话常打不通，走访请先约');
    const adminTimeline = await admin0.call((api) => api.enterprise.timeline({ enterpriseId: id }));
    expect(JSON.stringify(adminTimeline)).not.toContain('老板电话');
    expect(adminTimeline.items.some((i) => i.title === 'enterprise.updated')).toBe(true);
    const staffTimeline = await staff0.call((api) => api.enterprise.timeline({ enterpriseId: id }));
    expect(staffTimeline.items.some((i) => i.title === 'enterprise.notesChanged')).toBe(true);
  });
});

describe('enterprise.update', () => {
  it('refuses a stale version (someone saved first) and changes nothing', async () => {
    const id = tenant.enterpriseIds[1]!;
    const file = await staff0.call((api) => api.enterprise.get({ id }));
    await staff0.call((api) => api.enterprise.update({ id, version: file.version, patch: { floor: '12F' } }));
    const e = await error(staff0.call((api) => api.enterprise.update({ id, version: file.version, patch: { floor: '13F' } })));
    expect(e.code).toBe('CONFLICT');
    expect((await staff0.call((api) => api.enterprise.get({ id }))).floor).toBe('12F');
  });

  it('two concurrent edits of one version: exactly one wins', async () => {
    const id = tenant.enterpriseIds[1]!;
    const { version } = await staff0.call((api) => api.enterprise.get({ id }));
    const results = await Promise.allSettled([
      staff0.call((api) => api.enterprise.update({ id, version, patch: { room: '1201' } })),
      manager.call((api) => api.enterprise.update({ id, version, patch: { room: '1202' } })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as TRPCError).code).toBe('CONFLICT');
  });

  it('moving to a building of another station moves the station (manager), and fills the move-out date', async () => {
    const id = tenant.enterpriseIds[1]!;
    const { version } = await manager.call((api) => api.enterprise.get({ id }));
    await manager.call((api) => api.enterprise.update({ id, version, patch: { buildingId: tenant.stations[1]!.buildingIds[0]!, status: 'moving_out' } }));
    const moved = await manager.call((api) => api.enterprise.get({ id }));
    expect(moved.stationId).toBe(tenant.stations[1]!.id);
    expect(moved.movingOutOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await error(staff0.call((api) => api.enterprise.get({ id })))).code).toBe('NOT_FOUND');
  });
});

describe('change proposals', () => {
  it('a proposal changes nothing until approved; approval applies it and both are on the timeline', async () => {
    const id = tenant.enterpriseIds[0]!;
    const { id: requestId } = await admin0.call((api) =>
      api.enterprise.proposeChange({ enterpriseId: id, kind: 'contact_add', payload: { name: '陈思远', title: '行政经理', phone: '13812345678', isPrimary: true } }),
    );
    expect((await staff0.call((api) => api.enterprise.get({ id }))).contacts.map((c) => c.name)).not.toContain('陈思远');
    const pending = await staff0.call((api) => api.enterprise.changes({ status: 'pending' }));
    expect(pending.map((p) => p.id)).toContain(requestId);
    expect((await error(staff1.call((api) => api.enterprise.reviewChange({ changeId: requestId, decision: 'approve' })))).code).toBe('NOT_FOUND');
    await staff0.call((api) => api.enterprise.reviewChange({ changeId: requestId, decision: 'approve' }));
    const file = await staff0.call((api) => api.enterprise.get({ id }));
    expect(file.contacts).toContainEqual(expect.objectContaining({ name: '陈思远', phone: '13812345678', isPrimary: true }));
    const again = await error(staff0.call((api) => api.enterprise.reviewChange({ changeId: requestId, decision: 'approve' })));
    expect(again.code).toBe('CONFLICT');
    const timeline = await admin0.call((api) => api.enterprise.timeline({ enterpriseId: id }));
    expect(timeline.items.map((i) => i.title)).toEqual(expect.arrayContaining(['enterprise.contactAdded', 'enterprise.change.contact_add']));
  });

  it('a rejection needs a reason, which the enterprise sees; the file is unchanged', async () => {
    const id = tenant.enterpriseIds[0]!;
    const { id: requestId } = await admin0.call((api) =>
      api.enterprise.proposeChange({ enterpriseId: id, kind: 'document_add', payload: { docType: 'lease', number: 'ZL-2026-01', expiresOn: '2027-06-30' } }),
    );
    expect((await error(staff0.call((api) => api.enterprise.reviewChange({ changeId: requestId, decision: 'reject' })))).code).toBe('BAD_REQUEST');
    await staff0.call((api) => api.enterprise.reviewChange({ changeId: requestId, decision: 'reject', reason: '请上传盖章的租赁合同扫描件' }));
    const mine = await admin0.call((api) => api.enterprise.changes({ enterpriseId: id }));
    expect(mine.find((c) => c.id === requestId)).toMatchObject({ status: 'rejected', reviewReason: '请上传盖章的租赁合同扫描件' });
    expect((await admin0.call((api) => api.enterprise.get({ id }))).documents.map((d) => d.number)).not.toContain('ZL-2026-01');
  });

  it('an enterprise admin cannot propose for another enterprise; staff cannot propose at all', async () => {
    const e = await error(
      admin0.call((api) => api.enterprise.proposeChange({ enterpriseId: tenant.enterpriseIds[2]!, kind: 'contact_add', payload: { name: '王五' } })),
    );
    expect(e.code).toBe('NOT_FOUND');
    const s = await error(staff0.call((api) => api.enterprise.proposeChange({ enterpriseId: tenant.enterpriseIds[0]!, kind: 'contact_add', payload: { name: '王五' } })));
    expect(s.code).toBe('FORBIDDEN');
  });
});

describe('finding enterprises', () => {
  let ids: string[] = [];
  beforeAll(async () => {
    const names = ['上海虹智信息科技有限公司', '上海智虹贸易有限公司', '罗氏诊断产品（上海）有限公司', '虹桥枢纽物业管理有限公司', 'Shell China Holding'];
    const codes = ['91310112MA1G000014', '91310112MA1G000022', '91310112MA1G000030', '91310112MA1G000049', '91310112MA1G000057'].map((c) => c.slice(0, 17));
    const { creditCodeCheckCharacter } = await import('@stationdesk/core');
    ids = [];
    for (const [i, name] of names.entries()) {
      const code = codes[i]! + creditCodeCheckCharacter(codes[i]!);
      const { id } = await manager.call((api) =>
        api.enterprise.create({ name, creditCode: code, buildingId: tenant.stations[i % 2]!.buildingIds[0]!, industry: i % 2 ? 'F' : 'I', status: i === 3 ? 'moving_out' : 'active' }),
      );
      ids.push(id);
    }
    await manager.call((api) => api.enterprise.contact.save({ enterpriseId: ids[2]!, contact: { name: '李经理', phone: '021-6248 3456', isPrimary: true } }));
    await manager.call((api) => api.enterprise.document.save({ enterpriseId: ids[4]!, document: { docType: 'business_licence', expiresOn: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10) } }));
    const tag = await manager.call((api) => api.tag.save({ name: '重点企业', color: 'red' }));
    await manager.call((api) => api.enterprise.setTags({ id: ids[0]!, tagIds: [tag.id] }));
  });

  it('finds by any two Chinese characters of the name', async () => {
    const found = await manager.call((api) => api.enterprise.list({ q: '虹智' }));
    expect(found.items.map((e) => e.name)).toEqual(['上海虹智信息科技有限公司']);
    const both = await manager.call((api) => api.enterprise.list({ q: '智' + '虹' }));
    expect(both.items.map((e) => e.name)).toEqual(['上海智虹贸易有限公司']);
    const latin = await manager.call((api) => api.enterprise.list({ q: 'shell' }));
    expect(latin.items.map((e) => e.name)).toEqual(['Shell China Holding']);
  });

  it('a renamed enterprise is found by its new name only', async () => {
    const file = await manager.call((api) => api.enterprise.get({ id: ids[1]! }));
    const before = file.name;
    const renamed = await manager.call((api) => api.enterprise.update({ id: ids[1]!, version: file.version, patch: { name: '上海澜沧江供应链管理有限公司' } }));
    expect((await manager.call((api) => api.enterprise.list({ q: '澜沧' }))).items.map((e) => e.id)).toEqual([ids[1]]);
    // Grams only the old name had are gone (a two-character fragment of it no longer finds it).
    const oldOnly = [...before].slice(1).map((c, i) => [...before][i]! + c).find((g) => !'上海澜沧江供应链管理有限公司'.includes(g))!;
    expect((await manager.call((api) => api.enterprise.list({ q: oldOnly }))).items.map((e) => e.id)).not.toContain(ids[1]);
    await manager.call((api) => api.enterprise.update({ id: ids[1]!, version: renamed.version, patch: { name: before } }));
  });

  it('finds by credit code prefix and by contact phone digits', async () => {
    const byCode = await manager.call((api) => api.enterprise.list({ q: '91310112MA1G00003' }));
    expect(byCode.items.map((e) => e.id)).toEqual([ids[2]]);
    const byPhone = await manager.call((api) => api.enterprise.list({ q: '62483456' }));
    expect(byPhone.items.map((e) => e.id)).toEqual([ids[2]]);
    expect(byPhone.items[0]!.primaryContact).toEqual({ name: '李经理', phone: '021-6248 3456' });
  });

  it('filters by status, industry, tag, station and licence expiry', async () => {
    expect((await manager.call((api) => api.enterprise.list({ status: 'moving_out' }))).items.map((e) => e.id)).toContain(ids[3]);
    const f = await manager.call((api) => api.enterprise.list({ industry: 'F' }));
    expect(f.items.every((e) => e.industry === 'F')).toBe(true);
    const tagged = await manager.call(async (api) => api.enterprise.list({ tagId: (await api.tag.list())[0]!.id }));
    expect(tagged.items.map((e) => e.id)).toEqual([ids[0]]);
    const expiring = await manager.call((api) => api.enterprise.list({ expiringWithinDays: 30 }));
    expect(expiring.items.map((e) => e.id)).toEqual([ids[4]]);
    expect((await manager.call((api) => api.enterprise.list({ expiringWithinDays: 5 }))).items).toEqual([]);
    const s1 = await manager.call((api) => api.enterprise.list({ stationId: tenant.stations[1]!.id }));
    expect(s1.items.every((e) => e.stationId === tenant.stations[1]!.id)).toBe(true);
  });

  it('staff see only their stations, and asking for another station is refused', async () => {
    const mine = await staff0.call((api) => api.enterprise.list({ limit: 100 }));
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((e) => e.stationId === tenant.stations[0]!.id)).toBe(true);
    expect((await error(staff0.call((api) => api.enterprise.list({ stationId: tenant.stations[1]!.id })))).code).toBe('FORBIDDEN');
    const own = await admin0.call((api) => api.enterprise.list({}));
    expect(own.items.map((e) => e.id)).toEqual([tenant.enterpriseIds[0]]);
  });

  it('pages with a keyset cursor: every enterprise once, in name order', async () => {
    const all = (await manager.call((api) => api.enterprise.list({ limit: 100 }))).items.map((e) => e.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await manager.call((api) => api.enterprise.list({ limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('refuses a one-character search and a forged cursor', async () => {
    expect((await error(manager.call((api) => api.enterprise.list({ q: '虹' })))).code).toBe('BAD_REQUEST');
    expect((await error(manager.call((api) => api.enterprise.list({ cursor: 'garbage' })))).code).toBe('BAD_REQUEST');
  });

  it('tags are the manager’s to keep', async () => {
    expect((await error(staff0.call((api) => api.tag.save({ name: '两新组织', color: 'blue' })))).code).toBe('FORBIDDEN');
  });
});
