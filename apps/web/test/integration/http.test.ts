import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { inject } from 'vitest';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@stationdesk/api';
import { MAX_FAILURES } from '@stationdesk/auth';
import { createProducer, createQueueBackend, type QueueBackend } from '@stationdesk/jobs';
import { apiDeps, makeMember, makeTenant, openTestDb, PASSWORD, processReads } from '@stationdesk/test-utils';
import { createAppServer } from '../../server/app-server.ts';

/** The real HTTP path: node:http → tRPC, as any client (curl, the bench, a browser) calls it. */
let t: ReturnType<typeof openTestDb>;
let server: Server;
let base: string;
let backend: QueueBackend;
let email: string;

function listen(s: Server): Promise<string> {
  return new Promise((done) => s.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));
}

let tenantStation: string;

beforeAll(async () => {
  t = openTestDb();
  const redisUrl = inject('redisUrl');
  backend = createQueueBackend(
    redisUrl ? { kind: 'redis', url: redisUrl, prefix: inject('queuePrefix') } : { kind: 'postgres', url: inject('db').appUrl, schema: 'bullmq' },
  );
  server = createAppServer({ deps: apiDeps(t.db, { queue: createProducer(backend) }), trustProxy: 0 });
  base = await listen(server);
  const tenant = await makeTenant(t.owner);
  tenantStation = tenant.stations[0]!.id;
  email = (await makeMember(t.owner, tenant, 'manager')).email;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await backend.close();
  await t.close();
});

const signIn = (headers: Record<string, string> = {}, body: unknown = { email, password: PASSWORD }) =>
  fetch(`${base}/api/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('HTTP API', () => {
  it('signs in over plain HTTP and returns the session cookie with its flags', async () => {
    const res = await signIn();
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^sd_session=[a-z2-7]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+; Expires=/);
    const json = (await res.json()) as { result: { data: { user: { email: string } } } };
    expect(json.result.data.user.email).toBe(email);

    const me = await fetch(`${base}/api/trpc/auth.me`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(me.status).toBe(200);
    const data = ((await me.json()) as { result: { data: { sessionExpiresAt: string } } }).result.data;
    expect(typeof data.sessionExpiresAt).toBe('string'); // plain JSON: dates as ISO strings
    expect(new Date(data.sessionExpiresAt).toISOString()).toBe(data.sessionExpiresAt);
  });

  it('refuses a foreign Origin with 403 and sets no cookie', async () => {
    const res = await signIn({ origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('without Origin, refuses a foreign Referer with 403 and accepts its own', async () => {
    const foreign = await signIn({ referer: 'https://evil.example/login-helper' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.getSetCookie()).toEqual([]);
    expect((await signIn({ referer: 'not a url' })).status).toBe(403);
    expect((await signIn({ referer: `${base}/sign-in?next=%2F` })).status).toBe(200);
  });

  it('accepts its own Origin', async () => {
    const res = await signIn({ origin: base });
    expect(res.status).toBe(200);
  });

  it('answers 401 without a session, with a translated message', async () => {
    const zh = await fetch(`${base}/api/trpc/station.list`);
    expect(zh.status).toBe(401);
    expect(((await zh.json()) as { error: { message: string } }).error.message).toBe('请先登录。');
    const en = await fetch(`${base}/api/trpc/station.list`, { headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(((await en.json()) as { error: { message: string } }).error.message).toBe('Please sign in.');
  });

  it('answers 400 for malformed JSON and 413 for an oversized body', async () => {
    expect((await signIn({}, '{"email":')).status).toBe(400);
    const huge = await signIn({}, JSON.stringify({ email, password: 'x'.repeat(2 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
  });

  it('answers 404 for an unknown procedure', async () => {
    const res = await fetch(`${base}/api/trpc/nope.nothing`);
    expect(res.status).toBe(404);
  });
});

describe('tRPC wire protocol', () => {
  it('works with the official client, single and batched, including errors', async () => {
    const cookie = (await signIn()).headers.getSetCookie()[0]!.split(';')[0]!;
    const single = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/api/trpc`, headers: { cookie } })] });
    const me = await single.auth.me.query();
    expect(me.user.email).toBe(email);

    const batched = createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${base}/api/trpc`, headers: { cookie } })] });
    const [stations, buildings, again] = await Promise.all([
      batched.station.list.query(),
      batched.building.list.query({}),
      batched.auth.me.query(),
    ]);
    expect(stations).toHaveLength(2);
    expect(buildings).toHaveLength(4);
    expect(again.user.id).toBe(me.user.id);

    const [ok, bad] = await Promise.allSettled([
      batched.station.list.query(),
      batched.auth.switchTenant.mutate({ tenantId: 'not-a-uuid' }),
    ]);
    expect(ok.status).toBe('fulfilled');
    expect(bad.status).toBe('rejected');
    const err = (bad as PromiseRejectedResult).reason as TRPCClientError<AppRouter>;
    expect(err).toBeInstanceOf(TRPCClientError);
    expect(err.data?.code).toBe('BAD_REQUEST');
    expect(err.data?.httpStatus).toBe(400);
  });

  it('refuses a batch of more than 20 calls with 400 before any of them runs', async () => {
    const cookie = (await signIn()).headers.getSetCookie()[0]!.split(';')[0]!;
    const calls = (n: number) => Array.from({ length: n }, () => 'auth.me').join(',');
    const ok = await fetch(`${base}/api/trpc/${calls(20)}?batch=1&input={}`, { headers: { cookie } });
    expect(ok.status).toBe(200);
    const big = await fetch(`${base}/api/trpc/${calls(21)}?batch=1&input={}`, { headers: { cookie, 'accept-language': 'en' } });
    expect(big.status).toBe(400);
    const answers = (await big.json()) as { error: { message: string; data: { messageKey: string } } }[];
    expect(answers).toHaveLength(21);
    expect(answers[0]!.error.data.messageKey).toBe('errors.batchTooLarge');
    expect(answers[0]!.error.message).toBe('Too many calls in one request (at most 20).');

    // 21 creates sent at once: refused whole, nothing written.
    const title = `批量上限-${Date.now()}`;
    const input = Object.fromEntries(
      Array.from({ length: 21 }, (_, i) => [i, { kind: 'consultation', title, description: '一次请求里太多调用', channel: 'phone', stationId: tenantStation }]),
    );
    const creates = await fetch(`${base}/api/trpc/${Array.from({ length: 21 }, () => 'workItem.create').join(',')}?batch=1`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(creates.status).toBe(400);
    const written = await t.owner.kysely.selectFrom('work_items').select('id').where('title', '=', title).execute();
    expect(written).toEqual([]);
  });

  it('refuses a mutation sent as GET and a query sent as POST', async () => {
    const get = await fetch(`${base}/api/trpc/auth.signOut`);
    expect(get.status).toBe(405);
    const post = await fetch(`${base}/api/trpc/station.list`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });
});

describe('behind a proxy (TRUST_PROXY)', () => {
  /** This test plays the proxy: a client wrote the left entries, the proxy appended the client's address. */
  const guess = (url: string, n: number, forwardedFor: string) =>
    fetch(`${url}/api/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ email: `guess-${n}@nowhere.test`, password: 'Wrong-guess-1' }),
    });

  it('keys the sign-in throttle on the address the proxy appended, however the client rotates its own entry', async () => {
    const proxied = createAppServer({ deps: apiDeps(t.db), trustProxy: 1 });
    const url = await listen(proxied);
    try {
      for (let n = 0; n < MAX_FAILURES; n++) expect((await guess(url, n, `10.9.${n}.1, 198.51.100.7`)).status).toBe(400);
      expect((await guess(url, 100, '10.9.100.1, 198.51.100.7')).status).toBe(429);
      expect((await guess(url, 101, '10.9.100.1, 198.51.100.8')).status).toBe(400); // another client is not blocked
    } finally {
      await new Promise((r) => proxied.close(r));
    }
  });

  it('skips as many proxies as it is told to trust', async () => {
    const proxied = createAppServer({ deps: apiDeps(t.db), trustProxy: 2 });
    const url = await listen(proxied);
    try {
      // client-written, the client (appended by the outer proxy), the outer proxy (appended by the inner one)
      for (let n = 0; n < MAX_FAILURES; n++) expect((await guess(url, 200 + n, `10.8.${n}.1, 198.51.100.9, 10.0.0.2`)).status).toBe(400);
      expect((await guess(url, 300, '10.8.100.1, 198.51.100.9, 10.0.0.3')).status).toBe(429);
    } finally {
      await new Promise((r) => proxied.close(r));
    }
  });
});

