import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb, type Db } from '@stationdesk/db';
import { launch, newPage, signIn } from '../support/browser.ts';

let browser: Browser;
let close: () => Promise<void>;
let owner: Db;

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = createDb(inject('ownerUrl'), { max: 2 });
});
afterAll(async () => {
  await close();
  await owner.close();
});

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

/**
 * The form as the browser would send it, posted twice to its action: at once (a double click) or
 * one after the other (a POST resent after its answer was lost). Answers the statuses (redirects
 * are not followed).
 */
async function postTwice(page: Page, testId: string, action: string, when: 'at once' | 'in turn' = 'at once'): Promise<number[]> {
  return page.evaluate(
    async ({ testId, action, when }) => {
      const form = document.querySelector<HTMLFormElement>(`[data-testid="${testId}"]`)!;
      const body = new FormData(form);
      const send = () => fetch(action, { method: 'POST', body, redirect: 'manual' }).then((r) => r.status);
      return when === 'at once' ? Promise.all([send(), send()]) : [await send(), await send()];
    },
    { testId, action, when },
  );
}

const count = async (sql: string, params: unknown[]) => Number((await owner.pool.query<{ n: string }>(sql, params)).rows[0]!.n);
const itemsTitled = (title: string) => count(`select count(*) as n from work_items where title = $1`, [title]);
const messagesSaying = (body: string) => count(`select count(*) as n from work_item_messages where body = $1`, [body]);

describe('a create form sent twice creates once (idempotency keys)', () => {
  it('quick entry: the same form posted twice opens one item', async () => {
    const title = `重复提交的电话咨询 ${Date.now().toString(36)}`;
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/items/new');
    await hydrated(page, 'quick-entry-form');
    await page.getByTestId('no-enterprise').check();
    await page.locator('select[name=stationId]').selectOption({ index: 1 });
    await page.getByLabel('咨询事项').fill(title);
    expect(await page.getByTestId('quick-entry-form').locator('input[name=idempotencyKey]').inputValue()).toMatch(/^[0-9a-f-]{36}$/);

    const statuses = await postTwice(page, 'quick-entry-form', '/items/new');
    expect(statuses.every((s) => s === 0 || (s >= 300 && s < 400))).toBe(true); // both redirected to the item
    expect(await itemsTitled(title)).toBe(1);
    await context.close();
  });

  it('portal: a request posted twice is one request', async () => {
    const title = `重复提交的企业诉求 ${Date.now().toString(36)}`;
    const { page, context } = await newPage(browser);
    await signIn(page, 'enterprise@xinhong.test');
    await page.goto('/portal/new');
    await page.getByLabel('诉求事项').fill(title);
    await page.getByLabel('具体内容').fill('同一份诉求因网络重发了两次。');
    await postTwice(page, 'portal-form', '/portal/new');
    expect(await itemsTitled(title)).toBe(1);
    await context.close();
  });

  it('dispute registration: the same form posted twice is one case', async () => {
    const title = `重复提交的纠纷登记 ${Date.now().toString(36)}`;
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/disputes/new');
    await hydrated(page, 'dispute-form');
    await page.getByLabel('所属工作站').selectOption({ index: 1 });
    await page.getByTestId('field-title').fill(title);
    await page.getByTestId('field-facts').fill('同一份登记因双击提交了两次。');
    const parties = page.getByTestId('party-block');
    await parties.nth(0).getByTestId('party-name').fill('李明');
    await parties.nth(1).getByTestId('party-name').fill('某某物业公司');
    await postTwice(page, 'dispute-form', '/disputes/new');
    expect(await itemsTitled(title)).toBe(1);
    await context.close();
  });

  it('reply: two replies sent in turn are two messages; one reply posted twice is one', async () => {
    const run = Date.now().toString(36);
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/items/new');
    await hydrated(page, 'quick-entry-form');
    await page.getByTestId('no-enterprise').check();
    await page.locator('select[name=stationId]').selectOption({ index: 1 });
    await page.getByLabel('咨询事项').fill(`回复去重 ${run}`);
    await page.getByTestId('quick-entry-submit').click();
    await page.waitForURL(/\/items\/[0-9a-f-]{36}$/);
    const itemPath = new URL(page.url()).pathname;

    // Sent in turn through the page: each save brings the next reply a new key.
    const box = page.getByTestId('reply-body');
    for (const body of [`第一条回复 ${run}`, `第二条回复 ${run}`]) {
      await hydrated(page, 'composer');
      await box.fill(body);
      await page.getByTestId('reply-submit').click();
      await page.getByTestId('messages').getByText(body).waitFor();
      // The box empties once the page is back with the reply's flash (and the next key).
      await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('[data-testid="reply-body"]')?.value ?? 'x') === '');
    }
    expect(await messagesSaying(`第一条回复 ${run}`)).toBe(1);
    expect(await messagesSaying(`第二条回复 ${run}`)).toBe(1);

    // The third, resent with its one key after the first answer was lost: one message.
    await box.fill(`第三条回复 ${run}`);
    await postTwice(page, 'composer', itemPath, 'in turn');
    expect(await messagesSaying(`第三条回复 ${run}`)).toBe(1);
    await context.close();
  });
});
