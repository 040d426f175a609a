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

describe('the SLA settings page and a colleague saving meanwhile', () => {
  it('a day saved from a page read before someone else saved the year is refused with a translated message, and nothing of it is written', async () => {
    const year = 2099;
    const daysOf = async () =>
      (
        await owner.pool.query<{ day: string }>(
          `select d.day::text as day from calendar_days d join memberships m on m.tenant_id = d.tenant_id join users u on u.id = m.user_id
            where u.email = 'manager@xinhong.test' and d.day between $1 and $2 order by d.day`,
          [`${year}-01-01`, `${year}-12-31`],
        )
      ).rows.map((r) => r.day);
    expect(await daysOf()).toEqual([]);

    // Two tabs open the same year.
    const first = await newPage(browser);
    const second = await newPage(browser);
    for (const { page } of [first, second]) {
      await signIn(page, 'manager@xinhong.test');
      await page.goto(`/settings/sla?year=${year}`);
      await page.getByTestId('day-form').waitFor();
    }
    const addDay = async (page: typeof first.page, date: string) => {
      const form = page.getByTestId('day-form');
      // The date field is React's: typed into before hydration, the button would stay disabled.
      await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="day-form"] input[name="date"]') ?? {}).some((k) => k.startsWith('__react')));
      await form.locator('input[name="date"]').fill(date);
      await form.locator('button[value="saveDay"]').click();
    };

    await addDay(first.page, `${year}-03-02`);
    await first.page.getByTestId('calendar-day-list').filter({ hasText: `${year}-03-02` }).waitFor();
    expect(await daysOf()).toEqual([`${year}-03-02`]);

    // The second tab still shows the year as it was before that save: it is told to reload, not saved over it.
    await addDay(second.page, `${year}-04-01`);
    await second.page.getByText('其他人已修改了这项设置').waitFor();
    expect(await daysOf()).toEqual([`${year}-03-02`]);

    // Reloaded, the second tab saves its day beside the first.
    await second.page.reload();
    await addDay(second.page, `${year}-04-01`);
    await second.page.getByTestId('calendar-day-list').filter({ hasText: `${year}-04-01` }).waitFor();
    expect(await daysOf()).toEqual([`${year}-03-02`, `${year}-04-01`]);

    await owner.pool.query(`delete from calendar_days where day between $1 and $2`, [`${year}-01-01`, `${year}-12-31`]);
    await first.context.close();
    await second.context.close();
  });
});
