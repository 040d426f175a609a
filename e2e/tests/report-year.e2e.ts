import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createDb, type Db } from '@stationdesk/db';
import { readTable } from '@stationdesk/services';
import { launch, signIn } from '../support/browser.ts';

/**
 * The year report (年度工作统计, issue 18) on the demo tenant in a real browser: both languages, the
 * figures equal to the items in the database, the year and station picker, printing (print media:
 * no app frame, no buttons, the tenant's name and the period on top, within an A4 page's width, a
 * PDF out of it), the .xlsx download holding the page's figures, who sees it and where it is linked.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: Db;
let thisYear: number;
let today: string;

const q = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => (await owner.pool.query(text, params)).rows as T[];

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = createDb(inject('ownerUrl'), { max: 2 });
  const [row] = await q<{ today: string }>(`select to_char((now() at time zone timezone)::date, 'YYYY-MM-DD') as today from tenants where slug = 'xinhong'`);
  today = row!.today;
  thisYear = Number(today.slice(0, 4));
});
afterAll(async () => {
  await close();
  await owner.close();
});

async function open(opts: { lang?: 'zh-CN' | 'en'; width?: number; email?: string } = {}) {
  const context = await browser.newContext({ baseURL: inject('baseURL'), locale: 'zh-CN', viewport: { width: opts.width ?? 1366, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await signIn(page, opts.email ?? 'manager@xinhong.test');
  if (opts.lang) await context.addCookies([{ name: 'sd_lang', value: opts.lang, url: inject('baseURL') }]);
  return { context, page };
}

const num = async (page: Page, testId: string) => Number((await page.getByTestId(testId).getByTestId('current').first().innerText()).trim());
const hydrated = (page: Page, testId: string) =>
  page.waitForFunction((id) => Object.keys(document.querySelector(`[data-testid="${id}"]`) ?? {}).some((k) => k.startsWith('__react')), testId);

/** Items of a kind the demo tenant received in a year (local dates), straight from the table; at some stations when given. */
async function received(kind: string, from: string, to: string, stationIds: string[] | null = null) {
  const [r] = await q<{ n: number }>(
    `select count(*)::int as n from work_items w join tenants t on t.id = w.tenant_id
      where t.slug = 'xinhong' and w.kind = $1 and (w.created_at at time zone t.timezone)::date between $2::date and $3::date
        and ($4::uuid[] is null or w.station_id = any($4::uuid[]))`,
    [kind, from, to, stationIds],
  );
  return r!.n;
}

