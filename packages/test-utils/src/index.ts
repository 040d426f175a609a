import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from '@stationdesk/storage';
import pino from 'pino';
import { inject } from 'vitest';
import { hashPassword } from '@stationdesk/auth';
import { ChangeFeed, createDb, demoCreditCode, withPlatform, withTenant, type Db } from '@stationdesk/db';
import { createCaller, createContext, createReadCaches, type ApiDeps, type ReadCaches } from '@stationdesk/api';
import type { TenantRole } from '@stationdesk/core';
import './provided.ts';
import { allowRobotHosts } from '@stationdesk/services';

export { createTestDatabase } from './test-database.ts';
export { error, keyOf } from './trpc-errors.ts';

const silent = pino({ level: 'silent' });

/** The run's database, once as the owner (factories) and once as the app role (the code under test). */
export function openTestDb(): { db: Db; owner: Db; close(): Promise<void> } {
  const info = inject('db');
  const db = createDb(info.appUrl, { max: 10, applicationName: 'sd-test' });
  const owner = createDb(info.ownerUrl, { max: 4, applicationName: 'sd-test-owner' });
  return { db, owner, close: async () => void (await Promise.all([db.close(), owner.close()])) };
}

export const uid = () => randomBytes(4).toString('hex');

/**
 * One web process's read caches (ADR 010): a ChangeFeed listening on the test database. `heard()`
 * resolves once every change committed before it has reached this process: notifications arrive
 * in commit order, so it sends one of its own and waits for it.
 */
export async function processReads(owner: Db): Promise<{ reads: ReadCaches; feed: ChangeFeed; heard(): Promise<void>; close(): Promise<void> }> {
  const feed = new ChangeFeed(inject('db').appUrl);
  await feed.start();
  return {
    reads: createReadCaches(feed),
    feed,
    async heard() {
      const at = feed.mark();
      if (at === null) throw new Error('the change feed is not listening');
      const key = `test:${uid()}`;
      await owner.pool.query(`select pg_notify('sd_changes', $1)`, [key]);
      const until = Date.now() + 5000;
      while (feed.unchangedSince(at, [key])) {
        if (Date.now() > until) throw new Error('the change feed heard nothing for 5 s');
        await new Promise((r) => setTimeout(r, 2));
      }
    },
    close: () => feed.close(),
  };
}
export const PASSWORD = 'Test!pass-2026';

let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => (passwordHash ??= hashPassword(PASSWORD));

export interface TestTenant {
  tenantId: string;
  slug: string;
  stations: { id: string; code: string; buildingIds: string[] }[];
  enterpriseIds: string[];
}

let codeCounter = Math.floor(Math.random() * 1_000_000);

