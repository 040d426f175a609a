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

/** The bell's count once it has answered (the badge carries it in data-count). */
async function bellCount(page: Page): Promise<number> {
  const badge = page.getByTestId('bell-count');
  await page.waitForFunction(() => document.querySelector('[data-testid="bell-count"]')?.getAttribute('data-count') !== '');
  return Number(await badge.getAttribute('data-count'));
}

async function waitForBell(page: Page, count: number) {
  await page.waitForFunction((n) => document.querySelector('[data-testid="bell-count"]')?.getAttribute('data-count') === String(n), count, { timeout: 20_000 });
}

describe('the bell and the inbox', () => {
  it('staff see the bell count rise when a reminder reaches their inbox, open it and mark it read', async () => {
    const { page, context } = await newPage(browser);
    await signIn(page, 'staff@xinhong.test');
    const before = await bellCount(page);

    // What the worker's flush writes for an overdue item of theirs (a reminder delivered to the inbox).
    const { rows } = await owner.pool.query<{ user_id: string; tenant_id: string }>(
      `select m.user_id, m.tenant_id from memberships m join users u on u.id = m.user_id where u.email = 'staff@xinhong.test'`,
    );
    const { user_id: userId, tenant_id: tenantId } = rows[0]!;
    const enterprise = (
      await owner.pool.query<{ id: string; name: string }>(
        `select e.id, e.name from enterprises e
           join membership_stations ms on ms.tenant_id = e.tenant_id and ms.station_id = e.station_id
           join memberships m on m.tenant_id = ms.tenant_id and m.id = ms.membership_id
          where m.user_id = $1 and e.tenant_id = $2 order by e.name limit 1`,
        [userId, tenantId],
      )
    ).rows[0]!;
    const title = `您有 1 条待办提醒（${Date.now().toString(36)}）`;
    await owner.pool.query(`insert into notifications (tenant_id, user_id, kind, title, body, items) values ($1, $2, 'document_expiry_30', $3, $3, $4)`, [
      tenantId,
      userId,
      title,
      JSON.stringify([{ id: enterprise.id, title: `证照 30 天内到期：${enterprise.name} · 房屋租赁合同`, link: `/enterprises/${enterprise.id}`, dueAt: '2026-12-31' }]),
    ]);

    // Coming back to the window counts again at once (otherwise the 15-second poll would).
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await waitForBell(page, before + 1);
    expect(await page.getByTestId('bell').getAttribute('aria-label')).toBe(`消息（${before + 1} 条未读）`);

    await page.getByTestId('bell').click();
    await page.waitForURL('**/inbox');
    const card = page.getByTestId('notification').filter({ hasText: title });
    await expect(card.getAttribute('data-unread')).resolves.toBe('true');
    await expect(card.getByTestId('notification-link').getAttribute('href')).resolves.toBe(`/enterprises/${enterprise.id}`);
    expect(await card.textContent()).toContain('时限 2026-12-31');

    await card.getByTestId('mark-read').click();
    await waitForBell(page, before);
    await expect(card.getAttribute('data-unread')).resolves.toBe('false');
    const { rows: read } = await owner.pool.query(`select read_at from notifications where title = $1`, [title]);
    expect(read[0].read_at).not.toBeNull();
    await context.close();
  });

  it('the inbox is in the navigation, and the operators’ and managers’ pages are not for staff', async () => {
    const { page, context } = await newPage(browser, { mobile: true });
    await signIn(page, 'staff@xinhong.test');
    await page.getByRole('link', { name: '消息', exact: true }).first().click();
    await page.waitForURL('**/inbox');
    await page.goto('/inbox?show=unread');
    await expect(page.getByTestId('tab-unread').getAttribute('aria-current')).resolves.toBe('page');
    await page.goto('/settings/notifications');
    await page.waitForURL((u) => u.pathname === '/');
    await page.goto('/platform/ops');
    await page.waitForURL((u) => u.pathname === '/');
    await context.close();
  });
});
