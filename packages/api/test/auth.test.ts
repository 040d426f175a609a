import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { sessionIdFromToken, MAX_FAILURES } from '@stationdesk/auth';
import type { AppError } from '@stationdesk/core';
import { translator } from '@stationdesk/i18n';
import { apiDeps, client, keyOf, makeMember, makeTenant, makeUser, openTestDb, PASSWORD, signedIn, type TestTenant } from '@stationdesk/test-utils';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let other: TestTenant;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  other = await makeTenant(t.owner);
});
afterAll(() => t.close());

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

const tokenOf = (cookie: string) => /sd_session=([a-z2-7]+)/.exec(cookie)?.[1] ?? '';

describe('auth.signIn', () => {
  it('writes a sign-in to the entered tenant’s audit log, and a wrong password to every tenant of the account', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    await t.owner.pool.query(`insert into memberships (tenant_id, user_id, role) values ($1, $2, 'staff')`, [other.tenantId, user.id]);
    const audits = async (action: string) =>
      (await t.owner.pool.query('select tenant_id from audit_log where actor_user_id = $1 and action = $2 order by tenant_id', [user.id, action])).rows.map((r: { tenant_id: string }) => r.tenant_id);
    const c = client(apiDeps(t.db));
    await rejection(c.call((api) => api.auth.signIn({ email: user.email, password: `${PASSWORD}-wrong` })));
    expect(await audits('auth.signInFailed')).toEqual([tenant.tenantId, other.tenantId].sort());
    const result = await c.call((api) => api.auth.signIn({ email: user.email, password: PASSWORD }));
    expect(await audits('auth.signedIn')).toEqual([result.activeTenantId]);
    // An unknown address names no tenant: nothing is written.
    const before = (await t.owner.pool.query('select count(*)::int as n from audit_log')).rows[0].n as number;
    await rejection(client(apiDeps(t.db)).call((api) => api.auth.signIn({ email: 'nobody-here@example.com', password: PASSWORD })));
    expect((await t.owner.pool.query('select count(*)::int as n from audit_log')).rows[0].n).toBe(before);
  });

  it('signs in with the right password and sets a safe session cookie', async () => {
    const user = await makeMember(t.owner, tenant, 'manager');
    const c = client(apiDeps(t.db));
    const result = await c.call((api) => api.auth.signIn({ email: user.email.toUpperCase(), password: PASSWORD }));
    expect(result.user.email).toBe(user.email);
    expect(result.activeTenantId).toBe(tenant.tenantId);
    expect(result.memberships).toEqual([expect.objectContaining({ tenantId: tenant.tenantId, role: 'manager' })]);
    const cookie = c.state.lastSetCookies[0]!;
    expect(cookie).toMatch(/^sd_session=[a-z2-7]{32}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toMatch(/Max-Age=25919\d\d/); // 30 days
    expect(cookie).not.toContain('Secure'); // plain http here
    const me = await c.call((api) => api.auth.me());
    expect(me.user.id).toBe(user.id);
    expect(me.role).toBe('manager');
  });

  it('keeps the language chosen on the sign-in page (the sd_lang cookie) as the person’s own', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = client(apiDeps(t.db), { headers: { cookie: 'sd_lang=en' } });
    const result = await c.call((api) => api.auth.signIn({ email: user.email, password: PASSWORD }));
    expect(result.user.locale).toBe('en');
    expect((await c.call((api) => api.auth.me())).user.locale).toBe('en');
    const { rows } = await t.owner.pool.query('select locale from users where id = $1', [user.id]);
    expect(rows).toEqual([{ locale: 'en' }]);
  });

  it('stores only the SHA-256 of the token', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = await signedIn(apiDeps(t.db), user.email);
    const token = tokenOf(c.state.cookie);
    const { rows } = await t.owner.pool.query('select id from sessions where user_id = $1', [user.id]);
    expect(rows).toEqual([{ id: sessionIdFromToken(token) }]);
    expect(rows[0].id).not.toContain(token);
  });

  it('marks the cookie Secure when served over https', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = client(apiDeps(t.db), { origin: 'https://desk.example.cn' });
    await c.call((api) => api.auth.signIn({ email: user.email, password: PASSWORD }));
    expect(c.state.lastSetCookies[0]).toContain('; Secure');
  });

  it('gives the same error for a wrong password and an unknown e-mail', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const wrong = await rejection(client(apiDeps(t.db), { ip: '10.0.0.1' }).call((api) => api.auth.signIn({ email: user.email, password: 'nope-nope' })));
    const unknown = await rejection(
      client(apiDeps(t.db), { ip: '10.0.0.2' }).call((api) => api.auth.signIn({ email: 'nobody@example.test', password: 'nope-nope' })),
    );
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(unknown.code).toBe(wrong.code);
    expect(unknown.message).toBe(wrong.message);
  });

  it(`refuses after ${MAX_FAILURES} failures on an account, even with the right password, from any IP`, async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    for (let i = 0; i < MAX_FAILURES; i++) {
      const e = await rejection(client(apiDeps(t.db), { ip: `10.1.0.${i}` }).call((api) => api.auth.signIn({ email: user.email, password: 'wrong-password' })));
      expect(e.code).toBe('BAD_REQUEST');
    }
    const blocked = await rejection(client(apiDeps(t.db), { ip: '10.1.1.1' }).call((api) => api.auth.signIn({ email: user.email, password: PASSWORD })));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    // The limit lives in Postgres: a new process (new pool) still sees it.
    const { createDb } = await import('@stationdesk/db');
    const { inject } = await import('vitest');
    const fresh = createDb(inject('db').appUrl, { max: 1 });
    try {
      const again = await rejection(client(apiDeps(fresh), { ip: '10.1.1.2' }).call((api) => api.auth.signIn({ email: user.email, password: PASSWORD })));
      expect(again.code).toBe('TOO_MANY_REQUESTS');
    } finally {
      await fresh.close();
    }
  });

  it(`refuses an IP after ${MAX_FAILURES} failures across accounts`, async () => {
    const ip = '10.2.0.1';
    for (let i = 0; i < MAX_FAILURES; i++) {
      await rejection(client(apiDeps(t.db), { ip }).call((api) => api.auth.signIn({ email: `guess${i}@example.test`, password: 'x-x-x-x' })));
    }
    const user = await makeMember(t.owner, tenant, 'staff');
    const e = await rejection(client(apiDeps(t.db), { ip }).call((api) => api.auth.signIn({ email: user.email, password: PASSWORD })));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    const elsewhere = client(apiDeps(t.db), { ip: '10.2.0.2' });
    await expect(elsewhere.call((api) => api.auth.signIn({ email: user.email, password: PASSWORD }))).resolves.toBeTruthy();
  });

  // What each of many simultaneous calls ended in: evaluated (a password was checked) or refused.
  async function outcomes(calls: Promise<unknown>[]): Promise<{ evaluated: number; refused: number; signedIn: boolean[] }> {
    const settled = await Promise.allSettled(calls);
    const codes = settled.map((r) => (r.status === 'fulfilled' ? 'OK' : (r.reason as TRPCError).code));
    expect(codes.every((c) => ['OK', 'BAD_REQUEST', 'TOO_MANY_REQUESTS'].includes(c))).toBe(true);
    const refused = codes.filter((c) => c === 'TOO_MANY_REQUESTS').length;
    return { evaluated: codes.length - refused, refused, signedIn: codes.map((c) => c === 'OK') };
  }

  it(`evaluates at most ${MAX_FAILURES} of 30 simultaneous guesses on one account, the right password last among them`, async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 29 ? PASSWORD : `wrong-guess-${i}`));
    const r = await outcomes(
      guesses.map((password, i) => client(apiDeps(t.db), { ip: `10.3.0.${i}` }).call((api) => api.auth.signIn({ email: user.email, password }))),
    );
    expect(r.evaluated).toBeLessThanOrEqual(MAX_FAILURES);
    expect(r.signedIn[29]).toBe(false);
    const { rows } = await t.owner.pool.query('select count(*)::int as n from sessions where user_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
  });

  it(`evaluates at most ${MAX_FAILURES} of 30 simultaneous guesses from one address across accounts`, async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const ip = '10.4.0.1';
    const r = await outcomes(
      Array.from({ length: 30 }, (_, i) =>
        client(apiDeps(t.db), { ip }).call((api) =>
          api.auth.signIn(i === 29 ? { email: user.email, password: PASSWORD } : { email: `race${i}@example.test`, password: 'x-x-x-x' }),
        ),
      ),
    );
    expect(r.evaluated).toBeLessThanOrEqual(MAX_FAILURES);
    expect(r.signedIn[29]).toBe(false);
  });

  it('a refused attempt costs nothing, and a successful sign-in gives the address its attempt back', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const blockedIp = '10.5.0.1';
    for (let i = 0; i < MAX_FAILURES; i++) {
      await rejection(client(apiDeps(t.db), { ip: blockedIp }).call((api) => api.auth.signIn({ email: `blocked${i}@example.test`, password: 'x-x-x-x' })));
    }
    // Refused at the blocked address: the account's own budget is untouched.
    for (let i = 0; i < 3; i++) {
      const e = await rejection(client(apiDeps(t.db), { ip: blockedIp }).call((api) => api.auth.signIn({ email: user.email, password: 'wrong-password' })));
      expect(e.code).toBe('TOO_MANY_REQUESTS');
    }
    for (let i = 0; i < MAX_FAILURES - 1; i++) {
      const e = await rejection(client(apiDeps(t.db), { ip: `10.5.1.${i}` }).call((api) => api.auth.signIn({ email: user.email, password: 'wrong-password' })));
      expect(e.code).toBe('BAD_REQUEST');
    }
    // An office behind one address: more sign-ins than the limit, all good ones, all pass.
    const office = '10.5.2.1';
    for (let i = 0; i < MAX_FAILURES + 2; i++) {
      await expect(client(apiDeps(t.db), { ip: office }).call((api) => api.auth.signIn({ email: user.email, password: PASSWORD }))).resolves.toBeTruthy();
    }
  });
});

