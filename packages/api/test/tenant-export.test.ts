import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import pino from 'pino';
import { domainOf, openTenantExport, reconcileTenantExports } from '@stationdesk/services';
import { withTenant } from '@stationdesk/db';
import type { QueueProducer } from '@stationdesk/jobs';
import { apiDeps, error, keyOf, makeMember, makeTenant, openTestDb, signedIn, testStorage, type Client, type TestTenant } from '@stationdesk/test-utils';
import { tenantExport } from '../../../apps/worker/src/processors/tenant-export.ts';

/**
 * The tenant data export (issue 21): a manager requests it, the worker's processor builds the zip —
 * one .xlsx per domain, a sheet per table, and the stored files — holding every row of the tenant
 * and none of another's; the requester is notified; the download needs a manager and a link that
 * has not expired, and is audited like the request. One export at a time; a second run is a no-op;
 * the reconciler finds an export whose job was lost.
 */
let t: ReturnType<typeof openTestDb>;
let a: TestTenant;
let b: TestTenant;
let manager: Client;
let staff: Client;
let otherManager: Client;
let managerId: string;
const storage = testStorage();

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await t.owner.pool.query(text, params)).rows as [T, ...T[]];

/** One consultation item with a history line and a return visit, an audit row and a stored file, named after `tag`. */
async function fill(tenant: TestTenant, tag: string) {
  const [item] = await q<{ id: string }>(
    `insert into work_items (tenant_id, kind, number, station_id, enterprise_id, title, channel, status, created_at, updated_at, first_contact_due_at, resolution_due_at)
     values ($1, 'consultation', $2, $3, $4, $5, 'phone', 'in_progress', now(), now(), now() + interval '1 hour', now() + interval '2 days') returning id`,
    [tenant.tenantId, `${tag}-1`, tenant.stations[0]!.id, tenant.enterpriseIds[0]!, `标题${tag}`],
  );
  await q(`insert into work_item_events (tenant_id, item_id, action, note) values ($1, $2, 'visit', $3), ($1, $2, 'assign', $3)`, [tenant.tenantId, item.id, `记录${tag}`]);
  await q(`insert into audit_log (tenant_id, action, subject_type, subject_id) values ($1, 'calendar.updated', 'calendar', $2)`, [tenant.tenantId, tag]);
  const key = `${tenant.tenantId}/2026/03/${tag}`;
  await storage.put(key, Buffer.from(`文件内容${tag}`));
  await q(
    `insert into files (tenant_id, storage_key, original_name, content_type, size_bytes, sha256, purpose) values ($1, $2, $3, 'application/pdf', 10, repeat('0', 64), 'attachment')`,
    [tenant.tenantId, key, `证明${tag}.pdf`],
  );
}

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const processor = () => tenantExport({ db: t.db, storage, log: pino({ level: 'silent' }) });

beforeAll(async () => {
  t = openTestDb();
  a = await makeTenant(t.owner, { stations: 2 });
  b = await makeTenant(t.owner, { stations: 1 });
  const deps = apiDeps(t.db, { storage });
  const m = await makeMember(t.owner, a, 'manager');
  managerId = m.id;
  manager = await signedIn(deps, m.email);
  staff = await signedIn(deps, (await makeMember(t.owner, a, 'staff')).email);
  otherManager = await signedIn(deps, (await makeMember(t.owner, b, 'manager')).email);
  await fill(a, 'AAA');
  await fill(b, 'BBB');
});
afterAll(() => t.close());

