import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, uid, type Client, type TestTenant } from '@stationdesk/test-utils';
import { readTable } from '@stationdesk/services';

/**
 * The party organisations registry a keyset page at a time (issue 20): by type, name and id
 * across the registry's own rows and the enterprise files' branches (the view's two sides), the
 * filters kept from page to page, the pages joined equal to the SQL-counted filtered set without
 * a row twice, and the export still every filtered row.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let station0: string;
let station1: string;
const deps = () => apiDeps(t.db);
const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

type Filters = { type?: 'member_unit' | 'two_new' | 'enterprise_branch' | 'community'; stationId?: string; status?: 'active' | 'left'; q?: string };

/** Every page of the list with these filters, `limit` rows at a time. */
async function allPages(c: Client, filters: Filters, limit: number) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await c.call((api) => api.partyOrg.list({ ...filters, limit, ...(cursor ? { cursor } : {}) }));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((o) => o.id));
    pages++;
    if (!page.nextCursor) break;
    expect(page.items).toHaveLength(limit);
    cursor = page.nextCursor;
  }
  return { ids, pages };
}

/** The same set straight from SQL, in the registry's order. */
async function sqlIds(where: string, params: unknown[]) {
  const rows = await q<{ id: string }>(`select id from party_organisations where tenant_id = $1 ${where} order by type, name, id`, [tenant.tenantId, ...params]);
  return rows.map((r) => r.id);
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  station0 = tenant.stations[0]!.id;
  station1 = tenant.stations[1]!.id;
  manager = await signedIn(deps(), (await makeMember(t.owner, tenant, 'manager')).email);
  staff = await signedIn(deps(), (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  // 230 organisations of the registry: four types, two stations, some left; names that share
  // prefixes and repeat across types (the id breaks ties within a type and name).
  const types = ['member_unit', 'two_new', 'community'];
  const values: unknown[] = [];
  const rows: string[] = [];
  for (let i = 0; i < 230; i++) {
    const type = types[i % 3]!;
    const name = `${i % 2 ? '虹桥' : '枢纽'}单位${String(i % 40).padStart(2, '0')}-${uid()}`;
    const left = i % 7 === 0;
    values.push(tenant.tenantId, type, name, i % 4 === 0 ? station1 : station0, left ? 'left' : 'active', left ? '2026-01-05' : null);
    const n = values.length;
    rows.push(`($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}::date)`);
  }
  await q(`insert into party_orgs (tenant_id, type, name, station_id, status, left_on) values ${rows.join(', ')}`, values);
  // Two enterprise files have a branch: they are in the registry from the files.
  await q(`update enterprises set has_party_branch = true, party_members = 9 where id = any($1::uuid[])`, [tenant.enterpriseIds.slice(0, 2)]);
});
afterAll(() => t.close());

describe('partyOrg.list: keyset pages', () => {
  it('pages through every row once, in the registry order, counts over the whole filtered set', async () => {
    const expected = await sqlIds('', []);
    expect(expected.length).toBe(232);
    const { ids, pages } = await allPages(manager, {}, 25);
    expect(pages).toBe(10);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    const first = await manager.call((api) => api.partyOrg.list({ limit: 25 }));
    expect(first.counts.total).toBe(232);
    expect(first.counts.byType.enterprise_branch).toBe(2);
  });

  it('keeps the filters from page to page: type, station, status and name', async () => {
    const cases: [Filters, string, unknown[]][] = [
      [{ type: 'two_new' }, `and type = $2`, ['two_new']],
      [{ stationId: station1, status: 'active' }, `and station_id = $2 and status = $3`, [station1, 'active']],
      [{ q: '虹桥' }, `and name like $2`, ['%虹桥%']],
      [{ type: 'member_unit', status: 'left', q: '枢纽' }, `and type = $2 and status = $3 and name like $4`, ['member_unit', 'left', '%枢纽%']],
    ];
    for (const [filters, where, params] of cases) {
      const expected = await sqlIds(where, params);
      expect(expected.length).toBeGreaterThan(0);
      const { ids } = await allPages(manager, filters, 7);
      expect(ids, JSON.stringify(filters)).toEqual(expected);
      const first = await manager.call((api) => api.partyOrg.list({ ...filters, limit: 7 }));
      if (filters.type) expect(first.counts.byType[filters.type]).toBe(expected.length);
    }
  });

  it('gives staff only their station’s rows, page after page', async () => {
    const expected = await sqlIds(`and station_id = $2`, [station0]);
    const { ids } = await allPages(staff, {}, 30);
    expect(ids).toEqual(expected);
  });

  it('refuses a cursor it never issued, and the export still holds every filtered row', async () => {
    expect(keyOf(await error(manager.call((api) => api.partyOrg.list({ cursor: 'bm90IGEgY3Vyc29y' }))))).toBe('errors.invalidCursor');
    // More rows than a page: the export is not a page.
    const expected = await sqlIds(`and status = $2`, ['active']);
    expect(expected.length).toBeGreaterThan(150);
    const file = await manager.call((api) => api.partyOrg.export({ status: 'active' }));
    expect(file.rows).toBe(expected.length);
    const [stored] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [file.fileId]);
    const chunks: Buffer[] = [];
    for await (const c of await testStorage().get(stored!.storage_key)) chunks.push(c as Buffer);
    const table = await readTable(Buffer.concat(chunks), 'xlsx', { maxRows: 1000 });
    expect(table.ok).toBe(true);
    // The first row is the header.
    expect((table as { rows: { rowNumber: number }[] }).rows.filter((r) => r.rowNumber > 1)).toHaveLength(expected.length);
  });
});
