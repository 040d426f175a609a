import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '@stationdesk/auth';
import { apiDeps, error, keyOf, makeMember, makeTenant, makeUser, openTestDb, processReads, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Support access (issue 21): a platform operator reads a tenant only through a grant its manager
 * gives — time-boxed (≤ 24 h), with a reason, revocable at once; every request made under it is
 * written to the tenant's audit log with its path, writes are refused (and Postgres makes the
 * request read-only), and outside a grant every tenant procedure is refused to the operator and the
 * refusal audited. The grant is checked by sd_open_request in Postgres, not only by the API.
 */
let t: ReturnType<typeof openTestDb>;
let reads: Awaited<ReturnType<typeof processReads>>;
let deps: ReturnType<typeof apiDeps>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let operator: Client;
let operatorId: string;
let itemId: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];
const auditOf = (action: string) =>
  q<{ actor_user_id: string; subject_id: string | null; data: { path?: string } }>(`select actor_user_id, subject_id, data from audit_log where tenant_id = $1 and action = $2 order by at`, [
    tenant.tenantId,
    action,
  ]);
const sessionOf = (c: Client) => sessionIdFromToken(c.state.cookie.replace(/^sd_session=/, ''));

/** What the app role sees of the tenant's items inside sd_open_request's scope for this session. */
async function appRoleView(c: Client): Promise<{ tenant: string | null; role: string | null; items: number }> {
  const conn = await t.db.pool.connect();
  try {
    await conn.query('begin');
    const { rows } = await conn.query(`select tenant_id, role from sd_open_request($1, interval '30 days', interval '1 day')`, [sessionOf(c)]);
    const items = await conn.query(`select count(*)::int as n from work_items where tenant_id = $1`, [tenant.tenantId]);
    return { tenant: rows[0]?.tenant_id ?? null, role: rows[0]?.role ?? null, items: items.rows[0].n };
  } finally {
    await conn.query('rollback');
    conn.release();
  }
}