/** A tenant with `stations` stations of two buildings each and one enterprise per building. */
export async function makeTenant(owner: Db, opts: { stations?: number; name?: string } = {}): Promise<TestTenant> {
  const slug = `t-${uid()}`;
  const tenant = await withPlatform(owner, (trx) =>
    trx.insertInto('tenants').values({ slug, name: opts.name ?? `测试街道${slug}` }).returning('id').executeTakeFirstOrThrow(),
  );
  return withTenant(owner, tenant.id, async (trx) => {
    const stations: TestTenant['stations'] = [];
    const enterpriseIds: string[] = [];
    for (let i = 0; i < (opts.stations ?? 2); i++) {
      const code = `S${i + 1}`;
      const station = await trx
        .insertInto('stations')
        .values({ tenant_id: tenant.id, code, name: `工作站${i + 1}`, name_en: `Station ${i + 1}` })
        .returning('id')
        .executeTakeFirstOrThrow();
      const buildings = await trx
        .insertInto('buildings')
        .values([1, 2].map((b) => ({ tenant_id: tenant.id, station_id: station.id, name: `${code}-楼${b}` })))
        .returning('id')
        .execute();
      for (const b of buildings) {
        const e = await trx
          .insertInto('enterprises')
          .values({
            tenant_id: tenant.id,
            name: `测试企业${codeCounter}有限公司`,
            credit_code: demoCreditCode(codeCounter++),
            station_id: station.id,
            building_id: b.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        enterpriseIds.push(e.id);
      }
      stations.push({ id: station.id, code, buildingIds: buildings.map((b) => b.id) });
    }
    return { tenantId: tenant.id, slug, stations, enterpriseIds };
  });
}

export async function makeUser(owner: Db, opts: { email?: string; name?: string; platformAdmin?: boolean } = {}) {
  const email = opts.email ?? `u-${uid()}@example.test`;
  const user = await withPlatform(owner, async (trx) =>
    trx
      .insertInto('users')
      .values({
        email,
        display_name: opts.name ?? '测试用户',
        password_hash: await testPasswordHash(),
        is_platform_admin: opts.platformAdmin ?? false,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return { id: user.id, email };
}

export async function addMember(
  owner: Db,
  opts: { tenantId: string; userId: string; role: TenantRole; stationIds?: string[]; enterpriseId?: string },
) {
  return withTenant(owner, opts.tenantId, async (trx) => {
    const m = await trx
      .insertInto('memberships')
      .values({ tenant_id: opts.tenantId, user_id: opts.userId, role: opts.role, enterprise_id: opts.enterpriseId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (opts.stationIds?.length) {
      await trx
        .insertInto('membership_stations')
        .values(opts.stationIds.map((s) => ({ tenant_id: opts.tenantId, membership_id: m.id, station_id: s })))
        .execute();
    }
    return m.id;
  });
}

/** A member of `tenant` with the role, ready to sign in. */
export async function makeMember(owner: Db, tenant: TestTenant, role: TenantRole, opts: { stationIndexes?: number[]; enterpriseIndex?: number } = {}) {
  const user = await makeUser(owner);
  await addMember(owner, {
    tenantId: tenant.tenantId,
    userId: user.id,
    role,
    ...(role === 'staff' ? { stationIds: (opts.stationIndexes ?? [0]).map((i) => tenant.stations[i]!.id) } : {}),
    ...(role === 'enterprise_admin' ? { enterpriseId: tenant.enterpriseIds[opts.enterpriseIndex ?? 0]! } : {}),
  });
  return user;
}

let storage: LocalDiskStorage | undefined;
/** Files written by tests go to one temp directory per test process, removed at exit. */
export function testStorage(): LocalDiskStorage {
  if (!storage) {
    const dir = mkdtempSync(join(tmpdir(), 'sd-files-'));
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    storage = new LocalDiskStorage(dir);
  }
  return storage;
}

export function apiDeps(db: Db, overrides: Partial<ApiDeps> = {}): ApiDeps {
  // The tests' robots are local servers on 127.0.0.1 (named exactly: `localhost` or any other inside address stays refused).
  allowRobotHosts(['127.0.0.1']);
  return { db, logger: silent, queue: null, storage: testStorage(), allowedOrigins: [], ...overrides };
}

export interface TestClient {
  caller: ReturnType<typeof createCaller>;
  /** Set-Cookie headers of the last call. */
  lastSetCookies: string[];
  cookie: string;
}

/** A tRPC caller that keeps cookies between calls, like a browser. */
export function client(deps: ApiDeps, opts: { ip?: string; origin?: string; headers?: Record<string, string> } = {}) {
  const state = { cookie: '', lastSetCookies: [] as string[] };
  const make = () => {
    const resHeaders = new Headers();
    const headers = new Headers({ ...(opts.headers ?? {}) });
    if (state.cookie) headers.set('cookie', state.cookie);
    const ctx = createContext(deps, {
      headers,
      resHeaders,
      ip: opts.ip ?? '127.0.0.1',
      origin: opts.origin ?? 'http://127.0.0.1:3000',
      requestId: uid(),
    });
    return { caller: createCaller(ctx), resHeaders };
  };
  const applyCookies = (resHeaders: Headers) => {
    state.lastSetCookies = resHeaders.getSetCookie();
    for (const c of state.lastSetCookies) {
      const m = /^sd_session=([^;]*)/.exec(c);
      if (m) state.cookie = m[1] ? `sd_session=${m[1]}` : '';
    }
  };
  return {
    state,
    /** Runs one call with a fresh context (one request), then applies its cookies. */
    async call<T>(fn: (caller: ReturnType<typeof createCaller>) => Promise<T>): Promise<T> {
      const { caller, resHeaders } = make();
      try {
        return await fn(caller);
      } finally {
        applyCookies(resHeaders);
      }
    },
  };
}

export type Client = ReturnType<typeof client>;

export async function signedIn(deps: ApiDeps, email: string, password = PASSWORD): Promise<Client> {
  const c = client(deps);
  await c.call((api) => api.auth.signIn({ email, password }));
  return c;
}
