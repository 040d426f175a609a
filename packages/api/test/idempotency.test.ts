import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * A create sent again with its idempotency key (a double click, a retry after a timeout) returns
 * the first answer and writes nothing more (issue 16).
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let staff: Client;
let otherStaff: Client;
let admin: Client;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  otherStaff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  admin = await signedIn(deps, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 0 })).email);
});
afterAll(() => t.close());

const count = async (table: string, column: string, value: string) =>
  (await t.owner.pool.query<{ n: number }>(`select count(*)::int as n from ${table} where tenant_id = $1 and ${column} = $2`, [tenant.tenantId, value])).rows[0]!.n;

const consultation = (title: string, idempotencyKey?: string) => ({
  kind: 'consultation' as const,
  title,
  channel: 'phone' as const,
  stationId: tenant.stations[0]!.id,
  assign: { mode: 'self' as const },
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

describe('idempotency keys on creates', () => {
  it('workItem.create sent twice with one key creates one item and answers the same both times', async () => {
    const key = randomUUID();
    const first = await staff.call((api) => api.workItem.create(consultation('重复提交测试：一次', key)));
    const again = await staff.call((api) => api.workItem.create(consultation('重复提交测试：一次', key)));
    expect(again).toEqual(first);
    expect(await count('work_items', 'title', '重复提交测试：一次')).toBe(1);
  });

  it('ten simultaneous sendings of one key (a retry storm) create one item', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => staff.call((api) => api.workItem.create(consultation('并发重复提交', key)))));
    expect(new Set(answers.map((a) => a.id)).size).toBe(1);
    expect(await count('work_items', 'title', '并发重复提交')).toBe(1);
  });

  it('without a key every sending creates (keys are opt-in), and different keys create different items', async () => {
    await staff.call((api) => api.workItem.create(consultation('无提交编号')));
    await staff.call((api) => api.workItem.create(consultation('无提交编号')));
    await staff.call((api) => api.workItem.create(consultation('无提交编号', randomUUID())));
    expect(await count('work_items', 'title', '无提交编号')).toBe(3);
  });

  it('the same key with other input is refused (a client bug, not a retry) and writes nothing', async () => {
    const key = randomUUID();
    await staff.call((api) => api.workItem.create(consultation('提交编号冲突 A', key)));
    const e = await error(staff.call((api) => api.workItem.create(consultation('提交编号冲突 B', key))));
    expect(e.code).toBe('CONFLICT');
    expect(keyOf(e)).toBe('errors.idempotencyKeyReused');
    expect(await count('work_items', 'title', '提交编号冲突 B')).toBe(0);
  });

  it('a key belongs to its sender: another person using the same key creates their own item', async () => {
    const key = randomUUID();
    const mine = await staff.call((api) => api.workItem.create(consultation('各自的提交编号', key)));
    const theirs = await otherStaff.call((api) => api.workItem.create(consultation('各自的提交编号', key)));
    expect(theirs.id).not.toBe(mine.id);
    expect(await count('work_items', 'title', '各自的提交编号')).toBe(2);
  });

  it('a create that failed keeps no key: sending it again (fixed) runs', async () => {
    const key = randomUUID();
    const bad = { ...consultation('失败后重试', key), enterpriseId: '00000000-0000-7000-8000-000000000000' };
    await error(staff.call((api) => api.workItem.create(bad)));
    const ok = await staff.call((api) => api.workItem.create(consultation('失败后重试', key)));
    expect(ok.id).toBeTruthy();
    expect(await count('work_items', 'title', '失败后重试')).toBe(1);
  });

  it('a reply sent twice with one key is posted once; from the portal too', async () => {
    const { id } = await admin.call((api) => api.workItem.create({ kind: 'consultation', title: '门户重复提交', channel: 'portal', category: 'hr', idempotencyKey: 'portal-key-0001' }));
    const again = await admin.call((api) => api.workItem.create({ kind: 'consultation', title: '门户重复提交', channel: 'portal', category: 'hr', idempotencyKey: 'portal-key-0001' }));
    expect(again.id).toBe(id);
    const key = randomUUID();
    const r1 = await admin.call((api) => api.workItem.reply({ id, body: '补充：我司员工 35 人。', visibility: 'public', idempotencyKey: key }));
    const r2 = await admin.call((api) => api.workItem.reply({ id, body: '补充：我司员工 35 人。', visibility: 'public', idempotencyKey: key }));
    expect(r2).toEqual(r1);
    expect(await count('work_item_messages', 'item_id', id)).toBe(1);
  });

  it('dispute.create sent twice with one key opens one case', async () => {
    const key = randomUUID();
    const dispute = {
      source: 'party_application' as const,
      disputeType: 'wage_arrears' as const,
      enterpriseId: tenant.enterpriseIds[0]!,
      title: '重复提交的欠薪调解申请',
      facts: '3 名员工反映公司自 9 月起未发放工资。',
      amountYuan: 48000,
      peopleInvolved: 3,
      parties: [
        { side: 'applicant' as const, kind: 'person' as const, name: '王芳', phone: '13812341234' },
        { side: 'respondent' as const, kind: 'organisation' as const, name: '测试企业有限公司', enterpriseId: tenant.enterpriseIds[0]! },
      ],
      assign: { mode: 'self' as const },
      idempotencyKey: key,
    };
    const [a, b] = await Promise.all([staff.call((api) => api.dispute.create(dispute)), staff.call((api) => api.dispute.create(dispute))]);
    expect(b).toEqual(a);
    expect(await count('work_items', 'title', '重复提交的欠薪调解申请')).toBe(1);
  });

  it('a malformed key is refused as bad input', async () => {
    const e = await error(staff.call((api) => api.workItem.create(consultation('坏的提交编号', 'short'))));
    expect(e.code).toBe('BAD_REQUEST');
    const e2 = await error(staff.call((api) => api.workItem.create(consultation('坏的提交编号', 'has spaces and 中文 key'))));
    expect(e2.code).toBe('BAD_REQUEST');
  });
});
