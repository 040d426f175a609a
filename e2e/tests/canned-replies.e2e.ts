import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

describe('canned replies (常用回复)', () => {
  it('a manager adds one in settings; staff insert it into an item’s reply box', async () => {
    const run = Date.now().toString(36);
    const manager = await newPage(browser);
    await signIn(manager.page, 'manager@xinhong.test');
    await manager.page.goto('/settings/canned-replies');
    // The demo tenant starts with its five.
    expect(await manager.page.getByTestId('canned-reply-row').count()).toBeGreaterThanOrEqual(5);
    await manager.page.getByTestId('add-canned-reply').click();
    const form = manager.page.getByTestId('canned-reply-form');
    await form.getByLabel('标题').fill(`租金减免 ${run}`);
    await form.getByLabel('回复内容').fill(`您好，楼宇租金减免政策请咨询园区运营方 ${run}。`);
    await form.getByRole('button', { name: '保存' }).click();
    await manager.page.getByTestId('canned-reply-row').filter({ hasText: `租金减免 ${run}` }).waitFor();
    await manager.context.close();

    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    await staff.page.goto('/items/new');
    await staff.page.getByTestId('no-enterprise').check();
    await staff.page.locator('select[name=stationId]').selectOption({ index: 1 });
    await staff.page.getByLabel('咨询事项').fill(`电话咨询租金减免 ${run}`);
    await staff.page.getByText('人社/社保', { exact: true }).click();
    await staff.page.getByTestId('quick-entry-submit').click();
    await staff.page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    await staff.page.getByTestId('canned-replies').selectOption({ label: `租金减免 ${run}` });
    expect(await staff.page.getByTestId('composer').locator('textarea').inputValue()).toContain(`楼宇租金减免政策请咨询园区运营方 ${run}`);
    await staff.context.close();
  });
});