describe('probes', () => {
  it('/healthz answers ok', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is 200 when database and queue answer', async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
  });

  it('/readyz is 200 "degraded" naming the queue when only the queue fails (requests still work)', async () => {
    const broken = createAppServer({ deps: apiDeps(t.db, { queue: null }), trustProxy: 0 });
    const url = await listen(broken);
    try {
      const res = await fetch(`${url}/readyz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: 'degraded', failed: ['queue'], checks: { database: 'ok' } });
    } finally {
      await new Promise((r) => broken.close(r));
    }
  });
});

describe('answers from the read cache (ADR 010)', () => {
  it('are byte for byte the JSON read from Postgres, alone and in a batch, and follow a change', async () => {
    const reads = await processReads(t.owner);
    const cached = createAppServer({ deps: apiDeps(t.db, { reads: reads.reads }), trustProxy: 0 });
    const cachedBase = await listen(cached);
    try {
      const cookie = (await signIn()).headers.getSetCookie()[0]!.split(';')[0]!;
      const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${base}/api/trpc`, headers: { cookie } })] });
      const create = (title: string) => api.workItem.create.mutate({ kind: 'consultation', title, description: '缓存与数据库逐字一致', channel: 'phone', stationId: tenantStation });
      await create('读缓存：第一件');
      const input = encodeURIComponent(JSON.stringify({ view: 'queue' }));
      const body = async (url: string) => {
        const res = await fetch(url, { headers: { cookie } });
        expect(res.status).toBe(200);
        return res.text();
      };
      const single = `/api/trpc/workItem.list?input=${input}`;
      const batch = `/api/trpc/workItem.list,workItem.list?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { view: 'queue' }, 1: { view: 'queue' } }))}`;
      const fromPostgres = await body(base + single);
      expect((JSON.parse(fromPostgres) as { result: { data: { items: unknown[] } } }).result.data.items).toHaveLength(1);
      expect(await body(cachedBase + single)).toBe(fromPostgres); // read, and kept
      expect(await body(cachedBase + single)).toBe(fromPostgres); // kept
      expect(await body(cachedBase + batch)).toBe(await body(base + batch));

      await create('读缓存：第二件'); // through the other server: heard as a notice
      await reads.heard();
      const changed = await body(base + single);
      expect(changed).not.toBe(fromPostgres);
      expect(await body(cachedBase + single)).toBe(changed);
    } finally {
      await new Promise((r) => cached.close(r));
      await reads.close();
    }
  });
});