beforeAll(async () => {
  t = openTestDb();
  reads = await processReads(t.owner);
  deps = apiDeps(t.db, { reads: reads.reads });
  tenant = await makeTenant(t.owner, { stations: 1 });
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff')).email);
  const op = await makeUser(t.owner, { platformAdmin: true, name: '平台运维小周' });
  operatorId = op.id;
  operator = await signedIn(deps, op.email);
  const [item] = await q<{ id: string }>(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status) values ($1, 'consultation', 'SA-1', $2, '运维支持读取测试', 'phone', 'received') returning id`,
    [tenant.tenantId, tenant.stations[0]!.id],
  );
  itemId = item!.id;
});

afterAll(async () => {
  await reads.close();
  await t.close();
});

beforeEach(async () => {
  // Each test starts without a live grant and with the operator outside the tenant.
  await q(`update support_access_grants set revoked_at = now() where tenant_id = $1 and revoked_at is null`, [tenant.tenantId]);
  await q(`update sessions set active_tenant_id = null where user_id = $1`, [operatorId]);
});

describe('supportAccess.grant / revoke / list', () => {
  it('a manager grants for at most 24 hours with a reason; staff and bad input are refused, nothing written', async () => {
    const before = await q(`select id from support_access_grants where tenant_id = $1`, [tenant.tenantId]);
    expect(keyOf(await error(staff.call((api) => api.supportAccess.grant({ hours: 4, reason: '排查' }))))).toBe('errors.roleNotAllowed');
    expect((await error(manager.call((api) => api.supportAccess.grant({ hours: 25, reason: '排查' })))).code).toBe('BAD_REQUEST');
    expect((await error(manager.call((api) => api.supportAccess.grant({ hours: 0, reason: '排查' })))).code).toBe('BAD_REQUEST');
    expect((await error(manager.call((api) => api.supportAccess.grant({ hours: 4, reason: '  ' })))).code).toBe('BAD_REQUEST');
    expect(await q(`select id from support_access_grants where tenant_id = $1`, [tenant.tenantId])).toEqual(before);

    const granted = await manager.call((api) => api.supportAccess.grant({ hours: 4, reason: '导出的表格打不开，请运维排查' }));
    const hours = (Date.parse(granted.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(3.99);
    expect(hours).toBeLessThanOrEqual(4);
    expect(await auditOf('supportAccess.granted')).toEqual(expect.arrayContaining([expect.objectContaining({ subject_id: granted.id })]));
    const list = await manager.call((api) => api.supportAccess.list());
    expect(list.rows[0]).toMatchObject({ id: granted.id, reason: '导出的表格打不开，请运维排查', live: true, revokedAt: null });
    expect(keyOf(await error(staff.call((api) => api.supportAccess.list())))).toBe('errors.roleNotAllowed');

    await manager.call((api) => api.supportAccess.revoke({ id: granted.id }));
    expect((await manager.call((api) => api.supportAccess.list())).rows[0]).toMatchObject({ id: granted.id, live: false });
    expect(keyOf(await error(manager.call((api) => api.supportAccess.revoke({ id: granted.id }))))).toBe('errors.supportAccess.notLive');
    expect(await auditOf('supportAccess.revoked')).toHaveLength(1);
  });
});

/**
 * The grants the operator is offered among this file's tenants: the test database is shared with
 * other files running at the same time (isolation.test.ts leaves an hour's grant of its own).
 */
const availableHere = async () => (await operator.call((api) => api.supportAccess.available())).filter((g) => g.tenantId === tenant.tenantId);

describe('the operator without a grant', () => {
  it('cannot enter the tenant nor call any tenant procedure; each refusal is audited in the tenant', async () => {
    const refusedBefore = (await auditOf('supportAccess.refused')).length;
    expect(await availableHere()).toEqual([]);
    expect(keyOf(await error(operator.call((api) => api.supportAccess.enter({ tenantId: tenant.tenantId }))))).toBe('errors.supportAccess.noGrant');
    // A session that names the tenant anyway (as after a grant ended): every tenant procedure is refused.
    await q(`update sessions set active_tenant_id = $1 where user_id = $2`, [tenant.tenantId, operatorId]);
    await reads.heard();
    const refused = await error(operator.call((api) => api.workItem.get({ id: itemId })));
    expect(refused.code).toBe('FORBIDDEN');
    expect(keyOf(refused)).toBe('errors.supportAccess.noGrant');
    const rows = await auditOf('supportAccess.refused');
    expect(rows.length).toBe(refusedBefore + 2);
    expect(rows.map((r) => r.data.path).slice(-2)).toEqual(['supportAccess.enter', 'workItem.get']);
    expect(rows.every((r) => r.actor_user_id === operatorId)).toBe(true);
    // In Postgres: sd_open_request drops the tenant, and the app role then reads none of its rows.
    expect(await appRoleView(operator)).toEqual({ tenant: null, role: null, items: 0 });
    // The managers see the refused attempts.
    const list = await manager.call((api) => api.supportAccess.list());
    expect(list.refused[0]).toMatchObject({ path: 'workItem.get', operatorName: '平台运维小周' });
  });

  it('a member of another tenant (not an operator) cannot use the operator procedures', async () => {
    expect(keyOf(await error(manager.call((api) => api.supportAccess.enter({ tenantId: tenant.tenantId }))))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(manager.call((api) => api.supportAccess.available())))).toBe('errors.roleNotAllowed');
  });
});

describe('the operator under a grant', () => {
  it('reads (each request audited with its path), is refused every write, and the grant is checked in Postgres', async () => {
    const grant = await manager.call((api) => api.supportAccess.grant({ hours: 2, reason: '协助核对工单' }));
    expect((await availableHere()).map((g) => g.tenantId)).toEqual([tenant.tenantId]);
    const entered = await operator.call((api) => api.supportAccess.enter({ tenantId: tenant.tenantId }));
    expect(entered.expiresAt).toBe(grant.expiresAt);
    const me = await operator.call((api) => api.auth.me());
    expect(me).toMatchObject({ activeTenantId: tenant.tenantId, role: 'support', supportUntil: grant.expiresAt });

    const item = await operator.call((api) => api.workItem.get({ id: itemId }));
    expect(item.title).toBe('运维支持读取测试');
    await operator.call((api) => api.workItem.get({ id: itemId }));
    const readRows = await auditOf('supportAccess.read');
    expect(readRows.filter((r) => r.subject_id === grant.id).map((r) => r.data.path)).toEqual(['workItem.get', 'workItem.get']);

    // Writes: refused by the API, and audited.
    const write = await error(operator.call((api) => api.supportAccess.grant({ hours: 1, reason: '自己给自己授权' })));
    expect(keyOf(write)).toBe('errors.supportAccess.readOnly');
    expect(await q(`select 1 from support_access_grants where tenant_id = $1 and reason = '自己给自己授权'`, [tenant.tenantId])).toHaveLength(0);
    expect((await auditOf('supportAccess.writeRefused')).map((r) => r.data.path)).toContain('supportAccess.grant');

    // In Postgres: the scope the grant gives, and a transaction the API made read-only refuses writes.
    expect(await appRoleView(operator)).toEqual({ tenant: tenant.tenantId, role: 'support', items: 1 });

    const list = await manager.call((api) => api.supportAccess.list());
    const row = list.rows.find((r) => r.id === grant.id)!;
    expect(row.accessCount).toBe(3);
    expect(row.accesses.map((a) => [a.path, a.outcome])).toEqual([
      ['supportAccess.grant', 'refused'],
      ['workItem.get', 'read'],
      ['workItem.get', 'read'],
    ]);
    expect(row.accesses[0]?.operatorName).toBe('平台运维小周');
  });

  it('a revoke takes effect at the operator’s very next request', async () => {
    const grant = await manager.call((api) => api.supportAccess.grant({ hours: 4, reason: '排查' }));
    await operator.call((api) => api.supportAccess.enter({ tenantId: tenant.tenantId }));
    await operator.call((api) => api.workItem.get({ id: itemId }));
    await manager.call((api) => api.supportAccess.revoke({ id: grant.id }));
    expect(keyOf(await error(operator.call((api) => api.workItem.get({ id: itemId }))))).toBe('errors.supportAccess.noGrant');
    expect(await appRoleView(operator)).toEqual({ tenant: null, role: null, items: 0 });
    expect((await operator.call((api) => api.auth.me())).role).toBeNull();
  });

  it('an expired grant lets nothing through', async () => {
    const grant = await manager.call((api) => api.supportAccess.grant({ hours: 1, reason: '排查' }));
    await operator.call((api) => api.supportAccess.enter({ tenantId: tenant.tenantId }));
    await operator.call((api) => api.workItem.get({ id: itemId }));
    // The hour has passed.
    await q(`update support_access_grants set created_at = now() - interval '2 hours', expires_at = now() - interval '1 hour' where id = $1`, [grant.id]);
    expect(keyOf(await error(operator.call((api) => api.workItem.get({ id: itemId }))))).toBe('errors.supportAccess.noGrant');
    expect(await availableHere()).toEqual([]);
    expect((await manager.call((api) => api.supportAccess.list())).rows.find((r) => r.id === grant.id)?.live).toBe(false);
  });

  it('the app role cannot read the grants of a tenant it is not in, apart from an operator’s live ones', async () => {
    await manager.call((api) => api.supportAccess.grant({ hours: 1, reason: '排查' }));
    const other = await makeTenant(t.owner, { stations: 1 });
    const conn = await t.db.pool.connect();
    try {
      await conn.query('begin');
      await conn.query(`select set_config('app.tenant_id', $1, true)`, [other.tenantId]);
      expect((await conn.query(`select count(*)::int as n from support_access_grants`)).rows[0].n).toBe(0);
      await conn.query(`select set_config('app.tenant_id', '', true), set_config('app.platform', 'on', true)`);
      const live = await conn.query(`select tenant_id, revoked_at from support_access_grants`);
      expect(live.rows.every((r) => r.revoked_at === null)).toBe(true);
      expect(live.rows.map((r) => r.tenant_id)).toContain(tenant.tenantId);
      // Not a single row of the tenant's own data.
      expect((await conn.query(`select count(*)::int as n from work_items`)).rows[0].n).toBe(0);
    } finally {
      await conn.query('rollback');
      conn.release();
    }
  });
});