describe('year report', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: the four rates with their parts, every function with 同比, per station, as many as the database holds`, async () => {
      const { context, page } = await open({ lang });
      await page.goto(`/reports/year?year=${thisYear - 1}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      const en = lang === 'en';
      expect(await page.locator('h1:visible').innerText()).toBe(en ? `Year report ${thisYear - 1}` : `${thisYear - 1} 年度工作统计`);
      const names = en ? ['First-contact rate', 'Resolution rate', 'On-time completion rate', 'Satisfaction rate'] : ['先行联系率', '诉求解决率', '按时办结率', '满意率'];
      for (const [i, m] of (['firstContact', 'resolution', 'onTime', 'satisfaction'] as const).entries()) {
        const card = page.getByTestId(`rate-${m}`);
        expect(await card.getByRole('heading').innerText()).toBe(names[i]);
        const n = Number(await card.getByTestId('numerator').innerText());
        const d = Number(await card.getByTestId('denominator').innerText());
        expect(d, m).toBeGreaterThan(0);
        expect(Number((await card.getByTestId('rate').innerText()).replace(/[^\d.]/g, ''))).toBeCloseTo((n / d) * 100, 1);
      }
      // The demo's years: the counts are the database's, this year and the one before.
      const [from, to] = [`${thisYear - 1}-01-01`, `${thisYear - 1}-12-31`];
      const [pFrom, pTo] = [`${thisYear - 2}-01-01`, `${thisYear - 2}-12-31`];
      expect(await num(page, 'consultations-total')).toBe(await received('consultation', from, to));
      expect(Number(await page.getByTestId('consultations-total').getByTestId('previous').innerText())).toBe(await received('consultation', pFrom, pTo));
      expect(await num(page, 'agency-total')).toBe(await received('agency', from, to));
      expect(await num(page, 'disputes-total')).toBe(await received('dispute', from, to));
      expect(await num(page, 'patrol-total')).toBe(await received('patrol', from, to));
      const categories = page.getByTestId('category-table').getByTestId('row');
      const categorySum = (await Promise.all((await categories.all()).map(async (r) => Number(await r.getByTestId('current').innerText())))).reduce((a, b) => a + b, 0);
      expect(categorySum).toBe(await num(page, 'consultations-total'));
      expect(await page.getByTestId('report-consultations').getByRole('heading', { level: 2 }).innerText()).toBe(en ? 'Consultations' : '咨询服务');
      // Drawn on the server: charts with the categories' names in the page's language.
      const chart = page.getByTestId('report-consultations').getByTestId('chart').first();
      expect(await chart.locator('svg text').allTextContents()).toContain(en ? 'Tax' : '税务');
      const stations = await q<{ id: string }>(`select s.id from stations s join tenants t on t.id = s.tenant_id where t.slug = 'xinhong' order by s.code`);
      expect(await page.getByTestId('station-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-station')))).toEqual(stations.map((s) => s.id));
      await context.close();
    });
  }

  it('the picker: another year, one station', async () => {
    const { context, page } = await open();
    await page.goto('/reports/year');
    // This year by default, up to today, against the same dates a year before.
    expect(await page.getByTestId('report-subtitle').innerText()).toContain(`${thisYear}-01-01 至 ${today}`);
    // Patrol findings by who found them (the demo's findings are of the last two months).
    const sources = await q<{ key: string; n: number }>(
      `select coalesce(f.source, 'null') as key, count(*)::int as n
         from work_items w join tenants t on t.id = w.tenant_id left join patrol_findings f on f.tenant_id = w.tenant_id and f.item_id = w.id
        where t.slug = 'xinhong' and w.kind = 'patrol' and (w.created_at at time zone t.timezone)::date between $1::date and $2::date group by 1`,
      [`${thisYear}-01-01`, today],
    );
    expect(sources.some((x) => x.key === 'automatic')).toBe(true);
    const shown = await page
      .getByTestId('patrol-source-table')
      .getByTestId('row')
      .evaluateAll((rows) => rows.map((r) => ({ key: r.getAttribute('data-key'), n: Number(r.querySelector('[data-testid="current"]')!.textContent) })));
    expect(new Map(shown.filter((x) => x.n > 0).map((x) => [x.key, x.n]))).toEqual(new Map(sources.map((x) => [x.key, x.n])));
    await hydrated(page, 'apply-year');
    await page.getByTestId('year-select').selectOption(String(thisYear - 1));
    const station = await page.getByTestId('station-select').locator('option').nth(2).getAttribute('value');
    await page.getByTestId('station-select').selectOption(station!);
    await page.getByTestId('apply-year').click();
    await page.waitForURL(new RegExp(`year=${thisYear - 1}.*stationId=${station}`));
    await page.waitForFunction((y) => document.querySelector('h1')?.textContent?.startsWith(String(y)), thisYear - 1);
    expect(await page.getByTestId('report-subtitle').innerText()).toContain(`${thisYear - 1}-01-01 至 ${thisYear - 1}-12-31`);
    expect(await page.getByTestId('station-row').count()).toBe(1);
    expect(await num(page, 'patrol-total')).toBe(await received('patrol', `${thisYear - 1}-01-01`, `${thisYear - 1}-12-31`, [station!]));
    await context.close();
  });

  it('printed: no navigation, no buttons, the tenant and the period on top, an A4 width, and a PDF', async () => {
    const { context, page } = await open();
    await page.goto(`/reports/year?year=${thisYear - 1}`);
    for (const id of ['side-nav', 'print-report', 'export-year', 'year-picker']) expect(await page.getByTestId(id).isVisible(), id).toBe(true);
    expect(await page.getByTestId('print-header').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    for (const id of ['side-nav', 'tenant-name', 'user-name', 'print-report', 'export-year', 'year-picker']) expect(await page.getByTestId(id).isVisible(), id).toBe(false);
    expect(await page.getByRole('navigation').filter({ visible: true }).count()).toBe(0);
    expect(await page.getByTestId('print-tenant').innerText()).toBe('新虹街道');
    expect(await page.getByTestId('print-period').innerText()).toContain(`${thisYear - 1}-01-01 至 ${thisYear - 1}-12-31`);
    expect(await page.getByTestId('print-header').innerText()).toContain(`${thisYear - 1} 年度工作统计`);
    // An A4 page's width less its margins (210 − 2 × 12 mm at 96 dpi ≈ 703 px): nothing runs off it.
    await page.setViewportSize({ width: 703, height: 1000 });
    expect(await page.getByRole('navigation').filter({ visible: true }).count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(703);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)!.length).toBeGreaterThan(1);
    await context.close();
  });

  it('on a phone: nothing runs off the screen sideways but inside the scrolling tables', async () => {
    const { context, page } = await open({ width: 390 });
    await page.goto(`/reports/year?year=${thisYear - 1}`);
    await page.getByTestId('station-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });

  it('downloads the .xlsx, which holds the figures of the page', async () => {
    const { context, page } = await open();
    await page.goto(`/reports/year?year=${thisYear - 1}`);
    const patrol = await num(page, 'patrol-total');
    const consultations = await num(page, 'consultations-total');
    await hydrated(page, 'export-year');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-year').click()]);
    expect(download.suggestedFilename()).toBe(`年度工作统计-${thisYear - 1}.xlsx`);
    const table = await readTable(await readFile((await download.path())!), 'xlsx', { maxRows: 5000 });
    if (!table.ok) throw new Error(table.key);
    const [header, ...rows] = table.rows.map((r) => r.cells);
    const at = (name: string) => header!.indexOf(name);
    const current = header!.findIndex((h) => h.startsWith('本期'));
    const row = (section: string, item: string) => rows.find((r) => r[at('板块')] === section && r[at('项目')] === item && r[at('工作站')] === '全部工作站')!;
    expect(Number(row('巡查', '巡查发现数')[current])).toBe(patrol);
    expect(Number(row('咨询·按类别', '合计')[current])).toBe(consultations);
    await context.close();
  });

  it('managers find it in the navigation and on the KPI page; staff on the KPI page, for their stations; enterprise admins not at all', async () => {
    const { context, page } = await open();
    await page.goto('/kpis');
    await page.getByTestId('side-nav').getByRole('link', { name: '年度工作统计' }).click();
    await page.waitForURL(/\/reports\/year$/);
    await page.getByTestId('report-year').waitFor();
    await page.goto('/kpis?period=lastMonth');
    await hydrated(page, 'year-report-link');
    await page.getByTestId('year-report-link').click();
    await page.waitForURL(/\/reports\/year\?year=\d{4}/);
    await page.getByTestId('report-year').waitFor();
    await context.close();

    const staff = await open({ email: 'staff@xinhong.test' });
    await staff.page.goto('/kpis');
    expect(await staff.page.getByTestId('side-nav').getByRole('link', { name: '年度工作统计' }).count()).toBe(0);
    await staff.page.getByTestId('year-report-link').click();
    await staff.page.getByTestId('report-year').waitFor();
    const own = await q<{ station_id: string }>(
      `select ms.station_id::text from membership_stations ms join memberships m on m.id = ms.membership_id join users u on u.id = m.user_id where u.email = 'staff@xinhong.test'`,
    );
    expect(new Set(await staff.page.getByTestId('station-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-station'))))).toEqual(new Set(own.map((s) => s.station_id)));
    expect(await staff.page.getByTestId('print-header').innerText()).toContain('本人所在工作站');
    await staff.context.close();

    const admin = await open({ email: 'enterprise@xinhong.test' });
    await admin.page.goto('/reports/year');
    expect(new URL(admin.page.url()).pathname).toMatch(/^\/enterprises\/[0-9a-f-]{36}$/);
    await admin.context.close();
  });
});
