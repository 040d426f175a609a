import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * The work-order loop in the browser: the enterprise asks in the portal, staff take it from the
 * queue with the keyboard, answer it (publicly and with an internal note), the enterprise rates it,
 * staff close it — and the history tells each step. Every item asserted here is created by the
 * test itself; the demo seed only provides the accounts, stations and enterprises.
 */
let browser: Browser;
let close: () => Promise<void>;

const run = Math.random().toString(36).slice(2, 8);
const subject = `研发费用加计扣除政策咨询 ${run}`;
const publicReply = `您好，研发费用加计扣除比例为100%，可在季度预缴时享受。${run}`;
const internalNote = `已与税务所核实口径，企业符合条件。${run}`;
const answer = `符合条件，已告知申报方式及所需留存备查资料。${run}`;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

/** The queue's keyboard shortcuts answer once the page's scripts have taken over. */
async function queueKeysReady(page: Page) {
  await page.locator('html[data-queue-keys="on"]').waitFor({ state: 'attached' });
}

/** The element has been hydrated: React has attached its handlers (the picker and toggles need them). */
async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

async function status(page: Page) {
  return page.getByTestId('item-header').getByTestId('item-status').textContent();
}

/** Waits until the header shows `expected` (the page reloads its data after each step). */
async function waitForStatus(page: Page, expected: string) {
  await page.getByTestId('item-header').getByTestId('item-status').filter({ hasText: expected }).waitFor();
}

