import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
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

describe('years without a holiday schedule', () => {
  it('an item due into a year without one says its due time is an estimate; the SLA settings page names the year, links to its import, and stops naming it once imported', async () => {
    const { page } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    const { tenant_id: tenantId } = (
      await owner.pool.query<{ tenant_id: string }>(`select m.tenant_id from memberships m join users u on u.id = m.user_id where u.email = 'manager@xinhong.test'`)
    ).rows[0]!;
    // The first year after the demo's schedules: an open item's due time counted into it (as the SLA maths marks one).
    const { year } = (await owner.pool.query<{ year: number }>(`select max(extract(year from day))::int + 1 as year from calendar_days where tenant_id = $1`, [tenantId])).rows[0]!;
    const { id: itemId } = (
      await owner.pool.query<{ id: string }>(
        `update work_items set calendar_missing_years = array[$2::smallint]
          where id = (select id from work_items where tenant_id = $1 and kind = 'consultation' and status not in ('resolved', 'visited', 'closed') order by id limit 1) returning id`,
        [tenantId, year],
      )
    ).rows[0]!;

    // The item says its due time is an estimate, and which year lacks a schedule.
    await page.goto(`/items/${itemId}`);
    expect(await page.getByTestId('due-estimated').textContent()).toContain(`${year} 年尚未导入节假日安排`);

    await page.goto('/settings/sla');
    expect(await page.getByTestId('calendar-missing-banner').textContent()).toContain('尚未导入节假日安排');
    expect(await page.getByTestId(`calendar-missing-${year}`).textContent()).toBe(`导入 ${year} 年`);
    await page.getByTestId(`calendar-missing-${year}`).click();
    await page.getByTestId('calendar-year-summary').filter({ hasText: `${year} 年尚未设置节假日和调休` }).waitFor();
    expect(new URL(page.url()).search).toBe(`?year=${year}`);

    // Import that year from a file: the item is recomputed and the banner no longer names the year.
    const schedule = { years: { [year]: { off: [{ name: '元旦', from: `${year}-01-01`, to: `${year}-01-01` }], workdays: [] } } };
    const form = page.locator(`form[enctype="multipart/form-data"]`);
    await form.locator('input[name="year"]').fill(String(year));
    await form.locator('input[name="schedule"]').setInputFiles({ name: `${year}.json`, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(schedule)) });
    await form.locator('button[type="submit"]').click();
    await page.getByTestId('calendar-year-summary').filter({ hasText: `${year} 年：放假 1 天` }).waitFor();
    expect(await page.getByTestId(`calendar-missing-${year}`).count()).toBe(0);
    const { rows } = await owner.pool.query<{ years: number[] }>(`select calendar_missing_years as years from work_items where id = $1`, [itemId]);
    expect(rows[0]!.years).not.toContain(year);

    // Leave the demo as it was: the year emptied again through the API (which recomputes the items).
    const status = await page.evaluate(async (y) => {
      // The year as read (its version): the save is refused if it changed since.
      const read = await (await fetch(`/api/trpc/calendar.get?input=${encodeURIComponent(JSON.stringify({ fromYear: y, toYear: y }))}`)).json();
      const version = read.result.data.dayVersions[0].version;
      const body = JSON.stringify({ year: y, days: [], version });
      return (await fetch('/api/trpc/calendar.setDays', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status;
    }, year);
    expect(status).toBe(200);
  });
});
