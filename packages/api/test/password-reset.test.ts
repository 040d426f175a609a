import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { MAX_FAILURES, sessionIdFromToken, verifyPassword } from '@stationdesk/auth';
import { translator } from '@stationdesk/i18n';
import { createSmtpMailer, PASSWORD_RESET_ANSWER_MS } from '@stationdesk/services';
import { addMember, apiDeps, client, keyOf, makeMember, makeTenant, makeUser, openTestDb, PASSWORD, processReads, signedIn, type TestTenant } from '@stationdesk/test-utils';
import { startSmtpServer, waitFor, type LocalSmtpServer } from '@stationdesk/test-utils/worker';

const PUBLIC_URL = 'http://desk.example.test';
const NEW_PASSWORD = 'lantern-harbour-violet-42';

let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let second: TestTenant;
let smtp: LocalSmtpServer;

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  second = await makeTenant(t.owner);
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp.close();
  await t.close();
});

/** The API as the web process runs it, with SMTP pointing at the test's own server. */
const deps = (extra: Parameters<typeof apiDeps>[1] = {}) =>
  apiDeps(t.db, { mailer: createSmtpMailer({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'StationDesk <noreply@stationdesk.local>' }), publicUrl: PUBLIC_URL, ...extra });

/** A fresh address for each test: the throttle counts per IP in the shared database. */
const anIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError;
}

/** Asks for a reset and returns the link's token from the mail that arrives. */
async function requestAndReceive(email: string, ip = anIp()): Promise<{ token: string; text: string; subject: string }> {
  const before = smtp.to(email).length;
  const answer = await client(deps(), { ip }).call((api) => api.auth.requestPasswordReset({ email }));
  expect(answer).toEqual({ ok: true });
  const mail = await waitFor(() => smtp.to(email)[before], { timeoutMs: 10_000, what: `the reset mail to ${email}` });
  const link = new RegExp(`${PUBLIC_URL}/reset-password/([a-z2-7]+)`).exec(mail.text);
  expect(link, mail.text).not.toBeNull();
  return { token: link![1]!, text: mail.text, subject: mail.subject };
}

const passwordHashOf = async (userId: string) => (await t.owner.pool.query<{ password_hash: string }>('select password_hash from users where id = $1', [userId])).rows[0]!.password_hash;
const auditOf = async (tenantId: string, userId: string) =>
  (
    await t.owner.pool.query<{ action: string; data: Record<string, unknown> }>(
      `select action, data from audit_log where tenant_id = $1 and subject_type = 'user' and subject_id = $2 order by at, id`,
      [tenantId, userId],
    )
  ).rows;

