import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * People (issue 21) in Chromium: a manager invites a staff member (the run's app has no SMTP, so
 * the page shows the link to copy), who accepts it in a fresh browser context, sets a password and
 * sees the queue; the manager deactivates them and their next click signs them out.
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

describe('people and invitations', () => {
  it('invite → accept in a fresh browser → the queue; deactivated → the next click signs out', async () => {
    const email = `e2e-${Date.now()}@example.test`;
    const mgr = await newPage(browser);
    await signIn(mgr.page, 'manager@xinhong.test');
    await mgr.page.getByTestId('side-nav').getByRole('link', { name: '人员管理' }).click();
    await mgr.page.waitForURL('**/settings/people');
    const form = mgr.page.getByTestId('invite-form');
    await form.getByLabel('邮箱').fill(email);
    await form.getByLabel('姓名').fill('端到端测试');
    await form.getByRole('checkbox').first().check();
    await form.getByTestId('invite-submit').click();
    const link = await mgr.page.getByTestId('invite-link-url').inputValue();
    expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);

    // A fresh browser (no session): the link names the tenant and the role, then sets a password.
    const staff = await newPage(browser);
    await staff.page.goto(new URL(link).pathname);
    await expect(staff.page.getByTestId('invite-intro').textContent()).resolves.toContain('新虹街道');
    await expect(staff.page.getByTestId('invite-intro').textContent()).resolves.toContain('工作站人员');
    await staff.page.getByLabel('设置密码').fill('password1234');
    await staff.page.getByTestId('invite-accept').click();
    await expect(staff.page.getByText('这个密码太容易被猜到').textContent()).resolves.toBeTruthy();
    await staff.page.getByLabel('设置密码').fill('velvet harbour orange tram');
    await staff.page.getByTestId('invite-accept').click();
    await staff.page.waitForURL((u) => u.pathname === '/');
    await expect(staff.page.getByTestId('role-badge').textContent()).resolves.toBe('工作站人员');
    await staff.page.getByRole('link', { name: '工单队列', exact: true }).first().click();
    await staff.page.waitForURL('**/items');

    // The link again: refused with a clear sentence.
    const again = await newPage(browser);
    await again.page.goto(new URL(link).pathname);
    await expect(again.page.getByTestId('invite-refused').textContent()).resolves.toContain('已被使用');
    await again.context.close();

    // The manager deactivates them.
    await mgr.page.reload();
    const row = mgr.page.locator(`[data-testid="member-row"][data-email="${email}"]`);
    await row.getByRole('button', { name: '停用' }).click();
    await row.getByRole('button', { name: '停用' }).click();
    await row.waitFor({ state: 'detached' });

    // Their next click: signed out.
    await staff.page.getByRole('link', { name: '概览', exact: true }).first().click();
    await staff.page.waitForURL((u) => u.pathname.startsWith('/sign-in'));
    await staff.context.close();
    await mgr.context.close();
  });
});
