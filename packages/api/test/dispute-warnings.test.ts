import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';

/** 预警 list: filtered by level, station and state, keyset-paged; several acknowledged at once, all or none. */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client; // station 0
let foreignManager: Client;
const itemIds: string[] = [];

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

/** Twelve workers unpaid: red at once, so one warning raised by the API itself. */
const redDispute = (enterpriseId: string) => ({
  source: 'party_application' as const,
  disputeType: 'wage_arrears' as const,
  enterpriseId,
  title: '员工反映公司拖欠工资',
  facts: '12 名员工反映公司自 9 月起未发放工资。',
  amountYuan: 192000,
  peopleInvolved: 12,
  parties: [
    { side: 'applicant' as const, kind: 'person' as const, name: '张伟' },
    { side: 'respondent' as const, kind: 'organisation' as const, name: '测试企业有限公司', enterpriseId },
  ],
});

async function allPages(c: Client, input: { level?: 'yellow' | 'red'; stationId?: string; state?: 'open' | 'acknowledged' }, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page: { items: { id: string }[]; nextCursor: string | null } = await c.call((api) => api.warning.list({ ...input, limit, ...(cursor ? { cursor } : {}) }));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((w) => w.id));
    cursor = page.nextCursor;
    if (!cursor) return ids;
  }
  throw new Error('paging never ended');
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const other = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  foreignManager = await signedIn(deps, (await makeMember(t.owner, other, 'manager')).email);
  // Station 0 (enterprise 0) and station 1 (enterprise 2): one red warning each from the API.
  for (const e of [tenant.enterpriseIds[0]!, tenant.enterpriseIds[2]!]) itemIds.push((await manager.call((api) => api.dispute.create(redDispute(e)))).id);
  // More warnings on those cases, six of them raised at the very same microsecond (the id breaks the tie).
  const add = (itemId: string, level: string, at: string) =>
    q(`insert into dispute_warnings (tenant_id, item_id, level, score, reason, raised_at) values ($1, $2, $3, 15, 'score', $4)`, [tenant.tenantId, itemId, level, at]);
  for (let i = 0; i < 6; i++) await add(itemIds[0]!, 'yellow', '2026-03-01 10:00:00.123456+08');
  await add(itemIds[0]!, 'red', '2026-03-01 10:00:00.123457+08');
  await add(itemIds[0]!, 'red', '2026-02-01 09:00:00+08');
  for (let i = 0; i < 3; i++) await add(itemIds[1]!, 'yellow', `2026-01-0${i + 1} 09:00:00+08`);
});
afterAll(() => t.close());

