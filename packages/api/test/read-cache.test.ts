import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outputOnce } from '../src/output.ts';
import { apiDeps, client as browser, error, makeMember, makeTenant, openTestDb, processReads, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The read caches of ADR 010, as two web processes (each its own ChangeFeed) see them: a session
 * scope or a queue page is served from memory until Postgres says what it was read from changed.
 * To show an answer really came from memory, some writes go around the notices
 * (session_replication_role = replica skips triggers); every other write is an ordinary one.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;
let a: Awaited<ReturnType<typeof processReads>>;
let b: Awaited<ReturnType<typeof processReads>>;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
  a = await processReads(t.owner);
  b = await processReads(t.owner);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await t.close();
});

/** An owner write that fires no trigger, so no notice: only a cache can hide it. */
async function unnoticed(text: string, values: unknown[]) {
  const c = await t.owner.pool.connect();
  try {
    await c.query('set session_replication_role = replica');
    await c.query(text, values);
  } finally {
    await c.query('reset session_replication_role');
    c.release();
  }
}

const queue = (c: Client, stationId?: string) => c.call((api) => api.workItem.list({ view: 'queue', ...(stationId ? { stationId } : {}) }));
const titles = (page: { items: { title: string }[] }) => page.items.map((i) => i.title);

async function staffOn(deps: ReturnType<typeof apiDeps>, station: number, tn = tenant) {
  const m = await makeMember(t.owner, tn, 'staff', { stationIndexes: [station] });
  return { member: m, client: await signedIn(deps, m.email) };
}

