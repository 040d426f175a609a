import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * The enterprise timeline names every entry in the reader's language (never a raw locale key like
 * workItem.picked_up) and says which item an event is about, with its number linking to the item.
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

/** A locale key left untranslated: dotted ASCII words such as workItem.request_info. */
const RAW_KEY = /^[A-Za-z]+(\.[A-Za-z_]+)+$/;

async function titles(page: Page) {
  await page.getByTestId('timeline-entry').first().waitFor();
  return (await page.getByTestId('timeline-title').allTextContents()).map((s) => s.trim());
}

describe('enterprise timeline', () => {
  it('names each entry in zh-CN and en, and links an item event to its item', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    // The staff member's newest item with an enterprise: its events are the newest on that file.
    const res = await page.request.get(`/api/trpc/workItem.list?input=${encodeURIComponent(JSON.stringify({ view: 'all', kind: 'consultation', limit: 20 }))}`);
    const list = (await res.json()) as { result: { data: { items: { id: string; number: string; enterpriseId: string | null }[] } } };
    const item = list.result.data.items.find((i) => i.enterpriseId)!;
    expect(item).toBeTruthy();

    await page.goto(`/enterprises/${item.enterpriseId}`);
    const zh = await titles(page);
    expect(zh.filter((s) => RAW_KEY.test(s))).toEqual([]);
    const link = page.getByTestId('timeline-item-link').filter({ hasText: item.number }).first();
    expect(await link.getAttribute('href')).toBe(`/items/${item.id}`);
    expect(await page.getByTestId('timeline-item').filter({ hasText: item.number }).first().textContent()).toContain('咨询');

    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForLoadState('networkidle');
    await page.goto(`/enterprises/${item.enterpriseId}`);
    const en = await titles(page);
    expect(en.filter((s) => RAW_KEY.test(s) || /[\u4e00-\u9fff]/.test(s))).toEqual([]);
    expect(await page.getByTestId('timeline-item').filter({ hasText: item.number }).first().textContent()).toContain('Consultation');

    await page.getByTestId('timeline-item-link').filter({ hasText: item.number }).first().click();
    await page.waitForURL(`**/items/${item.id}`);
    expect(await page.locator('h1').first().textContent()).toBeTruthy();
    await context.close();
  });
});