describe('warning.list', () => {
  it('pages through every warning exactly once, newest first, whatever the page size', async () => {
    const everything = (await manager.call((api) => api.warning.list({ limit: 100 }))).items;
    expect(everything).toHaveLength(13);
    const times = everything.map((w) => Date.parse(w.raisedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const size of [1, 4, 5]) expect(await allPages(manager, {}, size)).toEqual(everything.map((w) => w.id));
  });

  it('filters by level, station and state, and keeps staff to their stations', async () => {
    const yellow = await allPages(manager, { level: 'yellow' }, 4);
    expect(yellow).toHaveLength(9);
    expect(await allPages(manager, { level: 'red', stationId: tenant.stations[0]!.id }, 2)).toHaveLength(3);
    expect(await allPages(manager, { stationId: tenant.stations[1]!.id }, 2)).toHaveLength(4);
    expect(await allPages(manager, { state: 'acknowledged' }, 5)).toHaveLength(0);

    expect(await allPages(staff, {}, 3)).toHaveLength(9);
    const staffItems = (await staff.call((api) => api.warning.list({ limit: 100 }))).items;
    expect(new Set(staffItems.map((w) => w.stationId))).toEqual(new Set([tenant.stations[0]!.id]));
    expect((await staff.call((api) => api.warning.list({ stationId: tenant.stations[1]!.id }))).items).toEqual([]);
    expect((await foreignManager.call((api) => api.warning.list({}))).items).toEqual([]);
  });

  it('refuses a cursor it did not make with a clear 400', async () => {
    for (const cursor of ['junk', Buffer.from('["not a date","x"]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      const e = await error(manager.call((api) => api.warning.list({ cursor })));
      expect([e.code, keyOf(e)]).toEqual(['BAD_REQUEST', 'errors.invalidCursor']);
    }
  });
});

describe('warning.acknowledge (several at once)', () => {
  it('acknowledges all the selected warnings with one note, or none with a clear error', async () => {
    const open = (await manager.call((api) => api.warning.list({ state: 'open', stationId: tenant.stations[1]!.id, limit: 100 }))).items;
    expect(open).toHaveLength(4);
    const openBefore = (await manager.call((api) => api.warning.openCount())).count;
    expect(openBefore).toBe(13);

    // Staff may not acknowledge; another tenant's manager finds none of them; nothing changes.
    expect((await error(staff.call((api) => api.warning.acknowledge({ ids: [open[0]!.id], note: '已约谈' })))).code).toBe('FORBIDDEN');
    const foreign = await error(foreignManager.call((api) => api.warning.acknowledge({ ids: [open[0]!.id], note: '已约谈' })));
    expect([foreign.code, keyOf(foreign)]).toEqual(['NOT_FOUND', 'errors.dispute.warningsNotFound']);
    // One unknown id among good ones: none acknowledged.
    const unknown = await error(manager.call((api) => api.warning.acknowledge({ ids: [open[0]!.id, '01890000-0000-7000-8000-000000000000'], note: '已约谈' })));
    expect([unknown.code, keyOf(unknown)]).toEqual(['NOT_FOUND', 'errors.dispute.warningsNotFound']);
    expect((unknown.cause as { params?: unknown }).params).toEqual({ missing: 1 });
    // Too many at once, or none.
    const tooMany = await error(manager.call((api) => api.warning.acknowledge({ ids: Array.from({ length: 101 }, () => open[0]!.id), note: '已约谈' })));
    expect(tooMany.code).toBe('BAD_REQUEST');
    expect((await error(manager.call((api) => api.warning.acknowledge({ ids: [], note: '已约谈' })))).code).toBe('BAD_REQUEST');
    expect((await manager.call((api) => api.warning.openCount())).count).toBe(openBefore);

    const done = await manager.call((api) => api.warning.acknowledge({ ids: open.slice(0, 3).map((w) => w.id), note: '已约谈企业负责人，承诺月底前支付。' }));
    expect(done.acknowledged).toBe(3);
    const acknowledged = (await manager.call((api) => api.warning.list({ state: 'acknowledged' }))).items;
    expect(acknowledged.map((w) => w.id).sort()).toEqual(open.slice(0, 3).map((w) => w.id).sort());
    expect(acknowledged.every((w) => w.acknowledgement === '已约谈企业负责人，承诺月底前支付。')).toBe(true);
    const events = await q<{ n: string }>(`select count(*) as n from work_item_events where item_id = $1 and action = 'warning_acknowledged'`, [itemIds[1]]);
    expect(Number(events[0]!.n)).toBe(3);

    // An already acknowledged one among the selection: the error names its case, the fourth stays open.
    const again = await error(manager.call((api) => api.warning.acknowledge({ ids: [open[3]!.id, open[0]!.id], note: '再次签收' })));
    expect([again.code, keyOf(again)]).toEqual(['CONFLICT', 'errors.dispute.warningsAcknowledged']);
    expect((again.cause as { params?: unknown }).params).toEqual({ numbers: open[0]!.number });
    expect((await manager.call((api) => api.warning.list({ state: 'open', stationId: tenant.stations[1]!.id }))).items.map((w) => w.id)).toEqual([open[3]!.id]);
    expect((await manager.call((api) => api.warning.openCount())).count).toBe(openBefore - 3);
  });
});
