import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { localDate } from '@stationdesk/core';
import { apiDeps, client, error, keyOf, makeMember, makeTenant, openTestDb, PASSWORD, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';

/**
 * What the KPI dashboard (issue 18) reads beside the figures: kpi.export, its station × rate table
 * as .xlsx — the very figures kpi.byStation answers, per station the reader may see, in the
 * reader's language —, and kpi.drill per handler, the items behind a number of kpi.byStaff.
 */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let manager: Client;
let staff: Client;
let admin: Client;
let managerEn: Client;
let today: string;
let staffUserId: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as T[];

async function workbook(fileId: string) {
  const [row] = await q<{ storage_key: string }>(`select storage_key from files where id = $1`, [fileId]);
  const chunks: Buffer[] = [];
  for await (const chunk of await testStorage().get(row!.storage_key)) chunks.push(chunk as Buffer);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return wb;
}

/** The sheet's rows as header → value, header row first. */
function rowsOf(wb: ExcelJS.Workbook) {
  const sheet = wb.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const values = (r.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((h, i) => [h, values[i] ?? null])));
  });
  return { name: sheet.name, headers, rows };
}

beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner, { stations: 2 });
  const deps = apiDeps(t.db);
  const managerEmail = (await makeMember(t.owner, tenant, 'manager')).email;
  manager = await signedIn(deps, managerEmail);
  managerEn = client(deps, { headers: { 'accept-language': 'en' } });
  await managerEn.call((api) => api.auth.signIn({ email: managerEmail, password: PASSWORD }));
  const staffUser = await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] });
  staffUserId = staffUser.id;
  staff = await signedIn(deps, staffUser.email);
  admin = await signedIn(
    deps,
    (
      await makeMember(t.owner, tenant, 'enterprise_admin', {
        enterpriseIndex: 0,
      })
    ).email,
  );
  const [tz] = await q<{ timezone: string }>(`select timezone from tenants where id = $1`, [tenant.tenantId]);
  today = localDate(new Date(), tz!.timezone);
  // Station 1: three items contacted in time, one late, two resolved (one confirmed by the requester); station 2: one, contacted late.
  // The staff member holds items 1, 3 and 4; nobody holds the others.
  await q(
    `insert into work_items (tenant_id, kind, number, station_id, title, channel, status, assignee_id, created_at, updated_at,
                             first_contact_at, first_contact_due_at, resolution_due_at, resolved_at, resolved_ok, requester_confirmed)
     select $1, 'consultation', 'KX-' || g, case when g <= 4 then $2::uuid else $3::uuid end, '导出样例 ' || g, 'phone',
            case when g <= 2 then 'visited' else 'in_progress' end, case when g in (1, 3, 4) then $4::uuid end, now() - interval '2 days', now() - interval '2 days',
            now() - interval '2 days' + case when g in (4, 5) then interval '6 hours' else interval '1 hour' end,
            now() - interval '2 days' + interval '4 hours', now() + interval '1 day',
            case when g <= 2 then now() - interval '1 day' end, case when g <= 2 then true end, case when g = 1 then true when g = 2 then false end
       from generate_series(1, 5) g`,
    [tenant.tenantId, tenant.stations[0]!.id, tenant.stations[1]!.id, staffUserId],
  );
});

afterAll(() => t.close());

