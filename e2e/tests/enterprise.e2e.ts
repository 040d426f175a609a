import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { creditCodeCheckCharacter } from '@stationdesk/core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 一企一档 in the browser: staff create a file and keep it, the enterprise's own admin asks for a
 * change, staff approve it. Everything asserted here is created by the test itself (the demo seed
 * only provides the accounts and the stations and buildings).
 */
let browser: Browser;
let close: () => Promise<void>;

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const run = Array.from({ length: 6 }, () => ALPHABET[Math.floor(Math.random() * ALPHABET.length)]).join('');
/** Pudong (310115) keeps it clear of the demo's Minhang codes. */
const body = `91310115MA1${run}`;
const creditCode = body + creditCodeCheckCharacter(body);
const wrongCheck = body + ALPHABET[(ALPHABET.indexOf(creditCodeCheckCharacter(body)) + 1) % ALPHABET.length];
/** Two characters no demo enterprise has in its name, for the two-character search. */
const SEARCH = '砚澜';
const name = `上海${SEARCH}${run}数字科技有限公司`;
const contactName = `林${run.slice(0, 2)}测试`;
const proposedName = `周${run.slice(0, 2)}申请`;

/** A tiny well-formed PDF: enough for the upload's content sniffing. */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

let enterpriseUrl = '';

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

async function timelineTitles(page: Page) {
  return page.getByTestId('timeline-title').allTextContents();
}

