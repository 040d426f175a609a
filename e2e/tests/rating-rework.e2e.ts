import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * An unsatisfied rating in the portal (issue 18): the enterprise is asked whether the station should
 * handle the request again before anything is reopened. Yes: 重办, due again by the rectification
 * rule (a time ahead, never the passed one). No: the rating is recorded and a rectification opened,
 * the item not reopened. Each item is created by the test itself.
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

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

async function waitForStatus(page: Page, expected: string) {
  await page.getByTestId('item-header').getByTestId('item-status').filter({ hasText: expected }).waitFor();
}

/** A consultation of the owner's enterprise, taken by staff at the counter and answered in the page. */
async function resolvedItem(staff: Page, enterpriseId: string, title: string): Promise<string> {
  const { id } = await trpc<{ id: string }>(staff, 'workItem.create', { kind: 'consultation', title, channel: 'phone', enterpriseId, assign: { mode: 'self' } });
  await staff.goto(`/items/${id}`);
  await hydrated(staff, 'action-resolve');
  await staff.getByTestId('action-resolve').click();
  await staff.getByTestId('panel-resolve').getByLabel('答复内容（企业可见）').fill('已电话告知办理流程。');
  await staff.getByTestId('panel-resolve').getByTestId('panel-submit').click();
  await waitForStatus(staff, '已办结');
  return id;
}

describe('不满意 asks before it reopens anything', () => {
  it('yes: the item is handled again with a new deadline ahead; no: the rating is recorded, a rectification opened, the item not reopened', async () => {
    const owner = await newPage(browser);
    await signIn(owner.page, 'enterprise@xinhong.test');
    const { enterpriseId } = await owner.page.evaluate(async () => ((await (await fetch('/api/trpc/auth.me')).json()) as { result: { data: { enterpriseId: string } } }).result.data);
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    const again = await resolvedItem(staff.page, enterpriseId, `社保基数调整咨询 ${run}`);
    const recorded = await resolvedItem(staff.page, enterpriseId, `公积金缴存咨询 ${run}`);

    // 1. 不满意 asks the question; sending without an answer is refused next to it, nothing changes.
    await owner.page.goto(`/portal/items/${again}`);
    await hydrated(owner.page, 'rate-submit');
    const form = owner.page.getByTestId('rate-form');
    expect(await form.getByTestId('reopen-choices').count()).toBe(0);
    await form.getByTestId('rating-choices').getByText('不满意', { exact: true }).click();
    await form.getByTestId('reopen-choices').waitFor();
    expect(await form.getByTestId('reopen-choices').textContent()).toContain('是否需要工作站重新办理此诉求？');
    await form.getByTestId('rate-submit').click();
    await form.getByText('请选择是否需要重新办理。').waitFor();
    await waitForStatus(owner.page, '已办结');

    // 2. Yes: 重办 — back in progress, and the portal promises a time ahead.
    await form.getByTestId('reopen-choices').getByText('需要，请重新办理').click();
    await form.getByLabel('意见或建议').fill('答复不完整');
    await form.getByTestId('rate-submit').click();
    await waitForStatus(owner.page, '办理中');
    expect(await owner.page.getByTestId('flash-message').textContent()).toContain('工作站将重新办理，整改期限为');
    const promise = (await owner.page.getByTestId('item-header').textContent())!;
    const due = /预计 (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) 前办结/.exec(promise);
    expect(due, promise).not.toBeNull();
    const [, y, mo, d, h, mi] = due!.map(Number) as number[];
    expect(Date.parse(`${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:00+08:00`)).toBeGreaterThan(Date.now() - 60_000);

    // 3. No: recorded, a rectification owed, the item stays closed-loop (已回访).
    await owner.page.goto(`/portal/items/${recorded}`);
    await hydrated(owner.page, 'rate-submit');
    const second = owner.page.getByTestId('rate-form');
    await second.getByTestId('rating-choices').getByText('非常不满意', { exact: true }).click();
    await second.getByTestId('reopen-choices').getByText('不需要，记录评价即可').click();
    await second.getByTestId('rate-submit').click();
    await waitForStatus(owner.page, '已回访');
    expect(await owner.page.getByTestId('flash-message').textContent()).toContain('前整改并再次回访');

    await staff.page.goto(`/items/${recorded}`);
    await waitForStatus(staff.page, '已回访');
    await staff.page.getByText('整改期限').first().waitFor();
    await owner.context.close();
    await staff.context.close();
  });
});