describe('tenantExport', () => {
  let exportId: string;
  let zip: JSZip;

  it('is requested by a manager only, once at a time, and audited', async () => {
    expect((await error(staff.call((api) => api.tenantExport.request({})))).code).toBe('FORBIDDEN');
    const x = await manager.call((api) => api.tenantExport.request({}));
    exportId = x.id;
    expect(x).toMatchObject({ status: 'pending', progress: 0, requestedBy: { userId: managerId } });
    expect(keyOf(await error(manager.call((api) => api.tenantExport.request({}))))).toBe('errors.tenantExport.inProgress');
    expect(await q(`select actor_user_id, subject_id from audit_log where tenant_id = $1 and action = 'tenantExport.requested'`, [a.tenantId])).toEqual([
      { actor_user_id: managerId, subject_id: x.id },
    ]);
    expect(await otherManager.call((api) => api.tenantExport.list({}))).toEqual([]);
  });

  it('the reconciler re-enqueues an export whose job was lost', async () => {
    const enqueued: unknown[] = [];
    const producer = { enqueue: async (_def: unknown, payload: unknown, opts: unknown) => void enqueued.push({ payload, opts }) } as unknown as QueueProducer;
    await reconcileTenantExports(t.db, producer);
    expect(enqueued).toContainEqual({ payload: { tenantId: a.tenantId, exportId }, opts: { jobId: `tenant-export-${exportId}` } });
  });

  it('the worker builds the zip; a second run is a no-op; the requester is notified', async () => {
    const run = processor();
    const r = (await run({ tenantId: a.tenantId, exportId })) as { status: string; files: number };
    expect(r).toMatchObject({ status: 'ready', files: 1 });
    expect(await run({ tenantId: a.tenantId, exportId })).toEqual({ status: 'skipped' });
    const [list] = await manager.call((api) => api.tenantExport.list({}));
    expect(list).toMatchObject({ id: exportId, status: 'ready', progress: 100, fileCount: 1 });
    const notes = await q<{ kind: string; items: { link: string }[] }>(`select kind, items from notifications where tenant_id = $1 and user_id = $2`, [a.tenantId, managerId]);
    expect(notes).toEqual([{ kind: 'tenant_export', items: [expect.objectContaining({ link: '/settings/export' })] }]);
  });

  it('downloads through a short-lived link, for a manager of the tenant, audited', async () => {
    expect((await error(staff.call((api) => api.tenantExport.link({ id: exportId })))).code).toBe('FORBIDDEN');
    expect(keyOf(await error(otherManager.call((api) => api.tenantExport.link({ id: exportId }))))).toBe('errors.tenantExport.notFound');
    const link = await manager.call((api) => api.tenantExport.link({ id: exportId }));
    const token = new URL(link.url, 'http://x').searchParams.get('token')!;
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const [row] = await q<{ link_hash: string }>(`select link_hash from tenant_exports where id = $1`, [exportId]);
    expect(row.link_hash).not.toContain(token);

    const open = (who: 'manager' | 'staff', tok: string, now = new Date()) =>
      withTenant(t.db, a.tenantId, async (trx) => {
        const ctx = { trx, tenantId: a.tenantId, timezone: 'Asia/Shanghai', actor: { userId: managerId, role: who, membershipId: null, scope: { kind: 'tenant' as const }, ip: null } };
        return openTenantExport(ctx as never, { storage }, { id: exportId, token: tok }, now);
      });
    await expect(open('staff', token)).rejects.toMatchObject({ code: 'FORBIDDEN', messageKey: 'errors.roleNotAllowed' });
    await expect(open('manager', 'guessed')).rejects.toMatchObject({ messageKey: 'errors.tenantExport.linkExpired' });
    await expect(open('manager', token, new Date(Date.now() + 16 * 60_000))).rejects.toMatchObject({ messageKey: 'errors.tenantExport.linkExpired' });
    const file = await open('manager', token);
    zip = await JSZip.loadAsync(await bytesOf(file.stream));
    expect(file.name).toMatch(/^tenant-export-\d{4}-\d\d-\d\d\.zip$/);
    expect(await q(`select count(*)::int as n from audit_log where tenant_id = $1 and action = 'tenantExport.downloaded' and subject_id = $2`, [a.tenantId, exportId])).toEqual([{ n: 1 }]);
  });

  it('holds every domain’s sheets with every row of the tenant and none of the other’s, and the files', async () => {
    const names = Object.keys(zip.files);
    for (const d of ['organisation', 'enterprises', 'work-items', 'visits', 'agency', 'disputes', 'patrol', 'party', 'settings', 'audit-log', 'files']) {
      expect(names, d).toContain(`${d}.xlsx`);
    }
    expect(names).toContain('README.txt');
    const stored = names.filter((n) => n.startsWith('files/') && !n.endsWith('MISSING.txt'));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toContain('证明AAA.pdf');
    expect(await zip.file(stored[0]!)!.async('string')).toBe('文件内容AAA');

    const tables = await q<{ table_name: string }>(
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'
          and table_name in (select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE')`,
    );
    let checked = 0;
    for (const name of names.filter((n) => n.endsWith('.xlsx'))) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await zip.file(name)!.async('nodebuffer')) as unknown as ArrayBuffer);
      for (const sheet of wb.worksheets) {
        const text: string[] = [];
        sheet.eachRow((row) => text.push(JSON.stringify(row.values)));
        const all = text.join('\n');
        expect(all, `${name}/${sheet.name}`).not.toContain('BBB');
        expect(all, `${name}/${sheet.name}`).not.toContain(b.tenantId);
        const table = sheet.name;
        if (!tables.some((x) => x.table_name === table)) continue;
        expect(domainOf(table), table).toBe(name.replace('.xlsx', ''));
        // What was written after the export (its own notification, the download's audit row) is not in it.
        const after = { audit_log: 'at', notifications: 'created_at' }[table as 'audit_log'];
        const [{ n }] = await q<{ n: number }>(
          `select count(*)::int as n from ${table} where tenant_id = $1 ${after ? `and ${after} < (select finished_at from tenant_exports where id = $2)` : 'and $2::uuid is not null'}`,
          [a.tenantId, exportId],
        );
        expect(sheet.rowCount - 1, `${name}/${table}`).toBe(n);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await zip.file('work-items.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
    expect(JSON.stringify(wb.getWorksheet('work_items')!.getRow(2).values)).toContain('标题AAA');
    const visits = new ExcelJS.Workbook();
    await visits.xlsx.load((await zip.file('visits.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
    expect(visits.getWorksheet('visit_events')!.rowCount).toBe(2);
    // Credentials never leave: no hash or token column anywhere.
    const people = new ExcelJS.Workbook();
    await people.xlsx.load((await zip.file('organisation.xlsx')!.async('nodebuffer')) as unknown as ArrayBuffer);
    expect(JSON.stringify(people.getWorksheet('people')!.getRow(1).values)).not.toMatch(/password|hash/);
  });
});
