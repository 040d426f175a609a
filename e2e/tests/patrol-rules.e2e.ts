import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { createDb, type Db } from '@stationdesk/db';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 自动发现 settings (issue 19) on the demo tenant: a manager makes an intake token on
 * /settings/patrol-rules (shown once), an outside system reports a finding with it, the manager
 * revokes it and the next call is refused; a rule turned off stays off.
 */
let browser: Browser;
let close: () => Promise<void>;
let owner: Db;

beforeAll(async () => {
  ({ browser, close } = await launch());
  owner = createDb(inject('ownerUrl'), { max: 2 });
});
afterAll(async () => {
  await owner.close();
  await close();
});

describe('automatic findings settings', () => {
  it('a manager creates a token (shown once), a system reports with it, revoked it is refused', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/settings/patrol-rules');
    await page.getByTestId('token-name').fill('e2e 一网统管');
    await page.getByTestId('token-create').click();
    const token = await page.getByTestId('token-value').inputValue();
    expect(token).toMatch(/^sdi_[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => page.getByTestId('token-row').filter({ hasText: 'e2e 一网统管' }).count()).toBe(1);
    // Shown once: not on the page any more after a reload, nor stored.
    await page.reload();
    expect(await page.getByTestId('token-value').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
    const { rows: stored } = await owner.pool.query(`select token_hash from intake_tokens where name = 'e2e 一网统管'`);
    expect(stored).toHaveLength(1);
    expect(stored[0].token_hash).not.toBe(token);

    const { rows: buildings } = await owner.pool.query<{ id: string }>(
      `select b.id from buildings b join tenants t on t.id = b.tenant_id where t.slug = 'xinhong' order by b.name limit 1`,
    );
    const report = (externalId: string) =>
      fetch(`${inject('baseURL')}/api/intake/findings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ externalId, buildingId: buildings[0]!.id, category: 'fire_safety', tier: 'red', description: '烟感报警：楼梯间烟雾浓度超标。' }),
      });
    const created = await report('e2e-smoke-1');
    expect(created.status).toBe(201);
    const { number } = (await created.json()) as { number: string };
    await page.goto('/patrol/findings?source=external');
    await page.getByText(number).first().waitFor();

    await page.goto('/settings/patrol-rules');
    await page.getByTestId('token-row').filter({ hasText: 'e2e 一网统管' }).getByRole('button', { name: '吊销' }).click();
    await page.getByRole('button', { name: '确定吊销' }).click();
    await page.getByTestId('flash-message').waitFor();
    expect(await page.getByTestId('flash-message').innerText()).toContain('e2e 一网统管');
    expect(await page.getByTestId('token-row').filter({ hasText: 'e2e 一网统管' }).getAttribute('data-live')).toBeNull();
    expect((await report('e2e-smoke-2')).status).toBe(401);
    await context.close();
  });

  it('a rule turned off and its numbers saved stay so; turned on again', async () => {
    const { context, page } = await newPage(browser);
    await signIn(page, 'manager@xinhong.test');
    await page.goto('/settings/patrol-rules');
    const row = page.getByTestId('rule-round_not_walked');
    await row.getByTestId('rule-enabled-round_not_walked').uncheck();
    await row.getByTestId('rule-round_not_walked-days').fill('10');
    await row.getByTestId('rule-save-round_not_walked').click();
    await page.getByTestId('flash-message').waitFor();
    await page.reload();
    expect(await page.getByTestId('rule-enabled-round_not_walked').isChecked()).toBe(false);
    expect(await page.getByTestId('rule-round_not_walked-days').inputValue()).toBe('10');
    // A number out of bounds is refused with its bounds, nothing saved.
    await page.getByTestId('rule-round_not_walked-days').fill('500');
    await page.getByTestId('rule-save-round_not_walked').click();
    await page.getByTestId('rule-round_not_walked').getByText('须为 1 到 90 之间的整数').waitFor();
    await page.reload();
    expect(await page.getByTestId('rule-round_not_walked-days').inputValue()).toBe('10');
    await page.getByTestId('rule-enabled-round_not_walked').check();
    await page.getByTestId('rule-round_not_walked-days').fill('7');
    await page.getByTestId('rule-save-round_not_walked').click();
    await page.getByTestId('flash-message').waitFor();
    await context.close();
  });
});
