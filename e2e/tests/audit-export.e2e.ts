import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import pg from 'pg';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * The audit log viewer and the tenant data export in Chromium, in Chinese (issue 21): a manager of
 * 新虹街道 filters the audit log by action and exports it (and sees the export in the log); requests
 * the full data export, watches its progress until it is ready, downloads the zip and opens it —
 * every domain's workbook, the enterprises as many as the database holds.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: pg.Pool;

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = new pg.Pool({ connectionString: inject('ownerUrl'), max: 2 });
});
afterAll(async () => {
  await owner.end();
  await close();
});

const load = async (buffer: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
};

describe('audit log and data export', () => {
  it('a manager filters the audit log by action and exports it; the export shows in the log', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.getByTestId('side-nav').getByRole('link', { name: '审计日志', exact: true }).click();
    await page.waitForURL('**/settings/audit');
    await page.getByTestId('audit-table').waitFor();

    await page.getByTestId('filter-action').selectOption({ label: '新建企业档案' });
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.get('action') === 'enterprise.created');
    const rows = page.getByTestId('audit-row');
    await rows.first().waitFor();
    const actions = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['enterprise.created']));
    expect(await rows.first().locator('td').nth(2).textContent()).toBe('新建企业档案');

    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="export-audit"]') ?? {}).some((k) => k.startsWith('__react')));
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-audit').click()]);
    expect(file.suggestedFilename()).toMatch(/^审计日志-.*\.xlsx$/);
    const sheet = (await load(await readFile(await file.path()))).worksheets[0]!;
    const { rows: counted } = await owner.query<{ n: number }>(
      `select count(*)::int as n from audit_log a join tenants t on t.id = a.tenant_id where t.name = '新虹街道' and a.action = 'enterprise.created'`,
    );
    expect(sheet.rowCount - 1).toBe(Math.min(counted[0]!.n, 50_000));
    const labels = new Set<string>();
    sheet.eachRow((row, i) => void (i > 1 && labels.add(String(row.getCell(3).value))));
    expect(labels).toEqual(new Set(['新建企业档案']));

    await page.goto('/settings/audit');
    const newest = page.getByTestId('audit-row').first();
    await newest.waitFor();
    expect(await newest.getAttribute('data-action')).toBe('audit.exported');
    expect(await newest.locator('td').nth(2).textContent()).toBe('导出审计日志');
    await context.close();
  });

  it('a manager requests the full data export, sees its progress, downloads the zip and opens it', { timeout: 180_000 }, async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.getByTestId('side-nav').getByRole('link', { name: '数据导出', exact: true }).click();
    await page.waitForURL('**/settings/export');
    await page.getByTestId('request-export').click();
    await page.getByText('已申请导出，完成后会通知您。').waitFor();
    const row = page.getByTestId('export-row').first();
    await row.getByTestId('export-progress').waitFor();
    // The page looks again by itself until the worker has finished.
    await page.waitForSelector('[data-testid="export-row"][data-status="ready"]', { timeout: 150_000 });
    expect(await row.getByTestId('export-status').textContent()).toBe('已完成');
    expect(await row.getByTestId('export-progress').getAttribute('value')).toBe('100');

    const [zipFile] = await Promise.all([page.waitForEvent('download'), row.getByTestId('download-export').click()]);
    expect(zipFile.suggestedFilename()).toMatch(/^tenant-export-\d{4}-\d\d-\d\d\.zip$/);
    const zip = await JSZip.loadAsync(await readFile(await zipFile.path()));
    for (const d of ['organisation', 'enterprises', 'work-items', 'visits', 'agency', 'disputes', 'patrol', 'party', 'settings', 'audit-log', 'files']) {
      expect(zip.file(`${d}.xlsx`), d).not.toBeNull();
    }
    // Written in the requester's language (another browser test may have switched the demo manager to English).
    const { rows: who } = await owner.query<{ locale: string }>(`select locale from users where email = 'manager@xinhong.test'`);
    expect(await zip.file('README.txt')!.async('string')).toContain(who[0]!.locale === 'en' ? 'personal data' : '个人信息');
    const enterprises = (await load(await zip.file('enterprises.xlsx')!.async('nodebuffer'))).getWorksheet('enterprises')!;
    const { rows: counted } = await owner.query<{ n: number }>(`select count(*)::int as n from enterprises e join tenants t on t.id = e.tenant_id where t.name = '新虹街道'`);
    expect(enterprises.rowCount - 1).toBe(counted[0]!.n);

    const { rows: audited } = await owner.query<{ action: string }>(
      `select a.action from audit_log a join tenants t on t.id = a.tenant_id where t.name = '新虹街道' and a.action like 'tenantExport.%' order by a.at`,
    );
    expect(audited.map((a) => a.action)).toEqual(['tenantExport.requested', 'tenantExport.downloaded']);
    await context.close();
  });
});