describe('sessions', () => {
  it('sign-out invalidates the session', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = await signedIn(apiDeps(t.db), user.email);
    const cookie = c.state.cookie;
    await c.call((api) => api.auth.signOut());
    expect(c.state.lastSetCookies[0]).toMatch(/^sd_session=; .*Max-Age=0/);
    const replay = client(apiDeps(t.db), { headers: { cookie } });
    const e = await rejection(replay.call((api) => api.auth.me()));
    expect(e.code).toBe('UNAUTHORIZED');
  });

  it('an expired session is refused and removed', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = await signedIn(apiDeps(t.db), user.email);
    await t.owner.pool.query(`update sessions set expires_at = now() - interval '1 second' where user_id = $1`, [user.id]);
    const e = await rejection(c.call((api) => api.auth.me()));
    expect(e.code).toBe('UNAUTHORIZED');
    const { rows } = await t.owner.pool.query('select count(*)::int as n from sessions where user_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
  });

  it('slides: a session used in its last 15 days is extended to 30 days and the cookie re-sent', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = await signedIn(apiDeps(t.db), user.email);
    // Fresh session: no renewal, no cookie.
    await c.call((api) => api.auth.me());
    expect(c.state.lastSetCookies).toEqual([]);
    await t.owner.pool.query(`update sessions set expires_at = now() + interval '10 days' where user_id = $1`, [user.id]);
    const me = await c.call((api) => api.auth.me());
    const days = (new Date(me.sessionExpiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(c.state.lastSetCookies[0]).toMatch(/^sd_session=[a-z2-7]+; .*Max-Age=25919\d\d/);
    const { rows } = await t.owner.pool.query(`select expires_at > now() + interval '29 days' as renewed from sessions where user_id = $1`, [user.id]);
    expect(rows[0].renewed).toBe(true);
  });

  it('changing the password signs out the other sessions', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const laptop = await signedIn(apiDeps(t.db), user.email);
    const phone = await signedIn(apiDeps(t.db), user.email);
    await laptop.call((api) => api.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'A-new-password-2026' }));
    await expect(laptop.call((api) => api.auth.me())).resolves.toMatchObject({ user: { id: user.id } });
    const e = await rejection(phone.call((api) => api.auth.me()));
    expect(e.code).toBe('UNAUTHORIZED');
    const old = await rejection(client(apiDeps(t.db), { ip: '10.9.9.9' }).call((api) => api.auth.signIn({ email: user.email, password: PASSWORD })));
    expect(old.code).toBe('BAD_REQUEST');
  });

  it('a garbage or missing cookie is unauthorised', async () => {
    for (const cookie of ['', 'sd_session=', 'sd_session=abc', `sd_session=${'a'.repeat(32)}`, "sd_session='; drop table users; --"]) {
      const e = await rejection(client(apiDeps(t.db), { headers: { cookie } }).call((api) => api.auth.me()));
      expect(e.code).toBe('UNAUTHORIZED');
    }
  });
});

