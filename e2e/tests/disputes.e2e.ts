import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { idNumberCheckDigit } from '@stationdesk/core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 矛盾预警 in the browser: staff file a wage-arrears dispute of twelve workers (a bad ID number is
 * refused next to its field first), the case turns red at once; the manager finds the warning and
 * acknowledges it; the counts page is readable as served (server-drawn SVG), a count opens exactly
 * the cases behind it, and the counts export as .xlsx. The dispute asserted here is the test's own;
 * the demo seed provides the accounts, stations and a year of other disputes for the counts.
 */
let browser: Browser;
let close: () => Promise<void>;

const run = Math.random().toString(36).slice(2, 8);
const title = `拖欠 12 名员工工资 ${run}`;
const first17 = '31010419850307123';
const idNumber = first17 + idNumberCheckDigit(first17);
const wrongId = first17 + (idNumberCheckDigit(first17) === '1' ? '2' : '1');

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

/** React has attached its handlers to the element (controlled party fields need them). */
async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__react'));
  }, testId);
}

let casePath = '';

describe('矛盾预警 (disputes)', () => {
  it('staff file a 12-person wage-arrears dispute; a bad ID number is refused in place, then the case is red', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.getByTestId('side-nav').getByRole('link', { name: '矛盾纠纷', exact: true }).click();
    await page.waitForURL('**/disputes');
    await page.getByTestId('new-dispute').click();
    await page.waitForURL('**/disputes/new');
    await hydrated(page, 'dispute-form');

    await page.getByTestId('field-type').selectOption('wage_arrears');
    await page.getByLabel('所属工作站').selectOption({ index: 1 });
    await page.getByTestId('field-title').fill(title);
    await page.getByTestId('field-facts').fill('公司自 3 月起拖欠 12 名员工工资共计 24 万元，员工多次催讨未果，情绪激动。');
    await page.getByTestId('field-amount').fill('240000');
    await page.getByTestId('field-people').fill('12');
    const parties = page.getByTestId('party-block');
    await parties.nth(0).getByTestId('party-name').fill('王建国');
    await parties.nth(0).getByTestId('party-phone').fill('13812341234');
    await parties.nth(0).getByTestId('party-id-number').fill(wrongId);
    await parties.nth(1).getByTestId('party-name').fill(`上海某某建筑劳务有限公司${run}`);
    await page.getByTestId('dispute-submit').click();

    // Refused by the server: the message sits under that party's ID number, everything typed kept.
    await parties.nth(0).locator('[data-field-error]').filter({ hasText: '校验位不正确' }).waitFor();
    expect(page.url()).toMatch(/\/disputes\/new$/);
    expect(await parties.nth(0).getByTestId('party-id-number').inputValue()).toBe(wrongId);
    expect(await page.getByTestId('field-title').inputValue()).toBe(title);
    expect(await page.getByTestId('field-people').inputValue()).toBe('12');
    expect(await parties.nth(1).getByTestId('party-name').inputValue()).toBe(`上海某某建筑劳务有限公司${run}`);

    await hydrated(page, 'dispute-form');
    await parties.nth(0).getByTestId('party-id-number').fill(idNumber);
    await page.getByTestId('dispute-submit').click();
    await page.waitForURL(/\/disputes\/[0-9a-f-]{36}$/);
    casePath = new URL(page.url()).pathname;
    expect(await page.getByTestId('flash-message').textContent()).toContain('已登记');

    const header = page.getByTestId('dispute-header');
    expect(await header.getByTestId('dispute-title').textContent()).toBe(title);
    const badge = header.getByTestId('risk-badge');
    expect(await badge.getAttribute('data-level')).toBe('red');
    expect(await badge.textContent()).toContain('红色预警');
    expect(await page.getByTestId('warning-banner').textContent()).toContain('红色预警');
    // The factors say why, in words: a group dispute of 12 people.
    expect(await page.getByTestId('risk-factors').textContent()).toContain('群体性纠纷');
    // Staff see the parties masked.
    const applicant = page.getByTestId('party-row').filter({ hasText: '申请人' }).first();
    expect(await applicant.getByTestId('party-name').textContent()).toBe('王**');
    expect(await applicant.getByTestId('party-phone').textContent()).toBe('138****1234');
    expect(await applicant.getByTestId('party-id').textContent()).toBe(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    await context.close();
  });

  it('the manager sees the warning, acknowledges it with a note, and can reveal a party with a reason', async () => {
    expect(casePath).not.toBe('');
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/disputes/warnings');
    // The newest open warning is on the first page; it is ticked and acknowledged with a note.
    const open = page.getByTestId('warnings').getByTestId('warning-item').filter({ hasText: title });
    await open.waitFor();
    expect(await open.getAttribute('data-level')).toBe('red');
    await hydrated(page, 'bulk-submit');
    await open.getByTestId('warning-select').check();
    await page.getByTestId('bulk-note').fill('已约谈企业负责人，要求本周内提交工资支付方案。');
    await page.getByTestId('bulk-submit').click();
    expect(await page.getByTestId('flash-message').textContent()).toBe('已签收 1 条预警。');
    await open.waitFor({ state: 'detached' });
    await page.getByTestId('filter-state').selectOption('acknowledged');
    await page.waitForURL(/state=acknowledged/);
    const done = page.getByTestId('warnings').getByTestId('warning-item').filter({ hasText: title });
    await done.waitFor();
    expect(await done.textContent()).toContain('已约谈企业负责人');

    // 查看完整信息 asks for a reason and then shows the party unmasked.
    await page.goto(casePath);
    const applicant = page.getByTestId('party-row').filter({ hasText: '申请人' }).first();
    await applicant.getByText('查看完整信息').click();
    await applicant.getByTestId('reveal-reason').fill('电话通知当事人参加调解');
    await applicant.getByTestId('reveal-form-submit').click();
    await applicant.getByTestId('party-name').filter({ hasText: '王建国' }).waitFor();
    expect(await applicant.getByTestId('party-phone').textContent()).toBe('13812341234');
    expect(await applicant.getByTestId('party-id').textContent()).toBe(idNumber);
    await context.close();
  });

  it('the warnings page shows one page at a time, filters by level, station and state, and acknowledges several at once', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    const items = page.getByTestId('warnings').getByTestId('warning-item');
    const ids = () => items.evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));

    // Every warning of three years: a page of 25, then the next 25, none shown twice.
    await page.goto('/disputes/warnings?state=all');
    const first = await ids();
    expect(first).toHaveLength(25);
    await page.getByTestId('warnings-next-page').click();
    await page.waitForURL(/cursor=/);
    await page.getByTestId('warnings-first-page').waitFor();
    const second = await ids();
    expect(second).toHaveLength(25);
    expect(second.filter((id) => first.includes(id))).toEqual([]);

    // Red only, then one station only: the filters stay in the URL.
    await page.goto('/disputes/warnings?state=all');
    await hydrated(page, 'filter-level');
    await page.getByTestId('filter-level').selectOption('red');
    await page.waitForURL(/level=red/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="warning-item"][data-level="yellow"]').length === 0);
    expect(await items.count()).toBeGreaterThan(0);
    expect(new Set(await items.evaluateAll((els) => els.map((el) => el.getAttribute('data-level'))))).toEqual(new Set(['red']));
    const station = page.getByTestId('filter-stationId');
    const stationName = (await station.locator('option').nth(1).textContent())!;
    await station.selectOption({ index: 1 });
    await page.waitForURL(/stationId=/);
    await page.waitForFunction((name) => [...document.querySelectorAll('[data-testid="warning-item"]')].every((el) => el.textContent?.includes(name)), stationName);
    for (const text of await items.allTextContents()) expect(text).toContain(stationName);

    // Two open ones ticked and acknowledged with one note: they leave the list, the selection is cleared.
    await page.goto('/disputes/warnings');
    await hydrated(page, 'select-all');
    const boxes = page.getByTestId('warning-select');
    const onPage = await boxes.count();
    expect(onPage).toBeGreaterThan(2);
    await page.getByTestId('select-all').check();
    expect(await page.getByTestId('selected-count').textContent()).toBe(`已选 ${onPage} 条`);
    await page.getByTestId('select-all').uncheck();
    const ticked = [await boxes.nth(0).inputValue(), await boxes.nth(1).inputValue()];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    expect(await page.getByTestId('selected-count').textContent()).toBe('已选 2 条');
    await page.getByTestId('bulk-note').fill('已统一部署各工作站逐户走访。');
    await page.getByTestId('bulk-submit').click();
    expect(await page.getByTestId('flash-message').textContent()).toBe('已签收 2 条预警。');
    for (const id of ticked) await page.locator(`[data-testid="warning-item"][data-id="${id}"]`).waitFor({ state: 'detached' });
    expect(await page.getByTestId('selected-count').textContent()).toBe('已选 0 条');
    await page.goto('/disputes/warnings?state=acknowledged');
    expect((await ids()).filter((id) => ticked.includes(id!))).toHaveLength(2);
    await context.close();
  });

  it('staff record a mediation session and the agreement, then download the agreement as PDF', async () => {
    expect(casePath).not.toBe('');
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    await page.goto(casePath);
    // Filed with 由我承办: already signed for, so the outcome can be recorded after a session.
    expect(await page.getByTestId('lifecycle').getByTestId('item-status').textContent()).toBe('已签收');

    await page.getByTestId('session-disclosure').getByText('登记询问或调解').click();
    await page.getByTestId('session-form').getByText('调解', { exact: true }).click();
    await page.getByTestId('session-notes').fill('双方同意由公司分两期支付拖欠工资。');
    await page.getByTestId('session-form-submit').click();
    await page.getByTestId('session-row').filter({ hasText: '分两期支付' }).waitFor();
    expect(await page.getByTestId('flash-message').textContent()).toBe('已登记调解记录。');
    expect(await page.getByTestId('session-disclosure').getAttribute('open')).toBeNull();

    // Evidence: listed once saved, with one confirmation, and its form folds away.
    await page.getByTestId('evidence-disclosure').locator('summary').click();
    await page.getByTestId('evidence-file').setInputFiles({ name: `工资条${run}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    await page.getByTestId('evidence-form').getByTestId('uploaded-file').waitFor();
    await page.getByTestId('evidence-form-submit').click();
    await page.getByTestId('flash-message').filter({ hasText: '已添加证据材料。' }).waitFor();
    expect(await page.getByTestId('evidence-row').filter({ hasText: `工资条${run}.pdf` }).count()).toBe(1);
    expect(await page.getByTestId('evidence-disclosure').getAttribute('open')).toBeNull();

    await page.getByTestId('outcome-disclosure').getByText('登记调解结果').click();
    await page.getByTestId('agreement-number').fill(`新虹调〔2026〕${run}号`);
    await page.getByTestId('agreement-terms').fill('公司于本月底前支付拖欠工资 12 万元，下月底前支付其余 12 万元。');
    await page.getByTestId('outcome-form-submit').click();
    await page.getByTestId('outcome-section').getByText(`新虹调〔2026〕${run}号`).waitFor();
    expect(await page.getByTestId('dispute-header').getByTestId('outcome-badge').textContent()).toBe('调解成功');

    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="agreement-pdf"]') ?? {}).some((k) => k.startsWith('__react')));
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('agreement-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`调解协议书-新虹调〔2026〕${run}号.pdf`);
    // Signed by both parties, the scan is uploaded and kept with the case.
    const pdfPath = await pdf.path();
    await page.getByTestId('signed-disclosure').locator('summary').click();
    await page.getByTestId('signed-scan-file').setInputFiles({ name: '协议签字扫描件.pdf', mimeType: 'application/pdf', buffer: await readFile(pdfPath) });
    await page.getByTestId('signed-form').getByTestId('uploaded-file').waitFor();
    await page.getByTestId('signed-form').locator('button[type=submit]').click();
    await page.getByRole('link', { name: '查看扫描件' }).waitFor();
    await context.close();
  });

  it('the counts page is readable as served, a station × month count opens exactly its cases, and the counts export as .xlsx', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');

    // The HTML as the server sends it, before any script runs: the charts are already SVG.
    const served = await page.request.get('/disputes/counts');
    expect(served.status()).toBe(200);
    const html = await served.text();
    expect(html).toContain('<svg');
    expect(html).toContain('data-testid="counts-chart"');
    expect(html).toMatch(/WenQuanYi Micro Hei/);

    await page.getByTestId('side-nav').getByRole('link', { name: '纠纷统计' }).click();
    await page.waitForURL('**/disputes/counts');
    const cell = page.getByTestId('table-station_month').getByTestId('station-month-cell').first();
    const expected = Number(await cell.textContent());
    expect(expected).toBeGreaterThan(0);
    await cell.click();
    await page.waitForURL(/\/disputes\?.*month=\d{4}-\d{2}/);
    const url = new URL(page.url());
    expect(url.searchParams.get('stationId')).toMatch(/^[0-9a-f-]{36}$/);
    expect(url.searchParams.get('from')).toMatch(/^\d{4}-01-01$/);
    await page.getByTestId('dispute-shown').waitFor();
    // Every page of the list, however many: the rows must be exactly the count.
    while ((await page.getByTestId('load-more').count()) > 0) {
      const before = await page.getByTestId('dispute-row').count();
      await page.getByTestId('load-more').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="dispute-row"]').length > n, before);
    }
    expect(await page.getByTestId('dispute-row').count()).toBe(expected);

    await page.goto('/disputes/counts');
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="export-counts"]') ?? {}).some((k) => k.startsWith('__react')));
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-counts').click()]);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    await context.close();
  });
});
