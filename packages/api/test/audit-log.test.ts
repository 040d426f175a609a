import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { inject } from 'vitest';
import ExcelJS from 'exceljs';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * The audit log viewer (issue 21): managers list their tenant's audit log newest first, filtered by
 * person, action and period, a keyset page at a time, and export it (the export itself audited);
 * staff and other tenants see none of it; the app role can neither change nor remove an entry —
 * no privilege, and a trigger refusing it even were a privilege granted.
 */
let t: ReturnType<typeof openTestDb>;
let a: TestTenant;
let b: TestTenant;
let manager: Client;
let staff: Client;
let otherManager: Client;
let managerId: string;
let staffId: string;

// Typed as at least one row: the counts below always answer one.
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as [T, ...T[]];

beforeAll(async () => {
  t = openTestDb();
  a = await makeTenant(t.owner, { stations: 1 });
  b = await makeTenant(t.owner, { stations: 1 });
  const deps = apiDeps(t.db);
  const m = await makeMember(t.owner, a, 'manager');
  const s = await makeMember(t.owner, a, 'staff');
  managerId = m.id;
  staffId = s.id;
  await q(`update users set display_name = '审计管理员' where id = $1`, [m.id]);
  manager = await signedIn(deps, m.email);
  staff = await signedIn(deps, s.email);
  otherManager = await signedIn(deps, (await makeMember(t.owner, b, 'manager')).email);
  // Tenant A: 30 entries over 3 days (Shanghai time), alternating people and actions; tenant B: 5 of its own.
  await q(
    `insert into audit_log (tenant_id, at, actor_user_id, action, subject_type, subject_id, data, ip)
     select $1, timestamptz '2026-03-01 09:00:00+08' + (g * interval '2 hours'),
            case when g % 2 = 0 then $2::uuid else $3::uuid end,
            case when g % 3 = 0 then 'dispute.partyRevealed' else 'enterprise.updated' end,
            'calendar', g::text, jsonb_build_object('n', g), '10.0.0.1'
       from generate_series(1, 30) g`,
    [a.tenantId, managerId, staffId],
  );
  await q(
    `insert into audit_log (tenant_id, at, actor_user_id, action, subject_type, subject_id)
     select $1, timestamptz '2026-03-01 10:00:00+08' + (g * interval '1 hour'), null, 'future.somethingNew', 'x', 'b' || g from generate_series(1, 5) g`,
    [b.tenantId],
  );
  await q(`insert into audit_log (tenant_id, at, action, subject_type) values ($1, timestamptz '2026-03-02 12:00:00+08', 'future.somethingNew', 'x')`, [a.tenantId]);
});
afterAll(() => t.close());

