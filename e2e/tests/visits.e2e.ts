import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * The follow-up desk (回访 and 整改, issue 18) in a real browser, in Chinese: a visit recorded from
 * the queue on a phone (390 px), by keyboard — the row's button opens the rating dialog, Esc closes
 * it and gives the focus back —, after which the item leaves the queue; a 不满意 recorded without
 * rework leaves a rectification, marked done with a note from the 整改 list. Each item is created
 * by the test itself.
 */
let browser: Browser;
let close: () => Promise<void>;
const run = Math.random().toString(36).slice(2, 8);

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

async function trpc<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const res = await fetch(`/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
      if (!res.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input },
  ) as Promise<T>;
}

async function get<T>(page: Page, path: string, input: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const body = (await (await fetch(`/api/trpc/${path}${query}`)).json()) as { result?: { data: unknown }; error?: unknown };
      if (!body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input },
  ) as Promise<T>;
}

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

/** A consultation taken by the signed-in staff member and resolved, through the API as the page would. */
async function resolvedItem(page: Page, title: string): Promise<string> {
  const stations = await get<{ id: string; inScope: boolean }[]>(page, 'station.list', undefined);
  const stationId = stations.find((s) => s.inScope)!.id;
  const { id } = await trpc<{ id: string }>(page, 'workItem.create', { kind: 'consultation', title, channel: 'phone', stationId, requesterName: '王经理', requesterPhone: '13800138000', assign: { mode: 'self' } });
  const { version } = await get<{ version: number }>(page, 'workItem.get', { id });
  await trpc(page, 'workItem.transition', { id, action: 'resolve', note: '已电话答复办理流程。', version });
  return id;
}

/** The list's row (card or table row) for this title, loading more pages until it shows. */
async function rowOf(page: Page, testId: string, title: string): Promise<Locator> {
  const row = page.getByTestId(testId).filter({ hasText: title });
  for (let i = 0; i < 40 && (await row.count()) === 0; i++) {
    const more = page.getByTestId('load-more');
    if ((await more.count()) === 0) break;
    const before = await page.getByTestId(testId).count();
    await more.click();
    await page.waitForFunction(({ id, n }) => document.querySelectorAll(`[data-testid="${id}"]`).length > n, { id: testId, n: before });
  }
  await row.waitFor();
  return row;
}

describe('回访与整改', () => {
  it('records a visit from the queue on a phone, by keyboard; then a 不满意 without rework is put right from the 整改 list', async () => {
    const phone = await newPage(browser, { mobile: true });
    await signIn(phone.page, 'staff@xinhong.test');
    const visited = await resolvedItem(phone.page, `回访测试：稳岗补贴 ${run}`);
    const unhappy = await resolvedItem(phone.page, `回访测试：社保转移 ${run}`);

    // 1. The queue at 390 px: cards, not the table; nothing wider than the screen.
    await phone.page.goto('/visits');
    await hydrated(phone.page, 'visit-tabs');
    const card = await rowOf(phone.page, 'visit-card', `回访测试：稳岗补贴 ${run}`);
    expect(await phone.page.getByTestId('visit-queue-table').isVisible()).toBe(false);
    expect(await card.textContent()).toContain('13800138000');
    expect(await card.getByTestId('waited').textContent()).toMatch(/^已等待 /);
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await phone.page.getByTestId('queue-total').textContent()).toMatch(/^\d+ 件待回访$/);

    // 2. By keyboard: Enter on the row's button opens the dialog with the focus inside; Esc closes it and gives the focus back.
    await hydrated(phone.page, 'record-visit');
    const button = card.getByTestId('record-visit');
    await button.focus();
    await phone.page.keyboard.press('Enter');
    const dialog = phone.page.getByTestId('visit-dialog');
    await dialog.getByTestId('rating-choices').waitFor();
    // The focus is on the first rating, inside the dialog.
    expect(await phone.page.evaluate(() => [document.activeElement?.closest('dialog')?.dataset.testid, document.activeElement?.getAttribute('name')])).toEqual(['visit-dialog', 'rating']);
    expect(await dialog.getByRole('heading').textContent()).toMatch(/^电话回访 · ZX-/);
    await phone.page.keyboard.press('Escape');
    await phone.page.waitForFunction(() => !document.querySelector('[data-testid="visit-dialog"]')?.hasAttribute('open'));
    expect(await phone.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('record-visit');

    // 3. Again, and record 满意 — the arrow keys move through the ratings as radios do.
    await phone.page.keyboard.press('Enter');
    await dialog.getByTestId('rating-choices').waitFor();
    await phone.page.keyboard.press('ArrowRight'); // 非常满意 → 满意
    expect(await dialog.locator('input[name="rating"]:checked').getAttribute('value')).toBe('satisfied');
    await dialog.getByLabel('意见或建议').fill('电话回访，企业满意');
    await dialog.getByTestId('visit-submit').click();
    await phone.page.getByTestId('flash-message').waitFor();
    expect(await phone.page.getByTestId('flash-message').textContent()).toContain('回访');
    await phone.page.getByTestId('visit-card').filter({ hasText: `回访测试：稳岗补贴 ${run}` }).waitFor({ state: 'detached' });
    const afterVisit = await get<{ status: string; rating: string; ratingSource: string }>(phone.page, 'workItem.get', { id: visited });
    expect([afterVisit.status, afterVisit.rating, afterVisit.ratingSource]).toEqual(['visited', 'satisfied', 'phone']);

    // 4. 不满意 asks whether to handle it again; no: recorded, a rectification owed, the item leaves the queue.
    const second = await rowOf(phone.page, 'visit-card', `回访测试：社保转移 ${run}`);
    await second.getByTestId('record-visit').click();
    await dialog.getByTestId('rating-choices').getByText('不满意', { exact: true }).click();
    await dialog.getByTestId('reopen-choices').waitFor();
    expect(await dialog.getByTestId('reopen-choices').textContent()).toContain('不要求重办，仅记录评价');
    await dialog.getByTestId('reopen-choices').getByText('不要求重办，仅记录评价').click();
    await dialog.getByLabel('意见或建议').fill('办理时间太长');
    await dialog.getByTestId('visit-submit').click();
    await phone.page.getByTestId('flash-message').filter({ hasText: '整改' }).waitFor();
    await phone.page.getByTestId('visit-card').filter({ hasText: `回访测试：社保转移 ${run}` }).waitFor({ state: 'detached' });
    await phone.context.close();

    // 5. The 整改 list (laptop): the rating that opened it, the deadline; 整改完成 with a note.
    const desk = await newPage(browser);
    await signIn(desk.page, 'staff@xinhong.test');
    await desk.page.goto('/visits/rectifications');
    await hydrated(desk.page, 'visit-tabs');
    const row = await rowOf(desk.page, 'rectification-row', `回访测试：社保转移 ${run}`);
    expect(await row.textContent()).toContain('不满意');
    expect(await row.textContent()).toContain('电话回访');
    expect(await row.textContent()).toContain('办理时间太长');
    expect(await row.getByTestId('rectification-state').getAttribute('data-state')).toBe('open');
    await hydrated(desk.page, 'mark-rectified');
    await row.getByTestId('mark-rectified').click();
    const rectify = desk.page.getByTestId('rectify-dialog');
    await rectify.getByLabel('整改情况').waitFor();
    // Sent empty: refused in the dialog, nothing marked.
    await rectify.getByLabel('整改情况').fill('   ');
    await rectify.evaluate((d) => d.querySelector('textarea')?.removeAttribute('required'));
    await rectify.getByTestId('rectify-submit').click();
    await rectify.locator('[aria-invalid="true"]').waitFor();
    await rectify.getByLabel('整改情况').fill('已电话说明加急通道，并协助企业当天办结转移手续');
    await rectify.getByTestId('rectify-submit').click();
    await desk.page.getByTestId('flash-message').filter({ hasText: '已标记整改完成' }).waitFor();
    await desk.page.getByTestId('rectification-row').filter({ hasText: `回访测试：社保转移 ${run}` }).waitFor({ state: 'detached' });

    // 6. Done, latest first: who, when, what was done.
    await desk.page.getByTestId('state-done').click();
    const done = desk.page.getByTestId('rectification-row').filter({ hasText: `回访测试：社保转移 ${run}` }).first();
    await done.waitFor();
    expect(await done.textContent()).toContain('已电话说明加急通道');
    expect(await done.textContent()).toContain('按期完成');
    expect(await done.getByTestId('rectification-state').getAttribute('data-state')).toBe('done');
    const item = await get<{ history: { action: string; note: string | null }[] }>(desk.page, 'workItem.get', { id: unhappy });
    expect(item.history.filter((h) => h.action === 'rectified').map((h) => h.note)).toEqual(['已电话说明加急通道，并协助企业当天办结转移手续']);
    // The item page no longer shows the deadline as owed.
    await desk.page.goto(`/items/${unhappy}`);
    expect(await desk.page.getByTestId('due-times').getByTestId('rectified').textContent()).toMatch(/完成/);
    await desk.context.close();
  });

  it('satisfaction by station and handler: a chart drawn on the server, the portal / phone split beside, each number drilling down; exported as .xlsx; English too', async () => {
    const manager = await newPage(browser);
    await signIn(manager.page, 'manager@xinhong.test');
    // Without scripts the chart is already there: it comes in the page's HTML.
    const html = await (await manager.page.request.get('/visits/satisfaction?period=thisYear')).text();
    expect(html).toContain('data-testid="satisfaction-chart"');
    expect(html).toMatch(/<svg[^>]*>/);
    await manager.page.goto('/visits/satisfaction?period=thisYear');
    await hydrated(manager.page, 'export-satisfaction');
    const table = manager.page.getByTestId('satisfaction-station-table');
    expect(await table.locator('thead').textContent()).toContain('网上评价满意率');
    expect(await table.locator('thead').textContent()).toContain('电话回访满意率');
    expect(await manager.page.getByTestId('satisfaction-staff-table').count()).toBe(1);
    const denominator = table.locator('[data-metric="satisfaction"]').getByTestId('denominator').first();
    const count = Number((await denominator.textContent())!.trim());
    expect(count).toBeGreaterThan(0);
    const [file] = await Promise.all([manager.page.waitForEvent('download'), manager.page.getByTestId('export-satisfaction').click()]);
    expect(file.suggestedFilename()).toMatch(/^满意率-\d{4}-01-01-\d{4}-12-31\.xlsx$/);
    await denominator.click();
    await manager.page.waitForURL((u) => u.pathname === '/kpis/drill');
    expect(Number(await manager.page.getByTestId('drill-count').getAttribute('data-count'))).toBe(count);

    await manager.context.addCookies([{ name: 'sd_lang', value: 'en', url: new URL(manager.page.url()).origin }]);
    await manager.page.goto('/visits/satisfaction?period=thisYear');
    expect(await manager.page.getByTestId('satisfaction-by-station').getByRole('heading').first().textContent()).toBe('Satisfaction by station');
    expect(await manager.page.getByTestId('tab-queue').textContent()).toBe('Awaiting follow-up');
    await manager.context.close();
  });
});