describe('工单 (work orders)', () => {
  it('a portal consultation goes round the loop: queue, keyboard, replies, answer, rating, archive', async () => {
    // 1. The enterprise admin submits a consultation in the portal.
    const owner = await newPage(browser);
    await signIn(owner.page, 'enterprise@xinhong.test');
    await owner.page.getByTestId('side-nav').getByRole('link', { name: '我的诉求' }).click();
    await owner.page.waitForURL('**/portal');
    await owner.page.getByTestId('portal-new').click();
    await owner.page.waitForURL('**/portal/new');
    await owner.page.getByText('税务', { exact: true }).click();
    await owner.page.getByLabel('诉求事项').fill(subject);
    await owner.page.getByLabel('具体内容').fill('我司为软件企业，想了解研发费用加计扣除的比例和申报时间。');
    await owner.page.getByTestId('portal-submit').click();
    await owner.page.waitForURL(/\/portal\/items\/[0-9a-f-]{36}$/);
    const itemPath = new URL(owner.page.url()).pathname.replace('/portal', '');
    const number = (await owner.page.getByTestId('item-number').textContent())!;
    expect(number).toMatch(/^ZX-\d{4}-\d{6}$/);
    expect(await owner.page.getByTestId('flash-message').textContent()).toContain(number);
    expect(await status(owner.page)).toBe('已受理');

    // 2. Staff find it in the queue and work it with the keyboard: j selects, a takes it, Enter opens.
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    await staff.page.getByTestId('side-nav').getByRole('link', { name: '工单队列' }).click();
    await staff.page.waitForURL('**/items');
    await staff.page.getByTestId('queue-table').getByText(subject).waitFor();
    await queueKeysReady(staff.page);
    await staff.page.keyboard.press('/');
    await staff.page.keyboard.type(run);
    await staff.page.keyboard.press('Escape');
    expect(await staff.page.getByTestId('queue-row').count()).toBe(1);
    await staff.page.keyboard.press('j');
    const selected = staff.page.getByTestId('queue-table').locator('[data-queue-row][data-selected]');
    expect(await selected.getByTestId('queue-number').textContent()).toBe(number);
    await staff.page.keyboard.press('a');
    // Taken: the queue comes back with the flash, as it was (the find still applied, the row selected).
    await staff.page.getByTestId('flash-message').getByText(`已将 ${number} 派给您承办`).waitFor();
    await selected.getByText('已派单').waitFor();
    await staff.page.keyboard.press('Enter');
    await staff.page.waitForURL(`**${itemPath}`);
    expect(await status(staff.page)).toBe('已派单');
    expect(await staff.page.getByTestId('item-assignee').textContent()).not.toBe('未派单');

    // 3. Accept, reply publicly, add an internal note, resolve with the answer.
    await staff.page.getByTestId('action-accept').click();
    await waitForStatus(staff.page, '已签收');
    await staff.page.getByTestId('reply-body').fill(publicReply);
    await staff.page.getByTestId('reply-submit').click();
    await staff.page.getByTestId('public-reply').filter({ hasText: publicReply }).waitFor();
    await staff.page.getByTestId('visibility-internal').click();
    await staff.page.getByTestId('reply-body').fill(internalNote);
    await staff.page.getByTestId('reply-submit').click();
    const note = staff.page.getByTestId('internal-note').filter({ hasText: internalNote });
    await note.waitFor();
    expect(await note.textContent()).toContain('内部备注');
    await staff.page.getByTestId('action-resolve').click();
    await staff.page.getByTestId('panel-resolve').getByLabel('答复内容（企业可见）').fill(answer);
    await staff.page.getByTestId('panel-resolve').getByTestId('panel-submit').click();
    await waitForStatus(staff.page, '已办结');
    expect(await staff.page.getByTestId('flash-message').textContent()).toContain('已办结');

    // 4. The enterprise sees the public reply and the answer, never the internal note; rates 满意.
    await owner.page.goto(`/portal${itemPath}`);
    expect(await status(owner.page)).toBe('已办结');
    expect(await owner.page.getByTestId('public-reply').filter({ hasText: publicReply }).count()).toBe(1);
    expect(await owner.page.getByTestId('internal-note').count()).toBe(0);
    expect(await owner.page.locator('body').textContent()).not.toContain(internalNote);
    expect(await owner.page.getByTestId('item-answer').textContent()).toContain(answer);
    await owner.page.getByTestId('rating-choices').getByText('满意', { exact: true }).click();
    await owner.page.getByTestId('rate-form').getByLabel('意见或建议').fill('答复及时，讲解清楚。');
    await owner.page.getByTestId('rate-submit').click();
    // One confirmation, on this page only: the next page the enterprise opens no longer shows it.
    expect(await owner.page.getByTestId('flash-message').textContent()).toBe('感谢您的评价！');
    await waitForStatus(owner.page, '已回访');
    expect(await owner.page.getByTestId('item-rating').textContent()).toContain('满意');
    await owner.page.getByRole('link', { name: '返回我的诉求' }).click();
    await owner.page.waitForURL('**/portal');
    await owner.page.getByTestId('portal-new').waitFor();
    expect(await owner.page.getByTestId('flash').count()).toBe(0);
    await owner.page.goBack();
    await owner.page.waitForURL(`**/portal${itemPath}`);
    await owner.page.getByTestId('item-rating').waitFor();
    expect(await owner.page.getByTestId('flash').count()).toBe(0);
    await owner.context.close();

    // 5. Staff see 已回访 and archive it; the history tells each step, in order.
    await staff.page.reload();
    expect(await status(staff.page)).toBe('已回访');
    await staff.page.getByTestId('action-close').click();
    await waitForStatus(staff.page, '已归档');
    const steps = await staff.page.getByTestId('history-action').allTextContents();
    expect(steps).toEqual(['受理登记', '派单', '签收', '首次联系', '办结', '回访', '归档']);
    const history = (await staff.page.getByTestId('history').textContent())!;
    expect(history).toContain('已办结→已回访');
    expect(history).toContain('评价：满意（网上评价）');
    expect(await staff.page.getByTestId('composer').count()).toBe(0);
    await staff.context.close();
  });

  it('quick entry from the queue (n) logs a walk-in consultation, accepted by its taker', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/items');
    await queueKeysReady(page);
    await page.keyboard.press('n');
    const dialog = page.getByTestId('quick-entry-dialog');
    await dialog.waitFor();
    // Two characters find the company; the picker opens with the focus already in it.
    await page.keyboard.type('虹智');
    await dialog.getByTestId('enterprise-results').getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    expect(await dialog.getByTestId('picked-enterprise').textContent()).toContain('上海虹智信息科技有限公司');
    await dialog.getByLabel('咨询事项').fill(`来访咨询稳岗补贴 ${run}`);
    await dialog.getByLabel('咨询事项').press('Enter');
    // Enter in the title moves on to the description.
    await page.keyboard.type('企业人事经理来访，询问稳岗补贴申领条件。');
    await dialog.getByText('人社/社保', { exact: true }).click();
    await page.keyboard.press('Control+Enter');
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('item-number').textContent()).toMatch(/^ZX-\d{4}-\d{6}$/);
    expect(await status(page)).toBe('已签收');
    expect(await page.getByTestId('item-enterprise').textContent()).toBe('上海虹智信息科技有限公司');
    // A walk-in has been contacted at the counter.
    expect(await page.getByTestId('due-times').textContent()).toContain('已联系');
    // A company's consultation may become its agency case.
    expect(await page.getByTestId('action-convert').count()).toBe(1);
    await context.close();
  });

  it('a consultation without a company is not offered 转为代办: an agency case belongs to an enterprise', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/items/new');
    await hydrated(page, 'no-enterprise');
    await page.getByTestId('no-enterprise').check();
    await page.getByLabel('受理工作站').selectOption({ index: 1 });
    await page.getByLabel('咨询事项').fill(`个人咨询个体户执照办理 ${run}`);
    await page.getByTestId('quick-entry-submit').click();
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    expect(await status(page)).toBe('已签收');
    expect(await page.getByTestId('action-resolve').count()).toBe(1);
    expect(await page.getByTestId('action-convert').count()).toBe(0);
    await context.close();
  });

  it('a step taken on a stale page is refused with the reason, and the page shows the item as it now is', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/items/new');
    await hydrated(page, 'enterprise-picker');
    await page.getByTestId('enterprise-picker').pressSequentially('虹智');
    await page.getByTestId('enterprise-results').getByRole('option').first().click();
    await page.getByLabel('咨询事项').fill(`来电咨询社保转移 ${run}`);
    await page.getByLabel('由我办理').uncheck();
    await page.getByTestId('quick-entry-submit').click();
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    await page.getByTestId('action-assign-me').click();
    await waitForStatus(page, '已派单');

    // The same item open in a second tab; the first tab accepts it meanwhile.
    const stale = await context.newPage();
    await stale.goto(page.url());
    await page.getByTestId('action-accept').click();
    await waitForStatus(page, '已签收');
    await stale.getByTestId('action-accept').click();
    await stale.getByTestId('action-status').getByText('该记录正被他人修改').waitFor();
    expect(await stale.getByTestId('action-status').textContent()).toContain('页面已更新为最新状态');
    await waitForStatus(stale, '已签收');
    expect(await stale.getByTestId('action-accept').count()).toBe(0);
    await context.close();
  });

  it('on a 390 px phone: quick entry without a company, then the queue as cards with their next step', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    // A phone consultation from someone without a company, logged on the phone, left for the station.
    await page.goto('/items/new');
    await hydrated(page, 'no-enterprise');
    await page.getByTestId('no-enterprise').check();
    await page.getByLabel('受理工作站').selectOption({ index: 1 });
    await page.getByLabel('咨询事项').fill(`个人咨询灵活就业社保 ${run}`);
    await page.getByText('来电', { exact: true }).click();
    await page.getByLabel('由我办理').uncheck();
    await page.getByTestId('quick-entry-submit').click();
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    expect(await status(page)).toBe('已受理');
    expect(await page.getByTestId('item-enterprise').count()).toBe(0);

    await page.getByRole('navigation').getByRole('link', { name: '工单队列', exact: true }).first().click();
    await page.waitForURL('**/items');
    const cards = page.getByTestId('queue-cards');
    await cards.waitFor();
    expect(await page.getByTestId('queue-table').isVisible()).toBe(false);
    expect(await cards.getByTestId('queue-card').count()).toBeGreaterThan(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    // Each card ends in one big button: its next step (here: take the unassigned item), or opening it.
    const card = cards.getByTestId('queue-card').filter({ hasText: run });
    const take = card.getByTestId('primary-assignMe');
    expect((await take.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await take.click();
    await page.getByTestId('flash-message').getByText('派给您承办').waitFor();
    await card.getByText('已派单').waitFor();
    await card.getByRole('link').first().click();
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    await page.getByTestId('action-bar').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
