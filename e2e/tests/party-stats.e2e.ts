import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 党群服务统计 in Chromium, in Chinese (issue 20, what will be checked: the stats equal SQL
 * counts): a manager of 新虹街道 opens the statistics, sets a period in the filters and reads the
 * same figures as an independent count of the demo tenant's rows; a narrower period changes them
 * (again equal to SQL); the export downloads an .xlsx whose total row holds the page's figures.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: pg.Pool;

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = new pg.Pool({ connectionString: inject('ownerUrl'), max: 2 });
});
afterAll(async () => {
  await owner.end();
  await close();
});

interface Figures {
  held: number;
  signUps: number;
  attended: number;
  shifts: number;
  filled: number;
  batches: number;
  members: number;
  served: number;
}

/** The demo tenant's figures for a period of local (Shanghai) dates, counted straight from the tables. */
async function counted(from: string, to: string): Promise<Figures> {
  const { rows } = await owner.query<Figures>(
    `with t as (select id, timezone from tenants where slug = 'xinhong'),
          a as (select a.* from party_activities a join t on t.id = a.tenant_id
                 where a.status = 'published'
                   and a.starts_at >= ($1::date)::timestamp at time zone t.timezone
                   and a.starts_at < ($2::date + 1)::timestamp at time zone t.timezone),
          s as (select s.* from duty_shifts s join t on t.id = s.tenant_id
                 where s.status = 'open' and s.shift_date between $1::date and $2::date)
     select (select count(*) from a where a.starts_at <= now())::int as held,
            (select count(*) from activity_participants x join a on a.id = x.activity_id where x.status <> 'cancelled')::int as "signUps",
            (select count(*) from activity_participants x join a on a.id = x.activity_id
              where x.status = 'confirmed' and x.checked_in_at is not null and a.starts_at <= now())::int as attended,
            (select count(*) from s)::int as shifts,
            (select count(*) from s where s.booked >= s.places)::int as filled,
            (select count(*) from duty_sign_ups b join s on s.id = b.shift_id where b.status <> 'cancelled')::int as batches,
            (select coalesce(sum(b.members), 0) from duty_sign_ups b join s on s.id = b.shift_id where b.status <> 'cancelled')::int as members,
            (select coalesce(sum(v.served), 0) from duty_shift_served v join s on s.id = v.shift_id)::int as served`,
    [from, to],
  );
  return rows[0]!;
}

async function shown(page: Page): Promise<Figures> {
  const read = async (id: string) => (await page.getByTestId(id).textContent())!.trim();
  const [filled, shifts] = (await read('stats-shiftsFilled')).split(' / ').map(Number);
  return {
    held: Number(await read('stats-activitiesHeld')),
    signUps: Number(await read('stats-signUps')),
    attended: Number(await read('stats-attended')),
    shifts: shifts!,
    filled: filled!,
    batches: Number(await read('stats-batches')),
    members: Number(await read('stats-members')),
    served: Number(await read('stats-served')),
  };
}

/** Sets the period in the filters' date fields and applies it. */
async function period(page: Page, from: string, to: string) {
  const filters = page.getByTestId('party-stats-filters');
  await filters.getByLabel('开始日期').fill(from);
  await filters.getByLabel('结束日期').fill(to);
  await filters.getByTestId('apply-filters').click();
  await page.waitForURL((u) => u.searchParams.get('from') === from && u.searchParams.get('to') === to);
  await page.getByTestId('party-stats-activities').waitFor();
}

describe('party-mass statistics', () => {
  it('shows the SQL-counted figures of the period, changes with it, and exports them', { timeout: 120_000 }, async () => {
    const { rows } = await owner.query<{ today: string }>(`select to_char(now() at time zone timezone, 'YYYY-MM-DD') as today from tenants where slug = 'xinhong'`);
    const today = rows[0]!.today;
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

    const { page, context } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/party/stats');
    await page.getByRole('heading', { name: '党群服务统计' }).first().waitFor();
    expect(await page.getByTestId('party-stats-duty').getByText('服务人次').count()).toBeGreaterThan(0);

    // The demo's two months around today: every activity held or to come, the month of shifts.
    await period(page, day(-60), day(30));
    const wide = await counted(day(-60), day(30));
    expect(wide.held).toBeGreaterThan(3);
    expect(wide.shifts).toBeGreaterThan(0);
    // The URL moves before the navigation's render commits (a transition): wait for the figures.
    await expect.poll(() => shown(page), { timeout: 15_000 }).toEqual(wide);

    // The last 30 days only: fewer activities held, and still what SQL counts.
    await period(page, day(-30), day(0));
    const narrow = await counted(day(-30), day(0));
    expect(narrow.held).toBeLessThan(wide.held);
    await expect.poll(() => shown(page), { timeout: 15_000 }).toEqual(narrow);

    // The export of that period: the total row holds the same figures.
    await page.waitForFunction(() => Object.keys(document.querySelector('[data-testid="export-party-stats"]') ?? {}).some((k) => k.startsWith('__react')));
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-party-stats').click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^党群服务统计-${day(-30)}-${day(0)}-.*\\.xlsx$`));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile(await file.path())) as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('分驿站')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const total = sheet.getRow(sheet.rowCount);
    const cell = (label: string) => Number(total.getCell(header.indexOf(label)).value);
    expect(String(total.getCell(1).value)).toBe('合计');
    expect({
      held: cell('已举办活动'),
      signUps: cell('报名人数'),
      attended: cell('到场人数'),
      shifts: cell('站岗班次'),
      filled: cell('满员班次'),
      batches: cell('站岗批次'),
      members: cell('站岗党员'),
      served: cell('服务人次'),
    }).toEqual(narrow);
    await context.close();
  });
});
