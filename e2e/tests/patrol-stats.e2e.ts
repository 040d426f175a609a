import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 巡查统计 (issue 19): a manager opens the patrol statistics in Chinese, sees the building × floor
 * heat table and the charts drawn on the server, and a number of the table leads to the findings
 * list showing exactly that many findings. The demo seed provides the findings.
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

describe('patrol statistics', () => {
  it('shows the heat table and a chart in zh-CN, and a number drills down to exactly that many findings', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/patrol/stats?period=thisYear');
    await page.getByRole('heading', { name: '巡查统计' }).first().waitFor();
    await page.getByTestId('heat-table').waitFor();
    expect(await page.getByTestId('heat-table').getByText('楼宇').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="category-chart"] svg').count()).toBe(1);
    expect(await page.locator('[data-testid="tier-chart"] svg').count()).toBe(1);

    // The smallest linked cell of the heat table (it fits on one page of the list).
    const cells = page.locator('[data-testid="heat-table"] a');
    const values = await cells.allTextContents();
    expect(values.length).toBeGreaterThan(0);
    const counts = values.map(Number);
    const i = counts.indexOf(Math.min(...counts));
    const n = counts[i]!;
    await cells.nth(i).click();
    await page.waitForURL(/\/patrol\/findings\?/);
    await page.getByTestId('findings').waitFor();
    expect(await page.getByTestId('finding-row').count()).toBe(n);
    expect(await page.getByTestId('next-page').count()).toBe(0);
    await context.close();
  });
});
