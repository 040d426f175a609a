import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { ZodError, type z } from 'zod';
import { appRouter } from '@stationdesk/api';
import { apiDeps, error, keyOf, makeMember, makeTenant, makeUser, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * Every procedure with an input, fed empty, oversized and mistyped input, answers BAD_REQUEST with
 * a translated sentence and leaves the database exactly as it was. Procedures are read from the
 * router, so a new one is covered the day it is added.
 */
let t: ReturnType<typeof openTestDb>;
let manager: Client;
let admin: Client;
let operator: Client;
let tenant: TestTenant;

type Proc = { _def: { type: string; inputs: z.ZodType[] } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures);

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const m = await makeMember(t.owner, tenant, 'manager');
  manager = await signedIn(apiDeps(t.db, { queue: null }), m.email);
  admin = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'enterprise_admin')).email);
  const op = await makeUser(t.owner, { platformAdmin: true });
  operator = await signedIn(apiDeps(t.db), op.email);
});
afterAll(() => t.close());

async function snapshot(): Promise<Record<string, number>> {
  const { rows } = await t.owner.pool.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sign_in_throttle'`,
  );
  const out: Record<string, number> = {};
  for (const r of rows) {
    const c = await t.owner.pool.query(`select count(*)::int as n, coalesce(sum(hashtext(x::text)), 0)::text as h from ${r.table_name} x`);
    out[r.table_name] = c.rows[0].n * 1e9 + Number(BigInt(c.rows[0].h) % 1_000_000_000n);
  }
  return out;
}

function unwrap(schema: z.ZodType): { type: string; inner: z.ZodType } {
  let s = schema as z.ZodType & { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } };
  while (['optional', 'nullable', 'default', 'pipe', 'prefault'].includes(s._zod.def.type)) {
    s = (s._zod.def.innerType ?? s._zod.def.in) as typeof s;
  }
  return { type: s._zod.def.type, inner: s };
}

const wrongValueFor = (type: string): unknown => (type === 'array' ? 'not-a-list' : type === 'number' ? 'twelve' : [1, 2, 3]);
const hugeValueFor = (type: string): unknown =>
  type === 'array' ? Array.from({ length: 20_000 }, () => 'x'.repeat(50)) : type === 'number' ? 1e308 : 'x'.repeat(1_000_000);

function badInputs(schema: z.ZodType): { label: string; input: unknown }[] {
  const { type, inner } = unwrap(schema);
  const cases: { label: string; input: unknown }[] = [
    { label: 'a string instead of an object', input: 'hello' },
    { label: 'an array instead of an object', input: [] },
  ];
  if (type !== 'object') return cases;
  const shape = (inner as unknown as { shape: Record<string, z.ZodType> }).shape;
  if (!schema.safeParse({}).success) cases.push({ label: 'empty object', input: {} });
  for (const [key, field] of Object.entries(shape)) {
    const ft = unwrap(field).type;
    cases.push({ label: `${key}: wrong type`, input: { [key]: wrongValueFor(ft) } });
    cases.push({ label: `${key}: oversized`, input: { [key]: hugeValueFor(ft) } });
  }
  return cases;
}

const invoke = (c: Client, path: string, input: unknown) =>
  c
    .call((api) => path.split('.').reduce<any>((node, key) => node[key], api)(input))
    .then(
      () => null,
      (e: unknown) => e,
    );

/** The role allowed to call the procedure: role checks run before input validation. */
async function callerFor(path: string): Promise<Client> {
  for (const c of [manager, admin, operator]) {
    const e = await invoke(c, path, 'not-an-object');
    if (!(e instanceof TRPCError && e.code === 'FORBIDDEN')) return c;
  }
  throw new Error(`no role may call ${path}`);
}

