import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { TRPCError } from '@trpc/server';
import { creditCodeCheckCharacter, importColumns } from '@stationdesk/core';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { readTable } from '@stationdesk/services';
import { translator } from '@stationdesk/i18n';
import { apiDeps, makeMember, makeTenant, openTestDb, signedIn, uid, type Client, type TestTenant, error, keyOf } from '@stationdesk/test-utils';
import { createAppServer } from '../../../apps/web/server/app-server.ts';

/** Import and export through the real upload endpoint and the tRPC procedures. */
let t: ReturnType<typeof openTestDb>;
let tenant: TestTenant;
let server: Server;
let base: string;
let staff: Client;
let manager: Client;
let buildingName: string;
let otherStationBuilding: string;

const code = (n: number) => {
  const body = `91310112MA1${n.toString().padStart(6, '0')}`;
  return body + creditCodeCheckCharacter(body);
};

async function upload(c: Client, data: Buffer, name: string, purpose = 'import') {
  const res = await fetch(`${base}/api/files?purpose=${purpose}`, {
    method: 'POST',
    headers: { cookie: c.state.cookie, 'x-file-name': encodeURIComponent(name) },
    body: data,
  });
  return { status: res.status, body: (await res.json()) as { id: string; error?: { message: string } } };
}

/** A sheet as a user's Excel would have it: plain values, and real formula cells where asked. */
async function sheet(rows: Record<string, string | number | { formula: string }>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('企业信息');
  ws.addRow(importColumns.map((c) => c.header));
  for (const r of rows) ws.addRow(importColumns.map((c) => r[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The cell-dense sheet of the report: 20,000 rows × 200 numbers, 9.6 MB (within the upload limit,
 * far beyond the cell limit). exceljs's streaming writer writes it; JSZip packs it again with
 * [Content_Types].xml first, as Excel does (the upload's type sniffing reads the entries in order).
 */
async function denseSheet() {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('数据');
  ws.addRow(importColumns.map((c) => c.header)).commit();
  for (let r = 0, x = 12345; r < 20_000; r++) {
    const row: number[] = [];
    for (let c = 0; c < 200; c++) row.push((x = (x * 1103515245 + 12345) & 0x7fffffff) % 3);
    ws.addRow(row).commit();
  }
  await ws.commit();
  await wb.commit();
  const written = await JSZip.loadAsync(Buffer.concat(chunks));
  const packed = new JSZip();
  const names = Object.keys(written.files).sort((a, b) => Number(b === '[Content_Types].xml') - Number(a === '[Content_Types].xml'));
  for (const name of names) packed.file(name, await written.file(name)!.async('uint8array'));
  return packed.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** What the user reads of a refusal. */
const said = (e: TRPCError) => {
  const cause = e.cause as unknown as { messageKey: string; params?: Record<string, string | number> };
  return translator('zh-CN')(cause.messageKey, cause.params ?? {});
};

const count = async () => (await t.owner.pool.query('select count(*)::int as n from enterprises where tenant_id = $1', [tenant.tenantId])).rows[0].n as number;


beforeAll(async () => {
  t = openTestDb();
  tenant = await makeTenant(t.owner);
  const deps = apiDeps(t.db);
  server = createAppServer({ deps, trustProxy: 0 });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  staff = await signedIn(deps, (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
  manager = await signedIn(deps, (await makeMember(t.owner, tenant, 'manager')).email);
  const names = await t.owner.pool.query('select id, name, station_id from buildings where tenant_id = $1 order by name', [tenant.tenantId]);
  buildingName = names.rows.find((b: { station_id: string }) => b.station_id === tenant.stations[0]!.id).name;
  otherStationBuilding = names.rows.find((b: { station_id: string }) => b.station_id === tenant.stations[1]!.id).name;
  await manager.call((api) => api.tag.save({ name: '重点企业', color: 'red' }));
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

const good = (n: number, over: Record<string, string | number | { formula: string }> = {}) => ({
  name: `上海导入测试${n}号科技有限公司`,
  creditCode: code(n),
  building: buildingName,
  industry: '信息传输、软件和信息技术服务业',
  employees: 20 + n,
  contactName: `联系人${n}`,
  contactPhone: `1380000${String(n).padStart(4, '0')}`,
  tags: '重点企业',
  ...over,
});

describe('import', () => {
  it('the preview reports every row’s problems and writes nothing', async () => {
    const before = await count();
    const data = await sheet([
      good(1),
      good(2, { creditCode: code(2).slice(0, 17) + (code(2).endsWith('0') ? '1' : '0') }),
      good(3, { building: '不存在的大厦' }),
      good(4, { building: otherStationBuilding }),
      good(1, { name: '重复的代码' }),
      good(6, { name: { formula: 'HYPERLINK("http://evil.example","点我")' } }),
      good(7, { tags: '不存在的标签' }),
    ]);
    const file = await upload(staff, data, '企业导入.xlsx');
    expect(file.status).toBe(200);
    const preview = await staff.call((api) => api.enterprise.import.preview({ fileId: file.body.id }));
    expect(preview).toMatchObject({ totalRows: 7, validRows: 1, invalidRows: 6 });
    const byRow = new Map(preview.rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(2)).toMatchObject({ action: 'create', errors: [] });
    expect(byRow.get(3)!.errors[0]).toMatchObject({ column: '统一社会信用代码', message: expect.stringContaining('校验位') });
    expect(byRow.get(4)!.errors[0]!.message).toContain('不存在的大厦');
    expect(byRow.get(5)!.errors[0]!.message).toContain('不属于您负责的工作站');
    expect(byRow.get(6)!.errors[0]!.message).toContain('第 2 行');
    expect(byRow.get(7)!.errors.map((e) => e.message).join()).toContain('公式');
    expect(byRow.get(8)!.errors[0]!.message).toContain('不存在的标签');
    expect(await count()).toBe(before);
  });

  it('commits the valid rows in one go, and a re-import updates by credit code without duplicates', async () => {
    const before = await count();
    const rows = Array.from({ length: 30 }, (_, i) => good(100 + i));
    const file = await upload(staff, await sheet(rows), 'batch.xlsx');
    const preview = await staff.call((api) => api.enterprise.import.preview({ fileId: file.body.id }));
    expect(preview).toMatchObject({ totalRows: 30, validRows: 30, invalidRows: 0 });
    expect(await staff.call((api) => api.enterprise.import.commit({ id: preview.id }))).toEqual({ created: 30, updated: 0, unchanged: 0 });
    expect(await count()).toBe(before + 30);
    const status = await staff.call((api) => api.enterprise.import.status({ id: preview.id }));
    expect(status).toMatchObject({ status: 'committed', processed: 30, total: 30, created: 30, updated: 0 });
    const imported = await staff.call((api) => api.enterprise.list({ q: code(105) }));
    expect(imported.items[0]).toMatchObject({ name: '上海导入测试105号科技有限公司', primaryContact: { name: '联系人105', phone: '13800000105' }, tags: [expect.objectContaining({ name: '重点企业' })] });

    // The same file again, with one row changed: no new enterprises, one history entry.
    rows[5] = { ...rows[5]!, employees: 999 };
    const again = await upload(staff, await sheet(rows), 'batch.xlsx');
    const p2 = await staff.call((api) => api.enterprise.import.preview({ fileId: again.body.id }));
    expect(p2).toMatchObject({ validRows: 30, unchangedRows: 29 });
    expect(await staff.call((api) => api.enterprise.import.commit({ id: p2.id }))).toEqual({ created: 0, updated: 1, unchanged: 29 });
    expect(await count()).toBe(before + 30);
    const history = await t.owner.pool.query(`select count(*)::int as n from audit_log where data ->> 'importId' = $1`, [p2.id]);
    expect(history.rows[0].n).toBe(1);
    const changed = (await staff.call((api) => api.enterprise.list({ q: code(105) }))).items[0]!;
    expect(changed.employees).toBe(999);
  });

  it('says a code column must be text when the cell holds a number, as LibreOffice saves an all-digit code', async () => {
    const data = await sheet([
      good(700, { creditCode: 913101203509709000 }),
      good(701, { contactPhone: 2162345678 }),
      good(702, { contactPhone: 13800000702 }),
    ]);
    const preview = await staff.call(async (api) => api.enterprise.import.preview({ fileId: (await upload(staff, data, 'libreoffice.xlsx')).body.id }));
    const byRow = new Map(preview.rows.map((r) => [r.rowNumber, r]));
    expect(byRow.get(2)!.errors).toEqual([{ column: '统一社会信用代码', message: expect.stringContaining('单元格格式设为“文本”') }]);
    expect(byRow.get(3)!.errors).toEqual([{ column: '联系电话', message: expect.stringContaining('单元格格式设为“文本”') }]);
    // An 11-digit mobile number stored as a number is still exactly that number.
    expect(byRow.get(4)).toMatchObject({ action: 'create', errors: [] });
  });

  it('finds the header below a merged title row, and says plainly when there is none', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('企业信息');
    ws.addRow(['新虹街道楼宇企业名录（2026 年 6 月）']);
    ws.mergeCells(1, 1, 1, importColumns.length);
    ws.addRow(importColumns.map((c) => c.header));
    for (const r of [good(800), good(801)]) ws.addRow(importColumns.map((c) => (r as Record<string, unknown>)[c.key] ?? null));
    const titled = await staff.call(async (api) => api.enterprise.import.preview({ fileId: (await upload(staff, Buffer.from(await wb.xlsx.writeBuffer()), 'titled.xlsx')).body.id }));
    expect(titled).toMatchObject({ totalRows: 2, validRows: 2, invalidRows: 0, headerErrors: [] });
    expect(titled.rows.map((r) => r.rowNumber)).toEqual([3, 4]);

    const notes = new ExcelJS.Workbook();
    notes.addWorksheet('说明').addRows([['请按以下要求填写'], ['企业名称须与营业执照一致'], ['上海某某公司', '某大厦']]);
    const none = await staff.call(async (api) => api.enterprise.import.preview({ fileId: (await upload(staff, Buffer.from(await notes.xlsx.writeBuffer()), 'notes.xlsx')).body.id }));
    expect(none.headerErrors).toEqual([{ column: null, message: expect.stringContaining('前 10 行中没有找到表头行') }]);
  });

  it('leaves unchanged rows untouched on a re-import, and counts them', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => good(900 + i));
    const first = await staff.call(async (api) => api.enterprise.import.preview({ fileId: (await upload(staff, await sheet(rows), 'same.xlsx')).body.id }));
    await staff.call((api) => api.enterprise.import.commit({ id: first.id }));
    const versions = async () =>
      (await t.owner.pool.query('select credit_code, version, updated_at from enterprises where tenant_id = $1 and credit_code = any($2) order by credit_code', [tenant.tenantId, rows.map((r) => r.creditCode)])).rows;
    const before = await versions();

    // The same file as typed again: extra spaces, the phone with a +86 prefix; one row really changed.
    rows[0] = { ...rows[0]!, name: ` ${rows[0]!.name} `, contactPhone: `+86 ${rows[0]!.contactPhone}` };
    rows[2] = { ...rows[2]!, employees: 555 };
    const again = await staff.call(async (api) => api.enterprise.import.preview({ fileId: (await upload(staff, await sheet(rows), 'same.xlsx')).body.id }));
    expect(again).toMatchObject({ validRows: 3, unchangedRows: 2 });
    expect(again.rows.map((r) => r.action)).toEqual(['unchanged', 'unchanged', 'update']);
    expect(await staff.call((api) => api.enterprise.import.commit({ id: again.id }))).toEqual({ created: 0, updated: 1, unchanged: 2 });
    expect(await staff.call((api) => api.enterprise.import.status({ id: again.id }))).toMatchObject({ status: 'committed', processed: 3, created: 0, updated: 1, unchanged: 2 });
    const after = await versions();
    expect(after.slice(0, 2)).toEqual(before.slice(0, 2));
    expect(after[2].version).toBe(before[2].version + 1);
  });

  it('refuses a second commit of the same preview', async () => {
    const file = await upload(staff, await sheet([good(300)]), 'once.xlsx');
    const preview = await staff.call((api) => api.enterprise.import.preview({ fileId: file.body.id }));
    const results = await Promise.allSettled([
      staff.call((api) => api.enterprise.import.commit({ id: preview.id })),
      staff.call((api) => api.enterprise.import.commit({ id: preview.id })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as TRPCError).code).toBe('CONFLICT');
  });

  it('refuses an executable named .xlsx and 10 MB of junk at upload', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4000, 7)]);
    const r1 = await upload(staff, exe, 'report.xlsx');
    expect(r1.status).toBe(400);
    expect(r1.body.error?.message).toContain('格式');
    const junk = Buffer.alloc(10 * 1024 * 1024 + 16);
    for (let i = 0; i < junk.length; i += 4) junk.writeUInt32LE((i * 2654435761) >>> 0, i);
    const r2 = await upload(staff, junk, 'big.xlsx');
    expect([400, 413]).toContain(r2.status);
  });

  it('refuses a preview of a file that is not an import of this person', async () => {
    const other = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
    const file = await upload(staff, await sheet([good(400)]), 'mine.xlsx');
    expect((await error(other.call((api) => api.enterprise.import.preview({ fileId: file.body.id })))).code).toBe('NOT_FOUND');
  });
});

describe('import of a cell-dense sheet', () => {
  let dense: { id: string };

  beforeAll(async () => {
    const data = await denseSheet();
    expect(data.length).toBeGreaterThan(9_000_000);
    const file = await upload(staff, data, '数据.xlsx');
    expect(file.status).toBe(200);
    dense = file.body;
  }, 180_000);

  it('is refused at the cell limit, and /healthz answers while it is parsed', async () => {
    let previewSettled = false;
    const preview = error(staff.call((api) => api.enterprise.import.preview({ fileId: dense.id }))).finally(() => (previewSettled = true));
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(previewSettled).toBe(false);
    const refused = await preview;
    expect(refused.code).toBe('BAD_REQUEST');
    expect(keyOf(refused)).toBe('errors.import.tooManyCells');
    expect(said(refused)).toContain('500000 个');
  }, 60_000);

  it('runs at most two imports of one tenant at once; the others are told to wait', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => error(staff.call((api) => api.enterprise.import.preview({ fileId: dense.id })))));
    const busy = results.filter((e) => e.code === 'TOO_MANY_REQUESTS');
    expect(busy).toHaveLength(2);
    expect(said(busy[0]!)).toContain('2 个导入正在处理');
    expect(results.filter((e) => e.code === 'BAD_REQUEST')).toHaveLength(2);
    // Once they are done, the tenant may import again.
    expect((await error(staff.call((api) => api.enterprise.import.preview({ fileId: dense.id })))).code).toBe('BAD_REQUEST');
  }, 60_000);
});

describe('export', () => {
  it('exports the filtered list as .xlsx in the template’s columns, formulas neutralised', async () => {
    const name = `=CMD|' /C calc'!A0 ${uid()}`;
    await manager.call((api) => api.enterprise.create({ name, creditCode: code(500), buildingId: tenant.stations[0]!.buildingIds[0]! }));
    const out = await staff.call((api) => api.enterprise.export({ stationId: tenant.stations[0]!.id }));
    const res = await fetch(`${base}/api/files/${out.fileId}`, { headers: { cookie: staff.state.cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('.xlsx');
    const table = await readTable(Buffer.from(await res.arrayBuffer()), 'xlsx', { maxRows: 1000 });
    if (!table.ok) throw new Error(table.key);
    const [header, ...rows] = table.rows;
    expect(header!.cells).toEqual(importColumns.map((c) => c.header));
    expect(rows).toHaveLength(out.rows);
    const cells = rows.map((r) => r.cells[0]!);
    expect(cells).toContain(`'${name}`);
    expect(cells.every((c) => !c.startsWith('='))).toBe(true);
    expect(rows.every((r) => r.formulaColumns.length === 0)).toBe(true);
    // Another staff member cannot download someone's export.
    const other = await signedIn(apiDeps(t.db), (await makeMember(t.owner, tenant, 'staff', { stationIndexes: [0] })).email);
    expect((await fetch(`${base}/api/files/${out.fileId}`, { headers: { cookie: other.state.cookie } })).status).toBe(404);
  });

  it('serves the import template with its Chinese headers', async () => {
    const res = await fetch(`${base}/api/templates/enterprise-import.xlsx`);
    expect(res.status).toBe(200);
    const table = await readTable(Buffer.from(await res.arrayBuffer()), 'xlsx', { maxRows: 100 });
    if (!table.ok) throw new Error(table.key);
    expect(table.rows[0]!.cells).toEqual(importColumns.map((c) => c.header));
  });
});
