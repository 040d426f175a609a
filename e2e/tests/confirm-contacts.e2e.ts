import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hashPassword } from '@stationdesk/auth';
import { createDb, type Db } from '@stationdesk/db';
import { DEMO_PASSWORD, launch, newPage, signIn } from '../support/browser.ts';

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

/** A second admin of the demo company, new: as an invitation leaves them, contacts not yet confirmed. */
async function makeNewAdmin(): Promise<{ id: string; email: string; tenantId: string; enterpriseId: string }> {
  const email = `admin-${randomBytes(4).toString('hex')}@xinhong.test`;
  const { rows } = await owner.pool.query<{ id: string }>(`insert into users (email, display_name, password_hash) values ($1, '陈思远', $2) returning id`, [email, await hashPassword(DEMO_PASSWORD)]);
  const { rows: m } = await owner.pool.query<{ tenant_id: string; enterprise_id: string }>(
    `insert into memberships (tenant_id, user_id, role, enterprise_id)
     select tenant_id, $1, 'enterprise_admin', enterprise_id from memberships m join users u on u.id = m.user_id where u.email = 'enterprise@xinhong.test'
     returning tenant_id, enterprise_id`,
    [rows[0]!.id],
  );
  return { id: rows[0]!.id, email, tenantId: m[0]!.tenant_id, enterpriseId: m[0]!.enterprise_id };
}

describe('an enterprise admin’s first sign-in', () => {
  it('is taken to confirm the company’s contacts (asking for a change on the way), then on to the portal, and only once', async () => {
    const admin = await makeNewAdmin();
    const { rows: contacts } = await owner.pool.query<{ name: string }>(`select name from enterprise_contacts where tenant_id = $1 and enterprise_id = $2`, [admin.tenantId, admin.enterpriseId]);
    expect(contacts.length).toBeGreaterThan(0);

    const { page, context } = await newPage(browser);
    await signIn(page, admin.email);
    await page.waitForURL('**/confirm-contacts');
    // The URL changes as the navigation starts; the page's own heading comes with it (the shell's h1 is there before).
    await page.getByRole('heading', { level: 1, name: '确认企业联系人' }).waitFor();
    // Any page of the desk leads back here until confirmed.
    await page.goto('/portal/activities');
    await page.waitForURL('**/confirm-contacts');
    const rows = page.getByTestId('contact-row');
    expect(await rows.count()).toBe(contacts.length);
    for (const c of contacts) expect(await page.getByTestId('contacts-section').textContent()).toContain(c.name);

    // A missing contact is asked for through the station's review, as on the company's file.
    const proposed = `赵${randomBytes(2).toString('hex')}`;
    await page.getByRole('button', { name: '申请新增联系人' }).click();
    const form = page.getByTestId('contact-form');
    await form.getByLabel('姓名').fill(proposed);
    await form.getByLabel('联系电话').fill('021-62345678');
    await form.getByRole('button', { name: '提交申请' }).click();
    await page.getByTestId('pending-contact-changes').filter({ hasText: proposed }).waitFor();
    expect(await page.getByTestId('flash-message').textContent()).toBe('变更申请已提交，待工作站审核。');
    const { rows: changes } = await owner.pool.query(`select kind, status from enterprise_change_requests where tenant_id = $1 and enterprise_id = $2 and payload->>'name' = $3`, [
      admin.tenantId,
      admin.enterpriseId,
      proposed,
    ]);
    expect(changes).toEqual([{ kind: 'contact_add', status: 'pending' }]);

    await page.getByTestId('confirm-contacts').click();
    await page.waitForURL((u) => u.pathname === '/portal');
    expect(await page.getByTestId('flash-message').textContent()).toBe('已确认企业联系人，欢迎使用。');
    const { rows: m } = await owner.pool.query(`select contacts_confirmed_at is not null as confirmed from memberships where user_id = $1`, [admin.id]);
    expect(m).toEqual([{ confirmed: true }]);
    const { rows: audit } = await owner.pool.query(`select count(*)::int as n from audit_log where tenant_id = $1 and actor_user_id = $2 and action = 'enterprise.contacts_confirmed'`, [admin.tenantId, admin.id]);
    expect(audit).toEqual([{ n: 1 }]);

    // Signed in again later: straight to the portal.
    await context.clearCookies();
    await signIn(page, admin.email);
    await page.goto('/portal/activities');
    await page.waitForURL('**/portal/activities');
    await context.close();
  });
});
