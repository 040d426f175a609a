import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';
import { createAppServer } from '../../server/app-server.ts';

/**
 * POST /api/intake/findings over real HTTP (issue 19): an external system (一网统管, sensors)
 * reports findings with its tenant's token — a good token creates an external finding, the same
 * sender's id does not create twice, and each refusal (no or revoked token, another tenant's
 * building, 1 MB of JSON, not JSON, not a report, over the rate) is a clear error writing nothing.
 */
let t: ReturnType<typeof openTestDb>;
let server: Server;
let base: string;
let tenant: TestTenant;
let foreign: TestTenant;
let manager: Client;
let token: string;
let tokenId: string;
let building: string;

const RATE = 40;
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

/** What a refusal must leave unchanged: items, findings and the audit log of the tenant. */
async function written(tenantId = tenant.tenantId) {
  const [r] = await q<{ items: number; findings: number; audit: number }>(
    `select (select count(*)::int from work_items where tenant_id = $1) as items,
            (select count(*)::int from patrol_findings where tenant_id = $1) as findings,
            (select count(*)::int from audit_log where tenant_id = $1 and action = 'patrolFinding.intake') as audit`,
    [tenantId],
  );
  return r!;
}

const report = (extra: Record<string, unknown> = {}) => ({
  externalId: `YWTG-${Math.random().toString(36).slice(2)}`,
  buildingId: building,
  floor: '3',
  location: '东侧楼梯间',
  category: 'fire_safety',
  tier: 'yellow',
  description: '一网统管平台推送：楼梯间常闭式防火门被固定开启。',
  ...extra,
});

