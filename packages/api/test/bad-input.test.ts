import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import { appRouter } from '@stationdesk/api';
import { apiDeps, makeMember, makeTenant, makeUser, openTestDb, signedIn, type Client } from '@stationdesk/test-utils';

/**
 * Every procedure with an input, fed empty, oversized and mistyped input, answers BAD_REQUEST with
 * a translated sentence and leaves the database exactly as it was. Procedures are read from the
 * router, so a new one is covered the day it is added.
 */
let t: ReturnType<typeof openTestDb>;
let manager: Client;
let admin: Client;
let operator: Client;

type Proc = { _def: { type: string; inputs: z.ZodType[] } };
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, Proc> } })._def.procedures);

beforeAll(async () => {
  t = openTestDb();
  const tenant = await makeTenant(t.owner);
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
