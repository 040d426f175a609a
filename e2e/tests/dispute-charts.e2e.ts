import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { inject } from 'vitest';
import { launch, signIn } from '../support/browser.ts';

/**
 * The counts' server-drawn charts stay readable in both languages on a laptop and on a phone: no
 * two labels of a chart are drawn over each other, and the station legend sits beside the plot,
 * never on it. Boxes are measured as the browser laid them out (getBoundingClientRect).
 */
let browser: Browser;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close } = await launch());
});
afterAll(() => close());

interface Box {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlap = (a: Box, b: Box) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;

/** The boxes of every non-empty text of the chart's visible SVG. */
async function labelBoxes(chart: Locator): Promise<Box[]> {
  return chart.evaluate((el) =>
    [...el.querySelectorAll('svg text')]
      .map((t) => ({ t, r: t.getBoundingClientRect() }))
      .filter(({ t, r }) => (t.textContent ?? '').trim() !== '' && r.width > 0 && r.height > 0)
      .map(({ t, r }) => ({ text: t.textContent!.trim(), left: r.left, top: r.top, right: r.right, bottom: r.bottom })),
  );
}

function collisions(boxes: Box[]) {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i]!, boxes[j]!)) out.push(`${boxes[i]!.text} × ${boxes[j]!.text}`);
  return out;
}

const viewports = [
  { name: 'laptop', width: 1366, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

describe('dispute count charts', () => {
  for (const lang of ['zh-CN', 'en'] as const) {
    for (const vp of viewports) {
      it(`${lang} at ${vp.width} px: labels by source, by type and by station × month never collide; the legend is off the plot`, async () => {
        const context = await browser.newContext({ baseURL: inject('baseURL'), locale: 'zh-CN', viewport: { width: vp.width, height: vp.height } });
        const page = await context.newPage();
        await signIn(page, 'manager@xinhong.test');
        await context.addCookies([{ name: 'sd_lang', value: lang, url: inject('baseURL') }]);
        // Three years: every month, station, source and type of the demo data has cases.
        await page.goto('/disputes/counts?from=2024-01-01&to=2026-12-31');
        expect(await page.locator('html').getAttribute('lang')).toBe(lang);

        for (const group of ['source', 'type', 'station_month']) {
          const section = page.getByTestId(`group-${group}`);
          const chart = section.locator('figure > div:visible').filter({ has: page.locator('svg') });
          expect(await chart.count()).toBe(1);
          const boxes = await labelBoxes(chart);
          expect(boxes.length).toBeGreaterThan(3);
          expect(collisions(boxes), `${group} labels`).toEqual([]);
        }

        // The stations' legend: every station named, below the drawing and clear of it.
        const monthly = page.getByTestId('group-station_month');
        const plot = (await monthly.locator('figure > div:visible svg').boundingBox())!;
        const legend = monthly.getByTestId('chart-legend');
        expect(await legend.getByRole('listitem').count()).toBeGreaterThan(1);
        const box = (await legend.boundingBox())!;
        expect(box.y).toBeGreaterThanOrEqual(plot.y + plot.height);
        for (const item of await legend.getByRole('listitem').all()) {
          const r = (await item.boundingBox())!;
          expect(r.x + r.width).toBeLessThanOrEqual(vp.width);
        }
        await context.close();
      });
    }
  }
});