describe('auth.changePassword throttle', () => {
  const from = (c: Awaited<ReturnType<typeof signedIn>>, ip: string) => client(apiDeps(t.db), { ip, headers: { cookie: c.state.cookie } });
  const change = (c: ReturnType<typeof client>, currentPassword: string) =>
    c.call((api) => api.auth.changePassword({ currentPassword, newPassword: 'A-new-password-2026' }));
  const hashOf = async (userId: string) =>
    (await t.owner.pool.query('select password_hash from users where id = $1', [userId])).rows[0].password_hash as string;

  it(`refuses the right current password after ${MAX_FAILURES} wrong ones on the user, from any IP, saying how long to wait`, async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = await signedIn(apiDeps(t.db), user.email);
    const before = await hashOf(user.id);
    for (let i = 0; i < MAX_FAILURES; i++) {
      const e = await rejection(change(from(c, `10.6.0.${i}`), `wrong-current-${i}`));
      expect(keyOf(e)).toBe('errors.wrongCurrentPassword');
    }
    const blocked = await rejection(change(from(c, '10.6.1.1'), PASSWORD));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
    expect(getHTTPStatusCodeFromError(blocked)).toBe(429);
    const appError = blocked.cause as AppError;
    expect(appError.messageKey).toBe('errors.tooManyPasswordAttempts');
    expect(translator('zh-CN')(appError.messageKey, appError.params)).toBe('密码错误次数过多，请 15 分钟后再试。');
    expect(translator('en')(appError.messageKey, appError.params)).toBe('Too many wrong passwords. Try again in 15 minutes.');
    expect(await hashOf(user.id)).toBe(before);
  });

  it(`refuses an IP after ${MAX_FAILURES} wrong current passwords across users`, async () => {
    const ip = '10.7.0.1';
    const users = await Promise.all(Array.from({ length: MAX_FAILURES + 1 }, () => makeMember(t.owner, tenant, 'staff')));
    const sessions = [];
    for (const u of users) sessions.push(await signedIn(apiDeps(t.db), u.email));
    for (let i = 0; i < MAX_FAILURES; i++) await rejection(change(from(sessions[i]!, ip), 'wrong-current'));
    const last = sessions[MAX_FAILURES]!;
    const e = await rejection(change(from(last, ip), PASSWORD));
    expect(e.code).toBe('TOO_MANY_REQUESTS');
    await expect(change(from(last, '10.7.0.2'), PASSWORD)).resolves.toEqual({ ok: true });
  });

  it(`evaluates at most ${MAX_FAILURES} of 30 simultaneous attempts, the right password last among them`, async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const c = await signedIn(apiDeps(t.db), user.email);
    const before = await hashOf(user.id);
    const settled = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) => change(from(c, `10.8.0.${i}`), i === 29 ? PASSWORD : `wrong-current-${i}`)),
    );
    const codes = settled.map((r) => (r.status === 'fulfilled' ? 'OK' : (r.reason as TRPCError).code));
    expect(codes.filter((code) => code !== 'TOO_MANY_REQUESTS').length).toBeLessThanOrEqual(MAX_FAILURES);
    expect(codes[29]).toBe('TOO_MANY_REQUESTS');
    expect(await hashOf(user.id)).toBe(before);
  });
});