describe('auth.requestPasswordReset and auth.resetPassword', () => {
  it('mails a working single-use link; the new password signs in, the old one no longer; every session ends', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    await addMember(t.owner, { tenantId: second.tenantId, userId: user.id, role: 'manager' });
    const laptop = await signedIn(deps(), user.email);
    const phone = await signedIn(deps(), user.email);

    const { token, subject, text } = await requestAndReceive(user.email);
    expect(subject).toContain('重设');
    expect(text).toContain('30');
    // Only the token's SHA-256 is stored, with a 30-minute expiry.
    const { rows } = await t.owner.pool.query(
      `select token_hash, extract(epoch from expires_at - created_at)::int as seconds, used_at from password_resets where user_id = $1`,
      [user.id],
    );
    expect(rows).toEqual([{ token_hash: sessionIdFromToken(token), seconds: 1800, used_at: null }]);

    expect(await client(deps(), { ip: anIp() }).call((api) => api.auth.resetPassword({ token, password: NEW_PASSWORD }))).toEqual({ ok: true });
    expect(await verifyPassword(await passwordHashOf(user.id), NEW_PASSWORD)).toBe(true);

    // Both earlier sessions are gone.
    for (const c of [laptop, phone]) expect((await rejection(c.call((api) => api.auth.me()))).code).toBe('UNAUTHORIZED');
    expect((await t.owner.pool.query('select count(*)::int as n from sessions where user_id = $1', [user.id])).rows[0].n).toBe(0);

    // The new password signs in, the old one is refused.
    const fresh = await signedIn(deps(), user.email, NEW_PASSWORD);
    expect((await fresh.call((api) => api.auth.me())).user.id).toBe(user.id);
    const old = await rejection(client(deps(), { ip: anIp() }).call((api) => api.auth.signIn({ email: user.email, password: PASSWORD })));
    expect(keyOf(old)).toBe('errors.invalidCredentials');

    // Each tenant the user belongs to has the request and the reset in its audit log (beside the sign-ins and the refused old password).
    for (const tn of [tenant, second]) {
      const password = (await auditOf(tn.tenantId, user.id)).map((a) => a.action).filter((a) => a.startsWith('auth.password'));
      expect(password).toEqual(['auth.password_reset_requested', 'auth.password_reset']);
    }
  });

  it('answers an unknown address exactly as a known one, in about the same time, and sends nothing', async () => {
    const known = await makeMember(t.owner, tenant, 'staff');
    const unknown = `nobody-${Date.now()}@example.test`;
    const mailsBefore = smtp.messages.length;
    const timed = async (email: string) => {
      const started = performance.now();
      const answer = await client(deps(), { ip: anIp() }).call((api) => api.auth.requestPasswordReset({ email }));
      return { answer, ms: performance.now() - started };
    };
    const runs: { known: number[]; unknown: number[] } = { known: [], unknown: [] };
    for (let i = 0; i < 3; i++) {
      const a = await timed(known.email);
      const b = await timed(unknown);
      expect(b.answer).toEqual(a.answer);
      runs.known.push(a.ms);
      runs.unknown.push(b.ms);
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1]!;
    console.log(`requestPasswordReset median answer: known ${median(runs.known).toFixed(1)} ms, unknown ${median(runs.unknown).toFixed(1)} ms`);
    for (const ms of [...runs.known, ...runs.unknown]) expect(ms).toBeGreaterThanOrEqual(PASSWORD_RESET_ANSWER_MS - 1);
    expect(Math.abs(median(runs.known) - median(runs.unknown))).toBeLessThan(50);
    await waitFor(() => smtp.to(known.email).length === 3, { timeoutMs: 10_000, what: 'three mails to the known address' });
    expect(smtp.messages.slice(mailsBefore).filter((m) => m.to.includes(unknown))).toEqual([]);
    expect((await t.owner.pool.query(`select count(*)::int as n from password_resets r join users u on u.id = r.user_id where u.email = $1`, [unknown])).rows[0].n).toBe(0);
  });

  it('refuses an expired link in words, writes nothing but the refusal’s audit', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const { token } = await requestAndReceive(user.email);
    await t.owner.pool.query(`update password_resets set expires_at = now() - interval '1 second', created_at = now() - interval '31 minutes' where user_id = $1`, [user.id]);
    const hash = await passwordHashOf(user.id);
    const e = await rejection(client(deps(), { ip: anIp() }).call((api) => api.auth.resetPassword({ token, password: NEW_PASSWORD })));
    expect(e.code).toBe('BAD_REQUEST');
    expect(keyOf(e)).toBe('errors.passwordReset.expired');
    expect(translator('zh-CN')(keyOf(e)!)).toBe('这个重设密码的链接已过期（有效期 30 分钟）。请重新获取重设邮件。');
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect((await t.owner.pool.query('select used_at from password_resets where user_id = $1', [user.id])).rows).toEqual([{ used_at: null }]);
    expect((await auditOf(tenant.tenantId, user.id)).at(-1)).toEqual({ action: 'auth.password_reset_refused', data: { reason: 'expired' } });
  });

  it('refuses a link used once already, and every older link of the user with it', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const first = await requestAndReceive(user.email);
    const second = await requestAndReceive(user.email);
    await client(deps(), { ip: anIp() }).call((api) => api.auth.resetPassword({ token: second.token, password: NEW_PASSWORD }));
    const hash = await passwordHashOf(user.id);
    const sessionAfter = await signedIn(deps(), user.email, NEW_PASSWORD);
    for (const token of [second.token, first.token]) {
      const e = await rejection(client(deps(), { ip: anIp() }).call((api) => api.auth.resetPassword({ token, password: 'another-quiet-meadow-77' })));
      expect(keyOf(e)).toBe('errors.passwordReset.used');
    }
    expect(await passwordHashOf(user.id)).toBe(hash);
    // A refused reuse ends no session.
    expect((await sessionAfter.call((api) => api.auth.me())).user.id).toBe(user.id);
    expect((await auditOf(tenant.tenantId, user.id)).filter((a) => a.action === 'auth.password_reset_refused')).toHaveLength(2);
  });

  it('refuses a guessed or malformed link, and throttles guessing from one address', async () => {
    const ip = anIp();
    const c = client(deps(), { ip });
    const guess = () => 'a'.repeat(32).replace(/a/g, () => 'abcdefghijklmnopqrstuvwxyz234567'[Math.floor(Math.random() * 32)]!);
    const resetsBefore = (await t.owner.pool.query('select count(*)::int as n from password_resets where used_at is not null')).rows[0].n;
    for (let i = 0; i < MAX_FAILURES; i++) {
      const e = await rejection(c.call((api) => api.auth.resetPassword({ token: i === 0 ? 'not a token at all' : guess(), password: NEW_PASSWORD })));
      expect(keyOf(e)).toBe('errors.passwordReset.invalid');
      expect(translator('zh-CN')(keyOf(e)!)).toContain('链接无效');
    }
    const limited = await rejection(c.call((api) => api.auth.resetPassword({ token: guess(), password: NEW_PASSWORD })));
    expect(limited.code).toBe('TOO_MANY_REQUESTS');
    expect(keyOf(limited)).toBe('errors.passwordReset.tooManyAttempts');
    expect((await t.owner.pool.query('select count(*)::int as n from password_resets where used_at is not null')).rows[0].n).toBe(resetsBefore);
  });

  it('throttles requests per address and per IP, known address or not', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    for (let i = 0; i < MAX_FAILURES; i++) await client(deps(), { ip: anIp() }).call((api) => api.auth.requestPasswordReset({ email: user.email }));
    const perAddress = await rejection(client(deps(), { ip: anIp() }).call((api) => api.auth.requestPasswordReset({ email: user.email })));
    expect(perAddress.code).toBe('TOO_MANY_REQUESTS');
    expect(keyOf(perAddress)).toBe('errors.passwordReset.tooManyRequests');
    expect((await t.owner.pool.query('select count(*)::int as n from password_resets where user_id = $1', [user.id])).rows[0].n).toBe(MAX_FAILURES);

    const ip = anIp();
    for (let i = 0; i < MAX_FAILURES; i++) await client(deps(), { ip }).call((api) => api.auth.requestPasswordReset({ email: `ghost-${i}-${Date.now()}@example.test` }));
    const perIp = await rejection(client(deps(), { ip }).call((api) => api.auth.requestPasswordReset({ email: `ghost-x-${Date.now()}@example.test` })));
    expect(keyOf(perIp)).toBe('errors.passwordReset.tooManyRequests');
    // Signing in is not affected by reset requests.
    await signedIn(deps(), user.email);
  });

  it('refuses a weak password with its reason, without using up the link', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const { token } = await requestAndReceive(user.email);
    const ip = anIp();
    const tooShort = await rejection(client(deps(), { ip }).call((api) => api.auth.resetPassword({ token, password: 'short1!' })));
    expect(keyOf(tooShort)).toBe('errors.password.tooShort');
    const weak = await rejection(client(deps(), { ip }).call((api) => api.auth.resetPassword({ token, password: 'password1234' })));
    expect(keyOf(weak)).toBe('errors.password.weak');
    const personal = await rejection(client(deps(), { ip }).call((api) => api.auth.resetPassword({ token, password: `${user.email.split('@')[0]}2026` })));
    expect(['errors.password.personal', 'errors.password.weak']).toContain(keyOf(personal));
    expect((await t.owner.pool.query('select used_at from password_resets where user_id = $1', [user.id])).rows).toEqual([{ used_at: null }]);
    expect(await client(deps(), { ip }).call((api) => api.auth.resetPassword({ token, password: NEW_PASSWORD }))).toEqual({ ok: true });
  });

  it('tells the read cache: a session scope kept in memory is refused after the reset', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const process = await processReads(t.owner);
    try {
      const cached = deps({ reads: process.reads });
      const c = await signedIn(cached, user.email);
      await c.call((api) => api.auth.me());
      await c.call((api) => api.auth.me()); // served from the cached scope
      const { token } = await requestAndReceive(user.email);
      await client(cached, { ip: anIp() }).call((api) => api.auth.resetPassword({ token, password: NEW_PASSWORD }));
      expect((await rejection(c.call((api) => api.auth.me()))).code).toBe('UNAUTHORIZED');
    } finally {
      await process.close();
    }
  });

  it('logs the link for operators when SMTP is not configured, never answering it', async () => {
    const user = await makeMember(t.owner, tenant, 'staff');
    const lines: { obj: Record<string, unknown>; msg: string }[] = [];
    const logger = { ...apiDeps(t.db).logger, warn: (obj: Record<string, unknown>, msg: string) => void lines.push({ obj, msg }) } as unknown as ReturnType<typeof apiDeps>['logger'];
    const answer = await client(apiDeps(t.db, { logger, mailer: null, publicUrl: PUBLIC_URL }), { ip: anIp() }).call((api) => api.auth.requestPasswordReset({ email: user.email }));
    expect(answer).toEqual({ ok: true });
    const line = await waitFor(() => lines.find((l) => typeof l.obj.link === 'string'), { what: 'the logged link' });
    expect(line.obj.userId).toBe(user.id);
    expect(String(line.obj.link)).toMatch(new RegExp(`^${PUBLIC_URL}/reset-password/[a-z2-7]{32}$`));
  });
});

describe('auth.changePassword judges the new password with passwordProblem', () => {
  it('refuses a weak new password with its reason and keeps the old one', async () => {
    const user = await makeUser(t.owner);
    await addMember(t.owner, { tenantId: tenant.tenantId, userId: user.id, role: 'staff', stationIds: [tenant.stations[0]!.id] });
    const c = await signedIn(deps(), user.email);
    const weak = await rejection(c.call((api) => api.auth.changePassword({ currentPassword: PASSWORD, newPassword: 'qwerty123456' })));
    expect(keyOf(weak)).toBe('errors.password.weak');
    expect(await verifyPassword(await passwordHashOf(user.id), PASSWORD)).toBe(true);
    expect(await c.call((api) => api.auth.changePassword({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }))).toEqual({ ok: true });
  });
});