describe('bad input', () => {
  const withInput = procedures.filter(([, p]) => p._def.inputs.length > 0);

  it('covers the procedures that take input', () => {
    expect(withInput.map(([path]) => path)).toEqual(expect.arrayContaining(['auth.signIn', 'auth.switchTenant', 'building.list']));
  });

  for (const [path, proc] of withInput) {
    it(`${path} refuses empty, oversized and mistyped input with a translated BAD_REQUEST and writes nothing`, async () => {
      const before = await snapshot();
      const c = await callerFor(path);
      for (const { label, input } of badInputs(proc._def.inputs[0]!)) {
        const error = await invoke(c, path, input);
        expect(error, `${path} with ${label}`).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code, `${path} with ${label}`).toBe('BAD_REQUEST');
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it('answers in the caller’s language, naming the field', async () => {
    const { createCaller, createContext } = await import('@stationdesk/api');
    const { getErrorShape } = await import('@trpc/server/unstable-core-do-not-import');
    const shapes: Record<string, string> = {};
    for (const lang of ['zh-CN', 'en']) {
      const ctx = createContext(apiDeps(t.db), {
        headers: new Headers({ cookie: `sd_lang=${lang}` }),
        resHeaders: new Headers(),
        ip: null,
        origin: 'http://127.0.0.1:3000',
        requestId: 'x',
      });
      const error = await createCaller(ctx)
        .auth.signIn({ email: 'not-an-email', password: '' })
        .catch((e: TRPCError) => e);
      const shape = getErrorShape({ config: appRouter._def._config, error: error as TRPCError, type: 'mutation', path: 'auth.signIn', input: {}, ctx });
      shapes[lang] = shape.message;
      expect((shape.data as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['email', 'password']);
    }
    expect(shapes['zh-CN']).toMatch(/^输入有误: email — /);
    expect(shapes.en).toMatch(/^Invalid input: email — wrong format/);
  });
});

/** Every string the schema takes, by path (through objects, lists and optional wrappers; unions are left out). */
function stringPaths(schema: z.ZodType, path: (string | number)[] = []): (string | number)[][] {
  const { type, inner } = unwrap(schema);
  const def = (inner as unknown as { _zod: { def: { element?: z.ZodType } } })._zod.def;
  if (type === 'string') return [path];
  if (type === 'array' && def.element) return stringPaths(def.element, [...path, 0]);
  if (type !== 'object') return [];
  const shape = (inner as unknown as { shape: Record<string, z.ZodType> }).shape;
  return Object.entries(shape).flatMap(([key, field]) => stringPaths(field, [...path, key]));
}

/** An input holding `value` at `path` and nothing else. */
function inputAt(path: (string | number)[], value: unknown): unknown {
  return path.reduceRight<unknown>((inner, key) => (typeof key === 'number' ? [inner] : { [key]: inner }), value);
}

const issuesOf = (e: unknown) => (e instanceof TRPCError && e.cause instanceof ZodError ? e.cause.issues : []);

describe('control characters', () => {
  for (const [path, proc] of procedures.filter(([, p]) => p._def.inputs.length > 0)) {
    const fields = stringPaths(proc._def.inputs[0]!).filter((p) => p.length > 0);
    if (fields.length === 0) continue;
    it(`${path} refuses a NUL byte in every text field`, async () => {
      const c = await callerFor(path);
      for (const field of fields) {
        const e = await invoke(c, path, inputAt(field, 'ab\u0000cd'));
        expect(e, `${path} ${field.join('.')}`).toBeInstanceOf(TRPCError);
        expect((e as TRPCError).code, `${path} ${field.join('.')}`).toBe('BAD_REQUEST');
        expect(issuesOf(e).map((i) => i.path.join('.')), `${path} ${field.join('.')}`).toContain(field.join('.'));
      }
    });
  }

  const refused = async (p: Promise<unknown>, field: string, key = 'errors.validation.controlCharacter') => {
    const e = await error(p);
    expect(e.code).toBe('BAD_REQUEST');
    expect(issuesOf(e).find((i) => i.path.join('.') === field)?.message).toBe(key);
  };

  it('says so for search text, titles and the department filter', async () => {
    await refused(manager.call((api) => api.enterprise.list({ q: '新虹\u0000' })), 'q');
    await refused(manager.call((api) => api.enterprise.search({ q: '新虹\u0000' })), 'q');
    await refused(manager.call((api) => api.workItem.list({ q: '咨询\u0000' })), 'q');
    await refused(manager.call((api) => api.agencyCase.queue({ department: '市场监管局\u0000' })), 'department');
    await refused(
      manager.call((api) => api.workItem.create({ kind: 'consultation', title: '想办理\u0000工商变更', channel: 'walk_in', enterpriseId: tenant.enterpriseIds[0]! })),
      'title',
    );
  });

  it('refuses a line break in a one-line field and keeps it in a text', async () => {
    await refused(
      manager.call((api) => api.workItem.create({ kind: 'consultation', title: '想办理\n工商变更', channel: 'walk_in', enterpriseId: tenant.enterpriseIds[0]! })),
      'title',
      'errors.validation.lineBreak',
    );
    await refused(manager.call((api) => api.enterprise.list({ q: '新虹\r\n科技' })), 'q', 'errors.validation.lineBreak');
    const { id } = await manager.call((api) =>
      api.workItem.create({ kind: 'consultation', title: '想办理工商变更', description: '第一行\n\t第二行', channel: 'walk_in', enterpriseId: tenant.enterpriseIds[0]! }),
    );
    expect((await manager.call((api) => api.workItem.get({ id }))).description).toBe('第一行\n\t第二行');
  });

  it('answers in words, not the key', async () => {
    const { createCaller, createContext } = await import('@stationdesk/api');
    const { getErrorShape } = await import('@trpc/server/unstable-core-do-not-import');
    const ctx = createContext(apiDeps(t.db), { headers: new Headers({ cookie: 'sd_lang=en' }), resHeaders: new Headers(), ip: null, origin: 'http://127.0.0.1:3000', requestId: 'x' });
    const e = await createCaller(ctx)
      .auth.signIn({ email: 'a@example.com', password: 'x\u0000y' })
      .catch((x: TRPCError) => x);
    const shape = getErrorShape({ config: appRouter._def._config, error: e as TRPCError, type: 'mutation', path: 'auth.signIn', input: {}, ctx });
    expect(shape.message).toMatch(/password — .*control character/i);
  });
});

describe('keyset cursors', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const id = '0190a8b0-0000-7000-8000-000000000000';
  const junk: [string, string][] = [
    ['junk', 'not a cursor!'],
    ['junk base64', 'Zm9vYmFy'],
    ['an object', b64({ at: '2026-01-01T00:00:00.000Z', id })],
    ['a non-date key', b64(['yesterday', id])],
    ['year 0000', b64(['0000-01-01T00:00:00.000Z', id])],
    ['a bare 0000-01-01', b64(['0000-01-01', id])],
    ['31 February', b64(['2026-02-31T00:00:00.000Z', id])],
    ['a non-uuid id', b64(['2026-01-01T00:00:00.000Z', 'x'])],
    ['a NUL inside', b64(['2026-01-01T00:00:00.000Z\u0000', id])],
  ];
  const pages: [string, (cursor: string) => (api: any) => Promise<unknown>][] = [
    ['workItem.list queue', (cursor) => (api) => api.workItem.list({ cursor })],
    ['workItem.list all', (cursor) => (api) => api.workItem.list({ view: 'all', cursor })],
    ['agencyCase.queue', (cursor) => (api) => api.agencyCase.queue({ cursor })],
    ['enterprise.list by update', (cursor) => (api) => api.enterprise.list({ sort: 'updated', cursor })],
    ['enterprise.timeline', (cursor) => (api) => api.enterprise.timeline({ enterpriseId: tenant.enterpriseIds[0]!, cursor })],
    ['dispute.list', (cursor) => (api) => api.dispute.list({ cursor })],
    ['delivery.list', (cursor) => (api) => api.delivery.list({ cursor })],
    ['outbox.list', (cursor) => (api) => api.outbox.list({ cursor })],
  ];
  for (const [page, call] of pages) {
    it(`${page} refuses a cursor it never issued with a translated BAD_REQUEST`, async () => {
      for (const [label, cursor] of junk) {
        const e = await error(manager.call(call(cursor)));
        expect(e.code, `${page} with ${label}`).toBe('BAD_REQUEST');
        expect(keyOf(e), `${page} with ${label}`).toBe('errors.invalidCursor');
      }
    });
  }

  it('enterprise.list refuses a name cursor when sorted by update', async () => {
    const e = await error(manager.call((api) => api.enterprise.list({ sort: 'updated', cursor: b64(['测试企业', id]) })));
    expect(keyOf(e)).toBe('errors.invalidCursor');
  });

  it('walks the pages it issues', async () => {
    const first = await manager.call((api) => api.enterprise.list({ sort: 'updated', limit: 1 }));
    const second = await manager.call((api) => api.enterprise.list({ sort: 'updated', limit: 1, cursor: first.nextCursor! }));
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    const byName = await manager.call((api) => api.enterprise.list({ limit: 1 }));
    const next = await manager.call((api) => api.enterprise.list({ limit: 1, cursor: byName.nextCursor! }));
    expect(next.items[0]!.name > byName.items[0]!.name).toBe(true);
  });
});

describe('search text', () => {
  it('one emoji or CJK Extension-B character gets the two-character answer, not every enterprise', async () => {
    for (const q of ['😀', '𠮷', ' 😀 ']) {
      const e = await error(manager.call((api) => api.enterprise.list({ q })));
      expect(keyOf(e), q).toBe('errors.enterprise.searchTooShort');
      expect(keyOf(await error(manager.call((api) => api.enterprise.search({ q })))), q).toBe('errors.enterprise.searchTooShort');
      const w = await error(manager.call((api) => api.workItem.list({ q })));
      expect(issuesOf(w).map((i) => i.code), q).toEqual(['too_small']);
    }
    // The answer one ordinary character gets.
    expect(keyOf(await error(manager.call((api) => api.enterprise.list({ q: '虹' }))))).toBe('errors.enterprise.searchTooShort');
  });

  it('two such characters match only the names that hold them', async () => {
    await t.owner.pool.query(`update enterprises set name = '𠮷野家😀餐饮有限公司' where id = $1`, [tenant.enterpriseIds[1]]);
    for (const q of ['𠮷野', '家😀', '𠮷野家😀餐饮']) {
      const { items } = await manager.call((api) => api.enterprise.list({ q }));
      expect(items.map((e) => e.id), q).toEqual([tenant.enterpriseIds[1]]);
    }
    expect((await manager.call((api) => api.enterprise.list({ q: '😀😀' }))).items).toEqual([]);
  });
});

describe('full-width input', () => {
  const FULL_WIDTH_CODE = '９１３１００００６３１６９６３８２Ｃ';

  it('a full-width credit code is accepted by the API and stored as the importer stores it', async () => {
    const { id } = await manager.call((api) =>
      api.enterprise.create({ name: 'ＡＢＣ　科技（上海）有限公司', creditCode: FULL_WIDTH_CODE, buildingId: tenant.stations[0]!.buildingIds[0]! }),
    );
    const { rows } = await t.owner.pool.query('select credit_code from enterprises where id = $1', [id]);
    expect(rows[0].credit_code).toBe('91310000631696382C');
    // The same code typed half-width is the same enterprise.
    const again = await error(manager.call((api) => api.enterprise.create({ name: '重复企业', creditCode: '91310000631696382c', buildingId: tenant.stations[0]!.buildingIds[0]! })));
    expect(again.code).toBe('CONFLICT');
  });

  it('full-width search text finds the enterprise, and half-width text finds a full-width name', async () => {
    const find = async (q: string) => (await manager.call((api) => api.enterprise.list({ q }))).items.map((e) => e.name);
    expect(await find('ＡＢＣ科技')).toEqual(['ＡＢＣ　科技（上海）有限公司']);
    expect(await find('abc 科技')).toEqual(['ＡＢＣ　科技（上海）有限公司']);
    expect(await find('（上海）')).toEqual(['ＡＢＣ　科技（上海）有限公司']);
    expect(await find(FULL_WIDTH_CODE.slice(0, 12))).toEqual(['ＡＢＣ　科技（上海）有限公司']);
    const { id } = await manager.call((api) => api.workItem.create({ kind: 'consultation', title: 'ＡＢＣ公司咨询社保', channel: 'walk_in', enterpriseId: tenant.enterpriseIds[0]! }));
    const items = await manager.call((api) => api.workItem.list({ view: 'all', q: 'abc公司' }));
    expect(items.items.map((i) => i.id)).toEqual([id]);
  });
});
