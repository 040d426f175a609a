import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 网格巡查 on a phone (issue 19): a manager makes a plan, today's round is generated for the
 * station's staff member, who walks it at 390 px — floor by floor, a point OK, a point turned
 * into a finding, a tick made without signal queued on the phone and sent once when it returns —
 * and finishes it. The plan is the test's own.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;
const run = Math.random().toString(36).slice(2, 8);
const planName = `E2E巡查-${run}`;

beforeAll(async () => {
  ({ browser, close } = await launch());
  db = new pg.Pool({ connectionString: inject('ownerUrl'), max: 1 });
});
afterAll(async () => {
  await close();
  await db.end();
});

async function hydrated(page: Page, testId: string) {
  await page.waitForFunction((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    return el !== null && Object.keys(el).some((k) => k.startsWith('__reactProps'));
  }, testId);
}

/** Nothing wider than the phone's screen (no sideways scrolling). */
async function fitsWidth(page: Page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll).toBeLessThanOrEqual(width);
}

describe('a patrol round on a phone', () => {
  it('is planned by a manager, generated for today, walked floor by floor at 390 px (one tick offline) and finished', async () => {
    // The manager's plan: station XH01, its first building's 1F and 2F, two points, 李晓燕 every day.
    const manager = await newPage(browser);
    await signIn(manager.page, 'manager@xinhong.test');
    await manager.page.goto('/patrol/plans/new');
    await hydrated(manager.page, 'plan-form');
    await manager.page.getByTestId('plan-name').fill(planName);
    await manager.page.getByTestId('frequency-daily').check();
    await manager.page.getByTestId('assignment-fixed').check();
    await manager.page.getByTestId('plan-staff').getByLabel('李晓燕').check();
    const building = manager.page.getByTestId('plan-building').first();
    await building.getByText('1F', { exact: true }).click();
    await building.getByText('2F', { exact: true }).click();
    const checklist = manager.page.getByTestId('plan-checklist');
    for (let i = 0; i < 4; i++) await checklist.getByRole('button', { name: '删除' }).last().click();
    await expect.poll(() => checklist.getByRole('textbox').count()).toBe(2);
    await manager.page.getByTestId('save-plan').click();
    await manager.page.waitForURL((u) => u.pathname === '/patrol/plans');
    await manager.page.getByTestId('flash-message').filter({ hasText: planName }).waitFor();
    await manager.page.getByTestId('plan-card').filter({ hasText: planName }).waitFor();

    const { rows } = await db.query<{ id: string; status: string }>(`select r.id, r.status from patrol_rounds r join patrol_plans p on p.id = r.plan_id where p.name = $1`, [planName]);
    expect(rows).toEqual([{ id: expect.any(String), status: 'planned' }]);
    const roundId = rows[0]!.id;

    // The staff member's phone.
    const phone = await newPage(browser, { mobile: true });
    await signIn(phone.page, 'staff@xinhong.test');
    await phone.page.goto('/patrol');
    const card = phone.page.getByTestId('round-card').filter({ hasText: planName });
    await card.getByTestId('round-status').filter({ hasText: '待巡查' }).waitFor();
    await fitsWidth(phone.page);
    await card.getByTestId('open-round').click();
    await phone.page.waitForURL(`**/patrol/rounds/${roundId}`);
    await hydrated(phone.page, 'floor-panel');
    await fitsWidth(phone.page);
    await expect.poll(() => phone.page.getByTestId('floor-heading').textContent()).toContain('1F');
    const points = phone.page.getByTestId('check-point');
    expect(await points.count()).toBe(2);
    // Large targets for one hand.
    const box = await points.first().getByTestId('tick-ok').boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(44);

    // 1F: the first point OK, the second a problem, recorded as a red finding.
    await points.nth(0).getByTestId('tick-ok').click();
    await points.nth(0).getByTestId('mark-ok').waitFor();
    await points.nth(1).getByTestId('tick-finding').click();
    const form = points.nth(1).getByTestId('finding-form');
    await form.getByTestId('tier-red').click();
    await form.getByTestId('finding-description').fill('消防通道堆放纸箱，需当日清理');
    await form.getByTestId('finding-location').fill('东侧楼梯间');
    await form.getByTestId('save-finding').click();
    await points.nth(1).getByTestId('mark-finding').filter({ hasText: /XC-\d{4}-/ }).waitFor();
    await phone.page.getByTestId('round-progress').filter({ hasText: '已检查 2/4 项' }).waitFor();

    // 2F: the first point OK with no signal — kept on the phone, shown as waiting, sent once when the signal returns.
    await phone.page.getByTestId('next-floor').click();
    await expect.poll(() => phone.page.getByTestId('floor-heading').textContent()).toContain('2F');
    await phone.context.setOffline(true);
    await points.nth(0).getByTestId('tick-ok').click();
    await phone.page.getByTestId('offline-now').filter({ hasText: '当前无网络' }).waitFor();
    await phone.page.getByTestId('offline-waiting').filter({ hasText: '待发送 1 条' }).waitFor();
    await points.nth(0).getByTestId('mark-ok').filter({ hasText: '待发送' }).waitFor();
    expect((await db.query(`select count(*)::int as n from patrol_round_checks where round_id = $1`, [roundId])).rows[0].n).toBe(2);
    await phone.context.setOffline(false);
    await phone.page.getByTestId('offline-waiting').waitFor({ state: 'detached' });
    await phone.page.getByTestId('offline-sent').filter({ hasText: '已发送 3 项检查' }).waitFor();
    await expect.poll(async () => (await points.nth(0).getByTestId('mark-ok').textContent()) ?? '').not.toContain('待发送');
    await points.nth(1).getByTestId('tick-ok').click();
    await phone.page.getByTestId('round-progress').filter({ hasText: '已检查 4/4 项' }).waitFor();

    // Finished: back to today's list, the round done.
    await phone.page.getByTestId('finish-round').click();
    await phone.page.waitForURL((u) => u.pathname === '/patrol');
    await phone.page.getByTestId('flash-message').filter({ hasText: '巡查已完成：检查 4/4 项，发现问题 1 处' }).waitFor();
    await card.getByTestId('round-status').filter({ hasText: '已完成' }).waitFor();

    const round = (await db.query(`select status, checked, findings, floors_covered from patrol_rounds where id = $1`, [roundId])).rows[0];
    expect(round).toMatchObject({ status: 'done', checked: 4, findings: 1 });
    expect(round.floors_covered).toHaveLength(2);
    const checks = (await db.query(`select result, finding_item_id, client_id from patrol_round_checks where round_id = $1`, [roundId])).rows;
    expect(checks).toHaveLength(4);
    expect(new Set(checks.map((c) => c.client_id)).size).toBe(4);
    const findings = (await db.query(`select i.kind, i.priority, f.floor, f.location from work_items i join patrol_findings f on f.item_id = i.id where i.id = $1`, [checks.find((c) => c.result === 'finding')!.finding_item_id])).rows;
    expect(findings).toEqual([{ kind: 'patrol', priority: 'urgent', floor: '1F', location: '东侧楼梯间' }]);

    // The manager's week shows it walked.
    await manager.page.goto('/patrol/week');
    await manager.page.getByTestId('week-stations').waitFor();
    expect(await manager.page.getByTestId('unfinished-rounds').getByText(planName).count()).toBe(0);
    await phone.context.close();
    await manager.context.close();
  });
});