describe('audit.list', () => {
  it('pages through the whole log newest first, exactly the tenant’s rows once each', async () => {
    const seen: { id: string; at: string }[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const page = await manager.call((api) => api.audit.list({ limit: 7, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const expected = await q<{ id: string }>(`select id from audit_log where tenant_id = $1 order by at desc, id desc`, [a.tenantId]);
    expect(seen.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(expected.length).toBeGreaterThanOrEqual(31);
  });

  it('filters by person, action and period (local days, both ends inclusive)', async () => {
    const byPerson = await manager.call((api) => api.audit.list({ actorUserId: staffId, limit: 200 }));
    const [{ n: personCount }] = await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and actor_user_id = $2`, [a.tenantId, staffId]);
    expect(byPerson.items).toHaveLength(personCount!);
    expect(byPerson.items.every((r) => r.actor?.userId === staffId)).toBe(true);

    const byAction = await manager.call((api) => api.audit.list({ action: 'dispute.partyRevealed', limit: 200 }));
    expect(byAction.items).toHaveLength(10);

    const day = await manager.call((api) => api.audit.list({ from: '2026-03-02', to: '2026-03-02', limit: 200 }));
    const [{ n: dayCount }] = await q<{ n: number }>(
      `select count(*)::int as n from audit_log where tenant_id = $1 and at >= timestamptz '2026-03-02 00:00+08' and at < timestamptz '2026-03-03 00:00+08'`,
      [a.tenantId],
    );
    expect(day.items).toHaveLength(dayCount!);
    expect(dayCount).toBeGreaterThan(0);
    const manager2 = await manager.call((api) => api.audit.list({ actorUserId: managerId, action: 'enterprise.updated', from: '2026-03-01', to: '2026-03-03', limit: 200 }));
    expect(manager2.items.map((r) => r.actor?.name)).toEqual(Array(manager2.items.length).fill('审计管理员'));
  });

  it('refuses staff, and another tenant’s manager sees only their own', async () => {
    expect((await error(staff.call((api) => api.audit.list({})))).code).toBe('FORBIDDEN');
    expect((await error(staff.call((api) => api.audit.export({})))).code).toBe('FORBIDDEN');
    const other = await otherManager.call((api) => api.audit.list({ limit: 200 }));
    // Their own tenant's rows only: the five written there, beside their own sign-in.
    const written = other.items.filter((r) => r.action !== 'auth.signedIn');
    expect(written).toHaveLength(5);
    expect(written.every((r) => r.action === 'future.somethingNew')).toBe(true);
    expect(other.items.length - written.length).toBe(1);
  });

  it('refuses a forged cursor', async () => {
    expect(keyOf(await error(manager.call((api) => api.audit.list({ cursor: 'bm90LWEtY3Vyc29y' }))))).toBe('errors.invalidCursor');
  });
});

describe('audit.export', () => {
  it('writes the filtered rows with readable action names, an unknown action as written, and audits itself', async () => {
    const r = await manager.call((api) => api.audit.export({ from: '2026-03-01', to: '2026-03-04' }));
    const [{ n }] = await q<{ n: number }>(
      `select count(*)::int as n from audit_log where tenant_id = $1 and at >= timestamptz '2026-03-01 00:00+08' and at < timestamptz '2026-03-05 00:00+08'`,
      [a.tenantId],
    );
    expect(r.rows).toBe(n);
    const [file] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [r.fileId]);
    const { testStorage } = await import('@stationdesk/test-utils');
    const chunks: Buffer[] = [];
    for await (const c of await testStorage().get(file!.storage_key)) chunks.push(c as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    expect(sheet.rowCount).toBe(n! + 1);
    const labels = new Set<string>();
    sheet.eachRow((row, i) => {
      if (i > 1) labels.add(String(row.getCell(3).value));
    });
    expect(labels).toEqual(new Set(['查看调解当事人信息', '修改企业档案', 'future.somethingNew']));
    const audit = await q<{ actor_user_id: string; subject_id: string; data: { rows: number } }>(
      `select actor_user_id, subject_id, data from audit_log where tenant_id = $1 and action = 'audit.exported'`,
      [a.tenantId],
    );
    expect(audit).toEqual([{ actor_user_id: managerId, subject_id: r.fileId, data: expect.objectContaining({ rows: n }) }]);
  });
});

describe('append-only', () => {
  async function asApp<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: inject('db').appUrl });
    await c.connect();
    try {
      await c.query('begin');
      await c.query(`select set_config('app.tenant_id', $1, true)`, [a.tenantId]);
      return await fn(c);
    } finally {
      await c.query('rollback').catch(() => {});
      await c.end();
    }
  }
  const refused = (sql: string) => asApp((c) => c.query(sql).then(() => null, (e: { code?: string; message: string }) => e));

  it('the app role may neither update, delete nor truncate an entry', async () => {
    for (const sql of [`update audit_log set action = 'x'`, `delete from audit_log`, `truncate audit_log`]) {
      expect(await refused(sql), sql).toMatchObject({ code: '42501' });
    }
    const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'x'`, [a.tenantId]);
    expect(n).toBe(0);
  });

  it('and the trigger refuses them even if the privilege were granted again', async () => {
    const role = inject('db').appRole;
    await q(`grant update, delete on audit_log to ${role}`);
    try {
      for (const sql of [`update audit_log set action = 'x'`, `delete from audit_log`]) {
        expect(await refused(sql), sql).toMatchObject({ code: '42501', message: expect.stringContaining('append-only') });
      }
    } finally {
      await q(`revoke update, delete on audit_log from ${role}`);
    }
    const [{ n }] = await q<{ n: number }>(`select count(*)::int as n from audit_log where tenant_id = $1`, [a.tenantId]);
    expect(n).toBeGreaterThanOrEqual(31);
  });
});
