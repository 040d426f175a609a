import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { createDb, type Db } from '@stationdesk/db';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * The platform operator (issue 21), in Chromium and Chinese: creates a tenant and copies its first
 * manager's invitation link; reads a 新虹街道 item only while the tenant's manager has granted support
 * access (the banner says until when), the access listed on the manager's page; refused before the
 * grant and again once it is revoked.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: Db;

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = createDb(inject('ownerUrl'), { max: 2 });
});
afterAll(async () => {
  await owner.pool.query(`update support_access_grants set revoked_at = now() where revoked_at is null`);
  await owner.close();
  await close();
});

describe('the platform operator', () => {
  it('creates a tenant and copies the invitation link', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'operator@stationdesk.test');
    await page.goto('/platform');
    const slug = `e2e-${Date.now().toString(36)}`;
    const form = page.getByTestId('create-tenant');
    await form.locator('input[name="name"]').fill('七宝镇');
    await form.locator('input[name="nameEn"]').fill('Qibao Town');
    await form.locator('input[name="slug"]').fill(slug);
    await form.locator('input[name="managerEmail"]').fill(`manager-${slug}@example.test`);
    await form.getByRole('button', { name: '创建并邀请管理员' }).click();
    await page.getByTestId('tenant-created').waitFor();
    expect(await page.getByTestId('invite-link').inputValue()).toMatch(/\/invite\/[A-Za-z0-9]+$/);
    const row = page.locator(`[data-testid="tenant-row"][data-slug="${slug}"]`);
    expect(await row.getByTestId('tenant-status').textContent()).toBe('正常');
    await context.close();
  });

  it('reads an item only during a grant; refused before it and after the revoke', async () => {
    const { rows } = await owner.pool.query<{ id: string; title: string }>(
      `select i.id, i.title from work_items i join tenants t on t.id = i.tenant_id where t.slug = 'xinhong' order by i.created_at desc limit 1`,
    );
    const item = rows[0]!;
    const op = await newPage(browser);
    await signIn(op.page, 'operator@stationdesk.test');
    // No grant: the item is not shown, 新虹街道 is not offered.
    await op.page.goto(`/items/${item.id}`);
    expect(await op.page.getByTestId('item-title').count()).toBe(0);
    await op.page.goto('/platform');
    expect(await op.page.getByTestId('granted-tenant').count()).toBe(0);

    const mgr = await newPage(browser);
    await signIn(mgr.page, 'manager@xinhong.test');
    await mgr.page.goto('/settings/support-access');
    await mgr.page.getByTestId('grant-form').getByLabel('原因').fill('导出的表格打不开，请运维排查');
    await mgr.page.getByTestId('grant-form').getByRole('button', { name: '授权' }).click();
    await mgr.page.getByTestId('grant-row').first().waitFor();

    await op.page.goto('/platform');
    await op.page.getByTestId('granted-tenant').getByRole('button', { name: '进入（只读）' }).click();
    await op.page.waitForURL('**/items');
    expect(await op.page.getByTestId('support-banner').textContent()).toMatch(/运维支持访问（只读），授权至 \d\d:\d\d/);
    await op.page.goto(`/items/${item.id}`);
    expect(await op.page.getByTestId('item-title').textContent()).toContain(item.title);

    // The manager sees the access, by procedure.
    await mgr.page.reload();
    expect(await mgr.page.getByTestId('grant-row').first().getByTestId('grant-access').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('workItem.get')]),
    );
    // Revoked: the operator's next page no longer shows the item.
    await mgr.page.getByTestId('grant-row').first().getByRole('button', { name: '撤销' }).click();
    await mgr.page.getByRole('button', { name: '确认撤销' }).click();
    await mgr.page.waitForLoadState('networkidle');
    await op.page.goto(`/items/${item.id}`);
    expect(await op.page.getByTestId('item-title').count()).toBe(0);
    expect(await op.page.getByTestId('support-banner').count()).toBe(0);
    await op.context.close();
    await mgr.context.close();
  });
});