function post(body: unknown, opts: { token?: string | null; raw?: string; headers?: Record<string, string> } = {}) {
  const bearer = opts.token === undefined ? token : opts.token;
  return fetch(`${base}/api/intake/findings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...opts.headers },
    body: opts.raw ?? JSON.stringify(body),
  });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

beforeAll(async () => {
  t = openTestDb();
  server = createAppServer({ deps: apiDeps(t.db), trustProxy: 0, intakeRatePerMinute: RATE });
  base = await new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  tenant = await makeTenant(t.owner);
  foreign = await makeTenant(t.owner);
  building = tenant.stations[0]!.buildingIds[0]!;
  await q(`update buildings set floors = 12 where id = $1`, [building]);
  manager = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'manager')).email);
  ({ token, id: tokenId } = await manager.call((api) => api.intakeToken.create({ name: '一网统管平台' })));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

describe('a good token', () => {
  it('creates an external finding: XC-… due by its tier, the token’s name as sender, audited', async () => {
    const body = report();
    const res = await post(body);
    expect(res.status).toBe(201);
    const out = (await res.json()) as { id: string; number: string; resolutionDueAt: string; duplicate: boolean };
    expect(out).toMatchObject({ number: expect.stringMatching(/^XC-\d{4}-\d{6}$/), duplicate: false });
    const [row] = await q<{ source: string; source_name: string; external_id: string; floor: string; tier: string; category: string; created_by: string | null; hours: string; station_id: string }>(
      `select f.source, f.source_name, f.external_id, f.floor, f.tier, f.category, w.created_by, w.station_id,
              (extract(epoch from w.resolution_due_at - w.created_at) / 3600)::int::text as hours
         from patrol_findings f join work_items w on w.tenant_id = f.tenant_id and w.id = f.item_id where f.item_id = $1`,
      [out.id],
    );
    expect(row).toEqual({ source: 'external', source_name: '一网统管平台', external_id: body.externalId, floor: '3F', tier: 'yellow', category: 'fire_safety', created_by: null, hours: '24', station_id: tenant.stations[0]!.id });
    const [audit] = await q<{ subject_id: string; actor_user_id: string | null; data: Record<string, unknown> }>(
      `select subject_id, actor_user_id, data from audit_log where tenant_id = $1 and action = 'patrolFinding.intake'`,
      [tenant.tenantId],
    );
    expect(audit).toMatchObject({ subject_id: out.id, actor_user_id: null, data: { tokenId, sender: '一网统管平台', externalId: body.externalId, number: out.number } });
    // Staff see it in the findings list like any other, from the external source.
    const list = await manager.call((api) => api.patrolFinding.list({ source: 'external' }));
    expect(list.items.map((i) => [i.number, i.sourceName])).toContainEqual([out.number, '一网统管平台']);
    const tokens = await manager.call((api) => api.intakeToken.list());
    expect(tokens.rows.find((r) => r.id === tokenId)!.lastUsedAt).not.toBeNull();
  });

  it('the sender’s id again answers the first finding’s number and writes nothing, sent one after another or at once', async () => {
    const body = report();
    const first = (await (await post(body)).json()) as { number: string };
    const before = await written();
    const again = await post({ ...body, description: '重复推送' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ number: first.number, duplicate: true });
    expect(await written()).toEqual(before);

    const twin = report();
    const answers = await Promise.all([post(twin), post(twin), post(twin)]);
    const numbers = await Promise.all(answers.map(async (r) => ((await r.json()) as { number: string }).number));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(numbers).size).toBe(1);
    expect((await written()).findings).toBe(before.findings + 1);
  });
});

describe('refusals write nothing', () => {
  it('no token, a malformed or unknown one: 401', async () => {
    const before = await written();
    for (const bearer of [null, 'not-a-token', `sdi_${'A'.repeat(43)}`]) {
      const res = await post(report(), { token: bearer });
      expect(res.status, String(bearer)).toBe(401);
      expect((await errorOf(res)).code).toBe('UNAUTHORIZED');
    }
    expect(await written()).toEqual(before);
  });

  it('another tenant’s building: 404, as one that does not exist; a floor it does not have, a hidden category: 400', async () => {
    const before = await written();
    const res = await post(report({ buildingId: foreign.stations[0]!.buildingIds[0] }));
    expect(res.status).toBe(404);
    expect(await errorOf(res)).toEqual({ code: 'NOT_FOUND', message: '没有这栋楼宇' });
    const floor = await post(report({ floor: '30F' }));
    expect(floor.status).toBe(400);
    expect((await errorOf(floor)).message).toContain('没有 30F 这一层');
    expect((await post(report({ category: 'no_such_category' }))).status).toBe(400);
    expect((await post(report({ enterpriseId: tenant.enterpriseIds[1] }))).status).toBe(400);
    expect(await written()).toEqual(before);
    expect(await written(foreign.tenantId)).toMatchObject({ items: 0, findings: 0 });
  });

  it('1 MB of JSON: 413, declared or streamed; not JSON, or not a report: 400 saying what is wrong', async () => {
    const before = await written();
    const big = JSON.stringify(report({ description: 'x'.repeat(1024 * 1024) }));
    const declared = await post(null, { raw: big });
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe('PAYLOAD_TOO_LARGE');
    // Without a length: refused as soon as it grows past the limit.
    const streamed = await fetch(`${base}/api/intake/findings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < 16; i++) c.enqueue(new TextEncoder().encode(big.slice(i * 65536, (i + 1) * 65536)));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const bad = await post(null, { raw: '{"externalId": "x", ' });
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toEqual({ code: 'BAD_REQUEST', message: '请求体不是有效的 JSON' });
    const english = await post(null, { raw: 'nope', headers: { 'accept-language': 'en' } });
    expect((await errorOf(english)).message).toBe('The body is not valid JSON');
    const invalid = await post(report({ tier: 'purple', buildingId: 'x', extra: 1 }));
    expect(invalid.status).toBe(400);
    const message = (await errorOf(invalid)).message;
    for (const field of ['tier', 'buildingId']) expect(message).toContain(field);
    expect((await post(report({ description: '' }))).status).toBe(400);
    expect((await post([report()])).status).toBe(400);
    expect(await written()).toEqual(before);
  });

  it('only POST', async () => {
    const res = await fetch(`${base}/api/intake/findings`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('past the calls a minute allows: 429 with Retry-After, per token', async () => {
    const { token: busy } = await manager.call((api) => api.intakeToken.create({ name: '烟感监测平台' }));
    const statuses: number[] = [];
    for (let i = 0; i < RATE + 3; i++) statuses.push((await post(report({ category: 'safety_hazard' }), { token: busy })).status);
    expect(statuses.slice(0, RATE).every((s) => s === 201)).toBe(true);
    expect(statuses.slice(RATE)).toEqual([429, 429, 429]);
    const before = await written();
    const limited = await post(report(), { token: busy });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await errorOf(limited)).code).toBe('TOO_MANY_REQUESTS');
    expect(await written()).toEqual(before);
    // Another token of the tenant has its own count.
    expect((await post(report())).status).toBe(201);
  });

  it('a revoked token: 401 from the next call on', async () => {
    const { token: old, id } = await manager.call((api) => api.intakeToken.create({ name: '旧对接系统' }));
    expect((await post(report(), { token: old })).status).toBe(201);
    await manager.call((api) => api.intakeToken.revoke({ id }));
    const before = await written();
    const res = await post(report(), { token: old });
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toEqual({ code: 'UNAUTHORIZED', message: '接入令牌无效或已被吊销' });
    expect(await written()).toEqual(before);
    const list = await manager.call((api) => api.intakeToken.list());
    expect(list.rows.find((r) => r.id === id)!.revokedAt).not.toBeNull();
  });
});

describe('tokens', () => {
  it('are stored hashed only, shown once, and only managers handle them', async () => {
    const rows = await q<{ token_hash: string }>(`select token_hash from intake_tokens where id = $1`, [tokenId]);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_hash).not.toContain(token);
    const everywhere = await q<{ n: number }>(`select count(*)::int as n from audit_log where data::text like $1`, [`%${token.slice(4)}%`]);
    expect(everywhere[0]!.n).toBe(0);
    expect((await manager.call((api) => api.intakeToken.list())).rows.every((r) => !('token' in r))).toBe(true);
    const staff = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'staff')).email);
    await expect(staff.call((api) => api.intakeToken.create({ name: 'x' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(staff.call((api) => api.intakeToken.list())).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the app role reads no token row without its tenant, nor through the intake path without the token', async () => {
    const c = await t.db.pool.connect();
    try {
      expect((await c.query(`select * from intake_tokens`)).rows).toEqual([]);
      expect((await c.query(`select * from sd_intake_hit($1)`, ['0'.repeat(64)])).rows).toEqual([]);
      expect((await c.query(`select * from intake_tokens`)).rows).toEqual([]);
    } finally {
      c.release();
    }
  });
});
