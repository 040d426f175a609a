import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launch, signIn } from '../support/browser.ts';

/**
 * The managers' KPI dashboard (issue 18) on the demo tenant: the four rates with their numerators
 * and denominators in both languages, a number's drill-down listing exactly that many items, the
 * period picker, the server-drawn trend chart readable on a laptop and a phone, and no way in for an
 * enterprise admin.
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

const headline = ['firstContact', 'resolution', 'onTime', 'satisfaction'] as const;

async function open(opts: { lang?: 'zh-CN' | 'en'; width?: number; email?: string } = {}) {
  const context = await browser.newContext({ baseURL: inject('baseURL'), locale: 'zh-CN', viewport: { width: opts.width ?? 1366, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await signIn(page, opts.email ?? 'manager@xinhong.test');
  if (opts.lang) await context.addCookies([{ name: 'sd_lang', value: opts.lang, url: inject('baseURL') }]);
  return { context, page };
}

const num = async (l: Locator) => Number((await l.innerText()).trim());

/** The numerator and denominator each headline card shows. */
async function fractions(page: Page) {
  const out: Record<string, { numerator: number; denominator: number; rate: string }> = {};
  for (const m of headline) {
    const card = page.getByTestId(`kpi-${m}`);
    out[m] = {
      numerator: await num(card.getByTestId('numerator')),
      denominator: await num(card.getByTestId('denominator')),
      rate: (await card.locator('[data-tone]').first().innerText()).trim(),
    };
  }
  return out;
}

/** Loads every page of a drill-down ("load more" until the list ends) and counts its rows. */
async function allDrillRows(page: Page) {
  const rows = page.getByTestId('drill-row');
  await rows.first().waitFor();
  while ((await page.getByTestId('load-more').count()) > 0) {
    const before = await rows.count();
    await page.getByTestId('load-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="drill-row"]').length > n, before);
  }
  return rows.count();
}