describe('kpi.export', () => {
  const period = () => ({
    from: `${today.slice(0, 4)}-01-01`,
    to: `${today.slice(0, 4)}-12-31`,
  });

  it("writes kpi.byStation's figures per station: rate in %, numerator and denominator", async () => {
    const { rows: stations } = await manager.call((api) => api.kpi.byStation(period()));
    const file = await manager.call((api) => api.kpi.export(period()));
    expect(file.fileName).toBe(`考核指标-${period().from}-${period().to}.xlsx`);
    expect(file.rows).toBe(2);
    const sheet = rowsOf(await workbook(file.fileId));
    expect(sheet.name).toBe('各工作站指标');
    expect(sheet.headers.slice(0, 4)).toEqual(['工作站', '先行联系率（%）', '先行联系率·分子', '先行联系率·分母']);
    expect(sheet.rows.map((r) => r['工作站'])).toEqual(stations.map((s) => s.stationName));
    const [first, second] = sheet.rows;
    // Station 1: 3 of 4 contacted in time; 1 of 2 resolutions confirmed; the handler declared both.
    expect([first!['先行联系率·分子'], first!['先行联系率·分母'], first!['先行联系率（%）']]).toEqual([3, 4, 75]);
    expect([first!['诉求解决率·分子'], first!['诉求解决率·分母'], first!['诉求解决率（%）']]).toEqual([1, 2, 50]);
    expect([first!['经办人自评解决率·分子'], first!['经办人自评解决率·分母']]).toEqual([2, 2]);
    expect([second!['先行联系率·分子'], second!['先行联系率·分母'], second!['先行联系率（%）']]).toEqual([0, 1, 0]);
    // Nothing rated: no rate, an empty cell rather than 0 %.
    expect([second!['满意率·分母'], second!['满意率（%）']]).toEqual([0, null]);
    for (const [i, s] of stations.entries()) {
      expect(sheet.rows[i]!['按时办结率·分子']).toBe(s.figures.onTime.numerator);
      expect(sheet.rows[i]!['按时办结率·分母']).toBe(s.figures.onTime.denominator);
    }
  });

  it('holds only the stations a staff member works at, and speaks English when asked', async () => {
    const file = await staff.call((api) => api.kpi.export(period()));
    const sheet = rowsOf(await workbook(file.fileId));
    expect(sheet.rows.map((r) => r['工作站'])).toEqual(['工作站1']);
    const en = await managerEn.call((api) => api.kpi.export({ ...period(), kind: 'consultation' }));
    expect(en.fileName).toBe(`KPIs-${period().from}-${period().to}.xlsx`);
    const english = rowsOf(await workbook(en.fileId));
    expect(english.headers.slice(0, 4)).toEqual(['Station', 'First-contact rate (%)', 'First-contact rate: numerator', 'First-contact rate: denominator']);
    expect(english.rows.map((r) => r['Period'])).toEqual([`${period().from} ~ ${period().to} · Consultation`, `${period().from} ~ ${period().to} · Consultation`]);
  });

  it('refuses an enterprise admin and a period the wrong way round', async () => {
    expect(keyOf(await error(admin.call((api) => api.kpi.export(period()))))).toBe('errors.roleNotAllowed');
    expect(keyOf(await error(manager.call((api) => api.kpi.export({ from: '2026-03-01', to: '2026-02-01' }))))).toBe('errors.kpi.badPeriod');
  });
});

describe('kpi.drill per handler', () => {
  const period = () => ({ from: `${today.slice(0, 4)}-01-01`, to: `${today.slice(0, 4)}-12-31` });
  const titles = async (c: Client, staffId: string | null, part: 'numerator' | 'denominator') =>
    (await c.call((api) => api.kpi.drill({ ...period(), metric: 'firstContact', part, staffId }))).items.map((i) => i.title).sort();

  it("lists exactly the items behind a handler's numbers of kpi.byStaff, and those nobody holds", async () => {
    const { rows } = await manager.call((api) => api.kpi.byStaff(period()));
    const mine = rows.find((r) => r.staffId === staffUserId)!;
    const nobodys = rows.find((r) => r.staffId === null)!;
    // Items 1 and 3 contacted in time, 4 late: 2 of 3. Items 2 in time, 5 late: 1 of 2.
    expect([mine.figures.firstContact.numerator, mine.figures.firstContact.denominator]).toEqual([2, 3]);
    expect([nobodys.figures.firstContact.numerator, nobodys.figures.firstContact.denominator]).toEqual([1, 2]);
    expect(await titles(manager, staffUserId, 'numerator')).toEqual(['导出样例 1', '导出样例 3']);
    expect(await titles(manager, staffUserId, 'denominator')).toEqual(['导出样例 1', '导出样例 3', '导出样例 4']);
    expect(await titles(manager, null, 'numerator')).toEqual(['导出样例 2']);
    expect(await titles(manager, null, 'denominator')).toEqual(['导出样例 2', '导出样例 5']);
  });

  it('is the managers\' only, as kpi.byStaff is', async () => {
    expect(keyOf(await error(staff.call((api) => api.kpi.drill({ ...period(), metric: 'firstContact', part: 'numerator', staffId: staffUserId }))))).toBe('errors.roleNotAllowed');
  });
});
