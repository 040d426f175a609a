import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * Small things users met, each where it shows: the enterprise's list and item page, the station
 * directory, the operator's pages and the calendar import. The demo seed provides the data.
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

/** The API as the signed-in page calls it (plain JSON; queries by GET with their input in the path, mutations by POST). */
async function trpc<T = unknown>(page: Page, path: string, input?: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, input }) => {
      const res = input === undefined ? await fetch(`/api/trpc/${path}`) : await fetch(`/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await res.json()) as { result?: { data: unknown }; error?: unknown };
      if (!res.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body.error)}`);
      return body.result.data;
    },
    { path, input },
  ) as Promise<T>;
}

describe('small slips', () => {
  it('a request answered without a message is not “工作站尚未回复”; once rated, its progress names the step as its badge does', async () => {
    const title = `咨询研发费用加计扣除 ${Math.random().toString(36).slice(2, 8)}`;
    const owner = await newPage(browser);
    await signIn(owner.page, 'enterprise@xinhong.test');
    const { id } = await trpc<{ id: string }>(owner.page, 'workItem.create', { kind: 'consultation', channel: 'portal', title, description: '想了解加计扣除比例。', category: 'tax' });
    await owner.page.goto('/portal');
    const row = owner.page.getByTestId('portal-item').filter({ hasText: title });
    expect(await row.textContent()).toContain('工作站尚未回复');

    // The station answers with its resolution only (the answer, no conversation message).
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    const me = await trpc<{ user: { id: string } }>(staff.page, 'auth.me');
    const version = async () => (await trpc<{ version: number }>(staff.page, `workItem.get?input=${encodeURIComponent(JSON.stringify({ id }))}`)).version;
    await trpc(staff.page, 'workItem.assign', { id, assigneeId: me.user.id, version: await version() });
    await trpc(staff.page, 'workItem.transition', { id, action: 'accept', version: await version() });
    await trpc(staff.page, 'workItem.transition', { id, action: 'resolve', note: '比例为 100%，在年度汇算时申报。', resolvedOk: true, version: await version() });
    await staff.context.close();

    await owner.page.reload();
    await row.getByTestId('item-status').filter({ hasText: '已办结' }).waitFor();
    expect(await row.textContent()).not.toContain('工作站尚未回复');

    // Rated online: the badge and the progress name the step alike.
    await owner.page.goto(`/portal/items/${id}`);
    await owner.page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="rate-submit"]') ?? {}).some((k) => k.startsWith('__react')));
    await owner.page.getByTestId('rating-choices').getByText('满意', { exact: true }).click();
    await owner.page.getByTestId('rate-submit').click();
    const badge = owner.page.getByTestId('item-header').getByTestId('item-status');
    await badge.filter({ hasText: '已回访' }).waitFor();
    expect(await owner.page.locator('[aria-current="step"]').textContent()).toBe(await badge.textContent());
    await owner.context.close();
  });

  it('a form sent with a required field empty says so under that field, in Chinese, and the last save’s flash does not stay beside it', async () => {
    const run = Date.now().toString(36);
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/settings/canned-replies');
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="add-canned-reply"]') ?? {}).some((k) => k.startsWith('__react')));
    await page.getByTestId('add-canned-reply').click();
    let form = page.getByTestId('canned-reply-form');
    await form.getByLabel('标题').fill(`先存一条 ${run}`);
    await form.getByLabel('回复内容').fill(`您好，已收到 ${run}。`);
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('flash-message').filter({ hasText: '常用回复已保存。' }).waitFor();

    // The next one without a title: the procedure's schema refuses it, and its reason, translated,
    // sits under the title (the page checks nothing itself); the confirmation of the save before is gone.
    await page.getByTestId('add-canned-reply').click();
    form = page.getByTestId('canned-reply-form');
    await form.getByLabel('回复内容').fill(`没有标题 ${run}`);
    await form.getByRole('button', { name: '保存' }).click();
    const title = form.getByLabel('标题');
    await expect.poll(() => title.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await title.getAttribute('aria-describedby'))!.split(' ')[0]!;
    expect(await form.locator(`[id="${describedBy}"]`).textContent()).toBe('此项为必填项');
    expect(await form.locator('[data-field-error]').allTextContents()).toEqual(['此项为必填项']);
    expect(await page.getByTestId('flash').count()).toBe(0);
    expect(await page.getByTestId('canned-reply-row').filter({ hasText: `没有标题 ${run}` }).count()).toBe(0);
    await context.close();
  });

  it('the station directory is a staff page: an enterprise admin is sent home, never shown “not yours”', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'enterprise@xinhong.test');
    await page.goto('/stations');
    expect(new URL(page.url()).pathname).not.toBe('/stations');
    expect(await page.getByText('非本人负责').count()).toBe(0);
    await context.close();
  });

  it('the operator’s pages write dates as the rest of the app does and say how reminder lag is measured', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'operator@stationdesk.test');
    await page.goto('/platform');
    const created = await page.getByTestId('tenants-table').locator('tbody tr td:nth-child(9)').allTextContents();
    expect(created.length).toBeGreaterThan(0);
    for (const d of created) expect(d).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.goto('/platform/ops');
    expect(await page.getByTestId('ops-lag-hint').textContent()).toContain('写入');
    await context.close();
  });

  it('the calendar import picks its file with the app’s file button', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/settings/sla');
    const input = page.getByTestId('calendar-file');
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="calendar-file"]') ?? {}).some((k) => k.startsWith('__react')));
    // The native control is drawn as the app's button, in the page's language.
    expect(await input.evaluate((el) => el.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
    expect(await page.getByText('选择文件', { exact: true }).count()).toBe(1);
    await input.setInputFiles({ name: '2031.json', mimeType: 'application/json', buffer: Buffer.from('{"holidays":[],"workdays":[]}') });
    expect(await page.getByTestId('calendar-file-chosen').textContent()).toContain('2031.json');
    await context.close();
  });
});