interface Box {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

async function labelBoxes(chart: Locator): Promise<Box[]> {
  return chart.evaluate((el) =>
    [...el.querySelectorAll('svg text')]
      .map((t) => ({ t, r: t.getBoundingClientRect() }))
      .filter(({ t, r }) => (t.textContent ?? '').trim() !== '' && r.width > 0 && r.height > 0)
      .map(({ t, r }) => ({ text: t.textContent!.trim(), left: r.left, top: r.top, right: r.right, bottom: r.bottom })),
  );
}

describe('KPI dashboard', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: the four rates, each with its numerator and denominator, the tables and the other figures`, async () => {
      const { context, page } = await open({ lang });
      await page.goto('/kpis?period=thisYear');
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      const names = lang === 'en' ? ['First-contact rate', 'Resolution rate', 'On-time completion rate', 'Satisfaction rate'] : ['先行联系率', '诉求解决率', '按时办结率', '满意率'];
      for (const [i, m] of headline.entries()) {
        const card = page.getByTestId(`kpi-${m}`);
        expect(await card.getByRole('heading').innerText()).toBe(names[i]);
      }
      const f = await fractions(page);
      for (const m of headline) {
        // The demo year has items behind every rate, and the rate is numerator / denominator as shown.
        expect(f[m]!.denominator, m).toBeGreaterThan(0);
        expect(f[m]!.numerator).toBeLessThanOrEqual(f[m]!.denominator);
        const shown = Number(f[m]!.rate.replace(/[^\d.]/g, ''));
        expect(shown).toBeCloseTo((f[m]!.numerator / f[m]!.denominator) * 100, 1);
      }
      // The handler's verdict stands beside the requester's, never in it.
      expect(await page.getByTestId('kpi-resolution').getByTestId('declared').innerText()).toContain(lang === 'en' ? 'Handler-declared' : '经办人自评');
      expect(await page.getByTestId('station-table-row').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('staff-table-row').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('more-redo').innerText()).toContain(lang === 'en' ? 'Reopen rate' : '重办率');
      await context.close();
    });
  }

  it("a number's drill-down lists exactly that many items, each linking to its item", async () => {
    const { context, page } = await open();
    await page.goto('/kpis?period=lastMonth');
    const f = await fractions(page);
    // The smallest headline numerator that has items: walked to its end, the list is as long.
    const [metric, figure] = Object.entries(f)
      .filter(([, v]) => v.numerator > 0)
      .sort((a, b) => a[1].numerator - b[1].numerator)[0]!;
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="numerator"]') ?? {}).some((k) => k.startsWith('__react')));
    await page.getByTestId(`kpi-${metric}`).getByTestId('numerator').click();
    await page.waitForURL(/\/kpis\/drill\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get('metric')).toBe(metric);
    expect(url.searchParams.get('part')).toBe('numerator');
    expect(Number(await page.getByTestId('drill-count').getAttribute('data-count'))).toBe(figure.numerator);
    expect(await allDrillRows(page)).toBe(figure.numerator);
    const href = await page.getByTestId('drill-row').first().getByRole('link').first().getAttribute('href');
    expect(href).toMatch(/^\/items\/[0-9a-f-]{36}$/);
    await context.close();
  });

  it("a handler's number in the managers' table drills down to exactly that handler's items", async () => {
    const { context, page } = await open();
    await page.goto('/kpis?period=thisYear');
    const cells = page.getByTestId('staff-table-row').locator('td[data-metric="resolution"]').getByTestId('numerator');
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="staff-table"] a') ?? {}).some((k) => k.startsWith('__react')));
    // The handler with the most items behind this number (more than a page of them when the demo has it).
    const values = await Promise.all((await cells.all()).map(num));
    const at = values.indexOf(Math.max(...values));
    expect(values[at]).toBeGreaterThan(0);
    await cells.nth(at).click();
    await page.waitForURL(/\/kpis\/drill\?.*staffId=/);
    expect(Number(await page.getByTestId('drill-count').getAttribute('data-count'))).toBe(values[at]);
    expect(await allDrillRows(page)).toBe(values[at]);
    await context.close();
  });

  it('the period picker changes the figures: a named period, then a custom one', async () => {
    const { context, page } = await open();
    await page.goto('/kpis?period=thisYear');
    const year = await fractions(page);
    const subtitle = await page.locator('h1 + p').innerText();
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="preset-lastMonth"]') ?? {}).some((k) => k.startsWith('__react')));
    await page.getByTestId('preset-lastMonth').click();
    await page.waitForURL(/period=lastMonth/);
    await page.waitForFunction((s) => document.querySelector('h1 + p')?.textContent !== s, subtitle);
    expect(await page.getByTestId('preset-lastMonth').getAttribute('aria-current')).toBe('page');
    const month = await fractions(page);
    // A month holds fewer items than its year (the demo spreads half a year of items).
    for (const m of headline) expect(month[m]!.denominator, m).toBeLessThan(year[m]!.denominator);

    // A custom period of the form: its dates in the URL, and the figures follow.
    const from = await page.locator('#kpi-from').inputValue();
    await page.locator('#kpi-from').fill(`${from.slice(0, 8)}01`);
    await page.locator('#kpi-to').fill(`${from.slice(0, 8)}10`);
    await page.getByTestId('apply-filters').click();
    await page.waitForURL(/to=\d{4}-\d{2}-10/);
    await page.waitForFunction(() => document.querySelector('h1 + p')?.textContent?.includes('-10'));
    const tenDays = await fractions(page);
    expect(headline.some((m) => tenDays[m]!.denominator < month[m]!.denominator)).toBe(true);
    expect(await page.getByTestId('preset-lastMonth').getAttribute('aria-current')).toBeNull();
    await context.close();
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    for (const width of [1366, 390]) {
      it(`${lang} at ${width} px: no two labels of the trend chart collide; the legend is below the plot`, async () => {
        const { context, page } = await open({ lang, width });
        await page.goto('/kpis?period=thisYear');
        const chart = page.getByTestId('kpi-trend').locator('figure > div:visible').filter({ has: page.locator('svg') });
        expect(await chart.count()).toBe(1);
        const boxes = await labelBoxes(chart);
        expect(boxes.length).toBeGreaterThan(5);
        const collisions: string[] = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) collisions.push(`${boxes[i]!.text} × ${boxes[j]!.text}`);
        expect(collisions).toEqual([]);
        const plot = (await chart.locator('svg').first().boundingBox())!;
        expect(plot.x + plot.width).toBeLessThanOrEqual(width);
        const legend = (await page.getByTestId('trend-legend').boundingBox())!;
        expect(legend.y).toBeGreaterThanOrEqual(plot.y + plot.height);
        // Nothing of the page runs off a phone's screen sideways except inside its scrolling tables.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await context.close();
      });
    }
  }

  it('exports the station table as .xlsx', async () => {
    const { context, page } = await open();
    await page.goto('/kpis?period=lastMonth');
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="export-kpis"]') ?? {}).some((k) => k.startsWith('__react')));
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-kpis').click()]);
    expect(file.suggestedFilename()).toMatch(/^考核指标-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await context.close();
  });

  it('refuses an enterprise admin: the page sends them to their own file', async () => {
    const { context, page } = await open({ email: 'enterprise@xinhong.test' });
    await page.goto('/kpis');
    expect(new URL(page.url()).pathname).toMatch(/^\/enterprises\/[0-9a-f-]{36}$/);
    await page.goto('/kpis/drill?metric=firstContact&part=numerator');
    expect(new URL(page.url()).pathname).toMatch(/^\/enterprises\/[0-9a-f-]{36}$/);
    expect(await page.getByRole('link', { name: '考核指标' }).count()).toBe(0);
    await context.close();
  });
});