describe('一企一档 (enterprise files)', () => {
  it('staff create a file, find it with two characters, add a contact and upload a licence', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');

    await page.getByTestId('side-nav').getByRole('link', { name: '企业档案', exact: true }).click();
    await page.waitForURL('**/enterprises');
    await page.getByRole('link', { name: '新建企业档案' }).click();
    await page.waitForURL('**/enterprises/new');

    await page.getByLabel('企业名称').fill(name);
    // Typed in lower case with spaces: normalised as it is typed, then checked.
    await page.getByLabel('统一社会信用代码').pressSequentially(`${creditCode.slice(0, 8).toLowerCase()} ${creditCode.slice(8).toLowerCase()}`);
    expect(await page.getByLabel('统一社会信用代码').inputValue()).toBe(creditCode);
    await expect(page.getByText('✓ 校验通过').isVisible()).resolves.toBe(true);
    await page.getByLabel('所在楼宇').selectOption({ index: 1 });
    await page.getByLabel('楼层').fill('12F');
    await page.getByLabel('房间号').fill('1203');
    await page.getByRole('button', { name: '建立档案' }).click();
    await page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
    enterpriseUrl = new URL(page.url()).pathname;
    await page.getByTestId('enterprise-name').filter({ hasText: name }).waitFor();
    expect(await page.getByTestId('credit-code-value').textContent()).toBe(creditCode);

    // The list: two characters of the name, typed (the search runs as you type).
    await page.goto('/enterprises');
    await page.getByTestId('enterprise-search').pressSequentially(SEARCH);
    await page.waitForURL((u) => u.searchParams.get('q') === SEARCH);
    const row = page.getByTestId('enterprise-table').getByRole('link', { name });
    await row.waitFor();
    // 导出 Excel exports what is on screen: the search is part of the export.
    const [exported] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    expect(exported.suggestedFilename()).toMatch(/\.xlsx$/);
    await row.click();
    await page.waitForURL(`**${enterpriseUrl}`);

    // A contact, added in place.
    await page.getByTestId('add-contact').click();
    const contactForm = page.getByTestId('contact-form');
    await contactForm.getByLabel('姓名').fill(contactName);
    await contactForm.getByLabel('职务').fill('行政经理');
    await contactForm.getByLabel('联系电话').fill('13812345678');
    await contactForm.getByLabel('设为主要联系人').check();
    await contactForm.getByRole('button', { name: '保存' }).click();
    await page.getByTestId('contact-row').filter({ hasText: contactName }).waitFor();
    expect(await page.getByTestId('flash-message').textContent()).toBe('联系人已保存。');
    await contactForm.waitFor({ state: 'detached' });
    expect(await page.getByTestId('contact-row').filter({ hasText: contactName }).textContent()).toContain('主要联系人');

    // A business licence with its scan.
    await page.getByTestId('add-document').click();
    const documentForm = page.getByTestId('document-form');
    await documentForm.getByLabel('证照类型').selectOption('business_licence');
    await documentForm.getByLabel('证照编号').fill(creditCode);
    await documentForm.getByLabel('发证机关').fill('上海市浦东新区市场监督管理局');
    await documentForm.getByTestId('document-file-input').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: pdf });
    await documentForm.getByTestId('uploaded-file').waitFor();
    expect(await documentForm.getByTestId('uploaded-file').textContent()).toContain('营业执照.pdf');
    await documentForm.getByRole('button', { name: '保存' }).click();
    const documentRow = page.getByTestId('document-row').filter({ hasText: '营业执照' });
    await documentRow.getByTestId('document-file').waitFor();
    const href = await documentRow.getByTestId('document-file').getAttribute('href');
    const download = await page.request.get(href!);
    expect(download.status()).toBe(200);
    expect(download.headers()['content-type']).toBe('application/pdf');

    // The timeline, newest first.
    await page.reload();
    const titles = await timelineTitles(page);
    expect(titles.slice(0, 3)).toEqual(['新增证照', '新增联系人', '建立企业档案']);
    await context.close();
  });

  it('the enterprise admin asks for a new contact; staff approve it and it is on the file', async () => {
    const owner = await newPage(browser);
    await signIn(owner.page, 'enterprise@xinhong.test');
    await owner.page.getByTestId('side-nav').getByRole('link', { name: '我的企业档案' }).click();
    await owner.page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
    const ownUrl = new URL(owner.page.url()).pathname;
    // Read-only for the enterprise: no internal notes, no editing, no review.
    expect(await owner.page.getByTestId('notes-section').count()).toBe(0);
    expect(await owner.page.getByTestId('edit-enterprise').count()).toBe(0);
    expect(await owner.page.getByTestId('pending-changes').count()).toBe(0);

    await owner.page.getByRole('button', { name: '申请新增联系人' }).click();
    const form = owner.page.getByTestId('contact-form');
    await form.getByLabel('姓名').fill(proposedName);
    await form.getByLabel('联系电话').fill('021-62345678');
    await form.getByRole('button', { name: '提交申请' }).click();
    const mine = owner.page.getByTestId('my-changes').getByTestId('change-item').filter({ hasText: proposedName });
    await mine.waitFor();
    expect(await owner.page.getByTestId('flash-message').textContent()).toBe('变更申请已提交，待工作站审核。');
    expect(await mine.textContent()).toContain('待审核');
    // Nothing changes on the file until it is approved.
    expect(await owner.page.getByTestId('contact-row').filter({ hasText: proposedName }).count()).toBe(0);
    await owner.context.close();

    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    await staff.page.getByTestId('side-nav').getByRole('link', { name: '变更审核' }).click();
    await staff.page.waitForURL('**/enterprises/changes');
    const item = staff.page.getByTestId('change-item').filter({ hasText: proposedName });
    expect(await item.textContent()).toContain('新增联系人');
    await item.getByTestId('approve-change').click();
    await item.waitFor({ state: 'detached' });
    expect(await staff.page.getByTestId('flash-message').textContent()).toBe('已审核通过，企业档案已更新。');

    await staff.page.goto(ownUrl);
    await staff.page.getByTestId('contact-row').filter({ hasText: proposedName }).waitFor();
    expect(await staff.page.getByTestId('timeline').textContent()).toContain('企业申请新增联系人');
    await staff.context.close();
  });

  it('a manager adds a tag, puts it on the file, and the list filters by it', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.getByTestId('side-nav').getByRole('link', { name: '标签管理' }).click();
    await page.waitForURL('**/settings/tags');
    const tagName = `试点${run.slice(0, 3)}`;
    await page.getByTestId('add-tag').click();
    await page.getByTestId('tag-form').getByLabel('标签名称').fill(tagName);
    await page.getByTestId('tag-form').getByTitle('绿').click();
    expect(await page.getByTestId('tag-form').getByRole('radio', { name: '绿' }).isChecked()).toBe(true);
    await page.getByTestId('tag-form').getByLabel('标签名称').press('Enter');
    await page.getByTestId('tag-row').filter({ hasText: tagName }).waitFor();

    await page.goto(enterpriseUrl);
    await page.getByTestId('edit-tags').click();
    await page.getByTestId('tag-editor').getByRole('checkbox', { name: tagName }).check();
    await page.getByTestId('tag-editor').getByRole('button', { name: '保存' }).click();
    await page.getByTestId('tag-editor').getByRole('checkbox').first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('tag-editor').textContent()).toContain(tagName);

    await page.goto('/enterprises');
    await page.getByLabel('标签', { exact: true }).selectOption({ label: tagName });
    await page.waitForURL((u) => u.searchParams.has('tag'));
    // The URL changes as the navigation starts: wait until the list shows the filter's one row.
    const rows = page.getByTestId('enterprise-table').locator('tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="enterprise-table"] tbody tr').length === n, 1);
    expect(await rows.allTextContents()).toEqual([expect.stringContaining(name)]);
    await context.close();
  });

  it('a wrong check character is explained next to the credit-code field', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/enterprises/new');
    const message = '统一社会信用代码校验位不正确，请核对后重新输入。';
    await page.getByLabel('统一社会信用代码').fill(wrongCheck);
    const field = page.getByLabel('统一社会信用代码');
    // As typed…
    const describedBy = await field.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await page.locator(`[id="${describedBy!.split(' ')[0]}"]`).textContent()).toBe(message);
    // …and as the server answers when it is sent anyway.
    await page.getByLabel('企业名称').fill(`上海${SEARCH}校验测试有限公司`);
    await page.getByLabel('所在楼宇').selectOption({ index: 1 });
    await page.getByRole('button', { name: '建立档案' }).click();
    await page.waitForLoadState('networkidle');
    expect(new URL(page.url()).pathname).toBe('/enterprises/new');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-field-error]').allTextContents()).toEqual([message]);
    await context.close();
  });

  it('the list is a card list on a 390 px phone', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.goto('/enterprises');
    expect(await page.getByTestId('enterprise-table').isVisible()).toBe(false);
    expect(await page.getByTestId('enterprise-cards').isVisible()).toBe(true);
    await page.getByTestId('enterprise-search').pressSequentially(SEARCH);
    await page.waitForURL((u) => u.searchParams.get('q') === SEARCH);
    const card = page.getByTestId('enterprise-cards').getByRole('link', { name });
    await card.waitFor();
    const box = await card.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await card.click();
    await page.waitForURL(`**${enterpriseUrl}`);
    await page.getByTestId('enterprise-name').filter({ hasText: name }).waitFor();
    await context.close();
  });
});
