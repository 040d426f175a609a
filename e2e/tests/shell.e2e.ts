import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

describe('sign-in and the shell per role', () => {
  it('manager of 新虹街道 sees the five stations, switches to English and signs out', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await expect(page.getByTestId('role-badge').textContent()).resolves.toBe('街道管理员');
    await expect(page.getByTestId('tenant-name').textContent()).resolves.toBe('新虹街道');
    // The demo's five; stations-buildings.e2e.ts may have added one to this shared tenant before.
    const stations = await page.getByTestId('station-list').locator('li').allTextContents();
    expect(stations.length).toBeGreaterThanOrEqual(5);
    await expect(page.getByTestId('stat-stations').textContent()).resolves.toBe(String(stations.length));
    expect(stations.join()).toContain('虹桥天地楼宇工作站');
    expect(stations.join()).not.toContain('华漕');

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState('networkidle');
    await expect(page.getByTestId('role-badge').textContent()).resolves.toBe('Subdistrict manager');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    expect(await page.getByTestId('station-list').textContent()).toContain('Hongqiao Tiandi Building Station');

    // Managers keep the tenant's audit log and its data export (issue 21).
    expect(await page.getByTestId('side-nav').getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Audit log', 'Data export']));

    await page.getByRole('link', { name: 'Stations', exact: true }).first().click();
    await page.waitForURL('**/stations');
    // The URL changes as the navigation starts; the rows come with the new page.
    await page.getByTestId('stations-table').locator('tbody tr').first().waitFor();
    expect(await page.getByTestId('stations-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(5);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.goto('/stations');
    await page.waitForURL('**/sign-in?next=%2Fstations');
    await context.close();
  });

  it('staff sees the two stations assigned to them', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await expect(page.getByTestId('role-badge').textContent()).resolves.toBe('工作站人员');
    await expect(page.getByTestId('stat-stations').textContent()).resolves.toBe('2');
    expect(await page.getByTestId('station-list').locator('li').count()).toBe(2);
    expect(await page.getByTestId('side-nav').getByRole('link').allTextContents()).not.toContain('审计日志');
    await page.getByRole('link', { name: '楼宇', exact: true }).first().click();
    await page.waitForURL('**/buildings');
    await page.getByTestId('buildings-table').locator('tbody tr').first().waitFor();
    // The demo's 14 buildings of those two stations (another browser test may have added one since).
    expect(await page.getByTestId('buildings-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(14);
    await context.close();
  });

  it('enterprise admin sees its own service station only, and no station list', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'enterprise@xinhong.test');
    await expect(page.getByTestId('role-badge').textContent()).resolves.toBe('企业管理员');
    await expect(page.getByTestId('my-station-name').textContent()).resolves.toBe('虹桥天地楼宇工作站');
    expect(await page.getByTestId('side-nav').getByRole('link').allTextContents()).toEqual(['概览', '消息', '我的企业档案', '我的诉求', '办事申请', '知识库', '党群活动', '政策通知', '党群站岗', '邀请同事']);
    await page.goto('/platform');
    await page.waitForURL((u) => u.pathname === '/');
    await context.close();
  });

  it('platform operator lands on the tenant list', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'operator@stationdesk.test');
    await page.waitForURL('**/platform');
    await page.getByTestId('tenants-table').locator('tbody tr').first().waitFor();
    const rows = await page.getByTestId('tenants-table').locator('tbody tr').allTextContents();
    expect(rows.join()).toContain('新虹街道');
    expect(rows.join()).toContain('华漕镇');
    await context.close();
  });

  it('manager of 华漕镇 sees only its own two stations', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@huacao.test');
    await expect(page.getByTestId('tenant-name').textContent()).resolves.toBe('华漕镇');
    const text = await page.getByTestId('station-list').textContent();
    expect(await page.getByTestId('station-list').locator('li').count()).toBe(2);
    expect(text).not.toContain('虹桥');
    // Managers keep their people (issue 21).
    expect(await page.getByTestId('side-nav').getByRole('link').allTextContents()).toContain('人员管理');
    await context.close();
  });

  it('a wrong password shows a clear error on the page', async () => {
    const { page, context } = await newPage(browser);
    await page.goto('/sign-in');
    await page.getByLabel('邮箱').fill('manager@xinhong.test');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('邮箱或密码不正确。');
    await context.close();
  });

  it('is usable on a phone: navigation is reachable without the sidebar', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    expect(await page.getByTestId('side-nav').isVisible()).toBe(false);
    await page.getByRole('navigation').getByRole('link', { name: '工作站', exact: true }).first().click();
    await page.waitForURL('**/stations');
    await page.getByTestId('stations-table').waitFor();
    await context.close();
  });
});