describe('tenants', () => {
  it('switches to a tenant the user belongs to, and refuses one they do not', async () => {
    const user = await makeUser(t.owner);
    const { addMember } = await import('@stationdesk/test-utils');
    await addMember(t.owner, { tenantId: tenant.tenantId, userId: user.id, role: 'manager' });
    const third = await makeTenant(t.owner);
    await addMember(t.owner, { tenantId: third.tenantId, userId: user.id, role: 'staff', stationIds: [third.stations[0]!.id] });
    const c = await signedIn(apiDeps(t.db), user.email);
    const me = await c.call((api) => api.auth.me());
    expect(me.memberships.map((m) => m.tenantId).sort()).toEqual([tenant.tenantId, third.tenantId].sort());
    const target = me.activeTenantId === tenant.tenantId ? third : tenant;
    await c.call((api) => api.auth.switchTenant({ tenantId: target.tenantId }));
    expect((await c.call((api) => api.auth.me())).activeTenantId).toBe(target.tenantId);

    const refused = await rejection(c.call((api) => api.auth.switchTenant({ tenantId: other.tenantId })));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await c.call((api) => api.auth.me())).activeTenantId).toBe(target.tenantId);
  });

  it('station.list shows the active tenant only', async () => {
    const user = await makeMember(t.owner, tenant, 'manager');
    const c = await signedIn(apiDeps(t.db), user.email);
    const stations = await c.call((api) => api.station.list());
    expect(stations.map((s) => s.id).sort()).toEqual(tenant.stations.map((s) => s.id).sort());
    expect(stations.every((s) => s.inScope)).toBe(true);
    const otherIds = new Set(other.stations.map((s) => s.id));
    expect(stations.some((s) => otherIds.has(s.id))).toBe(false);
  });

  it('staff see which stations are theirs; an enterprise admin sees its own station and building only', async () => {
    const staff = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [1] });
    const s = await signedIn(apiDeps(t.db), staff.email);
    const list = await s.call((api) => api.station.list());
    expect(list.filter((x) => x.inScope).map((x) => x.id)).toEqual([tenant.stations[1]!.id]);

    const admin = await makeMember(t.owner, tenant, 'enterprise_admin', { enterpriseIndex: 3 });
    const e = await signedIn(apiDeps(t.db), admin.email);
    const stations = await e.call((api) => api.station.list());
    const buildings = await e.call((api) => api.building.list());
    expect(stations.map((x) => x.id)).toEqual([tenant.stations[1]!.id]);
    expect(buildings.map((x) => x.id)).toEqual([tenant.stations[1]!.buildingIds[1]]);
  });

  it('building.list filters by station and never crosses tenants', async () => {
    const user = await makeMember(t.owner, tenant, 'manager');
    const c = await signedIn(apiDeps(t.db), user.email);
    const mine = await c.call((api) => api.building.list({ stationId: tenant.stations[0]!.id }));
    expect(mine.map((b) => b.id).sort()).toEqual([...tenant.stations[0]!.buildingIds].sort());
    const foreign = await c.call((api) => api.building.list({ stationId: other.stations[0]!.id }));
    expect(foreign).toEqual([]);
  });

  it('platform.tenants is for platform admins only', async () => {
    const op = await makeUser(t.owner, { platformAdmin: true });
    const c = await signedIn(apiDeps(t.db), op.email);
    const tenants = await c.call((api) => api.platform.tenants());
    expect(tenants.map((x) => x.id)).toEqual(expect.arrayContaining([tenant.tenantId, other.tenantId]));
    const stationErr = await rejection(c.call((api) => api.station.list()));
    expect(stationErr.code).toBe('FORBIDDEN');

    const manager = await makeMember(t.owner, tenant, 'manager');
    const m = await signedIn(apiDeps(t.db), manager.email);
    const e = await rejection(m.call((api) => api.platform.tenants()));
    expect(e.code).toBe('FORBIDDEN');
  });
});

describe('origin check', () => {
  it('refuses a mutation whose Origin is foreign, and changes nothing', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const evil = client(apiDeps(t.db), { headers: { origin: 'https://evil.example' } });
    const e = await rejection(evil.call((api) => api.auth.signIn({ email: user.email, password: PASSWORD })));
    expect(e.code).toBe('FORBIDDEN');
    expect(evil.state.lastSetCookies).toEqual([]);
    const { rows } = await t.owner.pool.query('select count(*)::int as n from sessions where user_id = $1', [user.id]);
    expect(rows[0].n).toBe(0);
  });

  it('accepts our own Origin and requests without one', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const same = client(apiDeps(t.db), { headers: { origin: 'http://127.0.0.1:3000' } });
    await expect(same.call((api) => api.auth.signIn({ email: user.email, password: PASSWORD }))).resolves.toBeTruthy();
  });
});
