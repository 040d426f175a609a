import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, signIn } from '../support/browser.ts';

/**
 * 政策推送 in Chromium, in Chinese (issue 22, what will be checked: a notice is read and the
 * receipt appears for staff). A manager publishes a notice to a tag carried by the demo company and
 * one other company of its station; staff see both unread; the demo company's admin finds it marked
 * unread in the portal and opens it; staff then see the receipt (who read it, when) and the unread
 * list down to the other company. The tag is the test's own.
 */
let browser: Browser;
let close: () => Promise<void>;
let db: pg.Pool;

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

describe('a policy notice', () => {
  it('a manager publishes to a tag, the admin reads it in the portal, staff see the receipt and the unread list shrink', async () => {
    const n = Date.now() % 100000;
    const tagName = `稳岗重点 ${n}`;
    const title = `关于申领稳岗补贴的通知 ${n}`;
    // The test's own tag on the demo company and another company of its station without a portal admin.
    const { rows } = await db.query<{ tag_id: string; demo: string; other: string; other_name: string }>(
      `with t as (select id from tenants where slug = 'xinhong'),
            demo as (select m.enterprise_id as id, e.station_id from memberships m join users u on u.id = m.user_id join enterprises e on e.id = m.enterprise_id
                      where u.email = 'enterprise@xinhong.test' and m.tenant_id = (select id from t)),
            other as (select e.id, e.name from enterprises e, demo
                       where e.tenant_id = (select id from t) and e.station_id = demo.station_id and e.id <> demo.id and e.status = 'active'
                         and not exists (select 1 from memberships m where m.enterprise_id = e.id)
                       order by e.credit_code limit 1),
            tag as (insert into tags (tenant_id, name) select id, $1 from t returning id, tenant_id),
            tagged as (insert into enterprise_tags (tenant_id, enterprise_id, tag_id)
                        select tag.tenant_id, x.id, tag.id from tag, (select id from demo union all select id from other) x returning 1)
       select (select id from tag) as tag_id, (select id from demo) as demo, (select id from other) as other, (select name from other) as other_name, (select count(*) from tagged) as n`,
      [tagName],
    );
    const { other_name: otherName } = rows[0]!;

    // The manager writes and publishes it to the tag.
    const manager = await newPage(browser);
    await signIn(manager.page, 'manager@xinhong.test');
    await manager.page.goto('/notices/new');
    await hydrated(manager.page, 'field-audience');
    await manager.page.getByTestId('field-title').fill(title);
    await manager.page.getByTestId('field-body').fill('符合条件的企业请于本月底前申领。\n咨询电话：021-5298 0101');
    await manager.page.getByTestId('field-audience').selectOption('tag');
    await manager.page.getByTestId('field-audience-tag').selectOption({ label: tagName });
    await manager.page.getByTestId('publish-notice').click();
    await manager.page.getByTestId('flash-message').filter({ hasText: '已发布，推送至 2 家企业。' }).waitFor();
    await manager.page.getByRole('heading', { name: title }).waitFor();
    const id = new URL(manager.page.url()).pathname.split('/').pop()!;

    // Staff of the station: 2 recipients, none read, both in the unread list.
    const staff = await newPage(browser);
    await signIn(staff.page, 'staff@xinhong.test');
    await staff.page.goto('/notices');
    await staff.page.getByTestId('notice-row').filter({ hasText: title }).getByText('已读 0 / 2 家企业').waitFor();
    await staff.page.goto(`/notices/${id}`);
    expect(await staff.page.getByTestId('receipts-recipients').textContent()).toBe('2');
    expect(await staff.page.getByTestId('receipts-read').textContent()).toBe('0');
    expect(await staff.page.getByTestId('receipt-row').count()).toBe(2);

    // The admin: marked unread in the portal; opening it reads it.
    const admin = await newPage(browser);
    await signIn(admin.page, 'enterprise@xinhong.test');
    await admin.page.goto('/portal/notices');
    const card = admin.page.getByTestId('portal-notice').filter({ hasText: title });
    await card.getByTestId('unread-mark').waitFor();
    await card.getByRole('link', { name: title }).click();
    await admin.page.getByTestId('notice-body').filter({ hasText: '咨询电话：021-5298 0101' }).waitFor();
    await admin.page.getByTestId('read-at').waitFor();
    await admin.page.goto('/portal/notices');
    expect(await admin.page.getByTestId('portal-notice').filter({ hasText: title }).getAttribute('data-read')).toBe('yes');

    // Staff again: one read, the unread list down to the other company, the receipt names the reader.
    await staff.page.reload();
    expect(await staff.page.getByTestId('receipts-read').textContent()).toBe('1');
    expect(await staff.page.getByTestId('receipts-percent').textContent()).toBe('50%');
    const unread = staff.page.getByTestId('receipt-row');
    expect(await unread.count()).toBe(1);
    expect(await unread.first().textContent()).toContain(otherName);
    await staff.page.getByTestId('receipts-filter-read').click();
    await staff.page.getByTestId('receipt-row').filter({ hasText: '陈思远' }).waitFor();
    const { rows: receipts } = await db.query<{ n: string }>('select count(*) as n from notice_receipts where notice_id = $1', [id]);
    expect(Number(receipts[0]!.n)).toBe(1);

    await manager.context.close();
    await staff.context.close();
    await admin.context.close();
  }, 180_000);
});