describe('session scopes kept in memory', () => {
  it('serves a known session without asking Postgres, and ends it when another process signs it out', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const { member, client } = await staffOn(depsA, 0);
    await client.call((api) => api.auth.me()); // the scope is now known to process A

    // Sessions deleted behind the notices: process A still trusts what it read.
    const { rows } = await t.owner.pool.query<{ id: string; expires_at: Date }>('select id, expires_at from sessions where user_id = $1', [member.id]);
    await unnoticed('delete from sessions where user_id = $1', [member.id]);
    expect((await client.call((api) => api.auth.me())).user.id).toBe(member.id);

    // Put back, and signed out the ordinary way from process B (same cookie, another process).
    await unnoticed('insert into sessions (id, user_id, active_tenant_id, expires_at) values ($1, $2, $3, $4)', [rows[0]!.id, member.id, tenant.tenantId, rows[0]!.expires_at]);
    const inB = browser(apiDeps(t.db, { reads: b.reads }));
    inB.state.cookie = client.state.cookie;
    await inB.call((api) => api.auth.signOut());
    await a.heard();
    expect((await error(client.call((api) => api.auth.me()))).code).toBe('UNAUTHORIZED');
  });

  it('ends a session signed out in this very process at once, without waiting for the notice', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const { client } = await staffOn(depsA, 0);
    await client.call((api) => api.auth.me());
    const cookie = client.state.cookie;
    await client.call((api) => api.auth.signOut());
    const stale = browser(depsA);
    stale.state.cookie = cookie;
    expect((await error(stale.call((api) => api.auth.me()))).code).toBe('UNAUTHORIZED');
  });

  it('hears a membership removed or its stations changed by someone else', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const { member, client } = await staffOn(depsA, 0);
    expect((await client.call((api) => api.auth.me())).stationIds).toEqual([tenant.stations[0]!.id]);

    await t.owner.pool.query('update membership_stations set station_id = $1 where membership_id = (select id from memberships where user_id = $2)', [tenant.stations[1]!.id, member.id]);
    await a.heard();
    expect((await client.call((api) => api.auth.me())).stationIds).toEqual([tenant.stations[1]!.id]);

    await t.owner.pool.query('delete from memberships where user_id = $1', [member.id]);
    await a.heard();
    expect((await error(queue(client))).code).toBe('FORBIDDEN');
  });

  it('stops keeping anything while its connection is down, and starts again once it is back', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const { member, client } = await staffOn(depsA, 0);
    await client.call((api) => api.auth.me());
    await t.owner.pool.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'stationdesk-changes' and datname = current_database()`);
    const until = Date.now() + 2000;
    while (a.feed.listening && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(a.feed.listening).toBe(false);
    // Deleted behind the notices while no one listens: Postgres is asked, and refuses.
    await unnoticed('delete from sessions where user_id = $1', [member.id]);
    expect((await error(client.call((api) => api.auth.me()))).code).toBe('UNAUTHORIZED');
    // Back within the reconnect delay; b reconnected too.
    const back = Date.now() + 5000;
    while (!(a.feed.listening && b.feed.listening) && Date.now() < back) await new Promise((r) => setTimeout(r, 20));
    expect(a.feed.listening && b.feed.listening).toBe(true);
  });
});

describe('queue pages kept in memory', () => {
  it('serves the page until the tenant’s items change, from any process', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const depsB = apiDeps(t.db, { reads: b.reads });
    const { client: inA } = await staffOn(depsA, 0);
    const { client: inB } = await staffOn(depsB, 0);
    const first = await inB.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '缓存测试：第一件', description: '队列缓存', channel: 'phone', stationId: tenant.stations[0]!.id }),
    );
    await a.heard();
    expect(titles(await queue(inA))).toContain('缓存测试：第一件');

    // Retitled behind the notices: A keeps serving what it read.
    await unnoticed('update work_items set title = $1 where id = $2', ['缓存测试：改名未通知', first.id]);
    expect(titles(await queue(inA))).toContain('缓存测试：第一件');

    // An ordinary write in process B: A hears it and reads again.
    await inB.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '缓存测试：第二件', description: '队列缓存', channel: 'phone', stationId: tenant.stations[0]!.id }),
    );
    await a.heard();
    const page = titles(await queue(inA));
    expect(page).toEqual(expect.arrayContaining(['缓存测试：改名未通知', '缓存测试：第二件']));
    expect(page).not.toContain('缓存测试：第一件');
  });

  it('sees its own writes at once, without waiting for the notice', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const { client } = await staffOn(depsA, 0);
    await queue(client);
    await client.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '缓存测试：自己刚建的', description: '本进程写入', channel: 'walk_in', stationId: tenant.stations[0]!.id }),
    );
    expect(titles(await queue(client))).toContain('缓存测试：自己刚建的');
  });

  it('never hands one scope’s page to another: station, enterprise, tenant', async () => {
    const depsA = apiDeps(t.db, { reads: a.reads });
    const { client: s0 } = await staffOn(depsA, 0);
    const { client: s1 } = await staffOn(depsA, 1);
    const admin = await signedIn(depsA, (await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 1 })).email);
    const { client: elsewhere } = await staffOn(depsA, 0, other);
    await s0.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '缓存测试：仅一站', description: '范围', channel: 'phone', stationId: tenant.stations[0]!.id }),
    );
    // Read in this order, each may be kept; none may see the station-0 item but s0.
    expect(titles(await queue(s0))).toContain('缓存测试：仅一站');
    expect(titles(await queue(s1))).not.toContain('缓存测试：仅一站');
    expect(titles(await queue(s1, tenant.stations[0]!.id))).toEqual([]);
    expect(titles(await admin.call((api) => api.workItem.list({ view: 'queue' })))).not.toContain('缓存测试：仅一站');
    expect(titles(await queue(elsewhere))).not.toContain('缓存测试：仅一站');
    expect(titles(await queue(elsewhere, tenant.stations[0]!.id))).toEqual([]);
  });
});

describe('outputOnce', () => {
  const check = outputOnce(z.object({ id: z.string(), n: z.number() }));

  it('checks a value that is not frozen on every call, stripping what the schema does not name', () => {
    const v = { id: 'a', n: 1, secret: 'x' };
    expect(check(v)).toEqual({ id: 'a', n: 1 });
    v.n = 2;
    expect(check(v)).toEqual({ id: 'a', n: 2 });
    expect(() => check({ id: 'a', n: 'one' })).toThrow();
  });

  it('checks a frozen value once and hands out the same frozen copy after', () => {
    const v = Object.freeze({ id: 'b', n: 3, secret: 'x' });
    const first = check(v);
    expect(first).toEqual({ id: 'b', n: 3 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(check(v)).toBe(first);
    expect(() => check(Object.freeze({ id: 'b', n: 'three' }))).toThrow();
  });
});
